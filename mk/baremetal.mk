#	$simplelock: mk/baremetal.mk $
# SPDX-License-Identifier: BSD-2-Clause
#
# The bare-metal kernel (PLATFORM=baremetal): sys/kern's locks, the MI
# kernel in sys/baremetal, the machine in sys/arch/<machine>/<machine>
# and the in-kernel tests in tests/kernel, booted under qemu-system.
#
#	make kernel ARCH=a [LOCK_IMPL=i] [BM_VARIANT=v]
#		$(BUILDDIR)/kernel-<a>-<i>[-<v>]/kernel; v is lockdebug,
#		or a negative control: brokenspl (splhigh masks nothing)
#		or brokenlock (LOCK_IMPL=common with a non-atomic try)
#	make check-kernel ARCH=a [LOCK_IMPL=i]
#		this ARCH's kernels through kyua (both flavours unless
#		LOCK_IMPL is given), ending "N passed, N failed, N skipped"
#	make run-kernel ARCH=a [SMP=n] [LOCK_IMPL=i] [BM_VARIANT=v]
#		boot one with its console on the terminal
#
# Each (ARCH, flavour, variant) directory has a Kyuafile with one
# atf-sh program per CPU count (tests/kernel/bm_boot.sh inside), all
# is_exclusive: kyua never runs a guest beside anything else.

BM_CONF		:= $(SRCDIR)/sys/arch/$(MACHINE)/conf/baremetal.mk
BM_MD_CFLAGS	:=
BM_MD_SRCS	:=
BM_SMP		:=
BM_QEMU		:=
# MTTCG; a one-CPU machine whose QEMU target is not converted to it
# may ask for tcg alone.
BM_ACCEL	:= tcg,thread=multi
BM_WHY_NOT	:=
# The compiler's libgcc, unless the machine names its own (or none,
# supplying the helpers in BM_MD_SRCS).
BM_LIBGCC	= $$($(CC) $(ARCH_CFLAGS) $(BM_MD_CFLAGS) -print-libgcc-file-name)
-include $(BM_CONF)

BM_VARIANT	?=
KCFG		:= kernel-$(ARCH)-$(LOCK_IMPL)$(if $(BM_VARIANT),-$(BM_VARIANT))
KB		:= $(BUILDDIR)/$(KCFG)
BM_QEMU_BIN	:= $(firstword $(BM_QEMU))
BM_HAVE_QEMU	:= $(if $(BM_QEMU_BIN),$(shell command -v $(BM_QEMU_BIN) 2>/dev/null))
BM_HAVE_CC	:= $(shell command -v $(firstword $(CC)) 2>/dev/null)

