#	$simplelock: arm/conf/baremetal.mk $
# SPDX-License-Identifier: BSD-2-Clause
#
# The bare-metal kernels for 32-bit ARM (mk/baremetal.mk).  ARM state
# throughout, no floating-point registers, so no VFP state to save.
# With -semihosting, SYS_EXIT makes qemu exit 0 or 1.
#
# earmv7hf: QEMU's virt machine, Cortex-A15, GICv2, PSCI, 1 to 4 CPUs.
# earmv5: the Versatile/PB, ARM926EJ-S, one CPU, PL190 VIC and SP804.

ifeq ($(ARCH),earmv7hf)
BM_MD_CFLAGS	= -marm -mgeneral-regs-only -fno-pie
BM_MD_SRCS	= $(SRCDIR)/sys/arch/arm/arm/locore.S \
		  $(SRCDIR)/sys/arch/arm/arm/arm_machdep.c \
		  $(SRCDIR)/sys/arch/arm/arm/arm_aeabi.c
BM_LDSCRIPT	= $(SRCDIR)/sys/arch/arm/conf/kern.ldscript
BM_LDFLAGS	=
BM_QEMU		= qemu-system-arm -M virt -cpu cortex-a15 -m 128M -semihosting
BM_SMP		= 1 2 4
BM_EXIT_PASS	= 0
BM_EXIT_FAIL	= 1
endif
ifeq ($(ARCH),earmv5)
BM_MD_CFLAGS	= -marm -mgeneral-regs-only -fno-pie
BM_MD_SRCS	= $(SRCDIR)/sys/arch/arm/versatile/vpb_locore.S \
		  $(SRCDIR)/sys/arch/arm/versatile/vpb_atomic.c \
		  $(SRCDIR)/sys/arch/arm/versatile/vpb_machdep.c \
		  $(SRCDIR)/sys/arch/arm/arm/arm_aeabi.c
BM_LDSCRIPT	= $(SRCDIR)/sys/arch/arm/conf/kern-versatile.ldscript
BM_LDFLAGS	=
BM_QEMU		= qemu-system-arm -M versatilepb -cpu arm926 -m 128M -semihosting \
		  -audiodev none,id=snd0 -global pl041.audiodev=snd0
BM_SMP		= 1
BM_EXIT_PASS	= 0
BM_EXIT_FAIL	= 1
endif
