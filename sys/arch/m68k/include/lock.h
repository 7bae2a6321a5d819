/*	$simplelock: m68k/lock.h $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * __cpu_simple_lock for the m68k family.
 *
 * tas tests a byte and sets its top bit in one indivisible bus cycle,
 * which is why the locked value is 0x80.  NetBSD's m68k machines are
 * uniprocessors that execute in order, so the only barrier to place
 * is the compiler's.
 */

#ifndef _M68K_LOCK_H_
#define _M68K_LOCK_H_

/* Representation: <machine/types.h>. */
#include <machine/types.h>

#include <sys/_lock.h>

#if defined(__SIMPLELOCK_COMMON)
#include <sys/common_lock.h>
#else

/* Try: Z is set if the byte was zero, that is, free. */
__SL_INLINE int
__cpu_simple_lock_try(__cpu_simple_lock_t *__lockp)
{
	unsigned char __got;

	/* An address register, not "m": clang's m68k cannot match "m". */
	__asm__ __volatile__(
	    "tas	(%1)\n\t"
	    "seq	%0"
	    : "=d" (__got)
	    : "a" (__lockp)
	    : "cc", "memory");
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

#endif /* !_M68K_LOCK_H_ */
