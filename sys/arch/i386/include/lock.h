/*	$simplelock: i386/lock.h $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/* i386 shares the x86 port. */
#include <x86/lock.h>
