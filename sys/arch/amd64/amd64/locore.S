/*	$simplelock: amd64/locore.S $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * Entry, application processor trampoline, vectors and context switch
 * of the bare-metal kernel on QEMU's PC.  QEMU's -kernel loads
 * multiboot (v1) kernels from 32-bit ELF only, so the kernel is linked
 * 64-bit, converted to elf32-i386 (conf/baremetal.mk), and enters in
 * 32-bit protected mode: it maps the low 4 GiB with 2 MiB pages and
 * goes to long mode.  The shared C half is x86/x86/x86_machdep.c.
 */

#define	MB_MAGIC	0x1badb002
#define	MB_FLAGS	0
#define	STACK_SIZE	16384		/* BM_STACK_SIZE */
#define	CR0_PE		0x00000001
#define	CR0_PG		0x80000000
#define	CR4_PAE		0x00000020
#define	MSR_EFER	0xc0000080
#define	EFER_LME	0x00000100
#define	PG_V_W		0x003		/* present, writable */
#define	PG_PS		0x080		/* 2 MiB page */
#define	PG_NC		0x018		/* PWT | PCD: the 4th GiB is MMIO */
#define	SEL_KCODE	0x08
#define	SEL_KDATA	0x10

#define	ENTRY(name)			\
	.text;				\
	.globl	name;			\
	.type	name, @function;	\
	.p2align 4;			\
name:
#define	END(name)	.size name, . - name

/* PAE, the page table, EFER.LME, then paging: to long mode. */
	.macro	ENTER_LONG_MODE
	movl	$CR4_PAE, %eax
	movl	%eax, %cr4
	movl	$pml4, %eax
	movl	%eax, %cr3
	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$EFER_LME, %eax
	wrmsr
	movl	$CR0_PG + CR0_PE, %eax
	movl	%eax, %cr0
	.endm

/* Loading %gs clears its base: x86_cpu_attach sets it after. */
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

	.code32
	.globl	start
start:
	cli
	cld
	movl	$__bss_start, %edi
	movl	$__bss_end, %ecx
	subl	%edi, %ecx
	xorl	%eax, %eax
	rep stosb

	/* PML4[0] -> PDPT; PDPT[0..3] -> PD[0..3]; 2048 PDEs of 2 MiB. */
	movl	$pdpt + PG_V_W, pml4
	movl	$pd + PG_V_W, %eax
	xorl	%ecx, %ecx
1:	movl	%eax, pdpt(, %ecx, 8)
	addl	$4096, %eax
	incl	%ecx
	cmpl	$4, %ecx
	jne	1b
	movl	$PG_PS + PG_V_W, %eax
	xorl	%ecx, %ecx
2:	movl	%eax, pd(, %ecx, 8)
	cmpl	$1536, %ecx
	jb	3f
	orl	$PG_NC, pd(, %ecx, 8)
3:	addl	$0x200000, %eax
	incl	%ecx
	cmpl	$2048, %ecx
	jne	2b

	ENTER_LONG_MODE
	lgdt	boot_gdt_desc
	ljmp	$SEL_KCODE, $bsp_entry

	.code64
bsp_entry:
	LOAD_SEGMENTS
	movq	$x86_boot_stacks + STACK_SIZE, %rsp
	xorl	%ebp, %ebp
	call	x86_init
	jmp	park

/*
 * An AP in long mode: claim an index, take that boot stack.  One that
 * comes after md_start_cpus has given up, or beyond md_ncpu, parks.
 */
ap_entry:
	LOAD_SEGMENTS
	movl	$1, %eax
	lock
	xaddl	%eax, x86_ap_next(%rip)
	cmpl	md_ncpu(%rip), %eax
	jae	park
	movl	%eax, %edi
	movl	%eax, %ecx
	incl	%ecx
	shlq	$14, %rcx			/* STACK_SIZE */
	leaq	x86_boot_stacks(%rcx), %rsp
	xorl	%ebp, %ebp
	call	x86_ap_main
park:
	cli
	hlt
	jmp	park

/*
 * Copied to TRAMP_PA (0x8000) and entered in real mode with
 * CS = 0x0800, IP = 0: to long mode in one step, on the boot CPU's
 * page table, with no stack.
 */
	.code16
	.globl	x86_tramp, x86_tramp_end
x86_tramp:
	cli
	cld
	movw	%cs, %ax
	movw	%ax, %ds
	lgdtl	tramp_gdt_desc - x86_tramp
	ENTER_LONG_MODE
	ljmpl	$SEL_KCODE, $ap_entry
	.p2align 2
tramp_gdt_desc:
	.word	3 * 8 - 1
	.long	x86_gdt
x86_tramp_end:
	.code64

/*
 * The timer interrupt, on the interrupted thread's stack: the CPU
 * pushed %ss, %rsp, %rflags, %cs, %rip (40 bytes, %rsp aligned to 16
 * first); with the nine caller-saved registers it is aligned again.
 * bm_intr_exit may switch threads; md_switch keeps the rest.
 */
ENTRY(x86_timer_vector)
	pushq	%rax
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	cld
	call	x86_timer_intr
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rax
	iretq
END(x86_timer_vector)

/* A spurious LAPIC interrupt takes no EOI. */
ENTRY(x86_spurious_vector)
	iretq
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
	pushq	$0
	.endif
	pushq	$\n
	jmp	trap_common
	.section .rodata
	.quad	1b
	.endm

	.section .rodata
	.p2align 3
	.globl	x86_trap_vectors
x86_trap_vectors:
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15, \
	    16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	TRAPVEC	\n
	.endr
	.size	x86_trap_vectors, . - x86_trap_vectors

	.text
trap_common:
	movq	0(%rsp), %rdi			/* vector */
	movq	8(%rsp), %rsi			/* error code */
	movq	16(%rsp), %rdx			/* %rip */
	andq	$-16, %rsp
	cld
	call	x86_trap
	jmp	park

/*
 * void md_switch(void **oldsp, void *newsp)
 * The six callee-saved registers on the old stack, then the new
 * stack's.  %gs (the CPU) and %rflags (masked either way) stay.
 */
ENTRY(md_switch)
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, (%rdi)
	movq	%rsi, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret
END(md_switch)

/* A new thread, from md_thread_init's frame: fn = %r13, arg = %r12. */
ENTRY(x86_thread_start)
	movq	%r12, %rdi
	andq	$-16, %rsp
	call	*%r13
	ud2
END(x86_thread_start)

	.data
	.p2align 3
boot_gdt_desc:
	.word	3 * 8 - 1
	.long	x86_gdt

	.globl	x86_ap_next
x86_ap_next:
	.long	1

	.bss
	.p2align 12
pml4:	.space	4096
pdpt:	.space	4096
pd:	.space	4096 * 4

	.section .note.GNU-stack, "", @progbits
