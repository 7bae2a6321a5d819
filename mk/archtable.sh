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

# Each ARCH's bare-metal machine, as the build describes it
# (mk/baremetal.mk, bm-describe): "ARCH<TAB>qemu command|CPU counts".
src=$(cd "$(dirname "$0")/.." && pwd)
kern=$(mktemp)
trap 'rm -f "$kern"' EXIT
awk '!/^#/ && NF { print $1 }' "$1" | while read -r a; do
	printf '%s\t%s\n' "$a" "$(make -s --no-print-directory -C "$src" \
	    ARCH="$a" bm-describe 2>/dev/null || echo -)"
done > "$kern"

awk -v kern="$kern" '
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
# The qemu-system program with its -M and -cpu, and the CPU counts.
function kernel(d,   n, w, i, q, smp) {
	if (d == "" || d == "-")
		return ""
	smp = d; sub(/^[^|]*\|/, "", smp); sub(/\|.*/, "", d)
	n = split(d, w, " ")
	q = w[1]
	for (i = 2; i < n; i++)
		if (w[i] == "-M" || w[i] == "-cpu")
			q = q " " w[i] " " w[i + 1]
	if (smp == "1")
		return ", bare-metal kernel under `" q "` (one CPU)"
	gsub(/ /, ", ", smp)
	return ", bare-metal kernel under `" q "` (" smp " CPUs)"
}
function proof(arch, run, qemu, clang, model) {
	gsub(/,/, " ", qemu)
	if (run == "native") p = "run natively"
	else if (run == "qemu") p = "run under `qemu-" qemu "`"
	else if (run == "freestanding") p = "single-threaded cases run freestanding under `qemu-" qemu "`"
	else p = "compiled"
	p = p ", audited"
	if (clang != "-") p = p ", clang"
	if (model != "" && model != "-") p = p ", " model " model (litmus)"
	return p kernel(kd[arch])
}
BEGIN {
	FS = "\t"
	while ((getline l < kern) > 0) {
		split(l, f, "\t"); kd[f[1]] = f[2]
	}
	FS = " "
	print "| ARCH | `<machine>` | type (size) | locked / unlocked, bytes in memory | acquire | release | proven here |"
	print "|---|---|---|---|---|---|---|"
}
/^#ARCH/ { sub(/^#/, ""); for (i = 1; i <= NF; i++) col[$i] = i; next }
!/^#/ && NF {
	printf "| %s | %s | %s (%d) | %s / %s | %s | %s | %s |\n", \
	    $1, $2, ctype($9), $10, bytes($12, $10), bytes($13, $10), \
	    insns($14), insns($15), proof($1, $6, $7, $8, $col["MODEL"])
}' "$1"
