/*	$simplelock: arch/sparc/sparc/machdep.c $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * The bare-metal kernel's machine-dependent half on QEMU's SPARCstation
 * 20 (sun4m, SuperSPARC v8) under OpenBIOS.  Devices are reached by
 * physical address through the MMU-bypass ASIs (0x2f for the 0xf...
 * space, 0x2e for 0xe...): the ESCC's channel A as a polled console,
 * the slavio per-CPU counter-timers (level 14) for the tick and its
 * system counter for the clock, the per-CPU and system interrupt
 * registers, PSR.PIL as the interrupt mask, the APC register to idle,
 * the PROM's romvec v3 cpu-start service to start the other CPUs and
 * the slavio aux2 register to power off.
 */

#include <stddef.h>
#include <stdint.h>

#include <sys/platform.h>

#include "md.h"

/* Physical addresses, less bit 32 and up (the ASI gives those). */
#define	ESCC_A_CTRL	0xf1100004U	/* channel A: -serial's first */
#define	ESCC_A_DATA	0xf1100006U
#define	ESCC_TX_EMPTY	0x04
#define	TIMER_CPU(n)	(0xf1300000U + (n) * 0x1000U)
#define	TIMER_SYS	0xf1310000U
#define	TIMER_LIMIT	0x0
#define	TIMER_COUNTER	0x4
#define	TIMER_SYS_MODE	0x10		/* a bit per CPU: user timer */
#define	INTR_CPU(n)	(0xf1400000U + (n) * 0x1000U)
#define	INTR_CPU_CLEAR	0x4
#define	INTR_SYS	0xf1410000U
#define	INTR_SYS_CLEARMASK 0x8		/* enables */
#define	INTR_SYS_SETMASK 0xc		/* disables */
#define	INTR_MASTER	0x80000000U
#define	INTR_SOFT	0xfffe0000U
#define	AUX2		0xf1a01000U
#define	AUX2_PWROFF	0x01
#define	APC_IDLE	0xfa000000U	/* 0xefa000000, ASI 0x2e */

#define	PSR_PIL		0x00000f00U
#define	PSR_CWP		0x0000001fU

#define	TT_INTR(l)	(0x10 + (l))
#define	TIMER_LEVEL	14
#define	TIMER_UNIT_NS	500		/* the counters count at bit 9 */
#define	SYSCNT_WRAP	0x3fffffU	/* free-running system counter */

#define	MAXCPU_MD	4		/* boot stacks in locore.S */

unsigned int	md_ncpu = 1;

extern unsigned int	sparc_romvec, sparc_spinup_index;
extern char		sparc_cpu_spinup[], sparc_thread_tramp[];

void	sparc_boot(unsigned int) __attribute__((__noreturn__));
void	sparc_trap(unsigned int, uint32_t, uint32_t);
int	sparc_prom_call(void *, uintptr_t, uintptr_t, uintptr_t, uintptr_t);

static int		timer_on[MAXCPU_MD];
static volatile unsigned int spun_up;

/* The clock: the 22-bit system counter, extended under a lock. */
static unsigned char	clock_lock;
static uint32_t		clock_last;
static uint64_t		clock_units;

static inline uint32_t
bypass_ld(uint32_t pa)
{
	uint32_t v;

	__asm__ __volatile__("lda [%1] 0x2f, %0"
	    : "=r" (v) : "r" (pa) : "memory");
	return v;
}

static inline void
bypass_st(uint32_t pa, uint32_t v)
{

	__asm__ __volatile__("sta %0, [%1] 0x2f"
	    : : "r" (v), "r" (pa) : "memory");
}

static inline uint32_t
bypass_ldub(uint32_t pa)
{
	uint32_t v;

	__asm__ __volatile__("lduba [%1] 0x2f, %0"
	    : "=r" (v) : "r" (pa) : "memory");
	return v;
}

static inline void
bypass_stb(uint32_t pa, uint32_t v)
{

	__asm__ __volatile__("stba %0, [%1] 0x2f"
	    : : "r" (v), "r" (pa) : "memory");
}

static inline uint32_t
psr_read(void)
{
	uint32_t v;

	__asm__ __volatile__("rd %%psr, %0" : "=r" (v) : : "memory");
	return v;
}

/* md_switch() keeps CWP per thread, so CWP here is the one read. */
static inline void
psr_write(uint32_t v)
{

	__asm__ __volatile__("wr %0, 0, %%psr; nop; nop; nop"
	    : : "r" (v) : "cc", "memory");
}

void
md_putc(int ch)
{

	while ((bypass_ldub(ESCC_A_CTRL) & ESCC_TX_EMPTY) == 0)
		continue;
	bypass_stb(ESCC_A_DATA, (uint32_t)ch & 0xff);
}

