#	$simplelock: arch/mips/conf/baremetal.mk $
# SPDX-License-Identifier: BSD-2-Clause
#
# The bare-metal kernel on QEMU's Malta board: the PIIX4's 16550 COM1,
# CP0 Count/Compare, Status.IE, EBase.CPUNum, the FPGA's software reset
# (-no-reboot) to power off and UHI semihosting for a failing exit
# status.  o32 (mipsel, mipseb) on a 34Kf whose VPEs (MT ASE) are the
# CPUs; n64 (mips64el, mips64eb) on an I6400, MIPS64r6, whose VPs the
# CPS powers up.

BM_MD_SRCS	:= $(SRCDIR)/sys/arch/mips/mips/locore.S \
		   $(SRCDIR)/sys/arch/mips/mips/machdep.c
BM_POSTLINK	:=
BM_EXIT_PASS	:= 0
BM_EXIT_FAIL	:= 1
BM_SMP		:= 1 2 4

ifneq ($(filter mipsel mipseb,$(ARCH)),)
BM_MD_CFLAGS	:= -march=mips32r2 -mabi=32 -mno-abicalls -G 0
BM_LDSCRIPT	:= $(SRCDIR)/sys/arch/mips/conf/kern.ldscript
BM_LDFLAGS	:=
BM_QEMU		:= qemu-system-$(subst eb,,$(ARCH)) \
		   -M malta -cpu 34Kf -m 128M -no-reboot -semihosting
endif
ifneq ($(filter mips64el mips64eb,$(ARCH)),)
BM_MD_CFLAGS	:= -march=mips64r6 -mabi=64 -msym32 -mno-abicalls -G 0
BM_LDSCRIPT	:= $(SRCDIR)/sys/arch/mips/conf/kern64.ldscript
BM_LDFLAGS	:=
BM_QEMU		:= qemu-system-$(subst eb,,$(ARCH)) \
		   -M malta -cpu I6400 -m 128M -no-reboot -semihosting
endif
