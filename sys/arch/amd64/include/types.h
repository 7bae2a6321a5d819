/*	$simplelock: amd64/types.h $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * amd64 shares the x86 representation.
 */

#include <x86/types.h>
