#	$simplelock: arm/conf/baremetal.mk $
# SPDX-License-Identifier: BSD-2-Clause
#
# The bare-metal kernel for ARCH=earmv7hf on QEMU's virt machine
# (mk/baremetal.mk).  ARM state throughout; no floating-point registers,
# so no VFP state to save (the VFP stays off: a stray use traps).
# With -semihosting, SYS_EXIT makes qemu exit 0 or 1.

ifeq ($(ARCH),earmv7hf)
BM_MD_CFLAGS	= -marm -mgeneral-regs-only -fno-pie
BM_MD_SRCS	= $(SRCDIR)/sys/arch/arm/arm/locore.S \
		  $(SRCDIR)/sys/arch/arm/arm/arm_machdep.c
BM_LDSCRIPT	= $(SRCDIR)/sys/arch/arm/conf/kern.ldscript
BM_LDFLAGS	=
BM_QEMU		= qemu-system-arm -M virt -cpu cortex-a15 -m 128M -semihosting
BM_SMP		= 1 2 4
BM_EXIT_PASS	= 0
BM_EXIT_FAIL	= 1
else
BM_WHY_NOT	:= the machine code is ARMv7's (cps, rfe, hvc/smc, the virt \
		   machine's GIC and timer); an ARMv5 uniprocessor machine \
		   (versatilepb, arm926) is not written
endif
