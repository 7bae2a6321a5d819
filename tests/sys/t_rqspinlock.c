/*	$simplelock: t_rqspinlock.c $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * res_spin_lock(9) under the userland platform, after the kernel's
 * selftests: AA and ABBA found, timeouts past a full held-locks table,
 * a stalled owner, an A-B-C cycle (timeout by design), re-entry from a
 * signal handler, irqsave, and mutual exclusion under threads.
 *
 * Most cases shorten the timeout with res_spin_lock_settimeout() so
 * the program stays quick under QEMU; the overflow case keeps the
 * 0.25 s default.
 */

#include <sys/rqspinlock.h>
#include <sys/platform.h>
#include <rump/rumpplat.h>

#include <atf-c.h>
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define	SHORT_TIMEOUT	50000000ULL	/* 50 ms */

static uint64_t
now_ns(void)
{
	struct timespec ts;

	ATF_REQUIRE(clock_gettime(CLOCK_MONOTONIC, &ts) == 0);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static int
is_locked(rqspinlock_t *l)
{

	return (__atomic_load_n(&l->val, __ATOMIC_RELAXED) & 0xff) != 0;
}

static void
xpthread_create(pthread_t *t, void *(*fn)(void *), void *arg)
{

	ATF_REQUIRE(pthread_create(t, NULL, fn, arg) == 0);
}

static void
xpthread_join(pthread_t t)
{

	ATF_REQUIRE(pthread_join(t, NULL) == 0);
}

/* A sense-reversing barrier that spins, so no thread blocks in it. */
struct spin_barrier {
	unsigned int	n;
	unsigned int	count;
	unsigned int	gen;
};

static void
barrier_wait(struct spin_barrier *b)
{
	unsigned int gen = __atomic_load_n(&b->gen, __ATOMIC_ACQUIRE);

	if (__atomic_add_fetch(&b->count, 1, __ATOMIC_ACQ_REL) == b->n) {
		__atomic_store_n(&b->count, 0, __ATOMIC_RELAXED);
		__atomic_store_n(&b->gen, gen + 1, __ATOMIC_RELEASE);
		return;
	}
	while (__atomic_load_n(&b->gen, __ATOMIC_ACQUIRE) == gen)
		sched_yield();
}

ATF_TC_WITHOUT_HEAD(basic);
ATF_TC_BODY(basic, tc)
{
	rqspinlock_t a, b;
	struct bpf_res_spin_lock bl;

	ATF_REQUIRE_EQ(sizeof(rqspinlock_t), 4);
	ATF_REQUIRE_EQ(sizeof(struct bpf_res_spin_lock), sizeof(rqspinlock_t));
	ATF_REQUIRE_EQ(_Alignof(struct bpf_res_spin_lock),
	    _Alignof(rqspinlock_t));

	memset(&a, 0xa5, sizeof(a));
	raw_res_spin_lock_init(&a);
	raw_res_spin_lock_init(&b);
	ATF_REQUIRE_EQ(a.val, 0);
	ATF_REQUIRE(!kpreempt_disabled());

	ATF_REQUIRE_EQ(res_spin_lock(&a), 0);
	ATF_REQUIRE(is_locked(&a));
	/* Preemption is off while held, on the platform interface. */
	ATF_REQUIRE(kpreempt_disabled());
	ATF_REQUIRE_EQ(res_spin_lock(&b), 0);
	ATF_REQUIRE(is_locked(&b));
	res_spin_unlock(&b);
	ATF_REQUIRE(!is_locked(&b));
	ATF_REQUIRE(kpreempt_disabled());
	res_spin_unlock(&a);
	ATF_REQUIRE_EQ(a.val, 0);
	ATF_REQUIRE(!kpreempt_disabled());

	/* The kfuncs are the same lock. */
	memset(&bl, 0, sizeof(bl));
	ATF_REQUIRE_EQ(bpf_res_spin_lock(&bl), 0);
	ATF_REQUIRE(bl.val != 0);
	ATF_REQUIRE(kpreempt_disabled());
	ATF_REQUIRE_EQ(bpf_res_spin_lock(&bl), -EDEADLK);
	bpf_res_spin_unlock(&bl);
	ATF_REQUIRE_EQ(bl.val, 0);
	ATF_REQUIRE(!kpreempt_disabled());
}

/*
 * Runtime AA: a second res_spin_lock of a held lock fails with
 * -EDEADLK, at once (with the detector broken it would wait the whole
 * default timeout and say -ETIMEDOUT), and the first hold is intact.
 */
ATF_TC_WITHOUT_HEAD(aa);
ATF_TC_BODY(aa, tc)
{
	rqspinlock_t a, b;
	int i;

	raw_res_spin_lock_init(&a);
	raw_res_spin_lock_init(&b);
	/* Many balanced rounds first: each release pops its entry. */
	for (i = 0; i < 4 * RES_NR_HELD; i++) {
		ATF_REQUIRE_EQ(res_spin_lock(&b), 0);
		res_spin_unlock(&b);
	}
	ATF_REQUIRE_EQ(res_spin_lock(&a), 0);
	ATF_REQUIRE_EQ(res_spin_lock(&a), -EDEADLK);
	ATF_REQUIRE(is_locked(&a));
	ATF_REQUIRE(kpreempt_disabled());

	/* Deeper in the stack too. */
	ATF_REQUIRE_EQ(res_spin_lock(&b), 0);
	ATF_REQUIRE_EQ(res_spin_lock(&a), -EDEADLK);
	ATF_REQUIRE_EQ(res_spin_lock(&b), -EDEADLK);
	res_spin_unlock(&b);
	ATF_REQUIRE(is_locked(&a));
	ATF_REQUIRE(!is_locked(&b));

	/* The failed attempts left no entry and no preemption count. */
	res_spin_unlock(&a);
	ATF_REQUIRE_EQ(a.val, 0);
	ATF_REQUIRE(!kpreempt_disabled());
	ATF_REQUIRE_EQ(res_spin_lock(&a), 0);
	res_spin_unlock(&a);
	ATF_REQUIRE(!kpreempt_disabled());
}

/*
 * Table overflow: 34 locks held, the 32nd of them is not in the
 * 31-entry table, so taking it again is invisible to AA and ends by
 * the (default) timeout.  The 31st is still in the table: -EDEADLK.
 */
#define	NOVER	34
ATF_TC(overflow);
ATF_TC_HEAD(overflow, tc)
{

	atf_tc_set_md_var(tc, "timeout", "120");
}
ATF_TC_BODY(overflow, tc)
{
	static rqspinlock_t locks[NOVER];
	uint64_t t0, dt;
	int i;

	ATF_REQUIRE_EQ(RES_NR_HELD, 31);
	ATF_REQUIRE_EQ(RES_DEF_TIMEOUT, 250000000UL);
	for (i = 0; i < NOVER; i++) {
		raw_res_spin_lock_init(&locks[i]);
		ATF_REQUIRE_EQ(res_spin_lock(&locks[i]), 0);
	}
	ATF_REQUIRE_EQ(res_spin_lock(&locks[30]), -EDEADLK);

	t0 = now_ns();
	ATF_REQUIRE_EQ(res_spin_lock(&locks[31]), -ETIMEDOUT);
	dt = now_ns() - t0;
	printf("re-lock of lock 32 failed after %llu ns\n",
	    (unsigned long long)dt);
	ATF_REQUIRE(dt >= RES_DEF_TIMEOUT);

	/* Still held, and a clean release in reverse order. */
	for (i = NOVER - 1; i >= 0; i--) {
		ATF_REQUIRE(is_locked(&locks[i]));
		res_spin_unlock(&locks[i]);
		ATF_REQUIRE_EQ(locks[i].val, 0);
	}
	ATF_REQUIRE(!kpreempt_disabled());
}

/*
 * ABBA.  Several threads take A then B; the main thread takes B then
 * A until an attempt fails.  The failure must be a detected deadlock,
 * not a timeout, and since the descending-order side is the one to
 * give up, every A-then-B attempt succeeds.  The main thread goes on
 * until it has seen NDEADLOCKS of them, so that a detector that lets
 * either side fail would be caught.
 */
#define	NAB		3
#define	ABBA_SECONDS	60
#define	NDEADLOCKS	20

struct abba {
	rqspinlock_t	locks[2];	/* A = locks[0] < B = locks[1] */
	int		stop;
	unsigned long	ab_ok[NAB];
	int		ab_err[NAB];	/* first error */
	unsigned long	ab_nerr[NAB];
};

static void
widen(void)
{
	volatile int i;

	for (i = 0; i < 200; i++)
		continue;
}

struct abba_arg {
	struct abba	*s;
	int		id;
};

static void *
abba_ab(void *arg)
{
	struct abba_arg *a = arg;
	struct abba *s = a->s;
	int r;

	while (!__atomic_load_n(&s->stop, __ATOMIC_ACQUIRE)) {
		if ((r = res_spin_lock(&s->locks[0])) != 0)
			goto fail;
		widen();
		if ((r = res_spin_lock(&s->locks[1])) != 0) {
			res_spin_unlock(&s->locks[0]);
			goto fail;
		}
		res_spin_unlock(&s->locks[1]);
		res_spin_unlock(&s->locks[0]);
		s->ab_ok[a->id]++;
		continue;
fail:
		if (s->ab_nerr[a->id]++ == 0)
			s->ab_err[a->id] = r;
	}
	return NULL;
}

ATF_TC(abba);
ATF_TC_HEAD(abba, tc)
{

	atf_tc_set_md_var(tc, "timeout", "180");
}
ATF_TC_BODY(abba, tc)
{
	static struct abba s;
	struct abba_arg args[NAB];
	pthread_t t[NAB];
	unsigned long ba_ok = 0;
	uint64_t t0, start, end;
	int i, r = 0, ndeadlocks = 0;

	/*
	 * Long enough that a loaded host does not make an A-then-B
	 * waiter time out while the B-then-A one is descheduled.
	 */
	res_spin_lock_settimeout(20 * SHORT_TIMEOUT);
	raw_res_spin_lock_init(&s.locks[0]);
	raw_res_spin_lock_init(&s.locks[1]);
	for (i = 0; i < NAB; i++) {
		args[i].s = &s;
		args[i].id = i;
		xpthread_create(&t[i], abba_ab, &args[i]);
	}
	start = now_ns();
	end = start + ABBA_SECONDS * 1000000000ULL;
	t0 = 0;
	while (now_ns() < end) {
		t0 = now_ns();
		if ((r = res_spin_lock(&s.locks[1])) != 0)
			break;
		widen();
		if ((r = res_spin_lock(&s.locks[0])) != 0) {
			res_spin_unlock(&s.locks[1]);
			if (r != -EDEADLK || ++ndeadlocks == NDEADLOCKS)
				break;
			continue;
		}
		res_spin_unlock(&s.locks[0]);
		res_spin_unlock(&s.locks[1]);
		ba_ok++;
	}
	t0 = now_ns() - t0;
	__atomic_store_n(&s.stop, 1, __ATOMIC_RELEASE);
	for (i = 0; i < NAB; i++)
		xpthread_join(t[i]);

	printf("BA: %lu ok, %d deadlocks, the last %d after %llu ns\n",
	    ba_ok, ndeadlocks, r, (unsigned long long)t0);
	for (i = 0; i < NAB; i++)
		printf("AB %d: %lu ok, %lu failed (first %d)\n", i,
		    s.ab_ok[i], s.ab_nerr[i], s.ab_err[i]);
	ATF_REQUIRE_MSG(r != 0, "%d deadlocks in %d s", ndeadlocks,
	    ABBA_SECONDS);
	ATF_REQUIRE_EQ_MSG(r, -EDEADLK, "BA attempt: %d (-ETIMEDOUT is %d)",
	    r, -ETIMEDOUT);
	for (i = 0; i < NAB; i++)
		ATF_REQUIRE_EQ_MSG(s.ab_nerr[i], 0,
		    "AB thread %d: %lu failures, first %d", i,
		    s.ab_nerr[i], s.ab_err[i]);
	ATF_REQUIRE_EQ(s.locks[0].val, 0);
	ATF_REQUIRE_EQ(s.locks[1].val, 0);
}

/*
 * A stalled owner: waiters give up with -ETIMEDOUT (the head after the
 * timeout, those queued behind it with it), the owner's hold is not
 * disturbed, and once it lets go the lock works as new.
 */
#define	NSTALL	3

struct stall {
	rqspinlock_t	lock;
	int		held;
	int		done;
	int		res[NSTALL];
	uint64_t	waited[NSTALL];
	struct spin_barrier bar;
};

struct stall_arg {
	struct stall	*s;
	int		id;
};

static void *
stall_waiter(void *arg)
{
	struct stall_arg *a = arg;
	struct stall *s = a->s;
	uint64_t t0;

	while (!__atomic_load_n(&s->held, __ATOMIC_ACQUIRE))
		sched_yield();
	t0 = now_ns();
	s->res[a->id] = res_spin_lock(&s->lock);
	s->waited[a->id] = now_ns() - t0;
	if (s->res[a->id] == 0)
		res_spin_unlock(&s->lock);
	__atomic_add_fetch(&s->done, 1, __ATOMIC_ACQ_REL);
	/* Again once the owner has gone: it must just work. */
	barrier_wait(&s->bar);
	s->res[a->id] = res_spin_lock(&s->lock);
	if (s->res[a->id] == 0)
		res_spin_unlock(&s->lock);
	return NULL;
}

ATF_TC(stalled_owner);
ATF_TC_HEAD(stalled_owner, tc)
{

	atf_tc_set_md_var(tc, "timeout", "120");
}
ATF_TC_BODY(stalled_owner, tc)
{
	static struct stall s;
	struct stall_arg args[NSTALL];
	pthread_t t[NSTALL];
	uint64_t maxw = 0;
	int i;

	res_spin_lock_settimeout(SHORT_TIMEOUT);
	raw_res_spin_lock_init(&s.lock);
	s.bar.n = NSTALL + 1;
	for (i = 0; i < NSTALL; i++) {
		args[i].s = &s;
		args[i].id = i;
		xpthread_create(&t[i], stall_waiter, &args[i]);
	}
	/* Hold until every waiter has given up: no timing involved. */
	ATF_REQUIRE_EQ(res_spin_lock(&s.lock), 0);
	__atomic_store_n(&s.held, 1, __ATOMIC_RELEASE);
	while (__atomic_load_n(&s.done, __ATOMIC_ACQUIRE) != NSTALL)
		usleep(1000);
	ATF_REQUIRE(is_locked(&s.lock));
	for (i = 0; i < NSTALL; i++) {
		printf("waiter %d: %d after %llu ns\n", i, s.res[i],
		    (unsigned long long)s.waited[i]);
		ATF_REQUIRE_EQ(s.res[i], -ETIMEDOUT);
		if (s.waited[i] > maxw)
			maxw = s.waited[i];
	}
	ATF_REQUIRE(maxw >= SHORT_TIMEOUT);
	res_spin_unlock(&s.lock);
	/* No waiter's tail was left in the word. */
	ATF_REQUIRE_EQ(s.lock.val, 0);

	barrier_wait(&s.bar);
	for (i = 0; i < NSTALL; i++)
		xpthread_join(t[i]);
	for (i = 0; i < NSTALL; i++)
		ATF_REQUIRE_EQ(s.res[i], 0);
	ATF_REQUIRE_EQ(s.lock.val, 0);
}

/*
 * Re-entry from an interrupt: a signal handler on the thread that
 * holds the lock, or that waits for it, gets -EDEADLK and never hangs.
 */
static rqspinlock_t sig_lock;
static int sig_res, sig_ran;	/* atomics: other threads read them */

static void
sig_handler(int signo)
{
	int r, serrno = errno;

	(void)signo;
	r = res_spin_lock(&sig_lock);
	if (r == 0)
		res_spin_unlock(&sig_lock);
	__atomic_store_n(&sig_res, r, __ATOMIC_RELAXED);
	__atomic_add_fetch(&sig_ran, 1, __ATOMIC_RELEASE);
	errno = serrno;
}

#define	SIG_RES()	__atomic_load_n(&sig_res, __ATOMIC_RELAXED)
#define	SIG_RAN()	__atomic_load_n(&sig_ran, __ATOMIC_ACQUIRE)

static void
install_handler(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = sig_handler;
	sigemptyset(&sa.sa_mask);
	ATF_REQUIRE(sigaction(SIGUSR1, &sa, NULL) == 0);
}

ATF_TC_WITHOUT_HEAD(signal_aa_held);
ATF_TC_BODY(signal_aa_held, tc)
{

	install_handler();
	raw_res_spin_lock_init(&sig_lock);

	/* Free: the handler just takes it. */
	__atomic_store_n(&sig_res, 1, __ATOMIC_RELAXED);
	ATF_REQUIRE(raise(SIGUSR1) == 0);
	ATF_REQUIRE_EQ(SIG_RAN(), 1);
	ATF_REQUIRE_EQ(SIG_RES(), 0);

	/* Held by the flow it interrupted: AA. */
	ATF_REQUIRE_EQ(res_spin_lock(&sig_lock), 0);
	ATF_REQUIRE(raise(SIGUSR1) == 0);
	ATF_REQUIRE_EQ(SIG_RAN(), 2);
	ATF_REQUIRE_EQ(SIG_RES(), -EDEADLK);
	ATF_REQUIRE(is_locked(&sig_lock));
	res_spin_unlock(&sig_lock);
	ATF_REQUIRE_EQ(sig_lock.val, 0);
	ATF_REQUIRE(!kpreempt_disabled());
}

struct sigq {
	int		release;
	unsigned int	wcpu;
	int		wres;
	int		wready;
};

static void *
sigq_holder(void *arg)
{
	struct sigq *q = arg;

	if (res_spin_lock(&sig_lock) != 0)
		return (void *)1;
	__atomic_store_n(&q->wready, 1, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&q->release, __ATOMIC_ACQUIRE))
		usleep(1000);
	res_spin_unlock(&sig_lock);
	return NULL;
}

