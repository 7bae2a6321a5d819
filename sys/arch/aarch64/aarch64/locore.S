/*	$simplelock: arch/aarch64/aarch64/locore.S $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * Entry, exception vectors and context switch of the bare-metal kernel
 * on QEMU's aarch64 virt machine, loaded as an ELF at EL1 by -kernel.
 * The boot CPU enters at _start; the others at cpu_spinup via PSCI
 * CPU_ON, their CPU index in x0 (the context id).  TPIDR_EL1 holds the
 * CPU index.  Exceptions are taken on SP_EL1, the running thread's
 * own stack, so bm_intr_exit() may switch threads.
 */

#define	STACK_SHIFT	14		/* BM_STACK_SIZE */
#define	MAXCPU_MD	8
#define	TCR_VAL		(25 | (1 << 8) | (1 << 10) | (3 << 12) | \
			 (25 << 16) | (1 << 23) | (1 << 32))
#define	FRAME_SIZE	192		/* x0-x18, x29, x30, elr, spsr */

	.section .text.boot, "ax"
	.globl	_start
_start:
	mov	x19, #0
	b	1f
	.globl	cpu_spinup
cpu_spinup:
	mov	x19, x0
1:	msr	daifset, #0xf
	ldr	x1, =boot_stacks
	add	x2, x19, #1
	lsl	x2, x2, #STACK_SHIFT
	add	sp, x1, x2
	msr	tpidr_el1, x19
	ldr	x1, =vectors
	msr	vbar_el1, x1
	/*
	 * Identity map, 1 GB blocks: devices below 1 GB, RAM above as
	 * normal write-back memory (exclusives and unaligned accesses
	 * need normal memory).
	 */
	ldr	x1, =0xff00
	msr	mair_el1, x1
	ldr	x1, =TCR_VAL
	msr	tcr_el1, x1
	ldr	x1, =l1_table
	msr	ttbr0_el1, x1
	isb
	tlbi	vmalle1
	dsb	ish
	isb
	mrs	x1, sctlr_el1
	orr	x1, x1, #(1 << 0)	/* M */
	orr	x1, x1, #(1 << 2)	/* C */
	orr	x1, x1, #(1 << 12)	/* I */
	msr	sctlr_el1, x1
	isb
	cbnz	x19, 3f
	ldr	x1, =__bss_start
	ldr	x2, =__bss_end
2:	cmp	x1, x2
	b.hs	3f
	str	xzr, [x1], #8
	b	2b
3:	mov	x0, x19
	bl	bm_main
	b	.

	.section .data
	.balign	4096
l1_table:
	.quad	0x00000000 | (1 << 10) | (0 << 2) | (3 << 53) | 1
	.quad	0x40000000 | (1 << 10) | (1 << 2) | (3 << 8) | 1
	.fill	510, 8, 0

	.section .bss
	.balign	16
boot_stacks:
	.space	(1 << STACK_SHIFT) * MAXCPU_MD

	.text
/*
 * The trap frame: every register the C ABI does not preserve, plus
 * the return address and status, which another thread's exception
 * would overwrite.
 */
	.macro	SAVE_FRAME
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x29, [sp, #144]
	mrs	x0, elr_el1
	mrs	x1, spsr_el1
	stp	x30, x0, [sp, #160]
	str	x1, [sp, #176]
	.endm

	.macro	RESTORE_FRAME
	ldr	x1, [sp, #176]
	ldp	x30, x0, [sp, #160]
	msr	elr_el1, x0
	msr	spsr_el1, x1
	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x29, [sp, #144]
	add	sp, sp, #FRAME_SIZE
	.endm

irq_entry:
	SAVE_FRAME
	bl	aarch64_irq
	RESTORE_FRAME
	eret

trap_entry:
	SAVE_FRAME
	mov	x0, x9			/* the vector's number */
	mrs	x1, esr_el1
	mrs	x2, elr_el1
	mrs	x3, far_el1
	bl	aarch64_trap		/* does not return */
	b	.

/* 16 slots of 128 bytes; only IRQ from EL1 with SP_EL1 is expected. */
	.balign	2048
vectors:
	.set	vecno, 0
	.rept	16
	.balign	128
	.if	vecno == 5
	b	irq_entry
	.else
	mov	x9, #vecno
	b	trap_entry
	.endif
	.set	vecno, vecno + 1
	.endr

/*
 * md_switch(void **oldsp, void *newsp): the callee-saved registers go
 * on the old thread's stack, its sp to *oldsp; the new thread's come
 * off newsp.  TPIDR_EL1 is the CPU's and stays.
 */
	.globl	md_switch
md_switch:
	sub	sp, sp, #96
	stp	x19, x20, [sp, #0]
	stp	x21, x22, [sp, #16]
	stp	x23, x24, [sp, #32]
	stp	x25, x26, [sp, #48]
	stp	x27, x28, [sp, #64]
	stp	x29, x30, [sp, #80]
	mov	x9, sp
	str	x9, [x0]
	mov	sp, x1
	ldp	x19, x20, [sp, #0]
	ldp	x21, x22, [sp, #16]
	ldp	x23, x24, [sp, #32]
	ldp	x25, x26, [sp, #48]
	ldp	x27, x28, [sp, #64]
	ldp	x29, x30, [sp, #80]
	add	sp, sp, #96
	ret

/* A new thread's first return from md_switch: fn (x19) of arg (x20). */
	.globl	aarch64_thread_tramp
aarch64_thread_tramp:
	mov	x0, x20
	mov	x29, xzr
	blr	x19
	b	.
