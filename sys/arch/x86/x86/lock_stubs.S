/*	$simplelock: x86/lock_stubs.S $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * Out-of-line __cpu_simple_lock for the bare-metal x86 kernel
 * (_HARDKERNEL), shaped as NetBSD's lock_stubs.S.  The locked cmpxchg
 * is a full fence, so it is the acquire; unlock is a plain store,
 * which TSO makes a release.
 */

#if defined(__x86_64__)
#define	ARG	%rdi
#define	LOADARG
#else
#define	ARG	%edx
#define	LOADARG	movl 4(%esp), %edx
#endif

#define	ENTRY(name)			\
	.text;				\
	.globl	name;			\
	.type	name, @function;	\
	.p2align 4;			\
name:

#define	END(name)	.size name, . - name

/* void __cpu_simple_lock_init(__cpu_simple_lock_t *) */
ENTRY(__cpu_simple_lock_init)
	LOADARG
	movb	$0, (ARG)
	ret
END(__cpu_simple_lock_init)

/*
 * void __cpu_simple_lock(__cpu_simple_lock_t *)
 * %al = expected (0), %ah = new (1).  While held, pause and read
 * until the byte is 0, then try the cmpxchg again.
 */
ENTRY(__cpu_simple_lock)
	LOADARG
	movl	$0x0100, %eax
1:	lock
	cmpxchgb %ah, (ARG)
	jnz	2f
	ret
2:	pause
	cmpb	$0, (ARG)
	jne	2b
	movl	$0x0100, %eax
	jmp	1b
END(__cpu_simple_lock)

/* int __cpu_simple_lock_try(__cpu_simple_lock_t *): 1 if acquired. */
ENTRY(__cpu_simple_lock_try)
	LOADARG
	movl	$0x0100, %eax
	lock
	cmpxchgb %ah, (ARG)
	movl	$0, %eax
	setz	%al
	ret
END(__cpu_simple_lock_try)

/* void __cpu_simple_unlock(__cpu_simple_lock_t *) */
ENTRY(__cpu_simple_unlock)
	LOADARG
	movb	$0, (ARG)
	ret
END(__cpu_simple_unlock)

	.section .note.GNU-stack,"",@progbits
