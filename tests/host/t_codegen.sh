# SPDX-License-Identifier: BSD-2-Clause
# Compiler ordering on x86, in the generated code.  x86 needs no fence
# instructions, so the only barriers are the compiler's; QEMU and the
# stress tests cannot show a missing one reliably, the object code can.
# For each compiler and flavour: in cg_try_section every access to
# cg_data lies after the xchg on cg_lock and before the store that
# frees it; in cg_lock_section and cg_reread every access lies before
# that store, and cg_reread reads cg_data again between the two.

SRCDIR=@SRCDIR@
BUILDDIR=@BUILDDIR@

# check_asm FILE: the ordering rules above, on AT&T assembly.
check_asm()
{
	awk '
	/^[a-z_]+:/ { fn = $1; sub(":", "", fn); n = 0; next }
	fn == "" || /^\t\./ { next }
	{ n++ }
	/xchg/ && /cg_lock/ { if (!(fn in atomic)) atomic[fn] = n }
	/^\tmov[bl]?\t\$0, cg_lock/ { unlock[fn] = n }
	/cg_data/ {
		if (!(fn in first)) first[fn] = n
		last[fn] = n
		if ((fn in atomic) && !(fn in unlock)) inside[fn] = 1
	}
	END {
		bad = 0
		for (f in first) {
			if (!(f in unlock)) { print f ": no unlocking store"; bad = 1; continue }
			if (last[f] > unlock[f]) { print f ": cg_data accessed after the unlocking store"; bad = 1 }
			if (f == "cg_try_section" && !(atomic[f] < first[f])) { print f ": cg_data accessed before the atomic"; bad = 1 }
		}
		if (!("cg_reread" in inside)) { print "cg_reread: cg_data not read again under the lock"; bad = 1 }
		if (!("cg_try_section" in first) || !("cg_lock_section" in first)) { print "sections not found"; bad = 1 }
		exit bad
	}' "$1"
}

# compile X86DIR CC FLAGS...: out.s from codegen.c, with <machine/lock.h>
# the amd64 one, which includes <x86/lock.h> from X86DIR.  Headers in
# $SHADOW, if set, come before everything else.
compile()
{
	x86dir=$1 cc=$2; shift 2
	command -v "$cc" >/dev/null || atf_skip "$cc is not installed"
	rm -rf inc && mkdir inc
	ln -sfn "$SRCDIR/sys/arch/amd64/include" inc/machine
	ln -sfn "$x86dir" inc/x86
	"$cc" -O2 -S -o out.s ${SHADOW:+-I"$SHADOW"} -Iinc -I"$SRCDIR/sys" "$@" \
	    "$SRCDIR/tests/host/codegen.c" 2>err ||
	    { cat err; atf_fail "$cc $* does not compile codegen.c"; }
}

run_case()
{
	compile "$SRCDIR/sys/arch/x86/include" "$@"
	check_asm out.s || { cat out.s; atf_fail "$*: misordered"; }
}

atf_test_case gcc_port
gcc_port_head() { atf_set descr "gcc, x86 port: critical section stays put"; }
gcc_port_body() { run_case gcc -m64; run_case gcc -m32; }

atf_test_case gcc_common
gcc_common_head() { atf_set descr "gcc, builtins flavour: critical section stays put"; }
gcc_common_body() { run_case gcc -m64 -D__SIMPLELOCK_COMMON; }

atf_test_case clang_port
clang_port_head() { atf_set descr "clang, x86 port: critical section stays put"; }
clang_port_body() { run_case clang -m64; run_case clang -m32; }

atf_test_case clang_common
clang_common_head() { atf_set descr "clang, builtins flavour: critical section stays put"; }
clang_common_body() { run_case clang -m64 -D__SIMPLELOCK_COMMON; }

