/*	$simplelock: arch/aarch64/aarch64/machdep.c $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * The bare-metal kernel's machine-dependent half on QEMU's aarch64
 * virt machine: PL011 console, GICv2 and the EL1 virtual timer (PPI
 * 27), DAIF.I as the interrupt mask, PSCI CPU_ON over HVC, and
 * semihosting's extended exit for qemu's exit status.
 */

#include <stddef.h>
#include <stdint.h>

#include <sys/platform.h>

#include "md.h"

#define	PL011_BASE	0x09000000UL
#define	PL011_DR	0x000
#define	PL011_FR	0x018
#define	PL011_FR_TXFF	(1U << 5)

#define	GICD_BASE	0x08000000UL
#define	GICD_CTLR	0x000
#define	GICD_ISENABLER	0x100
#define	GICD_IPRIORITYR	0x400
#define	GICC_BASE	0x08010000UL
#define	GICC_CTLR	0x000
#define	GICC_PMR	0x004
#define	GICC_IAR	0x00c
#define	GICC_EOIR	0x010

#define	TIMER_PPI	27		/* EL1 virtual timer */
#define	GIC_SPURIOUS	1023

#define	PSCI_CPU_ON	0xc4000003UL
#define	PSCI_SYSTEM_OFF	0x84000008UL

#define	DAIF_I		(1U << 7)
#define	MAXCPU_MD	8		/* boot stacks in locore.S */

#define	REG32(a)	(*(volatile uint32_t *)(a))
#define	REG8(a)		(*(volatile uint8_t *)(a))

unsigned int	md_ncpu = 1;

static uint64_t	timer_period;		/* counter ticks per interrupt */
static int	timer_on[MAXCPU_MD];

extern char	cpu_spinup[], aarch64_thread_tramp[];

void	aarch64_irq(void);
void	aarch64_trap(uint64_t, uint64_t, uint64_t, uint64_t)
	    __attribute__((__noreturn__));

void
md_putc(int ch)
{

	while (REG32(PL011_BASE + PL011_FR) & PL011_FR_TXFF)
		continue;
	REG32(PL011_BASE + PL011_DR) = (uint32_t)(unsigned char)ch;
}

int
md_intr_disable(void)
{
	uint64_t daif;

	__asm__ __volatile__("mrs %0, daif; msr daifset, #2"
	    : "=r" (daif) : : "memory");
	return (daif & DAIF_I) == 0;
}

void
md_intr_enable(void)
{

	__asm__ __volatile__("msr daifclr, #2" : : : "memory");
}

int
md_intr_enabled(void)
{
	uint64_t daif;

	__asm__ __volatile__("mrs %0, daif" : "=r" (daif) : : "memory");
	return (daif & DAIF_I) == 0;
}

unsigned int
md_cpu_index(void)
{
	uint64_t v;

	__asm__ __volatile__("mrs %0, tpidr_el1" : "=r" (v));
	return (unsigned int)v;
}

static uint64_t
cntfrq(void)
{
	uint64_t v;

	__asm__ __volatile__("mrs %0, cntfrq_el0" : "=r" (v));
	return v;
}

uint64_t
md_nanouptime(void)
{
	uint64_t c, f = cntfrq();

	__asm__ __volatile__("isb; mrs %0, cntvct_el0" : "=r" (c) : : "memory");
	return c / f * 1000000000ULL + c % f * 1000000000ULL / f;
}

void
md_timer_start(unsigned int hz)
{
	unsigned int cpu = md_cpu_index();

	/* The PPI's enable and priority are banked per CPU. */
	REG8(GICD_BASE + GICD_IPRIORITYR + TIMER_PPI) = 0xa0;
	REG32(GICD_BASE + GICD_ISENABLER) = 1U << TIMER_PPI;
	REG32(GICC_BASE + GICC_PMR) = 0xf0;
	REG32(GICC_BASE + GICC_CTLR) = 1;
	timer_period = cntfrq() / hz;
	timer_on[cpu] = 1;
	__asm__ __volatile__("msr cntv_tval_el0, %0; msr cntv_ctl_el0, %1; isb"
	    : : "r" (timer_period), "r" (1UL) : "memory");
}

