/*	$simplelock: arch/riscv/riscv/locore_mmode.S $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * Entry, trap vector and context switch of the bare-metal kernel on
 * QEMU's riscv virt machine in M-mode without firmware (-bios none),
 * as riscv32 runs it.  Every hart comes out of QEMU's reset vector at
 * _start with a0 = mhartid and a1 = the device tree.  Hart 0 boots;
 * the others park in wfi with only the CLINT software interrupt
 * (MSIE) enabled and mstatus.MIE clear, so that msip wakes them
 * without a trap, until md_start_cpus() sets their go word and
 * raises their msip.  tp holds the CPU index, which is the hart id
 * (virt numbers its harts from 0).  Traps are taken on the running
 * thread's own stack (the kernel never leaves M-mode), so
 * bm_intr_exit() may switch threads.
 */

#if __riscv_xlen == 32
#define	SZREG		4
#define	REG_S		sw
#define	REG_L		lw
#else
#define	SZREG		8
#define	REG_S		sd
#define	REG_L		ld
#endif

#define	STACK_SHIFT	14		/* BM_STACK_SIZE */
#define	MAXCPU_MD	8
#define	MSTATUS_MIE	8
#define	MIE_MSIE	8
#define	CLINT_MSIP	0x02000000

/* ra, t0-t6, a0-a7, mepc, mstatus; a multiple of 16 bytes. */
#define	FRAME_SIZE	(20 * SZREG)
#define	F_EPC		(16 * SZREG)
#define	F_STATUS	(17 * SZREG)
/* ra, s0-s11 for md_switch (machdep_mmode.c knows 16 words). */
#define	SWITCH_SIZE	(16 * SZREG)

	.section .text.boot, "ax"
	.globl	_start
_start:
	csrw	mie, zero
	csrci	mstatus, MSTATUS_MIE
	la	t0, trap_entry
	csrw	mtvec, t0
	li	t0, MAXCPU_MD
	bgeu	a0, t0, 9f		/* no stack for it: never started */
	la	sp, boot_stacks
	addi	t0, a0, 1
	slli	t0, t0, STACK_SHIFT
	add	sp, sp, t0
	mv	tp, a0
	bnez	a0, 3f
	/* Hart 0: the parked harts touch no .bss until they are started. */
	la	t1, __bss_start
	la	t2, __bss_end
1:	bgeu	t1, t2, 2f
	REG_S	zero, 0(t1)
	addi	t1, t1, SZREG
	j	1b
2:	la	t1, riscv_fdt
	REG_S	a1, 0(t1)
	li	a0, 0
	call	bm_main
	j	9f

	/* The others: wait for the go word, then take down msip. */
3:	li	t0, MIE_MSIE
	csrw	mie, t0
	la	t1, riscv_hart_go
	slli	t2, a0, 2
	add	t1, t1, t2
4:	lw	t2, 0(t1)
	bnez	t2, 5f
	wfi
	j	4b
5:	fence	r, rw
	li	t1, CLINT_MSIP
	slli	t2, a0, 2
	add	t1, t1, t2
	sw	zero, 0(t1)
	csrw	mie, zero
	call	bm_main
9:	wfi
	j	9b

	/* In .data: hart 0 clears .bss while the others read these. */
	.section .data
	.balign	4
	.globl	riscv_hart_go
riscv_hart_go:
	.space	4 * MAXCPU_MD

	.section .bss
	.balign	16
boot_stacks:
	.space	(1 << STACK_SHIFT) * MAXCPU_MD

	.text
	.balign	4
