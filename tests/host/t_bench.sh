# SPDX-License-Identifier: BSD-2-Clause
# The benchmark program works: one quick run of every lock, its outputs
# complete, its exclusion check catching a lock that does not lock, its
# instruction counts, and its plot.  Benchmarks are not tests: nothing
# here looks at a time or a rate.

BENCH=@BUILDDIR@/x86_64-port/bench/bench

# Build (or bring up to date) the native benchmark, serialised: kyua
# runs these cases side by side, and one must not run the program while
# another rewrites it.  The lock is the one t_man's make takes too:
# both build in the same configuration directory.
build_bench()
{
	mkdir -p @BUILDDIR@
	env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS \
	    flock @BUILDDIR@/.make.lock make -C @SRCDIR@ \
	    BUILDDIR=@BUILDDIR@ ARCH=x86_64 LOCK_IMPL=port SAN= \
	    bench-prog >build.log 2>&1 || {
		cat build.log
		atf_fail "the benchmark did not build"
	}
}

atf_test_case runs
runs_head()
{
	atf_set require.progs flock
	atf_set descr "A quick run measures every lock in every" \
	    "configuration and writes the table, the CSV, the plot data" \
	    "and every target line"
	atf_set timeout 300
}
runs_body()
{
	build_bench
	"$BENCH" -L > locks || atf_fail "bench -L failed"
	for l in cpu_simple_lock cpu_simple_lock_common floor pthread_spin \
	    pthread_mutex atomic_flag ck_fas ck_ticket ck_mcs backoff_hook \
	    backoff_nohook spin_yield lock ilock res_spin_lock bpf_spin_lock; do
		grep -qx "$l" locks || atf_fail "no row for $l"
	done
	atf_check -s exit:0 -o save:stdout -e save:stderr \
	    "$BENCH" -q -C -o out
	atf_check -s exit:1 grep BROKEN stderr
	cmp -s stdout out/bench.md || atf_fail "stdout is not bench.md"
	while read -r l; do
		# One line in each of the two tables.
		n=$(grep -v -e '^| lock | what |' -e '^| lock | [0-9]* thr' \
		    out/bench.md | grep -c "^| $l |")
		[ "$n" -eq 2 ] || atf_fail "$l: $n table lines, not 2"
		grep -q "^uncontended,$l,1,empty,[0-9]" out/bench.csv ||
		    atf_fail "$l: no uncontended CSV row"
		for c in 1,empty 2,empty 2,short 4,empty 8,empty; do
			grep -q "^contended,$l,$c,,,,,[0-9]" out/bench.csv ||
			    atf_fail "$l: no contended CSV row for $c"
		done
	done < locks
	[ "$(head -1 out/throughput.dat)" = "threads $(tr '\n' ' ' < locks |
	    sed 's/ $//')" ] || atf_fail "throughput.dat header"
	[ "$(grep -c '^[1248] ' out/throughput.dat)" -eq 4 ] ||
	    atf_fail "throughput.dat rows"
	n=$(grep -Ec '^- .*(MET|MISSED|n/a)' out/bench.md)
	[ "$n" -eq 10 ] || atf_fail "$n target lines, not 10"
	for t in 'ilock pair vs lock pair' \
	    'bpf_spin_lock pair vs cpu_simple_lock' \
	    'lock pair vs cpu_simple_lock'; do
		grep -q "^- uncontended $t (issue 14): \*\*" out/bench.md ||
		    atf_fail "no target line for $t"
	done
}

