/*	$simplelock: s390x/lock.h $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * __cpu_simple_lock for z/Architecture (beyond NetBSD).
 *
 * The representation is a 32-bit word, 1 when held: the interlocked
 * update z/Architecture offers is compare-and-swap (cs) on an aligned
 * word, as Linux's s390 spin lock uses; a byte lock would need either
 * cs on the enclosing word or the legacy ts.  cs serialises the CPU,
 * so it is an acquire by itself, and the memory model orders stores
 * after earlier loads and stores, so a plain store is a release; the
 * only barrier left to place is the compiler's.
 */

#ifndef _S390X_LOCK_H_
#define _S390X_LOCK_H_

/* Representation: <machine/types.h>. */
#include <machine/types.h>

#include <sys/_lock.h>

#if defined(__SIMPLELOCK_COMMON)
#include <sys/common_lock.h>
#else

/* Try: cs stores LOCKED only if the word was free; no write if held. */
__SL_INLINE int
__cpu_simple_lock_try(__cpu_simple_lock_t *__lockp)
{
	unsigned int __old = __SIMPLELOCK_UNLOCKED;

	__asm__ __volatile__("cs	%0, %2, %1"
	    : "+d" (__old), "+Q" (*__lockp)
	    : "d" (__SIMPLELOCK_LOCKED)
	    : "cc", "memory");
	if (__sl_predict_false(__old != __SIMPLELOCK_UNLOCKED))
		return 0;
	__SL_ACQUIRED(__lockp);
	return 1;
}

/* Lock: the MI test and test-and-set loop. */

/* Unlock: MI, compiler barrier, then a plain store. */

/* Predicates, set, clear, init: MI. */
#include <sys/_lock_mi.h>

#endif /* !__SIMPLELOCK_COMMON */

#endif /* !_S390X_LOCK_H_ */
