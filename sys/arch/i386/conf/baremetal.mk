#	$simplelock: i386/conf/baremetal.mk $
# SPDX-License-Identifier: BSD-2-Clause
#
# The bare-metal kernel for ARCH=i386 on QEMU's PC (mk/baremetal.mk),
# a multiboot (v1) ELF.  isa-debug-exit makes qemu exit 1 or 3.

BM_MD_CFLAGS	= -m32 -march=i686 -mgeneral-regs-only -fno-pie
BM_MD_SRCS	= $(SRCDIR)/sys/arch/i386/i386/locore.S \
		  $(SRCDIR)/sys/arch/i386/i386/atomic64.S \
		  $(SRCDIR)/sys/arch/x86/x86/x86_machdep.c
BM_LDSCRIPT	= $(SRCDIR)/sys/arch/i386/conf/kern.ldscript
BM_LDFLAGS	= -m32
BM_QEMU		= qemu-system-i386 -M pc -cpu qemu32,+apic -m 128M \
		  -device isa-debug-exit,iobase=0xf4,iosize=4 -nic none -no-reboot
BM_SMP		= 1 2 4
BM_EXIT_PASS	= 1
BM_EXIT_FAIL	= 3
