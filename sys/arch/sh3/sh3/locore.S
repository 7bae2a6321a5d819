/*	$simplelock: arch/sh3/sh3/locore.S $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * Entry, exception vectors and context switch of the bare-metal
 * kernel on QEMU's r2d (SH7751R, one CPU).  QEMU enters the raw image
 * at its load address in P2 with SR as after reset (MD, RB, BL,
 * IMASK 15); the kernel jumps to its P1 link address and runs with
 * MD set, register bank 0, BL clear and FD set (no FPU code is built,
 * so any FPU instruction traps).
 *
 * An exception enters at VBR + 0x100, + 0x400 (TLB miss) or + 0x600
 * (interrupt) with bank 1 selected and BL set.  The vector saves SPC
 * and SSR on the interrupted thread's own stack, then goes back to
 * bank 0 with BL clear and IMASK 15, so that the C handler, and any
 * thread bm_intr_exit() switches to, run in the ordinary state; it
 * saves there the registers the C ABI does not preserve.  The way out
 * restores SR with ldc, not rte (see trap_resume).
 */

#define	STACK_SIZE	16384		/* BM_STACK_SIZE */
#define	SR_KERNEL	0x400080f0	/* MD, FD, IMASK 15 */
#define	SR_RB_BL	0x30000000

	.section .text.boot, "ax"
	.globl	_start
_start:
	/* Position independent until here: on to P1. */
	mov.l	.Lstart1, r0
	jmp	@r0
	nop
	.balign	4
.Lstart1:
	.long	start1

	.text
	.balign	4
start1:
	mov.l	.Lsr_kernel, r0
	ldc	r0, sr			/* bank 0 from here on */
	mov.l	.Lvbr, r0
	ldc	r0, vbr
	mov.l	.Lstack_top, r15
	mov.l	.Lbss_start, r1
	mov.l	.Lbss_end, r2
	mov	#0, r0
1:	cmp/hs	r2, r1
	bt	2f
	mov.l	r0, @r1
	bra	1b
	add	#4, r1
2:	mov.l	.Lbm_main, r0
	jsr	@r0
	mov	#0, r4
3:	sleep
	bra	3b
	nop

	.balign	4
.Lsr_kernel:
	.long	SR_KERNEL
.Lvbr:
	.long	vbr_base
.Lstack_top:
	.long	boot_stack + STACK_SIZE
.Lbss_start:
	.long	__bss_start
.Lbss_end:
	.long	__bss_end
.Lbm_main:
	.long	bm_main

	.section .bss
	.balign	16
boot_stack:
	.space	STACK_SIZE

/*
 * The vectors, in bank 1 with BL set: r0-r7 here are scratch.  r0
 * says which vector for sh3_trap(): 1 exception, 2 TLB miss,
 * 3 interrupt.
 */
	.section .text.vectors, "ax"
	.balign	4096
vbr_base:
	.org	0x100
	bra	trap_common
	mov	#1, r0
	.org	0x400
	bra	trap_common
	mov	#2, r0
	.org	0x600
	bra	trap_common
	mov	#3, r0

/*
 * The frame, from the stack pointer up: gbr, macl, mach, pr, r0-r7,
 * the vector, ssr, spc (struct sh3_frame in machdep.c).
 */
trap_common:
	/* Another thread's trap would overwrite these: keep them here. */
	stc.l	spc, @-r15
	stc.l	ssr, @-r15
	mov.l	r0, @-r15
	stc	ssr, r0
	or	#0xf0, r0
	ldc	r0, sr			/* bank 0, BL clear, IMASK 15 */
	mov.l	r7, @-r15
	mov.l	r6, @-r15
	mov.l	r5, @-r15
	mov.l	r4, @-r15
	mov.l	r3, @-r15
	mov.l	r2, @-r15
	mov.l	r1, @-r15
	mov.l	r0, @-r15
	sts.l	pr, @-r15
	sts.l	mach, @-r15
	sts.l	macl, @-r15
	stc.l	gbr, @-r15
	mov.l	.Lsh3_trap, r0
	jsr	@r0
	mov	r15, r4
	ldc.l	@r15+, gbr
	lds.l	@r15+, macl
	lds.l	@r15+, mach
	/* Bank 1 and BL: SPC and SSR stay ours until rte. */
	stc	sr, r0
	mov.l	.Lsr_rb_bl, r1
	or	r1, r0
	ldc	r0, sr
	mov.l	@r15+, r1		/* the interrupted pr */
	ldc.l	@r15+, r0_bank
	ldc.l	@r15+, r1_bank
	ldc.l	@r15+, r2_bank
	ldc.l	@r15+, r3_bank
	ldc.l	@r15+, r4_bank
	ldc.l	@r15+, r5_bank
	ldc.l	@r15+, r6_bank
	ldc.l	@r15+, r7_bank
	add	#4, r15
	/*
	 * Not straight back with rte: QEMU (7.2) lets the block holding
	 * rte's delay slot chain into the resumed code without looking
	 * again at an interrupt it declined while IMASK was 15, and a
	 * level interrupt gives no second edge: a tick raised during
	 * the handler was lost for good if the resumed thread only spun.
	 * So rte keeps IMASK 15 and enters trap_resume, whose ldc.l to
	 * SR ends the block; the frame's last two words become the
	 * interrupted SR and pr for it, and pr the interrupted pc.
	 */
	mov.l	@r15, r0		/* the interrupted sr */
	mov.l	@(4, r15), r2		/* the interrupted pc */
	mov.l	r1, @(4, r15)
	lds	r2, pr
	or	#0xf0, r0
	ldc	r0, ssr
	mov.l	.Ltrap_resume, r0
	ldc	r0, spc
	rte
	nop

	.balign	4
.Lsh3_trap:
	.long	sh3_trap
.Lsr_rb_bl:
	.long	SR_RB_BL
.Ltrap_resume:
	.long	trap_resume

/*
 * Bank 0, BL clear, IMASK 15, r15 at the interrupted SR and pr.  An
 * interrupt between the two finds a consistent thread: pr holds its
 * pc.  rts takes its target before the slot reloads pr.
 */
	.balign	4
trap_resume:
	ldc.l	@r15+, sr
	rts
	lds.l	@r15+, pr

	.text
/*
 * md_switch(void **oldsp, void *newsp): the callee-saved registers
 * (r8-r14, pr, and mach/macl to be safe) on the old stack, its sp to
 * *oldsp, the new thread's off newsp.  SR stays: both sides run with
 * interrupts masked.
 */
	.balign	4
	.globl	md_switch
md_switch:
	mov.l	r14, @-r15
	mov.l	r13, @-r15
	mov.l	r12, @-r15
	mov.l	r11, @-r15
	mov.l	r10, @-r15
	mov.l	r9, @-r15
	mov.l	r8, @-r15
	sts.l	pr, @-r15
	sts.l	mach, @-r15
	sts.l	macl, @-r15
	mov.l	r15, @r4
	mov	r5, r15
	lds.l	@r15+, macl
	lds.l	@r15+, mach
	lds.l	@r15+, pr
	mov.l	@r15+, r8
	mov.l	@r15+, r9
	mov.l	@r15+, r10
	mov.l	@r15+, r11
	mov.l	@r15+, r12
	mov.l	@r15+, r13
	rts
	mov.l	@r15+, r14

/* A new thread's first return from md_switch: fn (r8) of arg (r9). */
	.balign	4
	.globl	sh3_thread_tramp
sh3_thread_tramp:
	jsr	@r8
	mov	r9, r4
1:	bra	1b
	nop

	.section .note.GNU-stack, "", @progbits
