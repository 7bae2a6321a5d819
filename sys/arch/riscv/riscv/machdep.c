/*	$simplelock: arch/riscv/riscv/machdep.c $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * The bare-metal kernel's machine-dependent half on QEMU's riscv virt
 * machine in S-mode under OpenSBI: the 16550 console, sstatus.SIE as
 * the interrupt mask, the SBI timer on rdtime's 10 MHz, SBI HSM to
 * start harts, SBI SRST to power off, and the sifive_test finisher for
 * a failing exit status (SRST carries none).
 */

#include <stddef.h>
#include <stdint.h>

#include <sys/platform.h>

#include "md.h"

#define	UART_BASE	0x10000000UL
#define	UART_THR	0
#define	UART_LSR	5
#define	UART_LSR_THRE	0x20
#define	SIFIVE_TEST	0x00100000UL
#define	SIFIVE_FAIL	0x3333
#define	TIMEBASE_HZ	10000000UL	/* QEMU virt's timebase-frequency */

#define	SBI_EXT_TIME	0x54494d45
#define	SBI_EXT_HSM	0x48534d
#define	SBI_EXT_SRST	0x53525354

#define	SIE_STIE	(1UL << 5)
#define	SSTATUS_SIE	(1UL << 1)
#define	SCAUSE_INTR	(1UL << (__riscv_xlen - 1))
#define	IRQ_S_TIMER	5

#define	MAXCPU_MD	8		/* boot stacks in locore.S */

unsigned int	md_ncpu = 1;
unsigned long	riscv_boot_hart;

static uint64_t	timer_period;
static int	timer_on[MAXCPU_MD];

extern char	cpu_spinup[], riscv_thread_tramp[];

void	riscv_trap(unsigned long, unsigned long, unsigned long);

struct sbiret {
	long	error;
	long	value;
};

static struct sbiret
sbi_call(long ext, long fid, unsigned long a0, unsigned long a1,
    unsigned long a2)
{
	register unsigned long r0 __asm__("a0") = a0;
	register unsigned long r1 __asm__("a1") = a1;
	register unsigned long r2 __asm__("a2") = a2;
	register unsigned long r6 __asm__("a6") = (unsigned long)fid;
	register unsigned long r7 __asm__("a7") = (unsigned long)ext;
	struct sbiret ret;

	__asm__ __volatile__("ecall" : "+r" (r0), "+r" (r1)
	    : "r" (r2), "r" (r6), "r" (r7) : "memory");
	ret.error = (long)r0;
	ret.value = (long)r1;
	return ret;
}

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
	unsigned long s;

	__asm__ __volatile__("csrrci %0, sstatus, 2" : "=r" (s) : : "memory");
	return (s & SSTATUS_SIE) != 0;
}

void
md_intr_enable(void)
{

	__asm__ __volatile__("csrsi sstatus, 2" : : : "memory");
}

int
md_intr_enabled(void)
{
	unsigned long s;

	__asm__ __volatile__("csrr %0, sstatus" : "=r" (s) : : "memory");
	return (s & SSTATUS_SIE) != 0;
}

unsigned int
md_cpu_index(void)
{
	unsigned long v;

	__asm__ __volatile__("mv %0, tp" : "=r" (v));
	return (unsigned int)v;
}

static uint64_t
rdtime(void)
{
	uint64_t t;

	__asm__ __volatile__("rdtime %0" : "=r" (t) : : "memory");
	return t;
}

uint64_t
md_nanouptime(void)
{

	return rdtime() * (1000000000UL / TIMEBASE_HZ);
}

static void
timer_arm(void)
{

	(void)sbi_call(SBI_EXT_TIME, 0, rdtime() + timer_period, 0, 0);
}

void
md_timer_start(unsigned int hz)
{

	timer_period = TIMEBASE_HZ / hz;
	timer_on[md_cpu_index()] = 1;
	timer_arm();
	__asm__ __volatile__("csrs sie, %0" : : "r" (SIE_STIE) : "memory");
}

void
md_timer_stop(void)
{

	timer_on[md_cpu_index()] = 0;
	__asm__ __volatile__("csrc sie, %0" : : "r" (SIE_STIE) : "memory");
	(void)sbi_call(SBI_EXT_TIME, 0, ~0UL, 0, 0);
}

void
md_idle(void)
{

	__asm__ __volatile__("csrsi sstatus, 2; wfi" : : : "memory");
}

void
md_poweroff(int failed)
{

	(void)md_intr_disable();
	if (failed)
		*(volatile uint32_t *)SIFIVE_TEST = (1U << 16) | SIFIVE_FAIL;
	(void)sbi_call(SBI_EXT_SRST, 0, 0, 0, 0);
	for (;;)
		__asm__ __volatile__("wfi");
}

/* Every other hart, until SBI says there is no such hart. */
unsigned int
md_start_cpus(void)
{
	unsigned int n = 1;
	unsigned long h;
	struct sbiret r;

	for (h = 0; h < MAXCPU_MD && n < MAXCPU_MD; h++) {
		if (h == riscv_boot_hart)
			continue;
		r = sbi_call(SBI_EXT_HSM, 0, h, (unsigned long)cpu_spinup, n);
		if (r.error != 0)
			break;
		n++;
	}
	__atomic_store_n(&md_ncpu, n, __ATOMIC_RELEASE);
	return n;
}

void *
md_thread_init(void *stacktop, void (*fn)(void *), void *arg)
{
	uint64_t *sp = (uint64_t *)stacktop - 14;	/* md_switch's 112 */
	int i;

	for (i = 0; i < 14; i++)
		sp[i] = 0;
	sp[0] = (uint64_t)(uintptr_t)riscv_thread_tramp;	/* ra */
	sp[1] = (uint64_t)(uintptr_t)fn;			/* s0 */
	sp[2] = (uint64_t)(uintptr_t)arg;			/* s1 */
	return sp;
}

/*
 * A trap.  The timer is re-armed (its pending bit cleared) before
 * bm_intr_exit(), which may switch threads.
 */
void
riscv_trap(unsigned long cause, unsigned long epc, unsigned long tval)
{

	if (cause == (SCAUSE_INTR | IRQ_S_TIMER)) {
		bm_intr_enter();
		if (timer_on[md_cpu_index()])
			timer_arm();
		else
			(void)sbi_call(SBI_EXT_TIME, 0, ~0UL, 0, 0);
		bm_tick();
		bm_intr_exit();
		return;
	}
	cons_printf("# riscv scause 0x%lx stval 0x%lx", cause, tval);
	bm_trap((cause & SCAUSE_INTR) ? "unexpected interrupt" :
	    "exception", (uintptr_t)epc, (uintptr_t)cause);
}
