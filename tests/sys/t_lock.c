/*	$simplelock: t_lock.c $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * __cpu_simple_lock(9): semantics, a release from a signal handler,
 * mutual exclusion and message passing under threads, and the
 * representation against mk/arches.tab.  Built as userland code
 * (t_lock) and again as bare-metal kernel code with LOCKDEBUG
 * (t_lock_kernel), which adds the SPINLOCK_* macros; and inside the
 * bare-metal kernel (tests/kernel), through an ATF-shaped shim where
 * threads are kernel threads on real CPUs and the signal is the timer.
 */

#include <sys/lock.h>

#include <atf-c.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

#include "archinfo.h"

#define	NTHREADS	4
#ifndef NITER			/* the bare-metal kernel scales it */
#define	NITER		1000000
#endif

static void
require_free(const __cpu_simple_lock_t *lp)
{

	ATF_REQUIRE(__SIMPLELOCK_UNLOCKED_P(lp));
	ATF_REQUIRE(!__SIMPLELOCK_LOCKED_P(lp));
}

static void
require_held(const __cpu_simple_lock_t *lp)
{

	ATF_REQUIRE(__SIMPLELOCK_LOCKED_P(lp));
	ATF_REQUIRE(!__SIMPLELOCK_UNLOCKED_P(lp));
}

static __cpu_simple_lock_t static_free = __SIMPLELOCK_UNLOCKED;
static __cpu_simple_lock_t static_held = __SIMPLELOCK_LOCKED;

ATF_TC_WITHOUT_HEAD(init);
ATF_TC_BODY(init, tc)
{
	__cpu_simple_lock_t l;

	/* Statically initialised locks read as what they say. */
	require_free(&static_free);
	require_held(&static_held);
	ATF_REQUIRE_EQ(__cpu_simple_lock_try(&static_held), 0);

	/* init makes any bytes a free lock. */
	memset((void *)&l, 0xa5, sizeof(l));
	__cpu_simple_lock_init(&l);
	require_free(&l);
	ATF_REQUIRE_EQ(__cpu_simple_lock_try(&l), 1);
	require_held(&l);
	__cpu_simple_lock_init(&l);
	require_free(&l);
}

ATF_TC_WITHOUT_HEAD(try);
ATF_TC_BODY(try, tc)
{
	__cpu_simple_lock_t l;

	__cpu_simple_lock_init(&l);
	/* Exactly 1 on success and 0 on failure, as documented. */
	ATF_REQUIRE_EQ(__cpu_simple_lock_try(&l), 1);
	require_held(&l);
	ATF_REQUIRE_EQ(__cpu_simple_lock_try(&l), 0);
	ATF_REQUIRE_EQ(__cpu_simple_lock_try(&l), 0);
	require_held(&l);
	__cpu_simple_unlock(&l);
	require_free(&l);
	ATF_REQUIRE_EQ(__cpu_simple_lock_try(&l), 1);
	__cpu_simple_unlock(&l);
	require_free(&l);
}

ATF_TC_WITHOUT_HEAD(lock_unlock);
ATF_TC_BODY(lock_unlock, tc)
{
	__cpu_simple_lock_t l;
	int i;

	__cpu_simple_lock_init(&l);
	for (i = 0; i < 3; i++) {
		__cpu_simple_lock(&l);
		require_held(&l);
		ATF_REQUIRE_EQ(__cpu_simple_lock_try(&l), 0);
		__cpu_simple_unlock(&l);
		require_free(&l);
	}
}

/*
 * set and clear write the lock's own values (libpthread's uniprocessor
 * lock is built from them), so try and the predicates agree with them.
 */
ATF_TC_WITHOUT_HEAD(set_clear);
ATF_TC_BODY(set_clear, tc)
{
	__cpu_simple_lock_t l;

	__cpu_simple_lock_init(&l);
	__cpu_simple_lock_set(&l);
	require_held(&l);
	ATF_REQUIRE_EQ(__cpu_simple_lock_try(&l), 0);
	__cpu_simple_lock_clear(&l);
	require_free(&l);
	ATF_REQUIRE_EQ(__cpu_simple_lock_try(&l), 1);
	require_held(&l);
	__cpu_simple_lock_clear(&l);
	require_free(&l);
}

