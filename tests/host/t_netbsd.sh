# SPDX-License-Identifier: BSD-2-Clause
#
# NetBSD source compatibility, for every ARCH of mk/arches.tab with its
# cross compiler (clang for its target where there is no gcc):
#
# - tests/host/netbsd/simplelock.c, a kernel simple_lock wrapper that
#   includes <machine/types.h> then <machine/lock.h> as NetBSD's
#   <sys/simplelock.h> does (on hppa also NetBSD's raw-word names),
#   compiles unchanged: userland, kernel and rump kernel, port and
#   builtins, C89 and C11, -pedantic -Werror;
# - tests/host/netbsd/pthread.c, static initialisers from a
#   libpthread-shaped pthread_types.h that includes nothing, compiles
#   after <machine/types.h> alone, in C and (with g++ or clang++) in
#   C++, and the lock has mk/arches.tab's size;
# - <machine/types.h> includes nothing and defines nothing but lock
#   names (__-prefixed), so it cannot clash with the C library; and,
#   where the ARCH's C library is installed, it and <machine/lock.h>
#   compile beside <sys/types.h>, <pthread.h> and <signal.h>, in
#   either order.
# The broken_* cases show each check failing on a damaged types.h.
# (atf-sh; @SRCDIR@ is filled in by mk/check.mk.)

SRCDIR=@SRCDIR@
NB=$SRCDIR/tests/host/netbsd

# row ARCH: machine, triple, cflags, clang target and lock size from
# mk/arches.tab.
row()
{
	set -- $(awk -v a="$1" '!/^#/ && $1 == a' "$SRCDIR/mk/arches.tab")
	machine=$2 triple=$4 cflags=$(echo "$5" | tr , ' ') target=$8 size=${10}
	[ "$cflags" = - ] && cflags=
	[ "$triple" = - ] && triple=
	[ "$target" = - ] && target=
	return 0
}

# pick: cc (the ARCH's gcc, else clang for its target) and cxx (g++ or
# clang++ for C++, empty if neither); fails if there is no compiler.
pick()
{
	: > empty.c
	g=${triple:+$triple-}gcc
	cxx=
	if command -v "$g" >/dev/null &&
	    "$g" $cflags -E empty.c >/dev/null 2>&1; then
		cc="$g $cflags"
		fsinc=$("$g" $cflags -print-file-name=include)
		command -v "${g%gcc}g++" >/dev/null && cxx="${g%gcc}g++ $cflags"
	elif [ -n "$target" ] && command -v clang >/dev/null; then
		cc="clang --target=$target $cflags"
		fsinc=$(clang -print-resource-dir)/include
	else
		return 1
	fi
	if [ -z "$cxx" ] && [ -n "$target" ] && command -v clang++ >/dev/null
	then
		cxx="clang++ --target=$target $cflags"
		cxxinc=$(clang -print-resource-dir)/include
	else
		cxxinc=$fsinc
	fi
	return 0
}

# layout ARCHDIR: inc/ as the build lays it out (Makefile, headers).
layout()
{
	rm -rf inc && mkdir inc
	for d in "$1"/*/include; do
		n=${d%/include}
		ln -sfn "$d" "inc/${n##*/}"
	done
	if [ -f "$1/$machine/include/lock.h" ]; then
		ln -sfn "$1/$machine/include" inc/machine
	else
		ln -sfn "$1/common/include" inc/machine
	fi
	ln -sfn "$SRCDIR/sys/rump" inc/platform
}

# try WHAT CMD...: run CMD; on failure print WHAT and its errors.
try()
{
	what=$1
	shift
	"$@" > log 2>&1 && return 0
	echo "FAIL: $what: $*"
	head -n 8 log
	return 1
}

WARN="-Wall -Wextra -Werror -pedantic"

