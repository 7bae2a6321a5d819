/*	$simplelock: sparc/lock.h $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * __cpu_simple_lock for SPARC (v8) and, through <sparc64/lock.h>,
 * SPARC v9.
 *
 * ldstub loads the byte and stores 0xff in one atomic step; it is why
 * the locked value is 0xff.  Both run TSO here (NetBSD and Linux run
 * userland and kernel in TSO), where ldstub already orders every later
 * access after it and a plain store is a release, so the only barrier
 * left to place is the compiler's.  An RMO kernel would need membars.
 */

#ifndef _SPARC_LOCK_H_
#define _SPARC_LOCK_H_

/* Representation: <machine/types.h>. */
#include <machine/types.h>

#include <sys/_lock.h>

#if defined(__SIMPLELOCK_COMMON)
#include <sys/common_lock.h>
#else

/*
 * Try: ldstub writes 0xff either way, harmless if it was held; the
 * MI lock loop calls it only after a plain read saw the lock free, so
 * waiters spin in their cache, not on the bus.
 */
__SL_INLINE int
__cpu_simple_lock_try(__cpu_simple_lock_t *__lockp)
{
	unsigned int __old;

	__asm__ __volatile__("ldstub [%2], %0"
	    : "=r" (__old), "+m" (*__lockp)
	    : "r" (__lockp)
	    : "memory");
	if (__sl_predict_false(__old != __SIMPLELOCK_UNLOCKED))
		return 0;
	__SL_ACQUIRED(__lockp);
	return 1;
}

/* Lock: the MI test and test-and-set loop. */

/* Unlock: MI, compiler barrier, then a plain byte store (TSO). */

/* Predicates, set, clear, init: MI. */
#include <sys/_lock_mi.h>

#endif /* !__SIMPLELOCK_COMMON */

#endif /* !_SPARC_LOCK_H_ */
