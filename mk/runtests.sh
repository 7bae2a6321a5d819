#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# runtests.sh BUILDDIR: run BUILDDIR/Kyuafile with kyua, write the HTML
# report to BUILDDIR/kyua-html, print failures and the closing line
# "N passed, N failed, N skipped".  Exits non-zero if anything failed.
set -u
b=$1
db=$b/results.db
rm -f "$db"
kyua --variable parallelism="${KYUA_PARALLELISM:-2}" test \
    --kyuafile="$b/Kyuafile" --results-file="$db" > "$b/kyua-test.log" 2>&1
kyua report-html --results-file="$db" --output="$b/kyua-html" --force \
    >/dev/null 2>&1
kyua report --results-file="$db" \
    --results-filter=skipped,xfail,broken,failed > "$b/kyua-report.txt" 2>&1
grep -E '\->  *(failed|broken)' "$b/kyua-test.log" || true
grep -E '\->  *skipped' "$b/kyua-test.log" | sed 's/^/  /' | head -40 || true
line=$(grep -E '^Test cases: ' "$b/kyua-report.txt" | tail -n 1)
if [ -z "$line" ]; then
	cat "$b/kyua-report.txt"
	echo "0 passed, 1 failed"
	exit 1
fi
# "Test cases: T total, S skipped, X expected failures, B broken, F failed"
set -- $(echo "$line" | tr -dc '0-9 ')
total=$1 skipped=$2 xfail=$3 broken=$4 failed=$5
passed=$((total - skipped - xfail - broken - failed))
bad=$((broken + failed))
echo "kyua HTML report: $b/kyua-html/index.html"
echo "$passed passed, $bad failed, $skipped skipped"
[ "$bad" -eq 0 ]
