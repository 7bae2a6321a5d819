/*	$simplelock: tests/bench/rows_peer.c $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * Rows for the locks ours are measured against: the floor (the least
 * an exchange lock can do, written out here), glibc's spin lock and
 * mutex, C11 atomic_flag, and Concurrency Kit where its headers are
 * installed (libck-dev), for native builds only.
 */

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "bench.h"

/*
 * Debian's cross compilers also search /usr/include, where the host's
 * libck-dev put a ck_md.h configured for the host (TSO on amd64, which
 * would drop every fence on arm64): mk/bench.mk sets BENCH_NO_CK for
 * any cross build.
 */
#if defined(__has_include) && !defined(BENCH_NO_CK)
#if __has_include(<ck_spinlock.h>)
#define	BENCH_HAVE_CK	1
#include <ck_spinlock.h>
#endif
#endif

/*
 * The floor: one exchange to take the lock and a plain release store
 * to drop it.  On x86 that is xchgb and movb; elsewhere the compiler's
 * acquire exchange and release store.  Waiters read before retrying.
 */
typedef volatile unsigned char floor_t;

/* Returns what the lock held before: 0 if we took it. */
static __inline unsigned char
floor_xchg(floor_t *l)
{
#if defined(__x86_64__) || defined(__i386__)
	unsigned char v = 1;

	__asm__ __volatile__("xchgb %0, %1" : "+q" (v), "+m" (*l) :: "memory");
	return v;
#else
	return __atomic_exchange_n(l, 1, __ATOMIC_ACQUIRE);
#endif
}

/* Out of line, so the fast path is only the exchange and a branch. */
static __attribute__((__noinline__)) void
floor_wait(floor_t *l)
{

	do {
		while (*l != 0)
			bench_spin_hint();
	} while (floor_xchg(l) != 0);
}

static __inline void
floor_lock(floor_t *l)
{

	if (bench_unlikely(floor_xchg(l) != 0))
		floor_wait(l);
}

static __inline void
floor_unlock(floor_t *l)
{
#if defined(__x86_64__) || defined(__i386__)
	bench_barrier();
	*l = 0;
#else
	__atomic_store_n(l, 0, __ATOMIC_RELEASE);
#endif
}

#define	FLOOR(s)	((floor_t *)(void *)(s)->lockmem)

static void
floor_init(struct bench_shared *s)
{

	*FLOOR(s) = 0;
}

BENCH_UNCONT(floor_uncont,
    static floor_t floor_private;
    floor_t *lockp = &floor_private,
    floor_lock(lockp),
    floor_unlock(lockp))

BENCH_WORKER(floor_worker,
    floor_t *lockp = FLOOR(s),
    floor_lock(lockp),
    floor_unlock(lockp))

/* glibc pthread_spin_lock, called through the PLT as users do. */
#define	PSPIN(s)	((pthread_spinlock_t *)(void *)(s)->lockmem)

static void
pspin_init(struct bench_shared *s)
{

	pthread_spin_init(PSPIN(s), PTHREAD_PROCESS_PRIVATE);
}

static void
pspin_fini(struct bench_shared *s)
{

	pthread_spin_destroy(PSPIN(s));
}

BENCH_UNCONT(pspin_uncont,
    static pthread_spinlock_t pspin_private;
    pthread_spinlock_t *lockp = &pspin_private;
    pthread_spin_init(lockp, PTHREAD_PROCESS_PRIVATE),
    pthread_spin_lock(lockp),
    pthread_spin_unlock(lockp))

BENCH_WORKER(pspin_worker,
    pthread_spinlock_t *lockp = PSPIN(s),
    pthread_spin_lock(lockp),
    pthread_spin_unlock(lockp))

/* glibc pthread_mutex_lock, default (normal) mutex. */
#define	PMTX(s)	((pthread_mutex_t *)(void *)(s)->lockmem)

static void
pmtx_init(struct bench_shared *s)
{

	pthread_mutex_init(PMTX(s), NULL);
}

static void
pmtx_fini(struct bench_shared *s)
{

	pthread_mutex_destroy(PMTX(s));
}

BENCH_UNCONT(pmtx_uncont,
    static pthread_mutex_t pmtx_private = PTHREAD_MUTEX_INITIALIZER;
    pthread_mutex_t *lockp = &pmtx_private,
    pthread_mutex_lock(lockp),
    pthread_mutex_unlock(lockp))

BENCH_WORKER(pmtx_worker,
    pthread_mutex_t *lockp = PMTX(s),
    pthread_mutex_lock(lockp),
    pthread_mutex_unlock(lockp))

/*
 * C11 atomic_flag: test-and-set with acquire, clear with release.  C
 * has no way to read a flag without setting it, so waiters keep
 * exchanging (test-and-set, not test-and-test-and-set).
 */
#define	AFLAG(s)	((atomic_flag *)(void *)(s)->lockmem)

static __inline void
aflag_lock(atomic_flag *f)
{

	while (bench_unlikely(atomic_flag_test_and_set_explicit(f,
	    memory_order_acquire)))
		bench_spin_hint();
}

static void
aflag_init(struct bench_shared *s)
{

	atomic_flag_clear(AFLAG(s));
}

