/*	$simplelock: arm/locore.S $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * Entry, vectors and context switch of the bare-metal kernel on QEMU's
 * 32-bit ARM virt machine.  QEMU enters an ELF kernel in SVC mode with
 * the MMU off; the other CPUs come from PSCI CPU_ON the same way, with
 * their index in r0.  Everything runs in SVC mode on one stack per
 * thread: an interrupt is moved onto the interrupted thread's stack
 * (srs, cps), so bm_intr_exit can switch away from it.  The C half is
 * arm_machdep.c.
 */

#define	STACK_SHIFT	14		/* BM_STACK_SIZE */
#define	PSR_SVC		0x13

#define	ENTRY(name)			\
	.text;				\
	.globl	name;			\
	.type	name, %function;	\
	.p2align 2;			\
name:
#define	END(name)	.size name, . - name

	.syntax	unified
	.arm
	.arch_extension sec
	.arch_extension virt

	.section .text.boot, "ax"
	.globl	start
start:
	cpsid	if, #PSR_SVC
	ldr	r0, =__bss_start
	ldr	r1, =__bss_end
	mov	r2, #0
1:	cmp	r0, r1
	strlo	r2, [r0], #4
	blo	1b
	ldr	sp, =arm_boot_stacks + (1 << STACK_SHIFT)
	mov	fp, #0
	bl	arm_init
	b	park

/* An AP from PSCI CPU_ON: r0 is the index md_start_cpus gave it. */
ENTRY(arm_ap_start)
	cpsid	if, #PSR_SVC
	ldr	r1, =arm_boot_stacks
	add	r2, r0, #1
	add	sp, r1, r2, lsl #STACK_SHIFT
	mov	fp, #0
	bl	arm_ap_main
park:
	cpsid	if
	wfi
	b	park
END(arm_ap_start)

/* VBAR: 32-byte aligned. */
	.text
	.p2align 5
	.globl	arm_vectors
arm_vectors:
	b	vec_reset
	b	vec_undef
	b	vec_svc
	b	vec_pabt
	b	vec_dabt
	b	vec_unused
	b	vec_irq
	b	vec_fiq

/*
 * Exceptions: r0 = which vector, r1 = the faulting pc; then onto the
 * SVC stack (whatever mode the exception left us in has none) and
 * arm_trap, which does not return.
 */
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
	cps	#PSR_SVC
	bic	sp, sp, #7
	bl	arm_trap
	b	park

/*
 * IRQ: the return address and SPSR go onto the SVC stack (srsdb), then
 * in SVC mode the caller-saved registers with lr_svc, which the
 * interrupted code may still need; r4 (callee-saved, so kept by the
 * call and by md_switch) holds the 8-byte alignment fix.
 */
vec_irq:
	sub	lr, lr, #4
	srsdb	sp!, #PSR_SVC
	cps	#PSR_SVC
	push	{r0-r4, r12, lr}
	and	r4, sp, #4
	sub	sp, sp, r4
	bl	arm_irq
	add	sp, sp, r4
	pop	{r0-r4, r12, lr}
	rfeia	sp!

/*
 * void md_switch(void **oldsp, void *newsp)
 * r4-r11 and lr, with r3 to keep 8-byte alignment; TPIDRPRW (the CPU)
 * and the CPSR (masked either way) stay.
 */
ENTRY(md_switch)
	push	{r3-r11, lr}
	str	sp, [r0]
	mov	sp, r1
	pop	{r3-r11, pc}
END(md_switch)

/* A new thread, from md_thread_init's frame: fn = r4, arg = r5. */
ENTRY(arm_thread_start)
	mov	r0, r5
	blx	r4
	b	park
END(arm_thread_start)

/* int arm_smc(fn, a1, a2, a3), int arm_hvc(...): PSCI calls. */
ENTRY(arm_smc)
	smc	#0
	bx	lr
END(arm_smc)

ENTRY(arm_hvc)
	hvc	#0
	bx	lr
END(arm_hvc)

/* void arm_semihost(op, param): the A32 semihosting trap. */
ENTRY(arm_semihost)
	svc	#0x123456
	bx	lr
END(arm_semihost)

	.section .note.GNU-stack, "", %progbits
