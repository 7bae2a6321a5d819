#	$simplelock: arch/sparc/conf/baremetal.mk $
# SPDX-License-Identifier: BSD-2-Clause
#
# The bare-metal kernel on QEMU's SPARCstation 20 (sun4m, SuperSPARC
# v8, up to 4 CPUs) under OpenBIOS: the ESCC's channel A, the per-CPU
# counter-timers on level 14, PSR.PIL, the PROM's v3 cpu-start service,
# the slavio aux2 power-off register.
#
# The machine has no register that makes qemu exit with a failing
# status (aux2 power-off and the system-control reset both leave with
# 0), so pass and fail are the same status: the TAP decides.

ifeq ($(ARCH),sparc)
BM_MD_CFLAGS	:= -mno-fpu
BM_MD_SRCS	:= $(SRCDIR)/sys/arch/sparc/sparc/locore.S \
		   $(SRCDIR)/sys/arch/sparc/sparc/machdep.c \
		   $(SRCDIR)/sys/arch/sparc/sparc/atomic.c \
		   $(SRCDIR)/sys/baremetal/libkern/udivdi3.c
# The 32-bit libgcc is v8plus (v9 code): libkern/udivdi3.c instead.
BM_LIBGCC	:=
BM_LDSCRIPT	:= $(SRCDIR)/sys/arch/sparc/conf/kern.ldscript
BM_LDFLAGS	:=
BM_POSTLINK	:=
# No framebuffer: OpenBIOS boots 2 s sooner without probing one.
BM_QEMU		:= qemu-system-sparc -M SS-20 -m 128M -vga none
BM_SMP		:= 1 2 4
BM_EXIT_PASS	:= 0
BM_EXIT_FAIL	:= 0
endif
