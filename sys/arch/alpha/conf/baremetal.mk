#	$simplelock: arch/alpha/conf/baremetal.mk $
# SPDX-License-Identifier: BSD-2-Clause
#
# The bare-metal kernel on QEMU's alpha clipper machine (Typhoon
# chipset, EV67) under QEMU's own OSF/1-style PALcode: swpipl as the
# interrupt mask, the RTC's periodic interrupt delivered to every CPU
# by the Typhoon as the clock, the HWRPB START message for the other
# CPUs, the 16550 COM1 through PCI I/O space, the halt PALcode call to
# power off, and QEMU's pvpanic-pci device for a failing exit status.

# EV67 for byte loads and stores (the UART) and ctlz (divrem.S); no
# floating point in the kernel, so the interrupt entry saves none.
# 128 Hz: the RTC's rates are powers of two, and every tick costs a
# PALcode entry plus QEMU's global lock for the Typhoon acknowledgement.
# On this 2-core host -smp 4 oversubscribes it, and the
# res_spin_lock_irqsave torture (every CPU's handler taking the lock on
# each tick) took 26 s or ran into the 30 s watchdog at 512 Hz; it took
# 2-3.4 s at 256 Hz and 2.4 s at 128 Hz, kept for the margin.
BM_MD_CFLAGS	:= -mcpu=ev67 -mno-fp-regs -DBM_HZ=128
BM_MD_SRCS	:= $(SRCDIR)/sys/arch/alpha/alpha/locore.S \
		   $(SRCDIR)/sys/arch/alpha/alpha/machdep.c \
		   $(SRCDIR)/sys/arch/alpha/alpha/divrem.S
BM_LDSCRIPT	:= $(SRCDIR)/sys/arch/alpha/conf/kern.ldscript
BM_LDFLAGS	:=
BM_POSTLINK	:=
BM_QEMU		:= qemu-system-alpha -M clipper -m 128M -nic none \
		   -device pvpanic-pci -action panic=exit-failure
BM_SMP		:= 1 2 4
BM_EXIT_PASS	:= 0
BM_EXIT_FAIL	:= 1
