/*	$simplelock: tests/kernel/lock9.c $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * lock(9) in a real kernel: ilock() against the real timer interrupt
 * and from interrupt handlers, the lock-loop line, the PriLock regime
 * with a scheduler that honours priorities, and lock() rescheduling on
 * a uniprocessor.
 */

#include <stdint.h>

#include <atf-c.h>
#include <string.h>

#include <sys/lock.h>
#include <sys/platform.h>
#include <sys/taslock.h>

#include "bm_kern.h"
#include "kt.h"

/* ilock() holds off the timer: the tick count does not move. */
ATF_TC_WITHOUT_HEAD(ilock_holds_off_timer);
ATF_TC_BODY(ilock_holds_off_timer, tc)
{
	static Lock l = LOCK_INITIALIZER;
	unsigned int cpu;
	bm_count_t t;

	kpreempt_disable();
	cpu = cpu_number();
	ATF_REQUIRE(intr_enabled());
	ilock(&l);
	t = bm_ticks(cpu);
	ATF_CHECK_MSG(!intr_enabled(), "ilock left interrupts enabled");
	kt_spin_periods(4);
	ATF_CHECK_MSG(bm_ticks(cpu) == t,
	    "%lu timer interrupts while an ilock was held",
	    (unsigned long)(bm_ticks(cpu) - t));
	iunlock(&l);
	ATF_CHECK(intr_enabled());
	ATF_CHECK_MSG(kt_tick_after(cpu, t, 20), "no tick after iunlock");
	kpreempt_enable();
}

/*
 * Every CPU's timer handler takes the ilock its own CPU's thread takes
 * too: a holder has interrupts masked, so a handler only ever meets a
 * lock held elsewhere, and waits for it.  No update is lost.
 */
#define	IL_ROUNDS	kt_work(100000)	/* a tenth at -smp 4 */
static Lock il_lock = LOCK_INITIALIZER;
static unsigned long il_count, il_intr[MAXCPUS];
static volatile int il_stop;

static void
il_hook(void *arg)
{
	unsigned int cpu = (unsigned int)(uintptr_t)arg;

	if (il_stop)
		return;
	ilock(&il_lock);
	if (cpu_number() != cpu || intr_enabled())
		kt_fail(0, __FILE__, __LINE__, "handler on cpu %u, wanted %u"
		    " (interrupts %s)", cpu_number(), cpu,
		    intr_enabled() ? "on" : "off");
	il_count++;
	il_intr[cpu]++;
	iunlock(&il_lock);
}

static void
il_thread(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < IL_ROUNDS; i++) {
		ilock(&il_lock);
		il_count++;
		iunlock(&il_lock);
	}
}

ATF_TC_WITHOUT_HEAD(ilock_from_interrupt);
ATF_TC_BODY(ilock_from_interrupt, tc)
{
	struct proc *p[MAXCPUS];
	unsigned int i, n = cpu_count();
	unsigned long intr = 0;

	il_count = 0;
	il_stop = 0;
	/* With a spl that does not mask, a handler would deadlock here. */
	ATF_REQUIRE_MSG(kt_spl_masks(), "splhigh() leaves interrupts on");
	for (i = 0; i < n; i++) {
		il_intr[i] = 0;
		bm_set_tick_hook(i, il_hook, (void *)(uintptr_t)i);
	}
	for (i = 0; i < n; i++)
		p[i] = bm_thread_create("ilock", i, PRI_NORMAL, il_thread,
		    NULL);
	for (i = 0; i < n; i++)
		bm_thread_join(p[i]);
	il_stop = 1;
	for (i = 0; i < n; i++)
		bm_set_tick_hook(i, NULL, NULL);
	ilock(&il_lock);
	for (i = 0; i < n; i++)
		intr += il_intr[i];
	ATF_CHECK_EQ_MSG(il_count, (unsigned long)n * IL_ROUNDS + intr,
	    "lost updates: %lu, expected %lu + %lu from handlers", il_count,
	    (unsigned long)n * IL_ROUNDS, intr);
	iunlock(&il_lock);
	ATF_CHECK_MSG(intr > 0, "no handler took the lock");
}

/*
 * The lock-loop line: a waiter past lock_setloop()'s count says which
 * lock, its key, where it waits and who holds it, once.
 */
static Lock ll_lock = LOCK_INITIALIZER;
static volatile int ll_got;

static void
ll_waiter(void *arg)
{

	(void)arg;
	lock(&ll_lock);
	ll_got = 1;
	unlock(&ll_lock);
}

ATF_TC_WITHOUT_HEAD(lock_loop_line);
ATF_TC_BODY(lock_loop_line, tc)
{
	char want[80];
	unsigned long old;
	bm_count_t mark;
	struct proc *p;
	int i;

	ll_got = 0;
	old = lock_setloop(1000);
	mark = bm_cons_mark();
	lock(&ll_lock);
	ATF_CHECK_EQ(proc_getpri(curproc_get()), PriLock);
	p = bm_thread_create("looper", cpu_count() - 1, PRI_NORMAL,
	    ll_waiter, NULL);
	(void)bm_snprintf(want, sizeof(want), "lock loop on 0x%lx key 0x",
	    (unsigned long)(uintptr_t)&ll_lock);
	for (i = 0; i < 200 && !bm_cons_seen(mark, want); i++)
		bm_sleep(1);
	ATF_CHECK_MSG(bm_cons_seen(mark, want), "no lock-loop line");
	(void)bm_snprintf(want, sizeof(want), "proc %d",
	    proc_pid(curproc_get()));
	ATF_CHECK_MSG(bm_cons_seen(mark, want),
	    "the lock-loop line does not name the holder (%s)", want);
	ATF_CHECK(!ll_got);
	unlock(&ll_lock);
	bm_thread_join(p);
	ATF_CHECK(ll_got);
	(void)lock_setloop(old);
}