atf_test_case method
method_head()
{
	atf_set require.progs flock
	atf_set descr "The output says the rows ran multi-threaded, names" \
	    "the CPU model and says where the core clock came from"
	atf_set timeout 300
}
method_body()
{
	build_bench
	atf_check -s exit:0 -o ignore -e ignore \
	    "$BENCH" -q -C -s floor,pthread_mutex,lock -t 2 -o out
	grep -q '^- process: every row ran with a second thread alive' \
	    out/bench.md || atf_fail "no multi-threaded process line"
	if grep -q '__libc_single_threaded' out/bench.md; then
		grep -q '__libc_single_threaded = 0' out/bench.md ||
		    atf_fail "the rows ran single-threaded"
	fi
	grep -Eq '^- CPU model \(/proc/cpuinfo\): .* family [0-9]+ model' \
	    out/bench.md || atf_fail "no CPU model line"
	# PMU, the checked imul chain, or no cycles at all.
	m='(PMU cycle counter|dependent imul chain)'
	grep -Eq "^- core clock (~[0-9.]+ GHz from the $m|unknown)" \
	    out/bench.md || atf_fail "the clock line names no method"
	grep -q 'dependent adds' out/bench.md &&
	    atf_fail "the old add-immediate clock estimate is back"
	grep -q '^## Contended kernel locks, 2 threads' out/bench.md ||
	    atf_fail "no contended kernel-lock section"
	grep -q '^- lock: [0-9.]* M/s.*handoffs per acquisition' out/bench.md ||
	    atf_fail "no contended line for lock"
}

atf_test_case catches_no_lock
catches_no_lock_head()
{
	atf_set descr "A 'lock' that does not exclude fails the run"
	atf_set timeout 120
}
catches_no_lock_body()
{
	build_bench
	atf_check -s exit:1 -o ignore -e save:stderr \
	    "$BENCH" -q -C -d 0.2 -s nolock,floor -t 2 -o out
	grep -q "^bench: nolock, 2 threads: MUTUAL EXCLUSION BROKEN" stderr ||
	    atf_fail "nolock not caught: $(cat stderr)"
	if grep -q "floor.*BROKEN" stderr; then
		atf_fail "floor wrongly reported: $(cat stderr)"
	fi
}

atf_test_case instructions
instructions_head()
{
	atf_set descr "callgrind instruction counts per pair are read back"
	atf_set require.progs valgrind
	atf_set timeout 300
}
instructions_body()
{
	build_bench
	atf_check -s exit:0 -o ignore -e ignore \
	    "$BENCH" -q -s floor,pthread_mutex -t 1 -o out
	# The floor is xchg, test, branch and a store, plus a quarter
	# of the four-pair loop: a handful, whatever the compiler.
	ir=$(awk -F, '$1 == "uncontended" && $2 == "floor" { print $8 }' \
	    out/bench.csv)
	awk -v v="$ir" 'BEGIN { exit !(v >= 4 && v <= 10) }' ||
	    atf_fail "floor: $ir instructions per pair"
	ir=$(awk -F, '$1 == "uncontended" && $2 == "pthread_mutex" \
	    { print $8 }' out/bench.csv)
	awk -v v="$ir" 'BEGIN { exit !(v >= 10 && v <= 1000) }' ||
	    atf_fail "pthread_mutex: $ir instructions per pair"
}

atf_test_case plot
plot_head()
{
	atf_set descr "bench.gp turns throughput.dat into a PNG"
	atf_set require.progs gnuplot
	atf_set timeout 120
}
plot_body()
{
	build_bench
	atf_check -s exit:0 -o ignore -e ignore \
	    "$BENCH" -q -C -s floor,pthread_mutex,ck_mcs -o out
	atf_check -s exit:0 -o ignore -e ignore gnuplot \
	    -e "datafile='out/throughput.dat'" -e "outfile='out/bench.png'" \
	    @SRCDIR@/tests/bench/bench.gp
	[ "$(od -An -c -N4 out/bench.png | tr -d ' ')" = '211PNG' ] ||
	    atf_fail "not a PNG"
}

atf_init_test_cases()
{
	atf_add_test_case runs
	atf_add_test_case method
	atf_add_test_case catches_no_lock
	atf_add_test_case instructions
	atf_add_test_case plot
}
