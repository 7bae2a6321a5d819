/*	$simplelock: rump/rump_platform.c $	*/

/*
 * <sys/platform.h> for a userland process: threads play CPUs and
 * processes, a blocked signal set plays disabled interrupts, and a
 * signal handler running on a thread plays a device interrupt on its
 * CPU.
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

#define	IPL_NONE	0
#define	IPL_HIGH	1

/* One per slot; a slot is a CPU, and the process running on it. */
struct proc {
	int		p_pid;
	int		p_pri;
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

/*
 * The calling thread: its slot and preemption count, which inline
 * code reads (<rump/platform_inline.h>), and the rest.
 */
__thread struct __rump_lwp_fast __rump_curlwp_fast
    __attribute__((__tls_model__("initial-exec"))) = { -1, 0 };

struct rump_lwp {
	int		l_ipl;
	sigset_t	l_savedmask;	/* the mask to restore at IPL_NONE */
};

static __thread struct rump_lwp rump_curlwp
    __attribute__((__tls_model__("initial-exec")));

static sigset_t		rump_intrset;	/* signals that are interrupts */
static pthread_key_t	rump_lwpkey;	/* detaches a thread at exit */
static int		rump_havekey;

static void	rump_lwp_exit(void *);

__attribute__((__constructor__)) static void
rump_init(void)
{
	long n;

	/*
	 * Every signal is an interrupt except those that cannot be
	 * blocked and those the CPU raises on the faulting instruction.
	 */
	sigfillset(&rump_intrset);
	sigdelset(&rump_intrset, SIGKILL);
	sigdelset(&rump_intrset, SIGSTOP);
	sigdelset(&rump_intrset, SIGSEGV);
	sigdelset(&rump_intrset, SIGBUS);
	sigdelset(&rump_intrset, SIGILL);
	sigdelset(&rump_intrset, SIGFPE);
	sigdelset(&rump_intrset, SIGTRAP);
	sigdelset(&rump_intrset, SIGSYS);
	sigdelset(&rump_intrset, SIGABRT);

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
	for (i = 0; i < MAXCPUS; i++) {
		expect = 0;
		if (__atomic_load_n(&rump_cpus[i].c_used, __ATOMIC_RELAXED) == 0 &&
		    __atomic_compare_exchange_n(&rump_cpus[i].c_used, &expect, 1,
		    0, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
			break;
	}
	if (__sl_predict_false(i == MAXCPUS))
		panic("rump: more than %d threads attached", MAXCPUS);
	c = &rump_cpus[i];
	max = __atomic_load_n(&rump_maxslot, __ATOMIC_RELAXED);
	while (max < i + 1 && !__atomic_compare_exchange_n(&rump_maxslot,
	    &max, i + 1, 1, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		continue;
	l->lf_slot = (int)i;
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
		__atomic_store_n(&c->c_proc.p_ready, 0, __ATOMIC_RELAXED);
		__atomic_store_n(&c->c_proc.p_npreempt, 0, __ATOMIC_RELAXED);
	}
	if (hasproc)
		__atomic_store_n(&c->c_proc.p_pri, pri, __ATOMIC_RELAXED);
	__atomic_store_n(&c->c_hasproc, hasproc, __ATOMIC_RELEASE);
	return (unsigned int)l->lf_slot;
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
	__atomic_store_n(&c->c_hasproc, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&c->c_proc.p_ready, 0, __ATOMIC_RELAXED);
	l->lf_slot = -1;
	__atomic_store_n(&c->c_used, 0, __ATOMIC_RELEASE);
}

static void
rump_lwp_exit(void *arg)
{

	(void)arg;
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
curproc_get(void)
{
	struct rump_cpu *c = rump_curcpu();

	if (__atomic_load_n(&c->c_hasproc, __ATOMIC_RELAXED))
		return &c->c_proc;
	return NULL;
}

int
proc_pid(const struct proc *p)
{

	if (p == NULL)
		return 0;
	return __atomic_load_n(&p->p_pid, __ATOMIC_RELAXED);
}

int
proc_getpri(const struct proc *p)
{

	return __atomic_load_n(&p->p_pri, __ATOMIC_RELAXED);
}

void
proc_setpri(struct proc *p, int pri)
{

	if (__sl_predict_false(pri < PRI_MIN || pri > PRI_MAX))
		panic("proc_setpri: pid %d: priority %d out of range",
		    proc_pid(p), pri);
	__atomic_store_n(&p->p_pri, pri, __ATOMIC_RELAXED);
}

void
rump_proc_setready(struct proc *p, int ready)
{

	__atomic_store_n(&p->p_ready, ready != 0, __ATOMIC_RELAXED);
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
sched_higher_ready(void)
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
		ready = __atomic_exchange_n(&p->p_ready, 1, __ATOMIC_RELAXED);
		__atomic_add_fetch(&p->p_npreempt, 1, __ATOMIC_RELAXED);
	}
	(void)sched_yield();
	if (p != NULL)
		__atomic_store_n(&p->p_ready, ready, __ATOMIC_RELAXED);
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
 * Interrupt priority.  Two levels: IPL_NONE, and IPL_HIGH with every
 * interrupt signal blocked.  The mask in force when the thread left
 * IPL_NONE is what splx() puts back, so a handler that raises and
 * lowers the level stays blocked against its own signal.  Signals are
 * blocked before the level is recorded and the level is cleared
 * before they are unblocked: a handler never sees the two disagree.
 */
int
splhigh(void)
{
	struct rump_lwp *l = &rump_curlwp;
	sigset_t old;

	if (l->l_ipl == IPL_HIGH)
		return IPL_HIGH;
	(void)pthread_sigmask(SIG_BLOCK, &rump_intrset, &old);
	l->l_savedmask = old;
	__sl_insn_barrier();
	l->l_ipl = IPL_HIGH;
	return IPL_NONE;
}

void
splx(int s)
{
	struct rump_lwp *l = &rump_curlwp;
	sigset_t mask;

	if (s == IPL_HIGH) {
		(void)splhigh();
		return;
	}
	if (__sl_predict_false(s != IPL_NONE))
		panic("splx: bad level %d", s);
	if (l->l_ipl == IPL_NONE)
		return;
	mask = l->l_savedmask;
	l->l_ipl = IPL_NONE;
	__sl_insn_barrier();
	(void)pthread_sigmask(SIG_SETMASK, &mask, NULL);
}

int
intr_enabled(void)
{

	return rump_curlwp.l_ipl == IPL_NONE;
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
