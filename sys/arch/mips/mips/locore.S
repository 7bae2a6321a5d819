/*	$simplelock: arch/mips/mips/locore.S $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * Entry, exception vector and context switch of the bare-metal kernel
 * on QEMU's Malta board, o32 (MIPS32r2) or n64 with -msym32 (MIPS64r6
 * for CPS SMP), either byte order.  Every CPU enters at _start: the
 * boot CPU from QEMU's pseudo-bootloader, a 34Kf VPE at its TCRestart
 * (MT ASE), an I6400 VP that the CPC powers up through the same
 * bootloader at the reset vector.  EBase.CPUNum tells them apart and
 * is the per-CPU register.  EBase points at this file's first page.
 * An exception is taken on the running thread's own stack (the kernel
 * never leaves kernel mode); the handler leaves EXL with IE clear at
 * once, so that bm_intr_exit() may switch threads, and restores the
 * interrupted EPC and IE from the frame.
 */

#if _MIPS_SZPTR == 64
#define	SZREG	8
#define	REG_S	sd
#define	REG_L	ld
#define	PTR_ADDU	daddu
#define	PTR_ADDIU	daddiu
#define	PTR_SLL	dsll
#define	MFC0	dmfc0
#define	MTC0	dmtc0
#define	PTR_LA	dla
#else
#define	SZREG	4
#define	REG_S	sw
#define	REG_L	lw
#define	PTR_ADDU	addu
#define	PTR_ADDIU	addiu
#define	PTR_SLL	sll
#define	MFC0	mfc0
#define	MTC0	mtc0
#define	PTR_LA	la
#endif

#define	STACK_SHIFT	14		/* BM_STACK_SIZE */
#define	MAXCPU_MD	8

#define	SR_IE		0x00000001
#define	SR_EXL		0x00000002
#define	SR_CU0		0x10000000
#define	SR_FR		0x04000000

/*
 * The trap frame: the o32 argument save area (the callee's), then
 * every register the C ABI does not preserve, EPC and Status.
 */
#define	F_AT		(4 * SZREG)
#define	F_V0		(5 * SZREG)
#define	F_V1		(6 * SZREG)
#define	F_A0		(7 * SZREG)
#define	F_A1		(8 * SZREG)
#define	F_A2		(9 * SZREG)
#define	F_A3		(10 * SZREG)
#define	F_R8		(11 * SZREG)
#define	F_R9		(12 * SZREG)
#define	F_R10		(13 * SZREG)
#define	F_R11		(14 * SZREG)
#define	F_R12		(15 * SZREG)
#define	F_R13		(16 * SZREG)
#define	F_R14		(17 * SZREG)
#define	F_R15		(18 * SZREG)
#define	F_T8		(19 * SZREG)
#define	F_T9		(20 * SZREG)
#define	F_RA		(21 * SZREG)
#define	F_HI		(22 * SZREG)
#define	F_LO		(23 * SZREG)
#define	F_EPC		(24 * SZREG)
#define	F_SR		(25 * SZREG)
#define	FRAME_SIZE	(26 * SZREG)	/* 8-, 16-byte aligned */

	.set	noreorder
	.set	noat

/*
 * The vectors: EBase + 0 (TLB refill), + 0x80 (64-bit refill) and
 * + 0x180 (everything else; Cause.IV is clear, so interrupts too).
 * The kernel maps nothing: a refill is a wild pointer, reported as
 * any other exception.
 */
	.section .text.vector, "ax"
	.balign	4096
	.globl	mips_vectors
mips_vectors:
	j	exc_entry
	 nop
	.org	0x80
	j	exc_entry
	 nop
	.org	0x100
	j	exc_entry
	 nop
	.org	0x180
exc_entry:
	PTR_ADDIU $sp, $sp, -FRAME_SIZE
	REG_S	$1, F_AT($sp)
	REG_S	$2, F_V0($sp)
	REG_S	$3, F_V1($sp)
	REG_S	$4, F_A0($sp)
	REG_S	$5, F_A1($sp)
	REG_S	$6, F_A2($sp)
	REG_S	$7, F_A3($sp)
	REG_S	$8, F_R8($sp)
	REG_S	$9, F_R9($sp)
	REG_S	$10, F_R10($sp)
	REG_S	$11, F_R11($sp)
	REG_S	$12, F_R12($sp)
	REG_S	$13, F_R13($sp)
	REG_S	$14, F_R14($sp)
	REG_S	$15, F_R15($sp)
	REG_S	$24, F_T8($sp)
	REG_S	$25, F_T9($sp)
	REG_S	$31, F_RA($sp)
#if __mips_isa_rev < 6
	mfhi	$8
	mflo	$9
	REG_S	$8, F_HI($sp)
	REG_S	$9, F_LO($sp)
