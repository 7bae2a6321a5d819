/*	$simplelock: tests/kernel/torture.c $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * A locktorture-style stress on every lock family: writers = 2 x CPUs,
 * spread over the CPUs, each taking the lock over and over with random
 * short holds and an occasional long one; a "held" flag set and checked
 * inside the critical section catches two holders.  The run lasts some
 * milliseconds of the clock, ended by the first tick on any CPU to see
 * the deadline: not a count of CPU 0's ticks, which its writers, spinning
 * with interrupts masked, let through only between acquisitions (with
 * more vCPUs than host cores, 15 of them took from 0.5 to 7 s).
 * Per-writer counts give a fairness warning (the most favoured writer
 * got more than twice the least), not a failure: fairness is not these
 * locks' promise.
 */

#include <stdint.h>

#include <atf-c.h>

#include <sys/bpf_spinlock.h>
#include <sys/lock.h>
#include <sys/platform.h>
#include <sys/rqspinlock.h>
#include <sys/taslock.h>

#include "bm_kern.h"
#include "kt.h"

/* Of the clock, per family; short with more vCPUs than host cores. */
#define	TORTURE_MS	(cpu_count() > 2 ? 30U : 80U)
#define	LONG_ONE_IN	256
#define	LONG_SPINS	4000
#define	SHORT_SPINS	32

struct torture_ops {
	const char	*name;
	int		(*acquire)(unsigned long *);	/* 0: held */
	void		(*release)(unsigned long);
	int		intr;		/* handlers take it too */
};

static __cpu_simple_lock_t t_simple = __SIMPLELOCK_UNLOCKED;
static Lock t_lock9 = LOCK_INITIALIZER;
static rqspinlock_t t_rqs;
static struct bpf_spin_lock t_bpf;

static int
simple_acq(unsigned long *f)
{

	(void)f;
	__cpu_simple_lock(&t_simple);
	return 0;
}

static void
simple_rel(unsigned long f)
{

	(void)f;
	__cpu_simple_unlock(&t_simple);
}

static int
lock9_acq(unsigned long *f)
{

	(void)f;
	lock(&t_lock9);
	return 0;
}

static void
lock9_rel(unsigned long f)
{

	(void)f;
	unlock(&t_lock9);
}

static int
ilock_acq(unsigned long *f)
{

	(void)f;
	ilock(&t_lock9);
	return 0;
}

static void
ilock_rel(unsigned long f)
{

	(void)f;
	iunlock(&t_lock9);
}

static int
rqs_acq(unsigned long *f)
{

	(void)f;
	return res_spin_lock(&t_rqs);
}

static void
rqs_rel(unsigned long f)
{

	(void)f;
	res_spin_unlock(&t_rqs);
}

static int
rqsirq_acq(unsigned long *f)
{

	return raw_res_spin_lock_irqsave(&t_rqs, *f);
}

static void
rqsirq_rel(unsigned long f)
{

	raw_res_spin_unlock_irqrestore(&t_rqs, f);
}

static int
bpf_acq(unsigned long *f)
{

	(void)f;
	return (int)bpf_spin_lock(&t_bpf);
}

static void
bpf_rel(unsigned long f)
{

	(void)f;
	(void)bpf_spin_unlock(&t_bpf);
}

static const struct torture_ops *tt_ops;
static volatile int tt_stop, tt_bad;
static uint64_t tt_deadline;	/* nanouptime(), set before the hooks */
static int tt_held;
static unsigned long tt_count[2 * MAXCPUS], tt_errors, tt_intr;

static uint32_t
xorshift(uint32_t *s)
{
	uint32_t x = *s;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *s = x;
}

static void
tt_critical(uint32_t r)
{
	unsigned int i, n;

	if (__atomic_exchange_n(&tt_held, 1, __ATOMIC_RELAXED) != 0)
		tt_bad = 1;
	n = r % LONG_ONE_IN == 0 ? LONG_SPINS : (r >> 8) % SHORT_SPINS;
	for (i = 0; i < n; i++)
		if (__atomic_load_n(&tt_held, __ATOMIC_RELAXED) != 1)
			tt_bad = 1;
	__atomic_store_n(&tt_held, 0, __ATOMIC_RELAXED);
}

