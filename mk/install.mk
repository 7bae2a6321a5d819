# SPDX-License-Identifier: BSD-2-Clause
# make install: headers for this ARCH (and LOCK_IMPL), the kernel-lock
# library, pkg-config files.  Other mk files add to install:: too.
# Files are written whole, then renamed into place, so pkg-config
# never reads half of one.

INCDIR		:= $(DESTDIR)$(PREFIX)/include
LIBDIR		:= $(DESTDIR)$(PREFIX)/lib
PCDIR		:= $(LIBDIR)/pkgconfig
CPU_DIR		:= $(if $(wildcard $(SRCDIR)/sys/arch/$(CPU)/include),$(filter-out $(MACHINE_DIR),$(CPU)))
PC_CFLAGS	:= $(if $(filter common,$(LOCK_IMPL)),-D__SIMPLELOCK_COMMON)

.PHONY: install
install:: headers $(LIBKERN)
	mkdir -p $(INCDIR)/sys $(INCDIR)/machine $(PCDIR)
	install -m 644 $(SRCDIR)/sys/sys/*.h $(INCDIR)/sys/
	install -m 644 $(SRCDIR)/sys/arch/$(MACHINE_DIR)/include/*.h \
	    $(INCDIR)/machine/
	$(if $(CPU_DIR),mkdir -p $(INCDIR)/$(CPU_DIR) && install -m 644 \
	    $(SRCDIR)/sys/arch/$(CPU_DIR)/include/*.h $(INCDIR)/$(CPU_DIR)/)
	{ echo 'prefix=$(PREFIX)'; echo 'includedir=$${prefix}/include'; \
	  echo 'Name: simplelock'; \
	  echo 'Description: __cpu_simple_lock(9) for $(ARCH) ($(LOCK_IMPL))'; \
	  echo 'Version: 1.0'; \
	  echo 'Cflags: -I$${includedir} $(PC_CFLAGS)'; } \
	    > $(PCDIR)/simplelock.pc.$$$$ && \
	    mv -f $(PCDIR)/simplelock.pc.$$$$ $(PCDIR)/simplelock.pc
ifneq ($(LIBKERN),)
	mkdir -p $(LIBDIR)
	install -m 644 $(LIBKERN) $(LIBDIR)/
	{ echo 'prefix=$(PREFIX)'; echo 'includedir=$${prefix}/include'; \
	  echo 'libdir=$${prefix}/lib'; echo 'Name: kernlock'; \
	  echo 'Description: lock(9), res_spin_lock(9), bpf_spin_lock(9)' \
	       'on a userland platform, $(ARCH)'; \
	  echo 'Version: 1.0'; echo 'Requires: simplelock'; \
	  echo 'Cflags: -D_KERNEL -D_RUMPKERNEL'; \
	  echo 'Libs: -L$${libdir} -lkernlock -lpthread'; } \
	    > $(PCDIR)/kernlock.pc.$$$$ && \
	    mv -f $(PCDIR)/kernlock.pc.$$$$ $(PCDIR)/kernlock.pc
endif

# The README's first command: install, then build and run an example
# against the installed headers only.
demo: install
	$(CC) $(ARCH_CFLAGS) -O2 -Wall -Wextra -Werror \
	    $$(PKG_CONFIG_PATH=$(DESTDIR)$(PREFIX)/lib/pkgconfig \
	       pkg-config --cflags simplelock) -o $(B)/counter \
	    $(SRCDIR)/share/examples/simplelock/counter.c -lpthread $(LDSTATIC)
	$(RUNNER) $(B)/counter
