/*	$simplelock: _lock_mi.h $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * Machine-independent epilogue of every <machine/lock.h>: the parts
 * that are the same on every CPU once it has a try and an unlock.
 *
 * A port that needs its own version of one of these defines the
 * matching __SL_HAVE_* before including this file.  A port may
 * also define __SL_SPIN_HINT() to what its CPU wants in a
 * busy-wait loop (pause, yield, ...).
 */

#ifndef _SYS__LOCK_MI_H_
#define _SYS__LOCK_MI_H_

#ifndef __SL_SPIN_HINT
#define	__SL_SPIN_HINT()	__sl_insn_barrier()
#endif
#ifndef __SL_RELEASE_BARRIER
#define	__SL_RELEASE_BARRIER()		__sl_insn_barrier()
#endif
#ifndef __SL_RELEASE_FLUSH
#define	__SL_RELEASE_FLUSH()		((void)0)
#endif

/*
 * Unlock: the port's release barrier, then a plain store of the free
 * value.  The barrier keeps every access of the critical section
 * before the store, for the CPU and for the compiler.
 */
#ifndef __SL_HAVE_UNLOCK
__SL_INLINE void
__cpu_simple_unlock(__cpu_simple_lock_t *__lockp)
{

	__SL_RELEASING(__lockp);
	__SL_RELEASE_BARRIER();
	__SL_STORE(__SL_WORD(__lockp), __SL_RAW_UNLOCKED);
	__SL_RELEASE_FLUSH();
}
#endif

/* Predicates: one plain load, no ordering. */
#ifndef __SL_HAVE_PREDICATES
__SL_INLINE int
__SIMPLELOCK_LOCKED_P(const __cpu_simple_lock_t *__ptr)
{

	return __SL_LOAD(__SL_CWORD(__ptr)) !=
	    __SL_RAW_UNLOCKED;
}

__SL_INLINE int
__SIMPLELOCK_UNLOCKED_P(const __cpu_simple_lock_t *__ptr)
{

	return __SL_LOAD(__SL_CWORD(__ptr)) ==
	    __SL_RAW_UNLOCKED;
}
#endif

/* Obsolete: a lock used as a boolean by libpthread.  Plain stores. */
#ifndef __SL_HAVE_SET_CLEAR
__SL_INLINE void
__cpu_simple_lock_set(__cpu_simple_lock_t *__ptr)
{

	__SL_STORE(__SL_WORD(__ptr), __SL_RAW_LOCKED);
}

__SL_INLINE void
__cpu_simple_lock_clear(__cpu_simple_lock_t *__ptr)
{

	__SL_STORE(__SL_WORD(__ptr),
	    __SL_RAW_UNLOCKED);
}
#endif

/* Init orders nothing: publishing the lock is the caller's business. */
#ifndef __SL_HAVE_INIT
__SL_INLINE void
__cpu_simple_lock_init(__cpu_simple_lock_t *__lockp)
{

	__SL_STORE(__SL_WORD(__lockp),
	    __SL_RAW_UNLOCKED);
}
#endif

/*
 * Lock: test and test-and-set.  The atomic is retried only when a
 * plain read says the lock is free, so waiters spin in their own
 * cache and leave the holder's line alone.  The acquire ordering is
 * the successful try's.
 */
#ifndef __SL_HAVE_LOCK
__SL_INLINE void
__cpu_simple_lock(__cpu_simple_lock_t *__lockp)
{

	while (__sl_predict_false(!__cpu_simple_lock_try(__lockp))) {
		while (__SIMPLELOCK_LOCKED_P(__lockp))
			__SL_SPIN_HINT();
	}
}
#endif

#endif /* !_SYS__LOCK_MI_H_ */
