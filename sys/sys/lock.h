/*	$simplelock: sys/lock.h $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * Machine-independent entry point of __cpu_simple_lock(9).
 *
 * The lock itself is <machine/lock.h>.  Under _KERNEL this adds the
 * spin-loop tuning NetBSD kernels use around it; each is defined only
 * if the port did not, so the port's choice wins.
 */

#ifndef _SYS_LOCK_H_
#define _SYS_LOCK_H_

#include <machine/lock.h>

#ifdef _KERNEL

#ifndef SPINLOCK_SPIN_HOOK
#define	SPINLOCK_SPIN_HOOK	/* nothing */
#endif

/*
 * One unit of backoff delay.  A volatile asm cannot be deleted, so
 * SPINLOCK_BACKOFF really waits even at -O2 (NetBSD calls nullop()
 * for the same reason).
 */
#ifndef SPINLOCK_BACKOFF_HOOK
#define	SPINLOCK_BACKOFF_HOOK	__asm__ __volatile__("" ::: "memory")
#endif

#ifndef SPINLOCK_BACKOFF_MIN
#define	SPINLOCK_BACKOFF_MIN	4
#endif
#ifndef SPINLOCK_BACKOFF_MAX
#define	SPINLOCK_BACKOFF_MAX	128
#endif

/*
 * Run the hook count times, then double count up to the maximum.
 * The caller seeds count (an int lvalue) with SPINLOCK_BACKOFF_MIN.
 */
#define	SPINLOCK_BACKOFF(count)					\
do {								\
	int __spinlock_i;					\
	for (__spinlock_i = (count); __spinlock_i != 0;		\
	    __spinlock_i--) {					\
		SPINLOCK_BACKOFF_HOOK;				\
	}							\
	if ((count) < SPINLOCK_BACKOFF_MAX)			\
		(count) += (count);				\
} while (/* CONSTCOND */ 0)

/*
 * True once a spin loop has polled too long; only LOCKDEBUG kernels
 * count.  SPINLOCK_SPINOUT_MAX may be lowered for testing.
 */
#ifdef LOCKDEBUG
#ifndef SPINLOCK_SPINOUT_MAX
#define	SPINLOCK_SPINOUT_MAX	0x0fffffff
#endif
#define	SPINLOCK_SPINOUT(spins)	((spins)++ > SPINLOCK_SPINOUT_MAX)
#else
#define	SPINLOCK_SPINOUT(spins)	((void)(spins), 0)
#endif

#endif /* _KERNEL */

#endif /* !_SYS_LOCK_H_ */
