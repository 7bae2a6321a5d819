/*	$simplelock: riscv/lock.h $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * __cpu_simple_lock for RISC-V, RV32 and RV64 alike (the lock is a
 * 32-bit word, so the .w atomics serve both).
 *
 * Try is one amoswap.w.aq: the .aq bit makes it an acquire, so no
 * fence follows it.  Unlock is fence rw,w (everything before it is
 * ordered before the following store), then a plain sw.
 */

#ifndef _RISCV_LOCK_H_
#define _RISCV_LOCK_H_

/* Representation: <machine/types.h>. */
#include <machine/types.h>

#include <sys/_lock.h>

/*
 * Zihintpause's pause, spelt as its encoding (fence w,0) so that
 * assemblers without the extension take it; older cores run it as a
 * no-op fence that orders nothing.
 */
#define	__SL_SPIN_HINT()	__asm__ __volatile__(".4byte 0x0100000f" ::: "memory")

#ifdef _KERNEL
#undef	SPINLOCK_BACKOFF_HOOK
#define	SPINLOCK_BACKOFF_HOOK	__SL_SPIN_HINT()
#endif

#if defined(__SIMPLELOCK_COMMON)
#include <sys/common_lock.h>
#else

/* Try: the swap writes LOCKED either way; harmless if it was held. */
__SL_INLINE int
__cpu_simple_lock_try(__cpu_simple_lock_t *__lockp)
{
	__cpu_simple_lock_nv_t __old;

	__asm__ __volatile__("amoswap.w.aq %0, %2, %1"
	    : "=&r" (__old), "+A" (*__lockp)
	    : "r" (__SIMPLELOCK_LOCKED)
	    : "memory");
	if (__sl_predict_false(__old != __SIMPLELOCK_UNLOCKED))
		return 0;
	__SL_ACQUIRED(__lockp);
	return 1;
}

/* Lock: the MI test and test-and-set loop, with pause. */

/* Unlock: MI, fence rw,w, then a plain store. */
#define	__SL_RELEASE_BARRIER()	__asm__ __volatile__("fence rw,w" ::: "memory")

/* Predicates, set, clear, init: MI. */
#include <sys/_lock_mi.h>

#endif /* !__SIMPLELOCK_COMMON */

#endif /* !_RISCV_LOCK_H_ */
