/*	$simplelock: hppa/lock.h $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * __cpu_simple_lock for PA-RISC.
 *
 * The only atomic is ldcw, load and clear word, which needs a 16-byte
 * aligned word.  So the lock is four words and the one in use is the
 * first 16-byte aligned one among them (the struct is word aligned,
 * so one always is).  Cleared means held: the raw word is 0 when
 * locked and 1 when free, and a zero-filled lock is a held one.
 * ldcw is not documented as an acquire, so sync follows a successful
 * one; unlock is sync, then a store of 1.
 */

#ifndef _HPPA_LOCK_H_
#define _HPPA_LOCK_H_

/* Representation: <machine/types.h>, NetBSD's four-word struct. */
#include <machine/types.h>

/*
 * The word in use, under NetBSD's name: the lock's address rounded up
 * to 16.  Like NetBSD's, it drops a const; __SL_CWORD keeps it.
 */
#define	__SL_HPPA_LDCW_ALIGN	16UL
#define	__SIMPLELOCK_ALIGN(p)						\
	((volatile unsigned long *)(((unsigned long)(p) +		\
	    __SL_HPPA_LDCW_ALIGN - 1) & ~(__SL_HPPA_LDCW_ALIGN - 1)))

/* The aligned word, and its raw values, for <sys/_lock.h>. */
#define	__SL_WORD(p)		__SIMPLELOCK_ALIGN((p)->csl_lock)
#define	__SL_CWORD(p)							\
	((const volatile unsigned long *)__SIMPLELOCK_ALIGN((p)->csl_lock))
#define	__SL_RAW_LOCKED		__SIMPLELOCK_RAW_LOCKED
#define	__SL_RAW_UNLOCKED	__SIMPLELOCK_RAW_UNLOCKED

#include <sys/_lock.h>

/*
 * Init writes all four words: the caller cannot know which one is
 * aligned, and the lock may be copied to where another one is.
 */
#define	__SL_HAVE_INIT
__SL_INLINE void
__cpu_simple_lock_init(__cpu_simple_lock_t *__lockp)
{

	__SL_STORE(&__lockp->csl_lock[0], __SL_RAW_UNLOCKED);
	__SL_STORE(&__lockp->csl_lock[1], __SL_RAW_UNLOCKED);
	__SL_STORE(&__lockp->csl_lock[2], __SL_RAW_UNLOCKED);
	__SL_STORE(&__lockp->csl_lock[3], __SL_RAW_UNLOCKED);
}

#if defined(__SIMPLELOCK_COMMON)
#include <sys/common_lock.h>
#else

/* Try: ldcw returns the old word; 0 means someone else holds it. */
__SL_INLINE int
__cpu_simple_lock_try(__cpu_simple_lock_t *__lockp)
{
	unsigned long __old;

	__asm__ __volatile__("ldcw 0(%1), %0"
	    : "=r" (__old)
	    : "r" (__SL_WORD(__lockp))
	    : "memory");
	if (__sl_predict_false(__old == __SL_RAW_LOCKED))
		return 0;
	__asm__ __volatile__("sync" ::: "memory");
	__SL_ACQUIRED(__lockp);
	return 1;
}

/* Lock: the MI test and test-and-set loop. */

/* Unlock: MI, sync, then a store of the free value. */
#define	__SL_RELEASE_BARRIER()	__asm__ __volatile__("sync" ::: "memory")

/* Predicates, set, clear: MI, on the aligned word. */
#include <sys/_lock_mi.h>

#endif /* !__SIMPLELOCK_COMMON */

#endif /* !_HPPA_LOCK_H_ */
