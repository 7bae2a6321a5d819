/*	$simplelock: arch/sparc/sparc/atomic.c $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * The __atomic_* helpers GCC calls on SPARC v8, which has only ldstub
 * and swap: each operation runs under one of a small hashed array of
 * ldstub spinlocks with interrupts masked (PSR.PIL 15), as sparc32
 * kernels do.  Such an operation is atomic against the other helpers
 * only, not against a plain store to the same word; the MI code
 * stores to a word that others modify by helper only where it owns
 * it.  An exchange of a byte with 0xff is ldstub itself, so the
 * common flavour's try is atomic against its plain-store unlock.
 */

#include <stdint.h>

#define	NLOCKS		16
#define	PSR_PIL		0x00000f00U

static struct {
	unsigned char	l;
	unsigned char	pad[31];
} atomic_locks[NLOCKS] __attribute__((__aligned__(32)));

/* One lock per 8-byte granule: every width of a word takes the same. */
static unsigned char *
atomic_lock(volatile void *p, uint32_t *psrp)
{
	unsigned char *l = &atomic_locks[((uintptr_t)p >> 3) % NLOCKS].l;
	uint32_t psr;

	__asm__ __volatile__("rd %%psr, %0" : "=r" (psr) : : "memory");
	__asm__ __volatile__("wr %0, 0, %%psr; nop; nop; nop"
	    : : "r" (psr | PSR_PIL) : "cc", "memory");
	*psrp = psr;
	while (__atomic_test_and_set(l, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(l, __ATOMIC_RELAXED))
			continue;
	return l;
}

/* md_switch() keeps each thread's CWP: the %psr read is still ours. */
static void
atomic_unlock(unsigned char *l, uint32_t psr)
{
	uint32_t now;

	__atomic_clear(l, __ATOMIC_RELEASE);
	__asm__ __volatile__("rd %%psr, %0" : "=r" (now) : : "memory");
	__asm__ __volatile__("wr %0, 0, %%psr; nop; nop; nop"
	    : : "r" ((now & ~PSR_PIL) | (psr & PSR_PIL)) : "cc", "memory");
}

#define	ATOMIC_EXCHANGE(n, t)						\
t	sparc_atomic_exchange_##n(volatile void *, t, int)		\
	    __asm__("__atomic_exchange_" #n);				\
t									\
sparc_atomic_exchange_##n(volatile void *p, t v, int mo)		\
{									\
	volatile t *q = p;						\
	unsigned char *l;						\
	uint32_t psr;							\
	t old;								\
									\
	(void)mo;							\
	l = atomic_lock(p, &psr);					\
	old = *q;							\
	*q = v;								\
	atomic_unlock(l, psr);						\
	return old;							\
}

#define	ATOMIC_CAS(n, t)						\
_Bool	sparc_atomic_compare_exchange_##n(volatile void *, void *, t,	\
	    int, int) __asm__("__atomic_compare_exchange_" #n);		\
_Bool									\
sparc_atomic_compare_exchange_##n(volatile void *p, void *e, t v,	\
    int smo, int fmo)							\
{									\
	volatile t *q = p;						\
	t *ep = e, old;							\
	unsigned char *l;						\
	uint32_t psr;							\
	_Bool ok;							\
									\
	(void)smo;							\
	(void)fmo;							\
	l = atomic_lock(p, &psr);					\
	old = *q;							\
	ok = old == *ep;						\
	if (ok)								\
		*q = v;							\
	atomic_unlock(l, psr);						\
	if (!ok)							\
		*ep = old;						\
	return ok;							\
}

/* fetch_OP returns the old value, OP_fetch the new one. */
#define	ATOMIC_OP(n, t, name, expr)					\
t	sparc_atomic_fetch_##name##_##n(volatile void *, t, int)	\
	    __asm__("__atomic_fetch_" #name "_" #n);			\
t	sparc_atomic_##name##_fetch_##n(volatile void *, t, int)	\
	    __asm__("__atomic_" #name "_fetch_" #n);			\
static t								\
atomic_##name##_##n(volatile void *p, t v, t *newp)			\
{									\
	volatile t *q = p;						\
	unsigned char *l;						\
	uint32_t psr;							\
	t old, new;							\
									\
	l = atomic_lock(p, &psr);					\
	old = *q;							\
	new = (t)(expr);						\
	*q = new;							\
	atomic_unlock(l, psr);						\
	*newp = new;							\
	return old;							\
}									\
t									\
sparc_atomic_fetch_##name##_##n(volatile void *p, t v, int mo)		\
{									\
	t new;								\
									\
	(void)mo;							\
	return atomic_##name##_##n(p, v, &new);				\
}									\
t									\
sparc_atomic_##name##_fetch_##n(volatile void *p, t v, int mo)		\
{									\
	t new;								\
									\
	(void)mo;							\
	(void)atomic_##name##_##n(p, v, &new);				\
	return new;							\
}

#define	ATOMIC_ALL(n, t)						\
	ATOMIC_CAS(n, t)						\
	ATOMIC_OP(n, t, add, old + v)					\
	ATOMIC_OP(n, t, sub, old - v)					\
	ATOMIC_OP(n, t, and, old & v)					\
	ATOMIC_OP(n, t, or, old | v)					\
	ATOMIC_OP(n, t, xor, old ^ v)					\
	ATOMIC_OP(n, t, nand, ~(old & v))

ATOMIC_ALL(1, uint8_t)
ATOMIC_ALL(2, uint16_t)
ATOMIC_ALL(4, uint32_t)
ATOMIC_EXCHANGE(2, uint16_t)
ATOMIC_EXCHANGE(4, uint32_t)

/* The lock value 0xff is ldstub's; any other byte takes the lock. */
uint8_t		sparc_atomic_exchange_1(volatile void *, uint8_t, int)
		    __asm__("__atomic_exchange_1");
uint8_t
sparc_atomic_exchange_1(volatile void *p, uint8_t v, int mo)
{
	volatile uint8_t *q = p;
	unsigned char *l;
	uint32_t psr, old;

	(void)mo;
	if (v == 0xff) {
		__asm__ __volatile__("ldstub [%2], %0"
		    : "=r" (old), "+m" (*q) : "r" (q) : "memory");
		return (uint8_t)old;
	}
	l = atomic_lock(p, &psr);
	old = *q;
	*q = v;
	atomic_unlock(l, psr);
	return (uint8_t)old;
}