trap_entry:
	addi	sp, sp, -FRAME_SIZE
	REG_S	ra, (0 * SZREG)(sp)
	REG_S	t0, (1 * SZREG)(sp)
	REG_S	t1, (2 * SZREG)(sp)
	REG_S	t2, (3 * SZREG)(sp)
	REG_S	t3, (4 * SZREG)(sp)
	REG_S	t4, (5 * SZREG)(sp)
	REG_S	t5, (6 * SZREG)(sp)
	REG_S	t6, (7 * SZREG)(sp)
	REG_S	a0, (8 * SZREG)(sp)
	REG_S	a1, (9 * SZREG)(sp)
	REG_S	a2, (10 * SZREG)(sp)
	REG_S	a3, (11 * SZREG)(sp)
	REG_S	a4, (12 * SZREG)(sp)
	REG_S	a5, (13 * SZREG)(sp)
	REG_S	a6, (14 * SZREG)(sp)
	REG_S	a7, (15 * SZREG)(sp)
	/* Another thread's trap would overwrite these: keep them here. */
	csrr	t0, mepc
	csrr	t1, mstatus
	REG_S	t0, F_EPC(sp)
	REG_S	t1, F_STATUS(sp)
	csrr	a0, mcause
	mv	a1, t0
	csrr	a2, mtval
	call	riscv_mtrap
	REG_L	t0, F_EPC(sp)
	REG_L	t1, F_STATUS(sp)
	csrw	mepc, t0
	csrw	mstatus, t1
	REG_L	ra, (0 * SZREG)(sp)
	REG_L	t0, (1 * SZREG)(sp)
	REG_L	t1, (2 * SZREG)(sp)
	REG_L	t2, (3 * SZREG)(sp)
	REG_L	t3, (4 * SZREG)(sp)
	REG_L	t4, (5 * SZREG)(sp)
	REG_L	t5, (6 * SZREG)(sp)
	REG_L	t6, (7 * SZREG)(sp)
	REG_L	a0, (8 * SZREG)(sp)
	REG_L	a1, (9 * SZREG)(sp)
	REG_L	a2, (10 * SZREG)(sp)
	REG_L	a3, (11 * SZREG)(sp)
	REG_L	a4, (12 * SZREG)(sp)
	REG_L	a5, (13 * SZREG)(sp)
	REG_L	a6, (14 * SZREG)(sp)
	REG_L	a7, (15 * SZREG)(sp)
	addi	sp, sp, FRAME_SIZE
	mret

/*
 * md_switch(void **oldsp, void *newsp): callee-saved registers on the
 * old stack, its sp to *oldsp, the new thread's off newsp.  tp is the
 * CPU's and stays.
 */
	.globl	md_switch
md_switch:
	addi	sp, sp, -SWITCH_SIZE
	REG_S	ra, (0 * SZREG)(sp)
	REG_S	s0, (1 * SZREG)(sp)
	REG_S	s1, (2 * SZREG)(sp)
	REG_S	s2, (3 * SZREG)(sp)
	REG_S	s3, (4 * SZREG)(sp)
	REG_S	s4, (5 * SZREG)(sp)
	REG_S	s5, (6 * SZREG)(sp)
	REG_S	s6, (7 * SZREG)(sp)
	REG_S	s7, (8 * SZREG)(sp)
	REG_S	s8, (9 * SZREG)(sp)
	REG_S	s9, (10 * SZREG)(sp)
	REG_S	s10, (11 * SZREG)(sp)
	REG_S	s11, (12 * SZREG)(sp)
	REG_S	sp, 0(a0)
	mv	sp, a1
	REG_L	ra, (0 * SZREG)(sp)
	REG_L	s0, (1 * SZREG)(sp)
	REG_L	s1, (2 * SZREG)(sp)
	REG_L	s2, (3 * SZREG)(sp)
	REG_L	s3, (4 * SZREG)(sp)
	REG_L	s4, (5 * SZREG)(sp)
	REG_L	s5, (6 * SZREG)(sp)
	REG_L	s6, (7 * SZREG)(sp)
	REG_L	s7, (8 * SZREG)(sp)
	REG_L	s8, (9 * SZREG)(sp)
	REG_L	s9, (10 * SZREG)(sp)
	REG_L	s10, (11 * SZREG)(sp)
	REG_L	s11, (12 * SZREG)(sp)
	addi	sp, sp, SWITCH_SIZE
	ret

/* A new thread's first return from md_switch: fn (s0) of arg (s1). */
	.globl	riscv_thread_tramp
riscv_thread_tramp:
	mv	a0, s1
	jalr	s0
1:	j	1b
