/*	$simplelock: i386/types.h $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * i386 shares the x86 representation.
 */

#include <x86/types.h>
