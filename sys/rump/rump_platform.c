/*	$simplelock: rump/rump_platform.c $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * <sys/platform.h> for a userland process: threads play CPUs and
 * processes, a per-thread soft level plays disabled interrupts, and a
 * signal handler running on a thread plays a device interrupt on its
 * CPU (rump_intr.c defers and replays them).
 *
 * Whatever an interrupt may call is async-signal-safe: per-thread
 * state is initial-exec TLS, CPUs and processes live in a static
 * table claimed with atomics, and nothing allocates or takes a lock
 * a handler could already hold.
 */

#include <sys/platform.h>
#include <sys/lock.h>
#include <rump/rumpplat.h>
#include <rump/platform_inline.h>

#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "rump_private.h"

/* One per slot; a slot is a CPU, and the process running on it. */
struct proc {
	struct __rump_proc_fast p_fast;	/* p_pri: inline code reads it */
	int		p_pid;
	int		p_ready;
	unsigned long	p_npreempt;
};

struct rump_cpu {
	int		c_used;		/* slot claimed by a thread */
	int		c_hasproc;	/* it runs a process */
	struct proc	c_proc;
} __attribute__((__aligned__(64)));

static struct rump_cpu	rump_cpus[MAXCPUS];
static unsigned int	rump_ncpu = 1;
static unsigned int	rump_maxslot;	/* one past the highest slot used */
static int		rump_nextpid;
unsigned int		__rump_nready;	/* how many p_ready are set */

/*
 * The calling thread: its slot and preemption count, which inline
 * code reads (<rump/platform_inline.h>), and the rest.
 */
__thread struct __rump_lwp_fast __rump_curlwp_fast
    __attribute__((__tls_model__("initial-exec"))) = { -1, 0, 0, 0, 0, NULL };

static sigset_t		rump_intrset;	/* signals that are interrupts */
static pthread_key_t	rump_lwpkey;	/* detaches a thread at exit */
static int		rump_havekey;

static void	rump_lwp_exit(void *);

__attribute__((__constructor__)) static void
rump_init(void)
{
	long n;

	rump_intr_set(&rump_intrset);

	n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	if (n > MAXCPUS)
		n = MAXCPUS;
	rump_ncpu = (unsigned int)n;

	if (pthread_key_create(&rump_lwpkey, rump_lwp_exit) == 0)
		rump_havekey = 1;
}

/*
 * Claim the lowest free slot.  Only atomics: the first call may come
 * from a signal handler.
 */
