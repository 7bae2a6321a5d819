/*	$simplelock: arch/sparc/sparc/locore.S $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * Entry, trap table, register-window traps and context switch of the
 * bare-metal kernel on QEMU's SPARCstation 20 (sun4m, SPARC v8, eight
 * register windows) under OpenBIOS.  OpenBIOS jumps to _start with
 * the romvec in %o0, the MMU on and low RAM mapped 1:1; the PROM's
 * cpu-start service sends the other CPUs to sparc_cpu_spinup in the
 * same MMU context.  %g7 holds the CPU index (the ABI leaves %g5-%g7
 * to the system: GCC never allocates them).
 *
 * Traps run in the trap window on the interrupted thread's own stack:
 * the frame holds %psr, %pc, %npc, %y and %g1-%g5, and md_switch()
 * keeps each thread's CWP, so bm_intr_exit() may switch threads and
 * come back on any CPU to the same window number.
 */

#define	NWINDOWS	8		/* SuperSPARC */
#define	WIM_MASK	0xff
#define	PSR_CWP		0x0000001f
#define	PSR_ET		0x00000020
#define	PSR_PS		0x00000040
#define	PSR_S		0x00000080
#define	PSR_PIL		0x00000f00

#define	STACK_SHIFT	14		/* BM_STACK_SIZE */
#define	MAXCPU_MD	4
#define	CCFSZ		96		/* window save area, args, aligned */

/* The trap frame, above a C frame on the interrupted thread's stack. */
#define	TF_Y		(CCFSZ + 0)
#define	TF_G1		(CCFSZ + 4)
#define	TF_G2		(CCFSZ + 8)
#define	TF_G3		(CCFSZ + 12)
#define	TF_G4		(CCFSZ + 16)
#define	TF_G5		(CCFSZ + 20)
#define	TF_PSR		(CCFSZ + 24)
#define	TF_PC		(CCFSZ + 28)
#define	TF_NPC		(CCFSZ + 32)
#define	TF_SIZE		(CCFSZ + 40)

/* md_switch's frame: its window, then the saved %psr (for CWP). */
#define	SW_PSR		64

#define	WRITE_PAUSE	nop; nop; nop

/* Store or load a whole window at [%sp]. */
#define	WINDOW_STORE \
	std	%l0, [%sp + 0]; std	%l2, [%sp + 8]; \
	std	%l4, [%sp + 16]; std	%l6, [%sp + 24]; \
	std	%i0, [%sp + 32]; std	%i2, [%sp + 40]; \
	std	%i4, [%sp + 48]; std	%i6, [%sp + 56]
#define	WINDOW_LOAD \
	ldd	[%sp + 0], %l0; ldd	[%sp + 8], %l2; \
	ldd	[%sp + 16], %l4; ldd	[%sp + 24], %l6; \
	ldd	[%sp + 32], %i0; ldd	[%sp + 40], %i2; \
	ldd	[%sp + 48], %i4; ldd	[%sp + 56], %i6

/*
 * In a trap window that is the invalid one: spill the oldest window
 * (the next one down) to its stack and make it the invalid one.
 * Traps are off; uses %l4, %l7 and, across the save, %g1.
 */
#define	SPILL_OLDEST \
	mov	%g1, %l7; \
	rd	%wim, %l4; \
	srl	%l4, 1, %g1; \
	sll	%l4, NWINDOWS - 1, %l4; \
	or	%l4, %g1, %g1; \
	and	%g1, WIM_MASK, %g1; \
	save; \
	wr	%g1, 0, %wim; \
	WRITE_PAUSE; \
	WINDOW_STORE; \
	restore; \
	mov	%l7, %g1

	.section .text.boot, "ax"
	.globl	_start
_start:
	set	sparc_romvec, %g1
	st	%o0, [%g1]
	rd	%tbr, %g2
	set	sparc_prom_tbr, %g1
	st	%g2, [%g1]
	/* No stack yet: clear the BSS with globals only. */
	set	__bss_start, %g1
	set	__bss_end, %g2
