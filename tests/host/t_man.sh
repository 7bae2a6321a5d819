# SPDX-License-Identifier: BSD-2-Clause
# Manual pages: lint, installation with links, the generated table,
# and coverage of every public name in the installed headers.
# (atf-sh; @SRCDIR@ and @BUILDDIR@ are filled in by mk/check.mk.)

SRCDIR=@SRCDIR@
BUILDDIR=@BUILDDIR@

# make, serialised: kyua may run two of these cases at once, and both
# write $(BUILDDIR)/man (t_bench's make takes the same lock).
mk() {
	mkdir -p "$BUILDDIR"
	flock "$BUILDDIR/.make.lock" \
	    make -s --no-print-directory -C "$SRCDIR" BUILDDIR="$BUILDDIR" \
	    "$@" > make.log 2>&1 || {
		cat make.log >&2
		atf_fail "make $*: failed (output above)"
	}
}

# "page name" for every .Nm name of every source page.
pagenames() {
	set --
	for f in "$SRCDIR"/share/man/man9/*.9 "$SRCDIR"/share/man/man9/*.9.in
	do
		[ -f "$f" ] && set -- "$@" "$f"
	done
	[ $# -gt 0 ] && sh "$SRCDIR/mk/manlinks.sh" -n "$@"
}

atf_test_case lint
lint_head() {
	atf_set descr "mandoc -Tlint prints nothing for every page," \
	    "cross-references to this project's pages included"
	atf_set require.progs "mandoc make flock"
}
lint_body() {
	mk man
	cd "$BUILDDIR/man/man9" || atf_fail "no $BUILDDIR/man/man9"
	n=0 bad=
	for f in *.9; do
		[ -L "$f" ] && continue
		n=$((n + 1))
		# From this directory, so .Xr to our pages and links resolve.
		out=$(mandoc -Tlint "$f" 2>&1)
		if [ -n "$out" ]; then
			printf '%s\n' "$out" >&2
			bad="$bad $f"
		fi
	done
	[ "$n" -gt 0 ] || atf_fail "no pages in $BUILDDIR/man/man9"
	[ -z "$bad" ] || atf_fail "mandoc -Tlint complains about:$bad"
}

atf_test_case install
install_head() {
	atf_set descr "make install puts every page and one link per .Nm" \
	    "name in PREFIX/share/man/man9, and man -M shows the right" \
	    "page for every name; the HTML has every page and name"
	atf_set require.progs "mandoc man make flock"
}
install_body() {
	p=$(pwd)/prefix
	mk install PREFIX="$p"
	m=$p/share/man/man9
	pagenames > names || atf_fail "mk/manlinks.sh -n failed"
	[ -s names ] || atf_fail "no .Nm names found in share/man/man9"
	bad=0
	while read -r page name; do
		src=$SRCDIR/share/man/man9/$page.9
		[ -f "$src" ] || src=$src.in
		title=$(awk '$1 == ".Dt" { print $2 "(" $3 ")"; exit }' "$src")
		if [ ! -e "$m/$name.9" ]; then
			echo "$name: no $m/$name.9" >&2; bad=1; continue
		fi
		if [ "$(readlink -f "$m/$name.9")" != "$(readlink -f "$m/$page.9")" ]
		then
			echo "$name.9 is not $page.9" >&2; bad=1
		fi
		if [ ! -e "$BUILDDIR/man/html/$name.9.html" ]; then
			echo "$name: no HTML $name.9.html" >&2; bad=1
		fi
		# What a reader gets: the page's own title on the first
		# line, and the name in the NAME section.
		MANPAGER=cat MANWIDTH=80 MAN_DISABLE_SECCOMP=1 \
		    man -M "$p/share/man" 9 "$name" > out 2> err
		if ! head -n 1 out | grep -qF "$title"; then
			echo "man -M ... 9 $name: not $title:" >&2
			head -n 3 out err >&2; bad=1
		elif ! sed -n '/^NAME/,/^[A-Z]/p' out | grep -qF "$name"; then
			echo "man 9 $name: $name not in NAME" >&2; bad=1
		fi
	done < names
	# Nothing installed that no .Nm names (a fresh prefix).
	ls "$m" | sed 's/\.9$//' | sort > installed
	awk '{ print $2 }' names | sort > expected
	if ! cmp -s installed expected; then
		diff expected installed >&2; bad=1
	fi
	[ "$bad" = 0 ] || atf_fail "pages or links missing or wrong (above)"
}

atf_test_case table
table_head() {
	atf_set descr "__cpu_simple_lock(9) has a representation row for" \
	    "every ARCH of mk/arches.tab, with its type and size"
	atf_set require.progs "mandoc make flock col"
}
table_body() {
	mk man
	page=$BUILDDIR/man/man9/__cpu_simple_lock.9
	mandoc -Tascii "$page" | col -bx > page.txt
	awk '/^#ARCH/ { sub(/^#/, ""); for (i = 1; i <= NF; i++) c[$i] = i; next }
	    !/^#/ && NF { print $c["ARCH"], $c["TYPE"], $c["SIZE"] "/" $c["ALIGN"] }' \
	    "$SRCDIR/mk/arches.tab" > rows
	[ -s rows ] || atf_fail "no rows read from mk/arches.tab"
	bad=0
	while read -r arch type size; do
		if ! grep -Eq "^ +$arch +$type +$size " page.txt; then
			echo "no row: $arch $type $size" >&2; bad=1
		fi
	done < rows
	n=$(sed -n '/^ *ARCH  *type/,/^$/p' page.txt | grep -c .)
	[ "$n" -eq $(($(wc -l < rows) + 1)) ] || {
		echo "table has $n lines for $(wc -l < rows) arches" >&2
		bad=1
	}
	[ "$bad" = 0 ] || atf_fail "table differs from mk/arches.tab"
}

atf_test_case examples
examples_head() {
	atf_set descr "Every EXAMPLES display that starts with #include" \
	    "compiles against the installed headers, as kernel code"
	atf_set require.progs "make flock cc"
}
examples_body() {
	p=$(pwd)/prefix
	mk install PREFIX="$p"
	n=0 bad=
	for f in "$BUILDDIR"/man/man9/*.9; do
		[ -L "$f" ] && continue
		page=$(basename "$f" .9)
		# Each literal display of EXAMPLES, mdoc escapes undone,
		# to page.N.c.
		awk -v out="$page" '
		/^\.Sh/ { ex = ($2 == "EXAMPLES") }
		ex && /^\.Bd[ \t]+-literal/ { k++; inb = 1; first = 1; next }
		inb && /^\.Ed/ { inb = 0; next }
		inb {
			l = $0
			gsub(/\\&/, "", l); gsub(/\\e/, "\\", l)
			if (first && l !~ /^#include/) { inb = 0; next }
			first = 0
			print l > (out "." k ".c")
		}' "$f"
		for c in "$page".*.c; do
			[ -f "$c" ] || continue
			n=$((n + 1))
			if ! ${CC:-cc} -std=gnu11 -Wall -Wextra -Werror \
			    -D_KERNEL -D_RUMPKERNEL -D_GNU_SOURCE -I"$p/include" \
			    -c -o /dev/null "$c"; then
				bad="$bad $c"
			fi
		done
	done
	[ "$n" -gt 0 ] || atf_fail "no example starting with #include found"
	echo "$n examples compiled" >&2
	[ -z "$bad" ] || atf_fail "examples that do not compile:$bad"
}

# scan ROOT FILTER CC FLAGS...: print "name header" for every macro
# #defined (and not #undef'd again) and every function declared or
# defined at file scope in a header under ROOT whose path there
# matches the awk regex FILTER (or, as !REGEX, does not), read from the preprocessor's output of TU (-dD keeps the
# #define lines, with line markers saying which file each came from).
scan() {
	root=$1 filter=$2
	shift 2
	"$@" -E -dD -I"$root" tu.c 2> scan.err > tu.i || return 1
	awk -v root="$root/" -v filter="$filter" '
	function rel(f) { return substr(f, length(root) + 1) }
	function ours(f) {
		if (index(f, root) != 1)
			return 0
		if (substr(filter, 1, 1) == "!")
			return rel(f) !~ substr(filter, 2)
		return rel(f) ~ filter
	}
	BEGIN {
		split("__attribute__ __attribute __asm__ __asm asm " \
		    "__typeof__ __typeof typeof __extension__ sizeof " \
		    "_Alignas _Alignof __alignof__ _Static_assert " \
		    "_Generic __declspec __inline __inline__ inline " \
		    "static extern const volatile void char short int " \
		    "long float double signed unsigned _Bool struct " \
		    "union enum return if while for switch _Noreturn " \
		    "__restrict restrict", kw, " ")
		for (i in kw) key[kw[i]] = 1
	}
	/^# [0-9]+ "/ {
		file = $3; gsub(/"/, "", file); next
	}
	/^#define[ \t]/ {
		n = $2; sub(/\(.*/, "", n)
		if (ours(file)) def[n] = rel(file)
		next
	}
	/^#undef[ \t]/ { if (ours(file)) delete def[$2]; next }
	/^#/ { next }
	{
		l = $0
		gsub(/"([^"\\]|\\.)*"/, " @ ", l)
		gsub(/\047([^\047\\]|\\.)*\047/, " @ ", l)
		gsub(/[{}();*]/, " & ", l)
		gsub(/[^A-Za-z0-9_{}();* \t]/, " @ ", l)
		nt = split(l, t, /[ \t]+/)
		for (i = 1; i <= nt; i++) {
			tok = t[i]
			if (tok == "")
				continue
			if (pending != "") {
				# name ( * : a pointer to function, not one.
				if (tok != "*" && ours(pfile))
					fn[pending] = rel(pfile)
				pending = ""
			}
			if (tok == "{") depth++
			else if (tok == "}") depth--
			else if (tok == "(") {
				if (depth == 0 && pdepth == 0 &&
				    prev ~ /^[A-Za-z_][A-Za-z0-9_]*$/ &&
				    !(prev in key)) {
					pending = prev; pfile = file
				}
				pdepth++
			} else if (tok == ")") pdepth--
			prev = tok
		}
	}
	END {
		for (n in def) print n, def[n]
		for (n in fn) print n, fn[n]
	}' tu.i
}

