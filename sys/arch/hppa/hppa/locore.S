/*	$simplelock: arch/hppa/hppa/locore.S $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * Entry, interruption vectors and context switch of the bare-metal
 * kernel on QEMU's hppa machine (B160L-style, PA-RISC 1.1) under
 * SeaBIOS-hppa.  The kernel runs in real mode (PSW.D = 0) with all
 * space registers 0.  The firmware calls _start on the monarch CPU
 * like a C function; the others leave the firmware's idle loop on an
 * external interrupt and jump to MEM_RENDEZ, which is cpu_spinup,
 * with their index in hppa_spinup_idx.  cr24 (TR0, the kernel's own)
 * holds the CPU index.  The stack grows up: sp is the first free
 * byte and the 64 below it are the caller's frame marker.
 * Interruptions are taken on the running thread's own stack (there is
 * no other privilege level), so bm_intr_exit() may switch threads.
 */

#define	STACK_SHIFT	14		/* BM_STACK_SIZE */
#define	MAXCPU_MD	16
#define	PSW_I		0x01
#define	PSW_Q		0x08

/* The trap frame, at the interrupted sp; then a call frame marker. */
#define	TF_R(n)		((n) * 4)	/* r1-r31, r30's slot unused */
#define	TF_SAR		128
#define	TF_IPSW		132
#define	TF_IIASQ0	136
#define	TF_IIASQ1	140
#define	TF_IIAOQ0	144
#define	TF_IIAOQ1	148
#define	TF_IIR		152
#define	TF_ISR		156
#define	TF_IOR		160
#define	TF_SIZE		192
#define	TF_CALL		(TF_SIZE + 64)

	.level	1.1

/*
 * The PSW becomes psw by an rfi to the next instruction: the
 * architected way to set PSW.Q, which SSM and MTSM may not.  Uses r1.
 */
	.macro	setpsw psw
	rsm	PSW_I, %r0
	rsm	PSW_Q, %r0
	mtctl	%r0, %cr17
	mtctl	%r0, %cr17
	ldil	L%9f, %r1
	ldo	R%9f(%r1), %r1
	mtctl	%r1, %cr18
	ldo	4(%r1), %r1
	mtctl	%r1, %cr18
	ldi	\psw, %r1
	mtctl	%r1, %cr22
	rfi
	nop
9:
	.endm

	.section .text.boot, "ax"
	.align	8
	.globl	_start
_start:
	setpsw	PSW_Q
	ldi	0, %r3
	b	1f
	nop

	.globl	cpu_spinup
cpu_spinup:
	setpsw	PSW_Q
	ldil	L%hppa_spinup_idx, %r1
	ldw	R%hppa_spinup_idx(%r1), %r3
1:	mtsp	%r0, %sr0
	mtsp	%r0, %sr1
	mtsp	%r0, %sr2
	mtsp	%r0, %sr3
	mtsp	%r0, %sr4
	mtsp	%r0, %sr5
	mtsp	%r0, %sr6
	mtsp	%r0, %sr7
	mtctl	%r3, %cr24
	mtctl	%r0, %cr15		/* EIEM: nothing */
	ldi	-1, %r1
	mtctl	%r1, %cr23		/* EIRR: clear the wake-up */
	ldil	L%hppa_ivt, %r1
	ldo	R%hppa_ivt(%r1), %r1
	mtctl	%r1, %cr14
	ldil	L%$global$, %r27
	ldo	R%$global$(%r27), %r27
	comib,<>,n 0, %r3, 3f
	ldil	L%__bss_start, %r4
	ldo	R%__bss_start(%r4), %r4
	ldil	L%__bss_end, %r5
	ldo	R%__bss_end(%r5), %r5
2:	comb,<<,n %r4, %r5, 2b
	stws,ma	%r0, 4(%r4)
3:	ldil	L%boot_stacks, %sp
	ldo	R%boot_stacks(%sp), %sp
	zdep	%r3, 31 - STACK_SHIFT, 32 - STACK_SHIFT, %r1
	add	%r1, %sp, %sp
	ldo	64(%sp), %sp
	copy	%r0, %r2
	/* Tell md_start_cpus() this CPU is out of the firmware. */
	ldil	L%hppa_spinup_ack, %r1
	sync
	stw	%r3, R%hppa_spinup_ack(%r1)
	bl	bm_main, %rp
	copy	%r3, %r26
