/*	$simplelock: tests/bench/rows_cpu.c $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * Rows for __cpu_simple_lock(9).  This file is compiled twice: as is,
 * for the port's own lock and the spin-loop variants built on it, and
 * with -D__SIMPLELOCK_COMMON for the common_lock.h flavour.  It is
 * kernel code to <sys/lock.h> (-D_KERNEL -D_RUMPKERNEL), which is what
 * makes SPINLOCK_BACKOFF visible; a rump kernel gets the inline lock.
 */

#include <sys/lock.h>

#include <sched.h>

#include "bench.h"

#define	SL(s)	((__cpu_simple_lock_t *)(void *)(s)->lockmem)

static void
sl_init(struct bench_shared *s)
{

	__cpu_simple_lock_init(SL(s));
}

BENCH_UNCONT(sl_uncont,
    static __cpu_simple_lock_t sl_private;
    __cpu_simple_lock_t *lockp = &sl_private;
    __cpu_simple_lock_init(lockp),
    __cpu_simple_lock(lockp),
    __cpu_simple_unlock(lockp))

BENCH_WORKER(sl_worker,
    __cpu_simple_lock_t *lockp = SL(s),
    __cpu_simple_lock(lockp),
    __cpu_simple_unlock(lockp))

#ifdef __SIMPLELOCK_COMMON

const struct bench_lock bench_rows_cpu_common[] = {
	{ "cpu_simple_lock_common", "__cpu_simple_lock, common_lock.h",
	    sl_uncont, sl_init, sl_worker, NULL },
	{ NULL, NULL, NULL, NULL, NULL, NULL }
};

#else /* the port */

/*
 * The kernel's backoff loop (the shape of NetBSD's spin mutex): after
 * a failed try, wait with SPINLOCK_BACKOFF while the lock reads held,
 * doubling the wait each time, then try again.  Once with the port's
 * SPINLOCK_BACKOFF_HOOK, and once with the hook replaced by nothing but
 * a compiler barrier, which is the cost of the hook.
 */
#define	BACKOFF_LOCK(lockp)						\
do {									\
	int __count = SPINLOCK_BACKOFF_MIN;				\
									\
	while (bench_unlikely(!__cpu_simple_lock_try(lockp))) {	\
		while (__SIMPLELOCK_LOCKED_P(lockp))			\
			SPINLOCK_BACKOFF(__count);			\
	}								\
} while (/* CONSTCOND */ 0)

BENCH_UNCONT(bo_uncont,
    static __cpu_simple_lock_t bo_private;
    __cpu_simple_lock_t *lockp = &bo_private;
    __cpu_simple_lock_init(lockp),
    BACKOFF_LOCK(lockp),
    __cpu_simple_unlock(lockp))

BENCH_WORKER(bo_worker,
    __cpu_simple_lock_t *lockp = SL(s),
    BACKOFF_LOCK(lockp),
    __cpu_simple_unlock(lockp))

/* NetBSD's libpthread: spin a bounded number of polls, then yield. */
#define	SPIN_YIELD_NSPINS	64

static __inline void
spin_yield_lock(__cpu_simple_lock_t *lockp)
{
	int n;

	if (bench_unlikely(!__cpu_simple_lock_try(lockp))) {
		for (;;) {
			for (n = SPIN_YIELD_NSPINS; n > 0; n--) {
				if (!__SIMPLELOCK_LOCKED_P(lockp))
					break;
				bench_spin_hint();
			}
			if (n > 0) {
				if (__cpu_simple_lock_try(lockp))
					break;
				continue;
			}
			sched_yield();
		}
	}
}

BENCH_UNCONT(sy_uncont,
    static __cpu_simple_lock_t sy_private;
    __cpu_simple_lock_t *lockp = &sy_private;
    __cpu_simple_lock_init(lockp),
    spin_yield_lock(lockp),
    __cpu_simple_unlock(lockp))

BENCH_WORKER(sy_worker,
    __cpu_simple_lock_t *lockp = SL(s),
    spin_yield_lock(lockp),
    __cpu_simple_unlock(lockp))

/* The same backoff loop again, its hook now only a compiler barrier. */
#undef	SPINLOCK_BACKOFF_HOOK
#define	SPINLOCK_BACKOFF_HOOK	__asm__ __volatile__("" ::: "memory")

BENCH_UNCONT(bn_uncont,
    static __cpu_simple_lock_t bn_private;
    __cpu_simple_lock_t *lockp = &bn_private;
    __cpu_simple_lock_init(lockp),
    BACKOFF_LOCK(lockp),
    __cpu_simple_unlock(lockp))

BENCH_WORKER(bn_worker,
    __cpu_simple_lock_t *lockp = SL(s),
    BACKOFF_LOCK(lockp),
    __cpu_simple_unlock(lockp))

const struct bench_lock bench_rows_cpu_port[] = {
	{ "cpu_simple_lock", "__cpu_simple_lock, the port",
	    sl_uncont, sl_init, sl_worker, NULL },
	{ "backoff_hook", "SPINLOCK_BACKOFF loop, port hook",
	    bo_uncont, sl_init, bo_worker, NULL },
	{ "backoff_nohook", "SPINLOCK_BACKOFF loop, empty hook",
	    bn_uncont, sl_init, bn_worker, NULL },
	{ "spin_yield", "spin 64 polls then sched_yield",
	    sy_uncont, sl_init, sy_worker, NULL },
	{ NULL, NULL, NULL, NULL, NULL, NULL }
};

#endif /* !__SIMPLELOCK_COMMON */
