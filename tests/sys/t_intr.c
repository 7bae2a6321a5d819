/*	$simplelock: t_intr.c $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * Soft interrupt masking in the userland platform (sys/rump): a signal
 * (interrupt) that arrives while the thread's level is raised runs
 * when splx() lowers it, on the same thread, exactly once, in arrival
 * order, never while masked; handlers run with interrupts off; a
 * thread's attach survives being interrupted (issue 13 items 4, 7).
 */

#define	_GNU_SOURCE	/* pthread_sigqueue */

#include <sys/platform.h>
#include <sys/taslock.h>
#include <rump/rumpplat.h>

#include <atf-c.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define	WAIT_NS		(60 * 1000000000ull)

static void
set_action(int sig, void (*fn)(int), void (*sfn)(int, siginfo_t *, void *))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	if (sfn != NULL) {
		sa.sa_sigaction = sfn;
		sa.sa_flags = SA_SIGINFO;
	} else
		sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	ATF_REQUIRE(sigaction(sig, &sa, NULL) == 0);
}

static void
panic_fail(const char *msg)
{

	atf_tc_fail("panic: %s", msg);
}

/* A log of what ran, in order, from handlers and the main flow. */
static char		log_buf[256];
static volatile int	log_len;

static void
log_add(char c)
{

	if (log_len < (int)sizeof(log_buf) - 1)
		log_buf[log_len++] = c;
	log_buf[log_len] = '\0';
}

/*
 * The program's handler is what sigaction(2) reads back, and a
 * deferred interrupt is pending for sigpending(2), as a blocked
 * signal was.
 */
static void
log_a(int sig)
{

	(void)sig;
	log_add('a');
}

ATF_TC_WITHOUT_HEAD(interposed_calls);
ATF_TC_BODY(interposed_calls, tc)
{
	struct sigaction old;
	sigset_t set;
	int s;

	set_action(SIGUSR1, log_a, NULL);
	ATF_REQUIRE(sigaction(SIGUSR1, NULL, &old) == 0);
	ATF_CHECK(old.sa_handler == log_a);
	ATF_CHECK((old.sa_flags & SA_SIGINFO) == 0);

	s = splhigh();
	ATF_REQUIRE(sigpending(&set) == 0);
	ATF_CHECK(!sigismember(&set, SIGUSR1));
	pthread_kill(pthread_self(), SIGUSR1);
	ATF_REQUIRE(sigpending(&set) == 0);
	ATF_CHECK(sigismember(&set, SIGUSR1));
	ATF_CHECK_STREQ(log_buf, "");
	splx(s);
	ATF_CHECK_STREQ(log_buf, "a");
	ATF_REQUIRE(sigpending(&set) == 0);
	ATF_CHECK(!sigismember(&set, SIGUSR1));

	/* signal(3) goes the same way. */
	ATF_CHECK(signal(SIGUSR2, log_a) != SIG_ERR);
	s = splhigh();
	pthread_kill(pthread_self(), SIGUSR2);
	ATF_CHECK_STREQ(log_buf, "a");
	splx(s);
	ATF_CHECK_STREQ(log_buf, "aa");
	ATF_CHECK(signal(SIGUSR2, SIG_DFL) == log_a);
}

/*
 * A deferred interrupt that itself raises and lowers the level, and
 * raises another: the inner splx() leaves interrupts off, the second
 * runs after the first has returned, not inside it, each once.
 */
static volatile int	in_handler, nested_seen, inner_s, inner_enabled;

static void
raising_handler(int sig)
{
	int s;

	(void)sig;
	in_handler = 1;
	log_add('1');
	s = splhigh();
	inner_s = s;
	pthread_kill(pthread_self(), SIGUSR2);
	splx(s);
	inner_enabled = intr_enabled();
	log_add('2');
	in_handler = 0;
}

static void
second_handler(int sig)
{

	(void)sig;
	if (in_handler)
		nested_seen = 1;
	log_add('b');
}

ATF_TC_WITHOUT_HEAD(deferred_raises_level);
ATF_TC_BODY(deferred_raises_level, tc)
{
	int s, s2;

	set_action(SIGUSR1, raising_handler, NULL);
	set_action(SIGUSR2, second_handler, NULL);

	/* Taken at once. */
	pthread_kill(pthread_self(), SIGUSR1);
	ATF_CHECK_STREQ(log_buf, "12b");
	ATF_CHECK_EQ(inner_s, IPL_HIGH);
	ATF_CHECK(!inner_enabled);
	ATF_CHECK(!nested_seen);
	ATF_CHECK(intr_enabled());

	/* Deferred, under two levels of nesting. */
	log_len = 0;
	log_buf[0] = '\0';
	inner_s = -1;
	inner_enabled = 1;
	s = splhigh();
	pthread_kill(pthread_self(), SIGUSR1);
	s2 = splhigh();
	log_add('m');
	splx(s2);
	ATF_CHECK_STREQ(log_buf, "m");
	splx(s);
	ATF_CHECK_STREQ(log_buf, "m12b");
	ATF_CHECK_EQ(inner_s, IPL_HIGH);
	ATF_CHECK(!inner_enabled);
	ATF_CHECK(!nested_seen);
	ATF_CHECK(intr_enabled());
}

