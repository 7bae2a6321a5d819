/*	$simplelock: tests/host/netbsd/pthread_types.h $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * Shaped like NetBSD's libpthread pthread_types.h, for t_netbsd: it
 * includes nothing, and takes __cpu_simple_lock_t,
 * __cpu_simple_lock_nv_t, __SIMPLELOCK_UNLOCKED and
 * __CPU_SIMPLE_LOCK_PAD from what its includer included first (on
 * NetBSD <sys/types.h>, here <machine/types.h>).  Its names carry an
 * nb_ prefix so that it can sit beside the host's <pthread.h>.
 */

#ifndef _NB_PTHREAD_TYPES_H_
#define _NB_PTHREAD_TYPES_H_

typedef __cpu_simple_lock_t	nb_pthread_spin_t;

/* A C++ member initialiser cannot copy a volatile struct: no volatile. */
#ifdef __cplusplus
#define	__nb_pthread_spin_t	__cpu_simple_lock_nv_t
#else
#define	__nb_pthread_spin_t	nb_pthread_spin_t
#endif

/*
 * A lock that is a byte now was a word once: the padding keeps the
 * old layout, and zero padding is only right beside a zero byte.
 */
#ifdef __CPU_SIMPLE_LOCK_PAD
#if __SIMPLELOCK_UNLOCKED != 0
#error "__CPU_SIMPLE_LOCK_PAD needs __SIMPLELOCK_UNLOCKED == 0"
#endif
#define	_NB_PAD(name)	unsigned char name[3];
#define	_NB_PAD_INIT	{ 0, 0, 0 },
#else
#define	_NB_PAD(name)
#define	_NB_PAD_INIT
#endif

struct nb_pthread_mutex {
	unsigned int		ptm_magic;
	__nb_pthread_spin_t	ptm_errorcheck;
	_NB_PAD(ptm_pad1)
	__nb_pthread_spin_t	ptm_unused;
	_NB_PAD(ptm_pad2)
	void			*ptm_owner;
	unsigned int		ptm_recursed;
};

struct nb_pthread_spinlock {
	unsigned int		pts_magic;
	__nb_pthread_spin_t	pts_spin;
	int			pts_flags;
};

typedef struct nb_pthread_mutex nb_pthread_mutex_t;
typedef struct nb_pthread_spinlock nb_pthread_spinlock_t;

#define	_NB_PT_MUTEX_MAGIC	0x33330003
#define	_NB_PT_SPINLOCK_MAGIC	0x77770007

#define	_NB_PTHREAD_MUTEX_INITIALIZER					\
	{ _NB_PT_MUTEX_MAGIC,						\
	  __SIMPLELOCK_UNLOCKED, _NB_PAD_INIT				\
	  __SIMPLELOCK_UNLOCKED, _NB_PAD_INIT				\
	  0, 0 }
#define	_NB_PTHREAD_SPINLOCK_INITIALIZER				\
	{ _NB_PT_SPINLOCK_MAGIC, __SIMPLELOCK_UNLOCKED, 0 }

#endif /* !_NB_PTHREAD_TYPES_H_ */
