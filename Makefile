# SPDX-License-Identifier: BSD-2-Clause
# simplelock: NetBSD's __cpu_simple_lock and the spin locks built beside it.
#
#	make [ARCH=x86_64] [LOCK_IMPL=port|common] [SAN=asan|tsan]
#	make install PREFIX=/usr/local [DESTDIR=...] [ARCH=...]
#	make check		install what is missing, build the whole
#				matrix, run every test through kyua
#	make demo PREFIX=...	install and run an example against it
#	make bench		benchmarks (see BENCHMARKS.md)
#
# Every product goes under $(BUILDDIR)/<ARCH>-<LOCK_IMPL>[-<SAN>].

.SUFFIXES:
.DELETE_ON_ERROR:
.DEFAULT_GOAL := all

SRCDIR		:= $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
BUILDDIR	?= $(SRCDIR)/build
PREFIX		?= /usr/local
DESTDIR		?=
ARCH		?= x86_64
override ARCH	:= $(patsubst amd64,x86_64,$(ARCH))
LOCK_IMPL	?= port
# The kernel platform under sys/kern: <platform/...> is sys/$(PLATFORM).
PLATFORM	?= rump
SAN		?=
JOBS		?= $(shell nproc 2>/dev/null || echo 2)

include $(SRCDIR)/mk/arch.mk

include $(SRCDIR)/mk/atf.mk

CFG		:= $(ARCH)-$(LOCK_IMPL)$(if $(SAN),-$(SAN))
B		:= $(BUILDDIR)/$(CFG)

OPT		?= -O2
CSTD		?= -std=gnu11
WARNS		?= -Wall -Wextra -Werror
CPPFLAGS_LOCK	:= -I$(B)/include -I$(SRCDIR)/sys \
		   $(if $(filter common,$(LOCK_IMPL)),-D__SIMPLELOCK_COMMON)
SANFLAGS_asan	:= -fsanitize=address,undefined -fno-sanitize-recover=all \
		   -fno-omit-frame-pointer
SANFLAGS_tsan	:= -fsanitize=thread
SANFLAGS	:= $(SANFLAGS_$(SAN))
ALLCFLAGS	= $(CSTD) $(OPT) -g $(WARNS) $(ARCH_CFLAGS) $(SANFLAGS) \
		  $(CPPFLAGS_LOCK) $(CFLAGS)

# Kernel code (sys/kern) and the userland platform under it (sys/rump)
# run as a rump kernel: _KERNEL, but with the userland lock code.
KERN_SRCS	:= $(sort $(wildcard $(SRCDIR)/sys/kern/*.c) \
		   $(wildcard $(SRCDIR)/sys/rump/*.c))
KERN_OBJS	:= $(patsubst $(SRCDIR)/sys/%.c,$(B)/obj/%.o,$(KERN_SRCS))
KERN_CPPFLAGS	:= -D_KERNEL -D_RUMPKERNEL -D_GNU_SOURCE
LIBKERN		:= $(if $(KERN_SRCS),$(B)/lib/libkernlock.a)
# The same objects with LOCKDEBUG, for test programs t_*_lockdebug.c.
KERN_DOBJS	:= $(patsubst $(SRCDIR)/sys/%.c,$(B)/dobj/%.o,$(KERN_SRCS))
LIBKERN_D	:= $(if $(KERN_SRCS),$(B)/lib/libkernlock_lockdebug.a)

# Tests: every tests/sys/t_*.c is an atf-c program, built for every
# configuration; other tests/sys/*.c are helpers linked into each.
# tests/tsan/t_*.c are built only with SAN=tsan.
TEST_SRCS	:= $(sort $(wildcard $(SRCDIR)/tests/sys/t_*.c) \
		   $(if $(filter tsan,$(SAN)),$(wildcard $(SRCDIR)/tests/tsan/t_*.c)))
THELP_SRCS	:= $(filter-out $(wildcard $(SRCDIR)/tests/sys/t_*.c),\
		   $(wildcard $(SRCDIR)/tests/sys/*.c))
THELP_OBJS	:= $(patsubst $(SRCDIR)/tests/sys/%.c,$(B)/obj/tests/%.o,$(THELP_SRCS))
TEST_PROGS	:= $(notdir $(basename $(TEST_SRCS)))
# t_lock again as bare-metal kernel code, with LOCKDEBUG.
KTEST_PROGS	:= t_lock_kernel
KSTUBS		:= $(wildcard $(SRCDIR)/sys/arch/$(CPU)/$(CPU)/lock_stubs.S)
KSTUBS_OBJ	:= $(if $(KSTUBS),$(B)/obj/lock_stubs.o)
ALL_TPROGS	:= $(TEST_PROGS) $(if $(SAN),,$(KTEST_PROGS))
TPROG_BINS	:= $(if $(SKIP_REASON),,$(addprefix $(B)/tests/,$(addsuffix $(BINSUFFIX),$(ALL_TPROGS))))

.PHONY: all lib tests headers demo check check-build deps clean \
	bench host-tests man
all: tests

# <machine/...> and each CPU's own directory (<x86/...>), as NetBSD's
# build links them.
headers: $(B)/include/.stamp $(B)/gen/archinfo.h
$(B)/include/.stamp: $(ARCHTAB) $(SRCDIR)/Makefile
	@rm -rf $(B)/include && mkdir -p $(B)/include
	@for d in $(SRCDIR)/sys/arch/*/include; do \
		n=$${d%/include}; n=$${n##*/}; \
		ln -s "$$d" "$(B)/include/$$n"; done
	@ln -s $(SRCDIR)/sys/arch/$(MACHINE_DIR)/include $(B)/include/machine
	@ln -s $(SRCDIR)/sys/$(PLATFORM) $(B)/include/platform
	$(if $(PORT_MISSING),@echo "$(ARCH): no port in sys/arch/$(MACHINE);" \
		"using sys/sys/common_lock.h")
	@touch $@

$(B)/gen/archinfo.h: $(ARCHTAB) $(SRCDIR)/mk/archinfo.sh
	@mkdir -p $(@D)
	sh $(SRCDIR)/mk/archinfo.sh $(ARCHTAB) $(ARCH) $(LOCK_IMPL) > $@

lib: $(LIBKERN) $(LIBKERN_D)
$(B)/obj/%.o: $(SRCDIR)/sys/%.c $(B)/include/.stamp
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) $(KERN_CPPFLAGS) -MMD -c -o $@ $<
$(B)/lib/libkernlock.a: $(KERN_OBJS)
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcs $@ $^
$(B)/dobj/%.o: $(SRCDIR)/sys/%.c $(B)/include/.stamp
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) $(KERN_CPPFLAGS) -DLOCKDEBUG -MMD -c -o $@ $<
$(B)/lib/libkernlock_lockdebug.a: $(KERN_DOBJS)
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcs $@ $^

$(B)/obj/lock_stubs.o: $(KSTUBS)
	@mkdir -p $(@D)
	$(CC) $(ARCH_CFLAGS) -c -o $@ $<

$(B)/obj/tests/%.o: $(SRCDIR)/tests/sys/%.c $(B)/include/.stamp $(ATF_DEP)
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) $(ATF_CFLAGS) -I$(B)/gen -MMD -c -o $@ $<