/*
 * Masking across preempt(): the thread gives its CPU away with the
 * level raised; a signal sent meanwhile waits for splx().
 */
static volatile int	nplain;

static void
plain_handler(int sig)
{

	(void)sig;
	nplain++;
}

struct sender {
	pthread_t	target;
	int		sig;
	volatile int	go, sent;
};

static void *
sender_thread(void *arg)
{
	struct sender *k = arg;

	while (!__atomic_load_n(&k->go, __ATOMIC_ACQUIRE))
		sched_yield();
	pthread_kill(k->target, k->sig);
	__atomic_store_n(&k->sent, 1, __ATOMIC_RELEASE);
	return NULL;
}

ATF_TC_WITHOUT_HEAD(masked_across_preempt);
ATF_TC_BODY(masked_across_preempt, tc)
{
	struct sender k;
	struct proc *me;
	pthread_t t;
	sigset_t set;
	uint64_t end;
	unsigned long n;
	int s, i;

	set_action(SIGUSR1, plain_handler, NULL);
	rump_attach(PRI_NORMAL);
	me = curproc_get();
	memset(&k, 0, sizeof(k));
	k.target = pthread_self();
	k.sig = SIGUSR1;
	ATF_REQUIRE(pthread_create(&t, NULL, sender_thread, &k) == 0);

	s = splhigh();
	n = rump_proc_npreempt(me);
	__atomic_store_n(&k.go, 1, __ATOMIC_RELEASE);
	end = nanouptime() + WAIT_NS;
	do {
		preempt();
		ATF_REQUIRE(nanouptime() < end);
	} while (!__atomic_load_n(&k.sent, __ATOMIC_ACQUIRE));
	/* Delivered to this thread by now, or pending for it. */
	for (i = 0; i < 100; i++) {
		preempt();
		ATF_REQUIRE(sigpending(&set) == 0);
		if (sigismember(&set, SIGUSR1))
			break;
	}
	ATF_CHECK(sigismember(&set, SIGUSR1));
	ATF_CHECK(rump_proc_npreempt(me) > n);
	ATF_CHECK(!intr_enabled());
	ATF_CHECK_EQ(nplain, 0);
	splx(s);
	ATF_CHECK_EQ(nplain, 1);
	ATF_CHECK(intr_enabled());
	pthread_join(t, NULL);
}

/*
 * A storm: another thread queues numbered real-time signals at a
 * thread that keeps entering and leaving masked sections (nested,
 * through ilock, and across preempt()).  Every one runs exactly once,
 * in the order sent, on the receiving thread, never while masked and
 * always with interrupts off.
 */
#define	STORM_N		20000
/*
 * ThreadSanitizer queues a signal that arrives outside a blocking call
 * in one slot per signal number and drops a second one while the
 * first waits there: under it, one signal in flight at a time.
 */
#if defined(__SANITIZE_THREAD__)
#define	STORM_WINDOW	1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define	STORM_WINDOW	1
#endif
#endif
#ifndef STORM_WINDOW
#define	STORM_WINDOW	8
#endif

static pthread_t	storm_rx;
static volatile int	storm_masked;	/* the receiver is in a section */
static volatile int	storm_stop;
static int		storm_next;	/* the number expected next */
static int		storm_bad_order, storm_bad_thread, storm_bad_masked,
			storm_bad_level;
static Lock		storm_lock = LOCK_INITIALIZER;

static void
storm_handler(int sig, siginfo_t *si, void *uc)
{

	(void)sig;
	(void)uc;
	if (!pthread_equal(pthread_self(), storm_rx))
		storm_bad_thread++;
	if (storm_masked)
		storm_bad_masked++;
	if (intr_enabled())
		storm_bad_level++;
	if (si->si_value.sival_int != storm_next)
		storm_bad_order++;
	__atomic_store_n(&storm_next, si->si_value.sival_int + 1,
	    __ATOMIC_RELEASE);
}

