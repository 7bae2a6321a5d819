# SPDX-License-Identifier: BSD-2-Clause
# Port maintenance targets.
#
#	make audit	the object-code ordering audit, every ARCH and
#			flavour (as the host test t_audit runs it)
#	make archtable	README.md's architecture table from mk/arches.tab
#
# And, for an ARCH with RUN=freestanding, t_freestanding: the single-
# threaded cases as a static program with no C library, for kyua.

.PHONY: audit archtable

audit:
	@mkdir -p $(BUILDDIR); rc=0; for a in $(ALL_ARCHES); do for i in port common; do \
		if sh $(SRCDIR)/tests/audit/audit.sh $(SRCDIR) $$a $$i \
		    > $(BUILDDIR)/audit.out 2>&1; then \
			echo "audit $$a $$i: ordered"; \
		else \
			echo "audit $$a $$i: FAILED"; \
			cat $(BUILDDIR)/audit.out; rc=1; \
		fi; done; done; exit $$rc

archtable:
	sh $(SRCDIR)/mk/archtable.sh -u $(ARCHTAB) $(SRCDIR)/README.md

ifeq ($(RUN),freestanding)
FS_SRC		:= $(SRCDIR)/tests/freestanding/freestanding.c
FS_BIN		:= $(B)/tests/t_freestanding$(BINSUFFIX)
# libgcc only if it is this ABI's (no multilib: -m32 would get 64-bit).
FS_LIBGCC	= $(shell f=$$($(CC) $(ARCH_CFLAGS) -print-libgcc-file-name); \
		  $(CC) $(ARCH_CFLAGS) -print-multi-directory | grep -qx . && \
		  [ -z "$(filter -m32 -mabi=ilp32,$(ARCH_CFLAGS))" ] && \
		  [ -f "$$f" ] && echo "$$f")
$(B)/tests/Kyuafile: $(B)/tests/.freestanding
# Builds the program, or records why not: the builtins flavour may
# need libatomic (sparc v8 has no byte atomics), which has no build
# for a CPU without a C library.
$(B)/tests/.freestanding: $(FS_SRC) $(B)/gen/archinfo.h $(B)/include/.stamp \
    $(wildcard $(SRCDIR)/sys/sys/*.h $(SRCDIR)/sys/arch/*/include/*.h)
	@mkdir -p $(@D)
	@rm -f $(FS_BIN) $(@D)/t_freestanding.skip
	@if $(CC) $(CSTD) $(OPT) $(WARNS) $(ARCH_CFLAGS) $(CPPFLAGS_LOCK) \
	    -ffreestanding -fno-builtin -nostdlib -static -I$(B)/gen \
	    -o $(FS_BIN) $(FS_SRC) $(FS_LIBGCC) > $@.log 2>&1; then \
		echo "built $(FS_BIN)"; \
	elif grep -q "undefined reference to .__atomic_" $@.log; then \
		echo "the builtins need libatomic, which has no build for" \
		    "$(ARCH) here" > $(@D)/t_freestanding.skip; \
		echo "$(ARCH) $(LOCK_IMPL): t_freestanding needs libatomic"; \
	else \
		cat $@.log; exit 1; \
	fi
	@touch $@
endif
