#	$simplelock: arch/powerpc/conf/baremetal.mk $
# SPDX-License-Identifier: BSD-2-Clause
#
# The bare-metal kernels of the PowerPC ARCHes, on two QEMU machines.
#
# powerpc64, powerpc64le: the pseries machine (PAPR guest, POWER9)
# under Virtual Open Firmware (x-vof=on, far faster than SLOF): OF
# client interface at entry, RTAS start-cpu, power-off and ibm,os-term,
# H_PUT_TERM_CHAR console, the decrementer, MSR.EE.  powerpc64 (ELFv1,
# big-endian) and powerpc64le (ELFv2).
#
# The cap-* settings ask only for what TCG has, so QEMU does not warn.
# ibm,os-term is a guest panic: -action panic=exit-failure makes it
# qemu's failing exit status, 1; power-off exits 0.

ifneq ($(filter powerpc64 powerpc64le,$(ARCH)),)
BM_MD_CFLAGS	:= -mcpu=power8 -msoft-float -mno-altivec -mno-vsx
BM_MD_SRCS	:= $(SRCDIR)/sys/arch/powerpc/powerpc/locore.S \
		   $(SRCDIR)/sys/arch/powerpc/powerpc/machdep.c
BM_LDSCRIPT	:= $(SRCDIR)/sys/arch/powerpc/conf/kern.ldscript
BM_LDFLAGS	:=
BM_POSTLINK	:=
BM_PPC_CAPS	:= cap-cfpc=broken,cap-sbbc=broken,cap-ibs=broken,$\
		   cap-ccf-assist=off
BM_QEMU		:= qemu-system-ppc64 -M pseries,x-vof=on,$(BM_PPC_CAPS) \
		   -m 256M -nic none -vga none -action panic=exit-failure
BM_SMP		:= 1 2 4
BM_EXIT_PASS	:= 0
BM_EXIT_FAIL	:= 1
endif

# powerpc (32-bit): the ppce500 machine, an e500v2 core, no firmware
# (-kernel is entered directly): ns16550 in the CCSR, decrementer, the
# spin table, the GPIO power-off pin.  That pin is qemu's only way out
# and exits 0 whatever the verdict, so pass and fail are both 0: the
# TAP decides.  qemu-system-ppc64 runs it with MTTCG, which
# qemu-system-ppc does not claim to support.
ifeq ($(ARCH),powerpc)
BM_MD_CFLAGS	:= -mcpu=8548 -msoft-float -msdata=none -G 0
BM_MD_SRCS	:= $(SRCDIR)/sys/arch/powerpc/powerpc/e500_locore.S \
		   $(SRCDIR)/sys/arch/powerpc/powerpc/e500_machdep.c
BM_LDSCRIPT	:= $(SRCDIR)/sys/arch/powerpc/conf/e500.ldscript
BM_LDFLAGS	:=
BM_POSTLINK	:=
BM_QEMU		:= qemu-system-ppc64 -M ppce500 -m 128M -nic none
BM_SMP		:= 1 2 4
BM_EXIT_PASS	:= 0
BM_EXIT_FAIL	:= 0
endif
