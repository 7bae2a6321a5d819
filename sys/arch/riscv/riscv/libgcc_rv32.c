/*	$simplelock: arch/riscv/riscv/libgcc_rv32.c $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * The compiler's helpers the riscv32 kernel links, in place of an rv32
 * libgcc (Debian's riscv64 cross gcc ships none): 64-bit unsigned
 * divide and modulo.  The kernel needs no 8-byte atomics (bm_count_t),
 * so no libatomic either.
 */

#include <stdint.h>

#include "md.h"

uint64_t	__udivdi3(uint64_t, uint64_t);
uint64_t	__umoddi3(uint64_t, uint64_t);

/* Shift and subtract; RV32 divides 32 by 32 bits in hardware. */
static uint64_t
udivmod(uint64_t n, uint64_t d, uint64_t *remp)
{
	uint64_t q = 0, r = 0, carry;
	int i;

	if (d == 0) {			/* as RV's divu and remu */
		*remp = n;
		return ~(uint64_t)0;
	}
	if ((n >> 32) == 0 && (d >> 32) == 0) {
		*remp = (uint32_t)n % (uint32_t)d;
		return (uint32_t)n / (uint32_t)d;
	}
	for (i = 63; i >= 0; i--) {
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
