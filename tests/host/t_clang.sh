# SPDX-License-Identifier: BSD-2-Clause
# clang too: every port compiles with clang for its NetBSD target
# (mk/arches.tab's CLANG column), freestanding, -Werror, both flavours,
# userland and kernel; the builtins fallback compiles for a target with
# no port (wasm32 with atomics); and clang's object code passes the
# same ordering audit as gcc's, where a cross objdump can read it.
# Header hygiene for every port (t_headers checks the host's): <sys/lock.h>
# alone, twice, in every C and C++ dialect, pedantic, freestanding, with
# clang for each target and with each ARCH's gcc (C; C++ where a cross
# g++ is installed).

SRCDIR=@SRCDIR@

# Extra flags per ARCH.  sparc: clang 14 would hand its output to the
# host's as.  m68k: clang 14's experimental m68k backend has no tas in
# its integrated assembler, and its assembly output is not GNU as
# syntax, so there clang compiles to assembly only (-S), which still
# checks the C and every asm constraint; gcc's build assembles it.
clang_flags()
{
	case $1 in
	sparc|sparc64)	echo -fintegrated-as ;;
	m68k)		echo -fno-integrated-as ;;
	*)		echo ;;
	esac
}

asm_only()
{
	[ "$1" = m68k ]
}

# row ARCH: sets machine, triple, cflags and target from mk/arches.tab.
row()
{
	set -- $(awk -v a="$1" '!/^#/ && $1 == a' "$SRCDIR/mk/arches.tab")
	machine=$2 triple=$4 cflags=$(echo "$5" | tr , ' ') target=$8
	[ "$cflags" = - ] && cflags=
	[ "$triple" = - ] && triple=
	return 0
}

# includes MACHINE: inc/ as the build lays it out.
includes()
{
	rm -rf inc && mkdir inc
	for d in "$SRCDIR"/sys/arch/*/include; do
		n=${d%/include}
		ln -sfn "$d" "inc/${n##*/}"
	done
	if [ -f "$SRCDIR/sys/arch/$1/include/lock.h" ]; then
		ln -sfn "$SRCDIR/sys/arch/$1/include" inc/machine
	else
		ln -sfn "$SRCDIR/sys/arch/common/include" inc/machine
	fi
	ln -sfn "$SRCDIR/sys/rump" inc/platform
}

# compile ARCH FLAGS...: uses.c, freestanding, to uses.o.
compile()
{
	a=$1
	shift
	res=$(clang -print-resource-dir)/include
	set -- --target="$target" $cflags $(clang_flags "$a") \
	    -ffreestanding -nostdinc -isystem "$res" -O2 -Wall -Wextra \
	    -Werror -pedantic -Iinc -I"$SRCDIR/sys" "$@"
	if asm_only "$a"; then
		clang "$@" -S -o uses.s "$SRCDIR/tests/audit/uses.c" > log 2>&1
	else
		clang "$@" -c -o uses.o "$SRCDIR/tests/audit/uses.c" > log 2>&1
	fi || { cat log; atf_fail "clang $*: does not compile"; }
}

C_STDS="c89 c99 c11 c17 c2x"
CXX_STDS="c++98 c++03 c++11 c++14 c++17 c++20 c++2b"

# dialects CC INCDIR FLAGS...: <sys/lock.h> in every dialect of CC,
# after <machine/types.h>, which it includes again.
dialects()
{
	dcc=$1 dinc=$2
	shift 2
	printf '%s\n' '#include <machine/types.h>' '#include <sys/lock.h>' \
	    '#include <sys/lock.h>' 'int hygiene;' > h.c
	for lang in c c++; do
		if [ $lang = c ]; then
			stds=$C_STDS
		else
			stds=$CXX_STDS
			case $dcc in
			*gcc) dcc=${dcc%gcc}g++
			      command -v "$dcc" >/dev/null || continue ;;
			esac
		fi
		for std in $stds; do
		for kern in "" -D_KERNEL; do
		for flav in "" -D__SIMPLELOCK_COMMON; do
			"$dcc" "$@" -x $lang -std=$std -Wall -Wextra -Werror \
			    -pedantic $kern $flav -ffreestanding -nostdinc \
			    -isystem "$dinc" -Iinc -I"$SRCDIR/sys" \
			    -fsyntax-only h.c > log 2>&1 ||
			    { cat log; atf_fail "$dcc $* -std=$std $kern $flav"; }
		done; done; done
	done
}

# The builtins may become library calls where the target has no
# lock-free atomic of the lock's size (armv5, m68k): that is why those
# ports exist, not an error of the fallback.
COMMON="-D__SIMPLELOCK_COMMON -Wno-atomic-alignment"

clang_arch()
{
	command -v clang >/dev/null || atf_skip "clang is not installed"
	row "$1"
	includes "$machine"
	for std in -std=c99 -std=gnu11 -std=c2x; do
		compile "$1" $std
		compile "$1" $std -D_KERNEL
		compile "$1" $std $COMMON
		compile "$1" $std $COMMON -D_KERNEL
	done
	dialects clang "$(clang -print-resource-dir)/include" \
	    --target="$target" $cflags
	# The same ordering audit as gcc's, on clang's code.
	asm_only "$1" && return 0
	command -v "${triple:+$triple-}objdump" >/dev/null ||
	    atf_skip "${triple:+$triple-}objdump is not installed"
	cc="clang --target=$target $(clang_flags "$1")"
	for impl in port common; do
		w=
		[ $impl = common ] && w=-Wno-atomic-alignment
		sh "$SRCDIR/tests/audit/audit.sh" -c "$cc $w" -o "$PWD/work" \
		    "$SRCDIR" "$1" $impl > out 2>&1 ||
		    { cat out; sed -n '/Disassembly/,$p' work/audit.dis
		      atf_fail "$1 $impl: clang's code fails the audit"; }
	done
}

gcc_arch()
{
	row "$1"
	g=${triple:+$triple-}gcc
	command -v "$g" >/dev/null || atf_skip "$g is not installed"
	includes "$machine"
	dialects "$g" "$("$g" -print-file-name=include)" $cflags
}

atf_test_case fallback_wasm32
fallback_wasm32_head()
{
	atf_set descr "A target with no port compiles the builtins fallback"
}
fallback_wasm32_body()
{
	command -v clang >/dev/null || atf_skip "clang is not installed"
	target=wasm32-unknown-unknown cflags="-matomics -mbulk-memory"
	includes wasm32
	[ "$(readlink inc/machine)" = "$SRCDIR/sys/arch/common/include" ] ||
	    atf_fail "wasm32 has a port now; pick another target"
	for std in -std=c99 -std=c2x; do
		compile wasm32 $std
		compile wasm32 $std -D_KERNEL
	done
}

atf_init_test_cases()
{
	for a in $(awk '!/^#/ && NF && $8 != "-" { print $1 }' \
	    "$SRCDIR/mk/arches.tab"); do
		eval "${a}_head() { atf_set descr \"$a: clang, freestanding, -Werror, and the audit\"; }"
		eval "${a}_body() { clang_arch $a; }"
		atf_add_test_case "$a"
	done
	for a in $(awk '!/^#/ && NF { print $1 }' "$SRCDIR/mk/arches.tab"); do
		eval "gcc_${a}_head() { atf_set descr \"$a: <sys/lock.h> in every dialect with gcc\"; }"
		eval "gcc_${a}_body() { gcc_arch $a; }"
		atf_add_test_case "gcc_$a"
	done
	atf_add_test_case fallback_wasm32
}