static void *
sigq_waiter(void *arg)
{
	struct sigq *q = arg;

	__atomic_store_n(&q->wcpu, cpu_number(), __ATOMIC_RELEASE);
	__atomic_store_n(&q->wready, 2, __ATOMIC_RELEASE);
	q->wres = res_spin_lock(&sig_lock);
	if (q->wres == 0)
		res_spin_unlock(&sig_lock);
	return NULL;
}

ATF_TC(signal_aa_queued);
ATF_TC_HEAD(signal_aa_queued, tc)
{

	atf_tc_set_md_var(tc, "timeout", "120");
}
ATF_TC_BODY(signal_aa_queued, tc)
{
	static struct sigq q;
	struct __sl_rqs_held *h;
	pthread_t th, tw;
	void *hres;

	/* Long enough that the waiter cannot give up before the signal. */
	res_spin_lock_settimeout(30000000000ULL);
	install_handler();
	raw_res_spin_lock_init(&sig_lock);
	__atomic_store_n(&sig_res, 1, __ATOMIC_RELAXED);

	xpthread_create(&th, sigq_holder, &q);
	while (__atomic_load_n(&q.wready, __ATOMIC_ACQUIRE) != 1)
		usleep(1000);
	xpthread_create(&tw, sigq_waiter, &q);
	while (__atomic_load_n(&q.wready, __ATOMIC_ACQUIRE) != 2)
		usleep(1000);
	/* Wait until the waiter has the lock on its stack: it is trying. */
	h = &__sl_rqs_held_locks[__atomic_load_n(&q.wcpu, __ATOMIC_ACQUIRE)];
	while (__atomic_load_n(&h->cnt, __ATOMIC_ACQUIRE) != 1 ||
	    __atomic_load_n(&h->locks[0], __ATOMIC_ACQUIRE) != &sig_lock)
		usleep(1000);
	usleep(10000);
	ATF_REQUIRE(pthread_kill(tw, SIGUSR1) == 0);
	while (SIG_RAN() == 0)
		usleep(1000);
	ATF_REQUIRE_EQ(SIG_RES(), -EDEADLK);

	/* The interrupted wait goes on and succeeds. */
	__atomic_store_n(&q.release, 1, __ATOMIC_RELEASE);
	ATF_REQUIRE(pthread_join(th, &hres) == 0);
	ATF_REQUIRE(hres == NULL);
	xpthread_join(tw);
	ATF_REQUIRE_EQ(q.wres, 0);
	ATF_REQUIRE_EQ(sig_lock.val, 0);
}

