/*	$simplelock: m68k/locore.S $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * Entry, exception stubs and context switch of the bare-metal kernel
 * on QEMU's m68k virt machine (68040, one CPU).  QEMU starts the ELF
 * in supervisor mode at interrupt level 7.  With SR.M clear the 68040
 * has one supervisor stack, the running thread's: an interrupt frame
 * lands on it, so m68k_intr (bm_intr_exit) may switch threads.  The C
 * half, and the vector table VBR points at, are in machdep.c.
 */

#define	STACK_SIZE	16384		/* BM_STACK_SIZE */

	.section .text.boot, "ax"
	.globl	start
start:
	move.w	#0x2700, %sr
	lea	m68k_boot_stack+STACK_SIZE, %sp
	lea	__bss_start, %a0
	lea	__bss_end, %a1
1:	cmp.l	%a1, %a0
	bcc.s	2f
	clr.l	(%a0)+
	bra.s	1b
2:	sub.l	%a6, %a6
	jsr	m68k_init
	.globl	m68k_park
m68k_park:
	stop	#0x2700
	jmp	m68k_park

	.text
/*
 * Any unexpected exception: the vector from the frame's format word,
 * and the pc it saved, to m68k_trap, which does not return.
 */
	.globl	m68k_trap_stub
m68k_trap_stub:
	move.w	6(%sp), %d0
	and.l	#0xfff, %d0
	lsr.l	#2, %d0
	move.l	2(%sp), %d1
	move.l	%d1, -(%sp)
	move.l	%d0, -(%sp)
	jsr	m68k_trap
	jmp	m68k_park

/*
 * An autovectored interrupt: the registers the C ABI does not keep
 * (d0-d1, a0-a1; no floating point in the kernel), then rte.
 */
	.globl	m68k_intr_stub
m68k_intr_stub:
	movem.l	%d0-%d1/%a0-%a1, -(%sp)
	jsr	m68k_intr
	movem.l	(%sp)+, %d0-%d1/%a0-%a1
	rte

/*
 * void md_switch(void **oldsp, void *newsp): d2-d7 and a2-a6 on the
 * old stack, its sp to *oldsp, the new thread's registers off newsp.
 */
	.globl	md_switch
md_switch:
	move.l	4(%sp), %a0
	move.l	8(%sp), %a1
	movem.l	%d2-%d7/%a2-%a6, -(%sp)
	move.l	%sp, (%a0)
	move.l	%a1, %sp
	movem.l	(%sp)+, %d2-%d7/%a2-%a6
	rts

/* A new thread's first return from md_switch: fn (d2) of arg (d3). */
	.globl	m68k_thread_start
m68k_thread_start:
	move.l	%d3, -(%sp)
	move.l	%d2, %a0
	jsr	(%a0)
	jmp	m68k_park

	.section .note.GNU-stack, "", %progbits
