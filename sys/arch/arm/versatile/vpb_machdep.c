/*	$simplelock: arm/vpb_machdep.c $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * The bare-metal kernel on QEMU's ARM Versatile/PB (-M versatilepb,
 * ARM926EJ-S: ARMv5TE, one CPU, no MMU needed): PL011 console, SP804
 * timer 0 through the PL190 VIC as the tick, the system controller's
 * 24 MHz counter as the clock, CPSR.I as the interrupt mask, and
 * semihosting for the exit status.  One CPU, so md_cpu_index() is 0:
 * ARMv5 has no per-CPU register, and needs none here.  locore is
 * vpb_locore.S; the atomics GCC cannot inline on ARMv5 are
 * vpb_atomic.S.
 */

#include <stdint.h>

#include <sys/lock.h>
#include <sys/platform.h>
#include <baremetal/md.h>

/* NetBSD's kernel form: a byte, taken with swpb (<machine/types.h>). */
_Static_assert(sizeof(__cpu_simple_lock_t) == 1,
    "the bare-metal ARM kernel's __cpu_simple_lock_t is not a byte");

#define	SYSCTL_BASE	0x10000000UL
#define	SYS_24MHZ	0x05c		/* free-running, 24 MHz, 32 bits */
#define	CLOCK_HZ	24000000U

#define	VIC_BASE	0x10140000UL
#define	VIC_IRQSTATUS	0x000
#define	VIC_INTENABLE	0x010
#define	VIC_INTENCLEAR	0x014
#define	VIC_TIMER01	4		/* SP804 timers 0 and 1 */

#define	TIMER_BASE	0x101e2000UL	/* SP804 timer 0, at 1 MHz */
#define	TIMER_HZ	1000000U
#define	TIMER_LOAD	0x00
#define	TIMER_CTRL	0x08
#define	TIMER_INTCLR	0x0c
#define	TIMER_MIS	0x14
#define	TIMER_EN	0x80
#define	TIMER_PERIODIC	0x40
#define	TIMER_INTEN	0x20
#define	TIMER_32BIT	0x02

#define	UART_BASE	0x101f1000UL
#define	UART_DR		0x000
#define	UART_FR		0x018
#define	UART_FR_TXFF	(1U << 5)

#define	SEMI_SYS_EXIT	0x18
#define	ADP_STOPPED_APPLICATIONEXIT	0x20026	/* exit 0; others exit 1 */
#define	ADP_STOPPED_RUNTIMEERROR	0x20023

#define	PSR_I		0x80U

#define	REG32(a)	(*(volatile uint32_t *)(a))

/* vpb_locore.S */
extern char	vpb_thread_start[];
void		vpb_semihost(uint32_t, uint32_t);

unsigned int	md_ncpu = 1;
char		vpb_boot_stack[BM_STACK_SIZE] __attribute__((__aligned__(16)));

/* The 24 MHz counter widened to 64 bits; see md_nanouptime(). */
static uint32_t	clock_last;
static uint64_t	clock_high;

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
	uint32_t psr, tmp;

	__asm__ __volatile__(
	    "mrs %0, cpsr\n"
	    "orr %1, %0, #0x80\n"
	    "msr cpsr_c, %1"
	    : "=r" (psr), "=r" (tmp) : : "memory");
	return (psr & PSR_I) == 0;
}

void
md_intr_enable(void)
{
	uint32_t tmp;

	__asm__ __volatile__(
	    "mrs %0, cpsr\n"
	    "bic %0, %0, #0x80\n"
	    "msr cpsr_c, %0"
	    : "=r" (tmp) : : "memory");
}

int
md_intr_enabled(void)
{
	uint32_t psr;

	__asm__ __volatile__("mrs %0, cpsr" : "=r" (psr) : : "memory");
	return (psr & PSR_I) == 0;
}

unsigned int
md_cpu_index(void)
{
	return 0;
}

/*
 * The counter wraps every 179 s; the wrap is counted here, with
 * interrupts masked (one CPU), and every tick reads the clock, so no
 * wrap is missed while the kernel runs.
 */
