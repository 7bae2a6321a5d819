/*	$simplelock: m68k/machdep.c $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * The bare-metal kernel on QEMU's m68k virt machine (-M virt, 68040,
 * one CPU): the Goldfish TTY as the console, the Goldfish RTC's alarm
 * (re-armed each tick) as the timer, on Goldfish PIC 6 and so CPU
 * interrupt level 6, the status register's interrupt priority mask as
 * the interrupt mask, and the virt controller to power off (halt) or
 * report a failure (panic, which -action panic=exit-failure turns
 * into exit status 1).  One CPU: md_cpu_index() is 0.
 */

#include <stdint.h>

#include <sys/lock.h>
#include <sys/platform.h>
#include <baremetal/md.h>

#define	GF_PIC_BASE(n)	(0xff000000UL + ((n) - 1) * 0x1000UL)
#define	PIC_PENDING	0x04
#define	PIC_DISABLE_ALL	0x08
#define	PIC_ENABLE	0x10

#define	GF_RTC_BASE	0xff006000UL	/* on PIC 6, line 1 */
#define	RTC_TIME_LOW	0x00		/* reading it latches TIME_HIGH */
#define	RTC_TIME_HIGH	0x04
#define	RTC_ALARM_LOW	0x08		/* writing it arms the alarm */
#define	RTC_ALARM_HIGH	0x0c
#define	RTC_IRQ_ENABLED	0x10
#define	RTC_CLEAR_ALARM	0x14
#define	RTC_CLEAR_INTR	0x1c
#define	TIMER_LEVEL	6

#define	GF_TTY_BASE	0xff008000UL
#define	TTY_PUT_CHAR	0x00

#define	VIRT_CTRL_BASE	0xff009000UL
#define	CTRL_CMD	0x04
#define	CTRL_HALT	2
#define	CTRL_PANIC	3

#define	SR_IPL		0x0700U
#define	VEC_AUTOVEC(l)	(24 + (l))
#define	NVEC		256

#define	REG32(a)	(*(volatile uint32_t *)(a))

/* locore.S */
extern char	m68k_trap_stub[], m68k_intr_stub[], m68k_thread_start[];

unsigned int	md_ncpu = 1;
char		m68k_boot_stack[BM_STACK_SIZE] __attribute__((__aligned__(16)));

static uintptr_t m68k_vectors[NVEC] __attribute__((__aligned__(4)));
static uint64_t	timer_period, timer_next;
static uint64_t	boot_ns;

void	m68k_init(void);
void	m68k_intr(void);
void	m68k_trap(uint32_t, uint32_t);

void
md_putc(int c)
{
	REG32(GF_TTY_BASE + TTY_PUT_CHAR) = (uint32_t)c & 0xff;
}

int
md_intr_disable(void)
{
	uint16_t sr;

	__asm__ __volatile__("move.w %%sr, %0\n\tori.w #0x0700, %%sr"
	    : "=d" (sr) : : "memory", "cc");
	return (sr & SR_IPL) == 0;
}

void
md_intr_enable(void)
{
	__asm__ __volatile__("andi.w #0xf8ff, %%sr" : : : "memory", "cc");
}

int
md_intr_enabled(void)
{
	uint16_t sr;

	__asm__ __volatile__("move.w %%sr, %0" : "=d" (sr) : : "memory");
	return (sr & SR_IPL) == 0;
}

unsigned int
md_cpu_index(void)
{
	return 0;
}

/* The RTC's nanoseconds since the epoch (the alarm's time base). */
static uint64_t
rtc_time(void)
{
	uint32_t lo, hi;

	lo = REG32(GF_RTC_BASE + RTC_TIME_LOW);
	hi = REG32(GF_RTC_BASE + RTC_TIME_HIGH);
	return (uint64_t)hi << 32 | lo;
}

uint64_t
md_nanouptime(void)
{
	return rtc_time() - boot_ns;
}

