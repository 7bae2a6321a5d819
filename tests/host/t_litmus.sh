#	$simplelock: tests/host/t_litmus.sh $
# SPDX-License-Identifier: BSD-2-Clause
#
# The memory-model proof.  QEMU shows no weak ordering, so the ports'
# compiled sequences are checked as litmus tests under the published
# axiomatic models by this project's checker (tools/litmus/litmus.py):
# first the checker against the published verdicts of the classic tests
# (written by tests/litmus/mkcatalogue.py), then each modelled ARCH's lock, try and
# unlock paths from its object code in both flavours and the kernel
# build, with bpf_spin_lock(9)'s compiled acquire and release and
# res_spin_lock(9)'s queue hand-off (tests/litmus/run.sh), then the
# broken ports the object-code audit rejects, which the model must
# reject too, and one the audit accepts that the model rejects.

SRCDIR=@SRCDIR@
LIT=$SRCDIR/tests/litmus
CHECKER=$SRCDIR/tools/litmus/litmus.py

need_python()
{
	command -v python3 >/dev/null || atf_skip "python3 is not installed"
}

# catalogue MODEL: every published verdict reproduced.
catalogue()
{
	need_python
	python3 "$LIT/mkcatalogue.py" cat > out 2>&1 ||
	    { cat out; atf_fail "mkcatalogue.py failed"; }
	python3 "$LIT/verify.py" "cat/$1/verdicts.tab" > out 2>&1
	rc=$?
	cat out
	[ $rc -eq 0 ] || atf_fail "$(grep -c MISMATCH out) verdicts of" \
	    "catalogue/$1 not reproduced"
	grep -q '^ok .*Never' out && grep -q '^ok .*Sometimes' out ||
	    atf_fail "catalogue/$1 lacks an allowed or a forbidden test"
}

# ports ARCH [-x]: every property of every flavour gets its verdict.
ports()
{
	need_python
	sh "$LIT/run.sh" $2 "$SRCDIR" "$PWD/lit" "$1" > out 2>&1
	rc=$?
	cat out
	[ $rc -ne 2 ] || atf_skip "$1: nothing could be compiled here"
	[ $rc -eq 0 ] || { grep MISMATCH lit/report.txt
		atf_fail "$1: a required verdict is not met"; }
	grep -q "^$1-port " out || atf_fail "$1: the port was not checked"
	# the port flavour, userland and kernel, is always spelt
	! grep "^porttests.py: $1-port" lit/notcovered.txt ||
	    atf_fail "$1: a port sequence could not be spelt"
}

# broken NAME ARCH FILE SED PROPS: the port FILE edited by SED must fail
# exactly the properties PROPS (in its port flavour), as it fails the
# audit (tests/host/t_audit.sh, same edits).
broken()
{
	need_python
	arch=$2 file=$3 edit=$4 props=$5
	mkdir -p broken
	cp -R "$SRCDIR/sys/arch/." broken/
	sed -e "$edit" "$SRCDIR/sys/arch/$file" > "broken/$file"
	! cmp -s "broken/$file" "$SRCDIR/sys/arch/$file" ||
	    atf_fail "the edit '$edit' did not change $file"
	sh "$LIT/run.sh" -P -a "$PWD/broken" "$SRCDIR" "$PWD/lit" "$arch" \
	    > out 2>&1
	rc=$?
	cat out
	[ $rc -ne 2 ] || atf_skip "$arch: nothing could be compiled here"
	[ $rc -eq 1 ] || atf_fail "$file with '$edit' met every verdict"
	re="^MISMATCH .*Observation $arch-port-\([A-Z][A-Z]-[a-z-]*\) .*"
	got=$(sed -n "s/$re/\1/p" lit/report.txt | sort -u | tr '\n' ' ')
	[ "$got" = "$props " ] ||
	    atf_fail "$arch-port with '$edit' fails '$got', expected '$props'"
}

atf_test_case checker_herd_example
checker_herd_example_head()
{
	atf_set descr "the checker prints herd7's line for a documented example"
}
checker_herd_example_body()
{
	need_python
	cat > ex.litmus <<'EOF'
AArch64 EX-A64
(* SPDX-License-Identifier: BSD-2-Clause *)
{ x=0; y=0; 0:X1=x; 0:X3=y; 1:X1=y; 1:X3=x; 1:X5=z; }
 P0           | P1                  ;
 MOV W0,#1    | LDAXR W0,[X1]       ;
 STR W0,[X1]  | STXR W6,W0,[X1]     ;
 DMB ST       | CBNZ W6,Lfail       ;
 MOV W2,#1    | EOR W4,W0,W0        ;
 STLR W2,[X3] | LDR W2,[X3,W4,SXTW] ;
              | ADD W7,W2,#1        ;
              | STR W7,[X5]         ;
              | Lfail:              ;
exists (1:X0=1 /\ 1:X6=0 /\ 1:X2=0)
EOF
	# herd7 7.57 prints this line for it (research notes, section 9)
	atf_check -o inline:"Observation EX-A64 Never 0 5\n" \
	    python3 "$CHECKER" ex.litmus
	# without the acquire and the address dependency: allowed
	sed -e 's/LDAXR/LDXR/' -e 's/,W4,SXTW//' ex.litmus > ex2.litmus
	atf_check -o match:"^Observation EX-A64 Sometimes " \
	    python3 "$CHECKER" ex2.litmus
}