/*
 * irqsave: interrupts off while held, back on after; on failure the
 * interrupt level is restored and flags is not written.
 */
ATF_TC_WITHOUT_HEAD(irqsave);
ATF_TC_BODY(irqsave, tc)
{
	rqspinlock_t l;
	struct bpf_res_spin_lock bl;
	unsigned long flags, bflags;
	int s;

	install_handler();
	raw_res_spin_lock_init(&l);
	raw_res_spin_lock_init(&sig_lock);
	memset(&bl, 0, sizeof(bl));
	ATF_REQUIRE(intr_enabled());

	ATF_REQUIRE_EQ(raw_res_spin_lock_irqsave(&l, flags), 0);
	ATF_REQUIRE(!intr_enabled());
	ATF_REQUIRE(kpreempt_disabled());
	/* A signal now waits for the restore. */
	ATF_REQUIRE(raise(SIGUSR1) == 0);
	ATF_REQUIRE_EQ(SIG_RAN(), 0);

	/* AA with irqsave: fails, level as it was (off), flags kept. */
	bflags = 0x5a5a5a5aUL;
	ATF_REQUIRE_EQ(raw_res_spin_lock_irqsave(&l, bflags), -EDEADLK);
	ATF_REQUIRE_EQ(bflags, 0x5a5a5a5aUL);
	ATF_REQUIRE(!intr_enabled());
	ATF_REQUIRE_EQ(SIG_RAN(), 0);

	raw_res_spin_unlock_irqrestore(&l, flags);
	ATF_REQUIRE(intr_enabled());
	ATF_REQUIRE_EQ(SIG_RAN(), 1);
	ATF_REQUIRE(!kpreempt_disabled());
	ATF_REQUIRE_EQ(l.val, 0);

	/* Held without irqsave: irqsave fails and turns them back on. */
	ATF_REQUIRE_EQ(res_spin_lock(&l), 0);
	flags = 0xa5a5a5a5UL;
	ATF_REQUIRE_EQ(raw_res_spin_lock_irqsave(&l, flags), -EDEADLK);
	ATF_REQUIRE_EQ(flags, 0xa5a5a5a5UL);
	ATF_REQUIRE(intr_enabled());
	res_spin_unlock(&l);

	/* The kfuncs, the same way. */
	ATF_REQUIRE_EQ(bpf_res_spin_lock_irqsave(&bl, &flags), 0);
	ATF_REQUIRE(!intr_enabled());
	bflags = 0x1234UL;
	ATF_REQUIRE_EQ(bpf_res_spin_lock_irqsave(&bl, &bflags), -EDEADLK);
	ATF_REQUIRE_EQ(bflags, 0x1234UL);
	ATF_REQUIRE(!intr_enabled());
	bpf_res_spin_unlock_irqrestore(&bl, &flags);
	ATF_REQUIRE(intr_enabled());
	ATF_REQUIRE_EQ(bl.val, 0);
	ATF_REQUIRE(!kpreempt_disabled());

	/* Nested in splhigh: the level comes back as it was, high. */
	s = splhigh();
	ATF_REQUIRE_EQ(raw_res_spin_lock_irqsave(&l, flags), 0);
	raw_res_spin_unlock_irqrestore(&l, flags);
	ATF_REQUIRE(!intr_enabled());
	splx(s);
	ATF_REQUIRE(intr_enabled());
}

