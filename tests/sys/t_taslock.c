/*	$simplelock: t_taslock.c $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * lock(9): Plan 9's lock, canlock, unlock, ilock, iunlock on the
 * userland platform.  The lock-loop line and every misuse message are
 * matched exactly; the pcs in them are checked against the pcs the
 * lock itself recorded at call sites the test controls.
 */

#define	_GNU_SOURCE	/* sched_setaffinity */

#include <sys/taslock.h>
#include <rump/rumpplat.h>

#include <atf-c.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static char	cons[8192];

static const char *
cons_get(void)
{

	rump_cons_read(cons, sizeof(cons));
	return cons;
}

static unsigned long
keyval(const Lock *l)
{

	return (unsigned long)__SL_LOAD(__SL_CWORD(&l->key));
}

static void
set_handler(int sig, void (*fn)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	ATF_REQUIRE(sigaction(sig, &sa, NULL) == 0);
}

/* Wait, without deciding anything by time, for a condition to hold. */
static int
wait_for(volatile int *flag)
{
	uint64_t end = nanouptime() + 60 * 1000000000ull;

	while (!__atomic_load_n(flag, __ATOMIC_ACQUIRE)) {
		if (nanouptime() > end)
			return 0;
		sched_yield();
	}
	return 1;
}

static void
pause_ms(long ms)
{
	struct timespec ts = { 0, ms * 1000000 };

	nanosleep(&ts, NULL);
}

/*
 * Call sites.  Each calls the lock function through a pointer and
 * does something after it, so the return address the lock records is
 * inside that function, and the same for every function called
 * through it.  They differ so the compiler cannot fold them.
 */
typedef void	(*lockfn_t)(Lock *);
static int	sink;

__attribute__((__noinline__)) static void
site_a(lockfn_t fn, Lock *l)
{

	(*fn)(l);
	__atomic_add_fetch(&sink, 1, __ATOMIC_RELAXED);
}

__attribute__((__noinline__)) static void
site_b(lockfn_t fn, Lock *l)
{

	__atomic_add_fetch(&sink, 2, __ATOMIC_RELAXED);
	(*fn)(l);
	__atomic_add_fetch(&sink, 3, __ATOMIC_RELAXED);
}

static void
canlock_fn(Lock *l)
{

	ATF_REQUIRE(canlock(l));
}

/* Panics end in the hook, which jumps back into the test. */
static sigjmp_buf	panic_env;
static char		panic_msg[256];

static void
panic_jump(const char *msg)
{

	snprintf(panic_msg, sizeof(panic_msg), "%s", msg);
	siglongjmp(panic_env, 1);
}

static void
panic_fail(const char *msg)
{

	atf_tc_fail("panic: %s", msg);
}

ATF_TC_WITHOUT_HEAD(canlock);
ATF_TC_BODY(canlock, tc)
{
	Lock l = LOCK_INITIALIZER;

	ATF_REQUIRE(__SIMPLELOCK_UNLOCKED_P(&l.key));
	ATF_CHECK(canlock(&l));
	ATF_CHECK(__SIMPLELOCK_LOCKED_P(&l.key));
	ATF_CHECK(l.p == curproc_get());
	ATF_CHECK_EQ(l.m, cpu_number());
	ATF_CHECK_EQ(l.isilock, 0);
	ATF_CHECK(!canlock(&l));
	ATF_CHECK(__SIMPLELOCK_LOCKED_P(&l.key));
	unlock(&l);
	ATF_CHECK(__SIMPLELOCK_UNLOCKED_P(&l.key));
	ATF_CHECK(canlock(&l));
	unlock(&l);

	/* lockinit makes any bytes a free lock. */
	memset(&l, 0x5a, sizeof(l));
	lockinit(&l);
	ATF_CHECK(canlock(&l));
	unlock(&l);
	ATF_CHECK_STREQ(cons_get(), "");
}