# The check itself must reject what a port without its compiler
# barriers compiles to: a copy of the x86 port, or of the MI part every
# port shares, with one barrier removed.  FILE is x86/lock.h or
# sys/_lock_mi.h; the broken copy shadows the real one.
reject_broken()
{
	file=$1 edit=$2
	case $file in
	x86/*)	orig=$SRCDIR/sys/arch/x86/include/${file#x86/} ;;
	*)	orig=$SRCDIR/sys/$file ;;
	esac
	mkdir -p shadow/x86 shadow/sys
	cp "$SRCDIR"/sys/arch/x86/include/*.h shadow/x86/
	sed -e "$edit" "$orig" > shadow/$file
	! cmp -s shadow/$file "$orig" || atf_fail "sed did not change $file"
	SHADOW=$PWD/shadow
	compile "$PWD/shadow/x86" gcc -m64
	if check_asm out.s; then
		cat out.s
		atf_fail "a port without compiler barriers passed the check"
	fi
}

atf_test_case no_clobber_rejected
no_clobber_rejected_head() { atf_set descr "xchgb without its memory clobber is rejected"; }
no_clobber_rejected_body() { reject_broken x86/lock.h 's/: "memory");/: );/'; }

atf_test_case no_release_barrier_rejected
no_release_barrier_rejected_head() { atf_set descr "unlock without its compiler barrier is rejected"; }
no_release_barrier_rejected_body()
{
	reject_broken sys/_lock_mi.h '/^	__SL_RELEASE_BARRIER();$/d'
}

# backoff_loop MACHINEDIR CC FLAGS...: cg_backoff keeps a loop, a
# conditional branch back to an earlier label of the function.
backoff_loop()
{
	mdir=$1; shift
	rm -rf inc && mkdir inc
	ln -sfn "$mdir" inc/machine
	ln -sfn "$SRCDIR/sys/arch/x86/include" inc/x86
	"$@" -O2 -S -o bo.s -D_KERNEL -Iinc -I"$SRCDIR/sys" \
	    "$SRCDIR/tests/host/codegen.c" 2>err ||
	    { cat err; atf_fail "$* does not compile codegen.c"; }
	awk '
	/^cg_backoff:/ { in_fn = 1; next }
	in_fn && /^\t\.(cfi_endproc|size)/ { in_fn = 0 }
	!in_fn { next }
	/^\.?[A-Za-z0-9_.]+:/ { lab = $1; sub(":", "", lab); seen[lab] = 1 }
	/^\tj[a-z]+\t/ && $1 != "jmp" && ($2 in seen) { loop = 1 }
	END { exit !loop }' bo.s
}

atf_test_case backoff_not_optimised
backoff_not_optimised_head() { atf_set descr "SPINLOCK_BACKOFF keeps its delay loop, with the MI hook and x86's pause"; }
backoff_not_optimised_body()
{
	for cc in gcc clang; do
		backoff_loop "$SRCDIR/sys/arch/common/include" $cc -m64 ||
		    { cat bo.s; atf_fail "$cc: MI hook: no delay loop left"; }
		backoff_loop "$SRCDIR/sys/arch/amd64/include" $cc -m64 ||
		    { cat bo.s; atf_fail "$cc: x86 pause hook: no delay loop"; }
		grep -q pause bo.s || atf_fail "$cc: x86 hook is not pause"
	done
	# The check must see the difference: with a hook that does
	# nothing, the compiler deletes the loop.
	if backoff_loop "$SRCDIR/sys/arch/common/include" gcc -m64 \
	    -DSPINLOCK_BACKOFF_HOOK='((void)0)'; then
		cat bo.s
		atf_fail "an empty hook's loop was not optimised away"
	fi
}

atf_init_test_cases()
{
	atf_add_test_case gcc_port
	atf_add_test_case gcc_common
	atf_add_test_case clang_port
	atf_add_test_case clang_common
	atf_add_test_case backoff_not_optimised
	atf_add_test_case no_clobber_rejected
	atf_add_test_case no_release_barrier_rejected
}
