/*	$simplelock: amd64/lock.h $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/* amd64 shares the x86 port. */
#include <x86/lock.h>