static void *
storm_sender(void *arg)
{
	union sigval v;
	uint64_t end = nanouptime() + WAIT_NS;
	int i, r;

	(void)arg;
	for (i = 0; i < STORM_N; i++) {
		/* Several in flight, a bounded number. */
		while (i - __atomic_load_n(&storm_next, __ATOMIC_ACQUIRE) >=
		    STORM_WINDOW) {
			if (nanouptime() > end)
				return NULL;
			sched_yield();
		}
		v.sival_int = i;
		while ((r = pthread_sigqueue(storm_rx, SIGRTMIN, v)) == EAGAIN)
			sched_yield();
		if (r != 0)
			return NULL;
	}
	return NULL;
}

static void
storm_section(int i)
{
	int s, s2;
	volatile int spin;

	switch (i % 4) {
	case 0:
		s = splhigh();
		storm_masked = 1;
		for (spin = 0; spin < 200; spin++)
			continue;
		storm_masked = 0;
		splx(s);
		break;
	case 1:
		s = splhigh();
		storm_masked = 1;
		s2 = splraise(IPL_HIGH);
		for (spin = 0; spin < 100; spin++)
			continue;
		splx(s2);
		for (spin = 0; spin < 100; spin++)
			continue;
		storm_masked = 0;
		splx(s);
		break;
	case 2:
		ilock(&storm_lock);
		storm_masked = 1;
		for (spin = 0; spin < 200; spin++)
			continue;
		storm_masked = 0;
		iunlock(&storm_lock);
		break;
	case 3:
		s = splhigh();
		storm_masked = 1;
		preempt();
		storm_masked = 0;
		splx(s);
		break;
	}
}

ATF_TC(storm);
ATF_TC_HEAD(storm, tc)
{

	atf_tc_set_md_var(tc, "descr", "numbered signals against masked "
	    "sections: each once, in order, never masked");
	atf_tc_set_md_var(tc, "timeout", "300");
}
ATF_TC_BODY(storm, tc)
{
	pthread_t t;
	uint64_t end;
	int i = 0;

	rump_panic_sethook(panic_fail);
	storm_rx = pthread_self();
	set_action(SIGRTMIN, NULL, storm_handler);
	ATF_REQUIRE(pthread_create(&t, NULL, storm_sender, NULL) == 0);
	end = nanouptime() + 4 * WAIT_NS;
	while (__atomic_load_n(&storm_next, __ATOMIC_ACQUIRE) < STORM_N &&
	    nanouptime() < end)
		storm_section(i++);
	pthread_join(t, NULL);
	ATF_CHECK_EQ(storm_next, STORM_N);
	ATF_CHECK_EQ(storm_bad_order, 0);
	ATF_CHECK_EQ(storm_bad_thread, 0);
	ATF_CHECK_EQ(storm_bad_masked, 0);
	ATF_CHECK_EQ(storm_bad_level, 0);
	ATF_CHECK(intr_enabled());
}

/*
 * Issue 13 item 7: a handler is interrupt context, so unlock() there
 * never offers the CPU to a more urgent ready process.
 */
static Lock		h7_lock = LOCK_INITIALIZER;
static volatile int	h7_enabled = -1;

static void
unlock_handler(int sig)
{

	(void)sig;
	h7_enabled = intr_enabled();
	lock(&h7_lock);
	unlock(&h7_lock);
}

struct urgent {
	struct proc		*p;
	pthread_barrier_t	*bar;
};

static void *
urgent_thread(void *arg)
{
	struct urgent *u = arg;

	rump_attach(PRI_NORMAL + 5);
	u->p = curproc_get();
	rump_proc_setready(u->p, 1);
	pthread_barrier_wait(u->bar);	/* ready */
	pthread_barrier_wait(u->bar);	/* done */
	return NULL;
}

ATF_TC_WITHOUT_HEAD(handler_intr_off);
ATF_TC_BODY(handler_intr_off, tc)
{
	pthread_barrier_t bar;
	struct urgent u;
	struct proc *me;
	pthread_t t;
	unsigned long n;

	set_action(SIGUSR1, unlock_handler, NULL);
	rump_attach(PRI_NORMAL);
	me = curproc_get();
	pthread_barrier_init(&bar, NULL, 2);
	u.bar = &bar;
	ATF_REQUIRE(pthread_create(&t, NULL, urgent_thread, &u) == 0);
	pthread_barrier_wait(&bar);
	ATF_REQUIRE(sched_higher_ready());

	/* In the main flow, unlock() yields to it. */
	n = rump_proc_npreempt(me);
	lock(&h7_lock);
	unlock(&h7_lock);
	ATF_CHECK_EQ(rump_proc_npreempt(me), n + 1);

	/* In a handler, it does not. */
	n = rump_proc_npreempt(me);
	pthread_kill(pthread_self(), SIGUSR1);
	ATF_CHECK_EQ(h7_enabled, 0);
	ATF_CHECK_EQ(rump_proc_npreempt(me), n);
	ATF_CHECK(intr_enabled());

	pthread_barrier_wait(&bar);
	pthread_join(t, NULL);
	pthread_barrier_destroy(&bar);
}