int
md_intr_disable(void)
{
	uint32_t psr = psr_read();

	psr_write(psr | PSR_PIL);
	return (psr & PSR_PIL) != PSR_PIL;
}

void
md_intr_enable(void)
{

	psr_write(psr_read() & ~PSR_PIL);
}

int
md_intr_enabled(void)
{

	return (psr_read() & PSR_PIL) != PSR_PIL;
}

unsigned int
md_cpu_index(void)
{
	unsigned int v;

	__asm__ __volatile__("mov %%g7, %0" : "=r" (v));
	return v;
}

uint64_t
md_nanouptime(void)
{
	uint32_t now;
	uint64_t units;
	int s;

	s = md_intr_disable();
	while (__atomic_test_and_set(&clock_lock, __ATOMIC_ACQUIRE))
		continue;
	now = (bypass_ld(TIMER_SYS + TIMER_COUNTER) & 0x7ffffe00U) >> 9;
	if (now >= clock_last)
		clock_units += now - clock_last;
	else
		clock_units += now + SYSCNT_WRAP - clock_last;
	clock_last = now;
	units = clock_units;
	__atomic_clear(&clock_lock, __ATOMIC_RELEASE);
	if (s)
		md_intr_enable();
	return units * TIMER_UNIT_NS;
}

void
md_timer_start(unsigned int hz)
{
	uint32_t units = 1000000000U / TIMER_UNIT_NS / hz;

	timer_on[md_cpu_index()] = 1;
	/* Periodic from now; the limit counts units + 1 at bit 9. */
	bypass_st(TIMER_CPU(md_cpu_index()) + TIMER_LIMIT, (units + 1) << 9);
}

void
md_timer_stop(void)
{

	timer_on[md_cpu_index()] = 0;
	/* A zero limit free-runs and never interrupts. */
	bypass_st(TIMER_CPU(md_cpu_index()) + TIMER_LIMIT, 0);
}

/* The APC register halts this CPU until its next interrupt. */
void
md_idle(void)
{

	md_intr_enable();
	if (timer_on[md_cpu_index()])
		__asm__ __volatile__("stba %%g0, [%0] 0x2e"
		    : : "r" (APC_IDLE) : "memory");
}

void
md_poweroff(int failed)
{

	(void)failed;
	(void)md_intr_disable();
	bypass_stb(AUX2, AUX2_PWROFF);
	for (;;)
		continue;
}

/* The PROM's romvec, as far as it is used here. */
struct sparc_nodeops {
	int	(*no_nextnode)(int);
	int	(*no_child)(int);
	int	(*no_proplen)(int, const char *);
	int	(*no_getprop)(int, const char *, char *);
};

struct sparc_romvec {
	uint32_t			rv_magic;
	uint32_t			rv_romvers;
	uint32_t			rv_plugin;
	uint32_t			rv_printrev;
	uint32_t			rv_v0mem[3];
	const struct sparc_nodeops	*rv_nodeops;		/* 28 */
	uint32_t			rv_skip[58];
	int				(*rv_cpustart)(unsigned int,
					    void *, int, char *); /* 264 */
};

struct sparc_prom_reg {
	uint32_t	pr_space;
	uint32_t	pr_addr;
	uint32_t	pr_size;
};

#define	ROMVEC_MAGIC	0x10010407U

static int
prom_getprop(const struct sparc_romvec *rv, int node, const char *name,
    void *buf, int len)
{
	int n;

	n = sparc_prom_call((void *)rv->rv_nodeops->no_proplen,
	    (uintptr_t)node, (uintptr_t)name, 0, 0);
	if (n <= 0 || n > len)
		return -1;
	(void)sparc_prom_call((void *)rv->rv_nodeops->no_getprop,
	    (uintptr_t)node, (uintptr_t)name, (uintptr_t)buf, 0);
	return n;
}

static inline uint32_t
mmu_read(uint32_t reg)
{
	uint32_t v;

	__asm__ __volatile__("lda [%1] 0x4, %0"
	    : "=r" (v) : "r" (reg) : "memory");
	return v;
}

/*
 * Every CPU node after the boot CPU's, in the PROM's tree order: the
 * PROM starts it in our MMU context at sparc_cpu_spinup; each is
 * waited for before the next is started (they share the index).
 */
