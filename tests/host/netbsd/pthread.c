/*	$simplelock: tests/host/netbsd/pthread.c $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * A libpthread-shaped client, for t_netbsd: static initialisers from a
 * pthread_types.h that includes nothing, after <machine/types.h> (what
 * NetBSD's <sys/types.h> brings).  C and C++; in C++11 also a member
 * initialiser, which NetBSD's non-volatile C++ spin type exists for.
 * With -DWANT_SIZE=n, the lock must be n bytes (mk/arches.tab's SIZE).
 */

#include <machine/types.h>
#include "pthread_types.h"

nb_pthread_mutex_t nb_mutex = _NB_PTHREAD_MUTEX_INITIALIZER;
nb_pthread_spinlock_t nb_spin = _NB_PTHREAD_SPINLOCK_INITIALIZER;
static nb_pthread_mutex_t nb_mutexes[2] = {
	_NB_PTHREAD_MUTEX_INITIALIZER, _NB_PTHREAD_MUTEX_INITIALIZER
};

#ifdef WANT_SIZE
typedef char nb_size_check[
    sizeof(__cpu_simple_lock_nv_t) == WANT_SIZE ? 1 : -1];
#endif

#if defined(__cplusplus) && __cplusplus >= 201103L
struct nb_holder {
	nb_pthread_mutex_t	h_mutex = _NB_PTHREAD_MUTEX_INITIALIZER;
	nb_pthread_spinlock_t	h_spin = _NB_PTHREAD_SPINLOCK_INITIALIZER;
};
nb_holder nb_held;
nb_holder nb_copy(nb_held);
#endif

#ifdef __cplusplus
extern "C" {
#endif
unsigned int	nb_magic(int);
#ifdef __cplusplus
}
#endif

unsigned int
nb_magic(int i)
{

	return nb_mutexes[i & 1].ptm_magic ^ nb_mutex.ptm_magic ^
	    nb_spin.pts_magic;
}
