#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# archtable.sh TABLE: the README's architecture table, in Markdown, from
# mk/arches.tab.  archtable.sh -u TABLE README: rewrite the README's
# region between <!-- archtable ... --> and <!-- /archtable --> with it.
set -eu

if [ "$1" = -u ]; then
	table=$2 readme=$3
	tmp=$readme.tmp
	sh "$0" "$table" > "$tmp.table"
	awk -v t="$tmp.table" '
	/^<!-- archtable/ { print; while ((getline l < t) > 0) print l
		skip = 1; next }
	/^<!-- \/archtable -->/ { skip = 0 }
	!skip' "$readme" > "$tmp"
	rm -f "$tmp.table"
	mv "$tmp" "$readme"
	exit 0
fi

awk '
function ctype(t) {
	if (t == "uchar") return "`unsigned char`"
	if (t == "uint") return "`unsigned int`"
	if (t == "int") return "`int`"
	if (t == "struct") return "`struct { unsigned long [4] }`"
	return "`" t "`"
}
# Bytes in memory, in pairs of hex digits; a long lock as its words.
function bytes(s, size,   i, out, w, n, prev, cnt) {
	if (size > 8) {
		out = ""; cnt = 0; prev = ""
		for (i = 1; i < length(s); i += 8) {
			w = bytes(substr(s, i, 8), 4)
			if (w == prev) { cnt++; continue }
			if (prev != "") out = out (out == "" ? "" : ", ") (cnt > 1 ? cnt " × " : "") prev
			prev = w; cnt = 1
		}
		return out (out == "" ? "" : ", ") (cnt > 1 ? cnt " × " : "") prev
	}
	out = ""
	for (i = 1; i < length(s); i += 2)
		out = out (out == "" ? "" : " ") substr(s, i, 2)
	return "`" out "`"
}
function insns(s) { gsub(/,/, "`, `", s); return "`" s "`" }
function proof(run, qemu, clang) {
	gsub(/,/, " ", qemu)
	if (run == "native") p = "run natively"
	else if (run == "qemu") p = "run under `qemu-" qemu "`"
	else if (run == "freestanding") p = "single-threaded cases run freestanding under `qemu-" qemu "`"
	else p = "compiled"
	p = p ", audited"
	if (clang != "-") p = p ", clang"
	return p
}
BEGIN {
	print "| ARCH | `<machine>` | type (size) | locked / unlocked, bytes in memory | acquire | release | proven here |"
	print "|---|---|---|---|---|---|---|"
}
!/^#/ && NF {
	printf "| %s | %s | %s (%d) | %s / %s | %s | %s | %s |\n", \
	    $1, $2, ctype($9), $10, bytes($12, $10), bytes($13, $10), \
	    insns($14), insns($15), proof($6, $7, $8)
}' "$1"
