/*	$simplelock: kern/kern_taslock.c $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * lock(9): Plan 9's spin locks with Inferno's priority regime.
 *
 * A process that takes a lock with lock() or canlock() is raised to
 * PriLock, the highest priority, until unlock() puts back the priority
 * it had, and then yields if a more urgent process became ready while
 * it held the lock.  ilock() disables interrupts instead and never
 * touches priorities or reschedules.  A waiter that cannot get the
 * lock spins; on a uniprocessor, a process with interrupts enabled
 * yields instead, since the holder cannot run while it spins.
 *
 * After lock_loopmax spins a waiter prints the lock-loop line once,
 * then either keeps spinning (Plan 9) or panics (Inferno).
 *
 * The holder's fields are written by the holder and read by waiters
 * only for the diagnostic, so they are relaxed atomics: a stale value
 * is acceptable there, a data race is not.
 */

#include <stddef.h>

#include <sys/taslock.h>
#include <sys/lock.h>
#include <sys/platform.h>

#define	LD(x)		__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define	ST(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_RELAXED)

static unsigned long	lock_loopmax = LOCK_LOOPMAX;
static int		lock_looppanic;

/*
 * Statistics, per CPU so the fast path writes only its own line.  A
 * handler that takes a lock on the same CPU between the load and the
 * store may lose a count; Plan 9's global counters are no better.
 */
static struct lockstats_cpu {
	struct lockstats	s;
} __attribute__((__aligned__(64))) lockstats_cpu[MAXCPUS];

#define	STAT_INC(cpu, f) \
	ST(lockstats_cpu[(cpu)].s.f, LD(lockstats_cpu[(cpu)].s.f) + 1)

#define	LKADDR(l)	((unsigned long)(uintptr_t)(l))
#define	LKPC(pc)	((unsigned long)(pc))

/* Misuse is printed, as Plan 9 does; LOCKDEBUG kernels panic. */
#ifdef LOCKDEBUG
#define	LOCK_MISUSE	panic
#else
#define	LOCK_MISUSE	cons_printf
#endif

unsigned long
lock_setloop(unsigned long max)
{

	if (max == 0)
		max = LOCK_LOOPMAX;
	return __atomic_exchange_n(&lock_loopmax, max, __ATOMIC_RELAXED);
}

int
lock_setpanic(int on)
{

	return __atomic_exchange_n(&lock_looppanic, on != 0,
	    __ATOMIC_RELAXED);
}

void
lock_getstats(struct lockstats *st)
{
	unsigned int i, n = cpu_index_max();

	st->locks = st->glare = st->inglare = 0;
	for (i = 0; i < n; i++) {
		st->locks += LD(lockstats_cpu[i].s.locks);
		st->glare += LD(lockstats_cpu[i].s.glare);
		st->inglare += LD(lockstats_cpu[i].s.inglare);
	}
}

void
lock_zerostats(void)
{
	unsigned int i;

	for (i = 0; i < MAXCPUS; i++) {
		ST(lockstats_cpu[i].s.locks, 0);
		ST(lockstats_cpu[i].s.glare, 0);
		ST(lockstats_cpu[i].s.inglare, 0);
	}
}

void
lockinit(Lock *l)
{

	__cpu_simple_lock_init(&l->key);
	ST(l->isilock, 0);
	ST(l->sr, 0);
	ST(l->pri, 0);
	ST(l->m, 0);
	ST(l->pc, 0);
	ST(l->p, (struct proc *)NULL);
}

/* The lock word as the hardware holds it, for the diagnostic. */
static unsigned long
lock_keyval(const Lock *l)
{

	return (unsigned long)__SL_LOAD(__SL_CWORD(&l->key));
}

/* The seed's line, plus the holder's process where one is known. */
static void
lockloop(Lock *l, uintptr_t pc)
{
	struct proc *p = LD(l->p);
	uintptr_t hpc = LD(l->pc);
	unsigned long key = lock_keyval(l);
	int dopanic = LD(lock_looppanic);

	if (p != NULL) {
		cons_printf("lock loop on 0x%lx key 0x%lx pc 0x%lx "
		    "held by pc 0x%lx proc %d", LKADDR(l), key, LKPC(pc),
		    LKPC(hpc), proc_pid(p));
		if (dopanic)
			panic("lock loop on 0x%lx key 0x%lx pc 0x%lx "
			    "held by pc 0x%lx proc %d", LKADDR(l), key,
			    LKPC(pc), LKPC(hpc), proc_pid(p));
	} else {
		cons_printf("lock loop on 0x%lx key 0x%lx pc 0x%lx "
		    "held by pc 0x%lx", LKADDR(l), key, LKPC(pc), LKPC(hpc));
		if (dopanic)
			panic("lock loop on 0x%lx key 0x%lx pc 0x%lx "
			    "held by pc 0x%lx", LKADDR(l), key, LKPC(pc),
			    LKPC(hpc));
	}
}

