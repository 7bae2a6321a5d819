/*	$simplelock: sparc64/lock.h $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/* sparc64 shares the sparc port: ldstub is the same in v9. */
#include <sparc/lock.h>
