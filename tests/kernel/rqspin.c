/*	$simplelock: tests/kernel/rqspin.c $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * res_spin_lock(9) in a real kernel: AA from a real interrupt handler
 * on the lock its interrupted thread holds, ABBA across CPUs, a stalled
 * owner spinning with interrupts masked (-ETIMEDOUT, and the lock
 * usable after), and the irqsave forms really masking the timer.
 */

#include <stdint.h>

#include <atf-c.h>
#include <errno.h>

#include <sys/lock.h>
#include <sys/platform.h>
#include <sys/rqspinlock.h>

#include "bm_kern.h"
#include "kt.h"

/* AA: the timer handler asks for the lock the thread under it holds. */
static rqspinlock_t aa_lock;
static volatile int aa_ret = 1, aa_done;

static void
aa_hook(void *arg)
{
	int r;

	(void)arg;
	if (aa_done)
		return;
	r = res_spin_lock(&aa_lock);
	if (r == 0)
		res_spin_unlock(&aa_lock);
	aa_ret = r;
	aa_done = 1;
}

ATF_TC_WITHOUT_HEAD(aa_from_interrupt);
ATF_TC_BODY(aa_from_interrupt, tc)
{
	unsigned int cpu;
	int r;

	raw_res_spin_lock_init(&aa_lock);
	aa_done = 0;
	aa_ret = 1;
	r = res_spin_lock(&aa_lock);
	ATF_REQUIRE_EQ(r, 0);
	/* Held, interrupts on, preemption off: the handler comes here. */
	cpu = cpu_number();
	bm_set_tick_hook(cpu, aa_hook, NULL);
	(void)KT_WAIT_TICKS(aa_done, cpu, 100);
	bm_set_tick_hook(cpu, NULL, NULL);
	res_spin_unlock(&aa_lock);
	ATF_REQUIRE_MSG(aa_done, "the timer handler never ran");
	ATF_CHECK_EQ_MSG(aa_ret, -EDEADLK, "AA in a handler: %d, want %d",
	    aa_ret, -EDEADLK);
	/* Usable after. */
	ATF_REQUIRE_EQ(res_spin_lock(&aa_lock), 0);
	res_spin_unlock(&aa_lock);
}

/* ABBA: two CPUs, each holding one lock and asking for the other. */
static rqspinlock_t ab_a, ab_b;
static volatile int ab_have[2], ab_ret[2];

static void
ab_thread(void *arg)
{
	int me = (int)(uintptr_t)arg;
	rqspinlock_t *first = me ? &ab_b : &ab_a, *second = me ? &ab_a : &ab_b;
	int r;

	r = res_spin_lock(first);
	if (r != 0) {
		ab_ret[me] = 100 + r;
		return;
	}
	ab_have[me] = 1;
	while (!ab_have[!me])
		SPINLOCK_BACKOFF_HOOK;
	r = res_spin_lock(second);
	ab_ret[me] = r;
	if (r == 0)
		res_spin_unlock(second);
	res_spin_unlock(first);
}

ATF_TC(abba_across_cpus);
ATF_TC_HEAD(abba_across_cpus, tc)
{

	atf_tc_set_md_var(tc, "kt.mincpus", "2");
}
ATF_TC_BODY(abba_across_cpus, tc)
{
	struct proc *p[2];
	int i;

	raw_res_spin_lock_init(&ab_a);
	raw_res_spin_lock_init(&ab_b);
	ab_have[0] = ab_have[1] = 0;
	ab_ret[0] = ab_ret[1] = 1;
	for (i = 0; i < 2; i++)
		p[i] = bm_thread_create("abba", (unsigned int)i, PRI_NORMAL,
		    ab_thread, (void *)(uintptr_t)i);
	for (i = 0; i < 2; i++)
		bm_thread_join(p[i]);
	cons_printf("# abba: cpu 0 got %d, cpu 1 got %d", ab_ret[0],
	    ab_ret[1]);
	ATF_CHECK_MSG(ab_ret[0] == -EDEADLK || ab_ret[1] == -EDEADLK,
	    "neither waiter saw the ABBA deadlock: %d, %d", ab_ret[0],
	    ab_ret[1]);
	for (i = 0; i < 2; i++)
		ATF_CHECK(ab_ret[i] == 0 || ab_ret[i] == -EDEADLK ||
		    ab_ret[i] == -ETIMEDOUT);
	ATF_REQUIRE_EQ(res_spin_lock(&ab_a), 0);
	ATF_REQUIRE_EQ(res_spin_lock(&ab_b), 0);
	res_spin_unlock(&ab_b);
	res_spin_unlock(&ab_a);
}