/*
 * The contended path: wait until the key reads free, then try again.
 * For ilock (sp != NULL) interrupts are enabled again while waiting
 * and disabled for each attempt; on return the lock is held and *sp is
 * the level to restore at iunlock.
 */
static void
lock_wait(Lock *l, uintptr_t pc, struct proc *up, int *sp)
{
	unsigned long spins = 0, max = LD(lock_loopmax);
	int reported = 0;

	for (;;) {
		STAT_INC(cpu_number(), inglare);
		if (sp != NULL)
			splx(*sp);
		while (__SIMPLELOCK_LOCKED_P(&l->key)) {
			if (__sl_predict_false(++spins >= max) && !reported) {
				reported = 1;
				lockloop(l, pc);
			}
			/* A uniprocessor: let the holder run. */
			if (sp == NULL && up != NULL && cpu_count() == 1 &&
			    intr_enabled())
				preempt();
			else
				SPINLOCK_BACKOFF_HOOK;
		}
		if (sp != NULL)
			*sp = splhigh();
		if (__cpu_simple_lock_try(&l->key))
			return;
	}
}

/*
 * A free lock's isilock is 0 (every ilock release clears it), so a
 * lock() stores nothing there: each store before the next locked
 * instruction costs its drain.
 */
static __inline void
lock_held(Lock *l, uintptr_t pc, struct proc *up, unsigned int cpu,
    int isilock)
{

	ST(l->pc, pc);
	ST(l->p, up);
	ST(l->m, cpu);
	if (isilock)
		ST(l->isilock, 1);
}

/* Inferno: the holder runs at PriLock; the lock keeps its own level. */
static __inline void
lock_boost(Lock *l, struct proc *up)
{

	if (up != NULL) {
		ST(l->pri, proc_getpri(up));
		proc_setpri(up, PriLock);
	}
}

void
lock(Lock *l)
{
	uintptr_t pc = getcallerpc();
	struct proc *up = curproc_get();
	unsigned int cpu = cpu_number();

	STAT_INC(cpu, locks);
	if (__sl_predict_false(!__cpu_simple_lock_try(&l->key))) {
		STAT_INC(cpu, glare);
		lock_wait(l, pc, up, NULL);
		cpu = cpu_number();	/* preempt() may have moved us */
	}
	lock_held(l, pc, up, cpu, 0);
	lock_boost(l, up);
}

int
canlock(Lock *l)
{
	uintptr_t pc = getcallerpc();
	struct proc *up;
	unsigned int cpu;

	if (!__cpu_simple_lock_try(&l->key))
		return 0;
	up = curproc_get();
	cpu = cpu_number();
	STAT_INC(cpu, locks);
	lock_held(l, pc, up, cpu, 0);
	lock_boost(l, up);
	return 1;
}

void
ilock(Lock *l)
{
	uintptr_t pc = getcallerpc();
	int s;
	unsigned int cpu;

	s = splhigh();
	cpu = cpu_number();
	STAT_INC(cpu, locks);
	if (__sl_predict_false(!__cpu_simple_lock_try(&l->key))) {
		STAT_INC(cpu, glare);
		lock_wait(l, pc, curproc_get(), &s);
		cpu = cpu_number();
	}
	ST(l->sr, s);
	lock_held(l, pc, curproc_get(), cpu, 1);
}

/*
 * Release a lock taken with lock() or canlock(): the holder gets its
 * own priority back, and yields if that is now below a ready process.
 * The report of a misuse is out of line, so that the common path
 * keeps nothing in saved registers.
 */
static __inline void
lock_release_common(Lock *l, struct proc *holder, int pri)
{

	ST(l->p, (struct proc *)NULL);
	__cpu_simple_unlock(&l->key);
	if (holder != NULL)
		proc_setpri(holder, pri);
}

static __attribute__((__noinline__, __cold__)) void
lock_release_upchanged(Lock *l, uintptr_t pc, struct proc *holder,
    struct proc *up, int pri)
{

