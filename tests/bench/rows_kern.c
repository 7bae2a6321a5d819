/*	$simplelock: tests/bench/rows_kern.c $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * Rows for the kernel locks of sys/kern, on the userland platform
 * (sys/rump): Plan 9's lock and ilock, res_spin_lock and bpf_spin_lock,
 * as a kernel's callers see them: calls into libkernlock.a, except
 * res_spin_lock's fast path, which is inline and calls the platform.
 * Each thread attaches itself to the platform on first use.
 */

#include <string.h>

#include "bench.h"

#include <sys/platform.h>
#include <sys/taslock.h>
#include <sys/rqspinlock.h>
#include <sys/bpf_spinlock.h>

/* Plan 9: lock/unlock, and ilock/iunlock (interrupts off too). */
#define	TAS(s)	((Lock *)(void *)(s)->lockmem)

_Static_assert(sizeof(Lock) <= BENCH_LOCKMEM, "Lock too big");

static void
tas_init(struct bench_shared *s)
{

	lockinit(TAS(s));
}

BENCH_UNCONT(tas_uncont,
    static Lock tas_private;
    Lock *lockp = &tas_private;
    lockinit(lockp),
    lock(lockp),
    unlock(lockp))

BENCH_WORKER(tas_worker,
    Lock *lockp = TAS(s),
    lock(lockp),
    unlock(lockp))

BENCH_UNCONT(itas_uncont,
    static Lock itas_private;
    Lock *lockp = &itas_private;
    lockinit(lockp),
    ilock(lockp),
    iunlock(lockp))

BENCH_WORKER(itas_worker,
    Lock *lockp = TAS(s),
    ilock(lockp),
    iunlock(lockp))

/* A failed res_spin_lock does not hold the lock: no unlock then. */
#define	RQS(s)	((rqspinlock_t *)(void *)(s)->lockmem)

static void
rqs_init(struct bench_shared *s)
{

	raw_res_spin_lock_init(RQS(s));
}

BENCH_UNCONT(rqs_uncont,
    static rqspinlock_t rqs_private;
    rqspinlock_t *lockp = &rqs_private;
    int rc;
    raw_res_spin_lock_init(lockp),
    failed += (rc = res_spin_lock(lockp)) != 0,
    if (rc == 0) res_spin_unlock(lockp))

BENCH_WORKER(rqs_worker,
    rqspinlock_t *lockp = RQS(s),
    failed = res_spin_lock(lockp) != 0,
    res_spin_unlock(lockp))

/* A zeroed struct bpf_spin_lock is unlocked. */
#define	BPF(s)	((struct bpf_spin_lock *)(void *)(s)->lockmem)

static void
bpf_init(struct bench_shared *s)
{

	memset(BPF(s), 0, sizeof(struct bpf_spin_lock));
}

BENCH_UNCONT(bpf_uncont,
    static struct bpf_spin_lock bpf_private;
    struct bpf_spin_lock *lockp = &bpf_private,
    (void)bpf_spin_lock(lockp),
    (void)bpf_spin_unlock(lockp))

BENCH_WORKER(bpf_worker,
    struct bpf_spin_lock *lockp = BPF(s),
    (void)bpf_spin_lock(lockp),
    (void)bpf_spin_unlock(lockp))

const struct bench_lock bench_rows_kern[] = {
	{ "lock", "Plan 9 lock/unlock (sys/kern)",
	    tas_uncont, tas_init, tas_worker, NULL },
	{ "ilock", "Plan 9 ilock/iunlock (sys/kern)",
	    itas_uncont, tas_init, itas_worker, NULL },
	{ "res_spin_lock", "res_spin_lock/unlock (sys/kern)",
	    rqs_uncont, rqs_init, rqs_worker, NULL },
	{ "bpf_spin_lock", "bpf_spin_lock/unlock (sys/kern)",
	    bpf_uncont, bpf_init, bpf_worker, NULL },
	{ NULL, NULL, NULL, NULL, NULL, NULL }
};

/*
 * The platform operations the kernel locks are built on, timed alone
 * so the rows above can be read: an interrupt-disabling lock pays an
 * splhigh/splx pair (here a per-thread level: soft masking), a preemption-
 * disabling one a kpreempt pair, and so on.
 */
#define	COST(label, stmt)						\
do {									\
	double __t = bench_now_ns();					\
	uint64_t __i;							\
									\
	for (__i = 0; __i < n; __i++) {					\
		stmt;							\
		bench_barrier();					\
	}								\
	if (k < max) {							\
		c[k].name = (label);					\
		c[k++].ns = (bench_now_ns() - __t) / (double)n;		\
	}								\
} while (/* CONSTCOND */ 0)

int
bench_platform_costs(struct bench_cost *c, int max, uint64_t n)
{
	volatile unsigned int sink;
	volatile uint64_t sink64;
	struct proc *p;
	int k = 0, s;

	if (n < 1000)
		n = 1000;
	/* The first call attaches this thread; keep it out of the time. */
	sink = cpu_number();
	COST("splhigh() + splx()", s = splhigh(); splx(s));
	COST("kpreempt_disable() + kpreempt_enable()",
	    kpreempt_disable(); kpreempt_enable());
	COST("cpu_number()", sink = cpu_number());
	COST("curproc_get()", p = curproc_get(); (void)p);
	COST("nanouptime()", sink64 = nanouptime());
	(void)sink;
	(void)sink64;
	return k;
}
