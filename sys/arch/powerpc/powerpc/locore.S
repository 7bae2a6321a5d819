/*	$simplelock: arch/powerpc/powerpc/locore.S $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * Entry, exception vectors and context switch of the bare-metal kernel
 * on QEMU's pseries machine, a PAPR guest in real mode (MSR.IR/DR off).
 * The firmware (VOF) enters the boot CPU at _start, big-endian, with
 * the OF client interface in r5; RTAS start-cpu enters the others at
 * cpu_spinup, big-endian, with their CPU index in r3.  The
 * little-endian kernel first turns itself around with rfid.  SPRG0
 * holds the CPU index.  Every vector (0x100 .. 0xfe0, one stub per 32
 * bytes, copied there at boot) pushes a frame on the running thread's
 * own stack, past the ABI's 288-byte red zone, so bm_intr_exit() may
 * switch threads.
 */

#define	STACK_SHIFT	14		/* BM_STACK_SIZE */
#define	MAXCPU_MD	8
#define	ABI_FRAME	112		/* ELFv1's minimum; ELFv2 needs 32 */
#define	REDZONE		288

/* The trap frame: ABI area, then r0, r2-r12, lr, ctr, xer, cr, srr0/1. */
#define	TF(n)		(ABI_FRAME + 8 * (n))
#define	TF_R0		TF(0)
#define	TF_GPR(r)	TF((r) - 1)		/* r2 .. r12 */
#define	TF_LR		TF(12)
#define	TF_CTR		TF(13)
#define	TF_XER		TF(14)
#define	TF_CR		TF(15)
#define	TF_SRR0		TF(16)
#define	TF_SRR1		TF(17)
#define	TF_SIZE		TF(18)
#define	TF_PUSH		(TF_SIZE + REDZONE)

/* md_switch's frame: ABI area, r14-r31, cr, padding. */
#define	SW_SIZE		(ABI_FRAME + 8 * 20)

#define	SPR_SPRG0	272

/* An absolute address below 2G; real mode runs where it is linked. */
#define	LOADADDR(r, sym) \
	lis	r, sym@ha; \
	addi	r, r, sym@l

/*
 * One instruction word in big-endian byte order, whatever the
 * assembler's: code the little-endian kernel runs before it has left
 * big-endian mode.
 */
#define	BEWORD(x) \
	.byte	((x) >> 24) & 0xff, ((x) >> 16) & 0xff, \
		((x) >> 8) & 0xff, (x) & 0xff

/*
 * Big-endian to little-endian: rfid to the next word with MSR.LE set.
 * Clobbers r10, r11, srr0, srr1.  Nothing in the big-endian kernel.
 */
#ifdef __LITTLE_ENDIAN__
#define	TO_LITTLE_ENDIAN \
	BEWORD(0x7d6000a6);	/* mfmsr r11 */ \
	BEWORD(0x616b0001);	/* ori r11, r11, 1 (MSR.LE) */ \
	BEWORD(0x429f0005);	/* bcl 20, 31, .+4 */ \
	BEWORD(0x7d4802a6);	/* mflr r10 */ \
	BEWORD(0x394a0014);	/* addi r10, r10, 20 */ \
	BEWORD(0x7d5a03a6);	/* mtsrr0 r10 */ \
	BEWORD(0x7d7b03a6);	/* mtsrr1 r11 */ \
	BEWORD(0x4c000024)	/* rfid */
#else
#define	TO_LITTLE_ENDIAN
#endif

/*
 * A C-callable function: ELFv1 names its descriptor in .opd, ELFv2 the
 * code.  Neither sets up r2: the kernel has one TOC, always in r2.
 */
#if _CALL_ELF != 2
#define	FUNC(name) \
	.section .opd, "aw"; \
	.balign	8; \
	.globl	name; \
	.type	name, @function; \
name:	.quad	.L.name, .TOC.@tocbase, 0; \
	.previous; \
.L.name:
#else
#define	FUNC(name) \
	.globl	name; \
	.type	name, @function; \
name:
#endif

	.machine	power8

	.section .text.boot, "ax"
	.globl	_start
_start:
	TO_LITTLE_ENDIAN
	li	%r30, 0
	mr	%r31, %r5
	b	1f

	.globl	cpu_spinup
cpu_spinup:
	TO_LITTLE_ENDIAN
	mr	%r30, %r3
	li	%r31, 0

	/* The firmware may leave 32-bit mode on: MSR.SF, EE stays off. */
