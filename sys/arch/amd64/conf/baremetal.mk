#	$simplelock: amd64/conf/baremetal.mk $
# SPDX-License-Identifier: BSD-2-Clause
#
# The bare-metal kernel for ARCH=x86_64 on QEMU's PC (mk/baremetal.mk).
# QEMU's multiboot loader takes 32-bit ELF only: the 64-bit kernel is
# converted after the link.  isa-debug-exit makes qemu exit 1 or 3.

BM_MD_CFLAGS	= -m64 -mno-red-zone -mgeneral-regs-only -fno-pie
BM_MD_SRCS	= $(SRCDIR)/sys/arch/amd64/amd64/locore.S \
		  $(SRCDIR)/sys/arch/x86/x86/x86_machdep.c
BM_LDSCRIPT	= $(SRCDIR)/sys/arch/amd64/conf/kern.ldscript
BM_LDFLAGS	= -m64 -Wl,-z,max-page-size=4096
BM_POSTLINK	= objcopy -O elf32-i386 $@
BM_QEMU		= qemu-system-x86_64 -M pc -cpu qemu64 -m 128M \
		  -device isa-debug-exit,iobase=0xf4,iosize=4 -nic none -no-reboot
BM_SMP		= 1 2 4
BM_EXIT_PASS	= 1
BM_EXIT_FAIL	= 3
