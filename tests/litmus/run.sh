#!/bin/sh
#	$simplelock: tests/litmus/run.sh $
# SPDX-License-Identifier: BSD-2-Clause
#
# run.sh [-a ARCHDIR] [-P] [-x] SRCDIR OUTDIR [ARCH...]
#
# The memory-model proof of the ports: for each ARCH (default: every
# ARCH a published model covers) in both flavours and the kernel build,
# tests/audit/audit.sh compiles and disassembles audit.c, porttests.py
# turns the lock, try and unlock paths into litmus tests under
# OUTDIR/ports, and verify.py checks every verdict; the same for
# bpf_spin_lock(9)'s compiled acquire and release and res_spin_lock(9)'s
# queue hand-off (kernel_locks below).  OUTDIR/report.txt
# gets one line per test; the summary goes to stdout.  -a: take the
# sys/arch tree from ARCHDIR (a broken copy); -P: the port flavour's
# userland build only; -x: PPC stwcx. status depends on its lwarx (the
# operational reading).
# Exit 0: every required verdict; 1: a mismatch; 2: nothing could run.
set -u

archdir= arch_tree= xopt= impls="port common" kernels='"" -k' klocks=kernel_locks
while getopts a:Px opt; do
	case $opt in
	a) archdir="-a $OPTARG" arch_tree=$OPTARG ;;
	P) impls=port kernels='""' klocks=: ;;
	x) xopt=-x ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
src=$1 out=$2
shift 2
# The ARCHes whose MODEL column in mk/arches.tab names a model.
MODELLED=$(awk '/^#ARCH/ { for (i = 1; i <= NF; i++) c[$i] = i; next }
    !/^#/ && NF && $c["MODEL"] != "-" { print $1 }' "$src/mk/arches.tab")
[ $# -gt 0 ] || set -- $MODELLED
here=$src/tests/litmus

# stubs_dis: assemble and disassemble the ARCH's lock_stubs.S into
# $stubs, for porttests.py -s.
stubs_dis()
{
	cc=gcc objdump=objdump
	[ "$triple" = - ] || cc=$triple-gcc objdump=$triple-objdump
	stubs=$out/obj/$tag-stubs.dis
	# shellcheck disable=SC2086
	if ! $cc $cflags -c -o "$out/obj/$tag-stubs.o" \
	    "${arch_tree:-$src/sys/arch}/$cpu/$cpu/lock_stubs.S" \
	    > "$out/obj/$tag.cc" 2>&1
	then
		echo "$tag: lock_stubs.S does not assemble here" \
		    >> "$out/notcovered.txt"
		return 1
	fi
	{ "$objdump" -t "$out/obj/$tag-stubs.o" &&
	    "$objdump" -dr --no-show-raw-insn "$out/obj/$tag-stubs.o"; } \
	    > "$stubs"
}

# kernel_locks: bpf_spin_lock(9)'s acquire and release, compiled from
# sys/kern/kern_bpf_spinlock.c as the kernel library is (the inline
# headers of the ARCH's port, which audit.sh linked under inc/).
kernel_locks()
{
	inc=$out/obj/$arch-port/inc
	[ -d "$inc" ] || return 0
	tag=$arch-bpf
	cc=gcc objdump=objdump
	[ "$triple" = - ] || cc=$triple-gcc objdump=$triple-objdump
	# shellcheck disable=SC2086
	if ! $cc $cflags -std=gnu11 -O2 -D_KERNEL -D_RUMPKERNEL -D_GNU_SOURCE \
	    -I"$inc" -I"$src/sys" -c -o "$out/obj/$tag.o" \
	    "$src/sys/kern/kern_bpf_spinlock.c" > "$out/obj/$tag.cc" 2>&1; then
		echo "$tag: kern_bpf_spinlock.c does not compile here" \
		    "(see $out/obj/$tag.cc)" >> "$out/notcovered.txt"
	else
		kernel_bpf
	fi
	kernel_rqs
}

kernel_bpf()
{
	{ "$objdump" -t "$out/obj/$tag.o" &&
	    "$objdump" -dr --no-show-raw-insn "$out/obj/$tag.o"; } \
	    > "$out/obj/$tag.dis"
	variants=-
	grep -q 'R_AARCH64_CALL26.*__aarch64_' "$out/obj/$tag.dis" &&
	    variants="lse llsc"
	for v in $variants; do
		[ "$v" = - ] && v=
		python3 "$here/porttests.py" \
		    -f __sl_bpf_spin_acquire,__sl_bpf_spin_release \
		    "$arch" "$machine" 1 "$out/obj/$tag.dis" "$out/ports" \
		    "$tag${v:+-$v}" $v 2>> "$out/notcovered.txt"
	done
}

# res_spin_lock(9)'s queue hand-off, as tests/litmus/handoff.c
kernel_rqs()
{
	case $machine in
	aarch64|arm|riscv|powerpc) ;;
	*)	return 0 ;;
	esac
	tag=$arch-rqs
	# shellcheck disable=SC2086
	if ! $cc $cflags -O2 -Wall -Wextra -c -o "$out/obj/$tag.o" \
	    "$here/handoff.c" > "$out/obj/$tag.cc" 2>&1; then
		echo "$tag: handoff.c does not compile here" \
		    >> "$out/notcovered.txt"
		return 0
	fi
	{ "$objdump" -t "$out/obj/$tag.o" &&
	    "$objdump" -dr --no-show-raw-insn "$out/obj/$tag.o"; } \
	    > "$out/obj/$tag.dis"
	python3 "$here/porttests.py" -q "$machine" "$out/obj/$tag.dis" \
	    "$out/ports" "$tag" 2>> "$out/notcovered.txt"
}

