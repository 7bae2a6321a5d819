/*	$simplelock: arm/vpb_atomic.c $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * The atomic operations GCC cannot inline on ARMv5: it calls these
 * for __atomic_* and __sync_* on 1, 2 and 4 bytes.  libgcc's own
 * reach for a Linux kernel helper at 0xffff0fc0, so every one is
 * defined here, used or not, lest libgcc's be linked.  (The kernel
 * uses no 8-byte atomics: bm_count_t.)
 * One CPU, so an operation is atomic if no interrupt splits it: each
 * masks CPSR.I around a plain read-modify-write.  The lock port itself
 * needs none of them (swpb); the common flavour's exchange does.
 */

#include <stdint.h>

#include <baremetal/md.h>

#define	ATOMIC_BEGIN()	int __s = md_intr_disable()
#define	ATOMIC_END()	do { if (__s) md_intr_enable(); } while (0)

#define	SYNC_CAS(n, t)							\
t	__sync_val_compare_and_swap_##n(volatile void *, t, t);		\
_Bool	__sync_bool_compare_and_swap_##n(volatile void *, t, t);	\
t									\
__sync_val_compare_and_swap_##n(volatile void *p, t o, t v)		\
{									\
	volatile t *w = p;						\
	t cur;								\
	ATOMIC_BEGIN();							\
	cur = *w;							\
	if (cur == o)							\
		*w = v;							\
	ATOMIC_END();							\
	return cur;							\
}									\
_Bool									\
__sync_bool_compare_and_swap_##n(volatile void *p, t o, t v)		\
{									\
	return __sync_val_compare_and_swap_##n(p, o, v) == o;		\
}

#define	SYNC_SWAP(n, t)							\
t	__sync_lock_test_and_set_##n(volatile void *, t);		\
void	__sync_lock_release_##n(volatile void *);			\
t									\
__sync_lock_test_and_set_##n(volatile void *p, t v)			\
{									\
	volatile t *w = p;						\
	t cur;								\
	ATOMIC_BEGIN();							\
	cur = *w;							\
	*w = v;								\
	ATOMIC_END();							\
	return cur;							\
}									\
void									\
__sync_lock_release_##n(volatile void *p)				\
{									\
	__asm__ __volatile__("" : : : "memory");			\
	*(volatile t *)p = 0;						\
}

/* fetch_and_op returns the old value, op_and_fetch the new one. */
#define	SYNC_OP(n, t, name, expr)					\
t	__sync_fetch_and_##name##_##n(volatile void *, t);		\
t	__sync_##name##_and_fetch_##n(volatile void *, t);		\
t									\
__sync_fetch_and_##name##_##n(volatile void *p, t v)			\
{									\
	volatile t *w = p;						\
	t a;								\
	ATOMIC_BEGIN();							\
	a = *w;								\
	*w = (t)(expr);							\
	ATOMIC_END();							\
	return a;							\
}									\
t									\
__sync_##name##_and_fetch_##n(volatile void *p, t v)			\
{									\
	volatile t *w = p;						\
	t a, r;								\
	ATOMIC_BEGIN();							\
	a = *w;								\
	r = (t)(expr);							\
	*w = r;								\
	ATOMIC_END();							\
	return r;							\
}

#define	SYNC_ALL(n, t)							\
	SYNC_CAS(n, t)							\
	SYNC_SWAP(n, t)							\
	SYNC_OP(n, t, add, a + v)					\
	SYNC_OP(n, t, sub, a - v)					\
	SYNC_OP(n, t, and, a & v)					\
	SYNC_OP(n, t, or, a | v)					\
	SYNC_OP(n, t, xor, a ^ v)					\
	SYNC_OP(n, t, nand, ~(a & v))

SYNC_ALL(1, uint8_t)
SYNC_ALL(2, uint16_t)
SYNC_ALL(4, uint32_t)

void	__sync_synchronize(void);

void
__sync_synchronize(void)
{
	__asm__ __volatile__("" : : : "memory");
}
