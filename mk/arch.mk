# SPDX-License-Identifier: BSD-2-Clause
# Reads this ARCH's line of mk/arches.tab and sets up its toolchain.

ARCHTAB		:= $(SRCDIR)/mk/arches.tab
comma		:= ,
empty		:=
space		:= $(empty) $(empty)
ALL_ARCHES	:= $(shell awk '!/^\#/ && NF { print $$1 }' $(ARCHTAB))
ARCHROW		:= $(shell awk -v a='$(ARCH)' '!/^\#/ && $$1 == a' $(ARCHTAB))
ifeq ($(strip $(ARCHROW)),)
$(error ARCH=$(ARCH) is not in mk/arches.tab; known: $(ALL_ARCHES))
endif
archcol		= $(subst $(comma),$(space),$(patsubst -,,$(word $(1),$(ARCHROW))))
MACHINE		:= $(call archcol,2)
CPU		:= $(call archcol,3)
TRIPLE		:= $(call archcol,4)
ARCH_CFLAGS	:= $(call archcol,5)
RUN		:= $(call archcol,6)
QEMU		:= $(call archcol,7)
CLANG_TARGET	:= $(call archcol,8)

# An ARCH whose MACHINE has no lock.h gets the builtins fallback.
PORT_MISSING	:= $(if $(wildcard $(SRCDIR)/sys/arch/$(MACHINE)/include/lock.h),,yes)
MACHINE_DIR	:= $(if $(PORT_MISSING),common,$(MACHINE))

ifeq ($(TRIPLE),)
CC		?= cc
else
CC		:= $(TRIPLE)-gcc
AR		:= $(TRIPLE)-ar
OBJDUMP		:= $(TRIPLE)-objdump
endif
OBJDUMP		?= objdump
HOST_CC		?= cc

# How the test programs run.  Cross-built programs are static, so
# qemu-user needs no sysroot.
ifeq ($(TRIPLE),)
LDSTATIC	:=
BINSUFFIX	:=
RUNNER		:=
else
LDSTATIC	:= -static
BINSUFFIX	:= .bin
RUNNER		:= $(if $(filter qemu freestanding,$(RUN)),qemu-$(QEMU))
endif

# RUN=freestanding: no C library, so no atf-c and no threads; what runs
# is mk/ports.mk's t_freestanding, a static raw-syscall TAP program.
SKIP_REASON	:=
ifeq ($(RUN),none)
SKIP_REASON	:= nothing can run $(ARCH) programs here: compiled and \
		   audited only (host tests t_clang and t_audit)
else ifeq ($(RUN),freestanding)
SKIP_REASON	:= no C library for $(ARCH) here: atf-c and threads cannot \
		   run; t_freestanding runs the single-threaded cases
else ifeq ($(shell command -v $(firstword $(CC)) 2>/dev/null),)
SKIP_REASON	:= no compiler $(firstword $(CC)) (run mk/deps.sh)
else ifneq ($(RUNNER),)
ifeq ($(shell command -v $(firstword $(RUNNER)) 2>/dev/null),)
SKIP_REASON	:= no emulator $(firstword $(RUNNER)) (package qemu-user)
endif
endif