rm -rf "$out/ports" "$out/obj"
mkdir -p "$out/ports" "$out/obj"
: > "$out/notcovered.txt"
for arch; do
	row=$(awk -v a="$arch" '!/^#/ && $1 == a' "$src/mk/arches.tab")
	[ -n "$row" ] || { echo "run.sh: no ARCH $arch"; exit 2; }
	set -- $row
	machine=$2 cpu=$3 triple=$4 cflags=$(echo "$5" | tr , ' ')
	[ "$cflags" = - ] && cflags=
	# the locked value: the first non-zero byte of the representation
	locked=$(echo "${12}" | sed 's/^\(00\)*\(..\).*/0x\2/')
	for impl in $impls; do
		eval "set -- $kernels"
		for k; do
			tag=$arch-$impl${k:+-kernel}
			stubs=
			if [ -n "$k" ] &&
			    [ -f "$src/sys/arch/$cpu/$cpu/lock_stubs.S" ]
			then
				# the kernel calls the out-of-line stubs
				stubs_dis || continue
			fi
			# shellcheck disable=SC2086
			sh "$src/tests/audit/audit.sh" $archdir $k \
			    -o "$out/obj/$tag" "$src" "$arch" "$impl" \
			    > "$out/obj/$tag.audit" 2>&1
			if [ ! -s "$out/obj/$tag/audit.dis" ]; then
				echo "$tag: $(tail -n 1 "$out/obj/$tag.audit")" \
				    >> "$out/notcovered.txt"
				continue
			fi
			variants=-
			[ "$machine.$impl" = aarch64.common ] &&
			    grep -q '__aarch64_' "$out/obj/$tag/audit.dis" &&
			    variants="lse llsc"
			for v in $variants; do
				[ "$v" = - ] && v=
				python3 "$here/porttests.py" ${stubs:+-s "$stubs"} \
				    "$arch" "$machine" \
				    "$locked" "$out/obj/$tag/audit.dis" \
				    "$out/ports" "$tag${v:+-$v}" $v \
				    2>> "$out/notcovered.txt"
			done
		done
	done
	$klocks
done
[ -s "$out/ports/verdicts.tab" ] || { cat "$out/notcovered.txt"; exit 2; }
# the findings hold under herd's reading only
findings="-f $here/findings.tab"
[ -n "$xopt" ] && findings=
# shellcheck disable=SC2086
python3 "$here/verify.py" $xopt $findings "$out/ports/verdicts.tab" \
    > "$out/report.txt"
rc=$?
{
	python3 "$here/verify.py" -s "$out/report.txt"
	grep '^known' "$out/report.txt" | sed 's/^/  /'
	if [ -s "$out/notcovered.txt" ]; then
		echo "not covered:"
		sed 's/^/  /' "$out/notcovered.txt"
	fi
} | tee "$out/summary.txt"
exit $rc
