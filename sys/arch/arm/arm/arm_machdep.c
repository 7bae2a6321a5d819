/*	$simplelock: arm/arm_machdep.c $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * The bare-metal kernel on QEMU's 32-bit ARM virt machine (-M virt,
 * Cortex-A15, GIC v2): PL011 console, the generic timer's virtual PPI,
 * PSCI CPU_ON over the conduit the device tree names, TPIDRPRW as the
 * per-CPU register, semihosting for the exit status, and an identity
 * map with caches on (exclusives on cacheable memory, as a real kernel
 * has them).  locore.S has the entry, the vectors and the switch.
 */

#include <stdint.h>

#include <sys/lock.h>
#include <sys/platform.h>
#include <baremetal/md.h>

/* NetBSD's kernel form: a byte, with ldrexb/strexb (<machine/types.h>). */
_Static_assert(sizeof(__cpu_simple_lock_t) == 1,
    "the bare-metal ARM kernel's __cpu_simple_lock_t is not a byte");

#define	RAM_BASE	0x40000000UL	/* the DTB sits here for ELF kernels */
#define	UART_BASE	0x09000000UL
#define	GICD_BASE	0x08000000UL
#define	GICC_BASE	0x08010000UL

#define	UART_DR		0x000
#define	UART_FR		0x018
#define	UART_FR_TXFF	(1U << 5)

#define	GICD_CTLR	0x000
#define	GICD_ISENABLER	0x100
#define	GICD_IPRIORITYR	0x400
#define	GICC_CTLR	0x000
#define	GICC_PMR	0x004
#define	GICC_IAR	0x00c
#define	GICC_EOIR	0x010
#define	GIC_SPURIOUS	1023
#define	TIMER_PPI	27		/* virtual timer, INTID 16 + 11 */

#define	PSCI_CPU_ON	0x84000003U	/* SMC32 */
#define	PSCI_SUCCESS	0
#define	PSCI_ALREADY_ON	(-4)

#define	SEMI_SYS_EXIT	0x18
#define	ADP_STOPPED_APPLICATIONEXIT	0x20026	/* exit 0; others exit 1 */
#define	ADP_STOPPED_RUNTIMEERROR	0x20023

#define	FDT_MAGIC	0xd00dfeedU
#define	FDT_BEGIN_NODE	1
#define	FDT_END_NODE	2
#define	FDT_PROP	3
#define	FDT_NOP		4
#define	FDT_END		9

/* Short-descriptor sections: RAM normal write-back, the rest device. */
#define	L1_SECTION	0x00002U
#define	L1_B		0x00004U
#define	L1_C		0x00008U
#define	L1_XN		0x00010U
#define	L1_AP_RW	0x00c00U
#define	L1_TEX1		0x01000U
#define	L1_S		0x10000U
#define	L1_RAM		(L1_SECTION | L1_TEX1 | L1_C | L1_B | L1_S | L1_AP_RW)
#define	L1_DEV		(L1_SECTION | L1_B | L1_XN | L1_AP_RW)
#define	TTBR_WBWA_S	0x4aU		/* IRGN WBWA, RGN WBWA, shareable */
#define	SCTLR_M		(1U << 0)
#define	SCTLR_A		(1U << 1)
#define	SCTLR_C		(1U << 2)
#define	SCTLR_Z		(1U << 11)
#define	SCTLR_I		(1U << 12)
#define	SCTLR_V		(1U << 13)
#define	SCTLR_TRE	(1U << 28)
#define	ACTLR_SMP	(1U << 6)

#define	PSR_I		0x80U

#define	REG32(a)	(*(volatile uint32_t *)(a))
#define	REG8(a)		(*(volatile uint8_t *)(a))

/* locore.S */
extern char	arm_vectors[], arm_ap_start[], arm_thread_start[];
int		arm_smc(uint32_t, uint32_t, uint32_t, uint32_t);
int		arm_hvc(uint32_t, uint32_t, uint32_t, uint32_t);
void		arm_semihost(uint32_t, uint32_t);

unsigned int	md_ncpu = 1;
char		arm_boot_stacks[MAXCPUS][BM_STACK_SIZE]
		    __attribute__((__aligned__(16)));
volatile unsigned int arm_ncpu_started;

static uint32_t	l1_table[4096] __attribute__((__aligned__(16384)));
static uint32_t	cpu_mpidr[MAXCPUS];
static int	psci_smc;		/* the conduit: SMC, else HVC */
static uint32_t	cntfrq;
static uint64_t	timer_period;
static uint64_t	timer_next[MAXCPUS];

