/*	$simplelock: arch/alpha/alpha/machdep.c $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * The bare-metal kernel's machine-dependent half on QEMU's alpha
 * clipper machine (21272 Typhoon chipset, EV67 CPUs) under QEMU's own
 * OSF/1-style PALcode: the interrupt priority level (swpipl) as the
 * interrupt mask, the PALcode's per-CPU system value (rdval) as the
 * CPU index, the MC146818 RTC's periodic interrupt which the Typhoon
 * delivers to every CPU as its clock (each CPU's interval ignore count
 * turns its share on and off), the HWRPB's START console message to
 * start the other CPUs, the 16550 COM1 through the Typhoon's PCI I/O
 * space, the low 32 bits of rpcc (QEMU's 250 MHz virtual clock) for
 * time, and the halt PALcode call to power off.  The halt carries no
 * status, so a failing kernel first raises a guest panic on QEMU's
 * pvpanic-pci device, which -action panic=exit-failure turns into exit
 * status 1.  Everything is reached through KSEG, the superpage that
 * maps physical memory and I/O.
 */

#include <stddef.h>
#include <stdint.h>

#include <sys/platform.h>

#include "md.h"

/* KSEG I/O: bit 40 of a KSEG address becomes physical bit 43. */
#define	KSEG_IO		0xfffffd0000000000UL
#define	PCI_IO		(KSEG_IO + 0x1fc000000UL)
#define	CCHIP		(KSEG_IO + 0x1a0000000UL)
#define	PCI_CONF	(KSEG_IO + 0x1fe000000UL)	/* bus 0: dev << 11 */
#define	PCI_MEM		KSEG_IO

/* QEMU's pvpanic-pci: a byte of 1 in BAR 0 is a guest panic. */
#define	PVPANIC_ID	0x00111b36U		/* device, vendor */
#define	PVPANIC_PANICKED	1
#define	PCI_CMD		0x04
#define	PCI_CMD_MEM	0x2
#define	PCI_BAR0	0x10

#define	CCHIP_MISC	0x080
#define	MISC_IPI(c)	(1UL << (8 + (c)))	/* IPI, write 1 clears */
#define	IIC_OFF		0xffffffUL		/* ticks to ignore: ~9 h */

#define	COM1		0x3f8
#define	UART_THR	0
#define	UART_LSR	5
#define	UART_LSR_THRE	0x20

#define	RTC_ADDR	0x70
#define	RTC_DATA	0x71
#define	RTC_REGA	0x0a
#define	RTC_REGB	0x0b
#define	RTC_REGB_PIE	0x40
#define	RTC_REGA_DV32K	0x20		/* the 32.768 kHz time base */

/* The HWRPB, mapped by the PALcode at this virtual address. */
#define	HWRPB_VA	0x10000000UL
#define	HWRPB_ID	0x4857525042000000UL	/* "HWRPB" */

/* OSF/1 PALcode calls. */
#define	PAL_halt	0x00
#define	PAL_rdps	0x36
#define	PAL_swpipl	0x35
#define	PAL_rdval	0x32
#define	PAL_wtint	0x3e

#define	ALPHA_IPL_0	0		/* everything allowed */
#define	ALPHA_IPL_7	7		/* everything masked */
#define	PS_IPL		7

/* The OSF/1 entInt types. */
#define	INT_IPI		0
#define	INT_CLOCK	1

#define	MAXCPU_MD	4		/* boot stacks in locore.S */
#define	RPCC_NS		4		/* rpcc counts at 250 MHz */

/* The parts of the HWRPB (SRM 26.x) this kernel reads and writes. */
struct hwrpb {
	uint64_t	h_pa;			/* its physical address */
	uint64_t	h_id;
	uint64_t	h_skip0[16];
	uint64_t	h_ncpu;			/* 144 */
	uint64_t	h_cpusize;
	uint64_t	h_cpuoff;
	uint64_t	h_skip1[11];
	uint64_t	h_restart;		/* 256: where a CPU starts */
	uint64_t	h_restart_val;
	uint64_t	h_skip2[2];
	uint64_t	h_cksum;		/* 288 */
	uint64_t	h_rxrdy;		/* a console message waits */
	uint64_t	h_txrdy;
};