# Names the project need not document: include guards and other
# reserved _X names, internal __SL_/__sl_ names, the userland
# platform's internal __rump_ names, TSan's hooks.
public() {
	awk '$1 !~ /^_[A-Z]/ && $1 !~ /^__SL_/ && $1 !~ /^__sl_/ &&
	    $1 !~ /^__rump_/ && $1 !~ /^__tsan_/' "$@"
}

# The configurations a header may be read in.
CONFIGS="
-U_KERNEL
-D__SIMPLELOCK_COMMON
-D_KERNEL
-D_KERNEL:-DLOCKDEBUG
-D_KERNEL:-D_RUMPKERNEL
-D_KERNEL:-D_RUMPKERNEL:-DLOCKDEBUG
-D_KERNEL:-D__SIMPLELOCK_COMMON:-DLOCKDEBUG
-D_KERNEL:-D_RUMPKERNEL:-D__SIMPLELOCK_COMMON
"

# scanall ROOT FILTER HEADERS CC...: scan every header of the file
# HEADERS in every configuration; a header that does not preprocess on
# its own is retried after <sys/lock.h> (the internal ones need it).
# Appends to names.all; lists in failed.all what never preprocessed.
scanall() {
	root=$1 filter=$2 hdrs=$3
	shift 3
	while read -r h; do
		ok=0
		for c in $CONFIGS; do
			cf=$(echo "$c" | tr : ' ')
			printf '#include <%s>\n' "$h" > tu.c
			if ! scan "$root" "$filter" "$@" $cf >> names.all; then
				printf '#include <sys/lock.h>\n#include <%s>\n' \
				    "$h" > tu.c
				scan "$root" "$filter" "$@" $cf >> names.all ||
				    continue
			fi
			ok=1
		done
		if [ $ok = 0 ]; then
			echo "$h" >> failed.all
			cat scan.err >&2
		fi
	done < "$hdrs"
}

