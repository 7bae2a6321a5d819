/*	$simplelock: arch/sparc/sparc/udivdi3.c $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * 64-bit unsigned division for SPARC v8.  The cross compiler's 32-bit
 * libgcc is built for v8plus (v9 instructions, ELF machine
 * SPARC32PLUS, which QEMU's sun4m loader refuses), so the kernel links
 * no libgcc and brings the two helpers the C code calls.
 */

#include <stdint.h>

uint64_t	__udivdi3(uint64_t, uint64_t);
uint64_t	__umoddi3(uint64_t, uint64_t);

/* Shift and subtract; v8's udiv when both fit in 32 bits. */
static uint64_t
udivmod(uint64_t n, uint64_t d, uint64_t *remp)
{
	uint64_t q = 0, r = 0;
	int i;

	if (d == 0) {
		*remp = 0;
		return 0;
	}
	if ((n >> 32) == 0 && (d >> 32) == 0) {
		*remp = (uint32_t)n % (uint32_t)d;
		return (uint32_t)n / (uint32_t)d;
	}
	for (i = 63; i >= 0; i--) {
		r = (r << 1) | ((n >> i) & 1);
		if (r >= d) {
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