/* The holder runs at PriLock; unlock gives back its own priority. */
ATF_TC_WITHOUT_HEAD(priority);
ATF_TC_BODY(priority, tc)
{
	Lock a = LOCK_INITIALIZER, b = LOCK_INITIALIZER;
	struct proc *me;
	int s;

	rump_attach(PRI_NORMAL);
	me = curproc_get();
	lock(&a);
	ATF_CHECK_EQ(proc_getpri(me), PriLock);
	ATF_CHECK_EQ(PriLock, PRI_MAX);
	unlock(&a);
	ATF_CHECK_EQ(proc_getpri(me), PRI_NORMAL);

	ATF_REQUIRE(canlock(&a));
	ATF_CHECK_EQ(proc_getpri(me), PriLock);
	unlock(&a);
	ATF_CHECK_EQ(proc_getpri(me), PRI_NORMAL);

	/* Nested: the outer unlock is the one that lowers it. */
	proc_setpri(me, PRI_MIN + 3);
	lock(&a);
	lock(&b);
	unlock(&b);
	ATF_CHECK_EQ(proc_getpri(me), PriLock);
	unlock(&a);
	ATF_CHECK_EQ(proc_getpri(me), PRI_MIN + 3);

	/* ilock leaves priorities alone. */
	ilock(&a);
	ATF_CHECK_EQ(proc_getpri(me), PRI_MIN + 3);
	iunlock(&a);

	/* Interrupts disabled: the boost is the same. */
	s = splhigh();
	lock(&a);
	ATF_CHECK_EQ(proc_getpri(me), PriLock);
	unlock(&a);
	ATF_CHECK_EQ(proc_getpri(me), PRI_MIN + 3);
	splx(s);

	/* The scheduler has no process to boost. */
	rump_attach_noproc();
	lock(&a);
	ATF_CHECK(a.p == NULL);
	unlock(&a);
	ATF_CHECK_STREQ(cons_get(), "");
}

/*
 * Inferno's unlock: if a more urgent process became ready while the
 * lock was held, the holder yields once its priority is back.
 */
struct readyproc {
	int		pri;
	struct proc	*p;
	pthread_barrier_t bar;
};

static void *
readyproc_thread(void *arg)
{
	struct readyproc *r = arg;

	rump_attach(r->pri);
	r->p = curproc_get();
	pthread_barrier_wait(&r->bar);
	pthread_barrier_wait(&r->bar);
	return NULL;
}

ATF_TC_WITHOUT_HEAD(unlock_reschedules);
ATF_TC_BODY(unlock_reschedules, tc)
{
	Lock l = LOCK_INITIALIZER;
	struct readyproc r;
	struct proc *me;
	pthread_t t;
	unsigned long n;
	int s;

	rump_attach(PRI_NORMAL);
	me = curproc_get();
	r.pri = PRI_NORMAL + 1;
	pthread_barrier_init(&r.bar, NULL, 2);
	ATF_REQUIRE(pthread_create(&t, NULL, readyproc_thread, &r) == 0);
	pthread_barrier_wait(&r.bar);

	/* Nobody ready: no yield. */
	n = rump_proc_npreempt(me);
	lock(&l);
	unlock(&l);
	ATF_CHECK_EQ(rump_proc_npreempt(me), n);

	/* Ready while held (PriLock is above it): yield at unlock. */
	lock(&l);
	rump_proc_setready(r.p, 1);
	ATF_CHECK(!sched_higher_ready());
	unlock(&l);
	ATF_CHECK_EQ(rump_proc_npreempt(me), n + 1);

	/* Not with interrupts disabled, nor after an ilock. */
	s = splhigh();
	lock(&l);
	unlock(&l);
	splx(s);
	ilock(&l);
	iunlock(&l);
	ATF_CHECK_EQ(rump_proc_npreempt(me), n + 1);

	/* Not if the ready process is no more urgent than the caller. */
	proc_setpri(r.p, PRI_NORMAL);
	lock(&l);
	unlock(&l);
	ATF_CHECK_EQ(rump_proc_npreempt(me), n + 1);

	rump_proc_setready(r.p, 0);
	pthread_barrier_wait(&r.bar);
	pthread_join(t, NULL);
	pthread_barrier_destroy(&r.bar);
}

/*
 * A self-deadlock: a process locks at site_a, then again at site_b.
 * With a small cap, exactly one lock-loop line comes out; the process
 * keeps spinning until another thread releases the lock, and then
 * holds it taken at site_b.
 */
struct selfdl {
	Lock		l, scratch;
	uintptr_t	pc_a, pc_b, site_b_pc;
	unsigned long	key;
	int		pid;
	volatile int	holding, done, panicked;
};

