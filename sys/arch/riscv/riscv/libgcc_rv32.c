/*	$simplelock: arch/riscv/riscv/libgcc_rv32.c $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * The compiler's helpers the riscv32 kernel links, in place of an rv32
 * libgcc and libatomic (Debian's riscv64 cross gcc ships neither):
 * 64-bit unsigned divide and modulo, and the 8-byte atomic load and
 * store that the MI kernel's 64-bit tick counters ask for.  RV32 has
 * no 64-bit atomic access, so those take one spin lock with mstatus.MIE
 * clear, as libatomic does; every access to such an object goes
 * through them, so they are atomic with respect to one another.
 */

#include <stdint.h>

#include "md.h"

uint64_t	__udivdi3(uint64_t, uint64_t);
uint64_t	__umoddi3(uint64_t, uint64_t);
uint64_t	__atomic_load_8(const volatile void *, int);
void		__atomic_store_8(volatile void *, uint64_t, int);

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

static volatile uint32_t atomic8_lock;

/* Masked, so that a trap on this CPU never spins on its own lock. */
static int
atomic8_enter(void)
{
	int s = md_intr_disable();

	while (__atomic_exchange_n(&atomic8_lock, 1, __ATOMIC_ACQUIRE) != 0)
		while (__atomic_load_n(&atomic8_lock, __ATOMIC_RELAXED) != 0)
			continue;
	return s;
}

static void
atomic8_exit(int s)
{

	__atomic_store_n(&atomic8_lock, 0, __ATOMIC_RELEASE);
	if (s)
		md_intr_enable();
}

uint64_t
__atomic_load_8(const volatile void *p, int order)
{
	uint64_t v;
	int s;

	(void)order;			/* the lock orders as seq_cst */
	s = atomic8_enter();
	v = *(const volatile uint64_t *)p;
	atomic8_exit(s);
	return v;
}

void
__atomic_store_8(volatile void *p, uint64_t v, int order)
{
	int s;

	(void)order;
	s = atomic8_enter();
	*(volatile uint64_t *)p = v;
	atomic8_exit(s);
}
