#	$simplelock: arch/hppa/conf/baremetal.mk $
# SPDX-License-Identifier: BSD-2-Clause
#
# The bare-metal kernel on QEMU's hppa machine (HP B160L-style, PA-RISC
# 1.1, SeaBIOS-hppa as PDC firmware), in real mode: LASI's 16550, the
# interval timer (CR16 and its compare) on EIRR bit 0, PSW.I and EIEM,
# the firmware's rendezvous (MEM_RENDEZ and a write to the CPU's HPA)
# to start CPUs, PDC_SYSTEM_MAP to count them, LASI's power control
# register to power off.  The machine has no way to give qemu a
# failing exit status (power-off always exits 0), so the TAP decides.
# No FP registers: the traps save none (libgcc's 64-bit mul and div,
# which use them, are replaced in machdep.c).

BM_MD_CFLAGS	:= -mdisable-fpregs -mno-space-regs -mfast-indirect-calls
BM_MD_SRCS	:= $(SRCDIR)/sys/arch/hppa/hppa/locore.S \
		   $(SRCDIR)/sys/arch/hppa/hppa/machdep.c
BM_LDSCRIPT	:= $(SRCDIR)/sys/arch/hppa/conf/kern.ldscript
BM_LDFLAGS	:=
BM_POSTLINK	:=
BM_QEMU		:= qemu-system-hppa -m 128M -nic none
BM_SMP		:= 1 2 4
BM_EXIT_PASS	:= 0
BM_EXIT_FAIL	:= 0
