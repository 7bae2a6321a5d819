/*	$simplelock: arch/riscv/riscv/locore.S $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * Entry, trap vector and context switch of the bare-metal kernel on
 * QEMU's riscv virt machine, in S-mode under OpenSBI (fw_dynamic):
 * a0 is the hart id.  The boot hart enters at _start, the others at
 * cpu_spinup through SBI HSM hart_start with the CPU index in a1.
 * tp holds the CPU index.  Traps are taken on the running thread's
 * own stack (the kernel never leaves S-mode), so bm_intr_exit() may
 * switch threads.
 */

#define	STACK_SHIFT	14		/* BM_STACK_SIZE */
#define	MAXCPU_MD	8
#define	FRAME_SIZE	144		/* ra, t0-t6, a0-a7, sepc, sstatus */

	.section .text.boot, "ax"
	.globl	_start
_start:
	li	t0, 0
	j	1f
	.globl	cpu_spinup
cpu_spinup:
	mv	t0, a1
1:	csrw	sie, zero
	csrci	sstatus, 2
	la	sp, boot_stacks
	addi	t1, t0, 1
	slli	t1, t1, STACK_SHIFT
	add	sp, sp, t1
	mv	tp, t0
	la	t1, trap_entry
	csrw	stvec, t1
	bnez	t0, 3f
	la	t1, __bss_start
	la	t2, __bss_end
2:	bgeu	t1, t2, 3f
	sd	zero, 0(t1)
	addi	t1, t1, 8
	j	2b
3:	bnez	t0, 4f
	la	t1, riscv_boot_hart
	sd	a0, 0(t1)
4:	mv	a0, t0
	call	bm_main
5:	wfi
	j	5b

	.section .bss
	.balign	16
boot_stacks:
	.space	(1 << STACK_SHIFT) * MAXCPU_MD

	.text
	.balign	4
trap_entry:
	addi	sp, sp, -FRAME_SIZE
	sd	ra, 0(sp)
	sd	t0, 8(sp)
	sd	t1, 16(sp)
	sd	t2, 24(sp)
	sd	t3, 32(sp)
	sd	t4, 40(sp)
	sd	t5, 48(sp)
	sd	t6, 56(sp)
	sd	a0, 64(sp)
	sd	a1, 72(sp)
	sd	a2, 80(sp)
	sd	a3, 88(sp)
	sd	a4, 96(sp)
	sd	a5, 104(sp)
	sd	a6, 112(sp)
	sd	a7, 120(sp)
	/* Another thread's trap would overwrite these: keep them here. */
	csrr	t0, sepc
	csrr	t1, sstatus
	sd	t0, 128(sp)
	sd	t1, 136(sp)
	csrr	a0, scause
	mv	a1, t0
	csrr	a2, stval
	call	riscv_trap
	ld	t0, 128(sp)
	ld	t1, 136(sp)
	csrw	sepc, t0
	csrw	sstatus, t1
	ld	ra, 0(sp)
	ld	t0, 8(sp)
	ld	t1, 16(sp)
	ld	t2, 24(sp)
	ld	t3, 32(sp)
	ld	t4, 40(sp)
	ld	t5, 48(sp)
	ld	t6, 56(sp)
	ld	a0, 64(sp)
	ld	a1, 72(sp)
	ld	a2, 80(sp)
	ld	a3, 88(sp)
	ld	a4, 96(sp)
	ld	a5, 104(sp)
	ld	a6, 112(sp)
	ld	a7, 120(sp)
	addi	sp, sp, FRAME_SIZE
	sret

/*
 * md_switch(void **oldsp, void *newsp): callee-saved registers on the
 * old stack, its sp to *oldsp, the new thread's off newsp.  tp is the
 * CPU's and stays.
 */
	.globl	md_switch
md_switch:
	addi	sp, sp, -112
	sd	ra, 0(sp)
	sd	s0, 8(sp)
	sd	s1, 16(sp)
	sd	s2, 24(sp)
	sd	s3, 32(sp)
	sd	s4, 40(sp)
	sd	s5, 48(sp)
	sd	s6, 56(sp)
	sd	s7, 64(sp)
	sd	s8, 72(sp)
	sd	s9, 80(sp)
	sd	s10, 88(sp)
	sd	s11, 96(sp)
	sd	sp, 0(a0)
	mv	sp, a1
	ld	ra, 0(sp)
	ld	s0, 8(sp)
	ld	s1, 16(sp)
	ld	s2, 24(sp)
	ld	s3, 32(sp)
	ld	s4, 40(sp)
	ld	s5, 48(sp)
	ld	s6, 56(sp)
	ld	s7, 64(sp)
	ld	s8, 72(sp)
	ld	s9, 80(sp)
	ld	s10, 88(sp)
	ld	s11, 96(sp)
	addi	sp, sp, 112
	ret

/* A new thread's first return from md_switch: fn (s0) of arg (s1). */
	.globl	riscv_thread_tramp
riscv_thread_tramp:
	mv	a0, s1
	jalr	s0
1:	j	1b
