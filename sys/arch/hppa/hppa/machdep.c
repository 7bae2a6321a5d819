/*	$simplelock: arch/hppa/hppa/machdep.c $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * The bare-metal kernel's machine-dependent half on QEMU's hppa
 * machine (HP B160L-style, PA-RISC 1.1 big endian, SeaBIOS-hppa as
 * the PDC firmware), in real mode: LASI's 16550 (serial 0) polled,
 * PSW.I as the interrupt mask and EIEM for the sources, the interval
 * timer (CR16 at 250 MHz and its compare, per CPU) on EIRR bit 0,
 * PDC_SYSTEM_MAP to count the CPUs, the firmware's rendezvous
 * (MEM_RENDEZ in page zero, then a write to the CPU's HPA, which sets
 * an EIRR bit) to start them, and LASI's power control register to
 * power off (qemu then exits 0 whatever the verdict).  cr24 holds the
 * CPU index.  PA-RISC's only atomic is ldcw, and libgcc's atomics
 * call Linux's gateway page, so the __sync helpers are here (masked
 * interrupts and hashed ldcw locks), and so are 64-bit multiply and
 * divide, whose libgcc versions use FP registers no trap saves.
 */

#include <stddef.h>
#include <stdint.h>

#include <sys/platform.h>

#include "md.h"

#define	UART_BASE	0xffd05800UL	/* LASI 16550, registers 1 apart */
#define	UART_THR	0
#define	UART_LSR	5
#define	UART_LSR_THRE	0x20
#define	LASI_PCR	0xffd0c000UL	/* power control register */
#define	LASI_PCR_OFF	0x02
#define	CPU_HPA		0xfffb0000UL	/* CPU n at CPU_HPA + n * 0x1000 */
#define	CPU_HPA_STRIDE	0x1000UL
#define	CPU_HPA_END	0xfffc0000UL

#define	PAGE0_RENDEZ	0x10UL		/* MEM_RENDEZ */
#define	PAGE0_RENDEZ_HI	0x28UL
#define	PAGE0_PDC	0x388UL		/* MEM_PDC: the PDC entry */

#define	PDC_SYSTEM_MAP	22
#define	PDC_FIND_MODULE	0

#define	CR16_HZ		250000000U	/* QEMU's interval timer rate */
#define	EIRR_TIMER	0x80000000U	/* EIRR bit 0 */
#define	PSW_I		0x01

#define	T_EXTINT	4

#define	MAXCPU_MD	16		/* QEMU 7.2 allows 16; boot stacks */
#define	SW_SIZE		128		/* md_switch's save area */

unsigned int	md_ncpu = 1;
volatile unsigned int	hppa_spinup_idx;
volatile unsigned int	hppa_spinup_ack;

static uint32_t	timer_period;
static uint32_t	timer_next[MAXCPU_MD];
static int	timer_on[MAXCPU_MD];

/* CR16 is 32 bits: each CPU extends it, seeing every wrap (17 s). */
static struct {
	uint32_t	last;
	uint32_t	high;
} clk[MAXCPU_MD];

extern char	cpu_spinup[], hppa_thread_tramp[];

void	hppa_trap(int, uint32_t *);

#define	mfctl(r) __extension__ ({					\
	uint32_t __v;							\
	__asm__ __volatile__("mfctl %%cr" #r ", %0" : "=r" (__v) : :	\
	    "memory");							\
	__v; })