atf_test_case checker_unsupported
checker_unsupported_head()
{
	atf_set descr "an unsupported construct is named, exit 2"
}
checker_unsupported_body()
{
	need_python
	printf 'AArch64 U\n{ 0:X1=x; }\n P0 ;\n LDAPP W0,W2,[X1] ;\n%s\n' \
	    'exists (0:X0=1)' > u.litmus
	atf_check -s exit:2 -e match:'unsupported: AArch64 instruction "LDAPP' \
	    python3 "$CHECKER" u.litmus
	printf 'MIPS U\n{ }\n P0 ;\n sync ;\nexists (x=1)\n' > m.litmus
	atf_check -s exit:2 -e match:'unsupported: architecture MIPS' \
	    python3 "$CHECKER" m.litmus
}

atf_test_case audit_gap_powerpc
audit_gap_powerpc_head()
{
	atf_set descr "a powerpc try the object-code audit accepts" \
	    "and the model rejects"
}
audit_gap_powerpc_body()
{
	need_python
	# Without the compare and branch on the lwarx's value, the isync
	# after "stwcx.; bne-" still follows the atomic (the audit's rule)
	# but nothing makes it wait for the lwarx under ppc.cat.
	mkdir -p gap
	cp -R "$SRCDIR/sys/arch/." gap/
	sed -e '/"	cmpwi	%0, 0\\n"/d' -e '/"	bne-	2f\\n"/d' \
	    "$SRCDIR/sys/arch/powerpc/include/lock.h" \
	    > gap/powerpc/include/lock.h
	! cmp -s gap/powerpc/include/lock.h \
	    "$SRCDIR/sys/arch/powerpc/include/lock.h" || atf_fail "no edit"
	sh "$SRCDIR/tests/audit/audit.sh" -a "$PWD/gap" "$SRCDIR" powerpc64 \
	    port > out 2>&1
	rc=$?
	[ $rc -ne 2 ] || atf_skip "$(tail -n 1 out)"
	[ $rc -eq 0 ] || { cat out; atf_fail "the audit rejects it too"; }
	broken gap powerpc64 powerpc/include/lock.h \
	    '/"	cmpwi	%0, 0\\n"/d; /"	bne-	2f\\n"/d' 'MP-lock MP-try'
}

BROKEN="
aarch64_ldxrb	aarch64		aarch64/include/lock.h	s/ldaxrb/ldxrb/	MP-lock MP-try
aarch64_strb	aarch64		aarch64/include/lock.h	s/stlrb/strb/	LB-lock LB-try MP-lock MP-try WW-lock WW-try
aarch64_casb	aarch64_lse	aarch64/include/lock.h	s/casab/casb/	MP-lock MP-try
arm_try_dmb	earmv7hf	arm/include/lock.h	/__SL_ARM_DMB \"\\\\n\"/d	MP-lock MP-try
arm_unlock_dmb	earmv7hf	arm/include/lock.h	s/__asm__ __volatile__(__SL_ARM_DMB :/__asm__ __volatile__(\"\" :/	LB-lock LB-try MP-lock MP-try WW-lock WW-try
riscv_no_aq	riscv64		riscv/include/lock.h	s/amoswap.w.aq/amoswap.w/	MP-lock MP-try
riscv_fence_rw	riscv32		riscv/include/lock.h	s/fence rw,w/fence r,w/	MP-lock MP-try WW-lock WW-try
powerpc_isync	powerpc		powerpc/include/lock.h	/\".isync\\\\n\"/d	MP-lock MP-try
powerpc_lwsync	powerpc64le	powerpc/include/lock.h	s/\"lwsync\"/\"nop\"/	LB-lock LB-try MP-lock MP-try WW-lock WW-try
sparc_ldub	sparc64		sparc/include/lock.h	s/ldstub \\[%2\\]/ldub [%2]/	MX-lock-lock MX-lock-try MX-try-try
"

atf_init_test_cases()
{
	atf_add_test_case checker_herd_example
	atf_add_test_case checker_unsupported
	atf_add_test_case audit_gap_powerpc
	for m in x86 sparc aarch64 riscv ppc arm; do
		eval "catalogue_${m}_head() { atf_set descr \"the $m catalogue: published verdicts reproduced\"; }"
		eval "catalogue_${m}_body() { catalogue $m; }"
		atf_add_test_case catalogue_$m
	done
	# every ARCH whose MODEL column in mk/arches.tab names a model
	for a in $(awk '/^#ARCH/ { for (i = 1; i <= NF; i++) c[$i] = i; next }
	    !/^#/ && NF && $c["MODEL"] != "-" { print $1 }' \
	    "$SRCDIR/mk/arches.tab"); do
		eval "ports_${a}_head() { atf_set descr \"$a: compiled lock/try/unlock under the model, both flavours and kernel\"; }"
		eval "ports_${a}_body() { ports $a; }"
		atf_add_test_case ports_$a
	done
	# the POWER finding (tests/litmus/findings.tab) disappears under
	# the operational reading of stwcx.
	ports_powerpc64_x_head()
	{
		atf_set descr "powerpc64, stwcx. status dependent on its" \
		    "lwarx (-x): every required verdict, no finding"
	}
	ports_powerpc64_x_body()
	{
		ports powerpc64 -x
		! grep -q '^known' lit/report.txt ||
		    atf_fail "a finding remains under -x"
	}
	atf_add_test_case ports_powerpc64_x
	set -f
	oldifs=$IFS
	IFS='
'
	for line in $BROKEN; do
		IFS='	'
		set -- $line
		IFS=$oldifs
		eval "broken_$1_head() { atf_set descr 'the model rejects $2 with: $4'; }"
		eval "broken_$1_body() { broken $1 $2 $3 '$4' '$5'; }"
		atf_add_test_case "broken_$1"
		IFS='
'
	done
	IFS=$oldifs
	set +f
}