static __inline uint32_t
be32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	    (uint32_t)b[2] << 8 | b[3];
}

static __inline uint32_t
read_mpidr(void)
{
	uint32_t v;

	__asm__ __volatile__("mrc p15, 0, %0, c0, c0, 5" : "=r" (v));
	return v & 0x00ffffffU;
}

static __inline uint64_t
read_cntvct(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("isb; mrrc p15, 1, %0, %1, c14"
	    : "=r" (lo), "=r" (hi) : : "memory");
	return (uint64_t)hi << 32 | lo;
}

static __inline void
write_cntv_cval(uint64_t v)
{
	__asm__ __volatile__("mcrr p15, 3, %0, %1, c14"
	    : : "r" ((uint32_t)v), "r" ((uint32_t)(v >> 32)));
}

static __inline void
write_cntv_ctl(uint32_t v)
{
	__asm__ __volatile__("mcr p15, 0, %0, c14, c3, 1; isb" : : "r" (v));
}

void
md_putc(int c)
{
	while (REG32(UART_BASE + UART_FR) & UART_FR_TXFF)
		continue;
	REG32(UART_BASE + UART_DR) = (uint32_t)c & 0xff;
}

int
md_intr_disable(void)
{
	uint32_t psr;

	__asm__ __volatile__("mrs %0, cpsr; cpsid i" : "=r" (psr) : :
	    "memory");
	return (psr & PSR_I) == 0;
}

/* The isb makes a pending interrupt be taken here, not a little later. */
void
md_intr_enable(void)
{
	__asm__ __volatile__("cpsie i; isb" : : : "memory");
}

int
md_intr_enabled(void)
{
	uint32_t psr;

	__asm__ __volatile__("mrs %0, cpsr" : "=r" (psr) : : "memory");
	return (psr & PSR_I) == 0;
}

/* TPIDRPRW: privileged-only, set once per CPU, never switched. */
unsigned int
md_cpu_index(void)
{
	uint32_t v;

	__asm__ __volatile__("mrc p15, 0, %0, c13, c0, 4" : "=r" (v));
	return v;
}

uint64_t
md_nanouptime(void)
{
	uint64_t c = read_cntvct();

	return c / cntfrq * 1000000000U + c % cntfrq * 1000000000U / cntfrq;
}

/*
 * A compare value, not a countdown: the period does not drift with
 * the handler's latency.  One that has fallen behind (a descheduled
 * vCPU) restarts from now rather than firing back to back.
 */
static void
timer_rearm(unsigned int cpu)
{
	uint64_t now = read_cntvct();

	timer_next[cpu] += timer_period;
	if (timer_next[cpu] <= now)
		timer_next[cpu] = now + timer_period;
	write_cntv_cval(timer_next[cpu]);
}

void
md_timer_start(unsigned int hz)
{
	unsigned int cpu = md_cpu_index();

	timer_period = cntfrq / hz;
	timer_next[cpu] = read_cntvct();
	timer_rearm(cpu);
	/* The PPI's enable and priority are banked per CPU. */
	REG8(GICD_BASE + GICD_IPRIORITYR + TIMER_PPI) = 0xa0;
	REG32(GICD_BASE + GICD_ISENABLER) = 1U << TIMER_PPI;
	write_cntv_ctl(1);			/* enabled, not masked */
}

void
md_timer_stop(void)
{
	write_cntv_ctl(0);
}

void
md_idle(void)
{
	__asm__ __volatile__("dsb; wfi" : : : "memory");
}

/*
 * With -semihosting, SYS_EXIT ends qemu: status 0 for
 * ApplicationExit, 1 for any other reason.
 */
void
md_poweroff(int failed)
{
	arm_semihost(SEMI_SYS_EXIT, failed ? ADP_STOPPED_RUNTIMEERROR :
	    ADP_STOPPED_APPLICATIONEXIT);
	for (;;)
		__asm__ __volatile__("cpsid if; wfi");
}

/* The IRQ vector, on the interrupted thread's SVC stack, masked. */
void
arm_irq(void)
{
	unsigned int cpu = md_cpu_index();
	uint32_t iar;

	bm_intr_enter();
	iar = REG32(GICC_BASE + GICC_IAR);
	if ((iar & 0x3ff) == GIC_SPURIOUS) {
		bm_intr_exit();
		return;
	}
	if ((iar & 0x3ff) != TIMER_PPI)
		bm_trap("unexpected interrupt", 0, iar);
	timer_rearm(cpu);
	bm_tick();
	/* Before bm_intr_exit may switch away for a long time. */
	REG32(GICC_BASE + GICC_EOIR) = iar;
	bm_intr_exit();
}

