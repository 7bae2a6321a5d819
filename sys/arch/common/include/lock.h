/*	$simplelock: common/lock.h $	*/

/*
 * <machine/lock.h> for a CPU with no port: a 32-bit word, since every
 * CPU with atomics can exchange one, and the compiler's builtins.
 */

#ifndef _COMMON_LOCK_H_
#define _COMMON_LOCK_H_

/* Representation. */
typedef unsigned int	__cpu_simple_lock_nv_t;
#define	__SIMPLELOCK_LOCKED	1
#define	__SIMPLELOCK_UNLOCKED	0

#include <sys/_lock.h>
#include <sys/common_lock.h>

#endif /* !_COMMON_LOCK_H_ */
