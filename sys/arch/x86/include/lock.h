/*	$simplelock: x86/lock.h $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * __cpu_simple_lock for i386 and amd64.
 *
 * x86 is TSO and every locked instruction is a full fence, so the
 * atomic itself is the acquire barrier and a plain store is a release
 * store (for write-back memory, which is all a lock lives in).  The
 * only barrier left to place is the compiler's.
 */

#ifndef _X86_LOCK_H_
#define _X86_LOCK_H_

/* Representation: <machine/types.h>. */
#include <machine/types.h>

#include <sys/_lock.h>

#define	__SL_SPIN_HINT()	__asm__ __volatile__("pause" ::: "memory")

#ifdef _KERNEL
#undef	SPINLOCK_SPIN_HOOK
#define	SPINLOCK_SPIN_HOOK	/* nothing */
#undef	SPINLOCK_BACKOFF_HOOK
#define	SPINLOCK_BACKOFF_HOOK	__SL_SPIN_HINT()
#endif

#if defined(__SIMPLELOCK_COMMON)
#include <sys/common_lock.h>
#elif defined(_HARDKERNEL)
/*
 * The bare-metal kernel calls out of line (x86/lock_stubs.S): lock
 * cmpxchgb, with pause on plain reads while held, as NetBSD does.
 */
#ifdef __cplusplus
extern "C" {
#endif
void	__cpu_simple_lock_init(__cpu_simple_lock_t *);
int	__cpu_simple_lock_try(__cpu_simple_lock_t *);
void	__cpu_simple_lock(__cpu_simple_lock_t *);
void	__cpu_simple_unlock(__cpu_simple_lock_t *);
#ifdef __cplusplus
}
#endif
#define	__SL_HAVE_INIT
#define	__SL_HAVE_LOCK
#define	__SL_HAVE_UNLOCK
#include <sys/_lock_mi.h>
#else /* userland and rump kernels: inline */

/* Try: xchgb is locked by definition; it writes LOCKED either way. */
__SL_INLINE int
__cpu_simple_lock_try(__cpu_simple_lock_t *__lockp)
{
	__cpu_simple_lock_nv_t __val = __SIMPLELOCK_LOCKED;

	__asm__ __volatile__("xchgb %0, %1"
	    : "+q" (__val), "+m" (*__lockp)
	    :
	    : "memory");
	if (__val != __SIMPLELOCK_UNLOCKED)
		return 0;
	__SL_ACQUIRED(__lockp);
	return 1;
}

/* Lock: the MI test and test-and-set loop, with pause. */

/* Unlock: MI, compiler barrier, then a plain byte store. */

/* Predicates, set, clear, init: MI. */
#include <sys/_lock_mi.h>

#endif /* userland */

#endif /* !_X86_LOCK_H_ */
