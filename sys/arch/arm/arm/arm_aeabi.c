/*	$simplelock: arm/arm_aeabi.c $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * What the ARM EABI asks of a bare-metal kernel that links libgcc,
 * for every ARM machine.
 */

#include <stdint.h>

#include <sys/platform.h>
#include <baremetal/md.h>

/*
 * libgcc's division routines call these on a zero divisor; its own
 * versions raise a signal, which needs a C library.
 */
int	__aeabi_idiv0(int);
long long __aeabi_ldiv0(long long);

int
__aeabi_idiv0(int r)
{
	bm_trap("integer division by zero", getcallerpc(), (uintptr_t)r);
}

long long
__aeabi_ldiv0(long long r)
{
	bm_trap("integer division by zero", getcallerpc(), (uintptr_t)r);
}
