/*	$simplelock: common/types.h $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * <machine/types.h> for a CPU with no port.
 *
 * The lock's representation, as NetBSD's types.h has it, and nothing
 * else, so that it can sit beside the C library's headers.
 * <machine/lock.h> takes it from here.
 */

#ifndef _COMMON_TYPES_H_
#define _COMMON_TYPES_H_

/* A word: every CPU with atomics can exchange one. */
typedef unsigned int	__cpu_simple_lock_nv_t;
#define	__SIMPLELOCK_LOCKED	1
#define	__SIMPLELOCK_UNLOCKED	0

/* What NetBSD's <sys/types.h> adds; this project installs none. */
#ifndef __SL_LOCK_T
#define	__SL_LOCK_T
typedef volatile __cpu_simple_lock_nv_t __cpu_simple_lock_t;
#endif

#endif /* !_COMMON_TYPES_H_ */