/*
 * A-B-C: three threads each hold one lock and want the next.  The
 * two-party scan cannot see a three-party cycle: it ends by timeout,
 * a documented limit, and not as a (false) -EDEADLK.
 */
struct abc {
	rqspinlock_t	locks[3];
	struct spin_barrier bar;
	int		res[3];
	uint64_t	waited[3];
};

struct abc_arg {
	struct abc	*s;
	int		id;
};

static void *
abc_thread(void *arg)
{
	struct abc_arg *a = arg;
	struct abc *s = a->s;
	uint64_t t0;

	if (res_spin_lock(&s->locks[a->id]) != 0) {
		s->res[a->id] = 1;
		return NULL;
	}
	barrier_wait(&s->bar);
	t0 = now_ns();
	s->res[a->id] = res_spin_lock(&s->locks[(a->id + 1) % 3]);
	s->waited[a->id] = now_ns() - t0;
	if (s->res[a->id] == 0)
		res_spin_unlock(&s->locks[(a->id + 1) % 3]);
	res_spin_unlock(&s->locks[a->id]);
	return NULL;
}

ATF_TC(abc_cycle);
ATF_TC_HEAD(abc_cycle, tc)
{

	atf_tc_set_md_var(tc, "timeout", "120");
}
ATF_TC_BODY(abc_cycle, tc)
{
	static struct abc s;
	struct abc_arg args[3];
	pthread_t t[3];
	int i, ntimedout = 0;

	res_spin_lock_settimeout(2 * SHORT_TIMEOUT);
	s.bar.n = 3;
	for (i = 0; i < 3; i++) {
		raw_res_spin_lock_init(&s.locks[i]);
		args[i].s = &s;
		args[i].id = i;
	}
	for (i = 0; i < 3; i++)
		xpthread_create(&t[i], abc_thread, &args[i]);
	for (i = 0; i < 3; i++)
		xpthread_join(t[i]);
	for (i = 0; i < 3; i++) {
		printf("thread %d: %d after %llu ns\n", i, s.res[i],
		    (unsigned long long)s.waited[i]);
		ATF_REQUIRE_MSG(s.res[i] == 0 || s.res[i] == -ETIMEDOUT,
		    "thread %d: %d", i, s.res[i]);
		if (s.res[i] == -ETIMEDOUT) {
			ntimedout++;
			ATF_REQUIRE(s.waited[i] >= 2 * SHORT_TIMEOUT);
		}
	}
	ATF_REQUIRE(ntimedout >= 1);
	for (i = 0; i < 3; i++)
		ATF_REQUIRE_EQ(s.locks[i].val, 0);
}

/*
 * The queue: waiters that arrive one after another while the lock is
 * held get it in their order of arrival, each handed the head by the
 * one before; the word has no tail left afterwards.
 */
#define	NFIFO	4

struct fifo {
	rqspinlock_t	lock;
	int		order[NFIFO];
	int		next;
	int		res[NFIFO];
};

