/*	$simplelock: sys/rqspinlock.h $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * res_spin_lock(9): the resilient queued spin lock.  Taking it fails
 * with -EDEADLK or -ETIMEDOUT instead of spinning forever when the
 * caller would deadlock (AA, ABBA) or the owner makes no progress; on
 * failure the lock is not held and nothing the call did is left over.
 *
 * The lock is one 32-bit word: a locked byte and the tail of a queue
 * of waiters.  Which locks each CPU holds, or is trying for, is kept in
 * a small per-CPU stack that deadlock detection reads; the uncontended
 * path only pushes, swaps and pops, so it is inline here.  Waiting is
 * in sys/kern/kern_rqspinlock.c.
 */

#ifndef _SYS_RQSPINLOCK_H_
#define _SYS_RQSPINLOCK_H_

#include <stddef.h>
#include <stdint.h>
#include <sys/platform.h>

/* The host's error numbers where there is a C library; else Linux's. */
#if defined(__STDC_HOSTED__) && __STDC_HOSTED__ != 0
#include <errno.h>
#endif
#ifndef EDEADLK
#define	EDEADLK		35
#endif
#ifndef ETIMEDOUT
#define	ETIMEDOUT	110
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Entries in each CPU's held-locks stack; locks past it go unseen. */
#define	RES_NR_HELD	31

/* Default wait before -ETIMEDOUT, in nanoseconds (build-time knob). */
#ifndef RES_DEF_TIMEOUT
#define	RES_DEF_TIMEOUT	250000000UL
#endif

typedef struct rqspinlock {
	uint32_t	val;		/* touch only through the calls */
} rqspinlock_t;

/* The BPF view of the same lock: same size, same alignment. */
struct bpf_res_spin_lock {
	uint32_t	val;
};

#if defined(__GNUC__) || defined(__clang__)
#define	__SL_RQS_MUST_CHECK	__attribute__((__warn_unused_result__))
#define	__SL_RQS_NOINLINE	__attribute__((__noinline__))
#else
#define	__SL_RQS_MUST_CHECK
#define	__SL_RQS_NOINLINE
#endif

/*
 * Internal.  A CPU's held-locks stack: locks[0 .. cnt-1], the top the
 * lock being taken or taken last.  cnt goes on counting past
 * RES_NR_HELD so pushes and pops balance; those entries are not kept.
 * Other CPUs read it (ABBA), so every access is atomic.
 */
struct __sl_rqs_held {
	int			cnt;
	rqspinlock_t		*locks[RES_NR_HELD];
} __attribute__((__aligned__(64)));

extern struct __sl_rqs_held	__sl_rqs_held_locks[MAXCPUS];

int	__sl_rqs_lock_slow(rqspinlock_t *, uint32_t) __SL_RQS_MUST_CHECK;
void	__sl_rqs_unlock_debug(rqspinlock_t *, uintptr_t) __SL_RQS_NOINLINE;

/* Lock word: the locked byte is the low one, the queue tail above. */
#define	__SL_RQS_LOCKED		0x00000001U
#define	__SL_RQS_LOCKED_MASK	0x000000ffU
#define	__SL_RQS_TAIL_MASK	0xffff0000U

/*
 * Release: a byte store of zero to the locked byte, as qspinlock does,
 * where a byte store cannot undo a neighbour's compare-and-swap on the
 * word (hardware CAS or LL/SC, which the store breaks).  Elsewhere, and
 * for ThreadSanitizer, which wants one size per atomic object, an
 * atomic AND on the whole word.
 */
#if !defined(__SANITIZE_THREAD__) && \
    (defined(__x86_64__) || defined(__i386__) || defined(__aarch64__) || \
    (defined(__arm__) && defined(__ARM_ARCH) && __ARM_ARCH >= 7) || \
    defined(__powerpc__) || defined(__riscv) || defined(__s390__) || \
    (defined(__sparc__) && defined(__arch64__)) || \
    defined(__loongarch__) || \
    (defined(__mips__) && defined(__mips) && __mips >= 2))