/* A CPU's slot: its hardware PCB, flags and console message buffer. */
struct hwrpb_cpu {
	uint64_t	c_ksp;			/* the PCB */
	uint64_t	c_usp;
	uint64_t	c_ptbr;
	uint32_t	c_pcc;
	uint32_t	c_asn;
	uint64_t	c_unique;
	uint64_t	c_pcbflags;
	uint64_t	c_pcbrest[10];
	uint64_t	c_flags;		/* 128 */
	uint64_t	c_skip[20];
	uint64_t	c_ipc[21];		/* 296: length, then text */
};

#define	PCB_FEN		1UL
#define	CPUF_BIP	0x001		/* bootstrap in progress */
#define	CPUF_RC		0x002		/* restart capable */
#define	CPUF_PV		0x004		/* processor available */
#define	CPUF_CV		0x020		/* context valid */

unsigned int	md_ncpu = 1;

static int	timer_on[MAXCPU_MD];
static uint64_t	rpcc_last;		/* rpcc extended to 64 bits */
static unsigned int	cpus_up;

extern char	cpu_spinup[], alpha_thread_tramp[];
extern char	boot_stacks[];

void	alpha_cpu_boot(unsigned long) __attribute__((__noreturn__));
void	alpha_intr(unsigned long, unsigned long);
void	alpha_fault(unsigned long, unsigned long, unsigned long,
	    unsigned long, unsigned long) __attribute__((__noreturn__));

static inline void
io_outb(unsigned int port, uint8_t v)
{

	*(volatile uint8_t *)(PCI_IO + port) = v;
	__asm__ __volatile__("mb" : : : "memory");
}

static inline uint8_t
io_inb(unsigned int port)
{

	return *(volatile uint8_t *)(PCI_IO + port);
}

static inline void
cchip_write(unsigned long reg, uint64_t v)
{

	*(volatile uint64_t *)(CCHIP + reg) = v;
	__asm__ __volatile__("mb" : : : "memory");
}

/* Each CPU's interval ignore count register. */
static unsigned long
cchip_iic(unsigned int cpu)
{
	static const unsigned long iic[MAXCPU_MD] = {
		0x380, 0x3c0, 0x700, 0x740
	};

	return iic[cpu];
}

static unsigned long
swpipl(unsigned long ipl)
{
	register unsigned long a0 __asm__("$16") = ipl;
	register unsigned long v0 __asm__("$0");

	__asm__ __volatile__("call_pal %2" : "=r" (v0), "+r" (a0)
	    : "i" (PAL_swpipl)
	    : "$1", "$22", "$23", "$24", "$25", "memory");
	return v0;
}

static unsigned long
rdps(void)
{
	register unsigned long v0 __asm__("$0");

	__asm__ __volatile__("call_pal %1" : "=r" (v0) : "i" (PAL_rdps)
	    : "$1", "$22", "$23", "$24", "$25", "memory");
	return v0;
}

void
md_putc(int ch)
{

	while ((io_inb(COM1 + UART_LSR) & UART_LSR_THRE) == 0)
		continue;
	io_outb(COM1 + UART_THR, (uint8_t)ch);
}

/*
 * QEMU ends the translation block at every swpipl, and with a clock
 * interrupt pending but masked each such exit takes its global lock:
 * an IPL already at 7 is read (rdps stays inline) and left alone.
 */
int
md_intr_disable(void)
{

	if ((rdps() & PS_IPL) == ALPHA_IPL_7)
		return 0;
	return (swpipl(ALPHA_IPL_7) & PS_IPL) == ALPHA_IPL_0;
}

void
md_intr_enable(void)
{

	(void)swpipl(ALPHA_IPL_0);
}

int
md_intr_enabled(void)
{

	return (rdps() & PS_IPL) == ALPHA_IPL_0;
}

unsigned int
md_cpu_index(void)
{
	register unsigned long v0 __asm__("$0");

	__asm__ __volatile__("call_pal %1" : "=r" (v0) : "i" (PAL_rdval)
	    : "$1", "$22", "$23", "$24", "$25");
	return (unsigned int)v0;
}

/*
 * rpcc's low 32 bits wrap every 17 s; every CPU's clock tick reads it,
 * so the last value seen, kept here, is never more than a wrap behind.
 * A reading older than the last one seen returns the last one.
 */
