/*	$simplelock: common/lock.h $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * <machine/lock.h> for a CPU with no port: a 32-bit word, since every
 * CPU with atomics can exchange one, and the compiler's builtins.
 */

#ifndef _COMMON_LOCK_H_
#define _COMMON_LOCK_H_

/* Representation: <machine/types.h>. */
#include <machine/types.h>

#include <sys/_lock.h>
#include <sys/common_lock.h>

#endif /* !_COMMON_LOCK_H_ */