# clients: both NetBSD-shaped clients, freestanding.
clients()
{
	fs="-ffreestanding -nostdinc -isystem $fsinc"
	for std in c89 gnu11; do
	for k in "" -D_KERNEL "-D_KERNEL -D_RUMPKERNEL"; do
	for f in "" -D__SIMPLELOCK_COMMON; do
		try "simplelock.c -std=$std $k $f" \
		    $cc -std=$std $WARN $k $f $fs -O2 -Iinc -I"$SRCDIR/sys" \
		    -S -o /dev/null "$NB/simplelock.c" || return 1
	done; done
		try "pthread.c -std=$std" $cc -std=$std $WARN $fs \
		    -DWANT_SIZE="$size" -Iinc -fsyntax-only "$NB/pthread.c" ||
		    return 1
	done
	[ -n "$cxx" ] || return 0
	for std in c++98 c++11 c++17; do
		try "pthread.c as C++, -std=$std" $cxx -x c++ -std=$std $WARN \
		    -ffreestanding -nostdinc -isystem "$cxxinc" \
		    -DWANT_SIZE="$size" -Iinc -fsyntax-only "$NB/pthread.c" ||
		    return 1
	done
}

# names: <machine/types.h> alone, preprocessed in every configuration,
# draws in no header but the project's and defines only lock names:
# macros __SIMPLELOCK_*, __CPU_SIMPLE_LOCK_PAD, the internal __SL_*
# and its include guard; in code, no identifier but C keywords,
# __-prefixed ones and hppa's member csl_lock.
names()
{
	printf '#include <machine/types.h>\n' > names.c
	for k in "" -D_KERNEL "-D_KERNEL -D_RUMPKERNEL"; do
		try "preprocess <machine/types.h> $k" $cc $k -ffreestanding \
		    -nostdinc -isystem "$fsinc" -E -dD -Iinc names.c || return 1
		awk '
		BEGIN {
			split("typedef struct union volatile const unsigned " \
			    "signed char short int long", kw, " ")
			for (i in kw) key[kw[i]] = 1
			okdef = "^(__SIMPLELOCK_[A-Z_]+|__CPU_SIMPLE_LOCK_PAD|" \
			    "__SL_[A-Z0-9_]+|_[A-Z0-9]+_TYPES_H_)$"
		}
		/^# [0-9]+ "/ {
			file = $3; gsub(/"/, "", file)
			ours = (file ~ /^inc\//)
			if (!ours && file !~ /^</ && file != "names.c") {
				print "includes " file; bad = 1
			}
			next
		}
		!ours { next }
		/^#define[ \t]/ {
			n = $2; sub(/\(.*/, "", n)
			if (n !~ okdef) {
				print file ": defines " n; bad = 1
			}
			next
		}
		/^#/ { next }
		{
			l = $0
			gsub(/[^A-Za-z0-9_]+/, " ", l)
			nt = split(l, t, " ")
			for (i = 1; i <= nt; i++)
				if (t[i] ~ /^[A-Za-z_]/ && !(t[i] in key) &&
				    t[i] !~ /^__/ && t[i] != "csl_lock") {
					print file ": declares " t[i]; bad = 1
				}
		}
		END { exit bad }' log > names.out || {
			echo "FAIL: <machine/types.h> $k is not lock names only:"
			sort -u names.out
			return 1
		}
	done
}

# hosted: beside the C library's headers, in either order, userland and
# rump kernel; skipped (returns 0) where the ARCH has no C library here.
hosted()
{
	printf '#include <pthread.h>\nint x;\n' > libc.c
	$cc -E libc.c > /dev/null 2>&1 || return 0
	printf '%s\n' '#include <sys/types.h>' '#include <stdint.h>' \
	    '#include <pthread.h>' '#include <signal.h>' \
	    '#include <machine/types.h>' '#include <machine/lock.h>' \
	    '#include <sys/lock.h>' 'int hosted;' > h1.c
	printf '%s\n' '#include <machine/types.h>' '#include <machine/lock.h>' \
	    '#include <sys/lock.h>' '#include <sys/types.h>' \
	    '#include <stdint.h>' '#include <pthread.h>' \
	    '#include <signal.h>' 'int hosted;' > h2.c
	for f in h1.c h2.c; do
	for k in "" "-D_KERNEL -D_RUMPKERNEL -D_GNU_SOURCE"; do
		try "hosted $f $k" $cc -std=gnu11 $WARN $k -Iinc \
		    -I"$SRCDIR/sys" -fsyntax-only $f || return 1
	done; done
}

# check ARCHDIR ARCH: all of the above on the sys/arch tree ARCHDIR.
check()
{
	row "$2"
	pick || { echo "no compiler for $2"; return 2; }
	layout "$1"
	clients && names && hosted
}

