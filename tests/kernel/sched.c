/*	$simplelock: tests/kernel/sched.c $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * The platform under the locks, on real CPUs: the per-CPU register,
 * spl(9) against the real timer interrupt, curproc_get() in an
 * interrupt, preemption by the timer, priorities and
 * kpreempt_disable().  Waits count timer ticks; nothing is timed.
 */

#include <stdint.h>

#include <atf-c.h>

#include <sys/lock.h>
#include <sys/platform.h>

#include "bm_kern.h"
#include "kt.h"

/* Spin with interrupts as they are for n timer periods of the clock. */
void
kt_spin_periods(unsigned int n)
{
	uint64_t end = nanouptime() + (uint64_t)n * (1000000000ULL / BM_HZ);

	while (nanouptime() < end)
		SPINLOCK_BACKOFF_HOOK;
}

/* Does splhigh() mask interrupts at all?  (Not: the negative control.) */
int
kt_spl_masks(void)
{
	int masked, s = splhigh();

	masked = !intr_enabled();
	splx(s);
	return masked;
}

/* Has cpu's tick count passed t within n timer periods of the clock? */
int
kt_tick_after(unsigned int cpu, bm_count_t t, unsigned int n)
{
	uint64_t end = nanouptime() + (uint64_t)n * (1000000000ULL / BM_HZ);

	while (bm_ticks(cpu) <= t && nanouptime() < end)
		SPINLOCK_BACKOFF_HOOK;
	return bm_ticks(cpu) > t;
}

/* splhigh() masks the timer: this CPU's tick count stands still. */
ATF_TC_WITHOUT_HEAD(spl_holds_off_timer);
ATF_TC_BODY(spl_holds_off_timer, tc)
{
	unsigned int cpu;
	bm_count_t t;
	int s;

	kpreempt_disable();
	cpu = cpu_number();
	ATF_REQUIRE(intr_enabled());
	s = splhigh();
	t = bm_ticks(cpu);
	ATF_CHECK_MSG(!intr_enabled(), "splhigh left interrupts enabled");
	kt_spin_periods(4);
	ATF_CHECK_MSG(bm_ticks(cpu) == t,
	    "%lu timer interrupts at splhigh",
	    (unsigned long)(bm_ticks(cpu) - t));
	splx(s);
	ATF_CHECK(intr_enabled());
	ATF_CHECK_MSG(kt_tick_after(cpu, t, 20), "no tick after splx");
	kpreempt_enable();
}

/* In an interrupt there is no current process; in a thread, ours. */
static struct proc *volatile intr_proc = (struct proc *)1;
static volatile unsigned int intr_cpu_seen = ~0U;

static void
intr_curproc_hook(void *arg)
{

	(void)arg;
	intr_proc = curproc_get();
	intr_cpu_seen = cpu_number();
}

ATF_TC_WITHOUT_HEAD(curproc_in_interrupt);
ATF_TC_BODY(curproc_in_interrupt, tc)
{
	unsigned int cpu;

	kpreempt_disable();
	cpu = cpu_number();
	ATF_REQUIRE(curproc_get() == bm_curproc());
	ATF_REQUIRE(proc_pid(curproc_get()) > 0);
	bm_set_tick_hook(cpu, intr_curproc_hook, NULL);
	ATF_REQUIRE(KT_WAIT_TICKS(intr_cpu_seen != ~0U, cpu, 100));
	bm_set_tick_hook(cpu, NULL, NULL);
	kpreempt_enable();
	ATF_CHECK_MSG(intr_proc == NULL, "curproc_get() in an interrupt: %p",
	    (void *)intr_proc);
	ATF_CHECK_EQ(intr_cpu_seen, cpu);
	ATF_CHECK_EQ(proc_pid(NULL), -1);
}

/*
 * Threads on every CPU, two per CPU so the timer switches them: each
 * sees cpu_number() equal to its own CPU throughout, so the register
 * is the CPU's, not the thread's or the stack's.
 */
#define	NPER	2
static volatile int cpu_stop;
static volatile int cpu_bad;
static volatile unsigned long cpu_loops[MAXCPUS * NPER];

static void
cpu_thread(void *arg)
{
	unsigned int slot = (unsigned int)(uintptr_t)arg;
	unsigned int mine = slot / NPER;

	while (!cpu_stop) {
		if (cpu_number() != mine)
			cpu_bad = 1;
		cpu_loops[slot]++;
	}
}

ATF_TC_WITHOUT_HEAD(cpu_number_per_cpu);
ATF_TC_BODY(cpu_number_per_cpu, tc)
{
	struct proc *p[MAXCPUS * NPER];
	unsigned int i, n = cpu_count() * NPER;
	unsigned long sw0 = 0, sw1 = 0;

	ATF_REQUIRE(cpu_count() >= 1 && cpu_count() <= cpu_index_max());
	cpu_stop = cpu_bad = 0;
	for (i = 0; i < cpu_count(); i++)
		sw0 += bm_cpus[i].c_ninvol;
	for (i = 0; i < n; i++) {
		cpu_loops[i] = 0;
		p[i] = bm_thread_create("cpu", i / NPER, PRI_NORMAL,
		    cpu_thread, (void *)(uintptr_t)i);
	}
	bm_sleep(20);
	cpu_stop = 1;
	for (i = 0; i < n; i++)
		bm_thread_join(p[i]);
	for (i = 0; i < cpu_count(); i++)
		sw1 += bm_cpus[i].c_ninvol;
	ATF_CHECK_MSG(!cpu_bad, "cpu_number() was another CPU's");
	for (i = 0; i < n; i++)
		ATF_CHECK_MSG(cpu_loops[i] > 0, "thread %u never ran", i);
	ATF_CHECK_MSG(sw1 > sw0, "the timer preempted nothing");
}

