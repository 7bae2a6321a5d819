/*	$simplelock: powerpc/lock.h $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * __cpu_simple_lock for PowerPC, 32- and 64-bit, either byte order.
 *
 * Try is lwarx/stwcx., then isync: once the conditional store is
 * known to have succeeded, isync keeps later instructions from
 * starting before it, which makes the pair an acquire.  Unlock is
 * lwsync (orders everything but store-to-load, all a release needs,
 * at a fraction of sync's cost), then a plain store.
 */

#ifndef _POWERPC_LOCK_H_
#define _POWERPC_LOCK_H_

/* Representation: <machine/types.h>. */
#include <machine/types.h>

#include <sys/_lock.h>

/* e500 cores lack lwsync; the compiler says so. */
#if defined(__NO_LWSYNC__)
#define	__SL_PPC_RELEASE	"sync"
#else
#define	__SL_PPC_RELEASE	"lwsync"
#endif

/* Low, then normal, SMT thread priority: a no-op on other cores. */
#define	__SL_SPIN_HINT() \
	__asm__ __volatile__("or 1,1,1\n\tor 2,2,2" ::: "memory")

#ifdef _KERNEL
#undef	SPINLOCK_BACKOFF_HOOK
#define	SPINLOCK_BACKOFF_HOOK	__SL_SPIN_HINT()
#endif

#if defined(__SIMPLELOCK_COMMON)
#include <sys/common_lock.h>
#else

/*
 * Try.  A failed stwcx. is retried, so try fails only on a held lock;
 * then a stwcx. to a scratch word drops the reservation lwarx took,
 * so that a later stwcx. elsewhere cannot succeed on it.
 */
__SL_INLINE int
__cpu_simple_lock_try(__cpu_simple_lock_t *__lockp)
{
	__cpu_simple_lock_nv_t __old;
	int __scratch;

	__asm__ __volatile__(
	    "1:	lwarx	%0, 0, %3\n"
	    "	cmpwi	%0, 0\n"
	    "	bne-	2f\n"
	    "	stwcx.	%4, 0, %3\n"
	    "	bne-	1b\n"
	    "	isync\n"
	    "	b	3f\n"
	    "2:	stwcx.	%0, 0, %5\n"
	    "3:"
	    : "=&r" (__old), "+m" (*__lockp), "=m" (__scratch)
	    : "r" (__lockp), "r" (__SIMPLELOCK_LOCKED), "r" (&__scratch)
	    : "cr0", "memory");
	if (__sl_predict_false(__old != __SIMPLELOCK_UNLOCKED))
		return 0;
	__SL_ACQUIRED(__lockp);
	return 1;
}

/* Lock: the MI test and test-and-set loop. */

/* Unlock: MI, lwsync, then a plain store. */
#define	__SL_RELEASE_BARRIER()	__asm__ __volatile__(__SL_PPC_RELEASE ::: "memory")

/* Predicates, set, clear, init: MI. */
#include <sys/_lock_mi.h>

#endif /* !__SIMPLELOCK_COMMON */

#endif /* !_POWERPC_LOCK_H_ */