/*
 * PriLock: a holder runs at the highest priority, so a more urgent
 * thread that becomes ready on its CPU waits for the unlock, and
 * unlock() then yields to it at once.
 */
static volatile int pl_hi_ran;
static volatile int pl_during, pl_after, pl_pri_held, pl_pri_after;
static Lock pl_lock = LOCK_INITIALIZER;

static void
pl_hi(void *arg)
{

	(void)arg;
	pl_hi_ran = 1;
}

static void
pl_lo(void *arg)
{
	struct proc *p, *up = curproc_get();
	unsigned int cpu = (unsigned int)(uintptr_t)arg;

	lock(&pl_lock);
	pl_pri_held = proc_getpri(up);
	p = bm_thread_create("urgent", cpu, PRI_NORMAL + 10, pl_hi, NULL);
	/* Busy, interrupts on, for ticks enough to preempt anyone else. */
	(void)KT_WAIT_TICKS(0, cpu, 5);
	pl_during = pl_hi_ran;
	unlock(&pl_lock);
	pl_after = pl_hi_ran;
	pl_pri_after = proc_getpri(up);
	bm_thread_join(p);
}

ATF_TC_WITHOUT_HEAD(prilock_regime);
ATF_TC_BODY(prilock_regime, tc)
{
	struct proc *p;
	unsigned int cpu = cpu_count() - 1;

	pl_hi_ran = pl_during = pl_after = 0;
	p = bm_thread_create("holder", cpu, PRI_NORMAL - 5, pl_lo,
	    (void *)(uintptr_t)cpu);
	bm_thread_join(p);
	ATF_CHECK_EQ(pl_pri_held, PriLock);
	ATF_CHECK_EQ(pl_pri_after, PRI_NORMAL - 5);
	ATF_CHECK_MSG(!pl_during,
	    "a more urgent thread ran while the holder was at PriLock");
	ATF_CHECK_MSG(pl_after,
	    "unlock() did not yield to the more urgent ready thread");
}

/*
 * A waiter whose holder is ready but not running, on the same CPU:
 * two threads at PriLock take turns at each tick, and the waiter
 * comes to the lock the holder has.  On a uniprocessor lock() yields
 * (preempt()) at once; with more CPUs it spins until the timer hands
 * the CPU back.
 */
static Lock up_lock = LOCK_INITIALIZER;
static volatile int up_held, up_trying, up_order[2], up_n;

static void
up_holder(void *arg)
{
	unsigned int cpu = (unsigned int)(uintptr_t)arg;

	lock(&up_lock);
	up_held = 1;
	(void)KT_WAIT_TICKS(up_trying, cpu, 100);
	/*
	 * A tick may have taken the CPU between the waiter's store and
	 * its lock(): hold on for a turn more, so that it comes to it.
	 */
	(void)KT_WAIT_TICKS(0, cpu, 3);
	up_order[up_n++] = 1;
	unlock(&up_lock);
}

static void
up_waiter(void *arg)
{
	unsigned int cpu = (unsigned int)(uintptr_t)arg;

	(void)KT_WAIT_TICKS(up_held, cpu, 100);
	up_trying = 1;
	lock(&up_lock);
	up_order[up_n++] = 2;
	unlock(&up_lock);
}

ATF_TC_WITHOUT_HEAD(uniprocessor_reschedule);
ATF_TC_BODY(uniprocessor_reschedule, tc)
{
	struct proc *h, *w;
	unsigned int cpu = cpu_count() - 1;
	unsigned long ny0 = bm_cpus[cpu].c_nyield;

	up_n = up_held = up_trying = 0;
	h = bm_thread_create("holder", cpu, PriLock, up_holder,
	    (void *)(uintptr_t)cpu);
	w = bm_thread_create("waiter", cpu, PriLock, up_waiter,
	    (void *)(uintptr_t)cpu);
	bm_thread_join(h);
	bm_thread_join(w);
	ATF_REQUIRE(up_held && up_trying);
	ATF_CHECK_EQ(up_n, 2);
	ATF_CHECK_EQ(up_order[0], 1);
	ATF_CHECK_EQ(up_order[1], 2);
	if (cpu_count() == 1)
		ATF_CHECK_MSG(bm_cpus[cpu].c_nyield > ny0,
		    "lock() never yielded on a uniprocessor");
}

ATF_TP_ADD_TCS(tp)
{

	ATF_TP_ADD_TC(tp, ilock_holds_off_timer);
	ATF_TP_ADD_TC(tp, ilock_from_interrupt);
	ATF_TP_ADD_TC(tp, lock_loop_line);
	ATF_TP_ADD_TC(tp, prilock_regime);
	ATF_TP_ADD_TC(tp, uniprocessor_reschedule);
	return atf_no_error();
}