/*
 * A stalled owner: CPU 0's thread holds the lock with interrupts
 * masked and spins until the waiter on CPU 1 gave up with -ETIMEDOUT;
 * after the release the waiter gets it.
 */
static rqspinlock_t st_lock;
static volatile int st_held, st_ret = 1, st_after = 1;

static void
st_owner(void *arg)
{
	unsigned long flags = 0;
	int r;

	(void)arg;
	r = raw_res_spin_lock_irqsave(&st_lock, flags);
	if (r != 0) {
		st_ret = 100 + r;
		st_held = -1;
		return;
	}
	st_held = 1;
	while (st_ret == 1)
		SPINLOCK_BACKOFF_HOOK;
	raw_res_spin_unlock_irqrestore(&st_lock, flags);
	st_held = 2;
}

static void
st_waiter(void *arg)
{

	(void)arg;
	while (st_held == 0)
		SPINLOCK_BACKOFF_HOOK;
	st_ret = res_spin_lock(&st_lock);
	if (st_ret == 0)
		res_spin_unlock(&st_lock);
	while (st_held != 2)
		SPINLOCK_BACKOFF_HOOK;
	st_after = res_spin_lock(&st_lock);
	if (st_after == 0)
		res_spin_unlock(&st_lock);
}

ATF_TC(stalled_owner_timeout);
ATF_TC_HEAD(stalled_owner_timeout, tc)
{

	atf_tc_set_md_var(tc, "kt.mincpus", "2");
}
ATF_TC_BODY(stalled_owner_timeout, tc)
{
	struct proc *o, *w;
	uint64_t old;

	raw_res_spin_lock_init(&st_lock);
	st_held = 0;
	st_ret = st_after = 1;
	old = res_spin_lock_settimeout(20000000);	/* 20 ms emulated */
	w = bm_thread_create("waiter", 1, PRI_NORMAL, st_waiter, NULL);
	o = bm_thread_create("owner", 0, PRI_NORMAL, st_owner, NULL);
	bm_thread_join(o);
	bm_thread_join(w);
	(void)res_spin_lock_settimeout(old);
	ATF_CHECK_EQ_MSG(st_ret, -ETIMEDOUT, "waiter on a stalled owner: %d",
	    st_ret);
	ATF_CHECK_EQ_MSG(st_after, 0, "after the release: %d", st_after);
}

/* The irqsave forms mask the timer for real. */
ATF_TC_WITHOUT_HEAD(irqsave_masks);
ATF_TC_BODY(irqsave_masks, tc)
{
	rqspinlock_t l;
	unsigned long flags = 0;
	unsigned int cpu;
	bm_count_t t;
	int r;

	raw_res_spin_lock_init(&l);
	ATF_REQUIRE(intr_enabled());
	r = raw_res_spin_lock_irqsave(&l, flags);
	ATF_REQUIRE_EQ(r, 0);
	cpu = cpu_number();
	t = bm_ticks(cpu);
	ATF_CHECK_MSG(!intr_enabled(), "irqsave left interrupts enabled");
	kt_spin_periods(4);
	ATF_CHECK_MSG(bm_ticks(cpu) == t,
	    "%lu timer interrupts under raw_res_spin_lock_irqsave",
	    (unsigned long)(bm_ticks(cpu) - t));
	raw_res_spin_unlock_irqrestore(&l, flags);
	ATF_CHECK(intr_enabled());
}

ATF_TP_ADD_TCS(tp)
{

	ATF_TP_ADD_TC(tp, aa_from_interrupt);
	ATF_TP_ADD_TC(tp, abba_across_cpus);
	ATF_TP_ADD_TC(tp, stalled_owner_timeout);
	ATF_TP_ADD_TC(tp, irqsave_masks);
	return atf_no_error();
}
