/*	$simplelock: kern/kern_rqspinlock.c $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

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
 * The slow path checks the word it finds, and the tail it replaces,
 * before it uses them, and panics on one no lock operation wrote.
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
	rqspinlock_t	*lock;		/* the lock it is queued on */
	/*
	 * The lock this CPU is waiting for when its held-locks stack is
	 * too deep to show it (ABBA needs it); NULL otherwise.  Not part
	 * of the queue: such a waiter waits beside it, node busy or not.
	 */
	rqspinlock_t	*deepwant;
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

_Static_assert(sizeof(struct bpf_res_spin_lock) == sizeof(rqspinlock_t),
    "bpf_res_spin_lock is not the size of rqspinlock_t");
_Static_assert(_Alignof(struct bpf_res_spin_lock) == _Alignof(rqspinlock_t),
    "bpf_res_spin_lock is not aligned as rqspinlock_t");
_Static_assert(MAXCPUS < (1 << (32 - RQS_TAIL_SHIFT)),
    "too many CPUs for the tail");

/*
 * The timeout: read by every new wait, set rarely.  A CPU without
 * 64-bit atomics (32-bit MIPS, SPARC v8, riscv32) would have the
 * compiler call libatomic, which a kernel lacks: there it is two words
 * under a sequence count, and the writer masks interrupts so that a
 * reader interrupting it on its own CPU never waits for it.
 */
#if defined(__GCC_ATOMIC_LLONG_LOCK_FREE) && __GCC_ATOMIC_LLONG_LOCK_FREE == 2
static uint64_t		rqs_timeout = RES_DEF_TIMEOUT;

static __inline uint64_t
rqs_timeout_get(void)
{

	return __atomic_load_n(&rqs_timeout, __ATOMIC_RELAXED);
}

static uint64_t
rqs_timeout_swap(uint64_t nsec)
{

	return __atomic_exchange_n(&rqs_timeout, nsec, __ATOMIC_RELAXED);
}
#else
static unsigned int	rqs_tseq;	/* odd while a writer is in */
static uint32_t		rqs_thalf[2] = {	/* low, high */
	(uint32_t)RES_DEF_TIMEOUT, (uint32_t)((uint64_t)RES_DEF_TIMEOUT >> 32)
};

static uint64_t
rqs_timeout_get(void)
{
	unsigned int seq;
	uint32_t lo, hi;

	for (;;) {
		seq = __atomic_load_n(&rqs_tseq, __ATOMIC_ACQUIRE);
		if (__sl_predict_false(seq & 1)) {
			SPINLOCK_SPIN_HOOK;
			continue;
		}
		lo = __atomic_load_n(&rqs_thalf[0], __ATOMIC_RELAXED);
		hi = __atomic_load_n(&rqs_thalf[1], __ATOMIC_RELAXED);
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if (__atomic_load_n(&rqs_tseq, __ATOMIC_RELAXED) == seq)
			return (uint64_t)hi << 32 | lo;
	}
}