static void *
selfdl_thread(void *arg)
{
	struct selfdl *d = arg;

	/* Where site_b's calls come from, learnt on another lock. */
	lockinit(&d->scratch);
	site_b(lock, &d->scratch);
	d->site_b_pc = d->scratch.pc;
	unlock(&d->scratch);
	site_a(lock, &d->l);
	d->pc_a = d->l.pc;
	d->key = keyval(&d->l);
	d->pid = proc_pid(curproc_get());
	__atomic_store_n(&d->holding, 1, __ATOMIC_RELEASE);
	if (sigsetjmp(panic_env, 1) == 0) {
		site_b(lock, &d->l);
		d->pc_b = d->l.pc;
		unlock(&d->l);
	} else
		d->panicked = 1;
	__atomic_store_n(&d->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

static int	cons_has_loop;

static int
wait_cons_line(void)
{
	uint64_t end = nanouptime() + 60 * 1000000000ull;

	for (;;) {
		rump_cons_read(cons, sizeof(cons));
		if (strstr(cons, "lock loop") != NULL)
			return 1;
		if (nanouptime() > end)
			return 0;
		sched_yield();
	}
}

ATF_TC_WITHOUT_HEAD(lockloop);
ATF_TC_BODY(lockloop, tc)
{
	static struct selfdl d;
	char want[512];
	pthread_t t;

	lockinit(&d.l);
	rump_setncpu(2);
	ATF_CHECK_EQ(lock_setloop(1000), LOCK_LOOPMAX);
	rump_cons_clear();
	rump_attach(PRI_NORMAL);
	ATF_REQUIRE(pthread_create(&t, NULL, selfdl_thread, &d) == 0);
	ATF_REQUIRE(wait_for(&d.holding));
	ATF_REQUIRE_MSG(wait_cons_line(), "no lock loop line");
	cons_has_loop = 1;
	/* Let it spin well past the cap again: still one line. */
	pause_ms(50);
	ATF_CHECK(!d.done);
	site_a(unlock, &d.l);
	pthread_join(t, NULL);
	ATF_CHECK(!d.panicked);
	ATF_CHECK(d.pc_a != 0 && d.pc_b != 0 && d.pc_a != d.pc_b);
	ATF_CHECK_EQ(d.pc_b, d.site_b_pc);

	snprintf(want, sizeof(want),
	    "lock loop on 0x%lx key 0x%lx pc 0x%lx held by pc 0x%lx proc %d\n"
	    "unlock: up changed: lock 0x%lx pc 0x%lx, acquired at pc 0x%lx, "
	    "lock p %d, unlock up %d\n",
	    (unsigned long)(uintptr_t)&d.l, d.key, (unsigned long)d.pc_b,
	    (unsigned long)d.pc_a, d.pid,
	    (unsigned long)(uintptr_t)&d.l, (unsigned long)d.pc_a,
	    (unsigned long)d.pc_a, d.pid, proc_pid(curproc_get()));
	ATF_CHECK_STREQ(cons_get(), want);
	ATF_CHECK(__SIMPLELOCK_UNLOCKED_P(&d.l.key));
	ATF_CHECK_EQ(lock_setloop(0), 1000);
}

ATF_TC_WITHOUT_HEAD(lockloop_panic);
ATF_TC_BODY(lockloop_panic, tc)
{
	static struct selfdl d;
	char want[600];
	pthread_t t;

	lockinit(&d.l);
	lock_setloop(1000);
	ATF_CHECK_EQ(lock_setpanic(1), 0);
	rump_panic_sethook(panic_jump);
	rump_cons_clear();
	ATF_REQUIRE(pthread_create(&t, NULL, selfdl_thread, &d) == 0);
	pthread_join(t, NULL);
	ATF_REQUIRE(d.panicked);
	snprintf(want, sizeof(want),
	    "lock loop on 0x%lx key 0x%lx pc 0x%lx held by pc 0x%lx proc %d",
	    (unsigned long)(uintptr_t)&d.l, d.key,
	    (unsigned long)d.site_b_pc, (unsigned long)d.pc_a, d.pid);
	ATF_CHECK_STREQ(panic_msg, want);
	ATF_CHECK_EQ(lock_setpanic(0), 1);
	/* The console has the line, then the panic with the same line. */
	snprintf(want, sizeof(want), "%s\npanic: %s\n", panic_msg, panic_msg);
	ATF_CHECK_STREQ(cons_get(), want);
}

/* Without a process (the scheduler) the line has no "proc". */
static void *
noproc_holder(void *arg)
{
	Lock *l = arg;

	rump_attach_noproc();
	site_a(lock, l);
	return NULL;
}

ATF_TC_WITHOUT_HEAD(lockloop_noproc);
ATF_TC_BODY(lockloop_noproc, tc)
{
	static Lock l = LOCK_INITIALIZER;
	char want[256];
	pthread_t t;
	uintptr_t pc_a;

	ATF_REQUIRE(pthread_create(&t, NULL, noproc_holder, &l) == 0);
	pthread_join(t, NULL);
	pc_a = l.pc;
	lock_setloop(100);
	lock_setpanic(1);
	rump_panic_sethook(panic_jump);
	rump_cons_clear();
	if (sigsetjmp(panic_env, 1) == 0)
		site_a(lock, &l);
	snprintf(want, sizeof(want),
	    "lock loop on 0x%lx key 0x%lx pc 0x%lx held by pc 0x%lx",
	    (unsigned long)(uintptr_t)&l, keyval(&l), (unsigned long)pc_a,
	    (unsigned long)pc_a);
	ATF_CHECK_STREQ(panic_msg, want);
}

/*
 * ilock: a signal sent to the holder is a device interrupt on its
 * CPU.  It must wait for iunlock; the level comes back; an outer
 * splhigh() stays in force.
 */
static Lock		il = LOCK_INITIALIZER;
static volatile int	nintr, intr_saw_held;

static void
intr_handler(int sig)
{
	int e = errno;

	(void)sig;
	if (__SIMPLELOCK_LOCKED_P(&il.key))
		intr_saw_held = 1;
	nintr++;
	errno = e;
}

struct kicker {
	pthread_t	target;
	volatile int	go, sent;
};

static void *
kicker_thread(void *arg)
{
	struct kicker *k = arg;

	if (wait_for(&k->go)) {
		pthread_kill(k->target, SIGUSR1);
		__atomic_store_n(&k->sent, 1, __ATOMIC_RELEASE);
	}
	return NULL;
}

/* True once sig is pending here, or has been handled. */
static int
pending_or_handled(int sig, int handled_before)
{
	uint64_t end = nanouptime() + 60 * 1000000000ull;
	sigset_t set;

	for (;;) {
		sigpending(&set);
		if (sigismember(&set, sig) || nintr != handled_before)
			return 1;
		if (nanouptime() > end)
			return 0;
		sched_yield();
	}
}

ATF_TC_WITHOUT_HEAD(ilock_defers_interrupt);
ATF_TC_BODY(ilock_defers_interrupt, tc)
{
	struct kicker k;
	pthread_t t;
	int s;

	set_handler(SIGUSR1, intr_handler);
	ATF_REQUIRE(intr_enabled());

	/* From another thread, while the holder holds. */
	memset(&k, 0, sizeof(k));
	k.target = pthread_self();
	ATF_REQUIRE(pthread_create(&t, NULL, kicker_thread, &k) == 0);
	ilock(&il);
	ATF_CHECK(!intr_enabled());
	ATF_CHECK_EQ(il.isilock, 1);
	__atomic_store_n(&k.go, 1, __ATOMIC_RELEASE);
	ATF_REQUIRE(wait_for(&k.sent));
	ATF_REQUIRE(pending_or_handled(SIGUSR1, 0));
	ATF_CHECK_EQ(nintr, 0);
	iunlock(&il);
	ATF_CHECK(intr_enabled());
	ATF_CHECK_EQ(nintr, 1);
	ATF_CHECK(!intr_saw_held);
	pthread_join(t, NULL);

	/* Nested in an outer splhigh(): iunlock leaves it high. */
	s = splhigh();
	ilock(&il);
	pthread_kill(pthread_self(), SIGUSR1);
	iunlock(&il);
	ATF_CHECK(!intr_enabled());
	ATF_CHECK_EQ(nintr, 1);
	splx(s);
	ATF_CHECK(intr_enabled());
	ATF_CHECK_EQ(nintr, 2);
	ATF_CHECK(!intr_saw_held);

	/* And ilock inside ilock, on two locks. */
	{
		Lock l2 = LOCK_INITIALIZER;

		ilock(&il);
		ilock(&l2);
		pthread_kill(pthread_self(), SIGUSR1);
		iunlock(&l2);
		ATF_CHECK(!intr_enabled());
		ATF_CHECK_EQ(nintr, 2);
		iunlock(&il);
		ATF_CHECK_EQ(nintr, 3);
	}
	ATF_CHECK(!intr_saw_held);
	ATF_CHECK_STREQ(cons_get(), "");
}

/*
 * A contended ilock: the waiter takes interrupts while it waits, and
 * the level it saves goes into the lock only once it has it, so the
 * holder's iunlock still restores the holder's own level.
 */
struct iholder {
	Lock		*l;
	pthread_t	waiter;
	int		wait_intr;
	volatile int	holding, enabled_after;
};

static int	nwait_intr;

static void
wait_intr_handler(int sig)
{
	int e = errno;

	(void)sig;
	__atomic_add_fetch(&nwait_intr, 1, __ATOMIC_RELAXED);
	errno = e;
}

static void *
iholder_thread(void *arg)
{
	struct iholder *h = arg;
	struct lockstats st;
	uint64_t end = nanouptime() + 10 * 1000000000ull;

	ilock(h->l);
	__atomic_store_n(&h->holding, 1, __ATOMIC_RELEASE);
	do {
		sched_yield();
		lock_getstats(&st);
	} while (st.glare == 0 && nanouptime() < end);
	if (h->wait_intr) {
		/* A device interrupt for the waiting CPU. */
		pthread_kill(h->waiter, SIGUSR1);
		while (__atomic_load_n(&nwait_intr, __ATOMIC_RELAXED) == 0 &&
		    nanouptime() < end)
			sched_yield();
	}
	iunlock(h->l);
	h->enabled_after = intr_enabled();
	return NULL;
}

ATF_TC_WITHOUT_HEAD(ilock_contended);
ATF_TC_BODY(ilock_contended, tc)
{
	Lock l = LOCK_INITIALIZER;
	struct iholder h;
	pthread_t t;
	int s, n;

	set_handler(SIGUSR1, wait_intr_handler);

	/* Interrupts are taken while waiting, not while holding. */
	memset(&h, 0, sizeof(h));
	h.l = &l;
	h.waiter = pthread_self();
	h.wait_intr = 1;
	lock_zerostats();
	ATF_REQUIRE(pthread_create(&t, NULL, iholder_thread, &h) == 0);
	ATF_REQUIRE(wait_for(&h.holding));
	ilock(&l);
	n = __atomic_load_n(&nwait_intr, __ATOMIC_RELAXED);
	ATF_CHECK(!intr_enabled());
	iunlock(&l);
	pthread_join(t, NULL);
	ATF_CHECK_EQ(n, 1);
	ATF_CHECK(h.enabled_after);

	/* A waiter at splhigh does not leave its level in the lock. */
	memset(&h, 0, sizeof(h));
	h.l = &l;
	lock_zerostats();
	ATF_REQUIRE(pthread_create(&t, NULL, iholder_thread, &h) == 0);
	ATF_REQUIRE(wait_for(&h.holding));
	s = splhigh();
	ilock(&l);
	iunlock(&l);
	ATF_CHECK(!intr_enabled());
	splx(s);
	pthread_join(t, NULL);
	ATF_CHECK(h.enabled_after);
	ATF_CHECK(intr_enabled());
	ATF_CHECK_STREQ(cons_get(), "");
}

/*
 * Misuse: each message, exactly.  Every call goes through site_a, so
 * the caller pc in a message is the pc the lock records at site_a.
 */
static struct proc	*other_proc;

static void *
other_locks(void *arg)
{

	site_a(lock, arg);
	other_proc = curproc_get();
	return NULL;
}

ATF_TC_WITHOUT_HEAD(misuse);
ATF_TC_BODY(misuse, tc)
{
	Lock l = LOCK_INITIALIZER;
	char want[256];
	unsigned long la = (unsigned long)(uintptr_t)&l, pc;
	struct proc *me;
	pthread_t t;
	int lo;

	rump_attach(PRI_NORMAL);
	me = curproc_get();
	lo = splhigh();
	splx(lo);
	site_a(lock, &l);
	pc = (unsigned long)l.pc;
	site_a(unlock, &l);
	ATF_REQUIRE(pc != 0);
	rump_cons_clear();

	/* unlock of a free lock */
	site_a(unlock, &l);
	snprintf(want, sizeof(want),
	    "unlock: not locked: lock 0x%lx pc 0x%lx\n", la, pc);
	ATF_CHECK_STREQ(cons_get(), want);
	rump_cons_clear();

	/* unlock of an ilock: reported, released, level restored */
	site_a(ilock, &l);
	site_a(unlock, &l);
	snprintf(want, sizeof(want),
	    "unlock of ilock: lock 0x%lx pc 0x%lx, held by pc 0x%lx\n",
	    la, pc, pc);
	ATF_CHECK_STREQ(cons_get(), want);
	ATF_CHECK(intr_enabled());
	ATF_CHECK(__SIMPLELOCK_UNLOCKED_P(&l.key));
	rump_cons_clear();

	/* iunlock of a free lock */
	site_a(iunlock, &l);
	snprintf(want, sizeof(want),
	    "iunlock: not locked: lock 0x%lx pc 0x%lx\n", la, pc);
	ATF_CHECK_STREQ(cons_get(), want);
	rump_cons_clear();

	/* iunlock of a lock taken with lock: priority comes back */
	site_a(lock, &l);
	site_a(iunlock, &l);
	snprintf(want, sizeof(want),
	    "iunlock of lock: lock 0x%lx pc 0x%lx, held by pc 0x%lx\n",
	    la, pc, pc);
	ATF_CHECK_STREQ(cons_get(), want);
	ATF_CHECK_EQ(proc_getpri(me), PRI_NORMAL);
	ATF_CHECK(__SIMPLELOCK_UNLOCKED_P(&l.key));
	rump_cons_clear();

	/* iunlock while interrupts are enabled */
	site_a(ilock, &l);
	splx(lo);
	site_a(iunlock, &l);
	snprintf(want, sizeof(want),
	    "iunlock while lo: lock 0x%lx pc 0x%lx, held by pc 0x%lx\n",
	    la, pc, pc);
	ATF_CHECK_STREQ(cons_get(), want);
	ATF_CHECK(intr_enabled());
	rump_cons_clear();

	/* unlock by a process other than the holder */
	ATF_REQUIRE(pthread_create(&t, NULL, other_locks, &l) == 0);
	pthread_join(t, NULL);
	site_a(unlock, &l);
	snprintf(want, sizeof(want),
	    "unlock: up changed: lock 0x%lx pc 0x%lx, acquired at pc 0x%lx, "
	    "lock p %d, unlock up %d\n", la, pc, pc, proc_pid(other_proc),
	    proc_pid(me));
	ATF_CHECK_STREQ(cons_get(), want);
	ATF_CHECK_EQ(proc_getpri(me), PRI_NORMAL);
	ATF_CHECK(__SIMPLELOCK_UNLOCKED_P(&l.key));

	/* canlock records the pc too */
	site_b(canlock_fn, &l);
	ATF_CHECK(l.pc != pc && l.pc != 0);
	unlock(&l);
}

/*
 * Mutual exclusion: lock, canlock and ilock mixed on one lock, while
 * another thread interrupts the workers with a handler that takes the
 * lock with ilock.  Workers that hold it with lock() have interrupts
 * blocked by their own splhigh(), as the page says they must.
 */
#define	NWORKERS	4
#define	NITER		20000

static Lock		xl = LOCK_INITIALIZER;
static unsigned long	xcount;		/* guarded by xl */
static volatile int	xstop, xexit, xdone;
static unsigned long	nxintr[NWORKERS + 1];

static void
bump(void)
{
	unsigned long v = __atomic_load_n(&xcount, __ATOMIC_RELAXED);
	volatile int i;

	/* Widen the window a broken lock would let another in. */
	for (i = 0; i < 8; i++)
		continue;
	__atomic_store_n(&xcount, v + 1, __ATOMIC_RELAXED);
}

static __thread int	worker_id;

static void
xintr_handler(int sig)
{
	int e = errno;

	(void)sig;
	ilock(&xl);
	bump();
	nxintr[worker_id]++;
	iunlock(&xl);
	errno = e;
}

static void *
worker(void *arg)
{
	int i, s;

	worker_id = (int)(intptr_t)arg;
	for (i = 0; i < NITER; i++) {
		switch (i % 3) {
		case 0:
			s = splhigh();
			lock(&xl);
			bump();
			unlock(&xl);
			splx(s);
			break;
		case 1:
			s = splhigh();
			while (!canlock(&xl))
				continue;
			bump();
			unlock(&xl);
			splx(s);
			break;
		case 2:
			ilock(&xl);
			bump();
			iunlock(&xl);
			break;
		}
	}
	/* Stay signallable until the interrupter has stopped. */
	__atomic_add_fetch(&xdone, 1, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&xexit, __ATOMIC_ACQUIRE))
		sched_yield();
	return NULL;
}

static pthread_t	workers[NWORKERS];

static void *
interrupter(void *arg)
{
	int i = 0;

	(void)arg;
	while (!__atomic_load_n(&xstop, __ATOMIC_ACQUIRE)) {
		pthread_kill(workers[i++ % NWORKERS], SIGUSR2);
		sched_yield();
	}
	return NULL;
}

ATF_TC(stress);
ATF_TC_HEAD(stress, tc)
{

	atf_tc_set_md_var(tc, "descr", "lock, canlock, ilock mixed");
	atf_tc_set_md_var(tc, "timeout", "600");
}
ATF_TC_BODY(stress, tc)
{
	pthread_t it;
	unsigned long total;
	int i;

	/* A deadlock must end the test, not hang it. */
	lock_setloop(20000000);
	lock_setpanic(1);
	rump_panic_sethook(panic_fail);
	set_handler(SIGUSR2, xintr_handler);
	for (i = 0; i < NWORKERS; i++)
		ATF_REQUIRE(pthread_create(&workers[i], NULL, worker,
		    (void *)(intptr_t)(i + 1)) == 0);
	ATF_REQUIRE(pthread_create(&it, NULL, interrupter, NULL) == 0);
	while (__atomic_load_n(&xdone, __ATOMIC_ACQUIRE) < NWORKERS)
		sched_yield();
	__atomic_store_n(&xstop, 1, __ATOMIC_RELEASE);
	pthread_join(it, NULL);
	__atomic_store_n(&xexit, 1, __ATOMIC_RELEASE);
	for (i = 0; i < NWORKERS; i++)
		pthread_join(workers[i], NULL);
	total = 0;
	for (i = 0; i <= NWORKERS; i++)
		total += nxintr[i];
	ATF_CHECK_EQ(xcount, (unsigned long)NWORKERS * NITER + total);
	ATF_CHECK(__SIMPLELOCK_UNLOCKED_P(&xl.key));
	ATF_CHECK_STREQ(cons_get(), "");
}

/*
 * A uniprocessor: the waiter yields so the holder can run, and only
 * when it is a process with interrupts enabled.
 */
struct upholder {
	Lock		*l;
	struct proc	*waiter;
	volatile int	holding, spl;
};

static void *
upholder_thread(void *arg)
{
	struct upholder *h = arg;
	struct lockstats st;
	uint64_t end;

	lock(h->l);
	__atomic_store_n(&h->holding, 1, __ATOMIC_RELEASE);
	/*
	 * Until the waiter has yielded (or, at splhigh, is waiting);
	 * if it never does, the test fails after a while, not hangs.
	 */
	end = nanouptime() + 10 * 1000000000ull;
	do {
		lock_getstats(&st);
		if (h->spl ? st.glare > 0 :
		    rump_proc_npreempt(h->waiter) > 0)
			break;
		sched_yield();
	} while (nanouptime() < end);
	unlock(h->l);
	return NULL;
}

static void
pin_to_one_cpu(void)
{
	cpu_set_t set;

	/* Best effort: the host may refuse. */
	CPU_ZERO(&set);
	CPU_SET(sched_getcpu() < 0 ? 0 : sched_getcpu(), &set);
	(void)sched_setaffinity(0, sizeof(set), &set);
}

ATF_TC_WITHOUT_HEAD(uniprocessor);
ATF_TC_BODY(uniprocessor, tc)
{
	Lock l = LOCK_INITIALIZER;
	struct upholder h;
	struct lockstats st;
	pthread_t t;
	struct proc *me;
	int s;

	pin_to_one_cpu();
	rump_setncpu(1);
	rump_attach(PRI_NORMAL);
	me = curproc_get();

	/* The waiter yields until the holder has run and let go. */
	memset(&h, 0, sizeof(h));
	h.l = &l;
	h.waiter = me;
	lock_zerostats();
	ATF_REQUIRE(pthread_create(&t, NULL, upholder_thread, &h) == 0);
	ATF_REQUIRE(wait_for(&h.holding));
	lock(&l);
	ATF_CHECK(rump_proc_npreempt(me) > 0);
	unlock(&l);
	pthread_join(t, NULL);

	/* With interrupts disabled it spins: no yield. */
	memset(&h, 0, sizeof(h));
	h.l = &l;
	h.waiter = me;
	h.spl = 1;
	lock_zerostats();
	ATF_REQUIRE(pthread_create(&t, NULL, upholder_thread, &h) == 0);
	ATF_REQUIRE(wait_for(&h.holding));
	s = splhigh();
	{
		unsigned long n = rump_proc_npreempt(me);

		lock(&l);
		ATF_CHECK_EQ(rump_proc_npreempt(me), n);
		unlock(&l);
	}
	splx(s);
	pthread_join(t, NULL);
	lock_getstats(&st);
	ATF_CHECK_EQ(st.locks, 2);
	ATF_CHECK_EQ(st.glare, 1);
}

/* The statistics after a known sequence. */
struct statholder {
	Lock		*l;
	volatile int	holding;
};

static void *
statholder_thread(void *arg)
{
	struct statholder *h = arg;
	struct lockstats st;

	uint64_t end = nanouptime() + 10 * 1000000000ull;

	lock(h->l);
	__atomic_store_n(&h->holding, 1, __ATOMIC_RELEASE);
	/* Let go once the waiter's first attempt has failed. */
	do {
		sched_yield();
		lock_getstats(&st);
	} while (st.glare == 0 && nanouptime() < end);
	unlock(h->l);
	return NULL;
}

ATF_TC_WITHOUT_HEAD(stats);
ATF_TC_BODY(stats, tc)
{
	Lock l = LOCK_INITIALIZER;
	struct statholder h;
	struct lockstats st;
	pthread_t t;
	int i;

	lock_zerostats();
	lock_getstats(&st);
	ATF_CHECK_EQ(st.locks, 0);
	ATF_CHECK_EQ(st.glare, 0);
	ATF_CHECK_EQ(st.inglare, 0);

	for (i = 0; i < 3; i++) {
		lock(&l);
		unlock(&l);
	}
	ATF_REQUIRE(canlock(&l));
	ATF_CHECK(!canlock(&l));
	unlock(&l);
	ilock(&l);
	iunlock(&l);
	lock_getstats(&st);
	ATF_CHECK_EQ(st.locks, 5);
	ATF_CHECK_EQ(st.glare, 0);
	ATF_CHECK_EQ(st.inglare, 0);

	/* One contended lock: one failed first attempt, one round. */
	h.l = &l;
	h.holding = 0;
	ATF_REQUIRE(pthread_create(&t, NULL, statholder_thread, &h) == 0);
	ATF_REQUIRE(wait_for(&h.holding));
	lock(&l);
	unlock(&l);
	pthread_join(t, NULL);
	lock_getstats(&st);
	ATF_CHECK_EQ(st.locks, 7);
	ATF_CHECK_EQ(st.glare, 1);
	ATF_CHECK_EQ(st.inglare, 1);

	lock_zerostats();
	lock_getstats(&st);
	ATF_CHECK_EQ(st.locks + st.glare + st.inglare, 0);
}

/*
 * An ilock released on another CPU (iunlock, or unlock) is reported
 * with both CPUs, the lock and both callers, and the releasing CPU's
 * level is left alone: the level the lock saved is the holder's CPU's.
 */
static Lock		oc_lock = LOCK_INITIALIZER;
static volatile int	oc_held, oc_released;
static unsigned int	oc_cpu;
static int		oc_lo;

static void *
oc_holder(void *arg)
{

	(void)arg;
	oc_lo = splhigh();
	splx(oc_lo);
	oc_cpu = cpu_number();
	site_a(ilock, &oc_lock);
	__atomic_store_n(&oc_held, 1, __ATOMIC_RELEASE);
	(void)wait_for(&oc_released);
	/* Its level is still high: only it can put its own back. */
	ATF_CHECK(!intr_enabled());
	splx(oc_lo);
	return NULL;
}

static void
oc_case(lockfn_t rel, const char *fn)
{
	char want[512];
	unsigned long la = (unsigned long)(uintptr_t)&oc_lock, pc;
	pthread_t t;
	int s;

	oc_held = oc_released = 0;
	rump_cons_clear();
	ATF_REQUIRE(pthread_create(&t, NULL, oc_holder, NULL) == 0);
	ATF_REQUIRE(wait_for(&oc_held));
	pc = (unsigned long)oc_lock.pc;
	s = splhigh();
	site_a(rel, &oc_lock);
	ATF_CHECK_MSG(!intr_enabled(), "%s lowered the releasing CPU's "
	    "level to the holder's", fn);
	splx(s);
	ATF_CHECK(__SIMPLELOCK_UNLOCKED_P(&oc_lock.key));
	__atomic_store_n(&oc_released, 1, __ATOMIC_RELEASE);
	ATF_REQUIRE(pthread_join(t, NULL) == 0);
	if (rel == unlock)
		snprintf(want, sizeof(want),
		    "unlock of ilock: lock 0x%lx pc 0x%lx, held by pc 0x%lx\n"
		    "unlock: lock 0x%lx taken on cpu %u at pc 0x%lx, "
		    "released on cpu %u at pc 0x%lx\n", la, pc, pc,
		    la, oc_cpu, pc, cpu_number(), pc);
	else
		snprintf(want, sizeof(want),
		    "iunlock: lock 0x%lx taken on cpu %u at pc 0x%lx, "
		    "released on cpu %u at pc 0x%lx\n",
		    la, oc_cpu, pc, cpu_number(), pc);
	ATF_CHECK_STREQ(cons_get(), want);
	ATF_CHECK(oc_cpu != cpu_number());
}

ATF_TC_WITHOUT_HEAD(misuse_other_cpu);
ATF_TC_BODY(misuse_other_cpu, tc)
{

	(void)rump_cons_echo(0);
	oc_case(iunlock, "iunlock");
	oc_case(unlock, "unlock");
	/* The lock works as new, from either CPU. */
	ilock(&oc_lock);
	iunlock(&oc_lock);
	ATF_CHECK(intr_enabled());
}

ATF_TP_ADD_TCS(tp)
{

	ATF_TP_ADD_TC(tp, canlock);
	ATF_TP_ADD_TC(tp, priority);
	ATF_TP_ADD_TC(tp, unlock_reschedules);
	ATF_TP_ADD_TC(tp, lockloop);
	ATF_TP_ADD_TC(tp, lockloop_panic);
	ATF_TP_ADD_TC(tp, lockloop_noproc);
	ATF_TP_ADD_TC(tp, ilock_defers_interrupt);
	ATF_TP_ADD_TC(tp, ilock_contended);
	ATF_TP_ADD_TC(tp, misuse);
	ATF_TP_ADD_TC(tp, misuse_other_cpu);
	ATF_TP_ADD_TC(tp, stress);
	ATF_TP_ADD_TC(tp, uniprocessor);
	ATF_TP_ADD_TC(tp, stats);
	return atf_no_error();
}