1:	mfmsr	%r11
	li	%r12, 1
	sldi	%r12, %r12, 63
	or	%r11, %r11, %r12
	mtmsrd	%r11
	isync
	mtspr	SPR_SPRG0, %r30
	LOADADDR(%r2, .TOC.)
	LOADADDR(%r1, boot_stacks)
	addi	%r12, %r30, 1
	sldi	%r12, %r12, STACK_SHIFT
	add	%r1, %r1, %r12
	li	%r0, 0
	stdu	%r0, -ABI_FRAME(%r1)
	cmpdi	%r30, 0
	bne	3f
	/* CPU 0: clear .bss (its own frame, all zeros, with it). */
	LOADADDR(%r11, __bss_start)
	LOADADDR(%r12, __bss_end)
2:	cmpld	%r11, %r12
	bge	4f
	std	%r0, 0(%r11)
	addi	%r11, %r11, 8
	b	2b
4:	mr	%r3, %r31
	bl	ppc_boot
	nop
3:	mr	%r3, %r30
	bl	bm_main
	nop
5:	b	5b

	.section .bss
	.balign	16
boot_stacks:
	.space	(1 << STACK_SHIFT) * MAXCPU_MD

	.text

/*
 * The vector stub, copied to every 32 bytes from 0x100; the boot CPU
 * patches the li with the vector's own address.  ba reaches the
 * kernel (below 32M) from anywhere.
 */
	.globl	ppc_vec_stub
ppc_vec_stub:
	stdu	%r1, -TF_PUSH(%r1)
	std	%r0, TF_R0(%r1)
	li	%r0, 0
	ba	trap_common

	.balign	4
trap_common:
	std	%r2, TF_GPR(2)(%r1)
	std	%r3, TF_GPR(3)(%r1)
	std	%r4, TF_GPR(4)(%r1)
	std	%r5, TF_GPR(5)(%r1)
	std	%r6, TF_GPR(6)(%r1)
	std	%r7, TF_GPR(7)(%r1)
	std	%r8, TF_GPR(8)(%r1)
	std	%r9, TF_GPR(9)(%r1)
	std	%r10, TF_GPR(10)(%r1)
	std	%r11, TF_GPR(11)(%r1)
	std	%r12, TF_GPR(12)(%r1)
	mflr	%r3
	std	%r3, TF_LR(%r1)
	mfctr	%r3
	std	%r3, TF_CTR(%r1)
	mfxer	%r3
	std	%r3, TF_XER(%r1)
	mfcr	%r3
	std	%r3, TF_CR(%r1)
	/* Another thread's trap would overwrite these: keep them here. */
	mfsrr0	%r4
	std	%r4, TF_SRR0(%r1)
	mfsrr1	%r5
	std	%r5, TF_SRR1(%r1)
	LOADADDR(%r2, .TOC.)
	mr	%r3, %r0
	bl	ppc_trap
	nop
	ld	%r3, TF_SRR0(%r1)
	mtsrr0	%r3
	ld	%r3, TF_SRR1(%r1)
	mtsrr1	%r3
	ld	%r3, TF_LR(%r1)
	mtlr	%r3
	ld	%r3, TF_CTR(%r1)
	mtctr	%r3
	ld	%r3, TF_XER(%r1)
	mtxer	%r3
	ld	%r3, TF_CR(%r1)
	mtcr	%r3
	ld	%r0, TF_R0(%r1)
	ld	%r2, TF_GPR(2)(%r1)
	ld	%r3, TF_GPR(3)(%r1)
	ld	%r4, TF_GPR(4)(%r1)
	ld	%r5, TF_GPR(5)(%r1)
	ld	%r6, TF_GPR(6)(%r1)
	ld	%r7, TF_GPR(7)(%r1)
	ld	%r8, TF_GPR(8)(%r1)
	ld	%r9, TF_GPR(9)(%r1)
	ld	%r10, TF_GPR(10)(%r1)
	ld	%r11, TF_GPR(11)(%r1)
	ld	%r12, TF_GPR(12)(%r1)
	addi	%r1, %r1, TF_PUSH
	rfid

/*
 * md_switch(void **oldsp, void *newsp): callee-saved registers on the
 * old stack, its sp to *oldsp, the new thread's off newsp.  SPRG0 is
 * the CPU's and stays; r2 is the one TOC.
 */
