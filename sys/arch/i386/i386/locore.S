/*	$simplelock: i386/locore.S $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * Entry, application processor trampoline, vectors and context switch
 * of the bare-metal kernel on QEMU's PC: a multiboot (v1) ELF, entered
 * in 32-bit protected mode, run with paging off.  The shared C half is
 * x86/x86/x86_machdep.c.
 */

#define	MB_MAGIC	0x1badb002
#define	MB_FLAGS	0
#define	STACK_SIZE	16384		/* BM_STACK_SIZE */
#define	CR0_PE		0x00000001
#define	SEL_KCODE	0x08
#define	SEL_KDATA	0x10

#define	ENTRY(name)			\
	.text;				\
	.globl	name;			\
	.type	name, @function;	\
	.p2align 4;			\
name:
#define	END(name)	.size name, . - name

/* %fs becomes the per-CPU segment in x86_cpu_attach. */
	.macro	LOAD_SEGMENTS
	movw	$SEL_KDATA, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movw	%ax, %fs
	movw	%ax, %gs
	.endm

	.section .text.boot, "ax"
	.p2align 2
	.long	MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)

	.globl	start
start:
	cli
	cld
	lgdt	boot_gdt_desc
	ljmp	$SEL_KCODE, $1f
1:	LOAD_SEGMENTS
	movl	$__bss_start, %edi
	movl	$__bss_end, %ecx
	subl	%edi, %ecx
	xorl	%eax, %eax
	rep stosb
	movl	$x86_boot_stacks + STACK_SIZE, %esp
	xorl	%ebp, %ebp
	call	x86_init
	jmp	park

/*
 * An AP in protected mode: claim an index, take that boot stack.  One
 * that comes after md_start_cpus has given up, or beyond md_ncpu,
 * parks.
 */
ap_entry:
	LOAD_SEGMENTS
	movl	$1, %eax
	lock
	xaddl	%eax, x86_ap_next
	cmpl	md_ncpu, %eax
	jae	park
	movl	%eax, %ecx
	incl	%ecx
	shll	$14, %ecx			/* STACK_SIZE */
	leal	x86_boot_stacks(%ecx), %esp
	xorl	%ebp, %ebp
	subl	$12, %esp
	pushl	%eax
	call	x86_ap_main
park:
	cli
	hlt
	jmp	park

/*
 * Copied to TRAMP_PA (0x8000) and entered in real mode with
 * CS = 0x0800, IP = 0: to protected mode, with no stack.
 */
	.code16
	.globl	x86_tramp, x86_tramp_end
x86_tramp:
	cli
	cld
	movw	%cs, %ax
	movw	%ax, %ds
	lgdtl	tramp_gdt_desc - x86_tramp
	movl	%cr0, %eax
	orl	$CR0_PE, %eax
	movl	%eax, %cr0
	ljmpl	$SEL_KCODE, $ap_entry
	.p2align 2
tramp_gdt_desc:
	.word	3 * 8 - 1
	.long	x86_gdt
x86_tramp_end:
	.code32

/*
 * The timer interrupt, on the interrupted thread's stack: the CPU
 * pushed %eflags, %cs, %eip; pushal saves the rest (more than the
 * caller-saved three, and %ebx carries the unaligned %esp across the
 * call).  bm_intr_exit may switch threads; md_switch keeps %ebx.
 */
ENTRY(x86_timer_vector)
	pushal
	cld
	movl	%esp, %ebx
	andl	$-16, %esp
	call	x86_timer_intr
	movl	%ebx, %esp
	popal
	iret
END(x86_timer_vector)

/* A spurious LAPIC interrupt takes no EOI. */
ENTRY(x86_spurious_vector)
	iret
END(x86_spurious_vector)

/*
 * Exceptions: every vector leaves (vector, error code) on the stack,
 * pushing 0 where the CPU pushes no error code, and x86_trap reports
 * it; it does not return.
 */
	.macro	TRAPVEC n
	.text
	.p2align 4
1:
	.if	(\n == 8) || (\n >= 10 && \n <= 14) || (\n == 17) || \
	    (\n == 21) || (\n == 29) || (\n == 30)
	.else
	pushl	$0
	.endif
	pushl	$\n
	jmp	trap_common
	.section .rodata
	.long	1b
	.endm

	.section .rodata
	.p2align 2
	.globl	x86_trap_vectors
x86_trap_vectors:
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15, \
	    16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	TRAPVEC	\n
	.endr
	.size	x86_trap_vectors, . - x86_trap_vectors

	.text
trap_common:
	cld
	pushl	8(%esp)				/* %eip */
	pushl	8(%esp)				/* error code */
	pushl	8(%esp)				/* vector */
	call	x86_trap
	jmp	park

/*
 * void md_switch(void **oldsp, void *newsp)
 * The four callee-saved registers on the old stack, then the new
 * stack's.  %fs (the CPU) and %eflags (masked either way) stay.
 */
ENTRY(md_switch)
	movl	4(%esp), %eax
	movl	8(%esp), %ecx
	pushl	%ebp
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	movl	%esp, (%eax)
	movl	%ecx, %esp
	popl	%edi
	popl	%esi
	popl	%ebx
	popl	%ebp
	ret
END(md_switch)

/* A new thread, from md_thread_init's frame: fn = %esi, arg = %edi. */
ENTRY(x86_thread_start)
	andl	$-16, %esp
	subl	$12, %esp
	pushl	%edi
	call	*%esi
	ud2
END(x86_thread_start)

	.data
	.p2align 2
boot_gdt_desc:
	.word	3 * 8 - 1
	.long	x86_gdt

	.globl	x86_ap_next
x86_ap_next:
	.long	1

	.section .note.GNU-stack, "", @progbits
