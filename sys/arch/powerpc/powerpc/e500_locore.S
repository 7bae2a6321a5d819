/*	$simplelock: arch/powerpc/powerpc/e500_locore.S $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * Entry, exception vectors and context switch of the bare-metal kernel
 * on QEMU's ppce500 machine (e500v2, Book E, 32-bit).  QEMU enters the
 * boot CPU at _start through a TLB1 entry mapping the low memory one
 * to one; a secondary leaves the e500 spin table at cpu_spinup with
 * its CPU index in r3 and a 64M mapping of its own.  SPRG0 holds the
 * CPU index.  Interrupts go through IVPR/IVORn to one 16-byte stub
 * each, which pushes a frame on the running thread's own stack, so
 * bm_intr_exit() may switch threads.
 */

#define	STACK_SHIFT	14		/* BM_STACK_SIZE */
#define	MAXCPU_MD	8
#define	ABI_FRAME	16		/* back chain, lr save, padding */
#define	GAP		224		/* what a red zone would need */

/* The trap frame: r0, r2-r12, lr, ctr, xer, cr, srr0, srr1. */
#define	TF(n)		(ABI_FRAME + 4 * (n))
#define	TF_R0		TF(0)
#define	TF_GPR(r)	TF((r) - 1)		/* r2 .. r12 */
#define	TF_LR		TF(12)
#define	TF_CTR		TF(13)
#define	TF_XER		TF(14)
#define	TF_CR		TF(15)
#define	TF_SRR0		TF(16)
#define	TF_SRR1		TF(17)
#define	TF_SIZE		(TF(18) + 8)		/* 16-byte multiple */
#define	TF_PUSH		(TF_SIZE + GAP)

/* md_switch's frame: back chain, lr slot, r14-r31, cr, padding. */
#define	SW_SIZE		96

#define	SPR_SPRG0	272
#define	SPR_IVPR	63

#define	LOADADDR(r, sym) \
	lis	r, sym@ha; \
	addi	r, r, sym@l

	/*
	 * The vectors first: IVPR takes the upper 16 bits of their
	 * 64K-aligned base, each IVOR the offset of its stub.
	 */
	.section .text.boot, "ax"
	.globl	e500_vec_base
e500_vec_base:
#define	VEC(n) \
	.balign	16; \
e500_vec_##n: \
	stwu	%r1, -TF_PUSH(%r1); \
	stw	%r0, TF_R0(%r1); \
	li	%r0, n; \
	b	trap_common
	VEC(0); VEC(1); VEC(2); VEC(3); VEC(4); VEC(5); VEC(6); VEC(7)
	VEC(8); VEC(9); VEC(10); VEC(11); VEC(12); VEC(13); VEC(14)
	VEC(15); VEC(32); VEC(33); VEC(34); VEC(35)

	.globl	_start
_start:
	li	%r30, 0
	b	1f

	.globl	cpu_spinup
cpu_spinup:
	mr	%r30, %r3

1:	mtspr	SPR_SPRG0, %r30
	LOADADDR(%r1, boot_stacks)
	addi	%r12, %r30, 1
	slwi	%r12, %r12, STACK_SHIFT
	add	%r1, %r1, %r12
	li	%r0, 0
	stwu	%r0, -ABI_FRAME(%r1)

	/* This CPU's vectors. */
	lis	%r3, e500_vec_base@h
	mtspr	SPR_IVPR, %r3
#define	IVOR(n, spr) \
	li	%r3, e500_vec_##n - e500_vec_base; \
	mtspr	spr, %r3
	IVOR(0, 400); IVOR(1, 401); IVOR(2, 402); IVOR(3, 403)
	IVOR(4, 404); IVOR(5, 405); IVOR(6, 406); IVOR(7, 407)
	IVOR(8, 408); IVOR(9, 409); IVOR(10, 410); IVOR(11, 411)
	IVOR(12, 412); IVOR(13, 413); IVOR(14, 414); IVOR(15, 415)
	IVOR(32, 528); IVOR(33, 529); IVOR(34, 530); IVOR(35, 531)
	isync

	cmpwi	%r30, 0
	bne	3f
	/* CPU 0: clear .bss (its own frame, all zeros, with it). */
	LOADADDR(%r11, __bss_start)
	LOADADDR(%r12, __bss_end)
