#	$simplelock: arch/riscv/conf/baremetal.mk $
# SPDX-License-Identifier: BSD-2-Clause
#
# The bare-metal kernel on QEMU's riscv virt machine in S-mode under
# OpenSBI (-bios default): 16550 UART, SBI timer, HSM and SRST, the
# sifive_test finisher for a failing exit status: riscv64.  riscv32
# runs the same virt machine in M-mode without firmware (-bios none):
# CLINT msip to start harts, CLINT mtimecmp for the tick, sifive_test
# for both exit statuses.

ifeq ($(ARCH),riscv64)
BM_MD_CFLAGS	:= -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany \
		   -mno-relax
BM_MD_SRCS	:= $(SRCDIR)/sys/arch/riscv/riscv/locore.S \
		   $(SRCDIR)/sys/arch/riscv/riscv/machdep.c
BM_LDSCRIPT	:= $(SRCDIR)/sys/arch/riscv/conf/kern.ldscript
BM_LDFLAGS	:= -Wl,--no-relax
BM_POSTLINK	:=
BM_QEMU		:= qemu-system-riscv64 -M virt -m 128M -bios default
BM_SMP		:= 1 2 4
BM_EXIT_PASS	:= 0
BM_EXIT_FAIL	:= 1
endif
ifeq ($(ARCH),riscv32)
# No 32-bit OpenSBI in Debian's QEMU: the rv32 kernel is its own
# firmware, in M-mode (-bios none), and brings libkern's 64-bit
# division (the riscv64 cross gcc has no rv32 libgcc).
BM_MD_CFLAGS	:= -march=rv32imac_zicsr_zifencei -mabi=ilp32 -mcmodel=medany \
		   -mno-relax
BM_MD_SRCS	:= $(SRCDIR)/sys/arch/riscv/riscv/locore_mmode.S \
		   $(SRCDIR)/sys/arch/riscv/riscv/machdep_mmode.c \
		   $(SRCDIR)/sys/baremetal/libkern/udivdi3.c
BM_LDSCRIPT	:= $(SRCDIR)/sys/arch/riscv/conf/kern_mmode.ldscript
BM_LDFLAGS	:= -Wl,--no-relax
BM_LIBGCC	:=
BM_POSTLINK	:=
BM_QEMU		:= qemu-system-riscv32 -M virt -m 128M -bios none
BM_SMP		:= 1 2 4
BM_EXIT_PASS	:= 0
BM_EXIT_FAIL	:= 1
endif
