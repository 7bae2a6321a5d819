/*	$simplelock: arch/s390x/s390x/locore.S $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * Entry, interrupt entries and context switch of the bare-metal kernel
 * on QEMU's s390-ccw-virtio machine (z/Architecture, 64-bit mode, DAT
 * off, always in supervisor state).  CPU 0 enters at _start from the
 * IPL PSW; the others at cpu_spinup through their restart new PSW
 * after SIGP set prefix and SIGP restart.  Each CPU's prefix area (its
 * lowcore) holds its CPU index at LC_CPUINDEX: the per-CPU register.
 * Interrupts are taken on the running thread's own stack: the entry
 * copies the old PSW from the lowcore into the frame, so that
 * bm_intr_exit() may switch threads before the return.
 */

#define	STACK_SHIFT	14		/* BM_STACK_SIZE */
#define	MAXCPU_MD	8

/* Lowcore (offsets from the prefix), as z/Architecture lays it out. */
#define	LC_EXT_OLD	0x130
#define	LC_SVC_OLD	0x140
#define	LC_PGM_OLD	0x150
#define	LC_MCCK_OLD	0x160
#define	LC_IO_OLD	0x170
#define	LC_CPUINDEX	0x200		/* software: ours from here on */
#define	LC_RETPSW	0x210

/* The trap frame: the callee's ABI save area, r0-r14, the old PSW. */
#define	FRAME_GPR	160
#define	FRAME_PSW	280
#define	FRAME_SIZE	296

#define	TRAP_EXT	0
#define	TRAP_SVC	1
#define	TRAP_PGM	2
#define	TRAP_MCCK	3
#define	TRAP_IO		4

	.section .text.boot, "ax"
	.globl	_start
_start:
	larl	%r1, __bss_start
	larl	%r2, __bss_end
1:	clgr	%r1, %r2
	jhe	2f
	xc	0(8, %r1), 0(%r1)
	la	%r1, 8(%r1)
	j	1b
2:	lghi	%r2, 0
	j	3f

/* A secondary CPU: its lowcore was filled in by CPU 0. */
	.globl	cpu_spinup
cpu_spinup:
	llgf	%r2, LC_CPUINDEX
3:	larl	%r15, boot_stacks
	lgr	%r1, %r2
	aghi	%r1, 1
	sllg	%r1, %r1, STACK_SHIFT
	agr	%r15, %r1
	lay	%r15, -160(%r15)
	brasl	%r14, s390_cpu_boot
4:	j	4b

	.section .bss
	.balign	16
boot_stacks:
	.space	(1 << STACK_SHIFT) * MAXCPU_MD

	.text
/*
 * Every interrupt: a frame below the interrupted sp (the ABI has no
 * red zone), the registers and the old PSW into it.  The wait bit is
 * cleared so that an interrupt out of md_idle() returns past it.
 */
	.macro	TRAP_ENTRY name, oldpsw, kind
	.globl	\name
	.balign	8
\name:
	lay	%r15, -FRAME_SIZE(%r15)
	stmg	%r0, %r14, FRAME_GPR(%r15)
	mvc	FRAME_PSW(16, %r15), \oldpsw
	ni	FRAME_PSW + 1(%r15), 0xfd
	lghi	%r2, \kind
	lgr	%r3, %r15
	brasl	%r14, s390_trap
	j	trap_return
	.endm

	TRAP_ENTRY s390_ext_entry, LC_EXT_OLD, TRAP_EXT
	TRAP_ENTRY s390_svc_entry, LC_SVC_OLD, TRAP_SVC
	TRAP_ENTRY s390_pgm_entry, LC_PGM_OLD, TRAP_PGM
	TRAP_ENTRY s390_mcck_entry, LC_MCCK_OLD, TRAP_MCCK
	TRAP_ENTRY s390_io_entry, LC_IO_OLD, TRAP_IO

/*
 * lpswe needs its PSW in memory: this CPU's lowcore, safe while every
 * interrupt is masked (the thread may come back on another CPU).
 */
trap_return:
	mvc	LC_RETPSW(16, %r0), FRAME_PSW(%r15)
	lmg	%r0, %r14, FRAME_GPR(%r15)
	la	%r15, FRAME_SIZE(%r15)
	lpswe	LC_RETPSW

/* Wait, external interrupts enabled, until one is taken. */
	.globl	md_idle
md_idle:
	larl	%r1, idle_psw
	lpswe	0(%r1)
idle_resume:
	br	%r14

/*
 * int s390_sigp(cpuaddr, order, parameter, uint32_t *status): the
 * condition code; the status word when it is 1.  R1 is the pair
 * r0/r1: the parameter goes in r1, the status comes back in r0.
 */
	.globl	s390_sigp
s390_sigp:
	lgr	%r1, %r4
	lghi	%r0, 0
	sigp	%r0, %r2, 0(%r3)
	ipm	%r2
	srl	%r2, 28
	st	%r0, 0(%r5)
	llgfr	%r2, %r2
	br	%r14

/* Stop here for good, every interrupt masked: QEMU sees a crash. */
	.globl	s390_disabled_wait
s390_disabled_wait:
	larl	%r1, dead_psw
	lpswe	0(%r1)
	j	s390_disabled_wait

/*
 * md_switch(void **oldsp, void *newsp): r6-r14 on the old stack, its
 * sp to *oldsp, the new thread's off newsp.  The lowcore is the CPU's
 * and stays.
 */
	.globl	md_switch
md_switch:
	lay	%r15, -72(%r15)
	stmg	%r6, %r14, 0(%r15)
	stg	%r15, 0(%r2)
	lgr	%r15, %r3
	lmg	%r6, %r14, 0(%r15)
	la	%r15, 72(%r15)
	br	%r14

/* A new thread's first return from md_switch: fn (r6) of arg (r7). */
	.globl	s390_thread_tramp
s390_thread_tramp:
	lgr	%r2, %r7
	basr	%r14, %r6
1:	j	1b

	.section .rodata
	.balign	8
/* 64-bit mode, external interrupts on, wait. */
idle_psw:
	.quad	0x0102000180000000, idle_resume
/* 64-bit mode, everything masked, wait. */
dead_psw:
	.quad	0x0002000180000000, s390_disabled_wait

	.section .note.GNU-stack, "", @progbits