uint64_t
md_nanouptime(void)
{
	uint64_t old, new, cc;
	int32_t d;

	old = __atomic_load_n(&rpcc_last, __ATOMIC_RELAXED);
	do {
		__asm__ __volatile__("rpcc %0" : "=r" (cc) : : "memory");
		d = (int32_t)((uint32_t)cc - (uint32_t)old);
		if (d <= 0)
			return old * RPCC_NS;
		new = old + (uint32_t)d;
	} while (!__atomic_compare_exchange_n(&rpcc_last, &old, new, 0,
	    __ATOMIC_RELAXED, __ATOMIC_RELAXED));
	return new * RPCC_NS;
}

static void
rtc_write(unsigned int reg, uint8_t v)
{

	io_outb(RTC_ADDR, (uint8_t)reg);
	io_outb(RTC_DATA, v);
}

static uint8_t
rtc_read(unsigned int reg)
{

	io_outb(RTC_ADDR, (uint8_t)reg);
	return io_inb(RTC_DATA);
}

/*
 * The RTC ticks for every CPU at once; the boot CPU sets its rate
 * once: 32768 >> (rate - 1) Hz, the first power of two not above hz
 * (conf/baremetal.mk sets BM_HZ to 128).  A CPU takes its share by zeroing its interval
 * ignore count and refuses it by setting the count to its maximum.
 */
void
md_timer_start(unsigned int hz)
{
	unsigned int cpu = md_cpu_index(), rate;

	if (cpu == 0) {
		for (rate = 3; rate < 15 && (32768U >> (rate - 1)) > hz;
		    rate++)
			continue;
		rtc_write(RTC_REGA, RTC_REGA_DV32K | rate);
		rtc_write(RTC_REGB, rtc_read(RTC_REGB) | RTC_REGB_PIE);
	}
	timer_on[cpu] = 1;
	cchip_write(cchip_iic(cpu), 0);
}

void
md_timer_stop(void)
{
	unsigned int cpu = md_cpu_index();

	timer_on[cpu] = 0;
	cchip_write(cchip_iic(cpu), IIC_OFF);
}

/* wtint: the vCPU sleeps until an interrupt is pending (a tick). */
void
md_idle(void)
{
	register unsigned long a0 __asm__("$16");

	(void)swpipl(ALPHA_IPL_0);
	a0 = 0;
	__asm__ __volatile__("call_pal %1" : "+r" (a0) : "i" (PAL_wtint)
	    : "$0", "$1", "$22", "$23", "$24", "$25", "memory");
}

static volatile uint32_t *
pci_conf(unsigned int dev, unsigned int reg)
{

	return (volatile uint32_t *)(PCI_CONF + (dev << 11) + reg);
}

/* The PALcode assigned the BARs; find pvpanic-pci's and raise it. */
static void
pvpanic(void)
{
	unsigned int dev;
	uint32_t bar;

	for (dev = 0; dev < 32; dev++) {
		if (*pci_conf(dev, 0) != PVPANIC_ID)
			continue;
		bar = *pci_conf(dev, PCI_BAR0) & ~0xfU;
		*pci_conf(dev, PCI_CMD) |= PCI_CMD_MEM;
		__asm__ __volatile__("mb" : : : "memory");
		*(volatile uint8_t *)(PCI_MEM + bar) = PVPANIC_PANICKED;
		__asm__ __volatile__("mb" : : : "memory");
	}
}

void
md_poweroff(int failed)
{

	(void)md_intr_disable();
	if (failed)
		pvpanic();
	for (;;)
		__asm__ __volatile__("call_pal %0" : : "i" (PAL_halt));
}

static struct hwrpb_cpu *
hwrpb_cpu(struct hwrpb *h, unsigned int i)
{

	return (struct hwrpb_cpu *)((char *)h + h->h_cpuoff +
	    i * h->h_cpusize);
}

/*
 * The page table the PALcode built: its level-1 table maps itself at
 * the last slot of the virtual page table, so its own PTE, holding its
 * PFN, is the last quadword of the address space.
 */
static uint64_t
ptbr_pfn(void)
{

	return *(volatile uint64_t *)0xfffffffffffffff8UL >> 32;
}

/*
 * Every other CPU the HWRPB lists, one at a time: its PCB (our boot
 * stack, the same page table), the restart address, then "START" in
 * its console buffer and its rxrdy bit.  The PALcode polls rxrdy and
 * clears all of it, so the next waits for this one to run.
 */
