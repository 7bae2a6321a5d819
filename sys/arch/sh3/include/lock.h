/*	$simplelock: sh3/lock.h $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * __cpu_simple_lock for SuperH (sh3, and sh4 which runs sh3 code).
 *
 * tas.b sets T if the byte was zero and sets its top bit, in one
 * locked bus cycle: hence the locked value 0x80.  NetBSD's SuperH
 * machines are uniprocessors, so the only barrier to place is the
 * compiler's.
 */

#ifndef _SH3_LOCK_H_
#define _SH3_LOCK_H_

/* Representation: <machine/types.h>. */
#include <machine/types.h>

#include <sys/_lock.h>

#if defined(__SIMPLELOCK_COMMON)
#include <sys/common_lock.h>
#else

/* Try: T, copied out by movt, is 1 if the byte was free. */
__SL_INLINE int
__cpu_simple_lock_try(__cpu_simple_lock_t *__lockp)
{
	int __got;

	__asm__ __volatile__(
	    "tas.b	@%2\n\t"
	    "movt	%0"
	    : "=r" (__got), "+m" (*__lockp)
	    : "r" (__lockp)
	    : "t", "memory");
	if (__sl_predict_false(__got == 0))
		return 0;
	__SL_ACQUIRED(__lockp);
	return 1;
}

/* Lock: the MI test and test-and-set loop. */

/* Unlock: MI, compiler barrier, then a plain byte store. */

/* Predicates, set, clear, init: MI. */
#include <sys/_lock_mi.h>

#endif /* !__SIMPLELOCK_COMMON */

#endif /* !_SH3_LOCK_H_ */