struct fifo_arg {
	struct fifo	*s;
	int		id;
};

static void *
fifo_waiter(void *arg)
{
	struct fifo_arg *a = arg;
	struct fifo *s = a->s;

	s->res[a->id] = res_spin_lock(&s->lock);
	if (s->res[a->id] != 0)
		return NULL;
	s->order[s->next++] = a->id;
	res_spin_unlock(&s->lock);
	return NULL;
}

ATF_TC(queue_fifo);
ATF_TC_HEAD(queue_fifo, tc)
{

	atf_tc_set_md_var(tc, "timeout", "120");
}
ATF_TC_BODY(queue_fifo, tc)
{
	static struct fifo s;
	struct fifo_arg args[NFIFO];
	pthread_t t[NFIFO];
	uint32_t tail;
	int i;

	/* Nobody may give up while the queue builds. */
	res_spin_lock_settimeout(60000000000ULL);
	raw_res_spin_lock_init(&s.lock);
	ATF_REQUIRE_EQ(res_spin_lock(&s.lock), 0);
	tail = 0;
	for (i = 0; i < NFIFO; i++) {
		args[i].s = &s;
		args[i].id = i;
		xpthread_create(&t[i], fifo_waiter, &args[i]);
		/* Queued: its tail has replaced the last one. */
		while ((__atomic_load_n(&s.lock.val, __ATOMIC_ACQUIRE) &
		    0xffff0000U) == tail)
			usleep(1000);
		tail = __atomic_load_n(&s.lock.val, __ATOMIC_ACQUIRE) &
		    0xffff0000U;
		ATF_REQUIRE(tail != 0);
	}
	res_spin_unlock(&s.lock);
	for (i = 0; i < NFIFO; i++)
		xpthread_join(t[i]);
	for (i = 0; i < NFIFO; i++) {
		ATF_REQUIRE_EQ(s.res[i], 0);
		ATF_REQUIRE_EQ_MSG(s.order[i], i, "turn %d went to %d", i,
		    s.order[i]);
	}
	ATF_REQUIRE_EQ(s.next, NFIFO);
	ATF_REQUIRE_EQ(s.lock.val, 0);
}

/*
 * No barging: a CPU that releases the lock while a waiter is queued,
 * and takes it again at once, gets it after that waiter, not before.
 */
struct barge {
	rqspinlock_t	lock;
	int		waiter_in;
	int		res;
};

static void *
barge_waiter(void *arg)
{
	struct barge *b = arg;

	b->res = res_spin_lock(&b->lock);
	if (b->res == 0) {
		__atomic_store_n(&b->waiter_in, 1, __ATOMIC_RELAXED);
		res_spin_unlock(&b->lock);
	}
	return NULL;
}

ATF_TC(no_barging);
ATF_TC_HEAD(no_barging, tc)
{

	atf_tc_set_md_var(tc, "timeout", "120");
}
ATF_TC_BODY(no_barging, tc)
{
	static struct barge b;
	pthread_t t;

	res_spin_lock_settimeout(60000000000ULL);
	raw_res_spin_lock_init(&b.lock);
	ATF_REQUIRE_EQ(res_spin_lock(&b.lock), 0);
	xpthread_create(&t, barge_waiter, &b);
	while ((__atomic_load_n(&b.lock.val, __ATOMIC_ACQUIRE) &
	    0xffff0000U) == 0)
		usleep(1000);
	res_spin_unlock(&b.lock);
	ATF_REQUIRE_EQ(res_spin_lock(&b.lock), 0);
	ATF_REQUIRE_MSG(__atomic_load_n(&b.waiter_in, __ATOMIC_RELAXED),
	    "took the lock again ahead of a queued waiter");
	res_spin_unlock(&b.lock);
	xpthread_join(t);
	ATF_REQUIRE_EQ(b.res, 0);
	ATF_REQUIRE_EQ(b.lock.val, 0);
}

/*
 * Mutual exclusion under threads, through every way in: the queue
 * (several waiters), res_spin_lock, irqsave and the kfuncs, and two
 * nested locks in a fixed order (waiters that hold a lock wait beside
 * the queue).  Under a loaded host an owner may be descheduled past
 * the timeout; such failures are allowed but must be a timeout.
 *
 * Threads play CPUs, and a queue lock hands over to the next waiter
 * even if the host has descheduled it: with more threads than host
 * CPUs every hand-off can cost a time slice.  So each run is bounded
 * by a count and by a few seconds, whichever comes first.
 */
#define	NSTRESS		4
#define	STRESS_ITER	100000
#define	STRESS_SECONDS	2

struct stress {
	rqspinlock_t	lock, inner;
	unsigned long	counter, inner_counter;
	int		inside, inner_inside;
	unsigned long	overlaps, queued;
	unsigned long	ok, failed;
	int		badres;
	uint64_t	end;
	struct spin_barrier bar;
};

