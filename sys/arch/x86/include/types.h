/*	$simplelock: x86/types.h $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * <machine/types.h> for i386 and amd64.
 *
 * The lock's representation, as NetBSD's types.h has it, and nothing
 * else, so that it can sit beside the C library's headers.
 * <machine/lock.h> takes it from here.
 */

#ifndef _X86_TYPES_H_
#define _X86_TYPES_H_

/* One byte, as NetBSD's. */
typedef unsigned char	__cpu_simple_lock_nv_t;
#define	__SIMPLELOCK_LOCKED	1
#define	__SIMPLELOCK_UNLOCKED	0
/* A byte that was once a word: libpthread pads its structs. */
#define	__CPU_SIMPLE_LOCK_PAD

/* What NetBSD's <sys/types.h> adds; this project installs none. */
#ifndef __SL_LOCK_T
#define	__SL_LOCK_T
typedef volatile __cpu_simple_lock_nv_t __cpu_simple_lock_t;
#endif

#endif /* !_X86_TYPES_H_ */