/* An exception: which, the faulting pc, and a status register. */
void
arm_trap(unsigned int which, uintptr_t pc)
{
	static const char *const names[] = {
		"reset", "undefined instruction", "supervisor call",
		"prefetch abort", "data abort", "unused vector", "IRQ", "FIQ",
	};
	uint32_t info = 0;

	if (which == 3)			/* IFSR */
		__asm__ __volatile__("mrc p15, 0, %0, c5, c0, 1" : "=r" (info));
	else if (which == 4)		/* DFAR */
		__asm__ __volatile__("mrc p15, 0, %0, c6, c0, 0" : "=r" (info));
	bm_trap(names[which & 7], pc, info);
}

/*
 * The device tree QEMU leaves at the start of RAM: the PSCI conduit
 * and the CPUs' MPIDRs.  Nodes of depth 1 and 2 are all it reads.
 * Returns the number of CPUs, 0 without a device tree.
 */
static unsigned int
fdt_scan(void)
{
	const uint8_t *fdt = (const uint8_t *)RAM_BASE;
	const uint8_t *p, *strs, *name;
	const char *pn;
	unsigned int depth = 0, n = 0, in_cpus = 0, in_psci = 0, is_cpu = 0;
	uint32_t tok, len, reg = 0;

	if (be32(fdt) != FDT_MAGIC)
		return 0;
	p = name = fdt + be32(fdt + 8);
	strs = fdt + be32(fdt + 12);
	for (;;) {
		tok = be32(p);
		p += 4;
		switch (tok) {
		case FDT_BEGIN_NODE:
			name = p;
			while (*p++ != '\0')
				continue;
			p = (const uint8_t *)(((uintptr_t)p + 3) & ~3U);
			depth++;
			if (depth == 2) {
				in_cpus = name[0] == 'c' && name[1] == 'p' &&
				    name[2] == 'u' && name[3] == 's' &&
				    name[4] == '\0';
				in_psci = name[0] == 'p' && name[1] == 's' &&
				    name[2] == 'c' && name[3] == 'i';
			}
			is_cpu = 0;
			break;
		case FDT_END_NODE:
			if (depth == 3 && in_cpus && is_cpu && n < MAXCPUS)
				cpu_mpidr[n++] = reg & 0x00ffffffU;
			is_cpu = 0;
			depth--;
			break;
		case FDT_PROP:
			len = be32(p);
			pn = (const char *)(strs + be32(p + 4));
			p += 8;
			if (depth == 2 && in_psci && pn[0] == 'm' &&
			    pn[1] == 'e' && pn[2] == 't' && pn[3] == 'h' &&
			    pn[4] == 'o' && pn[5] == 'd' && pn[6] == '\0')
				psci_smc = p[0] == 's';
			if (depth == 3 && in_cpus && pn[0] == 'r' &&
			    pn[1] == 'e' && pn[2] == 'g' && pn[3] == '\0' &&
			    len >= 4)
				reg = be32(p + len - 4);
			if (depth == 3 && in_cpus && pn[0] == 'd' &&
			    pn[1] == 'e' && pn[2] == 'v' && pn[3] == 'i' &&
			    pn[4] == 'c' && pn[5] == 'e' && pn[6] == '_' &&
			    p[0] == 'c' && p[1] == 'p' && p[2] == 'u')
				is_cpu = 1;
			p += (len + 3) & ~3U;
			break;
		case FDT_NOP:
			break;
		default:			/* FDT_END, or garbage */
			return n;
		}
	}
}

static int
psci_cpu_on(uint32_t mpidr, uintptr_t entry, uint32_t context)
{
	if (psci_smc)
		return arm_smc(PSCI_CPU_ON, mpidr, (uint32_t)entry, context);
	return arm_hvc(PSCI_CPU_ON, mpidr, (uint32_t)entry, context);
}

/*
 * Each CPU's own setup, the MMU and caches first (the table is the
 * boot CPU's): vectors, per-CPU register, GIC CPU interface.
 */
