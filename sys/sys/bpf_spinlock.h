/*	$simplelock: sys/bpf_spinlock.h $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * bpf_spin_lock(9): the spin lock a BPF map value may carry.
 *
 * The lock is one 32-bit word inside the value, zero when free.  A
 * holder runs with interrupts disabled, and the level to restore is
 * kept in a single slot per CPU: that is sound only because a CPU
 * holds at most one of these locks at a time, a rule Linux's verifier
 * proves before a program runs.  Here LOCKDEBUG kernels check the
 * same rules as the program runs and report them in the verifier's
 * words; other kernels trust the caller.
 */

#ifndef _SYS_BPF_SPINLOCK_H_
#define _SYS_BPF_SPINLOCK_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct bpf_spin_lock {
	uint32_t	val;		/* 0: free; touch only via the calls */
};

long	bpf_spin_lock(struct bpf_spin_lock *);
long	bpf_spin_unlock(struct bpf_spin_lock *);

/*
 * Run prog(ctx) as a BPF program: under LOCKDEBUG, the return with a
 * lock still held, and a run started while holding one, are caught.
 */
long	bpf_prog_run(long (*)(void *), void *);

#ifdef _KERNEL
/*
 * For the map code: take and drop the word alone, with no interrupt
 * or ownership bookkeeping (the caller does its own).
 */
void	__sl_bpf_spin_acquire(struct bpf_spin_lock *);
void	__sl_bpf_spin_release(struct bpf_spin_lock *);
/*
 * Non-zero if the calling CPU holds a bpf_spin_lock, after saying on
 * the console that the named function was called from pc with it
 * held.  Always 0 without LOCKDEBUG.
 */
int	__sl_bpf_spin_call_check(const char *, uintptr_t);
#endif

#ifdef __cplusplus
}
#endif

#endif /* !_SYS_BPF_SPINLOCK_H_ */
