# SPDX-License-Identifier: BSD-2-Clause
# make check: every ARCH on both flavours, the native sanitizer
# builds, and the host-only tests, all run by one kyua.

SAN_CONFIGS	:= x86_64-port-asan x86_64-common-asan \
		   x86_64-port-tsan x86_64-common-tsan
CHECK_CONFIGS	?= $(foreach a,$(ALL_ARCHES),$(a)-port $(a)-common) \
		   $(SAN_CONFIGS)
cfgword		= $(word $(1),$(subst -, ,$(2)))

# Set before check-build names its prerequisites.
KERNEL_ARCHES	?= $(ALL_ARCHES)

check: deps
	@$(MAKE) --no-print-directory -j$(JOBS) check-build
	@sh $(SRCDIR)/mk/runtests.sh $(BUILDDIR)

deps:
	@sh $(SRCDIR)/mk/deps.sh
	@sh $(SRCDIR)/mk/deps.sh --atf-source $(BUILDDIR)/src

check-build: $(addprefix cfg-,$(CHECK_CONFIGS)) host-tests \
    $(addprefix kcfg-,$(KERNEL_ARCHES))
	@{ echo 'syntax(2)'; echo 'test_suite("simplelock")'; \
	  for c in $(CHECK_CONFIGS); do \
		echo "include(\"$$c/tests/Kyuafile\")"; done; \
	  for a in $(KERNEL_ARCHES); do \
		for k in $$(cat $(BUILDDIR)/kernel-$$a.list 2>/dev/null); do \
		echo "include(\"$$k/Kyuafile\")"; done; done; \
	  echo 'include("host/Kyuafile")'; } > $(BUILDDIR)/Kyuafile


.SECONDEXPANSION:
# A configuration that fails to build becomes one failing test case,
# so the failure is counted, and the rest of the matrix still runs.
cfg-%: atf-$$(call cfgword,1,$$*)
	@a=$(call cfgword,1,$*); i=$(call cfgword,2,$*); \
	s=$(call cfgword,3,$*); log=$(BUILDDIR)/$*.log; \
	mkdir -p $(BUILDDIR); \
	if $(MAKE) --no-print-directory ARCH=$$a LOCK_IMPL=$$i SAN=$$s \
	    tests > $$log 2>&1; then \
		echo "built $*"; \
	else \
		echo "FAILED to build $* (see $$log):"; tail -n 20 $$log; \
		sh $(SRCDIR)/mk/buildfail.sh $(BUILDDIR)/$*/tests "$$log"; \
	fi

# The bare-metal kernels of each ARCH (mk/baremetal.mk), one Kyuafile
# per configuration, listed in kernel-<ARCH>.list.
kcfg-%:
	@$(MAKE) --no-print-directory ARCH=$* kernels-check

# atf-c is built once per ARCH, before its two flavours.
atf-%:
	@mkdir -p $(BUILDDIR); $(MAKE) --no-print-directory ARCH=$* atf \
	    > $(BUILDDIR)/atf-$*.log 2>&1 || \
	    echo "atf-c for $* failed to build (see $(BUILDDIR)/atf-$*.log)"

HOST_TESTS	:= $(wildcard $(SRCDIR)/tests/host/t_*.sh)
host-tests: $(BUILDDIR)/host/Kyuafile
# Makes for several configurations may write these at once: each file
# is written under the shell's PID, then renamed into place.
$(BUILDDIR)/host/Kyuafile: $(HOST_TESTS) $(SRCDIR)/mk/check.mk
	@mkdir -p $(@D)
	@set -e; t=$@.$$$$; \
	{ echo 'syntax(2)'; echo 'test_suite("simplelock")'; } > $$t; \
	for f in $(HOST_TESTS); do \
		n=$$(basename $$f .sh); \
		{ echo '#! /usr/bin/env atf-sh'; \
		  sed -e 's|@SRCDIR@|$(SRCDIR)|g' \
		      -e 's|@BUILDDIR@|$(BUILDDIR)|g' $$f; } > $(@D)/$$n.$$$$; \
		chmod +x $(@D)/$$n.$$$$; mv -f $(@D)/$$n.$$$$ $(@D)/$$n; \
		echo "atf_test_program{name=\"$$n\"}" >> $$t; done; \
	mv -f $$t $@
