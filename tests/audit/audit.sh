#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# audit.sh [-a ARCHDIR] [-c CC] [-k] [-o OUTDIR] SRCDIR ARCH IMPL
#
# The object-code ordering audit of one ARCH (a row of mk/arches.tab)
# and one flavour (port or common): compiles tests/audit/audit.c with
# the ARCH's cross compiler (or CC, e.g. clang), disassembles it with
# the ARCH's objdump and runs check.awk with the ARCH's instruction
# classes.  -k compiles as the bare-metal kernel (_KERNEL); -a takes the
# sys/arch tree from ARCHDIR (a deliberately broken copy, say).
# Exit 0: ordered; 1: violations (printed); 2: cannot run here.
set -u

archdir= cc= kernel= out=
while getopts a:c:ko: opt; do
	case $opt in
	a) archdir=$OPTARG ;;
	c) cc=$OPTARG ;;
	k) kernel=-D_KERNEL ;;
	o) out=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
src=$1 arch=$2 impl=$3
archdir=${archdir:-$src/sys/arch}

row=$(awk -v a="$arch" '!/^#/ && $1 == a' "$src/mk/arches.tab")
[ -n "$row" ] || { echo "audit.sh: no ARCH $arch"; exit 2; }
set -- $row
machine=$2 triple=$4 cflags=$(echo "$5" | tr , ' ')
[ "$cflags" = - ] && cflags=
if [ "$triple" = - ]; then
	gcc=gcc objdump=objdump
else
	gcc=$triple-gcc objdump=$triple-objdump
fi
cc=${cc:-$gcc}
for t in ${cc%% *} $objdump; do
	command -v "$t" >/dev/null 2>&1 ||
	    { echo "audit.sh: $t is not installed"; exit 2; }
done

# Instruction classes, as extended regular expressions on
# "mnemonic operands" (see check.awk).  A class left empty matches
# nothing.  TSO=1: a plain store is a release (and the acquiring
# atomics are in ACQATOM).
RET= JMP= CALL= DELAY= ANNUL= SKIP= NOTBR= LL= LLACQ= SC= ATOM= ACQATOM=
ACQF= RELF= RELST= STORE= TSO=0
case $machine in
amd64|i386)
	RET='^ret' JMP='^jmp ' CALL='^call '
	ACQATOM='^(xchg|lock) '
	STORE='^mov[bwlq]? [^,]*,[^,]*\('
	TSO=1 ;;
aarch64)
	RET='^ret' JMP='^b ' CALL='^bl '
	LL='^ldxr[bh]? ' LLACQ='^ldaxr[bh]? ' SC='^stl?xr[bh]? '
	ACQATOM='^(swp|cas|ldadd|ldclr|ldeor|ldset)(a|al)[bh]? '
	ATOM='^(swp|cas|ldadd|ldclr|ldeor|ldset)l?[bh]? '
	ACQF='^dmb (ish|ishld|sy|ld)$' RELF='^dmb (ish|sy)$'
	RELST='^stlr[bh]? |^stlxr[bh]? '
	STORE='^st(r|ur|p)[bh]? ' ;;
arm)
	RET='^bx lr|^(pop|ldm[a-z.]*) .*pc' JMP='^b(\.[nw])? ' CALL='^blx? '
	LL='^ldrex[bhd]? ' SC='^strex[bhd]? '
	ACQF='^dmb|^mcr.*c7, c10, 5' RELF='^dmb|^mcr.*c7, c10, 5'
	RELST='^stl[bh]? '
	STORE='^str[bhd]?(\.[nw])? '
	case $arch in
	earmv5)	# a uniprocessor: swp needs no barrier
		ACQATOM='^swpb? ' TSO=1 ;;
	*)	ATOM='^swpb? ' ;;
	esac ;;
riscv)
	RET='^ret$|^jr ra$' JMP='^j ' CALL='^(call|jal|jalr) '
	LL='^lr\.[wd] ' LLACQ='^lr\.[wd]\.aq' SC='^sc\.[wd]'
	ACQATOM='^amo[a-z]+\.[wd]\.aq'
	ATOM='^amo[a-z]+\.[wd]( |\.rl )'
	ACQF='^fence (r|rw|iorw),(rw|iorw)$|^fence$|^fence\.tso'
	RELF='^fence (rw|iorw),(w|ow|rw|iorw)$|^fence$|^fence\.tso'
	RELST='^(amo[a-z]+|sc)\.[wd]\.(aq)?rl'
	STORE='^s[bhwd] ' ;;
powerpc)
	RET='^blr$' JMP='^b ' CALL='^bl '
	LL='^l[bhwd]arx ' SC='^st[bhwd]cx\. '
	ACQF='^(isync|lwsync|sync|hwsync)$' RELF='^(lwsync|sync|hwsync)$'
	STORE='^st[bhwd](u|x|ux|brx)? ' ;;
mips)
	RET='^jr ra$' JMP='^(b|j) ' CALL='^(jal|jalr|bal) '
	DELAY='^(b[a-z]*|j|jal|jalr|jr) '
	ANNUL='^b(eq|ne|eqz|nez|lez|gtz|ltz|gez)l '
	LL='^(ll|lld) ' SC='^(sc|scd) '
	ACQF='^sync' RELF='^sync'
	STORE='^(sb|sh|sw|sd|swl|swr|sdl|sdr) ' ;;
