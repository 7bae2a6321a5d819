#	$simplelock: arch/s390x/conf/baremetal.mk $
# SPDX-License-Identifier: BSD-2-Clause
#
# The bare-metal kernel on QEMU's s390-ccw-virtio machine, IPLed from
# an ELF -kernel without firmware: the SCLP ASCII console, the clock
# comparator, SIGP set prefix and restart to start CPUs, SIGP stop to
# power off.  A failing kernel ends in a disabled wait, which QEMU
# reports as a guest panic: -action panic=exit-failure makes that exit
# status 1, where the stop of the last CPU exits 0.
# -msoft-float: no C code may touch the floating-point registers, which
# neither the trap frame nor md_switch() saves.

ifeq ($(ARCH),s390x)
BM_MD_CFLAGS	:= -msoft-float
BM_MD_SRCS	:= $(SRCDIR)/sys/arch/s390x/s390x/locore.S \
		   $(SRCDIR)/sys/arch/s390x/s390x/machdep.c
BM_LDSCRIPT	:= $(SRCDIR)/sys/arch/s390x/conf/kern.ldscript
BM_LDFLAGS	:=
BM_POSTLINK	:=
BM_QEMU		:= qemu-system-s390x -M s390-ccw-virtio -m 128M -nic none \
		   -action panic=exit-failure
BM_SMP		:= 1 2 4
BM_EXIT_PASS	:= 0
BM_EXIT_FAIL	:= 1
endif