#define	mtctl(v, r)							\
	__asm__ __volatile__("mtctl %0, %%cr" #r : : "r" (v) : "memory")

void
md_putc(int ch)
{
	volatile uint8_t *u = (volatile uint8_t *)UART_BASE;

	while ((u[UART_LSR] & UART_LSR_THRE) == 0)
		continue;
	u[UART_THR] = (uint8_t)ch;
}

int
md_intr_disable(void)
{
	uint32_t s;

	__asm__ __volatile__("rsm %1, %0" : "=r" (s) : "i" (PSW_I) :
	    "memory");
	return (s & PSW_I) != 0;
}

void
md_intr_enable(void)
{

	__asm__ __volatile__("ssm %0, %%r0" : : "i" (PSW_I) : "memory");
}

int
md_intr_enabled(void)
{
	uint32_t s;

	__asm__ __volatile__("ssm 0, %0" : "=r" (s) : : "memory");
	return (s & PSW_I) != 0;
}

unsigned int
md_cpu_index(void)
{

	return mfctl(24);
}

uint64_t
md_nanouptime(void)
{
	unsigned int cpu;
	uint32_t now, high;
	int s;

	s = md_intr_disable();
	cpu = md_cpu_index();
	now = mfctl(16);
	if (now < clk[cpu].last)
		clk[cpu].high++;
	clk[cpu].last = now;
	high = clk[cpu].high;
	if (s)
		md_intr_enable();
	return (((uint64_t)high << 32) | now) << 2;	/* 4 ns a tick */
}

/*
 * Writing CR16 sets this CPU's compare; a match sets EIRR bit 0.
 * QEMU takes a compare less than 1 us ahead of the clock as one 2^32
 * ticks (17 s) ahead, so one that was that close when written (the
 * vCPU was descheduled) is written again, unless it has fired.
 */
#define	TIMER_AHEAD	2500		/* 10 us */

static void
timer_arm(unsigned int cpu)
{
	uint32_t now, next = timer_next[cpu] + timer_period;

	do {
		now = mfctl(16);
		if ((int32_t)(next - now) < TIMER_AHEAD)
			next = now + timer_period;
		mtctl(next, 16);
	} while ((int32_t)(next - mfctl(16)) < 250 &&
	    (mfctl(23) & EIRR_TIMER) == 0);
	timer_next[cpu] = next;
}

void
md_timer_start(unsigned int hz)
{
	unsigned int cpu = md_cpu_index();

	timer_period = CR16_HZ / hz;
	timer_on[cpu] = 1;
	timer_next[cpu] = mfctl(16);
	timer_arm(cpu);
	mtctl(EIRR_TIMER, 15);
}

void
md_timer_stop(void)
{

	timer_on[md_cpu_index()] = 0;
	mtctl(0, 15);
	mtctl(EIRR_TIMER, 23);
}

/*
 * "or %r10,%r10,%r10" is a no-op to the architecture and QEMU's
 * wait-for-interrupt; the periodic tick bounds a lost wake-up.
 */
void
md_idle(void)
{

	__asm__ __volatile__("ssm %0, %%r0\n\tor %%r10, %%r10, %%r10" : :
	    "i" (PSW_I) : "memory");
}

void
md_poweroff(int failed)
{

	(void)failed;		/* qemu exits 0 either way */
	(void)md_intr_disable();
	*(volatile uint32_t *)LASI_PCR = LASI_PCR_OFF;
	for (;;)
		__asm__ __volatile__("or %%r10, %%r10, %%r10" : : : "memory");
}

/* Page zero, hidden from gcc, which takes small addresses for null. */
static volatile uint32_t *
page0_word(uintptr_t off)
{
	uintptr_t p = off;

	__asm__("" : "+r" (p));
	return (volatile uint32_t *)p;
}

typedef int	(*pdc_entry_t)(long, long, long, long, long, long, long,
		    long);

static int
pdc_call(long proc, long opt, long a2, long a3, long a4)
{
	pdc_entry_t pdc;

	pdc = (pdc_entry_t)(uintptr_t)*page0_word(PAGE0_PDC);
	return pdc(proc, opt, a2, a3, a4, 0, 0, 0);
}

/* CPUs are the modules whose HPA is in the processors' block. */
static unsigned int
hppa_count_cpus(void)
{
	static uint32_t result[32] __attribute__((__aligned__(8)));
	static uint32_t path[32] __attribute__((__aligned__(8)));
	unsigned int i, n = 0;

	for (i = 0; i < 64; i++) {
		if (pdc_call(PDC_SYSTEM_MAP, PDC_FIND_MODULE,
		    (long)(uintptr_t)result, (long)(uintptr_t)path,
		    (long)i) != 0)
			break;
		if (result[0] >= CPU_HPA && result[0] < CPU_HPA_END)
			n++;
	}
	return n == 0 ? 1 : n;
}

/*
 * Each other CPU waits in the firmware with EIEM open to bit 0 only:
 * MEM_RENDEZ names cpu_spinup, a write of n to its HPA sets EIRR bit
 * n, so 0 wakes it, and it tells its index back before bm_main().
 */
unsigned int
md_start_cpus(void)
{
	unsigned int i, n, ncpu;
	uint64_t t0;

	ncpu = hppa_count_cpus();
	if (ncpu > MAXCPU_MD)
		ncpu = MAXCPU_MD;
	*page0_word(PAGE0_RENDEZ_HI) = 0;
	*page0_word(PAGE0_RENDEZ) = (uint32_t)(uintptr_t)cpu_spinup;
	for (n = 1, i = 1; i < ncpu; i++) {
		(void)md_nanouptime();
		clk[n] = clk[0];
		hppa_spinup_idx = n;
		__asm__ __volatile__("sync" : : : "memory");
		*(volatile uint32_t *)(CPU_HPA + i * CPU_HPA_STRIDE) = 0;
		t0 = md_nanouptime();
		while (hppa_spinup_ack != n &&
		    md_nanouptime() - t0 < 1000000000ULL)
			continue;
		if (hppa_spinup_ack != n)
			break;
		n++;
	}
	__atomic_store_n(&md_ncpu, n, __ATOMIC_RELEASE);
	return n;
}

void *
md_thread_init(void *stacktop, void (*fn)(void *), void *arg)
{
	uintptr_t base;
	uint32_t *sp;
	int i;

	/* The stack grows up from the bottom of the thread's stack. */
	base = ((uintptr_t)stacktop - BM_STACK_SIZE + 63) & ~(uintptr_t)63;
	sp = (uint32_t *)base;
	for (i = 0; i < SW_SIZE / 4; i++)
		sp[i] = 0;
	sp[0] = (uint32_t)(uintptr_t)hppa_thread_tramp;	/* rp */
	sp[1] = (uint32_t)(uintptr_t)fn;			/* r3 */
	sp[2] = (uint32_t)(uintptr_t)arg;			/* r4 */
	return (void *)(base + SW_SIZE);
}

/*
 * An interruption: the number and the frame on the thread's stack
 * (r1-r31, SAR, IPSW, the IIA queues, IIR, ISR, IOR).  The timer's
 * EIRR bit is cleared and the compare moved on before bm_intr_exit(),
 * which may switch threads.
 */
void
hppa_trap(int vec, uint32_t *tf)
{
	unsigned int cpu;
	uint32_t eirr;

	if (vec == T_EXTINT) {
		eirr = mfctl(23);
		mtctl(eirr, 23);
		bm_intr_enter();
		if (eirr & EIRR_TIMER) {
			cpu = md_cpu_index();
			if (timer_on[cpu]) {
				timer_arm(cpu);
				(void)md_nanouptime();
				bm_tick();
			}
		}
		bm_intr_exit();
		return;
	}
	cons_printf("# hppa interruption %d iir 0x%lx isr 0x%lx ior 0x%lx",
	    vec, (unsigned long)tf[38], (unsigned long)tf[39],
	    (unsigned long)tf[40]);
	bm_trap("exception", (uintptr_t)tf[36], (uintptr_t)vec);
}

/*
 * The __sync helpers gcc calls for every read-modify-write: masked
 * interrupts keep this CPU out, one ldcw lock the others.  The lock
 * word is 16-byte aligned, 1 when free.  Plain stores bypass the
 * lock (a simple lock's release, a field beside the one changed), so
 * a helper writes back only what it changes, never a stale copy of
 * another CPU's byte; and in one store, so that a plain load never
 * sees half of a new pointer.
 */
#define	SYNC_NLOCKS	16

static struct {
	volatile uint32_t	word;
	uint32_t		pad[3];
} sync_locks[SYNC_NLOCKS] __attribute__((__aligned__(16))) = {
	[0 ... SYNC_NLOCKS - 1] = { .word = 1 }
};

/* One lock per aligned 8 bytes, so every size of atomic on a word. */
static volatile uint32_t *
sync_lockof(const volatile void *p)
{

	return &sync_locks[((uintptr_t)p >> 3) % SYNC_NLOCKS].word;
}

static int
sync_enter(volatile uint32_t *l)
{
	int s = md_intr_disable();
	uint32_t old;

	for (;;) {
		__asm__ __volatile__("ldcw 0(%1), %0" : "=r" (old) :
		    "r" (l) : "memory");
		if (old != 0)
			break;
		while (*l == 0)
			continue;
	}
	__asm__ __volatile__("sync" : : : "memory");
	return s;
}

static void
sync_put(volatile void *p, const void *ov, const void *nv, size_t len)
{
	volatile uint8_t *w = p;
	const uint8_t *o = ov, *n = nv;
	size_t i, lo, hi, m, off;
	uint16_t h;
	uint32_t x;

	/* Per word: one store of the smallest aligned unit changed. */
	for (off = 0; off < len; off += 4) {
		m = len - off < 4 ? len - off : 4;
		lo = m;
		hi = 0;
		for (i = 0; i < m; i++)
			if (o[off + i] != n[off + i]) {
				if (lo == m)
					lo = i;
				hi = i;
			}
		if (lo == m)
			continue;
		if (lo == hi)
			w[off + lo] = n[off + lo];
		else if (lo / 2 == hi / 2) {
			__builtin_memcpy(&h, n + off + (lo & ~1UL), 2);
			*(volatile uint16_t *)(w + off + (lo & ~1UL)) = h;
		} else {
			__builtin_memcpy(&x, n + off, 4);
			*(volatile uint32_t *)(w + off) = x;
		}
	}
}

static void
sync_exit(volatile uint32_t *l, int s)
{

	__asm__ __volatile__("sync" : : : "memory");
	*l = 1;
	if (s)
		md_intr_enable();
}

#define	SYNC_OPS(n, t)							\
t	__sync_val_compare_and_swap_##n(volatile void *, t, t);		\
t	__sync_lock_test_and_set_##n(volatile void *, t);		\
t	__sync_fetch_and_add_##n(volatile void *, t);			\
t	__sync_fetch_and_sub_##n(volatile void *, t);			\
t	__sync_fetch_and_or_##n(volatile void *, t);			\
t	__sync_fetch_and_and_##n(volatile void *, t);			\
t	__sync_fetch_and_xor_##n(volatile void *, t);			\
t	__sync_add_and_fetch_##n(volatile void *, t);			\
t	__sync_sub_and_fetch_##n(volatile void *, t);			\
t	__sync_or_and_fetch_##n(volatile void *, t);			\
t	__sync_and_and_fetch_##n(volatile void *, t);			\
t	__sync_xor_and_fetch_##n(volatile void *, t);			\
_Bool	__sync_bool_compare_and_swap_##n(volatile void *, t, t);	\
t									\
__sync_val_compare_and_swap_##n(volatile void *p, t o, t v)		\
{									\
	volatile t *w = p;						\
	volatile uint32_t *l = sync_lockof(p);				\
	int s = sync_enter(l);						\
	t r = *w;							\
									\
	if (r == o)							\
		sync_put(w, &r, &v, sizeof(t));				\
	sync_exit(l, s);						\
	return r;							\
}									\
_Bool									\
__sync_bool_compare_and_swap_##n(volatile void *p, t o, t v)		\
{									\
									\
	return __sync_val_compare_and_swap_##n(p, o, v) == o;		\
}									\
SYNC_RMW(n, t, lock_test_and_set, v, r)					\
SYNC_RMW(n, t, fetch_and_add, r + v, r)					\
SYNC_RMW(n, t, fetch_and_sub, r - v, r)					\
SYNC_RMW(n, t, fetch_and_or, r | v, r)					\
SYNC_RMW(n, t, fetch_and_and, r & v, r)					\
SYNC_RMW(n, t, fetch_and_xor, r ^ v, r)					\
SYNC_RMW(n, t, add_and_fetch, r + v, r + v)				\
SYNC_RMW(n, t, sub_and_fetch, r - v, r - v)				\
SYNC_RMW(n, t, or_and_fetch, r | v, r | v)				\
SYNC_RMW(n, t, and_and_fetch, r & v, r & v)				\
SYNC_RMW(n, t, xor_and_fetch, r ^ v, r ^ v)

#define	SYNC_RMW(n, t, op, new, ret)					\
t									\
__sync_##op##_##n(volatile void *p, t v)				\
{									\
	volatile t *w = p;						\
	volatile uint32_t *l = sync_lockof(p);				\
	int s = sync_enter(l);						\
	t r = *w, x = (t)(new);						\
									\
	sync_put(w, &r, &x, sizeof(t));					\
	sync_exit(l, s);						\
	return (t)(ret);						\
}

SYNC_OPS(1, uint8_t)
SYNC_OPS(2, uint16_t)
SYNC_OPS(4, uint32_t)
SYNC_OPS(8, uint64_t)

/* What gcc calls for a 64-bit atomic load or store. */
uint64_t	__atomic_load_8(const volatile void *, int);
void		__atomic_store_8(volatile void *, uint64_t, int);

uint64_t
__atomic_load_8(const volatile void *p, int order)
{
	const volatile uint64_t *w = p;
	volatile uint32_t *l = sync_lockof(p);
	int s = sync_enter(l);
	uint64_t r = *w;

	(void)order;
	sync_exit(l, s);
	return r;
}

void
__atomic_store_8(volatile void *p, uint64_t v, int order)
{
	volatile uint64_t *w = p;
	volatile uint32_t *l = sync_lockof(p);
	int s = sync_enter(l);
	uint64_t r = *w;

	(void)order;
	sync_put(w, &r, &v, sizeof(v));
	sync_exit(l, s);
}

/*
 * libgcc's 64-bit multiply uses the FPU's xmpyu, and the kernel saves
 * no FP registers across interruptions: this one is 16-bit pieces.
 */
uint64_t	__muldi3(uint64_t, uint64_t);

static uint64_t
mul32x32(uint32_t x, uint32_t y)
{
	uint32_t xl = x & 0xffff, xh = x >> 16, yl = y & 0xffff, yh = y >> 16;
	uint64_t r;

	r = ((uint64_t)(xh * yh) << 32) + xl * yl;
	r += (uint64_t)(xl * yh) << 16;
	r += (uint64_t)(xh * yl) << 16;
	return r;
}

uint64_t
__muldi3(uint64_t a, uint64_t b)
{
	uint32_t al = (uint32_t)a, ah = (uint32_t)(a >> 32);
	uint32_t bl = (uint32_t)b, bh = (uint32_t)(b >> 32);

	return mul32x32(al, bl) + ((uint64_t)(al * bh + ah * bl) << 32);
}

/* libgcc's 64-bit divide uses xmpyu too: restoring division here. */
uint64_t	__udivdi3(uint64_t, uint64_t);
uint64_t	__umoddi3(uint64_t, uint64_t);

static uint64_t
udivmod64(uint64_t n, uint64_t d, uint64_t *rem)
{
	uint64_t q = 0, r = 0;
	int i;

	if (d == 0)
		bm_trap("64-bit divide by zero", 0, 0);
	if ((n >> 32) == 0 && (d >> 32) == 0) {
		*rem = (uint32_t)n % (uint32_t)d;
		return (uint32_t)n / (uint32_t)d;
	}
	for (i = 63; i >= 0; i--) {
		r = (r << 1) | ((n >> i) & 1);
		if (r >= d) {
			r -= d;
			q |= (uint64_t)1 << i;
		}
	}
	*rem = r;
	return q;
}

uint64_t
__udivdi3(uint64_t n, uint64_t d)
{
	uint64_t r;

	return udivmod64(n, d, &r);
}

uint64_t
__umoddi3(uint64_t n, uint64_t d)
{
	uint64_t r;

	(void)udivmod64(n, d, &r);
	return r;
}