sparc|sparc64)
	RET='^(ret|retl|return)( |$)' JMP='^(b|ba)(,[a-z]+)* '
	CALL='^call '
	DELAY='^(b[a-z]*|fb[a-z]*|call|jmp|jmpl|ret|retl|return)(,[a-z]+)*( |$)'
	ANNUL='^[a-z]+(,[a-z]+)*,a(,[a-z]+)* '
	ACQATOM='^(ldstub|ldstuba|cas|casa|casx|casxa|swap|swapa) '
	STORE='^(st[a-z]*|clr[bhx]?) .*\['
	TSO=1 ;;
m68k)
	RET='^rts' JMP='^(bra[sbwl]?|jmp) ' CALL='^(jsr|bsr[sbwl]?) '
	ACQATOM='^(tas|cas)[bwl]? '
	STORE='^(clr|mov)[a-z.]* (.*,)?[^,]*@[^,]*$'
	TSO=1 ;;
hppa)
	RET='^bv(,n)? r0\(rp\)|^bve' CALL='^(b,l|bl)(,n)? .*,rp$'
	JMP='^b(,n)? |^b,l(,n)? .*,r0$'
	DELAY='^(b|bl|bv|be|ble|bb|bve|comb|comib|cmpb|cmpib|addib|addb|movb|movib)[^ ]* '
	ANNUL='^[a-z]+[^ ]*,n '
	SKIP='^(cmpclr|cmpiclr|comclr|comiclr),'
	ATOM='^ldcw'
	ACQF='^sync' RELF='^sync'
	STORE='^st[bhwd](,[a-z]+)* ' ;;
alpha)
	RET='^ret' JMP='^br ' CALL='^(bsr|jsr) '
	LL='^ld[lq]_l ' SC='^st[lq]_c '
	ACQF='^mb$' RELF='^mb$'
	STORE='^st[bwlq](_u)? ' ;;
sh3)
	RET='^rts' JMP='^(bra|braf|jmp) ' CALL='^(jsr|bsr|bsrf) '
	DELAY='^(bra|bsr|braf|bsrf|jmp|jsr|rts|bt/s|bf/s|bt\.s|bf\.s)( |$)'
	NOTBR='^mov'
	# tas.b, or gcc's gUSA restartable sequence (entered by setting
	# r15 to minus its length): both atomic on a uniprocessor.
	ACQATOM='^tas\.b |^mov #-[0-9]+,r15$'
	STORE='^mov(\.[bwl])? [^,]*,@'
	TSO=1 ;;
s390x)
	RET='^br %r14' JMP='^(j|jg) ' CALL='^(brasl|basr|bras) '
	ACQATOM='^(cs|csy|csg|cds|cdsg) '
	STORE='^(st|sty|stc|stcy|sth|sthy|stg|mvi|mviy|mvhi|mvhhi|mvghi|mvc) '
	TSO=1 ;;
*)
	echo "audit.sh: no instruction classes for MACHINE $machine"
	exit 2 ;;
esac

tmp=${out:-$(mktemp -d)}
mkdir -p "$tmp/inc"
rm -f "$tmp"/inc/*
for d in "$archdir"/*/include; do
	n=${d%/include}
	ln -sfn "$d" "$tmp/inc/${n##*/}"
done
if [ -f "$archdir/$machine/include/lock.h" ]; then
	ln -sfn "$archdir/$machine/include" "$tmp/inc/machine"
else
	ln -sfn "$archdir/common/include" "$tmp/inc/machine"
fi
ln -sfn "$archdir/../rump" "$tmp/inc/platform"
extra=
case $cc in
*gcc*)	extra=-fno-reorder-blocks-and-partition ;;
esac
[ "$impl" = common ] && extra="$extra -D__SIMPLELOCK_COMMON"
# shellcheck disable=SC2086
if ! $cc $cflags $extra $kernel -O2 -Wall -Wextra -Werror \
    -I"$tmp/inc" -I"$src/sys" -c -o "$tmp/audit.o" \
    "$src/tests/audit/audit.c" > "$tmp/cc.log" 2>&1; then
	cat "$tmp/cc.log"
	echo "audit.sh: $arch $impl: does not compile"
	exit 1
fi
{ "$objdump" -t "$tmp/audit.o" &&
    "$objdump" -dr --no-show-raw-insn "$tmp/audit.o"; } > "$tmp/audit.dis"
awk -v RET="$RET" -v JMP="$JMP" -v CALL="$CALL" -v DELAY="$DELAY" \
    -v ANNUL="$ANNUL" -v SKIP="$SKIP" -v NOTBR="$NOTBR" -v LL="$LL" \
    -v LLACQ="$LLACQ" -v SC="$SC" -v ATOM="$ATOM" -v ACQATOM="$ACQATOM" \
    -v ACQF="$ACQF" -v RELF="$RELF" -v RELST="$RELST" -v STORE="$STORE" \
    -v TSO="$TSO" -f "$src/tests/audit/check.awk" "$tmp/audit.dis"
rc=$?
[ -n "$out" ] || rm -rf "$tmp"
exit $rc
