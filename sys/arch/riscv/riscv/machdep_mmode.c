/*	$simplelock: arch/riscv/riscv/machdep_mmode.c $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * The bare-metal kernel's machine-dependent half on QEMU's riscv virt
 * machine in M-mode without firmware (-bios none), as riscv32 runs it
 * (Debian's QEMU has no 32-bit OpenSBI): the 16550 console, polled;
 * mstatus.MIE as the interrupt mask; the CLINT: mtime (10 MHz) for the
 * clock, each hart's mtimecmp for its tick, msip to start the parked
 * harts, whose number the device tree QEMU hands over says; the
 * sifive_test finisher to power off with a passing or failing status.
 */

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <sys/platform.h>

#include "md.h"

#define	UART_BASE	0x10000000UL
#define	UART_THR	0
#define	UART_LSR	5
#define	UART_LSR_THRE	0x20

#define	SIFIVE_TEST	0x00100000UL
#define	SIFIVE_PASS	0x5555
#define	SIFIVE_FAIL	0x3333		/* exit status in bits 16-31 */

#define	CLINT_BASE	0x02000000UL
#define	CLINT_MSIP(h)	(CLINT_BASE + 4 * (h))
#define	CLINT_MTIMECMP(h) (CLINT_BASE + 0x4000 + 8 * (h))
#define	CLINT_MTIME	(CLINT_BASE + 0xbff8)
#define	TIMEBASE_HZ	10000000UL	/* QEMU virt's timebase-frequency */

#define	MSTATUS_MIE	(1UL << 3)
#define	MIE_MTIE	(1UL << 7)
#define	MCAUSE_INTR	(1UL << (__riscv_xlen - 1))
#define	IRQ_M_TIMER	7

#define	FDT_MAGIC	0xd00dfeedU
#define	FDT_BEGIN_NODE	1
#define	FDT_END_NODE	2
#define	FDT_PROP	3
#define	FDT_NOP		4

#define	MAXCPU_MD	8		/* boot stacks in locore_mmode.S */
#define	SWITCH_WORDS	16		/* md_switch's frame */

unsigned int	md_ncpu = 1;
unsigned long	riscv_fdt;		/* a1 at reset, set by locore */

static uint64_t	timer_period;
static int	timer_on[MAXCPU_MD];

extern volatile uint32_t riscv_hart_go[MAXCPU_MD];
extern char	riscv_thread_tramp[];

void	riscv_mtrap(unsigned long, unsigned long, unsigned long);

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

	__asm__ __volatile__("csrrci %0, mstatus, 8" : "=r" (s) : : "memory");
	return (s & MSTATUS_MIE) != 0;
}

void
md_intr_enable(void)
{

	__asm__ __volatile__("csrsi mstatus, 8" : : : "memory");
}

int
md_intr_enabled(void)
{
	unsigned long s;

	__asm__ __volatile__("csrr %0, mstatus" : "=r" (s) : : "memory");
	return (s & MSTATUS_MIE) != 0;
}

unsigned int
md_cpu_index(void)
{
	unsigned long v;

	__asm__ __volatile__("mv %0, tp" : "=r" (v));
	return (unsigned int)v;
}

/* mtime, 64 bits; on RV32 two loads, again if the high word moved. */
static uint64_t
mtime(void)
{
#if __riscv_xlen == 32
	volatile uint32_t *t = (volatile uint32_t *)CLINT_MTIME;
	uint32_t hi, lo;

	do {
		hi = t[1];
		lo = t[0];
	} while (t[1] != hi);
	return ((uint64_t)hi << 32) | lo;
#else
	return *(volatile uint64_t *)CLINT_MTIME;
#endif
}

/*
 * This hart's mtimecmp.  On RV32 the low word goes to all ones first,
 * so that no half-written value lies in the past and fires early.
 */
static void
mtimecmp_set(uint64_t v)
{
	uintptr_t a = CLINT_MTIMECMP(md_cpu_index());
#if __riscv_xlen == 32
	volatile uint32_t *c = (volatile uint32_t *)a;

	c[0] = 0xffffffffU;
	c[1] = (uint32_t)(v >> 32);
	c[0] = (uint32_t)v;
#else
	*(volatile uint64_t *)a = v;
#endif
}

uint64_t
md_nanouptime(void)
{

	return mtime() * (1000000000UL / TIMEBASE_HZ);
}

