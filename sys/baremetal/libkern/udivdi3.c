/*	$simplelock: baremetal/libkern/udivdi3.c $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * 64-bit unsigned division and remainder, the two libgcc helpers the
 * kernel's C calls on a 32-bit CPU, for a machine whose compiler has
 * no libgcc it can link (riscv32: Debian's riscv64 cross gcc ships no
 * rv32 one; sparc v8: the 32-bit one is v8plus code).  A machine lists
 * this file in BM_MD_SRCS and sets BM_LIBGCC empty.
 */

#include <stdint.h>

#include <sys/platform.h>

#include "md.h"

uint64_t	__udivdi3(uint64_t, uint64_t);
uint64_t	__umoddi3(uint64_t, uint64_t);

/* Shift and subtract; the CPU's own divide when both fit in 32 bits. */
static uint64_t
udivmod(uint64_t n, uint64_t d, uint64_t *remp)
{
	uint64_t q = 0, r = 0, carry;
	int i;

	if (__builtin_expect(d == 0, 0))
		bm_trap("integer division by zero", getcallerpc(), 0);
	if ((n >> 32) == 0 && (d >> 32) == 0) {
		*remp = (uint32_t)n % (uint32_t)d;
		return (uint32_t)n / (uint32_t)d;
	}
	for (i = 63; i >= 0; i--) {
		/* r may reach 2^64 - 1 before the subtraction. */
		carry = r >> 63;
		r = (r << 1) | ((n >> i) & 1);
		if (carry != 0 || r >= d) {
			r -= d;
			q |= (uint64_t)1 << i;
		}
	}
	*remp = r;
	return q;
}

uint64_t
__udivdi3(uint64_t n, uint64_t d)
{
	uint64_t r;

	return udivmod(n, d, &r);
}

uint64_t
__umoddi3(uint64_t n, uint64_t d)
{
	uint64_t r;

	(void)udivmod(n, d, &r);
	return r;
}
