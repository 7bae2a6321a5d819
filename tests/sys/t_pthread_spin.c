/*	$simplelock: t_pthread_spin.c $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * A client shaped like NetBSD's libpthread, the second kind of user of
 * <machine/lock.h>: its two lock-op tables (the uniprocessor one built
 * only from __cpu_simple_lock_set, _clear and __SIMPLELOCK_LOCKED_P, as
 * the restartable-sequence path is, and the atomic one), a POSIX-shaped
 * spin lock on them, an error-check flag stored as a lock value, and
 * static initialisers whose bytes are part of the ABI.
 */

#include <machine/lock.h>

#include <atf-c.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "archinfo.h"

/* --- The client library ------------------------------------------- */

struct lock_ops {
	void	(*plo_init)(__cpu_simple_lock_t *);
	int	(*plo_try)(__cpu_simple_lock_t *);
	void	(*plo_unlock)(__cpu_simple_lock_t *);
};

/*
 * Uniprocessor ops.  In libpthread the try is a restartable atomic
 * sequence: the kernel restarts it if the thread is preempted inside,
 * so read-then-set is atomic on one CPU.  Here it runs single-threaded.
 */
static void
ras_init(__cpu_simple_lock_t *l)
{

	__cpu_simple_lock_clear(l);
}

static int
ras_try(__cpu_simple_lock_t *l)
{
	int held;

	/* RAS_START */
	held = __SIMPLELOCK_LOCKED_P(l);
	__cpu_simple_lock_set(l);
	/* RAS_END */
	return !held;
}

static void
ras_unlock(__cpu_simple_lock_t *l)
{

	__cpu_simple_lock_clear(l);
}

static const struct lock_ops ras_ops = { ras_init, ras_try, ras_unlock };

static void
atomic_init_op(__cpu_simple_lock_t *l)
{

	__cpu_simple_lock_init(l);
}

static int
atomic_try_op(__cpu_simple_lock_t *l)
{

	return __cpu_simple_lock_try(l);
}

static void
atomic_unlock_op(__cpu_simple_lock_t *l)
{

	__cpu_simple_unlock(l);
}

static const struct lock_ops atomic_ops =
    { atomic_init_op, atomic_try_op, atomic_unlock_op };

static const struct lock_ops *lock_ops = &ras_ops;
static int nspins = 64;

/* libpthread's slow path: poll, try, and yield when the polls run out. */
static void
spinlock_slow(__cpu_simple_lock_t *l)
{
	int n;

	for (;;) {
		for (n = nspins; n > 0; n--) {
			if (!__SIMPLELOCK_LOCKED_P(l))
				break;
		}
		if (lock_ops->plo_try(l))
			return;
		if (n == 0)
			sched_yield();
	}
}

#define	SPIN_MAGIC	0x77770007U
#define	SPIN_DEAD	0xDEAD0007U

typedef struct {
	unsigned int		pts_magic;
	__cpu_simple_lock_t	pts_spin;
#ifdef __CPU_SIMPLE_LOCK_PAD
	uint8_t			pts_pad[3];
#endif
	int			pts_flags;
} spin_t;

#ifdef __CPU_SIMPLE_LOCK_PAD
#if __SIMPLELOCK_UNLOCKED != 0
#error "a padded lock byte must be 0 when free, or the word is endian-bound"
#endif
#define	SPIN_INITIALIZER	{ SPIN_MAGIC, __SIMPLELOCK_UNLOCKED, { 0, 0, 0 }, 0 }
#else
#define	SPIN_INITIALIZER	{ SPIN_MAGIC, __SIMPLELOCK_UNLOCKED, 0 }
#endif

static int
spin_init(spin_t *s, int pshared)
{

	if (pshared != PTHREAD_PROCESS_PRIVATE &&
	    pshared != PTHREAD_PROCESS_SHARED)
		return EINVAL;
	s->pts_magic = SPIN_MAGIC;
	s->pts_flags = pshared;
	lock_ops->plo_init(&s->pts_spin);
	return 0;
}

static int
spin_destroy(spin_t *s)
{

	if (s->pts_magic != SPIN_MAGIC)
		return EINVAL;
	if (!__SIMPLELOCK_UNLOCKED_P(&s->pts_spin))
		return EBUSY;
	s->pts_magic = SPIN_DEAD;
	return 0;
}

static int
spin_lock(spin_t *s)
{

	if (s->pts_magic != SPIN_MAGIC)
		return EINVAL;
	if (!lock_ops->plo_try(&s->pts_spin))
		spinlock_slow(&s->pts_spin);
	return 0;
}

