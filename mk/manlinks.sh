#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# manlinks.sh -n PAGE...		print "page name" for every .Nm name
# manlinks.sh [-p] DIR SUFFIX PAGE...	in DIR, link name SUFFIX -> page SUFFIX
#
# A page's names are the .Nm lines of its NAME section; the page itself
# is the one named by its file (foo.9 or foo.9.in is page foo).  Every
# other name becomes a relative symbolic link to it, as NetBSD's MLINKS
# do.  Fails if two pages claim one name, or a name is another page's.
# Each link replaces the old one in one step (ln -sf renames over it),
# so a reader never finds it missing.  -p then prunes DIR: every link
# (name SUFFIX) that no page names and every file that is no page goes.
set -eu

names() {
	awk '
	FNR == 1 {
		page = FILENAME
		sub(/.*\//, "", page)
		sub(/\.in$/, "", page)
		sub(/\.[0-9][a-z]*$/, "", page)
		insec = 0
	}
	/^\.Sh[ \t]/ { insec = ($2 == "NAME") }
	insec && /^\.Nm[ \t]/ { print page, $2 }
	' "$@" | awk '
	{ n[$2]++; if (!($2 in by)) by[$2] = $1; else by[$2] = by[$2] " " $1 }
	{ pages[$1] = 1; line[NR] = $0 }
	END {
		bad = 0
		for (k in n)
			if (n[k] > 1) {
				printf "manlinks.sh: name %s claimed by: %s\n", \
				    k, by[k] > "/dev/stderr"
				bad = 1
			}
		for (i = 1; i <= NR; i++) {
			split(line[i], f, " ")
			if (f[1] != f[2] && (f[2] in pages)) {
				printf "manlinks.sh: %s names %s, which is a page\n", \
				    f[1], f[2] > "/dev/stderr"
				bad = 1
			}
		}
		for (p in pages)
			if (!((p) in n)) {
				printf "manlinks.sh: page %s has no .Nm %s\n", \
				    p, p > "/dev/stderr"
				bad = 1
			}
		if (bad)
			exit 1
		for (i = 1; i <= NR; i++)
			print line[i]
	}'
}

if [ "$1" = -n ]; then
	shift
	names "$@"
	exit
fi

prune=
if [ "$1" = -p ]; then
	prune=1
	shift
fi
dir=$1 suffix=$2
shift 2
list=$(names "$@")
echo "$list" | while read -r page name; do
	[ "$page" = "$name" ] && continue
	ln -sf "$page$suffix" "$dir/$name$suffix"
done
[ -n "$prune" ] || exit 0
for f in "$dir"/*"$suffix"; do
	[ -e "$f" ] || [ -L "$f" ] || continue
	n=${f##*/}
	n=${n%"$suffix"}
	if [ -L "$f" ]; then
		# A link stays if some page has the name.
		echo "$list" | awk -v n="$n" '$2 == n { f = 1 } END { exit !f }'
	else
		# A file stays if it is a page.
		echo "$list" | awk -v n="$n" '$1 == n { f = 1 } END { exit !f }'
	fi || rm -f "$f"
done
