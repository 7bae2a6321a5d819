# SPDX-License-Identifier: BSD-2-Clause
#
# Concurrent builds: make install (and make atf) for different
# configurations (ARCH, LOCK_IMPL) into one build tree at the same time,
# as a developer or a CI matrix runs them.  Their shared products (the
# manual pages under BUILDDIR/man, an ARCH's atf-c under BUILDDIR/atf)
# must not make one run fail or leave an install incomplete.  Each round starts from no built pages, so every run
# builds them beside the others; the configurations themselves are
# reused from make check's tree where it has built them.
# (atf-sh; @SRCDIR@ and @BUILDDIR@ are filled in by mk/check.mk.)

SRCDIR=@SRCDIR@
BUILDDIR=@BUILDDIR@

ROUNDS=6

# configs: "ARCH:LOCK_IMPL" for each configuration this host can build.
configs()
{
	echo x86_64:port x86_64:common
	command -v i686-linux-gnu-gcc >/dev/null && echo i386:port
	return 0
}

# side_by_side TARGET ROUND: make TARGET for every configuration at
# once, each into its own PREFIX; prints what failed.
side_by_side()
{
	target=$1 round=$2
	pids=
	for c in $(configs); do
		a=${c%:*} i=${c#*:}
		make -s --no-print-directory -C "$SRCDIR" BUILDDIR="$PWD/build" \
		    ARCH=$a LOCK_IMPL=$i PREFIX="$PWD/prefix-$a-$i" $target \
		    > "log.$round.$a-$i" 2>&1 &
		pids="$pids $!:$c"
	done
	for p in $pids; do
		wait "${p%%:*}" ||
		    echo "round $round: make $target ${p#*:} failed" \
		    "(log.$round.$(echo "${p#*:}" | tr : -))"
	done
}

atf_test_case install
install_head()
{
	atf_set descr "make install for several configurations side by" \
	    "side into one build tree, $ROUNDS times: every run succeeds" \
	    "and every prefix gets every page and link"
	atf_set require.progs "make mandoc"
	atf_set timeout 900
}
install_body()
{
	mkdir -p build
	for c in $(configs); do
		cfg=$(echo "$c" | tr : -)
		[ -d "$BUILDDIR/$cfg/lib" ] &&
		    cp -a "$BUILDDIR/$cfg" build/ 2>/dev/null
	done
	: > failures
	r=1
	while [ $r -le $ROUNDS ]; do
		rm -rf build/man prefix-*
		side_by_side install $r >> failures
		# Every prefix has the pages and links the first one has.
		first=
		for d in prefix-*; do
			(cd "$d/share/man" && find . | sort) > "tree.$d"
			[ -n "$first" ] || { first=$d; continue; }
			cmp -s "tree.$first" "tree.$d" ||
			    echo "round $r: $d differs from $first:" \
			    "$(diff "tree.$first" "tree.$d" | head -n 4)" \
			    >> failures
		done
		r=$((r + 1))
	done
	[ -s failures ] || return 0
	cat failures
	for f in log.*; do
		[ -s "$f" ] && { echo "== $f"; tail -n 5 "$f"; }
	done
	atf_fail "$(wc -l < failures) concurrent runs failed (above)"
}

atf_test_case atf
atf_head()
{
	atf_set descr "make atf for both flavours of a cross ARCH side by" \
	    "side (they share its atf-c): every run succeeds, 4 times"
	atf_set require.progs "make flock aarch64-linux-gnu-gcc"
	atf_set timeout 900
}
atf_body()
{
	# The atf source make check unpacked; a test downloads nothing.
	[ -f "$BUILDDIR/src/atf-0.21/atf-c.h" ] ||
	    atf_skip "no atf source in $BUILDDIR/src (make deps)"
	mkdir -p build
	ln -s "$BUILDDIR/src" build/src
	: > failures
	for r in 1 2 3 4; do
		rm -rf build/atf
		pids=
		for i in port common; do
			make -s --no-print-directory -C "$SRCDIR" \
			    BUILDDIR="$PWD/build" ARCH=aarch64 LOCK_IMPL=$i \
			    atf > "log.$r.$i" 2>&1 &
			pids="$pids $!:$i"
		done
		for p in $pids; do
			wait "${p%%:*}" || echo "round $r: make atf" \
			    "${p#*:} failed (log.$r.${p#*:})" >> failures
		done
		[ -f build/atf/aarch64/libatf-c.a ] ||
		    echo "round $r: no libatf-c.a" >> failures
	done
	[ -s failures ] || return 0
	cat failures
	for f in log.*; do
		[ -s "$f" ] && { echo "== $f"; tail -n 5 "$f"; }
	done
	atf_fail "$(wc -l < failures) concurrent runs failed (above)"
}

atf_init_test_cases()
{
	atf_add_test_case install
	atf_add_test_case atf
}
