/*	$simplelock: arm/vpb_locore.S $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * Entry, vectors and context switch of the bare-metal kernel on QEMU's
 * ARM Versatile/PB (ARM926EJ-S, ARMv5TE, one CPU).  QEMU enters the ELF
 * in SVC mode with the MMU off.  ARMv5 has no VBAR, no cps, srs or rfe:
 * the vectors are copied to address 0 (RAM here), and an IRQ leaves
 * IRQ mode by hand, through a three-word scratch area, for the
 * interrupted thread's SVC stack, where bm_intr_exit may switch away.
 * The C half is vpb_machdep.c.
 */

#define	STACK_SHIFT	14		/* BM_STACK_SIZE */
#define	PSR_IRQ		0x12
#define	PSR_SVC		0x13
#define	PSR_I		0x80
#define	PSR_F		0x40

#define	ENTRY(name)			\
	.text;				\
	.globl	name;			\
	.type	name, %function;	\
	.p2align 2;			\
name:
#define	END(name)	.size name, . - name

	.syntax	unified
	.arm

	.section .text.boot, "ax"
	.globl	start
start:
	msr	cpsr_c, #(PSR_SVC | PSR_I | PSR_F)
	ldr	r0, =__bss_start
	ldr	r1, =__bss_end
	mov	r2, #0
1:	cmp	r0, r1
	strlo	r2, [r0], #4
	blo	1b
	/* IRQ mode's only stack is the scratch area vec_irq uses. */
	msr	cpsr_c, #(PSR_IRQ | PSR_I | PSR_F)
	ldr	sp, =vpb_irq_scratch
	msr	cpsr_c, #(PSR_SVC | PSR_I | PSR_F)
	/* The vectors, with their literal pool, to address 0. */
	ldr	r0, =vpb_vectors
	mov	r1, #0
	ldmia	r0!, {r2-r9}
	stmia	r1!, {r2-r9}
	ldmia	r0!, {r2-r9}
	stmia	r1!, {r2-r9}
	ldr	sp, =vpb_boot_stack + (1 << STACK_SHIFT)
	mov	fp, #0
	bl	vpb_init
park:
	msr	cpsr_c, #(PSR_SVC | PSR_I | PSR_F)
	mcr	p15, 0, r0, c7, c0, 4		/* wait for interrupt */
	b	park

/* Copied to 0: absolute jumps through the words after them. */
	.p2align 2
vpb_vectors:
	ldr	pc, [pc, #24]
	ldr	pc, [pc, #24]
	ldr	pc, [pc, #24]
	ldr	pc, [pc, #24]
	ldr	pc, [pc, #24]
	ldr	pc, [pc, #24]
	ldr	pc, [pc, #24]
	ldr	pc, [pc, #24]
	.word	vec_reset, vec_undef, vec_svc, vec_pabt
	.word	vec_dabt, vec_unused, vec_irq, vec_fiq

/* Exceptions: r0 = which vector, r1 = the faulting pc; arm_trap. */
vec_reset:
	mov	r0, #0
	mov	r1, lr
	b	trap_common
vec_undef:
	mov	r0, #1
	sub	r1, lr, #4
	b	trap_common
vec_svc:
	mov	r0, #2
	sub	r1, lr, #4
	b	trap_common
vec_pabt:
	mov	r0, #3
	sub	r1, lr, #4
	b	trap_common
vec_dabt:
	mov	r0, #4
	sub	r1, lr, #8
	b	trap_common
vec_unused:
	mov	r0, #5
	mov	r1, lr
	b	trap_common
vec_fiq:
	mov	r0, #7
	sub	r1, lr, #4
trap_common:
	msr	cpsr_c, #(PSR_SVC | PSR_I | PSR_F)
	bic	sp, sp, #7
	bl	vpb_trap
	b	park

/*
 * IRQ.  In IRQ mode: r0, the return address and the SPSR go to the
 * scratch area (nothing can reuse it before they are copied out:
 * interrupts stay masked).  Then in SVC mode, on the interrupted
 * thread's stack, a frame from low to high: SPSR, r0-r4, r12, lr_svc,
 * pc.  r4 (callee-saved, so kept by the call and by md_switch) holds
 * the 8-byte alignment fix.  The return is ldm with ^, which takes the
 * CPSR back from SPSR_svc.
 */
vec_irq:
	sub	lr, lr, #4
	stmia	sp, {r0, lr}
	mrs	r0, spsr
	str	r0, [sp, #8]
	mov	r0, sp
	msr	cpsr_c, #(PSR_SVC | PSR_I | PSR_F)
	sub	sp, sp, #4			/* the pc's slot */
	stmfd	sp!, {r0-r4, r12, lr}
	ldmia	r0, {r1-r3}			/* r0, pc, spsr */
	str	r1, [sp]
	str	r2, [sp, #28]
	str	r3, [sp, #-4]!
	and	r4, sp, #4
	sub	sp, sp, r4
	bl	vpb_irq
	add	sp, sp, r4
	ldr	r1, [sp], #4
	msr	spsr_cxsf, r1
	ldmfd	sp!, {r0-r4, r12, lr, pc}^

/*
 * void md_switch(void **oldsp, void *newsp)
 * r4-r11 and lr, with r3 to keep 8-byte alignment; the CPSR (masked
 * either way) stays.
 */
ENTRY(md_switch)
	stmfd	sp!, {r3-r11, lr}
	str	sp, [r0]
	mov	sp, r1
	ldmfd	sp!, {r3-r11, pc}
END(md_switch)

/* A new thread, from md_thread_init's frame: fn = r4, arg = r5. */
ENTRY(vpb_thread_start)
	mov	r0, r5
	blx	r4
	b	park
END(vpb_thread_start)

/* void vpb_semihost(op, param): the A32 semihosting trap. */
ENTRY(vpb_semihost)
	svc	#0x123456
	bx	lr
END(vpb_semihost)

	.bss
	.p2align 3
vpb_irq_scratch:
	.space	16

	.section .note.GNU-stack, "", %progbits
