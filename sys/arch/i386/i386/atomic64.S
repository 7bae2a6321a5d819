/*	$simplelock: i386/atomic64.S $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * The 64-bit __atomic calls gcc emits for i386 when it may not use the
 * x87 or SSE registers (-mgeneral-regs-only: the kernel saves neither
 * on an interrupt or a switch), as libatomic would supply them.  Each
 * is a locked cmpxchg8b, a full barrier, so every memory order holds.
 */

#define	ENTRY(name)			\
	.text;				\
	.globl	name;			\
	.type	name, @function;	\
	.p2align 4;			\
name:
#define	END(name)	.size name, . - name

/*
 * uint64_t __atomic_load_8(const volatile void *p, int order)
 * Compare with 0 and swap in 0: either way %edx:%eax is the value.
 */
ENTRY(__atomic_load_8)
	pushl	%ebx
	pushl	%esi
	movl	12(%esp), %esi
	xorl	%eax, %eax
	xorl	%edx, %edx
	xorl	%ebx, %ebx
	xorl	%ecx, %ecx
	lock
	cmpxchg8b (%esi)
	popl	%esi
	popl	%ebx
	ret
END(__atomic_load_8)

/*
 * uint64_t __atomic_exchange_8(volatile void *p, uint64_t v, int order)
 * void __atomic_store_8(volatile void *p, uint64_t v, int order)
 * Retry until the swap sees what it last read; return the old value.
 */
ENTRY(__atomic_exchange_8)
	.globl	__atomic_store_8
	.type	__atomic_store_8, @function
__atomic_store_8:
	pushl	%ebx
	pushl	%esi
	movl	12(%esp), %esi
	movl	16(%esp), %ebx
	movl	20(%esp), %ecx
	movl	(%esi), %eax
	movl	4(%esi), %edx
1:	lock
	cmpxchg8b (%esi)
	jne	1b
	popl	%esi
	popl	%ebx
	ret
END(__atomic_exchange_8)
	.size	__atomic_store_8, . - __atomic_store_8

	.section .note.GNU-stack, "", @progbits