static int
spin_trylock(spin_t *s)
{

	if (s->pts_magic != SPIN_MAGIC)
		return EINVAL;
	return lock_ops->plo_try(&s->pts_spin) ? 0 : EBUSY;
}

static int
spin_unlock(spin_t *s)
{

	if (s->pts_magic != SPIN_MAGIC)
		return EINVAL;
	lock_ops->plo_unlock(&s->pts_spin);
	return 0;
}

/*
 * A mutex-shaped object whose error-check flag is a boolean stored as a
 * lock value, as ptm_errorcheck is: set for error-checking mutexes,
 * read with __SIMPLELOCK_LOCKED_P.
 */
#define	MUTEX_NORMAL		0
#define	MUTEX_ERRORCHECK	1

typedef struct {
	__cpu_simple_lock_t	ptm_errorcheck;
#ifdef __CPU_SIMPLE_LOCK_PAD
	uint8_t			ptm_pad[3];
#endif
	spin_t			ptm_lock;
	int			ptm_owner;
} mutex_t;

static void
mutex_init(mutex_t *m, int type)
{

	if (type == MUTEX_ERRORCHECK)
		__cpu_simple_lock_set(&m->ptm_errorcheck);
	else
		__cpu_simple_lock_clear(&m->ptm_errorcheck);
	spin_init(&m->ptm_lock, PTHREAD_PROCESS_PRIVATE);
	m->ptm_owner = 0;
}

static int
mutex_lock(mutex_t *m, int self)
{

	if (m->ptm_owner == self &&
	    __SIMPLELOCK_LOCKED_P(&m->ptm_errorcheck))
		return EDEADLK;
	spin_lock(&m->ptm_lock);
	m->ptm_owner = self;
	return 0;
}

static int
mutex_unlock(mutex_t *m, int self)
{

	if (m->ptm_owner != self &&
	    __SIMPLELOCK_LOCKED_P(&m->ptm_errorcheck))
		return EPERM;
	m->ptm_owner = 0;
	return spin_unlock(&m->ptm_lock);
}

/* --- Tests ------------------------------------------------------- */

static void
check_spin_api(const struct lock_ops *ops)
{
	spin_t s;

	lock_ops = ops;
	ATF_REQUIRE_EQ(spin_init(&s, 12345), EINVAL);
	ATF_REQUIRE_EQ(spin_init(&s, PTHREAD_PROCESS_PRIVATE), 0);
	ATF_REQUIRE(__SIMPLELOCK_UNLOCKED_P(&s.pts_spin));
	ATF_REQUIRE_EQ(spin_trylock(&s), 0);
	ATF_REQUIRE(__SIMPLELOCK_LOCKED_P(&s.pts_spin));
	ATF_REQUIRE_EQ(spin_trylock(&s), EBUSY);
	ATF_REQUIRE_EQ(spin_destroy(&s), EBUSY);
	ATF_REQUIRE_EQ(spin_unlock(&s), 0);
	ATF_REQUIRE_EQ(spin_lock(&s), 0);
	ATF_REQUIRE_EQ(spin_trylock(&s), EBUSY);
	ATF_REQUIRE_EQ(spin_unlock(&s), 0);
	ATF_REQUIRE_EQ(spin_destroy(&s), 0);
	ATF_REQUIRE_EQ(s.pts_magic, SPIN_DEAD);
	ATF_REQUIRE_EQ(spin_lock(&s), EINVAL);
	ATF_REQUIRE_EQ(spin_destroy(&s), EINVAL);
}

ATF_TC_WITHOUT_HEAD(ras_spin_api);
ATF_TC_BODY(ras_spin_api, tc)
{

	check_spin_api(&ras_ops);
}

ATF_TC_WITHOUT_HEAD(atomic_spin_api);
ATF_TC_BODY(atomic_spin_api, tc)
{

	check_spin_api(&atomic_ops);
}

/* The two op tables agree on the representation: they can be mixed. */
ATF_TC_WITHOUT_HEAD(ops_interchangeable);
ATF_TC_BODY(ops_interchangeable, tc)
{
	__cpu_simple_lock_t l;

	ras_init(&l);
	ATF_REQUIRE(ras_try(&l));
	ATF_REQUIRE(!atomic_try_op(&l));
	atomic_unlock_op(&l);
	ATF_REQUIRE(atomic_try_op(&l));
	ATF_REQUIRE(!ras_try(&l));
	ras_unlock(&l);
	ATF_REQUIRE(__SIMPLELOCK_UNLOCKED_P(&l));
}

static spin_t static_spin = SPIN_INITIALIZER;

