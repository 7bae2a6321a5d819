/*	$simplelock: kern/kern_rqspinlock.c $	*/

/*
 * res_spin_lock(9): the waiting side of the resilient queued spin lock.
 *
 * The fast path (<sys/rqspinlock.h>) has pushed the lock on this CPU's
 * held-locks stack and found the word taken.  Waiters form an MCS
 * queue through the tail half of the word, one node per CPU; only the
 * head of the queue watches the owner, and only the head checks for
 * deadlock and keeps a deadline:
 *
 *	AA	the lock is already on this CPU's stack: at once, before
 *		queueing, and when the wait starts;
 *	ABBA	another CPU holds our lock and wants one we hold: a scan
 *		of the other stacks, once a millisecond while waiting;
 *	timeout	the owner kept it past the deadline.
 *
 * A head that finds a deadlock hands the queue to the next waiter (or
 * empties it) and fails with -EDEADLK: those behind it did nothing
 * wrong.  A head that times out tells the next waiter to give up too,
 * which passes it down the queue, so every waiter stuck behind a
 * stalled owner leaves within about one timeout and the word is left
 * as the owner has it.  Non-head waiters have no clock of their own:
 * what they wait for is always bounded by the head's.
 *
 * Two kinds of waiter never queue; they spin on the word itself, with
 * the same checks on every wait, and take it whenever it is free:
 *
 *  - one that holds other resilient locks.  Only such a waiter can be
 *    part of a deadlock, and it must stay free to see it and leave;
 *    this is also what lets one side of an ABBA pair rely on the
 *    other to back off (rqs_check_abba());
 *  - an interrupt (a signal, in userland) that finds this CPU's node
 *    in use: queued, it could wait behind the flow it interrupted.
 */

#include <sys/rqspinlock.h>
#include <sys/lock.h>
#include <sys/platform.h>

#include <stddef.h>

#define	RQS_TAIL_SHIFT		16
#define	RQS_TAIL(cpu)		(((uint32_t)(cpu) + 1) << RQS_TAIL_SHIFT)
#define	RQS_TAIL_CPU(val)	(((val) >> RQS_TAIL_SHIFT) - 1)

/* A queued waiter's node says what to do next. */
#define	RQS_WAIT		0	/* not yet */
#define	RQS_HEAD		1	/* you are the head now */
#define	RQS_ABORT		2	/* the head timed out: leave */

/* Spins between looks at the clock; a power of 2. */
#define	RQS_CHECK_SPINS		1024
/* Nanoseconds between ABBA scans. */
#define	RQS_ABBA_PERIOD		1000000

struct rqs_node {
	struct rqs_node	*next;		/* the waiter behind us */
	uint32_t	state;		/* RQS_* */
	int		busy;		/* in use by this CPU */
} __attribute__((__aligned__(64)));

/* One waiting loop's checks. */
struct rqs_wait {
	uint64_t	end;		/* deadline; 0 before the first check */
	uint64_t	abba;		/* next ABBA scan */
	unsigned int	spin;
};

struct __sl_rqs_held	__sl_rqs_held_locks[MAXCPUS];
static struct rqs_node	rqs_nodes[MAXCPUS];
static uint64_t		rqs_timeout = RES_DEF_TIMEOUT;

_Static_assert(sizeof(struct bpf_res_spin_lock) == sizeof(rqspinlock_t),
    "bpf_res_spin_lock is not the size of rqspinlock_t");
_Static_assert(_Alignof(struct bpf_res_spin_lock) == _Alignof(rqspinlock_t),
    "bpf_res_spin_lock is not aligned as rqspinlock_t");
_Static_assert(MAXCPUS < (1 << (32 - RQS_TAIL_SHIFT)),
    "too many CPUs for the tail");

uint64_t
res_spin_lock_settimeout(uint64_t nsec)
{
	uint64_t old = rqs_timeout;

	rqs_timeout = nsec != 0 ? nsec : RES_DEF_TIMEOUT;
	return old;
}