/*
 * NetBSD's t_lock: take the lock twice.  The second acquire must spin,
 * burning user time, until the virtual timer's handler releases it.
 * A lock that does not wait returns before the handler ran; a spin that
 * never re-reads memory hangs until the timeout.
 */
static __cpu_simple_lock_t sig_lock;
static volatile sig_atomic_t sig_handled;

static void
sig_release(int signo)
{

	(void)signo;
	sig_handled = 1;
	__cpu_simple_unlock(&sig_lock);
}

ATF_TC(signal_release);
ATF_TC_HEAD(signal_release, tc)
{

	atf_tc_set_md_var(tc, "descr",
	    "A held lock is acquired once a signal handler releases it");
	atf_tc_set_md_var(tc, "timeout", "30");
}
ATF_TC_BODY(signal_release, tc)
{
	struct sigaction sa;
	struct itimerval itv;

	__cpu_simple_lock_init(&sig_lock);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = sig_release;
	sigemptyset(&sa.sa_mask);
	ATF_REQUIRE(sigaction(SIGVTALRM, &sa, NULL) == 0);
	memset(&itv, 0, sizeof(itv));
	itv.it_value.tv_usec = 100000;
	ATF_REQUIRE(setitimer(ITIMER_VIRTUAL, &itv, NULL) == 0);

	__cpu_simple_lock(&sig_lock);
	ATF_REQUIRE(!sig_handled);
	__cpu_simple_lock(&sig_lock);
	ATF_REQUIRE_MSG(sig_handled,
	    "second __cpu_simple_lock returned while the lock was held");
	require_held(&sig_lock);
	__cpu_simple_unlock(&sig_lock);
	require_free(&sig_lock);
}

/*
 * Mutual exclusion: a plain counter and an owner slot, written only
 * under the lock.  A lost update, an owner that changes inside the
 * critical section, or a lock that reads free while held, is a bug.
 */
static struct {
	__cpu_simple_lock_t lock;
	char pad[64];
	unsigned long counter;
	int owner;
	int bad;
	int mixed;
} ex;

static void *
ex_thread(void *arg)
{
	int id = (int)(long)arg;
	int use_try = ex.mixed && (id & 1);
	long i;

	for (i = 0; i < NITER; i++) {
		if (use_try) {
			while (!__cpu_simple_lock_try(&ex.lock))
				continue;
		} else
			__cpu_simple_lock(&ex.lock);
		if (!__SIMPLELOCK_LOCKED_P(&ex.lock))
			ex.bad = 1;
		ex.owner = id;
		ex.counter++;
		if (ex.owner != id)
			ex.bad = 1;
		__cpu_simple_unlock(&ex.lock);
	}
	return NULL;
}

static void
run_exclusion(int mixed)
{
	pthread_t t[NTHREADS];
	long i;

	__cpu_simple_lock_init(&ex.lock);
	ex.counter = 0;
	ex.bad = 0;
	ex.mixed = mixed;
	for (i = 0; i < NTHREADS; i++)
		ATF_REQUIRE(pthread_create(&t[i], NULL, ex_thread,
		    (void *)i) == 0);
	for (i = 0; i < NTHREADS; i++)
		ATF_REQUIRE(pthread_join(t[i], NULL) == 0);
	ATF_CHECK_EQ_MSG(ex.counter, (unsigned long)NTHREADS * NITER,
	    "lost updates: counter %lu, expected %lu", ex.counter,
	    (unsigned long)NTHREADS * NITER);
	ATF_CHECK_MSG(!ex.bad, "two threads inside the critical section");
	require_free(&ex.lock);
}

ATF_TC(exclusion_lock);
ATF_TC_HEAD(exclusion_lock, tc)
{

	atf_tc_set_md_var(tc, "descr",
	    "4 threads x 10^6 increments under __cpu_simple_lock");
	atf_tc_set_md_var(tc, "timeout", "600");
}
ATF_TC_BODY(exclusion_lock, tc)
{

	run_exclusion(0);
}