FUNC(md_switch)
	mflr	%r0
	std	%r0, 16(%r1)
	stdu	%r1, -SW_SIZE(%r1)
	std	%r14, ABI_FRAME + 0(%r1)
	std	%r15, ABI_FRAME + 8(%r1)
	std	%r16, ABI_FRAME + 16(%r1)
	std	%r17, ABI_FRAME + 24(%r1)
	std	%r18, ABI_FRAME + 32(%r1)
	std	%r19, ABI_FRAME + 40(%r1)
	std	%r20, ABI_FRAME + 48(%r1)
	std	%r21, ABI_FRAME + 56(%r1)
	std	%r22, ABI_FRAME + 64(%r1)
	std	%r23, ABI_FRAME + 72(%r1)
	std	%r24, ABI_FRAME + 80(%r1)
	std	%r25, ABI_FRAME + 88(%r1)
	std	%r26, ABI_FRAME + 96(%r1)
	std	%r27, ABI_FRAME + 104(%r1)
	std	%r28, ABI_FRAME + 112(%r1)
	std	%r29, ABI_FRAME + 120(%r1)
	std	%r30, ABI_FRAME + 128(%r1)
	std	%r31, ABI_FRAME + 136(%r1)
	mfcr	%r0
	std	%r0, ABI_FRAME + 144(%r1)
	std	%r1, 0(%r3)
	mr	%r1, %r4
	ld	%r14, ABI_FRAME + 0(%r1)
	ld	%r15, ABI_FRAME + 8(%r1)
	ld	%r16, ABI_FRAME + 16(%r1)
	ld	%r17, ABI_FRAME + 24(%r1)
	ld	%r18, ABI_FRAME + 32(%r1)
	ld	%r19, ABI_FRAME + 40(%r1)
	ld	%r20, ABI_FRAME + 48(%r1)
	ld	%r21, ABI_FRAME + 56(%r1)
	ld	%r22, ABI_FRAME + 64(%r1)
	ld	%r23, ABI_FRAME + 72(%r1)
	ld	%r24, ABI_FRAME + 80(%r1)
	ld	%r25, ABI_FRAME + 88(%r1)
	ld	%r26, ABI_FRAME + 96(%r1)
	ld	%r27, ABI_FRAME + 104(%r1)
	ld	%r28, ABI_FRAME + 112(%r1)
	ld	%r29, ABI_FRAME + 120(%r1)
	ld	%r30, ABI_FRAME + 128(%r1)
	ld	%r31, ABI_FRAME + 136(%r1)
	ld	%r0, ABI_FRAME + 144(%r1)
	mtcr	%r0
	addi	%r1, %r1, SW_SIZE
	ld	%r0, 16(%r1)
	mtlr	%r0
	blr

/*
 * A new thread's first return from md_switch: fn (r14) of arg (r15).
 * fn is an ELFv1 descriptor or an ELFv2 entry, which wants itself in
 * r12.
 */
	.globl	ppc_thread_tramp
ppc_thread_tramp:
	mr	%r3, %r15
#if _CALL_ELF != 2
	ld	%r0, 0(%r14)
	ld	%r2, 8(%r14)
	mtctr	%r0
#else
	mr	%r12, %r14
	mtctr	%r12
#endif
	bctrl
	nop
1:	b	1b

/*
 * ppc_fw_call(entry, a, b): call big-endian firmware code (the OF
 * client interface, RTAS) at a plain entry address with r3 = a,
 * r4 = b; returns its r3.  The little-endian kernel goes there by
 * rfid with MSR.LE clear and comes back through TO_LITTLE_ENDIAN.
 * Interrupts are off.
 */
FUNC(ppc_fw_call)
	mflr	%r0
	std	%r0, 16(%r1)
	stdu	%r1, -(ABI_FRAME + 16)(%r1)
	std	%r2, ABI_FRAME(%r1)
#ifdef __LITTLE_ENDIAN__
	mtsrr0	%r3
	mfmsr	%r11
	li	%r12, 1
	andc	%r11, %r11, %r12
	mtsrr1	%r11
	LOADADDR(%r12, fw_return)
	mtlr	%r12
	mr	%r3, %r4
	mr	%r4, %r5
	rfid
fw_return:
	TO_LITTLE_ENDIAN
#else
	mtctr	%r3
	mr	%r3, %r4
	mr	%r4, %r5
	bctrl
#endif
	ld	%r2, ABI_FRAME(%r1)
	addi	%r1, %r1, ABI_FRAME + 16
	ld	%r0, 16(%r1)
	mtlr	%r0
	blr