unsigned int
md_start_cpus(void)
{
	const struct sparc_romvec *rv =
	    (const struct sparc_romvec *)(uintptr_t)sparc_romvec;
	struct sparc_prom_reg ctxtbl;
	unsigned int n = 1, seen = 0;
	uint64_t t0;
	char type[8];
	int node, ctx;

	if (rv == NULL || rv->rv_magic != ROMVEC_MAGIC ||
	    rv->rv_romvers < 3)
		return 1;
	ctxtbl.pr_space = 0;
	ctxtbl.pr_addr = mmu_read(0x100) << 4;	/* context table ptr */
	ctxtbl.pr_size = 0;
	ctx = (int)mmu_read(0x200);
	node = sparc_prom_call((void *)rv->rv_nodeops->no_nextnode, 0, 0,
	    0, 0);
	node = sparc_prom_call((void *)rv->rv_nodeops->no_child,
	    (uintptr_t)node, 0, 0, 0);
	for (; node != 0 && node != -1 && n < MAXCPU_MD;
	    node = sparc_prom_call((void *)rv->rv_nodeops->no_nextnode,
	    (uintptr_t)node, 0, 0, 0)) {
		if (prom_getprop(rv, node, "device_type", type,
		    sizeof(type)) < 0 ||
		    __builtin_memcmp(type, "cpu", 4) != 0)
			continue;
		if (seen++ == 0)
			continue;	/* the boot CPU, CPU 0 */
		sparc_spinup_index = n;
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		if (sparc_prom_call((void *)rv->rv_cpustart,
		    (uintptr_t)node, (uintptr_t)&ctxtbl, (uintptr_t)ctx,
		    (uintptr_t)sparc_cpu_spinup) != 0)
			break;
		t0 = md_nanouptime();
		while (__atomic_load_n(&spun_up, __ATOMIC_ACQUIRE) != n &&
		    md_nanouptime() - t0 < 1000000000ULL)
			continue;
		if (__atomic_load_n(&spun_up, __ATOMIC_ACQUIRE) != n)
			break;
		n++;
	}
	__atomic_store_n(&md_ncpu, n, __ATOMIC_RELEASE);
	return n;
}

void *
md_thread_init(void *stacktop, void (*fn)(void *), void *arg)
{
	uint32_t *caller = (uint32_t *)stacktop - 24;	/* 96 bytes */
	uint32_t *sw = caller - 24;
	int i;

	for (i = 0; i < 24; i++)
		caller[i] = sw[i] = 0;
	/* md_switch's window: %i6 and %i7, and the CWP to take. */
	sw[14] = (uint32_t)(uintptr_t)caller;
	sw[15] = (uint32_t)(uintptr_t)sparc_thread_tramp - 8;
	sw[16] = psr_read() & PSR_CWP;
	/* The trampoline's window: %l0 and %l1. */
	caller[0] = (uint32_t)(uintptr_t)fn;
	caller[1] = (uint32_t)(uintptr_t)arg;
	return sw;
}

/* Every CPU, from locore with traps on and PIL 15. */
void
sparc_boot(unsigned int cpu)
{

	/* This CPU's soft interrupts (the PROM's start signal) off. */
	bypass_st(INTR_CPU(cpu) + INTR_CPU_CLEAR, INTR_SOFT);
	if (cpu == 0) {
		/* No system interrupts: only the per-CPU timers. */
		bypass_st(INTR_SYS + INTR_SYS_SETMASK, ~INTR_MASTER);
		bypass_st(INTR_SYS + INTR_SYS_CLEARMASK, INTR_MASTER);
		bypass_st(TIMER_SYS + TIMER_LIMIT, 0);
		/* The PROM leaves the others' as user timers: no tick. */
		bypass_st(TIMER_SYS + TIMER_SYS_MODE, 0);
	} else
		__atomic_store_n(&spun_up, cpu, __ATOMIC_RELEASE);
	bypass_st(TIMER_CPU(cpu) + TIMER_LIMIT, 0);
	bm_main(cpu);
}

/*
 * A trap.  The timer's interrupt is cleared (by reading its limit)
 * before bm_intr_exit(), which may switch threads.
 */
void
sparc_trap(unsigned int type, uint32_t pc, uint32_t npc)
{
	unsigned int cpu = md_cpu_index();

	if (type == TT_INTR(TIMER_LEVEL)) {
		bm_intr_enter();
		(void)bypass_ld(TIMER_CPU(cpu) + TIMER_LIMIT);
		if (!timer_on[cpu])
			bypass_st(TIMER_CPU(cpu) + TIMER_LIMIT, 0);
		(void)md_nanouptime();		/* see every counter wrap */
		bm_tick();
		bm_intr_exit();
		return;
	}
	cons_printf("# sparc trap 0x%x pc 0x%x npc 0x%x", type,
	    (unsigned int)pc, (unsigned int)npc);
	bm_trap(type >= TT_INTR(1) && type <= TT_INTR(15) ?
	    "unexpected interrupt" : "exception", (uintptr_t)pc,
	    (uintptr_t)type);
}