unsigned int
md_start_cpus(void)
{
	struct hwrpb *h = (struct hwrpb *)HWRPB_VA;
	struct hwrpb_cpu *c;
	static const char start[] = "START\r\n";
	uint64_t pfn, deadline, sum, *q;
	unsigned int i, n = 1, ncpu;

	if (h->h_id != HWRPB_ID)
		return 1;
	ncpu = (unsigned int)h->h_ncpu;
	if (ncpu > MAXCPU_MD)
		ncpu = MAXCPU_MD;
	pfn = ptbr_pfn();
	for (i = 1; i < ncpu; i++) {
		c = hwrpb_cpu(h, i);
		if ((c->c_flags & CPUF_PV) == 0)
			break;
		c->c_ksp = (uint64_t)(uintptr_t)boot_stacks +
		    (uint64_t)(i + 1) * BM_STACK_SIZE;
		c->c_usp = 0;
		c->c_ptbr = pfn;
		c->c_pcc = 0;
		c->c_asn = 0;
		c->c_unique = 0;
		c->c_pcbflags = PCB_FEN;
		h->h_restart = (uint64_t)(uintptr_t)cpu_spinup;
		h->h_restart_val = i;
		for (sum = 0, q = &h->h_pa; q < &h->h_cksum; q++)
			sum += *q;
		h->h_cksum = sum;
		c->c_flags = (c->c_flags | CPUF_CV | CPUF_RC) & ~CPUF_BIP;
		c->c_ipc[0] = sizeof(start) - 1;
		__builtin_memcpy(&c->c_ipc[1], start, sizeof(start) - 1);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		__atomic_store_n(&h->h_rxrdy, h->h_rxrdy | (1UL << i),
		    __ATOMIC_RELEASE);
		deadline = md_nanouptime() + 1000000000ULL;
		while (__atomic_load_n(&cpus_up, __ATOMIC_ACQUIRE) < i &&
		    md_nanouptime() < deadline)
			continue;
		if (__atomic_load_n(&cpus_up, __ATOMIC_ACQUIRE) < i)
			break;
		n++;
	}
	__atomic_store_n(&md_ncpu, n, __ATOMIC_RELEASE);
	return n;
}

/* Every CPU from locore, interrupts masked, on its boot stack. */
void
alpha_cpu_boot(unsigned long cpu)
{

	/* No clock share until md_timer_start(). */
	cchip_write(cchip_iic((unsigned int)cpu), IIC_OFF);
	if (cpu != 0)
		__atomic_fetch_add(&cpus_up, 1, __ATOMIC_RELEASE);
	bm_main((unsigned int)cpu);
}

void *
md_thread_init(void *stacktop, void (*fn)(void *), void *arg)
{
	uint64_t *sp = (uint64_t *)stacktop - 8;	/* md_switch's 64 */
	int i;

	for (i = 0; i < 8; i++)
		sp[i] = 0;
	sp[0] = (uint64_t)(uintptr_t)alpha_thread_tramp;	/* ra */
	sp[1] = (uint64_t)(uintptr_t)fn;			/* s0 */
	sp[2] = (uint64_t)(uintptr_t)arg;			/* s1 */
	return sp;
}

/*
 * An interrupt, at the IPL the PALcode raised to (5 for the clock),
 * which acknowledged it at the Typhoon before coming here.
 */
void
alpha_intr(unsigned long type, unsigned long vec)
{
	unsigned int cpu = md_cpu_index();

	switch (type) {
	case INT_CLOCK:
		/* The PALcode has cleared this CPU's ITI bit already. */
		bm_intr_enter();
		(void)md_nanouptime();
		if (timer_on[cpu])
			bm_tick();
		bm_intr_exit();
		return;
	case INT_IPI:
		cchip_write(CCHIP_MISC, MISC_IPI(cpu));
		return;
	}
	cons_printf("# alpha interrupt type %lu vector 0x%lx", type, vec);
	bm_trap("unexpected interrupt", 0, (uintptr_t)type);
}

void
alpha_fault(unsigned long a0, unsigned long a1, unsigned long a2,
    unsigned long kind, unsigned long pc)
{
	static const char *const what[] = {
		"fault", "arithmetic trap", "memory management fault",
		"instruction fault", "unaligned access", "system call"
	};

	cons_printf("# alpha %s: a0 0x%lx a1 0x%lx a2 0x%lx",
	    what[kind < 6 ? kind : 0], a0, a1, a2);
	bm_trap(what[kind < 6 ? kind : 0], (uintptr_t)pc, (uintptr_t)a0);
}
