#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# archinfo.sh TABLE ARCH IMPL: the table's line for ARCH as a C header,
# so the representation test checks the headers against the table.
set -eu
awk -v a="$2" -v impl="$3" '
function bytes(s,   i, out) {
	out = ""
	for (i = 1; i < length(s); i += 2)
		out = out (out == "" ? "" : ", ") "0x" substr(s, i, 2)
	return "{ " out " }"
}
!/^#/ && $1 == a {
	print "/* Generated from mk/arches.tab by mk/archinfo.sh. */"
	printf "#define\tARCHINFO_ARCH\t\t\"%s\"\n", $1
	printf "#define\tARCHINFO_MACHINE\t\"%s\"\n", $2
	printf "#define\tARCHINFO_IMPL\t\t\"%s\"\n", impl
	printf "#define\tARCHINFO_TYPE\t\t\"%s\"\n", $9
	printf "#define\tARCHINFO_SIZE\t\t%d\n", $10
	printf "#define\tARCHINFO_ALIGN\t\t%d\n", $11
	printf "#define\tARCHINFO_LOCKED\t\t%s\n", bytes($12)
	printf "#define\tARCHINFO_UNLOCKED\t%s\n", bytes($13)
	found = 1
}
END { if (!found) { print "archinfo.sh: no ARCH " a > "/dev/stderr"; exit 1 } }
' "$1"