/*
 * An absolute alarm: the period does not drift with the handler's
 * latency, and one that has fallen behind restarts from now.
 */
static void
timer_arm(void)
{
	uint64_t now = rtc_time();

	timer_next += timer_period;
	if (timer_next <= now)
		timer_next = now + timer_period;
	REG32(GF_RTC_BASE + RTC_ALARM_HIGH) = (uint32_t)(timer_next >> 32);
	REG32(GF_RTC_BASE + RTC_ALARM_LOW) = (uint32_t)timer_next;
}

void
md_timer_start(unsigned int hz)
{
	timer_period = 1000000000U / hz;
	timer_next = rtc_time();
	REG32(GF_RTC_BASE + RTC_IRQ_ENABLED) = 1;
	timer_arm();
	REG32(GF_PIC_BASE(TIMER_LEVEL) + PIC_ENABLE) = 1;
}

void
md_timer_stop(void)
{
	REG32(GF_RTC_BASE + RTC_IRQ_ENABLED) = 0;
	REG32(GF_RTC_BASE + RTC_CLEAR_ALARM) = 1;
	REG32(GF_RTC_BASE + RTC_CLEAR_INTR) = 1;
}

/* stop loads the status register: level 0, then waits. */
void
md_idle(void)
{
	__asm__ __volatile__("stop #0x2000" : : : "memory", "cc");
}

void
md_poweroff(int failed)
{
	(void)md_intr_disable();
	REG32(VIRT_CTRL_BASE + CTRL_CMD) = failed ? CTRL_PANIC : CTRL_HALT;
	for (;;)
		__asm__ __volatile__("stop #0x2700");
}

/*
 * The level-6 autovector, on the interrupted thread's stack, at level
 * 6.  The alarm is cleared and re-armed before bm_intr_exit may switch
 * away.
 */
void
m68k_intr(void)
{
	uint32_t pend;

	bm_intr_enter();
	pend = REG32(GF_PIC_BASE(TIMER_LEVEL) + PIC_PENDING);
	if ((pend & 1) == 0)
		bm_trap("unexpected interrupt", 0, pend);
	REG32(GF_RTC_BASE + RTC_CLEAR_INTR) = 1;
	timer_arm();
	bm_tick();
	bm_intr_exit();
}

void
m68k_trap(uint32_t vec, uint32_t pc)
{
	bm_trap(vec >= 24 && vec < 32 ? "unexpected interrupt" : "exception",
	    pc, vec);
}

/* One CPU: nothing to start. */
unsigned int
md_start_cpus(void)
{
	return 1;
}

/*
 * A new thread's first frame, as md_switch (locore.S) pops it: d2-d7
 * and a2-a6, then m68k_thread_start as the return address, which
 * calls fn (d2) with arg (d3).
 */
void *
md_thread_init(void *stacktop, void (*fn)(void *), void *arg)
{
	uint32_t *sp = (uint32_t *)((uintptr_t)stacktop & ~(uintptr_t)3);
	int i;

	*--sp = (uint32_t)(uintptr_t)m68k_thread_start;
	for (i = 10; i >= 0; i--)
		*--sp = i == 0 ? (uint32_t)(uintptr_t)fn :
		    i == 1 ? (uint32_t)(uintptr_t)arg : 0;
	return sp;
}

/* From locore.S, on m68k_boot_stack, at level 7. */
void
m68k_init(void)
{
	unsigned int i;

	for (i = 0; i < NVEC; i++)
		m68k_vectors[i] = (uintptr_t)m68k_trap_stub;
	m68k_vectors[VEC_AUTOVEC(TIMER_LEVEL)] = (uintptr_t)m68k_intr_stub;
	__asm__ __volatile__("movec %0, %%vbr" : : "r" (m68k_vectors) :
	    "memory");
	for (i = 1; i <= 6; i++)
		REG32(GF_PIC_BASE(i) + PIC_DISABLE_ALL) = 1;
	boot_ns = rtc_time();
	md_ncpu = 1;
	bm_main(0);
}
