# SPDX-License-Identifier: BSD-2-Clause
# atf-c.  The host uses Debian's libatf-dev; a cross ARCH gets atf-c
# built here from Debian's source package (fetched by mk/deps.sh), so
# every ARCH runs the same atf-c test programs.

ATF_VERSION	:= 0.21
ATF_SRC		:= $(BUILDDIR)/src/atf-$(ATF_VERSION)
ATF_B		:= $(BUILDDIR)/atf/$(ARCH)

ifeq ($(TRIPLE),)
ATF_CFLAGS	:=
ATF_LIBS	:= -latf-c
ATF_DEP		:=
else
ATF_CFLAGS	:= -I$(ATF_B)/include
ATF_LIBS	:= $(ATF_B)/libatf-c.a
ATF_DEP		:= $(ATF_B)/libatf-c.a

ATF_C_SRCS	= $(filter-out %_test.c,$(wildcard $(ATF_SRC)/atf-c/*.c)) \
		  $(filter-out %_test.c %test_helpers.c %version_helper.c \
		  %process_helpers.c,$(wildcard $(ATF_SRC)/atf-c/detail/*.c))
ATF_DEFS	:= -DHAVE_SETENV -DHAVE_UNSETENV -DHAVE_GETCWD_DYN \
		   -DHAVE_VSNPRINTF_IN_STD -DHAVE_GNU_GETOPT \
		   -D'ATF_BUILD_CC="cc"' -D'ATF_BUILD_CFLAGS=""' \
		   -D'ATF_BUILD_CPP="cpp"' -D'ATF_BUILD_CPPFLAGS=""' \
		   -D'ATF_BUILD_CXX="c++"' -D'ATF_BUILD_CXXFLAGS=""' \
		   -D'ATF_INCLUDEDIR="/usr/include"' -D'ATF_SHELL="/bin/sh"' \
		   -D'ATF_ARCH="$(ARCH)"' -D'ATF_MACHINE="$(MACHINE)"' \
		   -D'ATF_CONFDIR="/etc/atf"' -D'ATF_LIBEXECDIR="/usr/libexec"' \
		   -D'ATF_PKGDATADIR="/usr/share/atf"' -D'ATF_WORKDIR="/tmp"' \
		   -D'PACKAGE_STRING="atf 0.21"' -D'PACKAGE_BUGREPORT="atf-discuss"'

# Both flavours of an ARCH share its atf-c, and their makes may run at
# once: one builds it at a time, under a lock, and a make that waited
# finds it built (the make under the lock checks again).
ifeq ($(ATF_LOCKED),)
$(ATF_B)/libatf-c.a: $(ATF_SRC)/atf-c.h
	@mkdir -p $(BUILDDIR)
	@flock $(BUILDDIR)/.atf-$(ARCH).lock $(MAKE) --no-print-directory \
	    -f $(SRCDIR)/Makefile ATF_LOCKED=yes $@
else
$(ATF_B)/libatf-c.a: $(ATF_SRC)/atf-c.h
	@rm -rf $(ATF_B) && mkdir -p $(ATF_B)/include/atf-c $(ATF_B)/obj
	cp $(ATF_SRC)/atf-c.h $(ATF_B)/include/
	cp $(ATF_SRC)/atf-c/*.h $(ATF_B)/include/atf-c/
	sed -e 's/@ATTRIBUTE_FORMAT_PRINTF@/__attribute__((__format__(__printf__, a, b)))/' \
	    -e 's/@ATTRIBUTE_NORETURN@/__attribute__((__noreturn__))/' \
	    -e 's/@ATTRIBUTE_UNUSED@/__attribute__((__unused__))/' \
	    $(ATF_SRC)/atf-c/defs.h.in > $(ATF_B)/include/atf-c/defs.h
	cd $(ATF_B)/obj && for f in $(ATF_C_SRCS); do \
		o=$$(echo $${f#$(ATF_SRC)/} | tr / _); \
		$(CC) $(ARCH_CFLAGS) -O1 -w $(ATF_DEFS) -I$(ATF_B)/include \
		    -I$(ATF_SRC) -c -o $${o%.c}.o $$f || exit 1; done
	$(AR) rcs $@ $(ATF_B)/obj/*.o
endif

# One source tree for every ARCH: unpacked once, under a lock.
$(ATF_SRC)/atf-c.h:
	@mkdir -p $(BUILDDIR)
	flock $(BUILDDIR)/.atf-src.lock \
	    sh $(SRCDIR)/mk/deps.sh --atf-source $(BUILDDIR)/src
endif

.PHONY: atf
atf: $(ATF_DEP)