#define	__SL_RQS_BYTE_RELEASE	1
#endif
#if defined(__SL_RQS_BYTE_RELEASE) && defined(__has_feature)
#if __has_feature(thread_sanitizer)
#undef	__SL_RQS_BYTE_RELEASE
#endif
#endif

/* A byte-sized acquire too, where the compiler has it inline. */
#if defined(__SL_RQS_BYTE_RELEASE) && defined(__GCC_ATOMIC_CHAR_LOCK_FREE) && \
    __GCC_ATOMIC_CHAR_LOCK_FREE == 2 && __GCC_ATOMIC_SHORT_LOCK_FREE == 2
#define	__SL_RQS_BYTE_ACQUIRE	1
#endif

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define	__SL_RQS_LOCKED_BYTE	3
#define	__SL_RQS_TAIL_HALF	0
#else
#define	__SL_RQS_LOCKED_BYTE	0
#define	__SL_RQS_TAIL_HALF	1
#endif
/* The locked byte and the tail half of the word, on their own. */
#define	__SL_RQS_BYTEP(l)	((uint8_t *)(void *)&(l)->val + \
				    __SL_RQS_LOCKED_BYTE)
#define	__SL_RQS_TAILP(l)	((uint16_t *)(void *)&(l)->val + \
				    __SL_RQS_TAIL_HALF)

/*
 * This CPU's stack.  The pointer is hidden from the optimiser so that
 * an entry's address stays one base+index operand on the loaded count,
 * not arithmetic re-associated after the load: the stores ahead of the
 * atomic resolve sooner, and they are most of the fast path's cost.
 */
static __inline struct __sl_rqs_held *
__sl_rqs_mine(void)
{
	struct __sl_rqs_held *__h = &__sl_rqs_held_locks[cpu_number()];

	__asm__("" : "+r" (__h));
	return __h;
}

/* Push the lock on this CPU's stack; an interrupt pushes above it. */
static __inline struct __sl_rqs_held *
__sl_rqs_push(rqspinlock_t *__lock)
{
	struct __sl_rqs_held *__h = __sl_rqs_mine();
	size_t __cnt = (unsigned int)__atomic_load_n(&__h->cnt,
	    __ATOMIC_RELAXED);

	__atomic_store_n(&__h->cnt, (int)__cnt + 1, __ATOMIC_RELAXED);
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	if (__builtin_expect(__cnt < RES_NR_HELD, 1))
		__atomic_store_n(&__h->locks[__cnt], __lock,
		    __ATOMIC_RELAXED);
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	return __h;
}

/*
 * Take the lock.  The entry goes on the stack before the swap, so an
 * interrupt arriving just after the swap already sees the lock as
 * this CPU's (AA).  Preemption stays disabled while the lock is held.
 *
 * Where the release is a byte store, the swap is one too: a CPU reads
 * its own byte store back at once, but not into a wider access.  The
 * lock is then ours only if no waiters are queued (the tail half,
 * which does not overlap the byte); if some are, it goes back to them.
 */
static __inline int __SL_RQS_MUST_CHECK
res_spin_lock(rqspinlock_t *__lock)
{
#ifdef __SL_RQS_BYTE_ACQUIRE
	uint8_t __z = 0;

	kpreempt_disable();
	(void)__sl_rqs_push(__lock);
	if (__builtin_expect(__atomic_compare_exchange_n(__SL_RQS_BYTEP(__lock),
	    &__z, (uint8_t)__SL_RQS_LOCKED, 0, __ATOMIC_ACQUIRE,
	    __ATOMIC_RELAXED), 1)) {
		if (__builtin_expect(__atomic_load_n(__SL_RQS_TAILP(__lock),
		    __ATOMIC_RELAXED) == 0, 1))
			return 0;
		__atomic_store_n(__SL_RQS_BYTEP(__lock), (uint8_t)0,
		    __ATOMIC_RELEASE);
	}
	return __sl_rqs_lock_slow(__lock,
	    __atomic_load_n(&__lock->val, __ATOMIC_RELAXED));
#else
	uint32_t __v = 0;

	kpreempt_disable();
	(void)__sl_rqs_push(__lock);
	if (__builtin_expect(__atomic_compare_exchange_n(&__lock->val, &__v,
	    __SL_RQS_LOCKED, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED), 1))
		return 0;
	return __sl_rqs_lock_slow(__lock, __v);
#endif
}