BENCH_UNCONT(aflag_uncont,
    static atomic_flag aflag_private = ATOMIC_FLAG_INIT;
    atomic_flag *lockp = &aflag_private,
    aflag_lock(lockp),
    atomic_flag_clear_explicit(lockp, memory_order_release))

BENCH_WORKER(aflag_worker,
    atomic_flag *lockp = AFLAG(s),
    aflag_lock(lockp),
    atomic_flag_clear_explicit(lockp, memory_order_release))

#ifdef BENCH_HAVE_CK
/* Concurrency Kit: fetch-and-store, ticket and MCS. */
#define	CKFAS(s)	((ck_spinlock_fas_t *)(void *)(s)->lockmem)
#define	CKTKT(s)	((ck_spinlock_ticket_t *)(void *)(s)->lockmem)
#define	CKMCS(s)	((ck_spinlock_mcs_t *)(void *)(s)->lockmem)

static void
ckfas_init(struct bench_shared *s)
{

	ck_spinlock_fas_init(CKFAS(s));
}

BENCH_UNCONT(ckfas_uncont,
    static ck_spinlock_fas_t ckfas_private = CK_SPINLOCK_FAS_INITIALIZER;
    ck_spinlock_fas_t *lockp = &ckfas_private,
    ck_spinlock_fas_lock(lockp),
    ck_spinlock_fas_unlock(lockp))

BENCH_WORKER(ckfas_worker,
    ck_spinlock_fas_t *lockp = CKFAS(s),
    ck_spinlock_fas_lock(lockp),
    ck_spinlock_fas_unlock(lockp))

static void
cktkt_init(struct bench_shared *s)
{

	ck_spinlock_ticket_init(CKTKT(s));
}

BENCH_UNCONT(cktkt_uncont,
    static ck_spinlock_ticket_t cktkt_private =
	CK_SPINLOCK_TICKET_INITIALIZER;
    ck_spinlock_ticket_t *lockp = &cktkt_private,
    ck_spinlock_ticket_lock(lockp),
    ck_spinlock_ticket_unlock(lockp))

BENCH_WORKER(cktkt_worker,
    ck_spinlock_ticket_t *lockp = CKTKT(s),
    ck_spinlock_ticket_lock(lockp),
    ck_spinlock_ticket_unlock(lockp))

/* The queue word is the lock; each thread brings its own node. */
static void
ckmcs_init(struct bench_shared *s)
{

	ck_spinlock_mcs_init(CKMCS(s));
}

BENCH_UNCONT(ckmcs_uncont,
    static ck_spinlock_mcs_t ckmcs_private = CK_SPINLOCK_MCS_INITIALIZER;
    static struct ck_spinlock_mcs ckmcs_node;
    ck_spinlock_mcs_t *lockp = &ckmcs_private,
    ck_spinlock_mcs_lock(lockp, &ckmcs_node),
    ck_spinlock_mcs_unlock(lockp, &ckmcs_node))

BENCH_WORKER(ckmcs_worker,
    ck_spinlock_mcs_t *lockp = CKMCS(s);
    _Alignas(BENCH_LINE) struct ck_spinlock_mcs node,
    ck_spinlock_mcs_lock(lockp, &node),
    ck_spinlock_mcs_unlock(lockp, &node))
#endif /* BENCH_HAVE_CK */

const struct bench_lock bench_rows_peer[] = {
	{ "floor", "inline xchg + plain store",
	    floor_uncont, floor_init, floor_worker, NULL },
	{ "pthread_spin", "glibc pthread_spin_lock",
	    pspin_uncont, pspin_init, pspin_worker, pspin_fini },
	{ "pthread_mutex", "glibc pthread_mutex_lock",
	    pmtx_uncont, pmtx_init, pmtx_worker, pmtx_fini },
	{ "atomic_flag", "C11 atomic_flag test-and-set",
	    aflag_uncont, aflag_init, aflag_worker, NULL },
#ifdef BENCH_HAVE_CK
	{ "ck_fas", "ck_spinlock_fas",
	    ckfas_uncont, ckfas_init, ckfas_worker, NULL },
	{ "ck_ticket", "ck_spinlock_ticket",
	    cktkt_uncont, cktkt_init, cktkt_worker, NULL },
	{ "ck_mcs", "ck_spinlock_mcs",
	    ckmcs_uncont, ckmcs_init, ckmcs_worker, NULL },
#endif
	{ NULL, NULL, NULL, NULL, NULL, NULL }
};

/*
 * Not a lock: nothing at all.  Only run when named (bench -s nolock),
 * to show that the exclusion check after each run catches a lock that
 * does not exclude.
 */
static void
nolock_init(struct bench_shared *s)
{

	(void)s;
}

BENCH_UNCONT(nolock_uncont,
    static volatile int nolock_private;
    volatile int *lockp = &nolock_private,
    (void)*lockp,
    (void)*lockp)

BENCH_WORKER(nolock_worker,
    volatile int *lockp = (volatile int *)(void *)s->lockmem,
    (void)*lockp,
    (void)*lockp)

const struct bench_lock bench_rows_check[] = {
	{ "nolock", "no lock: checks the checker",
	    nolock_uncont, nolock_init, nolock_worker, NULL },
	{ NULL, NULL, NULL, NULL, NULL, NULL }
};
