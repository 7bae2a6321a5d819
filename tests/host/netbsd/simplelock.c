/*	$simplelock: tests/host/netbsd/simplelock.c $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * A NetBSD-shaped kernel client, compiled unchanged for every ARCH by
 * t_netbsd: the old simple_lock interface as a thin wrapper over
 * __cpu_simple_lock, including its machine headers the way NetBSD's
 * <sys/simplelock.h> does: <machine/types.h> for the representation,
 * then <machine/lock.h> for the operations.  It uses only names NetBSD
 * has, so what compiles here compiles there.
 */

#include <machine/types.h>
#include <machine/lock.h>

struct simplelock {
	__cpu_simple_lock_t	lock_data;
	const char		*lock_file;	/* last taken here */
	int			lock_line;
};

#define	SIMPLELOCK_INITIALIZER	{ __SIMPLELOCK_UNLOCKED, 0, 0 }

void	simple_lock_init(struct simplelock *);
void	_simple_lock(struct simplelock *, const char *, int);
int	_simple_lock_try(struct simplelock *, const char *, int);
void	_simple_unlock(struct simplelock *);
int	simple_lock_held(const struct simplelock *);
unsigned int	simple_lock_size(void);
int	simple_lock_table(int);

#define	simple_lock(alp)	_simple_lock((alp), __FILE__, __LINE__)
#define	simple_lock_try(alp)	_simple_lock_try((alp), __FILE__, __LINE__)
#define	simple_unlock(alp)	_simple_unlock(alp)

/* Kernel globals are initialised statically, before any code runs. */
struct simplelock simple_lock_global = SIMPLELOCK_INITIALIZER;
static struct simplelock simple_lock_tab[2] = {
	SIMPLELOCK_INITIALIZER, SIMPLELOCK_INITIALIZER
};

void
simple_lock_init(struct simplelock *alp)
{

	__cpu_simple_lock_init(&alp->lock_data);
	alp->lock_file = 0;
	alp->lock_line = 0;
}

void
_simple_lock(struct simplelock *alp, const char *file, int line)
{

	__cpu_simple_lock(&alp->lock_data);
	alp->lock_file = file;
	alp->lock_line = line;
}

int
_simple_lock_try(struct simplelock *alp, const char *file, int line)
{

	if (!__cpu_simple_lock_try(&alp->lock_data))
		return 0;
	alp->lock_file = file;
	alp->lock_line = line;
	return 1;
}

void
_simple_unlock(struct simplelock *alp)
{

	__cpu_simple_unlock(&alp->lock_data);
}

int
simple_lock_held(const struct simplelock *alp)
{

	return __SIMPLELOCK_LOCKED_P(&alp->lock_data);
}

/* The representation alone: the storage type <machine/types.h> gave. */
unsigned int
simple_lock_size(void)
{
	__cpu_simple_lock_nv_t copy;

	(void)copy;
	return sizeof(copy);
}

int
simple_lock_table(int i)
{
	int got;

	if (!simple_lock_try(&simple_lock_tab[i & 1]))
		return 0;
	simple_lock(&simple_lock_global);
	got = simple_lock_held(&simple_lock_global);
	simple_unlock(&simple_lock_global);
	simple_unlock(&simple_lock_tab[i & 1]);
	return got;
}

#if defined(__hppa__)
int	simple_lock_raw_held(const struct simplelock *);
void	simple_lock_raw_release(struct simplelock *);

/* NetBSD's hppa code reaches the word ldcw uses by these names. */
int
simple_lock_raw_held(const struct simplelock *alp)
{

	return *__SIMPLELOCK_ALIGN(&alp->lock_data) ==
	    __SIMPLELOCK_RAW_LOCKED;
}

void
simple_lock_raw_release(struct simplelock *alp)
{

	*__SIMPLELOCK_ALIGN(&alp->lock_data) = __SIMPLELOCK_RAW_UNLOCKED;
}
#endif