void
md_timer_stop(void)
{

	timer_on[md_cpu_index()] = 0;
	__asm__ __volatile__("msr cntv_ctl_el0, xzr; isb" : : : "memory");
}

void
md_idle(void)
{

	__asm__ __volatile__("msr daifclr, #2; wfi" : : : "memory");
}

static int64_t
psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	__asm__ __volatile__("hvc #0" : "+r" (x0), "+r" (x1), "+r" (x2),
	    "+r" (x3) : : "memory");
	return (int64_t)x0;
}

void
md_poweroff(int failed)
{
	/*
	 * PSCI SYSTEM_OFF carries no status.  Semihosting's
	 * SYS_EXIT_EXTENDED with ADP_Stopped_ApplicationExit makes qemu
	 * (run with -semihosting) exit with ours.
	 */
	volatile uint64_t blk[2] = { 0x20026, (uint64_t)(failed != 0) };
	register uint64_t x0 __asm__("x0") = 0x20;
	register uint64_t x1 __asm__("x1") = (uint64_t)(uintptr_t)blk;

	(void)md_intr_disable();
	__asm__ __volatile__("hlt #0xf000" : "+r" (x0) : "r" (x1) : "memory");
	(void)psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		__asm__ __volatile__("wfi");
}

/* MPIDR 1, 2, ... until PSCI refuses: QEMU virt numbers CPUs so. */
unsigned int
md_start_cpus(void)
{
	unsigned int n;

	REG32(GICD_BASE + GICD_CTLR) = 1;
	for (n = 1; n < MAXCPU_MD && n < MAXCPUS; n++)
		if (psci_call(PSCI_CPU_ON, n, (uint64_t)(uintptr_t)cpu_spinup,
		    n) != 0)
			break;
	__atomic_store_n(&md_ncpu, n, __ATOMIC_RELEASE);
	return n;
}

void *
md_thread_init(void *stacktop, void (*fn)(void *), void *arg)
{
	uint64_t *sp = (uint64_t *)stacktop - 12;	/* md_switch's 96 */
	int i;

	for (i = 0; i < 12; i++)
		sp[i] = 0;
	sp[0] = (uint64_t)(uintptr_t)fn;		/* x19 */
	sp[1] = (uint64_t)(uintptr_t)arg;		/* x20 */
	sp[11] = (uint64_t)(uintptr_t)aarch64_thread_tramp;	/* x30 */
	return sp;
}

/*
 * An IRQ.  The end of interrupt goes to the GIC before bm_intr_exit(),
 * which may switch threads: the timer must stay deliverable.
 */
void
aarch64_irq(void)
{
	uint32_t iar;
	unsigned int cpu = md_cpu_index();

	bm_intr_enter();
	iar = REG32(GICC_BASE + GICC_IAR);
	if ((iar & 0x3ff) == TIMER_PPI) {
		if (timer_on[cpu])
			__asm__ __volatile__("msr cntv_tval_el0, %0"
			    : : "r" (timer_period));
		bm_tick();
	}
	if ((iar & 0x3ff) != GIC_SPURIOUS)
		REG32(GICC_BASE + GICC_EOIR) = iar;
	bm_intr_exit();
}

void
aarch64_trap(uint64_t vec, uint64_t esr, uint64_t elr, uint64_t far)
{
	static const char *const what[4] = {
		"synchronous exception", "IRQ", "FIQ", "SError"
	};

	cons_printf("# aarch64 vector %lu esr 0x%lx far 0x%lx",
	    (unsigned long)vec, (unsigned long)esr, (unsigned long)far);
	bm_trap(what[vec & 3], (uintptr_t)elr, (uintptr_t)esr);
}
