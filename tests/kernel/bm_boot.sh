# $simplelock: tests/kernel/bm_boot.sh $
# SPDX-License-Identifier: BSD-2-Clause
#
# The body of a bare-metal kernel's kyua program (mk/baremetal.mk puts
# the BM_* settings above it): boot the kernel under qemu-system with
# a host time limit, read its TAP from the serial line, and judge.
# BM_EXPECT=pass: every case ok, the whole plan, the passing exit
# status.  BM_EXPECT=caught (a negative control): the kernel must fail
# a case and exit with the failing status, not hang.  On failure the
# console log is printed; it is kept beside the kernel.

: "${BM_TIMEOUT:=240}"
: "${BM_QEMU_LOCK:=/tmp/qemu-system.lock}"
: "${BM_ACCEL:=tcg,thread=multi}"

atf_test_case boot
boot_head()
{
	atf_set descr "Boots $BM_NAME and runs its in-kernel tests"
	atf_set timeout $((BM_TIMEOUT + 60))
}

bm_show_log()
{
	echo "--- console of $BM_NAME ($BM_LOG):" >&2
	cat "$BM_LOG" >&2
	echo "--- end of console" >&2
}

bm_fail()
{
	bm_show_log
	atf_fail "$BM_NAME: $*"
}

boot_body()
{
	q=${BM_QEMU%% *}
	command -v "$q" >/dev/null 2>&1 ||
	    atf_skip "no $q (run mk/deps.sh: qemu-system packages)"
	[ -f "$BM_KERNEL" ] || atf_fail "no kernel $BM_KERNEL"
	# One guest at a time on this machine; the limit is qemu's own.
	set -- $BM_QEMU -smp "$BM_SMP" -accel "$BM_ACCEL" \
	    -nographic -monitor none -serial stdio -kernel "$BM_KERNEL"
	if command -v flock >/dev/null 2>&1; then
		set -- flock "$BM_QEMU_LOCK" timeout -k 10 "$BM_TIMEOUT" "$@"
	else
		set -- timeout -k 10 "$BM_TIMEOUT" "$@"
	fi
	"$@" < /dev/null > "$BM_LOG" 2>&1
	rc=$?
	tr -d '\r' < "$BM_LOG" > "$BM_LOG.tmp" && mv "$BM_LOG.tmp" "$BM_LOG"
	plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\)$/\1/p' "$BM_LOG" | head -n 1)
	nok=$(grep -c '^ok [0-9]' "$BM_LOG")
	nnot=$(grep -c '^not ok [0-9]' "$BM_LOG")
	grep -E '^(not ok|Bail out!)' "$BM_LOG" >&2
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		bm_fail "no exit within the host limit of ${BM_TIMEOUT}s" \
		    "(hung; exit status $rc)"
	fi
	if [ "$BM_EXPECT" = caught ]; then
		if [ "$rc" -eq "$BM_EXIT_FAIL" ] &&
		    { [ "$nnot" -gt 0 ] || grep -q '^Bail out!' "$BM_LOG"; }
		then
			echo "negative control caught: $nnot failing case(s)," \
			    "exit status $rc"
			return 0
		fi
		bm_fail "negative control not caught: exit status $rc," \
		    "$nok ok, $nnot not ok"
	fi
	[ -n "$plan" ] || bm_fail "no TAP plan (exit status $rc)"
	[ "$nnot" -eq 0 ] || bm_fail "$nnot case(s) failed"
	grep -q '^Bail out!' "$BM_LOG" && bm_fail "the kernel bailed out"
	[ "$nok" -eq "$plan" ] ||
	    bm_fail "plan 1..$plan but $nok ok lines (exit status $rc)"
	[ "$rc" -eq "$BM_EXIT_PASS" ] ||
	    bm_fail "exit status $rc, expected $BM_EXIT_PASS"
	grep '^#' "$BM_LOG" | head -n 40
}

atf_init_test_cases()
{
	atf_add_test_case boot
}