	LOCK_MISUSE("unlock: up changed: lock 0x%lx pc 0x%lx, "
	    "acquired at pc 0x%lx, lock p %d, unlock up %d",
	    LKADDR(l), LKPC(pc), LKPC(LD(l->pc)), proc_pid(holder),
	    proc_pid(up));
	lock_release_common(l, holder, pri);
}

static void
lock_release(Lock *l, uintptr_t pc)
{
	struct proc *up = curproc_get();
	struct proc *holder = LD(l->p);
	int pri = LD(l->pri);

	if (__sl_predict_false(holder != up)) {
		lock_release_upchanged(l, pc, holder, up, pri);
		return;
	}
	lock_release_common(l, holder, pri);
	if (holder != NULL && intr_enabled() && !kpreempt_disabled() &&
	    __sl_predict_false(sched_higher_ready()))
		preempt();
}

/*
 * A lock taken on another CPU: say so, naming both CPUs, the lock and
 * both callers.  An ilock's saved level is that CPU's, not ours.
 */
static __attribute__((__noinline__, __cold__)) int
lock_othercpu_report(Lock *l, const char *fn, uintptr_t pc, unsigned int m,
    unsigned int me)
{

	LOCK_MISUSE("%s: lock 0x%lx taken on cpu %u at pc 0x%lx, released "
	    "on cpu %u at pc 0x%lx", fn, LKADDR(l), m, LKPC(LD(l->pc)), me,
	    LKPC(pc));
	return 1;
}

/* Inline: iunlock() makes this check every time. */
static __inline int
lock_othercpu(Lock *l, const char *fn, uintptr_t pc)
{
	unsigned int m = LD(l->m), me = cpu_number();

	if (__sl_predict_true(m == me))
		return 0;
	return lock_othercpu_report(l, fn, pc, m, me);
}

/*
 * Release a lock taken with ilock(): the saved level comes back, on
 * the CPU that saved it; released from another CPU (reported), the
 * caller's level is left alone.
 */
static void
lock_irelease(Lock *l, int othercpu)
{
	int s = LD(l->sr);

	ST(l->p, (struct proc *)NULL);
	ST(l->isilock, 0);
	__cpu_simple_unlock(&l->key);
	if (!othercpu)
		splx(s);
}

/* Out of line: unlock() itself then keeps nothing in saved registers. */
static __attribute__((__noinline__, __cold__)) void
unlock_of_ilock(Lock *l, uintptr_t pc)
{

	LOCK_MISUSE("unlock of ilock: lock 0x%lx pc 0x%lx, held by pc 0x%lx",
	    LKADDR(l), LKPC(pc), LKPC(LD(l->pc)));
	lock_irelease(l, lock_othercpu(l, "unlock", pc));
}

void
unlock(Lock *l)
{
	uintptr_t pc = getcallerpc();

	if (__sl_predict_false(__SIMPLELOCK_UNLOCKED_P(&l->key))) {
		LOCK_MISUSE("unlock: not locked: lock 0x%lx pc 0x%lx",
		    LKADDR(l), LKPC(pc));
		return;
	}
	if (__sl_predict_false(LD(l->isilock))) {
		unlock_of_ilock(l, pc);
		return;
	}
#ifdef LOCKDEBUG
	/* Held by no process: then it is the CPU's. */
	if (LD(l->p) == NULL && curproc_get() == NULL)
		(void)lock_othercpu(l, "unlock", pc);
#endif
	lock_release(l, pc);
}

void
iunlock(Lock *l)
{
	uintptr_t pc = getcallerpc();

	if (__sl_predict_false(__SIMPLELOCK_UNLOCKED_P(&l->key))) {
		LOCK_MISUSE("iunlock: not locked: lock 0x%lx pc 0x%lx",
		    LKADDR(l), LKPC(pc));
		return;
	}
	if (__sl_predict_false(!LD(l->isilock))) {
		LOCK_MISUSE("iunlock of lock: lock 0x%lx pc 0x%lx, "
		    "held by pc 0x%lx", LKADDR(l), LKPC(pc), LKPC(LD(l->pc)));
		lock_release(l, pc);
		return;
	}
	if (__sl_predict_false(lock_othercpu(l, "iunlock", pc))) {
		lock_irelease(l, 1);
		return;
	}
	if (__sl_predict_false(intr_enabled()))
		LOCK_MISUSE("iunlock while lo: lock 0x%lx pc 0x%lx, "
		    "held by pc 0x%lx", LKADDR(l), LKPC(pc), LKPC(LD(l->pc)));
	lock_irelease(l, 0);
}
