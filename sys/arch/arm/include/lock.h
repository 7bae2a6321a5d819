/*	$simplelock: arm/lock.h $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * __cpu_simple_lock for 32-bit ARM.
 *
 * ARMv6 and later: an exclusive load/store pair, then a dmb (or its
 * ARMv6 CP15 spelling) as the acquire; unlock is dmb, then a plain
 * store.  Before ARMv6 there is only swp, and those machines are
 * uniprocessors, so no barrier but the compiler's is needed.
 *
 * The bare-metal kernel's lock is a byte, userland's and a rump
 * kernel's a word (<machine/types.h> says why).
 */

#ifndef _ARM_LOCK_H_
#define _ARM_LOCK_H_

/* Representation: <machine/types.h>, a byte or a word. */
#include <machine/types.h>
#if __SL_ARM_LOCK_SIZE == 1
#define	__SL_ARM_SZ	"b"
#define	__SL_ARM_LDREX	1	/* __ARM_FEATURE_LDREX bit: byte */
#else
#define	__SL_ARM_SZ	""
#define	__SL_ARM_LDREX	4	/* __ARM_FEATURE_LDREX bit: word */
#endif

#include <sys/_lock.h>

#if defined(__ARM_ARCH) && __ARM_ARCH >= 7
#define	__SL_ARM_DMB	"dmb	ish"
#elif defined(__ARM_ARCH) && __ARM_ARCH == 6
#define	__SL_ARM_DMB	"mcr	p15, 0, %[__z], c7, c10, 5"
#else
#define	__SL_ARM_PRE_V6
#endif

/* Exclusives of the lock's width: ldrexb needs ARMv6K. */
#if !defined(__SL_ARM_PRE_V6) && defined(__ARM_FEATURE_LDREX) && \
    (__ARM_FEATURE_LDREX & __SL_ARM_LDREX)
#define	__SL_ARM_EXCL
#endif

#if defined(__ARM_ARCH) && (__ARM_ARCH >= 7 || defined(__ARM_ARCH_6K__) || \
    defined(__ARM_ARCH_6KZ__))
#define	__SL_SPIN_HINT()	__asm__ __volatile__("yield" ::: "memory")
#endif

#if defined(__SIMPLELOCK_COMMON) || \
    (!defined(__SL_ARM_EXCL) && defined(__thumb__) && !defined(__thumb2__))
/* Also Thumb-1 before ARMv6, which has neither swp nor exclusives. */
#include <sys/common_lock.h>
#else

__SL_INLINE int
__cpu_simple_lock_try(__cpu_simple_lock_t *__lockp)
{
	__cpu_simple_lock_nv_t __old;
#if defined(__SL_ARM_EXCL)
	unsigned int __fail;

	/* A failed strex is retried: try fails only on a held lock. */
	__asm__ __volatile__(
	    "1:	ldrex" __SL_ARM_SZ "	%[__old], %[__mem]\n"
	    "	cmp	%[__old], #0\n"
	    "	bne	2f\n"
	    "	strex" __SL_ARM_SZ "	%[__fail], %[__new], %[__mem]\n"
	    "	cmp	%[__fail], #0\n"
	    "	bne	1b\n"
	    "	" __SL_ARM_DMB "\n"
	    "2:"
	    : [__old] "=&r" (__old), [__fail] "=&r" (__fail),
	      [__mem] "+Q" (*__lockp)
	    : [__new] "r" (__SIMPLELOCK_LOCKED), [__z] "r" (0)
	    : "cc", "memory");
#else
	/* swp writes LOCKED either way; harmless if it was held. */
	__asm__ __volatile__("swp" __SL_ARM_SZ "	%0, %1, [%2]"
	    : "=&r" (__old)
	    : "r" (__SIMPLELOCK_LOCKED), "r" (__lockp)
	    : "memory");
#endif
	if (__sl_predict_false(__old != __SIMPLELOCK_UNLOCKED))
		return 0;
	__SL_ACQUIRED(__lockp);
	return 1;
}

/* Lock: the MI test and test-and-set loop. */

/* Unlock: MI, a barrier ordering the critical section, then a store. */
#if defined(__SL_ARM_EXCL)
#define	__SL_RELEASE_BARRIER() \
	__asm__ __volatile__(__SL_ARM_DMB : : [__z] "r" (0) : "memory")
#endif

/* Predicates, set, clear, init: MI. */
#include <sys/_lock_mi.h>

#endif /* !__SIMPLELOCK_COMMON */

#endif /* !_ARM_LOCK_H_ */
