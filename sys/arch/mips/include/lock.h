/*	$simplelock: mips/lock.h $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * __cpu_simple_lock for MIPS, o32 and n64, either byte order.
 *
 * Try is ll/sc, then sync once the sc has succeeded (the acquire);
 * unlock is sync, then a plain store.  The sequence is written with
 * its delay slots filled by hand, under .set noreorder, so that the
 * assembler cannot move anything into or out of it.
 */

#ifndef _MIPS_LOCK_H_
#define _MIPS_LOCK_H_

/* Representation: <machine/types.h>. */
#include <machine/types.h>

#include <sys/_lock.h>

/* MIPS I has no ll/sc; its kernels emulate them for userland. */
#if defined(__mips) && __mips == 1
#define	__SL_MIPS_ISA	"	.set	mips2\n"
#else
#define	__SL_MIPS_ISA	""
#endif

#if defined(__SIMPLELOCK_COMMON)
#include <sys/common_lock.h>
#else

/* Try: a failed sc is retried, so try fails only on a held lock. */
__SL_INLINE int
__cpu_simple_lock_try(__cpu_simple_lock_t *__lockp)
{
	__cpu_simple_lock_nv_t __old, __tmp;

	__asm__ __volatile__(
	    "	.set	push\n"
	    "	.set	noreorder\n"
	    __SL_MIPS_ISA
	    "1:	ll	%0, 0(%3)\n"
	    "	bnez	%0, 2f\n"
	    "	 nop\n"
	    "	move	%1, %4\n"
	    "	sc	%1, 0(%3)\n"
	    "	beqz	%1, 1b\n"
	    "	 nop\n"
	    "	sync\n"
	    "2:\n"
	    "	.set	pop"
	    : "=&r" (__old), "=&r" (__tmp), "+m" (*__lockp)
	    : "r" (__lockp), "r" (__SIMPLELOCK_LOCKED)
	    : "memory");
	if (__sl_predict_false(__old != __SIMPLELOCK_UNLOCKED))
		return 0;
	__SL_ACQUIRED(__lockp);
	return 1;
}

/* Lock: the MI test and test-and-set loop. */

/*
 * Unlock: MI, sync, then a plain store.  Octeon's write buffer may hold
 * the store a long while, so there syncw pushes it out, as NetBSD
 * does on Cavium's advice.
 */
#define	__SL_RELEASE_BARRIER()						\
	__asm__ __volatile__(						\
	    "	.set	push\n"						\
	    __SL_MIPS_ISA						\
	    "	sync\n"							\
	    "	.set	pop"						\
	    ::: "memory")
#if defined(__OCTEON__)
#define	__SL_RELEASE_FLUSH()	__asm__ __volatile__("syncw" ::: "memory")
#endif

/* Predicates, set, clear, init: MI. */
#include <sys/_lock_mi.h>

#endif /* !__SIMPLELOCK_COMMON */

#endif /* !_MIPS_LOCK_H_ */
