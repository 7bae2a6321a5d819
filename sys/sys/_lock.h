/*	$simplelock: _lock.h $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * Machine-independent prologue of every <machine/lock.h>.
 *
 * A port first defines its representation, in <machine/types.h>:
 *
 *	__cpu_simple_lock_nv_t		the storage type
 *	__SIMPLELOCK_LOCKED		static initialiser, held
 *	__SIMPLELOCK_UNLOCKED		static initialiser, free
 *
 * and, where the lock word is not the whole object or its raw values
 * are not scalars (hppa), also:
 *
 *	__SL_WORD(p)		pointer to the word the atomics use
 *	__SL_CWORD(p)		the same, from a const pointer
 *	__SL_RAW_LOCKED		raw value of a held word
 *	__SL_RAW_UNLOCKED	raw value of a free word
 *
 * then includes this file, which supplies what every port shares.
 * Nothing here orders memory on the CPU; it only names the tools.
 */

#ifndef _SYS__LOCK_H_
#define _SYS__LOCK_H_

/* <machine/types.h> defines it too, as NetBSD's <sys/types.h> does. */
#ifndef __SL_LOCK_T
#define	__SL_LOCK_T
typedef volatile __cpu_simple_lock_nv_t __cpu_simple_lock_t;
#endif

/*
 * _HARDKERNEL is a kernel that runs on the bare machine; a rump kernel
 * (_KERNEL and _RUMPKERNEL) runs as a process and gets the userland
 * code.  NetBSD derives this in <sys/param.h>; we cannot ship that
 * name without shadowing the host's, so it is derived here.
 */
#if defined(_KERNEL) && !defined(_RUMPKERNEL) && !defined(_HARDKERNEL)
#define	_HARDKERNEL
#endif

#define	__SL_INLINE	static __inline

/* Stops the compiler, not the CPU, moving memory accesses across. */
#define	__sl_insn_barrier()	__asm__ __volatile__("" ::: "memory")

#define	__sl_predict_true(x)	__builtin_expect((x) != 0, 1)
#define	__sl_predict_false(x)	__builtin_expect((x) != 0, 0)

#ifndef __SL_WORD
#define	__SL_WORD(p)		(p)
#define	__SL_CWORD(p)		(p)
#define	__SL_RAW_LOCKED		__SIMPLELOCK_LOCKED
#define	__SL_RAW_UNLOCKED	__SIMPLELOCK_UNLOCKED
#endif

/*
 * Plain accesses to the lock word: single volatile loads and stores,
 * as NetBSD and Linux (READ_ONCE/WRITE_ONCE) make them.  They order
 * nothing, not even for the compiler, so every port must place its
 * own compiler barriers; the object-code tests check that it does.
 * ThreadSanitizer must see them as atomic, so with it they are
 * relaxed atomics (which cost the same instructions).
 */
#define	__SL_LOAD_V(w)		(*(w))
#define	__SL_STORE_V(w, v)	((void)(*(w) = (v)))
#define	__SL_LOAD_A(w)		__atomic_load_n((w), __ATOMIC_RELAXED)
#define	__SL_STORE_A(w, v)	__atomic_store_n((w), (v), __ATOMIC_RELAXED)

/*
 * ThreadSanitizer cannot see inside inline assembly.  When it is on,
 * the ports tell it where the acquire and the release are, so code
 * using these locks gets no false race reports.
 */
#if defined(__SANITIZE_THREAD__)
#define	__SL_TSAN	1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define	__SL_TSAN	1
#endif
#endif

#ifdef __SL_TSAN
#define	__SL_LOAD(w)		__SL_LOAD_A(w)
#define	__SL_STORE(w, v)	__SL_STORE_A(w, v)
#ifdef __cplusplus
extern "C" {
#endif
void	__tsan_acquire(void *);
void	__tsan_release(void *);
#ifdef __cplusplus
}
#endif
#define	__SL_ACQUIRED(p) \
	__tsan_acquire((void *)(__cpu_simple_lock_nv_t *)(p))
#define	__SL_RELEASING(p) \
	__tsan_release((void *)(__cpu_simple_lock_nv_t *)(p))
#else
#define	__SL_LOAD(w)		__SL_LOAD_V(w)
#define	__SL_STORE(w, v)	__SL_STORE_V(w, v)
#define	__SL_ACQUIRED(p)	((void)0)
#define	__SL_RELEASING(p)	((void)0)
#endif

#endif /* !_SYS__LOCK_H_ */