# check MANDIR: every public name in names.all has MANDIR/name.9.
check() {
	public names.all | sort -u -k1,1 > public.txt
	[ -s public.txt ] || atf_fail "no public names found: scan broken"
	missing=0
	while read -r name hdr; do
		if [ ! -e "$1/$name.9" ]; then
			echo "$name ($hdr): no page or link" >&2
			missing=$((missing + 1))
		fi
	done < public.txt
	echo "$(wc -l < public.txt) public names checked" >&2
	[ "$missing" = 0 ] || atf_fail "$missing public names have no" \
	    "manual page or link (above): add a page or a .Nm line"
}

atf_test_case coverage
coverage_head() {
	atf_set descr "Every function and macro declared in a header that" \
	    "make install installs has a page or a link (hosted and" \
	    "freestanding, userland and kernel, port and common)"
	atf_set require.progs "make flock cc"
	atf_set timeout 600
}
coverage_body() {
	p=$(pwd)/prefix
	mk install PREFIX="$p"
	inc=$p/include
	(cd "$inc" && find . -name '*.h' | sed 's|^\./||' | sort) > hdrs
	[ -s hdrs ] || atf_fail "make install installed no headers"
	: > names.all; : > failed.all
	cc=${CC:-cc}
	scanall "$inc" . hdrs $cc -std=gnu11
	# Freestanding, as a kernel sees them.  A name only a fallback
	# defines there (EDEADLK when there is no <errno.h>) belongs to
	# the C library, which defines it in the hosted build.
	mv names.all hosted.all
	: > names.all
	for c in -U_KERNEL -D_KERNEL:-DLOCKDEBUG; do
		CONFIGS_SAVE=$CONFIGS CONFIGS=$c
		scanall "$inc" . hdrs $cc -std=gnu11 -ffreestanding -nostdinc \
		    -isystem "$($cc -print-file-name=include)"
		CONFIGS=$CONFIGS_SAVE
	done
	# Names the hosted headers define anywhere, the C library's too.
	: > libc.all
	while read -r h; do
		printf '#include <sys/lock.h>\n#include <%s>\n' "$h" > tu.c
		$cc -std=gnu11 -D_KERNEL -E -dM -I"$inc" tu.c 2>/dev/null |
		    awk '{ n = $2; sub(/\(.*/, "", n); print n }' >> libc.all
		$cc -std=gnu11 -E -dM -I"$inc" tu.c 2>/dev/null |
		    awk '{ n = $2; sub(/\(.*/, "", n); print n }' >> libc.all
	done < hdrs
	sort -u libc.all > libc.txt
	awk 'NR == FNR { libc[$1] = 1; next } !($1 in libc)' libc.txt \
	    names.all > free.all
	awk 'NR == FNR { h[$1] = 1; next } !($1 in h)' hosted.all \
	    free.all > extra.all
	cat hosted.all extra.all > names.all
	[ -s failed.all ] && atf_fail "headers that preprocess in no" \
	    "configuration: $(cat failed.all | tr '\n' ' ')"
	check "$p/share/man/man9"
}

