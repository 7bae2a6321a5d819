#	$simplelock: arch/riscv/conf/baremetal.mk $
# SPDX-License-Identifier: BSD-2-Clause
#
# The bare-metal kernel on QEMU's riscv virt machine in S-mode under
# OpenSBI (-bios default): 16550 UART, SBI timer, HSM and SRST, the
# sifive_test finisher for a failing exit status.  riscv64 only.

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
BM_WHY_NOT	:= Debian's QEMU ships no 32-bit OpenSBI and its riscv64 cross \
		   gcc no rv32 libgcc; an M-mode machine (-bios none) is not \
		   written yet
endif
