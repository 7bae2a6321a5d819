#!/bin/sh
# kyuafile.sh DIR RUNNER BINSUFFIX SKIP_REASON PROG...
# Prints DIR's Kyuafile.  A cross-built PROG$BINSUFFIX gets a wrapper
# PROG that kyua runs: it execs the binary (under RUNNER, qemu-user,
# when set).  With SKIP_REASON, DIR gets one atf-sh program whose only
# case is skipped with that reason, so kyua reports why nothing ran.
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
