/*	$simplelock: codegen.c $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * Critical sections for t_codegen: the accesses to cg_data must stay
 * between the atomic that takes cg_lock and the store that frees it.
 * Only compiler barriers keep them there; the CPU side is the audit's.
 */

#include <sys/lock.h>

__cpu_simple_lock_t	cg_lock;
unsigned long		cg_data;

int	cg_try_section(void);
void	cg_lock_section(void);
unsigned long	cg_reread(void);

int
cg_try_section(void)
{

	if (!__cpu_simple_lock_try(&cg_lock))
		return 0;
	cg_data = cg_data * 3 + 1;
	__cpu_simple_unlock(&cg_lock);
	return 1;
}

void
cg_lock_section(void)
{

	__cpu_simple_lock(&cg_lock);
	cg_data = cg_data * 3 + 1;
	__cpu_simple_unlock(&cg_lock);
}

/*
 * A value read before the lock must be read again inside it: without
 * the acquire's compiler barrier the compiler reuses the stale one.
 */
unsigned long
cg_reread(void)
{
	unsigned long before, inside;

	before = cg_data;
	__cpu_simple_lock(&cg_lock);
	inside = cg_data;
	__cpu_simple_unlock(&cg_lock);
	return before * 7 + inside;
}

#ifdef _KERNEL
/*
 * SPINLOCK_BACKOFF must really wait: its loop of hooks has to survive
 * optimisation even though it computes nothing.
 */
void	cg_backoff(int *);

void
cg_backoff(int *countp)
{
	int count = *countp;

	SPINLOCK_BACKOFF(count);
	*countp = count;
}
#endif