4:	b	4b
	nop

	.section .bss
	.align	64
boot_stacks:
	.block	(1 << STACK_SHIFT) * MAXCPU_MD

/*
 * The interruption vector table: 32 vectors of 32 bytes, 2 KB
 * aligned.  Each saves r1 in the frame at sp and passes its number.
 */
	.text
	.macro	vector n
	.align	32
	stw	%r1, TF_R(1)(%sp)
	b	trap_common
	ldi	\n, %r1
	.endm

	.align	2048
	.globl	hppa_ivt
hppa_ivt:
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, \
		16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	vector	\n
	.endr

/*
 * Every register C may clobber, SAR and the interruption state go on
 * the thread's stack, where they stay if bm_intr_exit() switches.
 */
	.align	32
trap_common:
	stw	%r2, TF_R(2)(%sp)
	stw	%r3, TF_R(3)(%sp)
	stw	%r4, TF_R(4)(%sp)
	stw	%r5, TF_R(5)(%sp)
	stw	%r6, TF_R(6)(%sp)
	stw	%r7, TF_R(7)(%sp)
	stw	%r8, TF_R(8)(%sp)
	stw	%r9, TF_R(9)(%sp)
	stw	%r10, TF_R(10)(%sp)
	stw	%r11, TF_R(11)(%sp)
	stw	%r12, TF_R(12)(%sp)
	stw	%r13, TF_R(13)(%sp)
	stw	%r14, TF_R(14)(%sp)
	stw	%r15, TF_R(15)(%sp)
	stw	%r16, TF_R(16)(%sp)
	stw	%r17, TF_R(17)(%sp)
	stw	%r18, TF_R(18)(%sp)
	stw	%r19, TF_R(19)(%sp)
	stw	%r20, TF_R(20)(%sp)
	stw	%r21, TF_R(21)(%sp)
	stw	%r22, TF_R(22)(%sp)
	stw	%r23, TF_R(23)(%sp)
	stw	%r24, TF_R(24)(%sp)
	stw	%r25, TF_R(25)(%sp)
	stw	%r26, TF_R(26)(%sp)
	stw	%r27, TF_R(27)(%sp)
	stw	%r28, TF_R(28)(%sp)
	stw	%r29, TF_R(29)(%sp)
	stw	%r31, TF_R(31)(%sp)
	mfctl	%cr11, %r2
	stw	%r2, TF_SAR(%sp)
	mfctl	%cr22, %r2
	stw	%r2, TF_IPSW(%sp)
	/* Read the front, shift, read the back. */
	mfctl	%cr17, %r2
	stw	%r2, TF_IIASQ0(%sp)
	mtctl	%r0, %cr17
	mfctl	%cr17, %r2
	stw	%r2, TF_IIASQ1(%sp)
	mfctl	%cr18, %r2
	stw	%r2, TF_IIAOQ0(%sp)
	mtctl	%r0, %cr18
	mfctl	%cr18, %r2
	stw	%r2, TF_IIAOQ1(%sp)
	mfctl	%cr19, %r2
	stw	%r2, TF_IIR(%sp)
	mfctl	%cr20, %r2
	stw	%r2, TF_ISR(%sp)
	mfctl	%cr21, %r2
	stw	%r2, TF_IOR(%sp)
	copy	%r1, %r26
	copy	%sp, %r25
	/* Q on again: another thread may take interruptions from here. */
	setpsw	PSW_Q
	bl	hppa_trap, %rp
	ldo	TF_CALL(%sp), %sp
	ldo	-TF_CALL(%sp), %sp
	rsm	PSW_I, %r0
	rsm	PSW_Q, %r0
	ldw	TF_SAR(%sp), %r1
	mtctl	%r1, %cr11
	ldw	TF_IPSW(%sp), %r1
	mtctl	%r1, %cr22
	ldw	TF_IIASQ0(%sp), %r1
	mtctl	%r1, %cr17
	ldw	TF_IIASQ1(%sp), %r1
	mtctl	%r1, %cr17
	ldw	TF_IIAOQ0(%sp), %r1
	mtctl	%r1, %cr18
	ldw	TF_IIAOQ1(%sp), %r1
	mtctl	%r1, %cr18
	ldw	TF_R(2)(%sp), %r2
	ldw	TF_R(3)(%sp), %r3
	ldw	TF_R(4)(%sp), %r4
	ldw	TF_R(5)(%sp), %r5
	ldw	TF_R(6)(%sp), %r6
	ldw	TF_R(7)(%sp), %r7
	ldw	TF_R(8)(%sp), %r8
	ldw	TF_R(9)(%sp), %r9
	ldw	TF_R(10)(%sp), %r10
	ldw	TF_R(11)(%sp), %r11
	ldw	TF_R(12)(%sp), %r12
	ldw	TF_R(13)(%sp), %r13
	ldw	TF_R(14)(%sp), %r14
	ldw	TF_R(15)(%sp), %r15
	ldw	TF_R(16)(%sp), %r16
	ldw	TF_R(17)(%sp), %r17
	ldw	TF_R(18)(%sp), %r18
	ldw	TF_R(19)(%sp), %r19
	ldw	TF_R(20)(%sp), %r20
	ldw	TF_R(21)(%sp), %r21
	ldw	TF_R(22)(%sp), %r22
	ldw	TF_R(23)(%sp), %r23
	ldw	TF_R(24)(%sp), %r24
	ldw	TF_R(25)(%sp), %r25
	ldw	TF_R(26)(%sp), %r26
	ldw	TF_R(27)(%sp), %r27
	ldw	TF_R(28)(%sp), %r28
	ldw	TF_R(29)(%sp), %r29
	ldw	TF_R(31)(%sp), %r31
	ldw	TF_R(1)(%sp), %r1
	rfi
	nop