ATF_TC(exclusion_mixed);
ATF_TC_HEAD(exclusion_mixed, tc)
{

	atf_tc_set_md_var(tc, "descr",
	    "4 threads x 10^6 increments, half spinning on try");
	atf_tc_set_md_var(tc, "timeout", "600");
}
ATF_TC_BODY(exclusion_mixed, tc)
{

	run_exclusion(1);
}

/*
 * Message passing: each holder checks that all words carry the value
 * the previous holder wrote, then writes the next.  Writes made before
 * an unlock must be seen after the next acquire, whole.
 */
#define	MP_WORDS	8
#define	MP_ROUNDS	200000
static struct {
	__cpu_simple_lock_t lock;
	char pad[64];
	unsigned long data[MP_WORDS];
	int bad;
} mp;

static void *
mp_thread(void *arg)
{
	unsigned long v;
	int i, k;

	(void)arg;
	for (i = 0; i < MP_ROUNDS; i++) {
		__cpu_simple_lock(&mp.lock);
		v = mp.data[0];
		for (k = 1; k < MP_WORDS; k++)
			if (mp.data[k] != v)
				mp.bad = 1;
		for (k = 0; k < MP_WORDS; k++)
			mp.data[k] = v + 1;
		__cpu_simple_unlock(&mp.lock);
	}
	return NULL;
}

ATF_TC(message_passing);
ATF_TC_HEAD(message_passing, tc)
{

	atf_tc_set_md_var(tc, "descr",
	    "Data written before unlock is seen after the next acquire");
	atf_tc_set_md_var(tc, "timeout", "600");
}
ATF_TC_BODY(message_passing, tc)
{
	pthread_t t[2];
	int i;

	__cpu_simple_lock_init(&mp.lock);
	for (i = 0; i < 2; i++)
		ATF_REQUIRE(pthread_create(&t[i], NULL, mp_thread, NULL) == 0);
	for (i = 0; i < 2; i++)
		ATF_REQUIRE(pthread_join(t[i], NULL) == 0);
	ATF_CHECK_MSG(!mp.bad, "a holder saw a torn or stale message");
	for (i = 0; i < MP_WORDS; i++)
		ATF_CHECK_EQ(mp.data[i], 2UL * MP_ROUNDS);
}

#if !defined(_KERNEL) || defined(__BM_ATF_SHIM)
/*
 * The representation is NetBSD's, as mk/arches.tab records it: the
 * table is what the manual page and README print.
 */
static void
require_bytes(const char *what, const void *p, const unsigned char *want,
    size_t n)
{
	const unsigned char *b = (const unsigned char *)p;
	size_t i;

	for (i = 0; i < n; i++)
		ATF_REQUIRE_MSG(b[i] == want[i],
		    "%s: byte %zu is 0x%02x, mk/arches.tab says 0x%02x",
		    what, i, b[i], want[i]);
}

/*
 * 32-bit ARM's bare-metal kernel lock is a byte (NetBSD's kernel form;
 * the table's row is the userland and rump word): the byte the
 * little-endian word's value lives in.
 */
#if defined(__SL_ARM_LOCK_SIZE) && __SL_ARM_LOCK_SIZE == 1 && \
    ARCHINFO_SIZE == 4
#define	REP_SIZE	1
#define	REP_ALIGN	1
#else
#define	REP_SIZE	ARCHINFO_SIZE
#define	REP_ALIGN	ARCHINFO_ALIGN
#endif