static void
arm_cpu_attach(unsigned int i)
{
	uint32_t r;

	__asm__ __volatile__("mrc p15, 0, %0, c1, c0, 1" : "=r" (r));
	r |= ACTLR_SMP;				/* coherent caches */
	__asm__ __volatile__("mcr p15, 0, %0, c1, c0, 1" : : "r" (r));
	__asm__ __volatile__(
	    "mcr p15, 0, %0, c8, c7, 0\n"	/* TLBIALL */
	    "mcr p15, 0, %0, c7, c5, 0\n"	/* ICIALLU */
	    "mcr p15, 0, %1, c2, c0, 2\n"	/* TTBCR: TTBR0 only */
	    "mcr p15, 0, %2, c2, c0, 0\n"	/* TTBR0 */
	    "mcr p15, 0, %3, c3, c0, 0\n"	/* DACR: domain 0 client */
	    "dsb\n"
	    "isb\n"
	    : : "r" (0), "r" (0), "r" ((uint32_t)(uintptr_t)l1_table |
	    TTBR_WBWA_S), "r" (1) : "memory");
	__asm__ __volatile__("mrc p15, 0, %0, c1, c0, 0" : "=r" (r));
	r &= ~(SCTLR_A | SCTLR_V | SCTLR_TRE);
	r |= SCTLR_M | SCTLR_C | SCTLR_Z | SCTLR_I;
	__asm__ __volatile__("mcr p15, 0, %0, c1, c0, 0; isb" : : "r" (r) :
	    "memory");

	__asm__ __volatile__("mcr p15, 0, %0, c12, c0, 0" : :	/* VBAR */
	    "r" (arm_vectors));
	__asm__ __volatile__("mcr p15, 0, %0, c13, c0, 4" : : "r" (i));
	REG32(GICC_BASE + GICC_PMR) = 0xf0;
	REG32(GICC_BASE + GICC_CTLR) = 1;
	__asm__ __volatile__("isb" : : : "memory");
}

/*
 * CPU_ON for every CPU of the device tree but this one; each comes up
 * in locore.S's arm_ap_start with its index as the context.  Wait for
 * all to count themselves in, or 10 s (vCPUs are host threads).
 */
unsigned int
md_start_cpus(void)
{
	uint32_t self = read_mpidr();
	unsigned int i, idx = 1, n;
	uint64_t end;
	int r;

	for (i = 0; i < md_ncpu; i++) {
		if (cpu_mpidr[i] == self)
			continue;
		r = psci_cpu_on(cpu_mpidr[i], (uintptr_t)arm_ap_start, idx);
		if (r != PSCI_SUCCESS && r != PSCI_ALREADY_ON)
			break;
		idx++;
	}
	end = read_cntvct() + 10ULL * cntfrq;
	while ((n = __atomic_load_n(&arm_ncpu_started, __ATOMIC_ACQUIRE)) + 1 <
	    idx && read_cntvct() < end)
		__asm__ __volatile__("yield");
	n++;
	if (n < md_ncpu)
		__atomic_store_n(&md_ncpu, n, __ATOMIC_RELEASE);
	return md_ncpu;
}

/*
 * A new thread's first frame, as md_switch (locore.S) pops it: r3-r11,
 * then arm_thread_start as the return address, which calls fn (r4)
 * with arg (r5).
 */
void *
md_thread_init(void *stacktop, void (*fn)(void *), void *arg)
{
	uint32_t *sp = (uint32_t *)((uintptr_t)stacktop & ~(uintptr_t)7);
	int i;

	*--sp = (uint32_t)(uintptr_t)arm_thread_start;	/* lr */
	for (i = 11; i >= 3; i--)
		*--sp = i == 5 ? (uint32_t)(uintptr_t)arg :
		    i == 4 ? (uint32_t)(uintptr_t)fn : 0;
	return sp;
}

/* An AP, on arm_boot_stacks[i], interrupts masked. */
void
arm_ap_main(unsigned int i)
{
	if (i >= md_ncpu) {		/* too late: md_start_cpus gave up */
		for (;;)
			__asm__ __volatile__("cpsid if; wfi");
	}
	arm_cpu_attach(i);
	__atomic_fetch_add(&arm_ncpu_started, 1, __ATOMIC_RELEASE);
	bm_main(i);
}

/* The boot CPU, from locore.S, on arm_boot_stacks[0]. */
void
arm_init(void)
{
	unsigned int i, n;

	for (i = 0; i < 4096; i++)
		l1_table[i] = (uint32_t)i << 20 |
		    ((uint32_t)i << 20 >= RAM_BASE ? L1_RAM : L1_DEV);
	arm_cpu_attach(0);
	__asm__ __volatile__("mrc p15, 0, %0, c14, c0, 0" : "=r" (cntfrq));
	REG32(GICD_BASE + GICD_CTLR) = 1;
	n = fdt_scan();
	if (n == 0) {			/* no device tree: this CPU only */
		cpu_mpidr[0] = read_mpidr();
		n = 1;
	}
	md_ncpu = n;
	bm_main(0);
}
