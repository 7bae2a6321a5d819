#	$simplelock: arch/sh3/conf/baremetal.mk $
# SPDX-License-Identifier: BSD-2-Clause
#
# The bare-metal kernel for ARCH=sh3el on QEMU's r2d (Renesas R2D-PLUS,
# SH7751R, one CPU): SCIF console (serial 0 is the SCI, so the first
# -serial is null), TMU0 tick, TMU1 clock, SR.IMASK as the mask, the
# board FPGA's power-off register.  QEMU loads -kernel as a raw image
# at 0x0c800000 and enters it there (P2): the ELF becomes a binary
# after the link, kept as kernel.elf.
#
# Exit status: the FPGA power-off is QEMU's guest shutdown, status 0;
# a failing kernel first tells QEMU's pvpanic-pci device (on the
# SH7751R's PCI bus) that it panicked, and -action panic=exit-failure
# makes that status 1.

ifeq ($(ARCH),sh3el)
# No FPU code (the trap frame holds no FPU state; SR.FD traps any);
# atomics by IMASK, not Linux's gUSA, which needs the kernel's help.
# -O0: Debian's gcc 12 for sh4 at any -O level deletes an
# __atomic_exchange_n (and the load) whose result only feeds a loop's
# branch (its sh_treg_combine pass takes the load for a T-bit store):
# bm_lock() spun forever on a test it no longer made.
BM_MD_CFLAGS	:= -m4-nofpu -ml -mno-usermode -matomic-model=soft-imask -O0
BM_MD_SRCS	:= $(SRCDIR)/sys/arch/sh3/sh3/locore.S \
		   $(SRCDIR)/sys/arch/sh3/sh3/machdep.c
BM_LDSCRIPT	:= $(SRCDIR)/sys/arch/sh3/conf/kern.ldscript
BM_LDFLAGS	:=
BM_POSTLINK	= mv $@ $@.elf && $(TRIPLE)-objcopy -O binary $@.elf $@
BM_QEMU		:= qemu-system-sh4 -M r2d -serial null -nic none \
		   -device pvpanic-pci -action panic=exit-failure -no-reboot
BM_SMP		:= 1
# One CPU, and QEMU has not converted sh4 to MTTCG.
BM_ACCEL	:= tcg
BM_EXIT_PASS	:= 0
BM_EXIT_FAIL	:= 1
endif
