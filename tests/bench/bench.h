/*	$simplelock: tests/bench/bench.h $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * The lock benchmark: what a lock row provides and the two loops every
 * row runs.  The loops are macros, expanded in the file that defines
 * the row, so each lock's operations are inlined into its own loop and
 * a row costs what its lock costs, not an indirect call.
 */

#ifndef _BENCH_H_
#define _BENCH_H_

#include <sched.h>
#include <stddef.h>
#include <stdint.h>

#define	BENCH_LINE	64
#define	BENCH_LOCKMEM	512	/* bytes for one lock of any row */
#define	BENCH_SHORTCS	16	/* words the short critical section updates */

/*
 * What the threads of one contended run share.  The lock, the data it
 * protects and the start/stop flags each have their own cache lines, so
 * only the lock and its data move between CPUs.
 */
struct bench_shared {
	_Alignas(BENCH_LINE) unsigned char lockmem[BENCH_LOCKMEM];

	/* Protected by the lock. */
	_Alignas(BENCH_LINE) volatile uint64_t counter;
	volatile uint64_t handoffs;	/* owner changes */
	volatile uint64_t streak;	/* acquisitions by owner in a row */
	volatile uint64_t maxstreak;	/* the longest such run */
	volatile unsigned int owner;	/* last thread in */
	volatile unsigned int inside;	/* threads in the section now */
	volatile uint64_t overlaps;	/* entries that found inside != 0 */
	volatile uint64_t data[BENCH_SHORTCS];

	_Alignas(BENCH_LINE) volatile int start;
	volatile int stop;
	int shortcs;			/* run the short section */
	int nthreads;
	_Alignas(BENCH_LINE) volatile int ready;
};

struct bench_thread {
	struct bench_shared	*shared;
	unsigned int		 id;
	int			 cpu;		/* pinned to, or -1 */
	uint64_t		 count;		/* acquisitions */
	uint64_t		 failures;	/* lock calls that failed */
	uint64_t		 preempted;	/* involuntary switches */
};

struct bench_lock {
	const char	*name;
	const char	*what;		/* a few words for the table */
	/* npairs lock+unlock pairs on a private lock; returns failures. */
	uint64_t	(*uncont)(uint64_t);
	/* Initialise the lock in shared->lockmem. */
	void		(*init)(struct bench_shared *);
	/* One thread of a contended run. */
	void		(*worker)(struct bench_thread *);
	/* Tear down what init set up (NULL: nothing). */
	void		(*fini)(struct bench_shared *);
};

/* Row tables, each ended by a zeroed entry. */
extern const struct bench_lock bench_rows_cpu_port[];
extern const struct bench_lock bench_rows_cpu_common[];
extern const struct bench_lock bench_rows_peer[];
extern const struct bench_lock bench_rows_kern[];
extern const struct bench_lock bench_rows_check[];	/* only by name */

/*
 * What the kernel locks pay the userland platform for: ns per call of
 * a few <sys/platform.h> operations (rows_kern.c).  Fills up to max
 * entries and returns how many.
 */
struct bench_cost {
	const char	*name;
	double		 ns;
};
int	bench_platform_costs(struct bench_cost *, int, uint64_t);
double	bench_now_ns(void);

/* Wait in a thread for the go signal (bench.c). */
void	bench_thread_ready(struct bench_thread *);

#define	bench_unlikely(x)	__builtin_expect((x) != 0, 0)
#define	bench_barrier()	__asm__ __volatile__("" ::: "memory")

#if defined(__x86_64__) || defined(__i386__)
#define	bench_spin_hint()	__asm__ __volatile__("pause" ::: "memory")
#elif defined(__aarch64__)
#define	bench_spin_hint()	__asm__ __volatile__("yield" ::: "memory")
#else
#define	bench_spin_hint()	bench_barrier()
#endif

/*
 * The critical section.  Besides the shared counter it notes owner
 * changes and overlapping entries, so a lock that does not exclude
 * shows up in the counts, which bench.c checks after every run.
 */
static __inline void
bench_cs(struct bench_shared *s, unsigned int id)
{
	int i;

	if (s->inside++ != 0)
		s->overlaps++;
	s->counter++;
	if (s->owner != id) {
		s->owner = id;
		s->handoffs++;
		s->streak = 0;
	}
	if (++s->streak > s->maxstreak)
		s->maxstreak = s->streak;
	if (s->shortcs) {
		for (i = 0; i < BENCH_SHORTCS; i++)
			s->data[i] += (uint64_t)i + s->counter;
	}
	s->inside--;
}

/*
 * BENCH_UNCONT(fn, decl, lk, ul) defines uint64_t fn(uint64_t npairs),
 * which returns how many lk failed: decl declares and initialises
 * `lockp' (and anything else the row needs); lk and ul are statements
 * on it, and a fallible lk adds to `failed' (ul must then skip).  Four
 * pairs per iteration keep the loop's own cost small.
 */
#define	BENCH_UNCONT(fn, decl, lk, ul)					\
static __attribute__((__noinline__)) uint64_t				\
fn(uint64_t npairs)							\
{									\
	uint64_t i, failed = 0;						\
	decl;								\
									\
	for (i = 0; i < npairs; i += 4) {				\
		lk; ul;							\
		lk; ul;							\
		lk; ul;							\
		lk; ul;							\
	}								\
	return failed;							\
}

/*
 * BENCH_WORKER(fn, decl, lk, ul) defines a contended-run thread body:
 * lock, critical section, unlock, until told to stop.  decl gets `s'
 * and `t' and sets up `lockp'; lk sets `failed' when the lock was not
 * taken, in which case the section and the unlock are skipped.
 */
#define	BENCH_WORKER(fn, decl, lk, ul)					\
static void								\
fn(struct bench_thread *t)						\
{									\
	struct bench_shared *s = t->shared;				\
	uint64_t n = 0, nfail = 0;					\
	int failed = 0;							\
	decl;								\
									\
	bench_thread_ready(t);						\
	while (!__atomic_load_n(&s->stop, __ATOMIC_RELAXED)) {		\
		failed = 0;						\
		lk;							\
		if (__builtin_expect(failed, 0)) {			\
			nfail++;					\
			continue;					\
		}							\
		bench_cs(s, t->id);					\
		ul;							\
		n++;							\
	}								\
	t->count = n;							\
	t->failures = nfail;						\
}

#endif /* !_BENCH_H_ */
