/*	$simplelock: common_lock.h $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * Machine-independent __cpu_simple_lock on the compiler's __atomic
 * builtins.  Used by any CPU without a port, and by every port when
 * built with __SIMPLELOCK_COMMON (make LOCK_IMPL=common), so the same
 * suite checks both.  The representation is still the port's.
 *
 * Include only from a <machine/lock.h>, after <sys/_lock.h>.
 */

#ifndef _SYS_COMMON_LOCK_H_
#define _SYS_COMMON_LOCK_H_

#ifndef _SYS__LOCK_H_
#error "include <machine/lock.h>, not <sys/common_lock.h>"
#endif

/* Try: one acquire exchange; we own it if it was free before. */
__SL_INLINE int
__cpu_simple_lock_try(__cpu_simple_lock_t *__lockp)
{

	return __atomic_exchange_n(__SL_WORD(__lockp),
	    __SL_RAW_LOCKED, __ATOMIC_ACQUIRE) ==
	    __SL_RAW_UNLOCKED;
}

/* Lock: the MI test and test-and-set loop in <sys/_lock_mi.h>. */

/* Unlock: a release store. */
#define	__SL_HAVE_UNLOCK
__SL_INLINE void
__cpu_simple_unlock(__cpu_simple_lock_t *__lockp)
{

	__atomic_store_n(__SL_WORD(__lockp),
	    __SL_RAW_UNLOCKED, __ATOMIC_RELEASE);
}

#include <sys/_lock_mi.h>

#endif /* !_SYS_COMMON_LOCK_H_ */
