/*	$simplelock: audit.c $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * What the object-code audit disassembles: each operation out of
 * line, with a global label (a marker that emits no instruction)
 * where the caller holds the lock, or starts to release it.  The
 * audit follows every path from a function's entry to its marker,
 * and from the marker to its return.
 */

#include <machine/lock.h>

/* %= numbers each copy, should the compiler duplicate the marker. */
#define	AUDIT_MARK(name)						\
	__asm__ __volatile__(".globl " #name "_%=\n" #name "_%=:" ::: "memory")

void	audit_lock(__cpu_simple_lock_t *);
int	audit_try(__cpu_simple_lock_t *);
void	audit_unlock(__cpu_simple_lock_t *);

void
audit_lock(__cpu_simple_lock_t *lp)
{

	__cpu_simple_lock(lp);
	AUDIT_MARK(audit_lock_held);
}

int
audit_try(__cpu_simple_lock_t *lp)
{

	if (!__cpu_simple_lock_try(lp))
		return 0;
	AUDIT_MARK(audit_try_held);
	return 1;
}

void
audit_unlock(__cpu_simple_lock_t *lp)
{

	AUDIT_MARK(audit_unlock_from);
	__cpu_simple_unlock(lp);
}
