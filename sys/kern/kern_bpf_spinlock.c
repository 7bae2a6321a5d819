/*	$simplelock: kern/kern_bpf_spinlock.c $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * bpf_spin_lock(9).
 *
 * The word is taken with test and test-and-set and dropped with a
 * release store.  The holder keeps interrupts disabled; the level they
 * had is parked in the CPU's one slot between the two calls, which is
 * why a CPU may hold only one of these locks.  Interrupts stay off
 * while waiting too: an interrupt handler running a program on the
 * same lock would otherwise spin forever on its own CPU.
 */

#include <sys/bpf_spinlock.h>
#include <sys/lock.h>
#include <sys/platform.h>

#include <stddef.h>
#if __STDC_HOSTED__
#include <errno.h>
#endif
#ifndef EINVAL
#define	EINVAL		22	/* Linux's */
#endif

struct bpf_spin_cpu {
	int			bc_spl;		/* level before the lock */
#ifdef LOCKDEBUG
	struct bpf_spin_lock	*bc_held;	/* the lock held, or NULL */
	uintptr_t		bc_pc;		/* where it was taken */
#endif
} __attribute__((__aligned__(64)));	/* a cache line each */

static struct bpf_spin_cpu bpf_spin_cpus[MAXCPUS];

void
__sl_bpf_spin_acquire(struct bpf_spin_lock *lock)
{

	for (;;) {
		/* Read until free, then swap: waiters share the line. */
		while (__sl_predict_false(__atomic_load_n(&lock->val,
		    __ATOMIC_RELAXED) != 0))
			__SL_SPIN_HINT();
		if (__sl_predict_true(__atomic_exchange_n(&lock->val, 1,
		    __ATOMIC_ACQUIRE) == 0))
			return;
	}
}

void
__sl_bpf_spin_release(struct bpf_spin_lock *lock)
{

	__atomic_store_n(&lock->val, 0, __ATOMIC_RELEASE);
}

int
__sl_bpf_spin_call_check(const char *fn, uintptr_t pc)
{
#ifdef LOCKDEBUG
	struct bpf_spin_cpu *bc;
	int s, held;

	s = splhigh();
	bc = &bpf_spin_cpus[cpu_number()];
	held = bc->bc_held != NULL;
	if (__sl_predict_false(held)) {
		cons_printf("function calls are not allowed while holding "
		    "a lock: %s at pc %p, holding lock %p taken at pc %p",
		    fn, (void *)pc, (void *)bc->bc_held, (void *)bc->bc_pc);
	}
	splx(s);
	return held;
#else
	(void)fn;
	(void)pc;
	return 0;
#endif
}

long
bpf_spin_lock(struct bpf_spin_lock *lock)
{
	struct bpf_spin_cpu *bc;
	int s;

	s = splhigh();
	/* Interrupts are off: this CPU is ours until the unlock. */
	bc = &bpf_spin_cpus[cpu_number()];
#ifdef LOCKDEBUG
	if (__sl_predict_false(bc->bc_held != NULL)) {
		cons_printf("Locking two bpf_spin_locks are not allowed: "
		    "lock %p at pc %p, holding lock %p taken at pc %p",
		    (void *)lock, (void *)getcallerpc(),
		    (void *)bc->bc_held, (void *)bc->bc_pc);
		splx(s);
		return -EINVAL;
	}
#endif
	__sl_bpf_spin_acquire(lock);
	bc->bc_spl = s;
#ifdef LOCKDEBUG
	bc->bc_held = lock;
	bc->bc_pc = getcallerpc();
#endif
	return 0;
}

long
bpf_spin_unlock(struct bpf_spin_lock *lock)
{
	struct bpf_spin_cpu *bc;

	/* Interrupts are off if the caller holds a lock, as it must. */
	bc = &bpf_spin_cpus[cpu_number()];
#ifdef LOCKDEBUG
	{
		int s = splhigh();

		if (__sl_predict_false(bc->bc_held == NULL)) {
			cons_printf("bpf_spin_unlock without taking a lock: "
			    "lock %p at pc %p",
			    (void *)lock, (void *)getcallerpc());
			splx(s);
			return -EINVAL;
		}
		if (__sl_predict_false(bc->bc_held != lock)) {
			cons_printf("bpf_spin_unlock of different lock: "
			    "lock %p at pc %p, holding lock %p taken at pc %p",
			    (void *)lock, (void *)getcallerpc(),
			    (void *)bc->bc_held, (void *)bc->bc_pc);
			splx(s);
			return -EINVAL;
		}
		bc->bc_held = NULL;
		/* s is the level the lock set; the slot has the one before. */
	}
#endif
	__sl_bpf_spin_release(lock);
	splx(bc->bc_spl);
	return 0;
}

long
bpf_prog_run(long (*prog)(void *), void *ctx)
{
	long rv;

	if (__sl_predict_false(__sl_bpf_spin_call_check("bpf_prog_run",
	    getcallerpc())))
		return -EINVAL;
	rv = (*prog)(ctx);
#ifdef LOCKDEBUG
	{
		struct bpf_spin_cpu *bc;
		struct bpf_spin_lock *lock;
		int s;

		s = splhigh();
		bc = &bpf_spin_cpus[cpu_number()];
		lock = bc->bc_held;
		if (__sl_predict_false(lock != NULL)) {
			cons_printf("BPF_EXIT instruction in main prog cannot "
			    "be used inside bpf_spin_lock-ed region: "
			    "prog %p returned holding lock %p taken at pc %p",
			    (void *)(uintptr_t)prog, (void *)lock,
			    (void *)bc->bc_pc);
			/* Let go, so the CPU and the lock are usable again. */
			bc->bc_held = NULL;
			__sl_bpf_spin_release(lock);
			splx(bc->bc_spl);
			return -EINVAL;
		}
		splx(s);
	}
#endif
	return rv;
}
