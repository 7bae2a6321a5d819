/*	$simplelock: sparc/types.h $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * <machine/types.h> for SPARC (v8 and, through <sparc64/types.h>, v9).
 *
 * The lock's representation, as NetBSD's types.h has it, and nothing
 * else, so that it can sit beside the C library's headers.
 * <machine/lock.h> takes it from here.
 */

#ifndef _SPARC_TYPES_H_
#define _SPARC_TYPES_H_

/* One byte, as NetBSD's; ldstub stores 0xff. */
typedef unsigned char	__cpu_simple_lock_nv_t;
#define	__SIMPLELOCK_LOCKED	0xff
#define	__SIMPLELOCK_UNLOCKED	0
/* A byte that was once a word: libpthread pads its structs. */
#define	__CPU_SIMPLE_LOCK_PAD

/* What NetBSD's <sys/types.h> adds; this project installs none. */
#ifndef __SL_LOCK_T
#define	__SL_LOCK_T
typedef volatile __cpu_simple_lock_nv_t __cpu_simple_lock_t;
#endif

#endif /* !_SPARC_TYPES_H_ */
