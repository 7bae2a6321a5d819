/*	$simplelock: arm/types.h $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * <machine/types.h> for 32-bit ARM.
 *
 * The lock's representation, as NetBSD's types.h has it, and nothing
 * else, so that it can sit beside the C library's headers.
 * <machine/lock.h> takes it from here.
 */

#ifndef _ARM_TYPES_H_
#define _ARM_TYPES_H_

/*
 * The bare-metal kernel's lock is a byte.  Userland's is a word, as
 * NetBSD kept it for the libpthread ABI; a rump kernel shares its
 * structures with the program it runs in, so it takes the word too.
 * __SL_ARM_LOCK_SIZE tells <machine/lock.h> which exclusives to use.
 */
#if defined(_KERNEL) && !defined(_RUMPKERNEL)
typedef unsigned char	__cpu_simple_lock_nv_t;
#define	__SL_ARM_LOCK_SIZE	1
#else
typedef int		__cpu_simple_lock_nv_t;
#define	__SL_ARM_LOCK_SIZE	4
#endif
#define	__SIMPLELOCK_LOCKED	1
#define	__SIMPLELOCK_UNLOCKED	0

/* What NetBSD's <sys/types.h> adds; this project installs none. */
#ifndef __SL_LOCK_T
#define	__SL_LOCK_T
typedef volatile __cpu_simple_lock_nv_t __cpu_simple_lock_t;
#endif

#endif /* !_ARM_TYPES_H_ */