static unsigned int
rump_attach_slot(int hasproc, int pri)
{
	struct __rump_lwp_fast *l = &__rump_curlwp_fast;
	struct rump_cpu *c;
	unsigned int i, max;
	int expect;

	if (l->lf_slot >= 0) {
		c = &rump_cpus[l->lf_slot];
		goto setproc;
	}
	/*
	 * A handler that interrupts us here may attach the thread
	 * itself: whoever sets lf_slot first keeps its slot, and the
	 * other gives its own back.
	 */
	for (i = 0; i < MAXCPUS; i++) {
		expect = 0;
		if (__atomic_load_n(&rump_cpus[i].c_used, __ATOMIC_RELAXED) == 0 &&
		    __atomic_compare_exchange_n(&rump_cpus[i].c_used, &expect, 1,
		    0, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
			break;
	}
	if (__sl_predict_false(i == MAXCPUS))
		panic("rump: more than %d threads attached", MAXCPUS);
	expect = -1;
	if (!__atomic_compare_exchange_n(&l->lf_slot, &expect, (int)i, 0,
	    __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
		__atomic_store_n(&rump_cpus[i].c_used, 0, __ATOMIC_RELEASE);
		c = &rump_cpus[expect];
		goto setproc;
	}
	c = &rump_cpus[i];
	max = __atomic_load_n(&rump_maxslot, __ATOMIC_RELAXED);
	while (max < i + 1 && !__atomic_compare_exchange_n(&rump_maxslot,
	    &max, i + 1, 1, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		continue;
	/*
	 * pthread_setspecific() is not on the async-signal-safe list;
	 * glibc and musl keep the first keys in the thread structure,
	 * so for one early key it only stores a pointer.
	 */
	if (rump_havekey)
		(void)pthread_setspecific(rump_lwpkey, l);
setproc:
	if (hasproc && !__atomic_load_n(&c->c_hasproc, __ATOMIC_RELAXED)) {
		__atomic_store_n(&c->c_proc.p_pid,
		    __atomic_add_fetch(&rump_nextpid, 1, __ATOMIC_RELAXED),
		    __ATOMIC_RELAXED);
		rump_proc_setready(&c->c_proc, 0);
		__atomic_store_n(&c->c_proc.p_npreempt, 0, __ATOMIC_RELAXED);
	}
	if (hasproc)
		__atomic_store_n(&c->c_proc.p_fast.pf_pri, pri,
		    __ATOMIC_RELAXED);
	__atomic_store_n(&c->c_hasproc, hasproc, __ATOMIC_RELEASE);
	__atomic_store_n(&l->lf_curproc, hasproc ? &c->c_proc : NULL,
	    __ATOMIC_RELAXED);
	return (unsigned int)(c - rump_cpus);
}

static __inline struct rump_cpu *
rump_curcpu(void)
{
	int slot = __rump_curlwp_fast.lf_slot;

	if (__sl_predict_false(slot < 0))
		slot = (int)rump_attach_slot(1, PRI_NORMAL);
	return &rump_cpus[slot];
}

void
rump_detach(void)
{
	struct __rump_lwp_fast *l = &__rump_curlwp_fast;
	struct rump_cpu *c;

	if (l->lf_slot < 0)
		return;
	c = &rump_cpus[l->lf_slot];
	__atomic_store_n(&l->lf_curproc, NULL, __ATOMIC_RELAXED);
	__atomic_store_n(&c->c_hasproc, 0, __ATOMIC_RELAXED);
	rump_proc_setready(&c->c_proc, 0);
	l->lf_slot = -1;
	__atomic_store_n(&c->c_used, 0, __ATOMIC_RELEASE);
}

/*
 * The thread is exiting.  An interrupt after this point would attach
 * it again, for good: it takes no more (glibc blocks signals itself a
 * little later, after the destructors).
 */
static void
rump_lwp_exit(void *arg)
{
	sigset_t all;

	(void)arg;
	sigfillset(&all);
	(void)pthread_sigmask(SIG_BLOCK, &all, NULL);
	rump_detach();
}

unsigned int
rump_attach(int pri)
{

	if (pri < PRI_MIN || pri > PRI_MAX)
		panic("rump_attach: priority %d out of range", pri);
	return rump_attach_slot(1, pri);
}

unsigned int
rump_attach_noproc(void)
{

	return rump_attach_slot(0, 0);
}

unsigned int
rump_cpus_attached(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < MAXCPUS; i++)
		n += __atomic_load_n(&rump_cpus[i].c_used,
		    __ATOMIC_ACQUIRE) != 0;
	return n;
}

unsigned int
rump_setncpu(unsigned int n)
{

	if (n < 1 || n > MAXCPUS)
		panic("rump_setncpu: %u CPUs: not in 1..%d", n, MAXCPUS);
	return __atomic_exchange_n(&rump_ncpu, n, __ATOMIC_RELAXED);
}

/*
 * CPUs.  The names in parentheses are the out-of-line functions behind
 * the macros of <rump/platform_inline.h>.
 */

unsigned int
(cpu_number)(void)
{

	return (unsigned int)(rump_curcpu() - rump_cpus);
}

/* A thread's first cpu_number(): it becomes a CPU running a process. */
unsigned int
__rump_attach_self(void)
{

	return (unsigned int)(rump_curcpu() - rump_cpus);
}

unsigned int
cpu_count(void)
{

	return __atomic_load_n(&rump_ncpu, __ATOMIC_RELAXED);
}

unsigned int
cpu_index_max(void)
{

	return __atomic_load_n(&rump_maxslot, __ATOMIC_RELAXED);
}

/* Processes. */

struct proc *
(curproc_get)(void)
{
	struct rump_cpu *c = rump_curcpu();

	if (__atomic_load_n(&c->c_hasproc, __ATOMIC_RELAXED))
		return &c->c_proc;
	return NULL;
}

/* A thread's first curproc_get(): it becomes a CPU running a process. */
struct proc *
__rump_curproc_attach(void)
{

	return (curproc_get)();
}

int
proc_pid(const struct proc *p)
{

	if (p == NULL)
		return 0;
	return __atomic_load_n(&p->p_pid, __ATOMIC_RELAXED);
}

int
(proc_getpri)(const struct proc *p)
{

	return __rump_proc_getpri(p);
}

void
(proc_setpri)(struct proc *p, int pri)
{

	__rump_proc_setpri(p, pri);
}

void
__rump_pri_bad(struct proc *p, int pri)
{

	panic("proc_setpri: pid %d: priority %d out of range",
	    proc_pid(p), pri);
}

/* __rump_nready counts the set flags, so that most checks are a load. */
void
rump_proc_setready(struct proc *p, int ready)
{

	ready = ready != 0;
	if (__atomic_exchange_n(&p->p_ready, ready, __ATOMIC_RELAXED) !=
	    ready)
		(void)__atomic_add_fetch(&__rump_nready, ready ? 1 : -1,
		    __ATOMIC_RELAXED);
}

unsigned long
rump_proc_npreempt(const struct proc *p)
{

	return __atomic_load_n(&p->p_npreempt, __ATOMIC_RELAXED);
}

/*
 * A process waiting for a CPU that is more urgent than the caller:
 * ready, attached, and not the caller.  Without a current process
 * (the scheduler), any ready process will do.
 */
int
(sched_higher_ready)(void)
{

	return __rump_sched_higher_ready();
}

int
__rump_sched_scan(void)
{
	struct rump_cpu *me = rump_curcpu(), *c;
	unsigned int i, n = cpu_index_max();
	int pri = PRI_MIN - 1;

	if (__atomic_load_n(&me->c_hasproc, __ATOMIC_RELAXED))
		pri = proc_getpri(&me->c_proc);
	for (i = 0; i < n; i++) {
		c = &rump_cpus[i];
		if (c == me ||
		    !__atomic_load_n(&c->c_used, __ATOMIC_ACQUIRE) ||
		    !__atomic_load_n(&c->c_hasproc, __ATOMIC_ACQUIRE) ||
		    !__atomic_load_n(&c->c_proc.p_ready, __ATOMIC_RELAXED))
			continue;
		if (proc_getpri(&c->c_proc) > pri)
			return 1;
	}
	return 0;
}

/* Give the host CPU away, unless kernel preemption is disabled. */
void
preempt(void)
{
	struct rump_cpu *c = rump_curcpu();
	struct proc *p = NULL;
	int ready = 0;

	if (__rump_curlwp_fast.lf_kpreempt != 0)
		return;
	if (__atomic_load_n(&c->c_hasproc, __ATOMIC_RELAXED)) {
		p = &c->c_proc;
		ready = __atomic_load_n(&p->p_ready, __ATOMIC_RELAXED);
		rump_proc_setready(p, 1);
		__atomic_add_fetch(&p->p_npreempt, 1, __ATOMIC_RELAXED);
	}
	(void)sched_yield();
	if (p != NULL)
		rump_proc_setready(p, ready);
}

/* Kernel preemption: a count per thread. */

void
(kpreempt_disable)(void)
{

	__rump_kpreempt_disable();
}

void
(kpreempt_enable)(void)
{

	__rump_kpreempt_enable();
}

int
(kpreempt_disabled)(void)
{

	return __rump_kpreempt_disabled();
}

void
__rump_kpreempt_underflow(void)
{

	panic("kpreempt_enable: preemption is not disabled");
}

/*
 * Interrupt priority: the out-of-line forms of the inline ones; the
 * deferral and the replay are in rump_intr.c.
 */
int
(splhigh)(void)
{

	return __rump_splraise(IPL_HIGH);
}

int
(splraise)(int ipl)
{

	return __rump_splraise(ipl);
}

void
(splx)(int s)
{

	__rump_splx(s);
}

int
(intr_enabled)(void)
{

	return __rump_intr_enabled();
}

void
__rump_spl_bad(int s)
{

	panic("spl: bad level %d (not IPL_NONE %d or IPL_HIGH %d)", s,
	    IPL_NONE, IPL_HIGH);
}

/* Blocks interrupts around platform-internal critical sections. */
void
rump_intr_block(sigset_t *old)
{

	(void)pthread_sigmask(SIG_BLOCK, &rump_intrset, old);
}

void
rump_intr_restore(const sigset_t *old)
{

	(void)pthread_sigmask(SIG_SETMASK, old, NULL);
}

/* Time. */

uint64_t
nanouptime(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		panic("nanouptime: no monotonic clock");
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}