static void
tt_writer(void *arg)
{
	unsigned int me = (unsigned int)(uintptr_t)arg;
	uint32_t seed = 2463534242U + me * 7919U;
	unsigned long f = 0;

	while (!tt_stop) {
		if (tt_ops->acquire(&f) != 0) {
			__atomic_fetch_add(&tt_errors, 1, __ATOMIC_RELAXED);
			continue;
		}
		tt_critical(xorshift(&seed));
		tt_ops->release(f);
		tt_count[me]++;
	}
}

/* Every CPU's tick: the end of the run, and a holder in a handler. */
static void
tt_hook(void *arg)
{
	unsigned long f = 0;

	(void)arg;
	if (!tt_stop && nanouptime() >= tt_deadline)
		tt_stop = 1;
	if (tt_stop || !tt_ops->intr)
		return;
	if (tt_ops->acquire(&f) != 0) {
		__atomic_fetch_add(&tt_errors, 1, __ATOMIC_RELAXED);
		return;
	}
	tt_critical(1);
	tt_ops->release(f);
	__atomic_fetch_add(&tt_intr, 1, __ATOMIC_RELAXED);
}

static void
torture(const struct torture_ops *ops)
{
	struct proc *p[2 * MAXCPUS];
	unsigned int i, n = 2 * cpu_count();
	unsigned long min = ~0UL, max = 0, total = 0;

	/* With a spl that does not mask, a handler would deadlock here. */
	if (ops->intr)
		ATF_REQUIRE_MSG(kt_spl_masks(),
		    "splhigh() leaves interrupts on");
	tt_ops = ops;
	tt_stop = tt_bad = 0;
	tt_held = 0;
	tt_errors = tt_intr = 0;
	tt_deadline = nanouptime() + (uint64_t)TORTURE_MS * 1000000;
	raw_res_spin_lock_init(&t_rqs);
	for (i = 0; i < n; i++) {
		tt_count[i] = 0;
		p[i] = bm_thread_create(ops->name, i % cpu_count(), PRI_NORMAL,
		    tt_writer, (void *)(uintptr_t)i);
	}
	for (i = 0; i < cpu_count(); i++)
		bm_set_tick_hook(i, tt_hook, NULL);
	for (i = 0; i < n; i++) {
		bm_thread_join(p[i]);
		total += tt_count[i];
		if (tt_count[i] < min)
			min = tt_count[i];
		if (tt_count[i] > max)
			max = tt_count[i];
	}
	for (i = 0; i < cpu_count(); i++)
		bm_set_tick_hook(i, NULL, NULL);
	cons_printf("# torture %s: %u writers, %lu acquisitions (min %lu, "
	    "max %lu), %lu in handlers, %lu failed acquisitions%s",
	    ops->name, n, total, min, max, tt_intr, tt_errors,
	    max / 2 > min ? ": fairness warning" : "");
	ATF_CHECK_MSG(!tt_bad, "%s: two holders in the critical section",
	    ops->name);
	ATF_CHECK_MSG(total > 0, "%s: no writer got the lock", ops->name);
}

#define	TORTURE_TC(n, acq, rel, intr)					\
	ATF_TC_WITHOUT_HEAD(n);						\
	ATF_TC_BODY(n, tc)						\
	{								\
		static const struct torture_ops ops = {			\
		    #n, acq, rel, intr };				\
									\
		torture(&ops);						\
	}

TORTURE_TC(simple_lock, simple_acq, simple_rel, 0)
TORTURE_TC(lock9_lock, lock9_acq, lock9_rel, 0)
TORTURE_TC(lock9_ilock, ilock_acq, ilock_rel, 1)
TORTURE_TC(res_spin_lock, rqs_acq, rqs_rel, 0)
TORTURE_TC(res_spin_lock_irqsave, rqsirq_acq, rqsirq_rel, 1)
TORTURE_TC(bpf_spin_lock, bpf_acq, bpf_rel, 1)

ATF_TP_ADD_TCS(tp)
{

	ATF_TP_ADD_TC(tp, simple_lock);
	ATF_TP_ADD_TC(tp, lock9_lock);
	ATF_TP_ADD_TC(tp, lock9_ilock);
	ATF_TP_ADD_TC(tp, res_spin_lock);
	ATF_TP_ADD_TC(tp, res_spin_lock_irqsave);
	ATF_TP_ADD_TC(tp, bpf_spin_lock);
	return atf_no_error();
}