static uint64_t
rqs_timeout_swap(uint64_t nsec)
{
	unsigned int seq;
	uint64_t old;
	int s;

	s = splhigh();
	seq = __atomic_load_n(&rqs_tseq, __ATOMIC_RELAXED);
	while ((seq & 1) != 0 || !__atomic_compare_exchange_n(&rqs_tseq,
	    &seq, seq + 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
		SPINLOCK_SPIN_HOOK;
		seq = __atomic_load_n(&rqs_tseq, __ATOMIC_RELAXED);
	}
	/* The odd count is seen before any half it guards. */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	old = (uint64_t)__atomic_load_n(&rqs_thalf[1], __ATOMIC_RELAXED) << 32 |
	    __atomic_load_n(&rqs_thalf[0], __ATOMIC_RELAXED);
	__atomic_store_n(&rqs_thalf[0], (uint32_t)nsec, __ATOMIC_RELAXED);
	__atomic_store_n(&rqs_thalf[1], (uint32_t)(nsec >> 32),
	    __ATOMIC_RELAXED);
	__atomic_store_n(&rqs_tseq, seq + 2, __ATOMIC_RELEASE);
	splx(s);
	return old;
}
#endif

uint64_t
res_spin_lock_settimeout(uint64_t nsec)
{

	return rqs_timeout_swap(nsec != 0 ? nsec : (uint64_t)RES_DEF_TIMEOUT);
}

/* now + d, saturating: any timeout, even UINT64_MAX, is a deadline. */
static __inline uint64_t
rqs_deadline(uint64_t now, uint64_t d)
{

	return d > UINT64_MAX - now ? UINT64_MAX : now + d;
}

/*
 * A lock word no lock operation could have written (uninitialised or
 * overwritten memory): say so, naming the lock and the caller, rather
 * than index the node array with its tail.
 */
static void __attribute__((__noinline__, __noreturn__))
rqs_corrupt(rqspinlock_t *lock, uint32_t val, const char *why, uintptr_t pc)
{

	panic("res_spin_lock: lock %p is corrupt: word 0x%08x, %s, pc %p",
	    (void *)lock, (unsigned int)val, why, (void *)pc);
}

/*
 * The word as the slow path finds it: a locked byte of 0 or 1, a tail
 * naming a CPU that exists, and nothing in between.
 */
static __inline void
rqs_check_word(rqspinlock_t *lock, uint32_t val, uintptr_t pc)
{
	uint32_t tail = val & __SL_RQS_TAIL_MASK;

	if (__sl_predict_false((val & ~(__SL_RQS_TAIL_MASK |
	    __SL_RQS_LOCKED)) != 0))
		rqs_corrupt(lock, val, "bits outside the locked byte and "
		    "the tail", pc);
	if (tail == 0)
		return;
	if (__sl_predict_false(RQS_TAIL_CPU(val) >= MAXCPUS))
		rqs_corrupt(lock, val, "its tail names no cpu", pc);
	if (__sl_predict_false(RQS_TAIL_CPU(val) >= cpu_index_max())) {
		/*
		 * A CPU that has just attached may have queued: read the
		 * word again with acquire (its release) before the count.
		 */
		val = __atomic_load_n(&lock->val, __ATOMIC_ACQUIRE);
		if ((val & __SL_RQS_TAIL_MASK) == tail &&
		    RQS_TAIL_CPU(val) >= cpu_index_max())
			rqs_corrupt(lock, val, "its tail names no cpu", pc);
	}
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
 * Both sides of the cycle see it, or neither does: each side needs
 * the other's held lock among the other's first RES_NR_HELD entries,
 * and its own among its own, and finds what the other wants on its
 * stack or, deeper than that, in its node.  Only one needs to give
 * up, and the one that does is the one taking the two locks in
 * descending address order; the other waits for it to leave.  It can
 * rely on that: a waiter holding locks always waits beside the queue,
 * checking.
 */
static int
rqs_check_abba(const struct __sl_rqs_held *h, rqspinlock_t *lock)
{
	const struct __sl_rqs_held *r;
	rqspinlock_t *want;
	unsigned int cpu, ncpu = cpu_index_max();
	int cnt, i, n;

	for (cpu = 0; cpu < ncpu && cpu < MAXCPUS; cpu++) {
		if ((__atomic_load_n(&lock->val, __ATOMIC_RELAXED) &
		    __SL_RQS_LOCKED_MASK) == 0)
			return 0;
		r = &__sl_rqs_held_locks[cpu];
		if (r == h)
			continue;
		cnt = __atomic_load_n(&r->cnt, __ATOMIC_ACQUIRE);
		if (cnt < 2)
			continue;
		/*
		 * Past RES_NR_HELD the top is not on the stack; a waiter
		 * that deep leaves what it wants in its node instead, so
		 * that both sides of a pair see the same cycle.
		 */
		if (cnt > RES_NR_HELD) {
			want = __atomic_load_n(&rqs_nodes[cpu].deepwant,
			    __ATOMIC_ACQUIRE);
			n = RES_NR_HELD;
		} else {
			want = __atomic_load_n(&r->locks[cnt - 1],
			    __ATOMIC_RELAXED);
			n = cnt - 1;
		}
		if (want == NULL)
			continue;
		for (i = 0; i < n; i++) {
			if (__atomic_load_n(&r->locks[i], __ATOMIC_RELAXED) ==
			    lock)
				break;
		}
		if (i == n)
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
		w->end = rqs_deadline(now, rqs_timeout_get());
		w->abba = rqs_deadline(now, RQS_ABBA_PERIOD);
		if (w->end == 0)
			w->end = 1;
		return 0;
	}
	now = nanouptime();
	if (now >= w->abba) {
		if (rqs_check_abba(h, lock) != 0)
			return -EDEADLK;
		w->abba = rqs_deadline(now, RQS_ABBA_PERIOD);
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

/*
 * Wait for the lock: 0 with it held, or an error.  The caller undoes
 * the fast path's push and preemption on an error.
 */
static int
rqs_lock_wait(rqspinlock_t *lock, struct __sl_rqs_held *h, unsigned int me,
    uintptr_t pc)
{
	struct rqs_node *node = &rqs_nodes[me], *prev, *next;
	uint32_t tail = RQS_TAIL(me), val, state;
	unsigned int pcpu;
	int error;

	/*
	 * A waiter holding other locks may be in a deadlock, so it must
	 * go on checking and be free to leave: it waits beside the queue.
	 * So does one whose node is busy, having interrupted a waiter on
	 * this CPU: in the queue it could wait behind itself.
	 */
	if (__atomic_load_n(&h->cnt, __ATOMIC_RELAXED) > 1 ||
	    __atomic_load_n(&node->busy, __ATOMIC_RELAXED)) {
		error = rqs_wait_owner(lock, h, 0);
		return error < 0 ? error : 0;
	}
	__atomic_store_n(&node->lock, lock, __ATOMIC_RELAXED);
	__atomic_store_n(&node->busy, 1, __ATOMIC_RELAXED);
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	__atomic_store_n(&node->next, (struct rqs_node *)NULL,
	    __ATOMIC_RELAXED);
	__atomic_store_n(&node->state, RQS_WAIT, __ATOMIC_RELAXED);

	/* Queue, behind the old tail if any. */
	val = rqs_xchg_tail(lock, tail);
	if ((val & __SL_RQS_TAIL_MASK) != 0) {
		/*
		 * The tail we replaced names a CPU queued on this lock,
		 * which cannot leave before we link in: anything else is
		 * a corrupt word, and linking would write into a node
		 * that is not waiting, or past the array.
		 */
		pcpu = RQS_TAIL_CPU(val);
		if (__sl_predict_false(pcpu >= MAXCPUS || pcpu == me ||
		    !__atomic_load_n(&rqs_nodes[pcpu].busy,
		    __ATOMIC_RELAXED) ||
		    __atomic_load_n(&rqs_nodes[pcpu].lock,
		    __ATOMIC_RELAXED) != lock))
			rqs_corrupt(lock, val, "its tail names a cpu not "
			    "queued on it", pc);
		prev = &rqs_nodes[pcpu];
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
	return error;
}

int
__sl_rqs_lock_slow(rqspinlock_t *lock, uint32_t val)
{
	uintptr_t pc = getcallerpc();
	unsigned int me = cpu_number();
	struct __sl_rqs_held *h = &__sl_rqs_held_locks[me];
	struct rqs_node *node = &rqs_nodes[me];
	rqspinlock_t *owant = NULL;
	int deep, error;

	rqs_check_word(lock, val, pc);

	/* AA at once: never wait for ourselves. */
	if (rqs_held_below(h, lock))
		return rqs_fail(h, -EDEADLK);

	/*
	 * Too deep for the stack to show what we want: put it where the
	 * ABBA scan of other CPUs finds it (an interrupt puts back what
	 * the waiter it interrupted had there).
	 */
	deep = __atomic_load_n(&h->cnt, __ATOMIC_RELAXED) > RES_NR_HELD;
	if (deep) {
		owant = __atomic_load_n(&node->deepwant, __ATOMIC_RELAXED);
		__atomic_store_n(&node->deepwant, lock, __ATOMIC_RELEASE);
		__atomic_signal_fence(__ATOMIC_SEQ_CST);
	}
	error = rqs_lock_wait(lock, h, me, pc);
	if (deep) {
		__atomic_signal_fence(__ATOMIC_SEQ_CST);
		__atomic_store_n(&node->deepwant, owant, __ATOMIC_RELEASE);
	}
	return error != 0 ? rqs_fail(h, error) : 0;
}

/*
 * LOCKDEBUG's checks before a release: refuse, loudly, to release a
 * lock that is not held, or not the one this CPU took last; the stack
 * would be wrong for every check after.
 */
static void
rqs_unlock_check(rqspinlock_t *lock, uintptr_t pc)
{
	unsigned int me = cpu_number();
	struct __sl_rqs_held *h = &__sl_rqs_held_locks[me];
	rqspinlock_t *top;
	int cnt = __atomic_load_n(&h->cnt, __ATOMIC_RELAXED);
	int i;

	if ((__atomic_load_n(&lock->val, __ATOMIC_RELAXED) &
	    __SL_RQS_LOCKED_MASK) == 0)
		panic("res_spin_unlock: lock %p is not locked, pc %p",
		    (void *)lock, (void *)pc);
	if (cnt <= 0)
		panic("res_spin_unlock: lock %p: cpu %u holds no "
		    "res_spin_lock, pc %p", (void *)lock, me, (void *)pc);
	if (cnt > RES_NR_HELD) {
		/*
		 * The top is not recorded; a lock that is recorded was
		 * taken before it, so releasing it now is out of order.
		 */
		for (i = 0; i < RES_NR_HELD; i++) {
			if (__atomic_load_n(&h->locks[i], __ATOMIC_RELAXED) ==
			    lock)
				panic("res_spin_unlock: lock %p released out "
				    "of order: %d locks were taken after it, "
				    "pc %p", (void *)lock, cnt - 1 - i,
				    (void *)pc);
		}
		return;
	}
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
}

void
__sl_rqs_unlock_debug(rqspinlock_t *lock, uintptr_t pc)
{

	if (pc == 0)
		pc = getcallerpc();
	rqs_unlock_check(lock, pc);
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
	rqs_unlock_check(rqs_of(lock), getcallerpc());
#endif
	__sl_rqs_unlock(rqs_of(lock));
}

/*
 * Linux's kfunc order: preemption off before interrupts, and back on
 * only after they are restored, on failure as at the release, so that
 * a preemption due meanwhile happens at once rather than wait for the
 * next preemption point.  The extra count is dropped while the lock is
 * held, which then counts once, as with res_spin_lock().
 */
int
bpf_res_spin_lock_irqsave(struct bpf_res_spin_lock *lock,
    unsigned long *flags__irq_flag)
{
	int s, error;

	kpreempt_disable();
	s = splhigh();
	error = res_spin_lock(rqs_of(lock));
	if (__sl_predict_false(error != 0)) {
		splx(s);
		kpreempt_enable();
		return error;
	}
	*flags__irq_flag = (unsigned long)(unsigned int)s;
	kpreempt_enable();
	return 0;
}

void
bpf_res_spin_unlock_irqrestore(struct bpf_res_spin_lock *lock,
    unsigned long *flags__irq_flag)
{

#ifdef LOCKDEBUG
	rqs_unlock_check(rqs_of(lock), getcallerpc());
#endif
	kpreempt_disable();
	__sl_rqs_unlock(rqs_of(lock));
	splx((int)(unsigned int)*flags__irq_flag);
	kpreempt_enable();
}
