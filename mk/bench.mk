# SPDX-License-Identifier: BSD-2-Clause
# make bench [ARCH=...]: every lock against its peers, in one run of
# tests/bench/bench (see BENCHMARKS.md).  Writes bench.md, bench.csv
# and bench.png to $(B)/bench.  Under qemu-user the run only shows
# that the program works: emulated timings mean nothing.
#
#	BENCH_ARGS	extra options for the program (bench -h)

BENCH_DIR	:= $(B)/bench
BENCH_BIN	:= $(BENCH_DIR)/bench$(BINSUFFIX)
BENCH_SRC	:= $(SRCDIR)/tests/bench
BENCH_ARGS	?=
# Kernel code to <sys/lock.h> (SPINLOCK_BACKOFF), but a rump kernel,
# so the lock stays inline; the port's flavour whatever LOCK_IMPL says.
# The host's libck-dev is configured for the host only: no ck rows in
# a cross build.
BENCH_CFLAGS	= $(CSTD) $(OPT) -g $(WARNS) $(ARCH_CFLAGS) $(SANFLAGS) \
		  -I$(B)/include -I$(SRCDIR)/sys $(KERN_CPPFLAGS) \
		  $(if $(TRIPLE),-DBENCH_NO_CK) $(CFLAGS)
BENCH_OBJS	:= $(addprefix $(BENCH_DIR)/,bench.o rows_cpu_port.o \
		   rows_cpu_common.o rows_peer.o rows_kern.o)

.PHONY: bench bench-prog
bench-prog: $(BENCH_BIN)

$(BENCH_DIR)/%.o: $(BENCH_SRC)/%.c $(BENCH_SRC)/bench.h \
    $(B)/include/.stamp
	@mkdir -p $(@D)
	$(CC) $(BENCH_CFLAGS) -MMD -c -o $@ $<
$(BENCH_DIR)/rows_cpu_port.o: $(BENCH_SRC)/rows_cpu.c $(BENCH_SRC)/bench.h \
    $(B)/include/.stamp
	@mkdir -p $(@D)
	$(CC) $(BENCH_CFLAGS) -MMD -c -o $@ $<
$(BENCH_DIR)/rows_cpu_common.o: $(BENCH_SRC)/rows_cpu.c \
    $(BENCH_SRC)/bench.h $(B)/include/.stamp
	@mkdir -p $(@D)
	$(CC) $(BENCH_CFLAGS) -D__SIMPLELOCK_COMMON -MMD -c -o $@ $<
# Byte-wide atomics (the floor, atomic_flag) are calls into libatomic
# on some CPUs (riscv64); link it where the compiler has it.
BENCH_LIBATOMIC	= $(if $(wildcard $(shell $(CC) -print-file-name=libatomic.a \
		  2>/dev/null)),-latomic)
$(BENCH_BIN): $(BENCH_OBJS) $(LIBKERN)
	$(CC) $(BENCH_CFLAGS) -o $@ $(BENCH_OBJS) $(LIBKERN) $(LDSTATIC) \
	    -lpthread $(BENCH_LIBATOMIC)

-include $(BENCH_OBJS:.o=.d)

ifneq ($(SKIP_REASON),)
bench:
	@echo "bench: $(ARCH) not run: $(SKIP_REASON)"
else ifneq ($(RUNNER),)
bench: $(BENCH_BIN)
	@echo "bench: $(ARCH) runs under $(RUNNER): emulated timings mean" \
	    "nothing; checking only that the benchmark runs."
	$(RUNNER) $(BENCH_BIN) -e -o $(BENCH_DIR) $(BENCH_ARGS)
else
bench: $(BENCH_BIN)
	$(BENCH_BIN) -o $(BENCH_DIR) $(BENCH_ARGS)
	@if command -v gnuplot >/dev/null 2>&1; then \
		gnuplot -e "datafile='$(BENCH_DIR)/throughput.dat'" \
		    -e "outfile='$(BENCH_DIR)/bench.png'" \
		    $(BENCH_SRC)/bench.gp && \
		echo "bench: wrote $(BENCH_DIR)/bench.md, bench.csv," \
		    "bench.png"; \
	else echo "bench: no gnuplot (package gnuplot-nox): no plot"; fi
endif