#endif
	/* Another thread's exception would overwrite these: keep them. */
	MFC0	$5, $14			/* EPC */
	mfc0	$8, $12			/* Status */
	REG_S	$5, F_EPC($sp)
	REG_S	$8, F_SR($sp)
	/* Leave exception level with interrupts masked by IE. */
	li	$9, ~(SR_EXL | SR_IE)
	and	$8, $8, $9
	mtc0	$8, $12
	ehb
	mfc0	$4, $13			/* Cause */
	MFC0	$6, $8			/* BadVAddr */
	jal	mips_trap
	 nop
	di
	ehb
	REG_L	$8, F_EPC($sp)
	MTC0	$8, $14
	/* Back to exception level; IE as it was when the trap came. */
	REG_L	$9, F_SR($sp)
	mfc0	$8, $12
	ori	$8, $8, SR_EXL | SR_IE
	xori	$8, $8, SR_IE
	andi	$9, $9, SR_IE
	or	$8, $8, $9
	mtc0	$8, $12
	ehb
#if __mips_isa_rev < 6
	REG_L	$8, F_HI($sp)
	REG_L	$9, F_LO($sp)
	mthi	$8
	mtlo	$9
#endif
	REG_L	$1, F_AT($sp)
	REG_L	$2, F_V0($sp)
	REG_L	$3, F_V1($sp)
	REG_L	$4, F_A0($sp)
	REG_L	$5, F_A1($sp)
	REG_L	$6, F_A2($sp)
	REG_L	$7, F_A3($sp)
	REG_L	$8, F_R8($sp)
	REG_L	$9, F_R9($sp)
	REG_L	$10, F_R10($sp)
	REG_L	$11, F_R11($sp)
	REG_L	$12, F_R12($sp)
	REG_L	$13, F_R13($sp)
	REG_L	$14, F_R14($sp)
	REG_L	$15, F_R15($sp)
	REG_L	$24, F_T8($sp)
	REG_L	$25, F_T9($sp)
	REG_L	$31, F_RA($sp)
	PTR_ADDIU $sp, $sp, FRAME_SIZE
	eret

/*
 * Every CPU: kernel mode, interrupts masked, our vectors, Count
 * running, a boot stack by EBase.CPUNum; CPU 0 clears the BSS.
 */
	.section .text.boot, "ax"
	.globl	_start
_start:
	li	$8, SR_CU0
	mtc0	$8, $12			/* Status: BEV, ERL clear */
	ehb
	mtc0	$0, $13			/* Cause: IV and DC clear */
	PTR_LA	$8, mips_vectors
	MTC0	$8, $15, 1		/* EBase */
	ehb
	mfc0	$16, $15, 1
	andi	$16, $16, 0x3ff		/* s0: CPUNum */
	PTR_LA	$sp, boot_stacks
	addiu	$8, $16, 1
	PTR_SLL	$8, $8, STACK_SHIFT
	PTR_ADDU $sp, $sp, $8
	PTR_ADDIU $sp, $sp, -32		/* the o32 argument save area */
	bnez	$16, 3f
	 nop
	PTR_LA	$8, __bss_start
	PTR_LA	$9, __bss_end
2:	sltu	$10, $8, $9
	beqz	$10, 3f
	 nop
	sw	$0, 0($8)
	b	2b
	 PTR_ADDIU $8, $8, 4
3:	jal	mips_cpu_init
	 move	$4, $16
	jal	bm_main
	 move	$4, $16
4:	wait
	b	4b
	 nop

	.section .bss
	.balign	16
boot_stacks:
	.space	(1 << STACK_SHIFT) * MAXCPU_MD

	.text
/*
 * md_switch(void **oldsp, void *newsp): callee-saved registers on the
 * old stack, its sp to *oldsp, the new thread's off newsp.
 */
	.globl	md_switch
md_switch:
	PTR_ADDIU $sp, $sp, -(12 * SZREG)
	REG_S	$16, 0($sp)
	REG_S	$17, (1 * SZREG)($sp)
	REG_S	$18, (2 * SZREG)($sp)
	REG_S	$19, (3 * SZREG)($sp)
	REG_S	$20, (4 * SZREG)($sp)
	REG_S	$21, (5 * SZREG)($sp)
	REG_S	$22, (6 * SZREG)($sp)
	REG_S	$23, (7 * SZREG)($sp)
	REG_S	$30, (8 * SZREG)($sp)
	REG_S	$28, (9 * SZREG)($sp)
	REG_S	$31, (10 * SZREG)($sp)
	REG_S	$sp, 0($4)
	move	$sp, $5
	REG_L	$16, 0($sp)
	REG_L	$17, (1 * SZREG)($sp)
	REG_L	$18, (2 * SZREG)($sp)
	REG_L	$19, (3 * SZREG)($sp)
	REG_L	$20, (4 * SZREG)($sp)
	REG_L	$21, (5 * SZREG)($sp)
	REG_L	$22, (6 * SZREG)($sp)
	REG_L	$23, (7 * SZREG)($sp)
	REG_L	$30, (8 * SZREG)($sp)
	REG_L	$28, (9 * SZREG)($sp)
	REG_L	$31, (10 * SZREG)($sp)
	jr	$31
	 PTR_ADDIU $sp, $sp, (12 * SZREG)

/* A new thread's first return from md_switch: fn (s0) of arg (s1). */
	.globl	mips_thread_tramp
mips_thread_tramp:
	PTR_ADDIU $sp, $sp, -32
	move	$25, $16
	jalr	$25
	 move	$4, $17
1:	b	1b
	 nop