static void *
stress_thread(void *arg)
{
	struct stress *s = arg;
	unsigned long flags = 0;
	int i, r, mode;

	barrier_wait(&s->bar);
	for (i = 0; i < STRESS_ITER; i++) {
		if ((i & 15) == 0 && now_ns() > s->end)
			break;
		mode = i % 4;
		if (mode == 0)
			r = res_spin_lock(&s->lock);
		else if (mode == 1)
			r = raw_res_spin_lock_irqsave(&s->lock, flags);
		else if (mode == 2)
			r = bpf_res_spin_lock(
			    (struct bpf_res_spin_lock *)(void *)&s->lock);
		else
			r = res_spin_lock(&s->lock);
		if (r != 0) {
			if (r != -ETIMEDOUT && r != -EDEADLK)
				s->badres = r;
			__atomic_add_fetch(&s->failed, 1, __ATOMIC_RELAXED);
			continue;
		}
		if (__atomic_exchange_n(&s->inside, 1, __ATOMIC_RELAXED))
			s->overlaps++;
		if (__atomic_load_n(&s->lock.val, __ATOMIC_RELAXED) &
		    0xffff0000U)
			s->queued++;
		s->counter++;
		if (mode == 3) {
			/* A second lock inside the first: never contended. */
			if (res_spin_lock(&s->inner) == 0) {
				if (__atomic_exchange_n(&s->inner_inside, 1,
				    __ATOMIC_RELAXED))
					s->overlaps++;
				s->inner_counter++;
				__atomic_store_n(&s->inner_inside, 0,
				    __ATOMIC_RELAXED);
				res_spin_unlock(&s->inner);
			} else
				s->badres = 1;
		}
		__atomic_store_n(&s->inside, 0, __ATOMIC_RELAXED);
		if (mode == 1)
			raw_res_spin_unlock_irqrestore(&s->lock, flags);
		else if (mode == 2)
			bpf_res_spin_unlock(
			    (struct bpf_res_spin_lock *)(void *)&s->lock);
		else
			res_spin_unlock(&s->lock);
		__atomic_add_fetch(&s->ok, 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

static void
stress(int nthreads)
{
	static struct stress s;
	pthread_t t[NSTRESS];
	int i;

	memset(&s, 0, sizeof(s));
	raw_res_spin_lock_init(&s.lock);
	raw_res_spin_lock_init(&s.inner);
	s.bar.n = (unsigned int)nthreads;
	s.end = now_ns() + STRESS_SECONDS * 1000000000ULL;
	for (i = 0; i < nthreads; i++)
		xpthread_create(&t[i], stress_thread, &s);
	for (i = 0; i < nthreads; i++)
		xpthread_join(t[i]);
	printf("%d threads: %lu acquisitions, %lu failed, %lu seen with "
	    "waiters queued, inner %lu\n", nthreads, s.ok, s.failed,
	    s.queued, s.inner_counter);
	ATF_REQUIRE_EQ(s.badres, 0);
	ATF_REQUIRE_EQ(s.overlaps, 0);
	ATF_REQUIRE_EQ(s.counter, s.ok);
	ATF_REQUIRE(s.ok > 0);
	ATF_REQUIRE_EQ(s.lock.val, 0);
	ATF_REQUIRE_EQ(s.inner.val, 0);
}

ATF_TC(stress);
ATF_TC_HEAD(stress, tc)
{

	atf_tc_set_md_var(tc, "timeout", "120");
}
ATF_TC_BODY(stress, tc)
{

	stress(2);
	stress(NSTRESS);
}

/*
 * res_spin_lock_settimeout(UINT64_MAX), "wait for ever", and values
 * near it: the deadline saturates instead of wrapping to the past, so
 * a waiter gets the lock when its owner lets go, whenever that is.
 */
struct tmax {
	rqspinlock_t	lock;
	int		started;
	int		res;
};

static void *
tmax_waiter(void *arg)
{
	struct tmax *s = arg;

	__atomic_store_n(&s->started, 1, __ATOMIC_RELEASE);
	s->res = res_spin_lock(&s->lock);
	if (s->res == 0)
		res_spin_unlock(&s->lock);
	__atomic_store_n(&s->started, 2, __ATOMIC_RELEASE);
	return NULL;
}

ATF_TC(timeout_max);
ATF_TC_HEAD(timeout_max, tc)
{

	atf_tc_set_md_var(tc, "timeout", "60");
}
ATF_TC_BODY(timeout_max, tc)
{
	static const uint64_t values[] = {
		UINT64_MAX, UINT64_MAX - 1, UINT64_MAX / 2 + 1
	};
	static struct tmax s;
	pthread_t t;
	size_t i;

	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		(void)res_spin_lock_settimeout(values[i]);
		raw_res_spin_lock_init(&s.lock);
		s.started = 0;
		s.res = 1;
		ATF_REQUIRE_EQ(res_spin_lock(&s.lock), 0);
		xpthread_create(&t, tmax_waiter, &s);
		/* Queued behind us (or gone), then many clock checks. */
		while ((__atomic_load_n(&s.lock.val, __ATOMIC_ACQUIRE) >>
		    16) == 0 &&
		    __atomic_load_n(&s.started, __ATOMIC_ACQUIRE) != 2)
			sched_yield();
		usleep(50000);
		res_spin_unlock(&s.lock);
		xpthread_join(t);
		ATF_REQUIRE_EQ_MSG(s.res, 0, "timeout %#llx: waiter got %d "
		    "(-ETIMEDOUT is %d)", (unsigned long long)values[i],
		    s.res, -ETIMEDOUT);
		ATF_REQUIRE_EQ(s.lock.val, 0);
	}
	ATF_REQUIRE_EQ(res_spin_lock_settimeout(0), UINT64_MAX / 2 + 1);
	ATF_REQUIRE_EQ(res_spin_lock_settimeout(0), RES_DEF_TIMEOUT);
}

/*
 * ABBA with a held-locks stack deeper than RES_NR_HELD on one side:
 * the deep side holds A (its first lock) and 34 more, then wants B;
 * the other holds B and wants A.  Each can see the cycle, so it ends
 * with -EDEADLK for the side taking the pair in descending address
 * order and the lock for the other, never by timeout; tried with A
 * above B and below it, so the deep side is once the one to fail and
 * once the one to wait.  The timeout is long, so that a missed cycle
 * shows as -ETIMEDOUT rather than a wait the host stretched.
 */
#define	NDEEP	35

struct deep {
	rqspinlock_t	pair[2];
	rqspinlock_t	fill[NDEEP];
	rqspinlock_t	*a, *b;		/* the deep side's held, wanted */
	int		first;		/* index in its stack of a */
	int		res;		/* the deep side's result */
	struct spin_barrier bar;
};

static void *
deep_side(void *arg)
{
	struct deep *d = arg;
	rqspinlock_t *held[NDEEP + 1];
	int i, n = 0, r;

	for (i = 0; i < NDEEP; i++) {
		held[n] = i == d->first ? d->a : &d->fill[i];
		if ((r = res_spin_lock(held[n])) != 0) {
			d->res = 1000 + r;
			barrier_wait(&d->bar);
			goto out;
		}
		n++;
	}
	barrier_wait(&d->bar);
	d->res = res_spin_lock(d->b);
	if (d->res == 0)
		res_spin_unlock(d->b);
out:
	while (n > 0)
		res_spin_unlock(held[--n]);
	return NULL;
}

static int
deep_run(struct deep *d, int deep_holds_high, int first)
{
	pthread_t t;
	int r;

	memset(d, 0, sizeof(*d));
	d->bar.n = 2;
	d->first = first;
	d->a = &d->pair[deep_holds_high ? 1 : 0];
	d->b = &d->pair[deep_holds_high ? 0 : 1];
	xpthread_create(&t, deep_side, d);
	ATF_REQUIRE_EQ(res_spin_lock(d->b), 0);
	barrier_wait(&d->bar);
	r = res_spin_lock(d->a);
	if (r == 0)
		res_spin_unlock(d->a);
	res_spin_unlock(d->b);
	xpthread_join(t);
	ATF_REQUIRE_EQ(d->pair[0].val, 0);
	ATF_REQUIRE_EQ(d->pair[1].val, 0);
	ATF_REQUIRE(!kpreempt_disabled());
	return r;
}

ATF_TC(abba_deep);
ATF_TC_HEAD(abba_deep, tc)
{

	atf_tc_set_md_var(tc, "timeout", "120");
}
ATF_TC_BODY(abba_deep, tc)
{
	static struct deep d;
	int high, r;

	(void)res_spin_lock_settimeout(5000000000ULL);
	for (high = 0; high < 2; high++) {
		r = deep_run(&d, high, 0);
		printf("deep side holds the %s lock: deep %d, other %d\n",
		    high ? "higher" : "lower", d.res, r);
		/* The side holding the higher lock took them descending. */
		ATF_REQUIRE_EQ_MSG(d.res, high ? -EDEADLK : 0,
		    "deep side (holds the %s lock): %d, -ETIMEDOUT is %d",
		    high ? "higher" : "lower", d.res, -ETIMEDOUT);
		ATF_REQUIRE_EQ_MSG(r, high ? 0 : -EDEADLK,
		    "other side (holds the %s lock): %d, -ETIMEDOUT is %d",
		    high ? "lower" : "higher", r, -ETIMEDOUT);
	}
}

/*
 * The pair neither side can see, as res_spin_lock(9) says: the deep
 * side took A after RES_NR_HELD other locks, so A has no entry.  It
 * ends by timeout (short here), never -EDEADLK: one side -ETIMEDOUT,
 * the other then gets its lock (or, its deadline as near, times out
 * too).
 */
ATF_TC(abba_unseen);
ATF_TC_HEAD(abba_unseen, tc)
{

	atf_tc_set_md_var(tc, "timeout", "120");
}
ATF_TC_BODY(abba_unseen, tc)
{
	static struct deep d;
	int r;

	(void)res_spin_lock_settimeout(SHORT_TIMEOUT);
	r = deep_run(&d, 1, RES_NR_HELD + 1);
	printf("deep %d, other %d\n", d.res, r);
	ATF_REQUIRE_MSG((d.res == 0 || d.res == -ETIMEDOUT) &&
	    (r == 0 || r == -ETIMEDOUT) && (d.res != 0 || r != 0),
	    "deep %d, other %d", d.res, r);
}

/*
 * bpf_res_spin_unlock_irqrestore as Linux's kfunc: the lock released,
 * then interrupts restored, then preemption enabled.  An interrupt
 * pending across the critical section runs at the restore: it finds
 * the lock free and preemption still disabled.  The lock kfunc's
 * failure path undoes its work in the same order.
 */
static struct bpf_res_spin_lock kfl;
static volatile sig_atomic_t kf_ran, kf_preempt_off, kf_res, kf_trylock;
static volatile sig_atomic_t kf_returned, kf_late;

static void
kf_handler(int sig)
{

	(void)sig;
	kf_ran++;
	kf_preempt_off = kpreempt_disabled();
	kf_late = kf_returned;
	if (kf_trylock) {
		kf_res = bpf_res_spin_lock(&kfl);
		if (kf_res == 0)
			bpf_res_spin_unlock(&kfl);
	}
}

static void
kf_setup(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = kf_handler;
	ATF_REQUIRE(sigemptyset(&sa.sa_mask) == 0);
	ATF_REQUIRE(sigaction(SIGUSR1, &sa, NULL) == 0);
	kf_ran = kf_preempt_off = kf_returned = kf_late = 0;
	kf_res = 1;
}

ATF_TC_WITHOUT_HEAD(kfunc_irqrestore_order);
ATF_TC_BODY(kfunc_irqrestore_order, tc)
{
	unsigned long flags = 0;

	kf_setup();
	kf_trylock = 1;
	ATF_REQUIRE_EQ(bpf_res_spin_lock_irqsave(&kfl, &flags), 0);
	ATF_REQUIRE(!intr_enabled());
	ATF_REQUIRE(kpreempt_disabled());
	ATF_REQUIRE(pthread_kill(pthread_self(), SIGUSR1) == 0);
	ATF_REQUIRE_EQ(kf_ran, 0);
	bpf_res_spin_unlock_irqrestore(&kfl, &flags);
	ATF_REQUIRE_EQ(kf_ran, 1);
	ATF_REQUIRE_EQ_MSG(kf_res, 0, "the interrupt found the lock: %d",
	    (int)kf_res);
	ATF_REQUIRE_MSG(kf_preempt_off, "preemption was enabled before "
	    "interrupts were restored");
	ATF_REQUIRE(intr_enabled());
	ATF_REQUIRE(!kpreempt_disabled());
	ATF_REQUIRE_EQ(kfl.val, 0);

	/* Nested in a res_spin_lock: the count comes back as it was. */
	ATF_REQUIRE_EQ(bpf_res_spin_lock(&kfl), 0);
	{
		static struct bpf_res_spin_lock inner;

		ATF_REQUIRE_EQ(bpf_res_spin_lock_irqsave(&inner, &flags), 0);
		bpf_res_spin_unlock_irqrestore(&inner, &flags);
	}
	ATF_REQUIRE(kpreempt_disabled());
	bpf_res_spin_unlock(&kfl);
	ATF_REQUIRE(!kpreempt_disabled());
}

/*
 * The failure path: the holder signals us once we are waiting, with
 * interrupts off, so the signal waits for the failure path's restore.
 * If the host delays the holder past our timeout the signal comes
 * after the return, and the round proves nothing: try again.
 */
static struct {
	pthread_t	waiter;
	unsigned int	wcpu;
	int		held;
	int		done;
} kff;

static void *
kff_holder(void *arg)
{

	(void)arg;
	if (bpf_res_spin_lock(&kfl) != 0)
		return (void *)1;
	__atomic_store_n(&kff.held, 1, __ATOMIC_RELEASE);
	/* The waiter's entry is pushed with interrupts already off. */
	while (__atomic_load_n(&__sl_rqs_held_locks[kff.wcpu].cnt,
	    __ATOMIC_ACQUIRE) == 0 &&
	    !__atomic_load_n(&kff.done, __ATOMIC_ACQUIRE))
		sched_yield();
	if (!__atomic_load_n(&kff.done, __ATOMIC_ACQUIRE))
		(void)pthread_kill(kff.waiter, SIGUSR1);
	while (!__atomic_load_n(&kff.done, __ATOMIC_ACQUIRE))
		sched_yield();
	bpf_res_spin_unlock(&kfl);
	return NULL;
}

ATF_TC(kfunc_irqsave_fail_order);
ATF_TC_HEAD(kfunc_irqsave_fail_order, tc)
{

	atf_tc_set_md_var(tc, "timeout", "60");
}
ATF_TC_BODY(kfunc_irqsave_fail_order, tc)
{
	unsigned long flags = 0x5a;
	pthread_t t;
	void *res;
	int r, round;

	(void)res_spin_lock_settimeout(4 * SHORT_TIMEOUT);
	for (round = 0; round < 20; round++) {
		kf_setup();
		kf_trylock = 0;
		memset(&kff, 0, sizeof(kff));
		kff.waiter = pthread_self();
		kff.wcpu = cpu_number();
		xpthread_create(&t, kff_holder, NULL);
		while (!__atomic_load_n(&kff.held, __ATOMIC_ACQUIRE))
			sched_yield();
		r = bpf_res_spin_lock_irqsave(&kfl, &flags);
		kf_returned = 1;
		__atomic_store_n(&kff.done, 1, __ATOMIC_RELEASE);
		ATF_REQUIRE(pthread_join(t, &res) == 0);
		ATF_REQUIRE(res == NULL);
		ATF_REQUIRE_EQ_MSG(r, -ETIMEDOUT, "lock: %d", r);
		ATF_REQUIRE_EQ(flags, 0x5a);
		ATF_REQUIRE(intr_enabled());
		ATF_REQUIRE(!kpreempt_disabled());
		if (kf_ran == 1 && !kf_late)
			break;
		printf("round %d: the signal came after the return\n", round);
	}
	ATF_REQUIRE_MSG(kf_ran == 1 && !kf_late, "no round had the signal "
	    "wait for the failure path");
	ATF_REQUIRE_MSG(kf_preempt_off, "preemption was enabled before "
	    "interrupts were restored");
}

/*
 * A lock word no lock operation wrote: the slow path decodes its tail
 * before using it, and panics naming the lock and the caller, where it
 * would index past the node array, or link behind a CPU that is not
 * waiting and wait for ever.  A clean word stays on the fast path.
 */
static sigjmp_buf cw_jmp;
static char cw_msg[512];

static void
cw_hook(const char *msg)
{

	(void)snprintf(cw_msg, sizeof(cw_msg), "%s", msg);
	siglongjmp(cw_jmp, 1);
}

static uintptr_t __attribute__((__noinline__))
cw_mark(void)
{

	__asm__ __volatile__("" ::: "memory");
	return (uintptr_t)__builtin_return_address(0);
}

static void
corrupt_case(uint32_t word, const char *why)
{
	static rqspinlock_t l;
	volatile uintptr_t m = 0;
	void *pl, *pc;
	unsigned int w;
	char reason[128];
	int r;

	(void)rump_panic_sethook(cw_hook);
	(void)rump_cons_echo(0);
	(void)res_spin_lock_settimeout(SHORT_TIMEOUT);
	__atomic_store_n(&l.val, word, __ATOMIC_RELAXED);
	if (sigsetjmp(cw_jmp, 1) == 0) {
		m = cw_mark();
		r = res_spin_lock(&l);
		atf_tc_fail("word %#x: res_spin_lock returned %d", word, r);
	}
	ATF_REQUIRE_EQ_MSG(sscanf(cw_msg, "res_spin_lock: lock %p is "
	    "corrupt: word %x, %127[^,], pc %p", &pl, &w, reason, &pc), 4,
	    "message \"%s\"", cw_msg);
	ATF_REQUIRE(pl == (void *)&l);
	ATF_REQUIRE_EQ(w, word);
	ATF_REQUIRE_MSG(strcmp(reason, why) == 0, "message \"%s\"", cw_msg);
	ATF_REQUIRE_MSG((uintptr_t)pc > m && (uintptr_t)pc - m < 512,
	    "pc %p, mark %p", pc, (void *)m);
}

ATF_TC(corrupt_tail_range);
ATF_TC_HEAD(corrupt_tail_range, tc)
{

	atf_tc_set_md_var(tc, "timeout", "30");
}
ATF_TC_BODY(corrupt_tail_range, tc)
{

	corrupt_case(0xffff0000U, "its tail names no cpu");
}

ATF_TC(corrupt_tail_self);
ATF_TC_HEAD(corrupt_tail_self, tc)
{

	atf_tc_set_md_var(tc, "timeout", "30");
}
ATF_TC_BODY(corrupt_tail_self, tc)
{

	corrupt_case(((cpu_number() + 1) << 16) | 1,
	    "its tail names a cpu not queued on it");
}

static int idle_stop;
static unsigned int idle_cpu = ~0U;

static void *
idle_cpu_thread(void *arg)
{

	(void)arg;
	__atomic_store_n(&idle_cpu, cpu_number(), __ATOMIC_RELEASE);
	while (!__atomic_load_n(&idle_stop, __ATOMIC_ACQUIRE))
		sched_yield();
	return NULL;
}

ATF_TC(corrupt_tail_idle);
ATF_TC_HEAD(corrupt_tail_idle, tc)
{

	atf_tc_set_md_var(tc, "timeout", "30");
}
ATF_TC_BODY(corrupt_tail_idle, tc)
{
	pthread_t t;
	unsigned int c;

	xpthread_create(&t, idle_cpu_thread, NULL);
	while ((c = __atomic_load_n(&idle_cpu, __ATOMIC_ACQUIRE)) == ~0U)
		sched_yield();
	corrupt_case(((c + 1) << 16) | 1,
	    "its tail names a cpu not queued on it");
	__atomic_store_n(&idle_stop, 1, __ATOMIC_RELEASE);
	xpthread_join(t);
}

ATF_TC(corrupt_bits);
ATF_TC_HEAD(corrupt_bits, tc)
{

	atf_tc_set_md_var(tc, "timeout", "30");
}
ATF_TC_BODY(corrupt_bits, tc)
{

	corrupt_case(0x00000a01U,
	    "bits outside the locked byte and the tail");
}

ATF_TP_ADD_TCS(tp)
{

	ATF_TP_ADD_TC(tp, basic);
	ATF_TP_ADD_TC(tp, aa);
	ATF_TP_ADD_TC(tp, overflow);
	ATF_TP_ADD_TC(tp, abba);
	ATF_TP_ADD_TC(tp, stalled_owner);
	ATF_TP_ADD_TC(tp, signal_aa_held);
	ATF_TP_ADD_TC(tp, signal_aa_queued);
	ATF_TP_ADD_TC(tp, irqsave);
	ATF_TP_ADD_TC(tp, abc_cycle);
	ATF_TP_ADD_TC(tp, queue_fifo);
	ATF_TP_ADD_TC(tp, no_barging);
	ATF_TP_ADD_TC(tp, stress);
	ATF_TP_ADD_TC(tp, timeout_max);
	ATF_TP_ADD_TC(tp, abba_deep);
	ATF_TP_ADD_TC(tp, abba_unseen);
	ATF_TP_ADD_TC(tp, kfunc_irqrestore_order);
	ATF_TP_ADD_TC(tp, kfunc_irqsave_fail_order);
	ATF_TP_ADD_TC(tp, corrupt_tail_range);
	ATF_TP_ADD_TC(tp, corrupt_tail_self);
	ATF_TP_ADD_TC(tp, corrupt_tail_idle);
	ATF_TP_ADD_TC(tp, corrupt_bits);
	return atf_no_error();
}
