# SPDX-License-Identifier: BSD-2-Clause
# Kernel code (sys/kern) and its userland platform (sys/rump).  The
# Makefile builds both into libkernlock.a; this installs the test
# control header of the platform, <rump/rumpplat.h>, and its inline
# forms as <platform/platform_inline.h>, the installed library's
# platform being sys/rump.

install:: headers
	mkdir -p $(INCDIR)/rump $(INCDIR)/platform
	install -m 644 $(SRCDIR)/sys/rump/rumpplat.h $(INCDIR)/rump/
	install -m 644 $(SRCDIR)/sys/rump/platform_inline.h \
	    $(INCDIR)/platform/