uint64_t
md_nanouptime(void)
{
	uint32_t now;
	uint64_t t;
	int s;

	s = md_intr_disable();
	now = REG32(SYSCTL_BASE + SYS_24MHZ);
	if (now < clock_last)
		clock_high += 1ULL << 32;
	clock_last = now;
	t = clock_high | now;
	if (s)
		md_intr_enable();
	return t / CLOCK_HZ * 1000000000U +
	    t % CLOCK_HZ * 1000000000U / CLOCK_HZ;
}

void
md_timer_start(unsigned int hz)
{
	REG32(TIMER_BASE + TIMER_CTRL) = 0;
	REG32(TIMER_BASE + TIMER_LOAD) = TIMER_HZ / hz;
	REG32(TIMER_BASE + TIMER_INTCLR) = 1;
	REG32(TIMER_BASE + TIMER_CTRL) = TIMER_EN | TIMER_PERIODIC |
	    TIMER_INTEN | TIMER_32BIT;
	REG32(VIC_BASE + VIC_INTENABLE) = 1U << VIC_TIMER01;
}

void
md_timer_stop(void)
{
	REG32(VIC_BASE + VIC_INTENCLEAR) = 1U << VIC_TIMER01;
	REG32(TIMER_BASE + TIMER_CTRL) = 0;
	REG32(TIMER_BASE + TIMER_INTCLR) = 1;
}

/* CP15's wait for interrupt (ARMv5 has no wfi instruction). */
void
md_idle(void)
{
	md_intr_enable();
	__asm__ __volatile__("mcr p15, 0, %0, c7, c0, 4" : : "r" (0) :
	    "memory");
}

/*
 * With -semihosting, SYS_EXIT ends qemu: status 0 for
 * ApplicationExit, 1 for any other reason.
 */
void
md_poweroff(int failed)
{
	(void)md_intr_disable();
	vpb_semihost(SEMI_SYS_EXIT, failed ? ADP_STOPPED_RUNTIMEERROR :
	    ADP_STOPPED_APPLICATIONEXIT);
	for (;;)
		continue;
}

/*
 * The IRQ vector, on the interrupted thread's SVC stack, masked.  The
 * timer's interrupt is cleared before bm_intr_exit may switch away.
 */
void
vpb_irq(void)
{
	uint32_t st;

	bm_intr_enter();
	st = REG32(VIC_BASE + VIC_IRQSTATUS);
	if ((st & (1U << VIC_TIMER01)) == 0 ||
	    (REG32(TIMER_BASE + TIMER_MIS) & 1) == 0)
		bm_trap("unexpected interrupt", 0, st);
	REG32(TIMER_BASE + TIMER_INTCLR) = 1;
	(void)md_nanouptime();
	bm_tick();
	bm_intr_exit();
}

/* An exception: which vector, and the faulting pc. */
void
vpb_trap(unsigned int which, uintptr_t pc)
{
	static const char *const names[] = {
		"reset", "undefined instruction", "supervisor call",
		"prefetch abort", "data abort", "unused vector", "IRQ", "FIQ",
	};
	uint32_t info = 0;

	if (which == 3 || which == 4)	/* FSR, FAR */
		__asm__ __volatile__("mrc p15, 0, %0, c6, c0, 0" : "=r" (info));
	bm_trap(names[which & 7], pc, info);
}

/* One CPU: nothing to start. */
unsigned int
md_start_cpus(void)
{
	return 1;
}

/*
 * A new thread's first frame, as md_switch (vpb_locore.S) pops it:
 * r3-r11, then vpb_thread_start as the return address, which calls fn
 * (r4) with arg (r5).
 */
void *
md_thread_init(void *stacktop, void (*fn)(void *), void *arg)
{
	uint32_t *sp = (uint32_t *)((uintptr_t)stacktop & ~(uintptr_t)7);
	int i;

	*--sp = (uint32_t)(uintptr_t)vpb_thread_start;	/* lr */
	for (i = 11; i >= 3; i--)
		*--sp = i == 5 ? (uint32_t)(uintptr_t)arg :
		    i == 4 ? (uint32_t)(uintptr_t)fn : 0;
	return sp;
}

/* From vpb_locore.S, on vpb_boot_stack, masked. */
void
vpb_init(void)
{
	REG32(VIC_BASE + VIC_INTENCLEAR) = ~0U;
	clock_last = REG32(SYSCTL_BASE + SYS_24MHZ);
	md_ncpu = 1;
	bm_main(0);
}