ATF_TC_WITHOUT_HEAD(representation);
ATF_TC_BODY(representation, tc)
{
	static const unsigned char locked[] = ARCHINFO_LOCKED;
	static const unsigned char unlocked[] = ARCHINFO_UNLOCKED;
	__cpu_simple_lock_t l;

	ATF_REQUIRE_EQ_MSG(sizeof(__cpu_simple_lock_t), REP_SIZE,
	    "%s: sizeof is %zu", ARCHINFO_ARCH, sizeof(__cpu_simple_lock_t));
	ATF_REQUIRE_EQ_MSG(__alignof__(__cpu_simple_lock_t), REP_ALIGN,
	    "%s: alignment is %zu", ARCHINFO_ARCH,
	    (size_t)__alignof__(__cpu_simple_lock_t));
	ATF_REQUIRE_EQ(sizeof(locked), ARCHINFO_SIZE);
	ATF_REQUIRE_EQ(sizeof(unlocked), ARCHINFO_SIZE);
	require_bytes("__SIMPLELOCK_LOCKED", (const void *)&static_held,
	    locked, REP_SIZE);
	require_bytes("__SIMPLELOCK_UNLOCKED", (const void *)&static_free,
	    unlocked, REP_SIZE);

	memset((void *)&l, 0x5a, sizeof(l));
	__cpu_simple_lock_init(&l);
	require_bytes("after __cpu_simple_lock_init", (const void *)&l,
	    unlocked, REP_SIZE);
#if ARCHINFO_SIZE <= 8
	/* A scalar lock word: the operations store exactly these. */
	__cpu_simple_lock(&l);
	require_bytes("after __cpu_simple_lock", (const void *)&l,
	    locked, REP_SIZE);
	__cpu_simple_unlock(&l);
	require_bytes("after __cpu_simple_unlock", (const void *)&l,
	    unlocked, REP_SIZE);
	__cpu_simple_lock_set(&l);
	require_bytes("after __cpu_simple_lock_set", (const void *)&l,
	    locked, REP_SIZE);
	__cpu_simple_lock_clear(&l);
	require_bytes("after __cpu_simple_lock_clear", (const void *)&l,
	    unlocked, REP_SIZE);
#endif
}
#endif /* !_KERNEL || __BM_ATF_SHIM */

#ifdef _KERNEL
/* NetBSD's backoff: 4, 8, ..., 128, then 128 for ever. */
ATF_TC_WITHOUT_HEAD(backoff_sequence);
ATF_TC_BODY(backoff_sequence, tc)
{
	static const int want[] = { 4, 8, 16, 32, 64, 128, 128, 128 };
	int count = SPINLOCK_BACKOFF_MIN;
	size_t i;

	ATF_REQUIRE_EQ(SPINLOCK_BACKOFF_MIN, 4);
	ATF_REQUIRE_EQ(SPINLOCK_BACKOFF_MAX, 128);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		ATF_REQUIRE_EQ_MSG(count, want[i],
		    "backoff step %zu: count %d, want %d", i, count, want[i]);
		SPINLOCK_BACKOFF(count);
	}
}

/*
 * A LOCKDEBUG spin loop on a lock nobody releases ends by spinout
 * after exactly SPINLOCK_SPINOUT_MAX + 2 polls (the counter is
 * post-incremented and compared with >), as NetBSD's does.
 */
ATF_TC_WITHOUT_HEAD(spinout);
ATF_TC_BODY(spinout, tc)
{
	__cpu_simple_lock_t l;
	int count = SPINLOCK_BACKOFF_MIN;
	unsigned spins = 0;
	int out = 0;

	__cpu_simple_lock_init(&l);
	__cpu_simple_lock(&l);
	while (__SIMPLELOCK_LOCKED_P(&l)) {
		SPINLOCK_BACKOFF(count);
		SPINLOCK_SPIN_HOOK;
		if (SPINLOCK_SPINOUT(spins)) {
			out = 1;
			break;
		}
	}
	ATF_REQUIRE(out);
	ATF_REQUIRE_EQ(spins, SPINLOCK_SPINOUT_MAX + 2);
	ATF_REQUIRE_EQ(count, SPINLOCK_BACKOFF_MAX);
	__cpu_simple_unlock(&l);
}
#endif /* _KERNEL */

ATF_TP_ADD_TCS(tp)
{

	ATF_TP_ADD_TC(tp, init);
	ATF_TP_ADD_TC(tp, try);
	ATF_TP_ADD_TC(tp, lock_unlock);
	ATF_TP_ADD_TC(tp, set_clear);
	ATF_TP_ADD_TC(tp, signal_release);
	ATF_TP_ADD_TC(tp, exclusion_lock);
	ATF_TP_ADD_TC(tp, exclusion_mixed);
	ATF_TP_ADD_TC(tp, message_passing);
#if !defined(_KERNEL) || defined(__BM_ATF_SHIM)
	ATF_TP_ADD_TC(tp, representation);
#endif
#ifdef _KERNEL
	ATF_TP_ADD_TC(tp, backoff_sequence);
	ATF_TP_ADD_TC(tp, spinout);
#endif
	return atf_no_error();
}