2:	cmplw	%r11, %r12
	bge	3f
	stw	%r0, 0(%r11)
	addi	%r11, %r11, 4
	b	2b
3:	bl	e500_cpu_init
	mr	%r3, %r30
	bl	bm_main
4:	b	4b

	.section .bss
	.balign	16
boot_stacks:
	.space	(1 << STACK_SHIFT) * MAXCPU_MD

	.text
trap_common:
	stw	%r2, TF_GPR(2)(%r1)
	stw	%r3, TF_GPR(3)(%r1)
	stw	%r4, TF_GPR(4)(%r1)
	stw	%r5, TF_GPR(5)(%r1)
	stw	%r6, TF_GPR(6)(%r1)
	stw	%r7, TF_GPR(7)(%r1)
	stw	%r8, TF_GPR(8)(%r1)
	stw	%r9, TF_GPR(9)(%r1)
	stw	%r10, TF_GPR(10)(%r1)
	stw	%r11, TF_GPR(11)(%r1)
	stw	%r12, TF_GPR(12)(%r1)
	mflr	%r3
	stw	%r3, TF_LR(%r1)
	mfctr	%r3
	stw	%r3, TF_CTR(%r1)
	mfxer	%r3
	stw	%r3, TF_XER(%r1)
	mfcr	%r3
	stw	%r3, TF_CR(%r1)
	/* Another thread's trap would overwrite these: keep them here. */
	mfsrr0	%r4
	stw	%r4, TF_SRR0(%r1)
	/* Out of md_idle's doze: the return must not doze again. */
	mfsrr1	%r5
	rlwinm	%r5, %r5, 0, 14, 12		/* clear MSR.WE */
	stw	%r5, TF_SRR1(%r1)
	mr	%r3, %r0
	bl	e500_trap
	lwz	%r3, TF_SRR0(%r1)
	mtsrr0	%r3
	lwz	%r3, TF_SRR1(%r1)
	mtsrr1	%r3
	lwz	%r3, TF_LR(%r1)
	mtlr	%r3
	lwz	%r3, TF_CTR(%r1)
	mtctr	%r3
	lwz	%r3, TF_XER(%r1)
	mtxer	%r3
	lwz	%r3, TF_CR(%r1)
	mtcr	%r3
	lwz	%r0, TF_R0(%r1)
	lwz	%r2, TF_GPR(2)(%r1)
	lwz	%r3, TF_GPR(3)(%r1)
	lwz	%r4, TF_GPR(4)(%r1)
	lwz	%r5, TF_GPR(5)(%r1)
	lwz	%r6, TF_GPR(6)(%r1)
	lwz	%r7, TF_GPR(7)(%r1)
	lwz	%r8, TF_GPR(8)(%r1)
	lwz	%r9, TF_GPR(9)(%r1)
	lwz	%r10, TF_GPR(10)(%r1)
	lwz	%r11, TF_GPR(11)(%r1)
	lwz	%r12, TF_GPR(12)(%r1)
	addi	%r1, %r1, TF_PUSH
	rfi

/*
 * md_switch(void **oldsp, void *newsp): callee-saved registers on the
 * old stack, its sp to *oldsp, the new thread's off newsp.  SPRG0 is
 * the CPU's and stays.
 */
	.globl	md_switch
	.type	md_switch, @function
md_switch:
	mflr	%r0
	stw	%r0, 4(%r1)
	stwu	%r1, -SW_SIZE(%r1)
	stmw	%r14, 8(%r1)
	mfcr	%r0
	stw	%r0, 80(%r1)
	stw	%r1, 0(%r3)
	mr	%r1, %r4
	lmw	%r14, 8(%r1)
	lwz	%r0, 80(%r1)
	mtcr	%r0
	addi	%r1, %r1, SW_SIZE
	lwz	%r0, 4(%r1)
	mtlr	%r0
	blr

/* A new thread's first return from md_switch: fn (r14) of arg (r15). */
	.globl	ppc_thread_tramp
ppc_thread_tramp:
	mr	%r3, %r15
	mtctr	%r14
	bctrl
1:	b	1b

	.section .note.GNU-stack, "", @progbits
