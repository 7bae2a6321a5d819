/*	$simplelock: hppa/types.h $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * <machine/types.h> for PA-RISC.
 *
 * The lock's representation, as NetBSD's types.h has it, and nothing
 * else, so that it can sit beside the C library's headers.
 * <machine/lock.h> takes it from here.
 */

#ifndef _HPPA_TYPES_H_
#define _HPPA_TYPES_H_

/*
 * ldcw needs a 16-byte aligned word, so the lock is four words, of
 * which the first 16-byte aligned one is used.  ldcw clears the word:
 * the raw word is 0 when held and 1 when free, so a zero-filled lock
 * is a held one.  The initialisers set all four words.
 */
typedef struct {
	volatile unsigned long	csl_lock[4];
} __cpu_simple_lock_nv_t;
#define	__SIMPLELOCK_RAW_LOCKED		0UL
#define	__SIMPLELOCK_RAW_UNLOCKED	1UL
#define	__SIMPLELOCK_LOCKED	{ { 0, 0, 0, 0 } }
#define	__SIMPLELOCK_UNLOCKED	{ { 1, 1, 1, 1 } }

/* What NetBSD's <sys/types.h> adds; this project installs none. */
#ifndef __SL_LOCK_T
#define	__SL_LOCK_T
typedef volatile __cpu_simple_lock_nv_t __cpu_simple_lock_t;
#endif

#endif /* !_HPPA_TYPES_H_ */