/* The static initialiser's lock bytes are the ABI: NetBSD's, per arch. */
ATF_TC_WITHOUT_HEAD(static_initializer);
ATF_TC_BODY(static_initializer, tc)
{
	static const unsigned char want[] = ARCHINFO_UNLOCKED;
	const unsigned char *b;
	size_t i;

	ATF_REQUIRE_EQ(sizeof(want), sizeof(__cpu_simple_lock_t));
	b = (const unsigned char *)&static_spin +
	    offsetof(spin_t, pts_spin);
	for (i = 0; i < sizeof(want); i++)
		ATF_REQUIRE_MSG(b[i] == want[i], "%s: byte %zu is 0x%02x, "
		    "want 0x%02x", ARCHINFO_ARCH, i, b[i], want[i]);
#ifdef __CPU_SIMPLE_LOCK_PAD
	for (i = 0; i < 3; i++)
		ATF_REQUIRE_EQ(static_spin.pts_pad[i], 0);
#endif
	/* And it is a working, free lock. */
	lock_ops = &atomic_ops;
	ATF_REQUIRE_EQ(spin_trylock(&static_spin), 0);
	ATF_REQUIRE_EQ(spin_trylock(&static_spin), EBUSY);
	ATF_REQUIRE_EQ(spin_unlock(&static_spin), 0);
	ATF_REQUIRE_EQ(spin_destroy(&static_spin), 0);
}

ATF_TC_WITHOUT_HEAD(errorcheck_flag);
ATF_TC_BODY(errorcheck_flag, tc)
{
	mutex_t m;

	lock_ops = &atomic_ops;
	mutex_init(&m, MUTEX_ERRORCHECK);
	ATF_REQUIRE(__SIMPLELOCK_LOCKED_P(&m.ptm_errorcheck));
	ATF_REQUIRE_EQ(mutex_lock(&m, 1), 0);
	ATF_REQUIRE_EQ(mutex_lock(&m, 1), EDEADLK);
	ATF_REQUIRE_EQ(mutex_unlock(&m, 2), EPERM);
	ATF_REQUIRE_EQ(mutex_unlock(&m, 1), 0);

	mutex_init(&m, MUTEX_NORMAL);
	ATF_REQUIRE(__SIMPLELOCK_UNLOCKED_P(&m.ptm_errorcheck));
	ATF_REQUIRE_EQ(mutex_lock(&m, 1), 0);
	/* A normal mutex does not check: unlock by another succeeds. */
	ATF_REQUIRE_EQ(mutex_unlock(&m, 2), 0);
	ATF_REQUIRE(__SIMPLELOCK_UNLOCKED_P(&m.ptm_lock.pts_spin));
}

#define	NTHREADS	4
#define	NITER		200000
static spin_t stress_spin = SPIN_INITIALIZER;
static unsigned long stress_count;

static void *
stress_thread(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < NITER; i++) {
		if (i & 1) {
			while (spin_trylock(&stress_spin) == EBUSY)
				continue;
		} else
			spin_lock(&stress_spin);
		stress_count++;
		spin_unlock(&stress_spin);
	}
	return NULL;
}

ATF_TC(atomic_ops_threads);
ATF_TC_HEAD(atomic_ops_threads, tc)
{

	atf_tc_set_md_var(tc, "descr",
	    "The spin API on the atomic ops under 4 threads loses nothing");
	atf_tc_set_md_var(tc, "timeout", "600");
}
ATF_TC_BODY(atomic_ops_threads, tc)
{
	pthread_t t[NTHREADS];
	int i;

	lock_ops = &atomic_ops;
	for (i = 0; i < NTHREADS; i++)
		ATF_REQUIRE(pthread_create(&t[i], NULL, stress_thread,
		    NULL) == 0);
	for (i = 0; i < NTHREADS; i++)
		ATF_REQUIRE(pthread_join(t[i], NULL) == 0);
	ATF_REQUIRE_EQ(stress_count, (unsigned long)NTHREADS * NITER);
	ATF_REQUIRE_EQ(spin_destroy(&stress_spin), 0);
}

ATF_TP_ADD_TCS(tp)
{

	ATF_TP_ADD_TC(tp, ras_spin_api);
	ATF_TP_ADD_TC(tp, atomic_spin_api);
	ATF_TP_ADD_TC(tp, ops_interchangeable);
	ATF_TP_ADD_TC(tp, static_initializer);
	ATF_TP_ADD_TC(tp, errorcheck_flag);
	ATF_TP_ADD_TC(tp, atomic_ops_threads);
	return atf_no_error();
}
