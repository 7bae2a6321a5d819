/*	$simplelock: uses.c $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * Every operation of <sys/lock.h>, for the clang compile checks: built
 * freestanding, for each target, with and without _KERNEL.
 */

#include <sys/lock.h>

__cpu_simple_lock_t	uses_free = __SIMPLELOCK_UNLOCKED;
__cpu_simple_lock_t	uses_held = __SIMPLELOCK_LOCKED;

int	uses(__cpu_simple_lock_t *);

int
uses(__cpu_simple_lock_t *lp)
{
	int r;
#ifdef _KERNEL
	int count = SPINLOCK_BACKOFF_MIN;
	unsigned spins = 0;
#endif

	__cpu_simple_lock_init(lp);
	__cpu_simple_lock(lp);
	r = __cpu_simple_lock_try(lp);
	__cpu_simple_unlock(lp);
	r += __SIMPLELOCK_LOCKED_P(&uses_held);
	r += __SIMPLELOCK_UNLOCKED_P(&uses_free);
	__cpu_simple_lock_set(lp);
	__cpu_simple_lock_clear(lp);
#ifdef _KERNEL
	while (__SIMPLELOCK_LOCKED_P(lp)) {
		SPINLOCK_BACKOFF(count);
		SPINLOCK_SPIN_HOOK;
		if (SPINLOCK_SPINOUT(spins))
			break;
	}
#endif
	return r;
}