/*
 * Preemption by the timer: a thread that never yields does not keep
 * its CPU from an equal, nor from a more urgent one, which then runs
 * alone.
 */
static volatile int rr_ran;
static volatile unsigned long lo_count;

static void
rr_thread(void *arg)
{

	(void)arg;
	rr_ran = 1;
}

static void
lo_thread(void *arg)
{

	(void)arg;
	while (!cpu_stop)
		lo_count++;
}

static volatile int hi_bad;

static void
hi_thread(void *arg)
{
	unsigned long c;

	(void)arg;
	c = lo_count;
	/* Busy for 5 ticks: the less urgent thread must not run. */
	(void)KT_WAIT_TICKS(0, cpu_number(), 5);
	if (lo_count != c)
		hi_bad = 1;
	rr_ran = 2;
}

ATF_TC_WITHOUT_HEAD(timer_preemption);
ATF_TC_BODY(timer_preemption, tc)
{
	struct proc *p, *lo;
	unsigned int cpu, i;

	/* An equal on our CPU runs while we spin, by the timer alone. */
	rr_ran = 0;
	kpreempt_disable();
	cpu = cpu_number();
	kpreempt_enable();
	p = bm_thread_create("rr", cpu, PRI_NORMAL, rr_thread, NULL);
	ATF_CHECK_MSG(KT_WAIT_TICKS(rr_ran, cpu, 50),
	    "an equal thread never ran while this one spun");
	bm_thread_join(p);

	/* A more urgent thread preempts a spinning one and runs alone. */
	cpu_stop = 0;
	hi_bad = 0;
	rr_ran = 0;
	lo_count = 0;
	cpu = cpu_count() - 1;
	lo = bm_thread_create("lo", cpu, PRI_NORMAL - 5, lo_thread, NULL);
	for (i = 0; i < 50 && lo_count == 0; i++)
		bm_sleep(1);	/* on a uniprocessor, lo runs only so */
	ATF_REQUIRE(lo_count > 0);
	p = bm_thread_create("hi", cpu, PRI_NORMAL + 5, hi_thread, NULL);
	bm_thread_join(p);
	cpu_stop = 1;
	bm_thread_join(lo);
	ATF_CHECK_EQ(rr_ran, 2);
	ATF_CHECK_MSG(!hi_bad, "a less urgent thread ran beside a busy one");
}

/* kpreempt_disable() keeps the CPU from an equal, interrupts on. */
static volatile int kp_other_ran;

static void
kp_other(void *arg)
{

	(void)arg;
	kp_other_ran = 1;
}

ATF_TC_WITHOUT_HEAD(kpreempt_holds_cpu);
ATF_TC_BODY(kpreempt_holds_cpu, tc)
{
	struct proc *p;
	unsigned int cpu;
	bm_count_t t;

	kp_other_ran = 0;
	kpreempt_disable();
	ATF_REQUIRE(kpreempt_disabled());
	cpu = cpu_number();
	p = bm_thread_create("other", cpu, PRI_NORMAL, kp_other, NULL);
	t = bm_ticks(cpu);
	(void)KT_WAIT_TICKS(0, cpu, 5);
	ATF_CHECK_MSG(bm_ticks(cpu) >= t + 5, "no ticks while spinning");
	ATF_CHECK_MSG(!kp_other_ran,
	    "another thread ran while preemption was disabled");
	ATF_CHECK_EQ(cpu_number(), cpu);
	kpreempt_enable();
	ATF_REQUIRE(!kpreempt_disabled());
	ATF_CHECK_MSG(KT_WAIT_TICKS(kp_other_ran, cpu, 50),
	    "the other thread never ran after kpreempt_enable");
	bm_thread_join(p);
}

/* Ready threads run most urgent first, whatever order they came in. */
static volatile int po_seq, po_order[3];

static void
po_thread(void *arg)
{

	po_order[__atomic_fetch_add(&po_seq, 1, __ATOMIC_RELAXED)] =
	    (int)(uintptr_t)arg;
}

ATF_TC_WITHOUT_HEAD(priority_order);
ATF_TC_BODY(priority_order, tc)
{
	struct proc *p[3];
	unsigned int cpu;
	int i;

	po_seq = 0;
	kpreempt_disable();
	cpu = cpu_number();
	p[0] = bm_thread_create("low", cpu, PRI_NORMAL - 5, po_thread,
	    (void *)(uintptr_t)(PRI_NORMAL - 5));
	p[1] = bm_thread_create("mid", cpu, PRI_NORMAL - 2, po_thread,
	    (void *)(uintptr_t)(PRI_NORMAL - 2));
	p[2] = bm_thread_create("high", cpu, PRI_NORMAL + 5, po_thread,
	    (void *)(uintptr_t)(PRI_NORMAL + 5));
	kpreempt_enable();
	for (i = 0; i < 3; i++)
		bm_thread_join(p[i]);
	ATF_REQUIRE_EQ(po_seq, 3);
	ATF_CHECK_MSG(po_order[0] == PRI_NORMAL + 5 &&
	    po_order[1] == PRI_NORMAL - 2 && po_order[2] == PRI_NORMAL - 5,
	    "ran in priority order %d, %d, %d", po_order[0], po_order[1],
	    po_order[2]);
}

ATF_TP_ADD_TCS(tp)
{

	ATF_TP_ADD_TC(tp, spl_holds_off_timer);
	ATF_TP_ADD_TC(tp, curproc_in_interrupt);
	ATF_TP_ADD_TC(tp, cpu_number_per_cpu);
	ATF_TP_ADD_TC(tp, timer_preemption);
	ATF_TP_ADD_TC(tp, kpreempt_holds_cpu);
	ATF_TP_ADD_TC(tp, priority_order);
	return atf_no_error();
}
