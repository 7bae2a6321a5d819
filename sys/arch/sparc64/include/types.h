/*	$simplelock: sparc64/types.h $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * sparc64 shares the sparc representation.
 */

#include <sparc/types.h>
