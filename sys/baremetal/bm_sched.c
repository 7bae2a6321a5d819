/*	$simplelock: baremetal/bm_sched.c $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * Threads and the scheduler of the bare-metal kernel.  Every thread
 * is bound to one CPU and only that CPU runs or switches it, so a
 * CPU's queues need its interrupts masked and, because other CPUs
 * add threads to them, a spin lock.  The most urgent ready thread
 * runs; equals take turns at each timer tick.  The boot context of
 * each CPU becomes its idle thread.
 */

#include <stddef.h>
#include <stdint.h>

#include <sys/lock.h>
#include <sys/platform.h>

#include "bm_kern.h"

#define	LD(x)		__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define	ST(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_RELAXED)

struct bm_cpu		bm_cpus[MAXCPUS];

static struct proc	bm_procs[BM_NTHREADS];
static unsigned char	bm_stacks[BM_NTHREADS][BM_STACK_SIZE]
			    __attribute__((__aligned__(16)));
static bm_lock_t	bm_procs_lock;
static int		bm_nextpid = 100;

static void
qlock(struct bm_cpu *c)
{

	bm_lock(&c->c_qlock);
}

static void
qunlock(struct bm_cpu *c)
{

	bm_unlock(&c->c_qlock);
}

static void
runq_append(struct bm_cpu *c, struct proc *p)
{
	struct proc **pp;

	p->p_state = BM_PREADY;
	p->p_next = NULL;
	for (pp = &c->c_runq; *pp != NULL; pp = &(*pp)->p_next)
		continue;
	*pp = p;
}

/* The first of the most urgent ready threads, taken off the queue. */
static struct proc *
runq_take(struct bm_cpu *c)
{
	struct proc **pp, **best = NULL;

	for (pp = &c->c_runq; *pp != NULL; pp = &(*pp)->p_next)
		if (best == NULL || LD((*pp)->p_pri) > LD((*best)->p_pri))
			best = pp;
	if (best == NULL)
		return NULL;
	{
		struct proc *p = *best;

		*best = p->p_next;
		p->p_next = NULL;
		return p;
	}
}

static int
runq_maxpri(struct bm_cpu *c)
{
	struct proc *p;
	int max = BM_PRI_IDLE - 1;

	for (p = c->c_runq; p != NULL; p = p->p_next)
		if (LD(p->p_pri) > max)
			max = LD(p->p_pri);
	return max;
}

/* After every switch, on the thread switched to. */
static void
sched_finish(struct bm_cpu *c)
{
	struct proc *prev = c->c_prev;

	c->c_prev = NULL;
	if (prev != NULL && prev->p_state == BM_PDEAD)
		__atomic_store_n(&prev->p_done, 1, __ATOMIC_RELEASE);
}

/*
 * Leave the CPU: the current thread becomes state (ready, sleeping or
 * dead) and the most urgent ready thread runs, or the idle thread.
 * Interrupts are masked.
 */
static int
sched_switch(struct bm_cpu *c, int state)
{
	struct proc *cur = c->c_curproc, *next;

	qlock(c);
	if (state == BM_PREADY && cur != &c->c_idle)
		runq_append(c, cur);
	else
		cur->p_state = state;
	next = runq_take(c);
	if (next == NULL)
		next = &c->c_idle;
	next->p_state = BM_PRUN;
	qunlock(c);
	if (next == cur)
		return 0;
	c->c_nswitch++;
	c->c_prev = cur;
	c->c_curproc = next;
	md_switch(&cur->p_sp, next->p_sp);
	/* Back on cur, perhaps much later. */
	sched_finish(bm_curcpu());
	return 1;
}

static void
bm_thread_start(void *arg)
{
	struct proc *p = arg;

	sched_finish(bm_curcpu());
	md_intr_enable();
	(*p->p_fn)(p->p_arg);
	bm_thread_exit();
}

struct proc *
bm_thread_create(const char *name, unsigned int cpu, int pri,
    void (*fn)(void *), void *arg)
{
	struct bm_cpu *c;
	struct proc *p = NULL;
	int i, s;

	if (cpu >= md_ncpu)
		panic("bm_thread_create %s: no cpu %u", name, cpu);
	s = md_intr_disable();
	bm_lock(&bm_procs_lock);
	for (i = 0; i < BM_NTHREADS; i++)
		if (bm_procs[i].p_state == BM_PFREE) {
			p = &bm_procs[i];
			p->p_state = BM_PDEAD;	/* claimed */
			p->p_pid = bm_nextpid++;
			p->p_stack = bm_stacks[i];
			break;
		}
	bm_unlock(&bm_procs_lock);
	if (s)
		md_intr_enable();
	if (p == NULL)
		panic("bm_thread_create %s: all %d threads in use", name,
		    BM_NTHREADS);
	p->p_name = name;
	ST(p->p_pri, pri);
	p->p_kpreempt = 0;
	p->p_cpu = cpu;
	p->p_fn = fn;
	p->p_arg = arg;
	p->p_done = 0;
	p->p_failed = 0;
	p->p_sp = md_thread_init(p->p_stack + BM_STACK_SIZE,
	    bm_thread_start, p);
	c = &bm_cpus[cpu];
	s = md_intr_disable();
	qlock(c);
	runq_append(c, p);
	qunlock(c);
	if (s)
		md_intr_enable();
	return p;
}

void
bm_thread_exit(void)
{
	struct bm_cpu *c;

	(void)md_intr_disable();
	c = bm_curcpu();
	if (c->c_curproc == &c->c_idle)
		panic("bm_thread_exit: the idle thread of cpu %u",
		    md_cpu_index());
	(void)sched_switch(c, BM_PDEAD);
	panic("bm_thread_exit: a dead thread ran");
}

