#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# kyuafile.sh DIR RUNNER BINSUFFIX SKIP_REASON PROG...
# Prints DIR's Kyuafile.  A cross-built PROG$BINSUFFIX gets a wrapper
# PROG that kyua runs: it execs the binary (under RUNNER, qemu-user,
# when set).  With SKIP_REASON, DIR gets one atf-sh program whose only
# case is skipped with that reason, so kyua reports why nothing ran,
# plus t_freestanding (a TAP program under RUNNER) if it was built.
set -eu
dir=$1 runner=$2 suffix=$3 reason=$4
shift 4
mkdir -p "$dir"
echo 'syntax(2)'
echo 'test_suite("simplelock")'
if [ -n "$reason" ]; then
	cat > "$dir/t_skipped" <<SKIP
#! /usr/bin/env atf-sh
atf_test_case not_run
not_run_head() { atf_set descr "Why this configuration ran nothing"; }
not_run_body() { atf_skip "$reason"; }
atf_init_test_cases() { atf_add_test_case not_run; }
SKIP
	chmod +x "$dir/t_skipped"
	echo 'atf_test_program{name="t_skipped"}'
	# A freestanding TAP program (mk/ports.mk), or why there is none.
	if [ -f "$dir/t_freestanding$suffix" ]; then
		printf '#!/bin/sh\nexec %s "%s/t_freestanding%s" "$@"\n' \
		    "$runner" "$dir" "$suffix" > "$dir/t_freestanding"
		chmod +x "$dir/t_freestanding"
		echo 'tap_test_program{name="t_freestanding"}'
	elif [ -f "$dir/t_freestanding.skip" ]; then
		cat > "$dir/t_freestanding" <<SKIP
#! /usr/bin/env atf-sh
atf_test_case not_run
not_run_head() { atf_set descr "Why t_freestanding did not run"; }
not_run_body() { atf_skip "$(cat "$dir/t_freestanding.skip")"; }
atf_init_test_cases() { atf_add_test_case not_run; }
SKIP
		chmod +x "$dir/t_freestanding"
		echo 'atf_test_program{name="t_freestanding"}'
	fi
	exit 0
fi
for p in "$@"; do
	if [ -n "$suffix" ]; then
		printf '#!/bin/sh\nexec %s "%s/%s%s" "$@"\n' \
		    "$runner" "$dir" "$p" "$suffix" > "$dir/$p"
		chmod +x "$dir/$p"
	fi
	echo "atf_test_program{name=\"$p\"}"
done