# Why this ARCH boots no kernel here, if it does not.
BM_SKIP		:=
ifeq ($(wildcard $(BM_CONF)),)
BM_SKIP		:= no bare-metal machine for $(ARCH): sys/arch/$(MACHINE)/conf/baremetal.mk does not exist
else ifeq ($(strip $(BM_QEMU)),)
BM_SKIP		:= no bare-metal kernel for $(ARCH) in sys/arch/$(MACHINE)/conf/baremetal.mk$(if $(BM_WHY_NOT),: $(BM_WHY_NOT))
else ifeq ($(BM_HAVE_CC),)
BM_SKIP		:= no compiler $(firstword $(CC)) (run mk/deps.sh)
else ifeq ($(BM_HAVE_QEMU),)
BM_SKIP		:= no $(BM_QEMU_BIN) (run mk/deps.sh: qemu-system packages)
else ifeq ($(BM_VARIANT)$(filter-out 1,$(BM_SMP)),brokenlock)
BM_SKIP		:= the $(ARCH) machine has one CPU: only a second CPU catches a non-atomic try (the SMP machines' kernels do)
endif

BM_CFLAGS_V_lockdebug	:= -DLOCKDEBUG
BM_KT_SHORT		:= -DKT_DEFAULT_TIMEOUT=10 -DKT_MAX_TIMEOUT=10
BM_CFLAGS_V_brokenspl	:= -DBM_BREAK_SPL $(BM_KT_SHORT)
# A broken lock may leave a lock held for good: the watchdog ends it.
BM_CFLAGS_V_brokenlock	:= $(BM_KT_SHORT)
# The negative controls run only the cases that must catch them.
BM_CASES_brokenspl	:= lock9:ilock_holds_off_timer rqspin:irqsave_masks
BM_CASES_brokenlock	:= t_lock:exclusion_lock t_lock:exclusion_mixed
BM_SMP_brokenspl	:= 1
BM_SMP_brokenlock	:= 2
BM_SMP_lockdebug	:= 2
BM_KSMP		:= $(if $(BM_VARIANT),$(BM_SMP_$(BM_VARIANT)),$(BM_SMP))
BM_KSMP		:= $(or $(filter $(BM_KSMP),$(BM_SMP)),$(firstword $(BM_SMP)))
BM_EXPECT	:= $(if $(filter broken%,$(BM_VARIANT)),caught,pass)

# Asked of the compiler once, and only by a build that compiles.
BM_ISYS		= $(eval BM_ISYS := $$(shell $(CC) $(ARCH_CFLAGS) \
		  -print-file-name=include 2>/dev/null))$(BM_ISYS)
BM_CFLAGS	= -std=gnu11 -O2 -g -Wall -Wextra -Werror \
		  -ffreestanding -nostdinc -isystem $(BM_ISYS) -D_KERNEL \
		  -fno-pic -fno-pie -fno-stack-protector \
		  -fno-tree-loop-distribute-patterns \
		  -fno-asynchronous-unwind-tables \
		  $(ARCH_CFLAGS) $(BM_MD_CFLAGS) \
		  $(if $(filter brokenlock,$(BM_VARIANT)),-I$(KB)/broken) \
		  -I$(KB)/include -I$(SRCDIR)/sys \
		  -I$(SRCDIR)/sys/baremetal/include -I$(SRCDIR)/sys/baremetal \
		  $(if $(filter common,$(LOCK_IMPL)),-D__SIMPLELOCK_COMMON) \
		  $(BM_CFLAGS_V_$(BM_VARIANT)) \
		  -DBM_ARCH='"$(ARCH)"' -DBM_KCFG='"$(KCFG)"' \
		  $(if $(BM_CASES_$(BM_VARIANT)),-DBM_CASES='"$(BM_CASES_$(BM_VARIANT))"')
# The tests also see the ATF-shaped shim and the archinfo header.
BM_TCFLAGS	= -I$(SRCDIR)/tests/kernel/include -I$(SRCDIR)/tests/kernel \
		  -I$(KB)/gen -DSPINLOCK_SPINOUT_MAX=1000 \
		  -DNITER='kt_work(1000000)' \
		  -DBM_ATF_PROG=$(basename $(notdir $<)) \
		  $(if $(filter %/t_lock.c,$<),-DLOCKDEBUG)

BM_MI_SRCS	:= $(sort $(wildcard $(SRCDIR)/sys/baremetal/*.c)) \
		   $(sort $(wildcard $(SRCDIR)/sys/kern/*.c))
BM_T_SRCS	:= $(sort $(wildcard $(SRCDIR)/tests/kernel/*.c)) \
		   $(SRCDIR)/tests/sys/t_lock.c
BM_KSTUBS	:= $(wildcard $(SRCDIR)/sys/arch/$(CPU)/$(CPU)/lock_stubs.S)
BM_OBJS		:= $(patsubst $(SRCDIR)/%,$(KB)/obj/%.o,\
		   $(BM_MI_SRCS) $(BM_MD_SRCS) $(BM_KSTUBS))
BM_TOBJS	:= $(patsubst $(SRCDIR)/%,$(KB)/obj/%.o,$(BM_T_SRCS))

.PHONY: kernel kernels kernels-check check-kernel run-kernel

# The machine's settings (its flags among them) rebuild everything.
$(KB)/include/.stamp: $(ARCHTAB) $(SRCDIR)/mk/baremetal.mk \
    $(wildcard $(BM_CONF))
	@rm -rf $(KB)/include && mkdir -p $(KB)/include
	@for d in $(SRCDIR)/sys/arch/*/include; do \
		n=$${d%/include}; n=$${n##*/}; \
		ln -s "$$d" "$(KB)/include/$$n"; done
	@ln -s $(SRCDIR)/sys/arch/$(MACHINE_DIR)/include $(KB)/include/machine
	@ln -s $(SRCDIR)/sys/baremetal $(KB)/include/platform
	@touch $@

$(KB)/gen/archinfo.h: $(ARCHTAB) $(SRCDIR)/mk/archinfo.sh
	@mkdir -p $(@D)
	sh $(SRCDIR)/mk/archinfo.sh $(ARCHTAB) $(ARCH) $(LOCK_IMPL) > $@

# The broken lock: common_lock.h whose try is a plain load, then a
# plain store.  The build fails if the tree's file no longer matches.
$(KB)/broken/sys/common_lock.h: $(SRCDIR)/sys/sys/common_lock.h
	@mkdir -p $(@D)
	sed -e 's/__atomic_exchange_n(__SL_WORD(__lockp),/__BM_BROKEN_XCHG(__SL_WORD(__lockp),/' \
	    -e '/^#include <sys\/_lock_mi.h>/i\
#undef __BM_BROKEN_XCHG' \
	    -e '/^__SL_INLINE int$$/i\
/* Negative control: not atomic. */\
#define __BM_BROKEN_XCHG(w, v, o) __extension__ ({ \\\
	__typeof__(*(w)) __bm_old = __atomic_load_n((w), __ATOMIC_RELAXED); \\\
	__atomic_store_n((w), (v), __ATOMIC_RELAXED); \\\
	__bm_old; })' $< > $@.tmp
	@grep -q '__BM_BROKEN_XCHG(__SL_WORD' $@.tmp || \
	    { echo "$<: no __atomic_exchange_n try to break" >&2; exit 1; }
	@mv $@.tmp $@

BM_DEPS		:= $(KB)/include/.stamp $(KB)/gen/archinfo.h \
		   $(if $(filter brokenlock,$(BM_VARIANT)),$(KB)/broken/sys/common_lock.h)

$(KB)/obj/sys/%.c.o: $(SRCDIR)/sys/%.c $(BM_DEPS)
	@mkdir -p $(@D)
	$(CC) $(BM_CFLAGS) -MMD -c -o $@ $<
$(KB)/obj/sys/%.S.o: $(SRCDIR)/sys/%.S $(BM_DEPS)
	@mkdir -p $(@D)
	$(CC) $(BM_CFLAGS) -D__ASSEMBLY__ -MMD -c -o $@ $<
$(KB)/obj/tests/%.c.o: $(SRCDIR)/tests/%.c $(BM_DEPS)
	@mkdir -p $(@D)
	$(CC) $(BM_CFLAGS) $(BM_TCFLAGS) -MMD -c -o $@ $<

$(KB)/kernel: $(BM_OBJS) $(BM_TOBJS) $(BM_LDSCRIPT)
	$(CC) $(ARCH_CFLAGS) $(BM_MD_CFLAGS) $(BM_LDFLAGS) -nostdlib -static \
	    -no-pie -Wl,-T,$(BM_LDSCRIPT) -Wl,--build-id=none \
	    -Wl,--no-warn-rwx-segments -o $@ \
	    $(BM_OBJS) $(BM_TOBJS) $(BM_LIBGCC)
	$(BM_POSTLINK)

-include $(BM_OBJS:.o=.d) $(BM_TOBJS:.o=.d)

# One atf-sh program per CPU count, or one skipped case naming why.
$(KB)/Kyuafile: $(if $(BM_SKIP),,$(KB)/kernel) $(SRCDIR)/mk/baremetal.mk \
    $(SRCDIR)/tests/kernel/bm_boot.sh
	@mkdir -p $(@D)
	@{ echo 'syntax(2)'; echo 'test_suite("simplelock")'; } > $@.tmp
	@if [ -n "$(BM_SKIP)" ]; then \
		{ echo '#! /usr/bin/env atf-sh'; \
		  echo 'atf_test_case boot'; \
		  echo 'boot_head() { atf_set descr "Why no kernel booted"; }'; \
		  echo 'boot_body() { atf_skip "$(subst ','\'',$(BM_SKIP))"; }'; \
		  echo 'atf_init_test_cases() { atf_add_test_case boot; }'; \
		} > $(@D)/t_kernel_skipped; \
		chmod +x $(@D)/t_kernel_skipped; \
		echo 'atf_test_program{name="t_kernel_skipped"}' >> $@.tmp; \
	else for n in $(BM_KSMP); do \
		{ echo '#! /usr/bin/env atf-sh'; \
		  echo 'BM_KERNEL="$(KB)/kernel"'; \
		  echo "BM_SMP=$$n"; \
		  echo 'BM_QEMU="$(BM_QEMU)"'; \
		  echo 'BM_ACCEL="$(BM_ACCEL)"'; \
		  echo 'BM_EXIT_PASS=$(BM_EXIT_PASS)'; \
		  echo 'BM_EXIT_FAIL=$(BM_EXIT_FAIL)'; \
		  echo 'BM_EXPECT=$(BM_EXPECT)'; \
		  echo "BM_LOG=$(KB)/smp$$n.log"; \
		  echo 'BM_NAME="$(KCFG) -smp '$$n'"'; \
		  cat $(SRCDIR)/tests/kernel/bm_boot.sh; \
		} > $(@D)/t_smp$$n; \
		chmod +x $(@D)/t_smp$$n; \
		echo "atf_test_program{name=\"t_smp$$n\", is_exclusive=true}" \
		    >> $@.tmp; \
	done; fi
	@mv $@.tmp $@

kernel: $(if $(BM_SKIP),,$(KB)/kernel) $(KB)/Kyuafile

# The configurations make check boots for this ARCH, as directories.
BM_CONFIGS	:= kernel-$(ARCH)-port kernel-$(ARCH)-common \
		   kernel-$(ARCH)-port-lockdebug \
		   kernel-$(ARCH)-port-brokenspl \
		   kernel-$(ARCH)-common-brokenlock
BM_CONFIGS_ONE	:= kernel-$(ARCH)-$(LOCK_IMPL) \
		   kernel-$(ARCH)-$(LOCK_IMPL)-lockdebug \
		   kernel-$(ARCH)-$(LOCK_IMPL)-brokenspl \
		   $(if $(filter common,$(LOCK_IMPL)),kernel-$(ARCH)-common-brokenlock)
cfgvariant	= $(word 4,$(subst -, ,$(1)))
cfgimpl		= $(word 3,$(subst -, ,$(1)))

# Build every configuration (each failure becomes a failing case) and
# list them in $(BUILDDIR)/kernel-$(ARCH).list for the Kyuafiles.
kernels-check:
	@mkdir -p $(BUILDDIR)
	@rm -f $(BUILDDIR)/kernel-$(ARCH).list
	@if [ -n "$(BM_SKIP)" ]; then \
		$(MAKE) --no-print-directory ARCH=$(ARCH) LOCK_IMPL=port \
		    BM_VARIANT= kernel >/dev/null && \
		echo kernel-$(ARCH)-port >> $(BUILDDIR)/kernel-$(ARCH).list; \
		echo "skipped kernels for $(ARCH): $(BM_SKIP)"; \
	else for c in $(BM_CFGLIST); do \
		i=$$(echo $$c | cut -d- -f3); v=$$(echo $$c | cut -d- -f4); \
		log=$(BUILDDIR)/$$c.log; \
		if $(MAKE) --no-print-directory ARCH=$(ARCH) LOCK_IMPL=$$i \
		    BM_VARIANT=$$v kernel > $$log 2>&1; then \
			echo "built $$c"; \
		else \
			echo "FAILED to build $$c (see $$log):"; \
			tail -n 20 $$log; \
			sh $(SRCDIR)/mk/buildfail.sh $(BUILDDIR)/$$c "$$log"; \
		fi; \
		echo $$c >> $(BUILDDIR)/kernel-$(ARCH).list; \
	done; fi
BM_CFGLIST	= $(if $(filter command line,$(origin LOCK_IMPL)),$(BM_CONFIGS_ONE),$(BM_CONFIGS))

check-kernel: kernels-check
	@d=$(BUILDDIR)/check-kernel-$(ARCH); mkdir -p $$d; \
	{ echo 'syntax(2)'; echo 'test_suite("simplelock")'; \
	  for c in $$(cat $(BUILDDIR)/kernel-$(ARCH).list); do \
		echo "include(\"../$$c/Kyuafile\")"; done; } > $$d/Kyuafile; \
	KYUA_PARALLELISM=1 sh $(SRCDIR)/mk/runtests.sh $$d

SMP		?= 2
run-kernel: kernel
	@test -z "$(BM_SKIP)" || { echo "$(BM_SKIP)" >&2; exit 1; }
	$(BM_QEMU) -smp $(SMP) -accel $(BM_ACCEL) -nographic \
	    -monitor none -serial stdio -kernel $(KB)/kernel; \
	rc=$$?; echo "qemu exit status $$rc (pass $(BM_EXIT_PASS)," \
	    "fail $(BM_EXIT_FAIL))"; test $$rc = $(BM_EXIT_PASS)

# For mk/archtable.sh (README's "proven here"): this ARCH's qemu-system
# command and CPU counts, "-" if it has no bare-metal machine.
.PHONY: bm-describe
bm-describe:
	@echo '$(if $(strip $(BM_QEMU)),$(strip $(BM_QEMU))|$(strip $(BM_SMP)),-)'