/*
 * Issue 13 item 4: signals landing in the first platform call of
 * threads (and of threads that detached and come back): the handler's
 * own platform calls attach the thread if it is not yet; whichever
 * attach wins, the thread holds one slot.  A leaked slot stays taken,
 * so slots climb and the 65th panics.  A signal that lands on an
 * exiting thread after its slot was given back must not take another.
 */
#define	ATTACH_THREADS	4
#define	ATTACH_NS	500000000ull	/* per attacher */

static int		attach_stop, attach_done;

static void
attach_handler(int sig)
{

	(void)sig;
	(void)cpu_number();
	(void)curproc_get();
}

static void *
attacher(void *arg)
{
	int i;

	(void)arg;
	(void)cpu_number();
	for (i = 0; !__atomic_load_n(&attach_stop, __ATOMIC_RELAXED); i++) {
		rump_detach();
		if (i & 1)
			(void)cpu_number();
		else
			(void)curproc_get();
	}
	/* Alive until the signaller has stopped. */
	__atomic_store_n(&attach_done, 1, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&attach_stop, __ATOMIC_ACQUIRE))
		sched_yield();
	return NULL;
}

static pthread_t	attach_target;

static void *
attach_signaller(void *arg)
{

	(void)arg;
	while (!__atomic_load_n(&attach_stop, __ATOMIC_ACQUIRE))
		pthread_kill(__atomic_load_n(&attach_target,
		    __ATOMIC_ACQUIRE), SIGUSR2);
	return NULL;
}

static void *
short_lived(void *arg)
{

	(void)arg;
	return (void *)(uintptr_t)cpu_number();
}

ATF_TC(attach_interrupted);
ATF_TC_HEAD(attach_interrupted, tc)
{

	atf_tc_set_md_var(tc, "descr", "signals in first platform calls "
	    "leak no CPU slot");
	atf_tc_set_md_var(tc, "timeout", "300");
}
ATF_TC_BODY(attach_interrupted, tc)
{
	pthread_t t[2], sig;
	void *slot;
	uint64_t end;
	int i, j;

	rump_panic_sethook(panic_fail);
	set_action(SIGUSR2, attach_handler, NULL);
	(void)cpu_number();
	for (i = 0; i < ATTACH_THREADS; i++) {
		__atomic_store_n(&attach_stop, 0, __ATOMIC_RELAXED);
		__atomic_store_n(&attach_done, 0, __ATOMIC_RELAXED);
		ATF_REQUIRE(pthread_create(&t[0], NULL, attacher, NULL) == 0);
		__atomic_store_n(&attach_target, t[0], __ATOMIC_RELEASE);
		ATF_REQUIRE(pthread_create(&sig, NULL, attach_signaller,
		    NULL) == 0);
		end = nanouptime() + ATTACH_NS;
		while (!__atomic_load_n(&attach_done, __ATOMIC_ACQUIRE)) {
			/* Short-lived threads, signalled from birth. */
			ATF_REQUIRE(pthread_create(&t[1], NULL, short_lived,
			    NULL) == 0);
			for (j = 0; j < 4; j++)
				pthread_kill(t[1], SIGUSR2);
			ATF_REQUIRE(pthread_join(t[1], &slot) == 0);
			ATF_REQUIRE((uintptr_t)slot < MAXCPUS);
			/*
			 * Until the time is up or a slot has leaked: this
			 * thread, the attacher and a short-lived thread hold
			 * one each, and the last two a second one for an
			 * instant when their handler attached them first.
			 */
			if (nanouptime() > end || rump_cpus_attached() > 5)
				__atomic_store_n(&attach_stop, 1,
				    __ATOMIC_RELEASE);
		}
		/* The signaller stops before the attacher is gone. */
		__atomic_store_n(&attach_stop, 1, __ATOMIC_RELEASE);
		pthread_join(sig, NULL);
		pthread_join(t[0], NULL);
	}
	/* The others have exited: this thread's slot is the only one. */
	ATF_CHECK_EQ_MSG(rump_cpus_attached(), 1, "%u slots held, "
	    "slots used up to %u", rump_cpus_attached(),
	    cpu_index_max() - 1);
}

ATF_TP_ADD_TCS(tp)
{

	ATF_TP_ADD_TC(tp, interposed_calls);
	ATF_TP_ADD_TC(tp, deferred_raises_level);
	ATF_TP_ADD_TC(tp, masked_across_preempt);
	ATF_TP_ADD_TC(tp, storm);
	ATF_TP_ADD_TC(tp, handler_intr_off);
	ATF_TP_ADD_TC(tp, attach_interrupted);
	return atf_no_error();
}