/* Internal: release the word, then pop the stack: no check. */
static __inline void
__sl_rqs_unlock(rqspinlock_t *__lock)
{
	struct __sl_rqs_held *__h = __sl_rqs_mine();
	size_t __cnt;

#ifdef __SL_RQS_BYTE_RELEASE
	__atomic_store_n(__SL_RQS_BYTEP(__lock), (uint8_t)0, __ATOMIC_RELEASE);
#else
	(void)__atomic_fetch_and(&__lock->val, ~__SL_RQS_LOCKED_MASK,
	    __ATOMIC_RELEASE);
#endif
	__cnt = (unsigned int)__atomic_load_n(&__h->cnt, __ATOMIC_RELAXED);
	if (__builtin_expect(__cnt - 1 < RES_NR_HELD, 1))
		__atomic_store_n(&__h->locks[__cnt - 1], (rqspinlock_t *)NULL,
		    __ATOMIC_RELAXED);
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	__atomic_store_n(&__h->cnt, (int)__cnt - 1, __ATOMIC_RELAXED);
	kpreempt_enable();
}

/*
 * Release.  Locks must be released in the reverse order of taking;
 * LOCKDEBUG kernels check it, and that the lock is held at all.
 */
static __inline void
res_spin_unlock(rqspinlock_t *__lock)
{

#ifdef LOCKDEBUG
	__sl_rqs_unlock_debug(__lock, 0);	/* 0: its caller is ours */
#else
	__sl_rqs_unlock(__lock);
#endif
}

static __inline void
raw_res_spin_lock_init(rqspinlock_t *__lock)
{

	__atomic_store_n(&__lock->val, 0U, __ATOMIC_RELAXED);
}

/* Internal: the irqsave forms write the caller's flags only on success. */
static __inline int __SL_RQS_MUST_CHECK
__sl_rqs_lock_irqsave(rqspinlock_t *__lock, unsigned long *__flagsp)
{
	int __s = splhigh();
	int __r = res_spin_lock(__lock);

	if (__builtin_expect(__r != 0, 0)) {
		splx(__s);
		return __r;
	}
	*__flagsp = (unsigned long)(unsigned int)__s;
	return 0;
}

static __inline void
__sl_rqs_unlock_irqrestore(rqspinlock_t *__lock, unsigned long __flags)
{

	res_spin_unlock(__lock);
	splx((int)(unsigned int)__flags);
}

#define	raw_res_spin_lock_irqsave(lock, flags)				\
	__sl_rqs_lock_irqsave((lock), &(flags))
#define	raw_res_spin_unlock_irqrestore(lock, flags)			\
	__sl_rqs_unlock_irqrestore((lock), (flags))

/*
 * The wait before -ETIMEDOUT, for the whole system; set it before the
 * locks are used.  0 restores RES_DEF_TIMEOUT.  Returns the old value.
 */
uint64_t	res_spin_lock_settimeout(uint64_t);

/* The BPF kfuncs. */
int	bpf_res_spin_lock(struct bpf_res_spin_lock *) __SL_RQS_MUST_CHECK;
void	bpf_res_spin_unlock(struct bpf_res_spin_lock *);
int	bpf_res_spin_lock_irqsave(struct bpf_res_spin_lock *,
	    unsigned long *) __SL_RQS_MUST_CHECK;
void	bpf_res_spin_unlock_irqrestore(struct bpf_res_spin_lock *,
	    unsigned long *);

#ifdef __cplusplus
}
#endif

#endif /* !_SYS_RQSPINLOCK_H_ */
