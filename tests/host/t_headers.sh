# SPDX-License-Identifier: BSD-2-Clause
# Header hygiene: every public header compiles alone, with gcc and
# clang, in every C and C++ dialect, pedantically, in userland and
# under _KERNEL, hosted and freestanding (no C library headers: only
# the compiler's own <stdint.h> and friends), for the x86 port and the
# builtins flavour.  Public headers: sys/sys/*.h except the internal
# _*.h and common_lock.h (which refuse to be included alone), and
# <machine/lock.h> and <machine/types.h>.  sys/rump/rumpplat.h is a
# userland API: hosted only.

SRCDIR=@SRCDIR@

C_STDS="c89 c99 c11 c17 c2x"
CXX_STDS="c++98 c++03 c++11 c++14 c++17 c++20 c++2b"

public_headers()
{
	for h in "$SRCDIR"/sys/sys/*.h; do
		n=${h##*/}
		case $n in _*|common_lock.h) continue ;; esac
		echo "sys/$n"
	done
	echo machine/lock.h
	echo machine/types.h
}

# hygiene COMPILER LANG STDS
hygiene()
{
	cc=$1 lang=$2 stds=$3
	command -v "$cc" >/dev/null || atf_skip "$cc is not installed"
	mkdir -p inc
	ln -sfn "$SRCDIR/sys/arch/amd64/include" inc/machine
	ln -sfn "$SRCDIR/sys/arch/x86/include" inc/x86
	ln -sfn "$SRCDIR/sys/rump" inc/platform
	if [ "$lang" = c ]; then ext=c; else ext=cc; fi
	fsinc=$("$cc" -print-file-name=include)
	case $cc in clang*) fsinc=$("$cc" -print-resource-dir)/include ;; esac
	[ -d "$fsinc" ] || atf_fail "no compiler include directory for $cc"
	fails=0 n=0
	for h in $(public_headers) rump/rumpplat.h; do
		[ "$h" = rump/rumpplat.h ] && [ ! -f "$SRCDIR/sys/$h" ] && continue
		printf '#include <%s>\n#include <%s>\nint hygiene_%s;\n' \
		    "$h" "$h" "$ext" > t.$ext
		for std in $stds; do
		for kern in "" -D_KERNEL; do
		for flav in "" -D__SIMPLELOCK_COMMON; do
		for env in hosted freestanding; do
			[ $env = freestanding ] && [ "$h" = rump/rumpplat.h ] &&
			    continue
			if [ $env = freestanding ]; then
				envf="-ffreestanding -nostdinc -isystem $fsinc"
			else
				envf=
			fi
			n=$((n + 1))
			if ! "$cc" -x $lang -std=$std -Wall -Wextra -Werror \
			    -pedantic $kern $flav $envf -Iinc -I"$SRCDIR/sys" \
			    -fsyntax-only t.$ext 2> err; then
				fails=$((fails + 1))
				echo "FAIL: $cc -std=$std $kern $flav $env <$h>"
				head -n 5 err
			fi
		done; done; done; done
	done
	echo "$n compilations, $fails failed"
	[ $fails -eq 0 ] || atf_fail "$fails header compilations failed"
}

atf_test_case gcc_c
gcc_c_head() { atf_set descr "Headers alone: gcc, C89 to C23"; atf_set timeout 600; }
gcc_c_body() { hygiene gcc c "$C_STDS"; }

atf_test_case gcc_cxx
gcc_cxx_head() { atf_set descr "Headers alone: g++, C++98 to C++23"; atf_set timeout 600; }
gcc_cxx_body() { hygiene g++ c++ "$CXX_STDS"; }

atf_test_case clang_c
clang_c_head() { atf_set descr "Headers alone: clang, C89 to C23"; atf_set timeout 600; }
clang_c_body() { hygiene clang c "$C_STDS"; }

atf_test_case clang_cxx
clang_cxx_head() { atf_set descr "Headers alone: clang++, C++98 to C++23"; atf_set timeout 600; }
clang_cxx_body() { hygiene clang++ c++ "$CXX_STDS"; }

# The check must fail on a header that is not self-contained or not
# pedantic-clean: a copy of <sys/lock.h> with a C99 comment.
atf_test_case broken_header_rejected
broken_header_rejected_head() { atf_set descr "A header with a // comment fails under C89"; }
broken_header_rejected_body()
{
	mkdir -p inc/sys
	ln -sfn "$SRCDIR/sys/arch/amd64/include" inc/machine
	ln -sfn "$SRCDIR/sys/arch/x86/include" inc/x86
	{ cat "$SRCDIR/sys/sys/lock.h"; echo '// trailing C99 comment'; } \
	    > inc/sys/lock.h
	printf '#include <sys/lock.h>\nint x;\n' > t.c
	if gcc -std=c89 -Wall -Wextra -Werror -pedantic -Iinc \
	    -I"$SRCDIR/sys" -fsyntax-only t.c 2>/dev/null; then
		atf_fail "a // comment passed as C89"
	fi
}

# <sys/platform.h> names no platform: it takes the inline forms of the
# one the build selects (<platform/platform_inline.h>), and none with
# PLATFORM_OUTOFLINE; with no platform selected it does not compile.
atf_test_case platform_inline
platform_inline_head() { atf_set descr "Inline platform forms come from the selected platform; PLATFORM_OUTOFLINE opts out"; }
platform_inline_body()
{
	fsinc=$(gcc -print-file-name=include)
	if grep -n '^[[:space:]]*#[[:space:]]*include' \
	    "$SRCDIR/sys/sys/platform.h" |
	    grep -v -e '<stdint.h>' -e '<platform/platform_inline.h>'; then
		atf_fail "<sys/platform.h> includes a platform's own header"
	fi
	mkdir -p sel none
	ln -sfn "$SRCDIR/sys/rump" sel/platform
	printf '%s\n' '#include <sys/platform.h>' \
	    '#if defined(cpu_number) != WANT || defined(kpreempt_disable) != WANT' \
	    '#error inline forms: not as wanted' '#endif' 'int x;' > t.c
	for c in "1 -Isel" "0 -Isel -DPLATFORM_OUTOFLINE" \
	    "0 -Inone -DPLATFORM_OUTOFLINE" \
	    "1 -Isel -ffreestanding -nostdinc -isystem $fsinc"; do
		set -- $c
		want=$1; shift
		gcc -std=c99 -Werror -DWANT=$want "$@" -I"$SRCDIR/sys" \
		    -fsyntax-only t.c || atf_fail "WANT=$want with: $*"
	done
	if gcc -std=c99 -DWANT=0 -Inone -I"$SRCDIR/sys" -fsyntax-only t.c \
	    2> err; then
		atf_fail "<sys/platform.h> compiled with no platform selected"
	fi
	grep -q 'platform/platform_inline.h' err ||
	    atf_fail "no platform: not the missing <platform/...> header"
}

atf_init_test_cases()
{
	atf_add_test_case gcc_c
	atf_add_test_case gcc_cxx
	atf_add_test_case clang_c
	atf_add_test_case clang_cxx
	atf_add_test_case broken_header_rejected
	atf_add_test_case platform_inline
}