1:	cmp	%g1, %g2
	bgeu	2f
	 nop
	st	%g0, [%g1]
	b	1b
	 add	%g1, 4, %g1
2:	b	3f
	 mov	0, %g4

	.globl	sparc_cpu_spinup
sparc_cpu_spinup:
	set	sparc_spinup_index, %g1
	ld	[%g1], %g4

	/* Traps off, PIL 15, window 0 with window 1 the invalid one. */
3:	set	PSR_S | PSR_PS | PSR_PIL, %g1
	wr	%g1, 0, %psr
	WRITE_PAUSE
	mov	2, %g2
	wr	%g2, 0, %wim
	set	sparc_trap_table, %g2
	wr	%g2, 0, %tbr
	WRITE_PAUSE
	mov	%g4, %g7
	set	boot_stacks, %g2
	add	%g4, 1, %g3
	sll	%g3, STACK_SHIFT, %g3
	add	%g2, %g3, %sp
	sub	%sp, CCFSZ, %sp
	mov	0, %fp
	wr	%g1, PSR_ET, %psr
	WRITE_PAUSE
	call	sparc_boot
	 mov	%g4, %o0
4:	b	4b
	 nop

/*
 * Every trap enters here (16 bytes each) with %l0 = %psr and the
 * trap type in %l3's bits 11:4; the hardware put %pc and %npc in %l1
 * and %l2.
 */
#define	TRAP(handler) \
	rd	%psr, %l0; \
	sethi	%hi(handler), %l4; \
	jmp	%l4 + %lo(handler); \
	 rd	%tbr, %l3

	.balign	4096
	.globl	sparc_trap_table
sparc_trap_table:
	.set	tt, 0
	.rept	256
	.if	tt == 5
	TRAP(sparc_wof)
	.elseif	tt == 6
	TRAP(sparc_wuf)
	.else
	TRAP(sparc_trap_entry)
	.endif
	.set	tt, tt + 1
	.endr

	.text
/* Window overflow: a save hit the invalid window, which we are in. */
sparc_wof:
	SPILL_OLDEST
	jmp	%l1
	 rett	%l2

/*
 * Window underflow: a restore found window CWP + 2 (from here)
 * invalid: load it from its stack, and the one after is invalid.
 */
sparc_wuf:
	rd	%wim, %l4
	sll	%l4, 1, %l5
	srl	%l4, NWINDOWS - 1, %l4
	or	%l4, %l5, %l4
	and	%l4, WIM_MASK, %l4
	wr	%l4, 0, %wim
	WRITE_PAUSE
	restore
	restore
	WINDOW_LOAD
	save
	save
	jmp	%l1
	 rett	%l2

/*
 * Interrupts and unexpected traps: a frame below the interrupted
 * window's %sp (our %fp), then sparc_trap(type, pc, npc) with traps
 * on and PIL 15.
 */
sparc_trap_entry:
	rd	%wim, %l4
	srl	%l4, %l0, %l5		/* shifts by CWP */
	andcc	%l5, 1, %g0
	bz	1f
	 nop
	SPILL_OLDEST
