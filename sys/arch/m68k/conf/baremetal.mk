#	$simplelock: m68k/conf/baremetal.mk $
# SPDX-License-Identifier: BSD-2-Clause
#
# The bare-metal kernel for ARCH=m68k on QEMU's m68k virt machine
# (mk/baremetal.mk): a 68040, one CPU, Goldfish devices.  No floating
# point in the kernel, so no FPU state to save.  The virt controller's
# halt exits 0; its panic, with -action panic=exit-failure, exits 1.

BM_MD_CFLAGS	= -m68040 -msoft-float
BM_MD_SRCS	= $(SRCDIR)/sys/arch/m68k/m68k/locore.S \
		  $(SRCDIR)/sys/arch/m68k/m68k/machdep.c
BM_LDSCRIPT	= $(SRCDIR)/sys/arch/m68k/conf/kern.ldscript
BM_LDFLAGS	=
BM_POSTLINK	=
BM_QEMU		= qemu-system-m68k -M virt -m 128M -action panic=exit-failure
BM_SMP		= 1
# QEMU's m68k target is not converted to MTTCG, and one CPU needs none.
BM_ACCEL	= tcg
BM_EXIT_PASS	= 0
BM_EXIT_FAIL	= 1
