#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# mantable.sh TABLE < PAGE.in > PAGE
#
# Copies a manual page template, replacing the line `.\" @ARCHTABLE@'
# with an mdoc table of every port's representation, read from TABLE
# (mk/arches.tab), so the page documents exactly what the build uses.
# Fails if the template has no such line or the table has no rows.
set -eu
tab=$1
rows=$(mktemp)
trap 'rm -f "$rows"' EXIT

awk '
# Bytes in memory ("01000000"); a pattern repeated over more than four
# bytes is written once with its count, so hppa fits in a column.
function bytes(s,   n, p, k, pat, ok) {
	n = length(s) / 2
	if (n > 4) {
		for (p = 1; p < n; p++) {
			if (n % p != 0)
				continue
			pat = substr(s, 1, 2 * p)
			ok = 1
			for (k = 1; k < n / p; k++)
				if (substr(s, 1 + 2 * p * k, 2 * p) != pat)
					ok = 0
			if (ok)
				return pat "\\(mu" (n / p)
		}
	}
	return s
}
# mdoc text: a backslash is \e; commas in the table separate
# instructions of a sequence.
function text(s) {
	gsub(/\\/, "\\e", s)
	gsub(/,/, ",\\:", s)
	return s == "-" ? "\\(em" : s
}
function widen(c, s,   w) {
	w = s
	gsub(/\\\(mu/, "x", w)
	gsub(/\\\(em/, "-", w)
	gsub(/\\e/, "\\", w)
	gsub(/\\:/, "", w)
	if (length(w) > length(wid[c]))
		wid[c] = w
}
# Columns are found by name in the header line, "#ARCH ...".
/^#ARCH[ \t]/ {
	sub(/^#/, "")
	for (i = 1; i <= NF; i++)
		col[$i] = i
	need = "ARCH TYPE SIZE ALIGN LOCKED UNLOCKED ACQUIRE RELEASE"
	k = split(need, names, " ")
	for (i = 1; i <= k; i++)
		if (!(names[i] in col)) {
			printf "mantable.sh: no column %s\n", names[i] \
			    > "/dev/stderr"
			bad = 1
			exit 1
		}
	ncol = NF
	next
}
!/^#/ && NF {
	if (!ncol) {
		print "mantable.sh: no #ARCH header line" > "/dev/stderr"
		bad = 1
		exit 1
	}
	if (NF < ncol) {
		printf "mantable.sh: %s: short row for %s\n", FILENAME, $1 \
		    > "/dev/stderr"
		bad = 1
		exit 1
	}
	n++
	cell[n, 1] = $col["ARCH"]
	cell[n, 2] = text($col["TYPE"])
	cell[n, 3] = $col["SIZE"] "/" $col["ALIGN"]
	cell[n, 4] = bytes($col["LOCKED"])
	cell[n, 5] = bytes($col["UNLOCKED"])
	cell[n, 6] = text($col["ACQUIRE"])
	cell[n, 7] = text($col["RELEASE"])
}
END {
	if (bad)
		exit 1
	if (n == 0) {
		print "mantable.sh: no rows in the table" > "/dev/stderr"
		exit 1
	}
	head[1] = "ARCH"; head[2] = "type"; head[3] = "size"
	head[4] = "held"; head[5] = "free"; head[6] = "acquire"
	head[7] = "release"
	for (c = 1; c <= 7; c++) {
		widen(c, head[c])
		for (r = 1; r <= n; r++)
			widen(c, cell[r, c])
	}
	printf ".Bl -column"
	for (c = 1; c <= 7; c++)
		printf " \"%s\"", wid[c]
	printf "\n"
	printf ".It Em %s", head[1]
	for (c = 2; c <= 7; c++)
		printf " Ta Em %s", head[c]
	printf "\n"
	for (r = 1; r <= n; r++) {
		printf ".It Li \\&%s", cell[r, 1]
		for (c = 2; c <= 7; c++)
			printf " Ta Li \\&%s", cell[r, c]
		printf "\n"
	}
	print ".El"
}
' "$tab" > "$rows"

awk -v rows="$rows" '
$0 == ".\\\" @ARCHTABLE@" {
	while ((getline l < rows) > 0)
		print l
	done = 1
	next
}
{ print }
END {
	if (!done) {
		print "mantable.sh: no @ARCHTABLE@ line in the template" \
		    > "/dev/stderr"
		exit 1
	}
}
'