check_arch()
{
	check "$SRCDIR/sys/arch" "$1"
	case $? in
	0)	;;
	2)	atf_skip "no gcc or clang for $1 (run mk/deps.sh)" ;;
	*)	atf_fail "$1: NetBSD-shaped code does not compile (above)" ;;
	esac
}

# reject ARCH FILE SED WHY: with FILE (under sys/arch) edited by SED,
# the check must fail for ARCH, saying WHY (a regex of its output).
reject()
{
	arch=$1 file=$2 edit=$3 why=$4
	rm -rf broken && mkdir broken
	cp -R "$SRCDIR/sys/arch/." broken/
	sed -e "$edit" "$SRCDIR/sys/arch/$file" > "broken/$file"
	! cmp -s "broken/$file" "$SRCDIR/sys/arch/$file" ||
	    atf_fail "the edit '$edit' did not change $file"
	check "$PWD/broken" "$arch" > out 2>&1
	rc=$?
	cat out
	[ $rc -ne 2 ] || atf_skip "no compiler for $arch"
	[ $rc -ne 0 ] || atf_fail "$file with '$edit' passed"
	grep -q -e "$why" out || atf_fail "$file with '$edit': not '$why'"
}

atf_test_case broken_types_rejected
broken_types_rejected_head()
{
	atf_set descr "A damaged <machine/types.h> fails the checks: no" \
	    "unlocked value, a wrong size, a name the C library might" \
	    "have, a C library include, a C library type redefined;" \
	    "hppa without NetBSD's name for its aligned word"
}
broken_types_rejected_body()
{
	reject x86_64 x86/include/types.h '/__SIMPLELOCK_UNLOCKED/d' \
	    'FAIL: simplelock.c'
	reject x86_64 x86/include/types.h 's/unsigned char/unsigned short/' \
	    'FAIL: pthread.c'
	reject x86_64 x86/include/types.h \
	    's/^#define[[:space:]]_X86_TYPES_H_$/&\ntypedef unsigned long vaddr_t;/' \
	    'declares vaddr_t'
	reject aarch64 aarch64/include/types.h \
	    's/^#define[[:space:]]_AARCH64_TYPES_H_$/&\n#define PAGE_SHIFT 12/' \
	    'defines PAGE_SHIFT'
	reject riscv64 riscv/include/types.h \
	    's/^#define[[:space:]]_RISCV_TYPES_H_$/&\n#include <stddef.h>/' \
	    'includes .*stddef.h'
	reject x86_64 x86/include/types.h \
	    's/^#define[[:space:]]_X86_TYPES_H_$/&\ntypedef long __pid_t;/' \
	    'FAIL: hosted'
	reject hppa hppa/include/lock.h 's/__SIMPLELOCK_ALIGN/__SL_HPPA_ALIGN/g' \
	    'FAIL: simplelock.c'
}

# The representation is written once, in <machine/types.h>: every
# sys/arch/*/include with a lock.h has a types.h, and no lock.h
# defines the type or the values itself.
atf_test_case written_once
written_once_head()
{
	atf_set descr "Every port has a types.h, and its lock.h defines" \
	    "no representation of its own"
}
written_once_body()
{
	bad=0
	for l in "$SRCDIR"/sys/arch/*/include/lock.h; do
		d=${l%/lock.h}
		[ -f "$d/types.h" ] ||
		    { echo "${d#$SRCDIR/}: lock.h but no types.h"; bad=1; }
		if grep -En '__cpu_simple_lock_nv_t;|^#[[:space:]]*define[[:space:]]+(__SIMPLELOCK_(UN)?LOCKED|__CPU_SIMPLE_LOCK_PAD)[[:space:]]*' \
		    "$l"; then
			echo "${l#$SRCDIR/}: defines the representation"
			bad=1
		fi
	done
	[ $bad = 0 ] || atf_fail "representation outside <machine/types.h>"
}

atf_init_test_cases()
{
	for a in $(awk '!/^#/ && NF { print $1 }' "$SRCDIR/mk/arches.tab"); do
		eval "${a}_head() { atf_set descr \"$a: NetBSD-shaped clients compile unchanged; <machine/types.h> is lock names only\"; }"
		eval "${a}_body() { check_arch $a; }"
		atf_add_test_case "$a"
	done
	atf_add_test_case broken_types_rejected
	atf_add_test_case written_once
}
