# Kernel code (sys/kern) and its userland platform (sys/rump).  The
# Makefile builds both into libkernlock.a; this installs the test
# control header of the platform, <rump/rumpplat.h>.

install:: headers
	mkdir -p $(INCDIR)/rump
	install -m 644 $(SRCDIR)/sys/rump/rumpplat.h \
	    $(SRCDIR)/sys/rump/rumpplat_inline.h $(INCDIR)/rump/