1:	sub	%fp, TF_SIZE, %sp
	st	%l0, [%sp + TF_PSR]
	st	%l1, [%sp + TF_PC]
	st	%l2, [%sp + TF_NPC]
	rd	%y, %l4
	st	%l4, [%sp + TF_Y]
	st	%g1, [%sp + TF_G1]
	st	%g2, [%sp + TF_G2]
	st	%g3, [%sp + TF_G3]
	st	%g4, [%sp + TF_G4]
	st	%g5, [%sp + TF_G5]
	or	%l0, PSR_PIL, %l4
	wr	%l4, PSR_ET, %psr
	WRITE_PAUSE
	srl	%l3, 4, %o0
	and	%o0, 0xff, %o0
	mov	%l1, %o1
	call	sparc_trap
	 mov	%l2, %o2

	/* Perhaps much later, perhaps on another CPU: same CWP. */
	ld	[%sp + TF_Y], %l4
	wr	%l4, 0, %y
	ld	[%sp + TF_G1], %g1
	ld	[%sp + TF_G2], %g2
	ld	[%sp + TF_G3], %g3
	ld	[%sp + TF_G4], %g4
	ld	[%sp + TF_G5], %g5
	ld	[%sp + TF_PSR], %l0
	ld	[%sp + TF_PC], %l1
	ld	[%sp + TF_NPC], %l2
	/*
	 * rett needs the interrupted window valid: with traps still on,
	 * a restore into it underflows (sparc_wuf fills it) if it is not.
	 */
	restore
	save
	/* Nothing may touch the condition codes after this. */
	rd	%psr, %l4
	and	%l4, PSR_CWP, %l4
	andn	%l0, PSR_CWP, %l5
	or	%l5, %l4, %l5
	wr	%l5, 0, %psr		/* traps off, the old PIL and icc */
	WRITE_PAUSE
	jmp	%l1
	 rett	%l2

/*
 * md_switch(void **oldsp, void *newsp): flush every window to its
 * stack, keep this window and %psr (for CWP) in our frame, then take
 * the other thread's CWP, window and frame; the restore in the
 * return underflows and loads its caller's window from its stack.
 * Interrupts are masked; traps stay on for the window traps.
 */
	.globl	md_switch
md_switch:
	save	%sp, -CCFSZ, %sp
	.rept	NWINDOWS - 2
	save	%sp, -CCFSZ, %sp
	.endr
	.rept	NWINDOWS - 2
	restore
	.endr
	rd	%psr, %l0
	st	%l0, [%sp + SW_PSR]
	WINDOW_STORE
	st	%sp, [%i0]
	mov	%i1, %g1
	ld	[%g1 + SW_PSR], %g2
	and	%g2, PSR_CWP, %g2
	rd	%psr, %g3
	andn	%g3, PSR_CWP, %g3
	or	%g3, %g2, %g3
	wr	%g0, 0, %wim
	WRITE_PAUSE
	wr	%g3, 0, %psr		/* now in the other thread's window */
	WRITE_PAUSE
	mov	%g1, %sp
	add	%g2, 1, %g2
	cmp	%g2, NWINDOWS
	bne	1f
	 nop
	mov	0, %g2
1:	mov	1, %g3
	sll	%g3, %g2, %g3
	wr	%g3, 0, %wim
	WRITE_PAUSE
	WINDOW_LOAD
	ret
	 restore

/* A new thread's first return from md_switch: fn (%l0) of arg (%l1). */
	.globl	sparc_thread_tramp
sparc_thread_tramp:
	call	%l0
	 mov	%l1, %o0
1:	b	1b
	 nop

/*
 * int sparc_prom_call(fn, a0, a1, a2, a3): a PROM service, under the
 * PROM's own trap table and with the system globals kept.
 */
	.globl	sparc_prom_call
sparc_prom_call:
	save	%sp, -CCFSZ, %sp
	rd	%tbr, %l0
	set	sparc_prom_tbr, %l1
	ld	[%l1], %l1
	wr	%l1, 0, %tbr
	WRITE_PAUSE
	mov	%g5, %l2
	mov	%g6, %l3
	mov	%g7, %l4
	mov	%i1, %o0
	mov	%i2, %o1
	mov	%i3, %o2
	call	%i0
	 mov	%i4, %o3
	mov	%o0, %i0
	wr	%l0, 0, %tbr
	WRITE_PAUSE
	mov	%l2, %g5
	mov	%l3, %g6
	mov	%l4, %g7
	ret
	 restore

	.data
	.globl	sparc_romvec, sparc_prom_tbr, sparc_spinup_index
	.balign	4
sparc_romvec:
	.word	0
sparc_prom_tbr:
	.word	0
sparc_spinup_index:
	.word	0

	.section .bss
	.balign	8
boot_stacks:
	.space	(1 << STACK_SHIFT) * MAXCPU_MD

	.section .note.GNU-stack, "", @progbits