/*
 * md_switch(void **oldsp, void *newsp): rp and r3-r18 above the old
 * sp, the new sp to *oldsp, the new thread's off newsp.  cr24 is the
 * CPU's and stays.
 */
#define	SW_SIZE		128
	.globl	md_switch
md_switch:
	stw	%r2, 0(%sp)
	stw	%r3, 4(%sp)
	stw	%r4, 8(%sp)
	stw	%r5, 12(%sp)
	stw	%r6, 16(%sp)
	stw	%r7, 20(%sp)
	stw	%r8, 24(%sp)
	stw	%r9, 28(%sp)
	stw	%r10, 32(%sp)
	stw	%r11, 36(%sp)
	stw	%r12, 40(%sp)
	stw	%r13, 44(%sp)
	stw	%r14, 48(%sp)
	stw	%r15, 52(%sp)
	stw	%r16, 56(%sp)
	stw	%r17, 60(%sp)
	stw	%r18, 64(%sp)
	ldo	SW_SIZE(%sp), %sp
	stw	%sp, 0(%r26)
	ldo	-SW_SIZE(%r25), %sp
	ldw	0(%sp), %r2
	ldw	4(%sp), %r3
	ldw	8(%sp), %r4
	ldw	12(%sp), %r5
	ldw	16(%sp), %r6
	ldw	20(%sp), %r7
	ldw	24(%sp), %r8
	ldw	28(%sp), %r9
	ldw	32(%sp), %r10
	ldw	36(%sp), %r11
	ldw	40(%sp), %r12
	ldw	44(%sp), %r13
	ldw	48(%sp), %r14
	ldw	52(%sp), %r15
	ldw	56(%sp), %r16
	ldw	60(%sp), %r17
	bv	%r0(%r2)
	ldw	64(%sp), %r18

/* A new thread's first return from md_switch: fn (r3) of arg (r4). */
	.globl	hppa_thread_tramp
hppa_thread_tramp:
	ldo	64(%sp), %sp
	copy	%r4, %r26
	depi	0, 31, 2, %r3		/* a plabel's flag bits */
	bv	%r0(%r3)
	copy	%r0, %r2