/* Is lock among this CPU's entries below the top (the attempt)? */
static int
rqs_held_below(const struct __sl_rqs_held *h, const rqspinlock_t *lock)
{
	int cnt = __atomic_load_n(&h->cnt, __ATOMIC_RELAXED);
	int i, n;

	/* Past RES_NR_HELD the attempt has no entry: all are below it. */
	n = cnt > RES_NR_HELD ? RES_NR_HELD : cnt - 1;
	for (i = 0; i < n; i++) {
		if (__atomic_load_n(&h->locks[i], __ATOMIC_RELAXED) == lock)
			return 1;
	}
	return 0;
}

/*
 * ABBA: find the CPU that holds our lock (it has it below its top)
 * and see whether the lock it is after (its top) is one we hold.  Only
 * one CPU can hold ours, so finding it settles the question; a free
 * word ends the scan, as the lock may be ours to take.
 *
 * Both sides of the cycle see it.  Only one needs to give up, and the
 * one that does is the one taking the two locks in descending address
 * order; the other waits for it to leave.  It can rely on that: a
 * waiter holding locks always waits beside the queue, checking.
 */
static int
rqs_check_abba(const struct __sl_rqs_held *h, rqspinlock_t *lock)
{
	const struct __sl_rqs_held *r;
	rqspinlock_t *want;
	unsigned int cpu, ncpu = cpu_index_max();
	int cnt, i;

	for (cpu = 0; cpu < ncpu && cpu < MAXCPUS; cpu++) {
		if ((__atomic_load_n(&lock->val, __ATOMIC_RELAXED) &
		    __SL_RQS_LOCKED_MASK) == 0)
			return 0;
		r = &__sl_rqs_held_locks[cpu];
		if (r == h)
			continue;
		cnt = __atomic_load_n(&r->cnt, __ATOMIC_ACQUIRE);
		if (cnt < 2 || cnt > RES_NR_HELD)
			continue;
		want = __atomic_load_n(&r->locks[cnt - 1], __ATOMIC_RELAXED);
		if (want == NULL)
			continue;
		for (i = 0; i < cnt - 1; i++) {
			if (__atomic_load_n(&r->locks[i], __ATOMIC_RELAXED) ==
			    lock)
				break;
		}
		if (i == cnt - 1)
			continue;
		if (!rqs_held_below(h, want))
			return 0;
		return (uintptr_t)want > (uintptr_t)lock ? -EDEADLK : 0;
	}
	return 0;
}

/* The clock and the detectors, out of the way of the spin loop. */
static int __attribute__((__noinline__))
rqs_check_slow(rqspinlock_t *lock, const struct __sl_rqs_held *h,
    struct rqs_wait *w)
{
	uint64_t now;

	if (w->end == 0) {
		/* A new wait: AA before anything, then set the clocks. */
		if (rqs_held_below(h, lock))
			return -EDEADLK;
		now = nanouptime();
		w->end = now + rqs_timeout;
		w->abba = now + RQS_ABBA_PERIOD;
		if (w->end == 0)
			w->end = 1;
		return 0;
	}
	now = nanouptime();
	if (now >= w->abba) {
		if (rqs_check_abba(h, lock) != 0)
			return -EDEADLK;
		w->abba = now + RQS_ABBA_PERIOD;
	}
	if (now > w->end)
		return -ETIMEDOUT;
	return 0;
}

static __inline int
rqs_check(rqspinlock_t *lock, const struct __sl_rqs_held *h,
    struct rqs_wait *w)
{

	if (__sl_predict_true((w->spin++ & (RQS_CHECK_SPINS - 1)) != 0))
		return 0;
	return rqs_check_slow(lock, h, w);
}

/*
 * Wait for the owner to let go and take the word.  mytail is the
 * tail that names us (0 for a waiter outside the queue): if the queue
 * is just us, taking the lock empties it, and we return 1; 0 if others
 * are queued behind us; an error if we gave up.
 */
