/*	$simplelock: aarch64/lock.h $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * __cpu_simple_lock for AArch64.
 *
 * ARMv8.1 (LSE) has a single-instruction compare-and-swap with
 * acquire semantics, casab; before that, an exclusive pair whose load
 * is the acquire, ldaxrb/stxrb.  Unlock is a release store, stlrb, so
 * no dmb is needed on either side.
 */

#ifndef _AARCH64_LOCK_H_
#define _AARCH64_LOCK_H_

/* Representation: <machine/types.h>. */
#include <machine/types.h>

#include <sys/_lock.h>

/* yield tells an SMT core or a hypervisor that we are only waiting. */
#define	__SL_SPIN_HINT()	__asm__ __volatile__("yield" ::: "memory")

#ifdef _KERNEL
#undef	SPINLOCK_BACKOFF_HOOK
#define	SPINLOCK_BACKOFF_HOOK	__SL_SPIN_HINT()
#endif

#if defined(__SIMPLELOCK_COMMON)
#include <sys/common_lock.h>
#else

/* Try: acquire on success; a held lock is left unwritten. */
__SL_INLINE int
__cpu_simple_lock_try(__cpu_simple_lock_t *__lockp)
{
	unsigned int __old;
#if defined(__ARM_FEATURE_ATOMICS)
	__old = __SIMPLELOCK_UNLOCKED;
	__asm__ __volatile__("casab %w0, %w2, %1"
	    : "+r" (__old), "+Q" (*__lockp)
	    : "r" (__SIMPLELOCK_LOCKED)
	    : "memory");
#else
	unsigned int __fail;

	/* A failed stxrb is retried: try fails only on a held lock. */
	__asm__ __volatile__(
	    "1:	ldaxrb	%w0, %2\n"
	    "	cbnz	%w0, 2f\n"
	    "	stxrb	%w1, %w3, %2\n"
	    "	cbnz	%w1, 1b\n"
	    "2:"
	    : "=&r" (__old), "=&r" (__fail), "+Q" (*__lockp)
	    : "r" (__SIMPLELOCK_LOCKED)
	    : "memory");
#endif
	if (__sl_predict_false(__old != __SIMPLELOCK_UNLOCKED))
		return 0;
	__SL_ACQUIRED(__lockp);
	return 1;
}

/* Lock: the MI test and test-and-set loop, with yield. */

/* Unlock: a store-release of the free value, no barrier needed. */
#define	__SL_HAVE_UNLOCK
__SL_INLINE void
__cpu_simple_unlock(__cpu_simple_lock_t *__lockp)
{

	__SL_RELEASING(__lockp);
	__asm__ __volatile__("stlrb wzr, %0"
	    : "=Q" (*__lockp)
	    :
	    : "memory");
}

/* Predicates, set, clear, init: MI. */
#include <sys/_lock_mi.h>

#endif /* !__SIMPLELOCK_COMMON */

#endif /* !_AARCH64_LOCK_H_ */
