#	$simplelock: arch/aarch64/conf/baremetal.mk $
# SPDX-License-Identifier: BSD-2-Clause
#
# The bare-metal kernel on QEMU's aarch64 virt machine: GICv2, the EL1
# virtual timer, PL011, PSCI over HVC, semihosting for the exit status.

BM_MD_CFLAGS	:= -mgeneral-regs-only -mno-outline-atomics
BM_MD_SRCS	:= $(SRCDIR)/sys/arch/aarch64/aarch64/locore.S \
		   $(SRCDIR)/sys/arch/aarch64/aarch64/machdep.c
BM_LDSCRIPT	:= $(SRCDIR)/sys/arch/aarch64/conf/kern.ldscript
BM_LDFLAGS	:=
BM_POSTLINK	:=
# aarch64_lse needs an ARMv8.1 CPU for casab.
BM_QEMU		:= qemu-system-aarch64 -M virt,gic-version=2 \
		   -cpu $(if $(filter aarch64_lse,$(ARCH)),max,cortex-a57) \
		   -m 128M -semihosting
BM_SMP		:= 1 2 4
BM_EXIT_PASS	:= 0
BM_EXIT_FAIL	:= 1