# t_*_lockdebug programs are built with LOCKDEBUG against the
# LOCKDEBUG library; the rest against the production one.
TLINK = $(CC) $(ALLCFLAGS) $(ATF_CFLAGS) -I$(B)/gen -MMD -MF $@.d \
	$(if $(filter %_lockdebug$(BINSUFFIX),$@),-DLOCKDEBUG) \
	-o $@ $(filter %.c %.o,$^) \
	$(if $(filter %_lockdebug$(BINSUFFIX),$@),$(LIBKERN_D),$(LIBKERN)) \
	$(ATF_LIBS) $(LDSTATIC) -lpthread

$(B)/tests/%$(BINSUFFIX): $(SRCDIR)/tests/sys/%.c $(THELP_OBJS) $(LIBKERN) $(LIBKERN_D) \
    $(B)/gen/archinfo.h $(B)/include/.stamp $(ATF_DEP)
	@mkdir -p $(@D)
	$(TLINK)
$(B)/tests/%$(BINSUFFIX): $(SRCDIR)/tests/tsan/%.c $(THELP_OBJS) $(LIBKERN) \
    $(B)/gen/archinfo.h $(B)/include/.stamp $(ATF_DEP)
	@mkdir -p $(@D)
	$(TLINK)
$(B)/tests/t_lock_kernel$(BINSUFFIX): $(SRCDIR)/tests/sys/t_lock.c \
    $(KSTUBS_OBJ) $(THELP_OBJS) $(LIBKERN) $(B)/gen/archinfo.h \
    $(B)/include/.stamp $(ATF_DEP)
	@mkdir -p $(@D)
	$(TLINK) -D_KERNEL -DLOCKDEBUG -DSPINLOCK_SPINOUT_MAX=1000

# kyua sees one program per test; for an emulated ARCH it is a script
# that runs the real binary under qemu-user.
tests: $(B)/tests/Kyuafile
$(B)/tests/Kyuafile: $(TPROG_BINS) $(SRCDIR)/mk/kyuafile.sh
	@mkdir -p $(@D)
	sh $(SRCDIR)/mk/kyuafile.sh "$(B)/tests" "$(RUNNER)" "$(BINSUFFIX)" \
		"$(SKIP_REASON)" $(ALL_TPROGS) > $@.tmp && mv $@.tmp $@

-include $(KERN_OBJS:.o=.d) $(KERN_DOBJS:.o=.d) $(THELP_OBJS:.o=.d) \
	$(TPROG_BINS:=.d)

include $(SRCDIR)/mk/install.mk
include $(SRCDIR)/mk/check.mk
-include $(SRCDIR)/mk/man.mk
-include $(SRCDIR)/mk/bench.mk
-include $(SRCDIR)/mk/kern.mk
-include $(SRCDIR)/mk/ports.mk
-include $(SRCDIR)/mk/baremetal.mk
-include $(SRCDIR)/mk/litmus.mk

clean:
	rm -rf $(BUILDDIR)
