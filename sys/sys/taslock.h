/*	$simplelock: sys/taslock.h $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * Plan 9 and Inferno kernel spin locks, lock(9): lock, canlock,
 * unlock, ilock, iunlock.  The key is a __cpu_simple_lock_t; the rest
 * of the Lock says who holds it, for the lock-loop diagnostic and the
 * misuse checks.  Kernel code, on <sys/platform.h>.
 */

#ifndef _SYS_TASLOCK_H_
#define _SYS_TASLOCK_H_

#include <stdint.h>
#include <sys/lock.h>
#include <sys/platform.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A holder's priority: the highest. */
#define	PriLock		PRI_MAX

/* Default number of spins before a lock loop is reported (Plan 9's). */
#define	LOCK_LOOPMAX	100000000UL

typedef struct Lock {
	__cpu_simple_lock_t	key;
	int			isilock;	/* taken with ilock */
	int			sr;		/* ilock's saved level */
	int			pri;		/* holder's own priority */
	unsigned int		m;		/* holder's CPU */
	uintptr_t		pc;		/* where it was taken */
	struct proc		*p;		/* holder, or NULL */
} Lock;

#define	LOCK_INITIALIZER	{ __SIMPLELOCK_UNLOCKED, 0, 0, 0, 0, 0, 0 }

struct lockstats {
	unsigned long	locks;		/* locks taken */
	unsigned long	glare;		/* first attempts that failed */
	unsigned long	inglare;	/* rounds of waiting */
};

void	lockinit(Lock *);
void	lock(Lock *);
int	canlock(Lock *);
void	unlock(Lock *);
void	ilock(Lock *);
void	iunlock(Lock *);

unsigned long	lock_setloop(unsigned long);
int		lock_setpanic(int);
void		lock_getstats(struct lockstats *);
void		lock_zerostats(void);

#ifdef __cplusplus
}
#endif

#endif /* !_SYS_TASLOCK_H_ */
