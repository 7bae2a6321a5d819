/*	$simplelock: arch/alpha/alpha/locore.S $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * Entry, interrupt and fault entries and context switch of the
 * bare-metal kernel on QEMU's alpha clipper machine under QEMU's
 * OSF/1-style PALcode.  The boot CPU enters _start from the PALcode's
 * swppal, the others enter cpu_spinup when the HWRPB START message
 * reaches them; each takes its index from whami and keeps it in the
 * PALcode's per-CPU system value (wrval/rdval).  The PALcode pushes
 * PS, PC, gp, a0-a2 on the running thread's own kernel stack for an
 * interrupt and rti pops them, so bm_intr_exit() may switch threads.
 */

#define	STACK_SHIFT	14		/* BM_STACK_SIZE */
#define	MAXCPU_MD	4		/* the clipper has four CPU slots */

/* OSF/1 PALcode calls. */
#define	PAL_halt	0x00
#define	PAL_wrval	0x31
#define	PAL_wrent	0x34
#define	PAL_swpipl	0x35
#define	PAL_wrkgp	0x37
#define	PAL_whami	0x3c
#define	PAL_rti		0x3f

#define	IPL_HIGH	7

/* Caller-saved registers the interrupt entry saves: see alpha_entint. */
#define	IFRAME_SIZE	160

	.set	noat
	.section .text.boot, "ax"
	.globl	_start
	.ent	_start
_start:
	.globl	cpu_spinup
cpu_spinup:
	br	$1, 1f
1:	ldgp	$gp, 0($1)
	lda	$16, IPL_HIGH
	call_pal PAL_swpipl
	call_pal PAL_whami
	mov	$0, $9				/* s0: this CPU's index */
	lda	$1, boot_stacks
	addq	$9, 1, $2
	sll	$2, STACK_SHIFT, $2
	addq	$1, $2, $sp
	mov	$9, $16
	call_pal PAL_wrval
	mov	$gp, $16
	call_pal PAL_wrkgp
	lda	$16, alpha_entint
	mov	0, $17
	call_pal PAL_wrent
	lda	$16, alpha_entarith
	mov	1, $17
	call_pal PAL_wrent
	lda	$16, alpha_entmm
	mov	2, $17
	call_pal PAL_wrent
	lda	$16, alpha_entif
	mov	3, $17
	call_pal PAL_wrent
	lda	$16, alpha_entuna
	mov	4, $17
	call_pal PAL_wrent
	lda	$16, alpha_entsys
	mov	5, $17
	call_pal PAL_wrent
	bne	$9, 3f
	/* The boot CPU clears the bss; nothing is on its stack yet. */
	lda	$1, __bss_start
	lda	$2, __bss_end
2:	cmpult	$1, $2, $3
	beq	$3, 3f
	stq	$31, 0($1)
	addq	$1, 8, $1
	br	2b
3:	mov	$9, $16
	lda	$27, alpha_cpu_boot
	jsr	$26, ($27)
4:	call_pal PAL_halt
	br	4b
	.end	_start

	.section .bss
	.balign	16
	.globl	boot_stacks
boot_stacks:
	.space	(1 << STACK_SHIFT) * MAXCPU_MD

	.text
/*
 * An interrupt: a0 is its type, a1 its vector.  Every register the C
 * ABI does not preserve and the PALcode did not push is saved here,
 * on the interrupted thread's stack, below the PALcode's frame.
 */
	.globl	alpha_entint
	.ent	alpha_entint
alpha_entint:
	lda	$sp, -IFRAME_SIZE($sp)
	stq	$0, 0($sp)
	stq	$1, 8($sp)
	stq	$2, 16($sp)
	stq	$3, 24($sp)
	stq	$4, 32($sp)
	stq	$5, 40($sp)
	stq	$6, 48($sp)
	stq	$7, 56($sp)
	stq	$8, 64($sp)
	stq	$19, 72($sp)
	stq	$20, 80($sp)
	stq	$21, 88($sp)
	stq	$22, 96($sp)
	stq	$23, 104($sp)
	stq	$24, 112($sp)
	stq	$25, 120($sp)
	stq	$26, 128($sp)
	stq	$27, 136($sp)
	stq	$28, 144($sp)
	lda	$27, alpha_intr
	jsr	$26, ($27)
	ldq	$0, 0($sp)
	ldq	$1, 8($sp)
	ldq	$2, 16($sp)
	ldq	$3, 24($sp)
	ldq	$4, 32($sp)
	ldq	$5, 40($sp)
	ldq	$6, 48($sp)
	ldq	$7, 56($sp)
	ldq	$8, 64($sp)
	ldq	$19, 72($sp)
	ldq	$20, 80($sp)
	ldq	$21, 88($sp)
	ldq	$22, 96($sp)
	ldq	$23, 104($sp)
	ldq	$24, 112($sp)
	ldq	$25, 120($sp)
	ldq	$26, 128($sp)
	ldq	$27, 136($sp)
	ldq	$28, 144($sp)
	lda	$sp, IFRAME_SIZE($sp)
	call_pal PAL_rti
	.end	alpha_entint

/* Faults: none is expected, so each reports and fails; a3 says which. */
	.ent	alpha_entfault
alpha_entarith:
	mov	1, $19
	br	alpha_entfault
alpha_entmm:
	mov	2, $19
	br	alpha_entfault
alpha_entif:
	mov	3, $19
	br	alpha_entfault
alpha_entuna:
	mov	4, $19
	br	alpha_entfault
alpha_entsys:
	mov	5, $19
alpha_entfault:
	ldq	$20, 8($sp)			/* the PC the PALcode pushed */
	lda	$27, alpha_fault
	jsr	$26, ($27)
1:	br	1b
	.end	alpha_entfault

/*
 * md_switch(void **oldsp, void *newsp): ra and s0-s6 on the old
 * stack, its sp to *oldsp, the new thread's off newsp.  gp is the one
 * kernel gp; the system value is the CPU's and stays.
 */
	.globl	md_switch
	.ent	md_switch
md_switch:
	lda	$sp, -64($sp)
	stq	$26, 0($sp)
	stq	$9, 8($sp)
	stq	$10, 16($sp)
	stq	$11, 24($sp)
	stq	$12, 32($sp)
	stq	$13, 40($sp)
	stq	$14, 48($sp)
	stq	$15, 56($sp)
	stq	$sp, 0($16)
	mov	$17, $sp
	ldq	$26, 0($sp)
	ldq	$9, 8($sp)
	ldq	$10, 16($sp)
	ldq	$11, 24($sp)
	ldq	$12, 32($sp)
	ldq	$13, 40($sp)
	ldq	$14, 48($sp)
	ldq	$15, 56($sp)
	lda	$sp, 64($sp)
	ret	$31, ($26), 1
	.end	md_switch

/* A new thread's first return from md_switch: fn (s0) of arg (s1). */
	.globl	alpha_thread_tramp
	.ent	alpha_thread_tramp
alpha_thread_tramp:
	mov	$10, $16
	mov	$9, $27
	jsr	$26, ($27)
1:	br	1b
	.end	alpha_thread_tramp

	.section .note.GNU-stack, "", @progbits