void
md_timer_start(unsigned int hz)
{

	timer_period = TIMEBASE_HZ / hz;
	timer_on[md_cpu_index()] = 1;
	mtimecmp_set(mtime() + timer_period);
	__asm__ __volatile__("csrs mie, %0" : : "r" (MIE_MTIE) : "memory");
}

void
md_timer_stop(void)
{

	timer_on[md_cpu_index()] = 0;
	__asm__ __volatile__("csrc mie, %0" : : "r" (MIE_MTIE) : "memory");
	mtimecmp_set(~(uint64_t)0);
}

void
md_idle(void)
{

	__asm__ __volatile__("csrsi mstatus, 8; wfi" : : : "memory");
}

void
md_poweroff(int failed)
{

	(void)md_intr_disable();
	*(volatile uint32_t *)SIFIVE_TEST = failed ?
	    (1U << 16) | SIFIVE_FAIL : SIFIVE_PASS;
	for (;;)
		__asm__ __volatile__("wfi");
}

static uint32_t
be32(const uint8_t *p)
{

	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/*
 * How many harts: the cpu@N nodes under /cpus in the flattened device
 * tree.  QEMU numbers them 0 .. n - 1, which are also the CPU indexes.
 */
static unsigned int
fdt_nharts(const uint8_t *fdt)
{
	const uint8_t *p;
	const char *name;
	unsigned int n = 0, depth = 0, incpus = 0;

	if (fdt == NULL || be32(fdt) != FDT_MAGIC)
		return 1;
	p = fdt + be32(fdt + 8);
	for (;;) {
		switch (be32(p)) {
		case FDT_BEGIN_NODE:
			name = (const char *)p + 4;
			depth++;
			if (depth == 2 && strcmp(name, "cpus") == 0)
				incpus = 1;
			else if (depth == 3 && incpus &&
			    memcmp(name, "cpu@", 4) == 0)
				n++;
			p += 4 + ((strlen(name) + 4) & ~3UL);
			break;
		case FDT_END_NODE:
			if (depth == 2)
				incpus = 0;
			depth--;
			p += 4;
			break;
		case FDT_PROP:
			p += 12 + ((be32(p + 4) + 3) & ~3UL);
			break;
		case FDT_NOP:
			p += 4;
			break;
		default:		/* FDT_END, or garbage */
			return n == 0 ? 1 : n;
		}
	}
}

/* Each parked hart: its go word, then its msip to wake it. */
unsigned int
md_start_cpus(void)
{
	unsigned int h, n;

	n = fdt_nharts((const uint8_t *)riscv_fdt);
	if (n > MAXCPU_MD)
		n = MAXCPU_MD;
	for (h = 1; h < n; h++) {
		__atomic_store_n(&riscv_hart_go[h], 1, __ATOMIC_RELEASE);
		__asm__ __volatile__("fence w, o" : : : "memory");
		*(volatile uint32_t *)CLINT_MSIP(h) = 1;
	}
	__atomic_store_n(&md_ncpu, n, __ATOMIC_RELEASE);
	return n;
}

void *
md_thread_init(void *stacktop, void (*fn)(void *), void *arg)
{
	unsigned long *sp = (unsigned long *)stacktop - SWITCH_WORDS;
	int i;

	for (i = 0; i < SWITCH_WORDS; i++)
		sp[i] = 0;
	sp[0] = (unsigned long)riscv_thread_tramp;	/* ra */
	sp[1] = (unsigned long)fn;			/* s0 */
	sp[2] = (unsigned long)arg;			/* s1 */
	return sp;
}

/*
 * A trap.  The new mtimecmp takes down the timer's pending bit before
 * bm_intr_exit(), which may switch threads.
 */
void
riscv_mtrap(unsigned long cause, unsigned long epc, unsigned long tval)
{

	if (cause == (MCAUSE_INTR | IRQ_M_TIMER)) {
		bm_intr_enter();
		mtimecmp_set(timer_on[md_cpu_index()] ?
		    mtime() + timer_period : ~(uint64_t)0);
		bm_tick();
		bm_intr_exit();
		return;
	}
	cons_printf("# riscv mcause 0x%lx mtval 0x%lx", cause, tval);
	bm_trap((cause & MCAUSE_INTR) ? "unexpected interrupt" :
	    "exception", (uintptr_t)epc, (uintptr_t)cause);
}
