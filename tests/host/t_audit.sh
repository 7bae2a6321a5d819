# SPDX-License-Identifier: BSD-2-Clause
# Object-code ordering audit.  QEMU on an x86 host runs every guest with
# the host's strong ordering, so a missing barrier passes every run;
# this reads the barriers in the code instead.  For each ARCH of
# mk/arches.tab and each flavour, tests/audit/audit.sh compiles
# lock, try and unlock out of line with the ARCH's cross compiler,
# disassembles them and checks that every path to "lock held" passes
# the atomic and then an acquire barrier, and every path from "release
# starts" meets a release barrier before the unlocking store.  The
# broken_* cases show that it rejects ports with a barrier removed.

SRCDIR=@SRCDIR@
AUDIT="sh $SRCDIR/tests/audit/audit.sh"

# audit ARCH IMPL [-k]: one flavour, skipping if the tools are missing.
audit()
{
	$AUDIT $3 -o "$PWD/work" "$SRCDIR" "$1" "$2" > out 2>&1
	rc=$?
	case $rc in
	0)	;;
	2)	atf_skip "$(tail -n 1 out)" ;;
	*)	cat out
		sed -n '/Disassembly/,$p' work/audit.dis
		atf_fail "$1 $2${3:+ (kernel)}: $(head -n 1 out)" ;;
	esac
}

# audit_arch ARCH: both flavours, userland and bare-metal kernel (where
# the kernel inlines the same header; x86's calls its lock_stubs.S).
audit_arch()
{
	cpu=$(awk -v a="$1" '!/^#/ && $1 == a { print $3 }' \
	    "$SRCDIR/mk/arches.tab")
	for impl in port common; do
		audit "$1" $impl
		[ -f "$SRCDIR/sys/arch/$cpu/$cpu/lock_stubs.S" ] ||
		    audit "$1" $impl -k
	done
}

# reject ARCH FILE SED: the audit must fail on the port FILE (under
# sys/arch) edited by SED, with a message, and pass on the real one.
reject()
{
	arch=$1 file=$2 edit=$3
	mkdir broken
	cp -R "$SRCDIR/sys/arch/." broken/
	sed -e "$edit" "$SRCDIR/sys/arch/$file" > broken/$file
	! cmp -s "broken/$file" "$SRCDIR/sys/arch/$file" ||
	    atf_fail "the edit '$edit' did not change $file"
	audit "$arch" port
	$AUDIT -a "$PWD/broken" -o "$PWD/work" "$SRCDIR" "$arch" port \
	    > out 2>&1
	rc=$?
	cat out
	[ $rc -ne 2 ] || atf_skip "$(tail -n 1 out)"
	[ $rc -eq 1 ] || atf_fail "$file with '$edit' passed the audit"
	grep -q 'barrier\|no atomic\|without storing' out ||
	    atf_fail "no violation named"
}

BROKEN="
aarch64_ldxrb	aarch64		aarch64/include/lock.h	s/ldaxrb/ldxrb/
aarch64_strb	aarch64		aarch64/include/lock.h	s/stlrb/strb/
aarch64_casb	aarch64_lse	aarch64/include/lock.h	s/casab/casb/
arm_try_dmb	earmv7hf	arm/include/lock.h	/__SL_ARM_DMB \"\\\\n\"/d
arm_unlock_dmb	earmv7hf	arm/include/lock.h	s/__asm__ __volatile__(__SL_ARM_DMB :/__asm__ __volatile__(\"\" :/
riscv_no_aq	riscv64		riscv/include/lock.h	s/amoswap.w.aq/amoswap.w/
riscv_fence_rw	riscv32		riscv/include/lock.h	s/fence rw,w/fence r,w/
powerpc_isync	powerpc		powerpc/include/lock.h	/\".isync\\\\n\"/d
powerpc_lwsync	powerpc64le	powerpc/include/lock.h	s/\"lwsync\"/\"nop\"/
mips_sync	mips64eb	mips/include/lock.h	/\".sync\\\\n\"/d
alpha_mb	alpha		alpha/include/lock.h	/\".mb\\\\n\"/d
alpha_unlock_mb	alpha		alpha/include/lock.h	s/(\"mb\" :::/(\"\" :::/
hppa_sync	hppa		hppa/include/lock.h	0,/\"sync\"/s/\"sync\"/\"nop\"/
sparc_ldub	sparc64		sparc/include/lock.h	s/ldstub \\[%2\\]/ldub [%2]/
m68k_no_tas	m68k		m68k/include/lock.h	s/\"tas/\"tst.b/
"

atf_init_test_cases()
{
	for a in $(awk '!/^#/ && NF { print $1 }' "$SRCDIR/mk/arches.tab"); do
		eval "${a}_head() { atf_set descr \"$a: ordering in the object code, both flavours\"; }"
		eval "${a}_body() { audit_arch $a; }"
		atf_add_test_case "$a"
	done
	set -f
	oldifs=$IFS
	IFS='
'
	for line in $BROKEN; do
		IFS='	'
		set -- $line
		IFS=$oldifs
		eval "broken_$1_head() { atf_set descr 'the audit rejects $2 with: $4'; }"
		eval "broken_$1_body() { reject $2 $3 '$4'; }"
		atf_add_test_case "broken_$1"
		IFS='
'
	done
	IFS=$oldifs
	set +f
}