atf_test_case coverage_ports
coverage_ports_head() {
	atf_set descr "Every function and macro the machine headers of" \
	    "every ARCH of mk/arches.tab declare (what make install" \
	    "ARCH=... installs as machine/ and its CPU directory) has a" \
	    "page or a link; preprocessed with that ARCH's compiler"
	atf_set require.progs "make flock"
	atf_set timeout 900
}
coverage_ports_body() {
	mk man
	: > names.all; : > failed.all; : > skipped
	arches=0
	awk '/^#ARCH/ { sub(/^#/, ""); for (i = 1; i <= NF; i++) c[$i] = i; next }
	    !/^#/ && NF { print $c["ARCH"], $c["MACHINE"], $c["CPU"],
		$c["TRIPLE"], $c["CFLAGS"], $c["CLANG"] }' \
	    "$SRCDIR/mk/arches.tab" > rows
	while read -r arch machine cpu triple cflags clang; do
		# The include tree the build gives this ARCH (Makefile,
		# headers target): every arch dir, and machine/.
		rm -rf inc && mkdir inc
		ln -sfn "$SRCDIR/sys/sys" inc/sys
		for d in "$SRCDIR"/sys/arch/*/include; do
			n=${d%/include}; n=${n##*/}
			ln -sfn "$d" "inc/$n"
		done
		md=$machine
		[ -e "$SRCDIR/sys/arch/$machine/include/lock.h" ] || md=common
		ln -sfn "$SRCDIR/sys/arch/$md/include" inc/machine
		ln -sfn "$SRCDIR/sys/rump" inc/platform
		{ (cd "$SRCDIR/sys/arch/$md/include" && ls *.h) |
		    sed 's|^|machine/|'
		  [ "$cpu" != "$md" ] && [ -d "$SRCDIR/sys/arch/$cpu/include" ] &&
		    (cd "$SRCDIR/sys/arch/$cpu/include" && ls *.h) |
		    sed "s|^|$cpu/|"
		} > hdrs
		fl=$(echo "$cflags" | sed 's/^-$//' | tr , ' ')
		# The ARCH's compiler with its flags, else clang for its
		# target: the first that preprocesses an empty file.
		gcc=${CC:-cc}
		[ "$triple" != - ] && gcc=$triple-gcc
		: > empty.c
		if command -v "$gcc" >/dev/null &&
		    "$gcc" $fl -E empty.c > /dev/null 2>&1; then
			set -- "$gcc" $fl
		elif [ "$clang" != - ] && command -v clang >/dev/null &&
		    clang --target="$clang" -E empty.c > /dev/null 2>&1; then
			set -- clang --target="$clang"
		else
			echo "$arch" >> skipped
			continue
		fi
		arches=$((arches + 1))
		# Freestanding: no C library for most of them here.  Only
		# the machine headers count; sys/ is the coverage case's.
		scanall "$(pwd)/inc" '!^sys/' hdrs \
		    "$@" -std=gnu11 -ffreestanding -nostdinc \
		    -isystem "$("$1" -print-file-name=include)"
		[ -s failed.all ] && atf_fail "$arch: headers that preprocess" \
		    "in no configuration: $(cat failed.all | tr '\n' ' ')"
	done < rows
	[ -s skipped ] && echo "not scanned (no compiler):" \
	    "$(cat skipped | tr '\n' ' ')" >&2
	[ "$arches" -gt 0 ] || atf_skip "no compiler for any ARCH"
	# The build's man9 holds the pages and links make install copies.
	check "$BUILDDIR/man/man9"
}

atf_init_test_cases() {
	atf_add_test_case lint
	atf_add_test_case install
	atf_add_test_case table
	atf_add_test_case examples
	atf_add_test_case coverage
	atf_add_test_case coverage_ports
}