void
bm_thread_join(struct proc *p)
{
	int s;

	while (!__atomic_load_n(&p->p_done, __ATOMIC_ACQUIRE))
		bm_sleep(1);
	s = md_intr_disable();
	bm_lock(&bm_procs_lock);
	p->p_state = BM_PFREE;
	bm_unlock(&bm_procs_lock);
	if (s)
		md_intr_enable();
}

void
bm_sleep(unsigned int ticks)
{
	struct bm_cpu *c;
	struct proc *p;
	int s;

	s = md_intr_disable();
	c = bm_curcpu();
	p = c->c_curproc;
	if (c->c_intr > 0 || p == &c->c_idle)
		panic("bm_sleep: not in a thread");
	qlock(c);
	p->p_wake = LD(c->c_ticks) + (ticks > 0 ? ticks : 1);
	p->p_next = c->c_sleepq;
	c->c_sleepq = p;
	qunlock(c);
	(void)sched_switch(c, BM_PSLEEP);
	if (s)
		md_intr_enable();
}

struct proc *
bm_curproc(void)
{

	return bm_curcpu()->c_curproc;
}

/* The timer: wake sleepers, and ask for a switch if one is due. */
void
bm_sched_tick(struct bm_cpu *c)
{
	struct proc **pp, *p;
	bm_count_t now = LD(c->c_ticks);

	qlock(c);
	for (pp = &c->c_sleepq; (p = *pp) != NULL;) {
		if (p->p_wake <= now) {
			*pp = p->p_next;
			runq_append(c, p);
		} else
			pp = &p->p_next;
	}
	if (runq_maxpri(c) >= LD(c->c_curproc->p_pri))
		c->c_resched = 1;
	qunlock(c);
}

/* The last thing an interrupt does: preempt, if due and allowed. */
void
bm_intr_exit(void)
{
	struct bm_cpu *c = bm_curcpu();

	if (--c->c_intr > 0)
		return;
	if (c->c_resched && c->c_curproc->p_kpreempt == 0) {
		c->c_resched = 0;
		c->c_ninvol++;
		(void)sched_switch(c, BM_PREADY);
	}
}

void
bm_intr_enter(void)
{

	bm_curcpu()->c_intr++;
}

/* The idle thread: switch to whatever is ready, else wait. */
void
bm_idle(void)
{
	struct bm_cpu *c = bm_curcpu();

	for (;;) {
		(void)md_intr_disable();
		if (__atomic_load_n(&c->c_runq, __ATOMIC_RELAXED) != NULL)
			(void)sched_switch(c, BM_PREADY);
		md_intr_enable();
		md_idle();
	}
}

/* <sys/platform.h>: processes and preemption. */

struct proc *
curproc_get(void)
{
	struct bm_cpu *c;
	struct proc *p;
	int s = md_intr_disable();

	c = bm_curcpu();
	p = c->c_intr > 0 || c->c_curproc == &c->c_idle ? NULL :
	    c->c_curproc;
	if (s)
		md_intr_enable();
	return p;
}

int
proc_pid(const struct proc *p)
{

	return p == NULL ? -1 : p->p_pid;
}

int
proc_getpri(const struct proc *p)
{

	return LD(p->p_pri);
}

void
proc_setpri(struct proc *p, int pri)
{

	ST(((struct proc *)p)->p_pri, pri);
}

/* Offer the CPU: equals and the more urgent run first. */
void
preempt(void)
{
	struct bm_cpu *c;
	int s = md_intr_disable();

	c = bm_curcpu();
	c->c_npreempt++;
	if (c->c_intr == 0 && c->c_curproc->p_kpreempt == 0 &&
	    sched_switch(c, BM_PREADY))
		bm_curcpu()->c_nyield++;
	if (s)
		md_intr_enable();
}

int
sched_higher_ready(void)
{
	struct bm_cpu *c;
	int r, s = md_intr_disable();

	c = bm_curcpu();
	qlock(c);
	r = runq_maxpri(c) > LD(c->c_curproc->p_pri);
	qunlock(c);
	if (s)
		md_intr_enable();
	return r;
}

/*
 * The count is the thread's (an interrupt leaves it as it found it),
 * so only this CPU touches it; masking makes the read-modify-write
 * whole against an interrupt that switches threads.
 */
void
kpreempt_disable(void)
{
	int s = md_intr_disable();

	bm_curcpu()->c_curproc->p_kpreempt++;
	if (s)
		md_intr_enable();
}

void
kpreempt_enable(void)
{
	struct bm_cpu *c;
	struct proc *p;
	int s = md_intr_disable();

	c = bm_curcpu();
	p = c->c_curproc;
	if (__sl_predict_false(p->p_kpreempt <= 0))
		panic("kpreempt_enable: not disabled (pid %d)", p->p_pid);
	/*
	 * A preemption the timer asked for while this thread held its
	 * CPU happens now: a thread that re-disables at once would
	 * otherwise keep the CPU from its equals for ever.
	 */
	if (--p->p_kpreempt == 0 && c->c_resched && c->c_intr == 0 && s) {
		c->c_resched = 0;
		c->c_ninvol++;
		(void)sched_switch(c, BM_PREADY);
	}
	if (s)
		md_intr_enable();
}

int
kpreempt_disabled(void)
{
	int r, s = md_intr_disable();

	r = bm_curcpu()->c_curproc->p_kpreempt != 0;
	if (s)
		md_intr_enable();
	return r;
}