static int
rqs_wait_owner(rqspinlock_t *lock, const struct __sl_rqs_held *h,
    uint32_t mytail)
{
	struct rqs_wait w = { 0, 0, 0 };
	uint32_t val, nval;
	int error, last;

	for (;;) {
		val = __atomic_load_n(&lock->val, __ATOMIC_RELAXED);
		if ((val & __SL_RQS_LOCKED_MASK) == 0) {
			last = (val & __SL_RQS_TAIL_MASK) == mytail;
			nval = last ? __SL_RQS_LOCKED : val | __SL_RQS_LOCKED;
			if (__atomic_compare_exchange_n(&lock->val, &val,
			    nval, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
				return last;
			continue;
		}
		if ((error = rqs_check(lock, h, &w)) != 0)
			return error;
		__SL_SPIN_HINT();
	}
}

/* Put our tail in the word; return what was there. */
static uint32_t
rqs_xchg_tail(rqspinlock_t *lock, uint32_t tail)
{
	uint32_t val = __atomic_load_n(&lock->val, __ATOMIC_RELAXED);

	while (!__atomic_compare_exchange_n(&lock->val, &val,
	    (val & ~__SL_RQS_TAIL_MASK) | tail, 1, __ATOMIC_ACQ_REL,
	    __ATOMIC_RELAXED))
		continue;
	return val;
}

/*
 * Leave the queue as its head: if we are the tail too, empty it;
 * otherwise tell the next waiter state (RQS_HEAD or RQS_ABORT).
 */
static void
rqs_leave(rqspinlock_t *lock, struct rqs_node *node, uint32_t mytail,
    uint32_t state)
{
	struct rqs_node *next;
	uint32_t val = __atomic_load_n(&lock->val, __ATOMIC_RELAXED);

	while ((val & __SL_RQS_TAIL_MASK) == mytail) {
		if (__atomic_compare_exchange_n(&lock->val, &val,
		    val & ~__SL_RQS_TAIL_MASK, 0, __ATOMIC_RELAXED,
		    __ATOMIC_RELAXED))
			return;
	}
	/* Someone swapped the tail after us; it links in shortly. */
	while ((next = __atomic_load_n(&node->next, __ATOMIC_ACQUIRE)) ==
	    NULL)
		__SL_SPIN_HINT();
	__atomic_store_n(&next->state, state, __ATOMIC_RELEASE);
}

/* Undo the fast path's push and preemption on a failed attempt. */
static int
rqs_fail(struct __sl_rqs_held *h, int error)
{
	int cnt = __atomic_load_n(&h->cnt, __ATOMIC_RELAXED);

	if (cnt <= RES_NR_HELD)
		__atomic_store_n(&h->locks[cnt - 1], (rqspinlock_t *)NULL,
		    __ATOMIC_RELAXED);
	/* No CPU may see our entry once the count says it is gone. */
	__atomic_store_n(&h->cnt, cnt - 1, __ATOMIC_RELEASE);
	kpreempt_enable();
	return error;
}

int
__sl_rqs_lock_slow(rqspinlock_t *lock, uint32_t val)
{
	unsigned int me = cpu_number();
	struct __sl_rqs_held *h = &__sl_rqs_held_locks[me];
	struct rqs_node *node = &rqs_nodes[me], *prev, *next;
	uint32_t tail = RQS_TAIL(me), state;
	int error;

	(void)val;

	/* AA at once: never wait for ourselves. */
	if (rqs_held_below(h, lock))
		return rqs_fail(h, -EDEADLK);

	/*
	 * A waiter holding other locks may be in a deadlock, so it must
	 * go on checking and be free to leave: it waits beside the queue.
	 * So does one whose node is busy, having interrupted a waiter on
	 * this CPU: in the queue it could wait behind itself.
	 */
	if (__atomic_load_n(&h->cnt, __ATOMIC_RELAXED) > 1 ||
	    __atomic_load_n(&node->busy, __ATOMIC_RELAXED)) {
		error = rqs_wait_owner(lock, h, 0);
		return error < 0 ? rqs_fail(h, error) : 0;
	}
	__atomic_store_n(&node->busy, 1, __ATOMIC_RELAXED);
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	__atomic_store_n(&node->next, (struct rqs_node *)NULL,
	    __ATOMIC_RELAXED);
	__atomic_store_n(&node->state, RQS_WAIT, __ATOMIC_RELAXED);

	/* Queue, behind the old tail if any. */
	val = rqs_xchg_tail(lock, tail);
	if ((val & __SL_RQS_TAIL_MASK) != 0) {
		prev = &rqs_nodes[RQS_TAIL_CPU(val)];
		__atomic_store_n(&prev->next, node, __ATOMIC_RELEASE);
		while ((state = __atomic_load_n(&node->state,
		    __ATOMIC_ACQUIRE)) == RQS_WAIT)
			__SL_SPIN_HINT();
		if (state == RQS_ABORT) {
			rqs_leave(lock, node, tail, RQS_ABORT);
			error = -ETIMEDOUT;
			goto out;
		}
	}

	/* The head: wait for the owner, with the checks. */
	error = rqs_wait_owner(lock, h, tail);
	if (error == 0) {
		/* Others queued behind us: the next is the head now. */
		while ((next = __atomic_load_n(&node->next,
		    __ATOMIC_ACQUIRE)) == NULL)
			__SL_SPIN_HINT();
		__atomic_store_n(&next->state, RQS_HEAD, __ATOMIC_RELEASE);
	} else if (error > 0) {
		error = 0;	/* we emptied the queue */
	} else {
		/*
		 * A deadlock is ours alone: the next waiter becomes the
		 * head.  A timeout means the owner is stuck: everyone
		 * behind us leaves too.
		 */
		rqs_leave(lock, node, tail,
		    error == -EDEADLK ? RQS_HEAD : RQS_ABORT);
	}
out:
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	__atomic_store_n(&node->busy, 0, __ATOMIC_RELAXED);
	return error != 0 ? rqs_fail(h, error) : 0;
}

/*
 * LOCKDEBUG's unlock: refuse, loudly, to release a lock that is not
 * held, or not the one this CPU took last; the stack would be wrong
 * for every check after.
 */
void
__sl_rqs_unlock_debug(rqspinlock_t *lock, uintptr_t pc)
{
	unsigned int me = cpu_number();
	struct __sl_rqs_held *h = &__sl_rqs_held_locks[me];
	rqspinlock_t *top;
	int cnt = __atomic_load_n(&h->cnt, __ATOMIC_RELAXED);

	if (pc == 0)
		pc = getcallerpc();
	if ((__atomic_load_n(&lock->val, __ATOMIC_RELAXED) &
	    __SL_RQS_LOCKED_MASK) == 0)
		panic("res_spin_unlock: lock %p is not locked, pc %p",
		    (void *)lock, (void *)pc);
	if (cnt <= 0)
		panic("res_spin_unlock: lock %p: cpu %u holds no "
		    "res_spin_lock, pc %p", (void *)lock, me, (void *)pc);
	if (cnt > RES_NR_HELD)
		goto release;	/* the top is not recorded */
	top = __atomic_load_n(&h->locks[cnt - 1], __ATOMIC_RELAXED);
	if (__sl_predict_false(top != lock)) {
		if (rqs_held_below(h, lock))
			panic("res_spin_unlock: lock %p released out of "
			    "order: lock %p was taken after it, pc %p",
			    (void *)lock, (void *)top, (void *)pc);
		panic("res_spin_unlock: lock %p is not held by cpu %u "
		    "(last taken %p), pc %p", (void *)lock, me, (void *)top,
		    (void *)pc);
	}
release:
	__sl_rqs_unlock(lock);
}

/*
 * The BPF kfuncs: the same lock under its BPF name.  Preemption is
 * already disabled while a res_spin_lock is held.
 */
static __inline rqspinlock_t *
rqs_of(struct bpf_res_spin_lock *lock)
{

	return (rqspinlock_t *)(void *)lock;
}

int
bpf_res_spin_lock(struct bpf_res_spin_lock *lock)
{

	return res_spin_lock(rqs_of(lock));
}

void
bpf_res_spin_unlock(struct bpf_res_spin_lock *lock)
{

#ifdef LOCKDEBUG
	__sl_rqs_unlock_debug(rqs_of(lock), getcallerpc());
#else
	__sl_rqs_unlock(rqs_of(lock));
#endif
}

int
bpf_res_spin_lock_irqsave(struct bpf_res_spin_lock *lock,
    unsigned long *flags__irq_flag)
{

	return __sl_rqs_lock_irqsave(rqs_of(lock), flags__irq_flag);
}

void
bpf_res_spin_unlock_irqrestore(struct bpf_res_spin_lock *lock,
    unsigned long *flags__irq_flag)
{

#ifdef LOCKDEBUG
	__sl_rqs_unlock_debug(rqs_of(lock), getcallerpc());
#else
	__sl_rqs_unlock(rqs_of(lock));
#endif
	splx((int)(unsigned int)*flags__irq_flag);
}
