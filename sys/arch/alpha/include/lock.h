/*	$simplelock: alpha/lock.h $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * __cpu_simple_lock for Alpha.
 *
 * Try is ldl_l/stl_c, then mb once the stl_c has succeeded: Alpha
 * has no acquire or release forms, only the full barrier.  Unlock is
 * mb, then a plain store.
 */

#ifndef _ALPHA_LOCK_H_
#define _ALPHA_LOCK_H_

/* Representation: <machine/types.h>. */
#include <machine/types.h>

#include <sys/_lock.h>

#if defined(__SIMPLELOCK_COMMON)
#include <sys/common_lock.h>
#else

/* Try: a failed stl_c is retried, so try fails only on a held lock. */
__SL_INLINE int
__cpu_simple_lock_try(__cpu_simple_lock_t *__lockp)
{
	__cpu_simple_lock_nv_t __old, __tmp;

	__asm__ __volatile__(
	    "1:	ldl_l	%0, 0(%3)\n"
	    "	bne	%0, 2f\n"
	    "	mov	%4, %1\n"
	    "	stl_c	%1, 0(%3)\n"
	    "	beq	%1, 1b\n"
	    "	mb\n"
	    "2:"
	    : "=&r" (__old), "=&r" (__tmp), "+m" (*__lockp)
	    : "r" (__lockp), "r" (__SIMPLELOCK_LOCKED)
	    : "memory");
	if (__sl_predict_false(__old != __SIMPLELOCK_UNLOCKED))
		return 0;
	__SL_ACQUIRED(__lockp);
	return 1;
}

/* Lock: the MI test and test-and-set loop. */

/* Unlock: MI, mb, then a plain store. */
#define	__SL_RELEASE_BARRIER()	__asm__ __volatile__("mb" ::: "memory")

/* Predicates, set, clear, init: MI. */
#include <sys/_lock_mi.h>

#endif /* !__SIMPLELOCK_COMMON */

#endif /* !_ALPHA_LOCK_H_ */
