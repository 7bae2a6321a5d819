/*	$simplelock: arch/sh3/sh3/machdep.c $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * The bare-metal kernel's machine-dependent half on QEMU's r2d board
 * (Renesas R2D-PLUS, SH7751R, one CPU): the SCIF polled for the
 * console, SR.IMASK as the interrupt mask, TMU0 as the periodic tick
 * (INTEVT 0x400, priority from IPRA), TMU1 free-running as the clock,
 * sleep to idle, and the board FPGA's power-off register; a failure
 * is reported first to QEMU's pvpanic-pci device, found through the
 * SH7751R's PCI controller, which makes QEMU exit with status 1.  The
 * SH7751R has one CPU and no way to start another.  Atomics are gcc's
 * soft-imask sequences (IMASK raised around them: one CPU, privileged)
 * and, for 64 bits, the two helpers at the end.
 */

#include <stddef.h>
#include <stdint.h>

#include <sys/platform.h>

#include "md.h"

#define	REG8(a)		(*(volatile uint8_t *)(uintptr_t)(a))
#define	REG16(a)	(*(volatile uint16_t *)(uintptr_t)(a))
#define	REG32(a)	(*(volatile uint32_t *)(uintptr_t)(a))

/* SCIF (QEMU's second serial line: the first is the SCI). */
#define	SCIF_SCSCR	0xffe80008	/* 16 bits */
#define	SCIF_SCFTDR	0xffe8000c	/* 8 bits */
#define	SCIF_SCFSR	0xffe80010	/* 16 bits */
#define	SCSCR_TE	0x0020
#define	SCFSR_TEND	0x0040
#define	SCFSR_TDFE	0x0020

/* TMU channels 0 and 1, counting down at Pphi / 4. */
#define	TMU_TSTR	0xffd80004	/* 8 bits */
#define	TMU_TCOR(n)	(0xffd80008 + 12 * (n))
#define	TMU_TCNT(n)	(0xffd8000c + 12 * (n))
#define	TMU_TCR(n)	(0xffd80010 + 12 * (n))	/* 16 bits */
#define	TCR_UNF		0x0100
#define	TCR_UNIE	0x0020
#define	TMU_HZ		15000000U	/* QEMU's 60 MHz Pphi / 4 */

/* Interrupt controller and exception registers. */
#define	INTC_IPRA	0xffd00004	/* 16 bits: TMU0 in 15..12 */
#define	IPRA_TMU0_12	0xc000
#define	SH_TEA		0xff00000c
#define	SH_EXPEVT	0xff000024
#define	SH_INTEVT	0xff000028
#define	INTEVT_TMU0	0x400

/* The R2D FPGA, through P2; bit 0 of POWOFF turns the board off. */
#define	R2D_POWOFF	0xa4000030	/* 16 bits */

/*
 * The PCI controller's configuration window (PAR selects, PDR moves
 * 32 bits); PCI memory space is the CPU's physical space, so the
 * panic device's BAR goes at a free physical address, seen in P2.
 */
#define	PCIC_PAR	0xfe2001c0
#define	PCIC_PDR	0xfe200220
#define	PCI_CFG(dev, reg) \
	(0x80000000U | ((uint32_t)(dev) << 11) | (uint32_t)(reg))
#define	PCI_ID_PVPANIC	0x00111b36	/* Red Hat 0x1b36, device 0x11 */
#define	PVPANIC_PA	0x18000000U	/* area 6: nothing there on r2d */
#define	PVPANIC_P2	(0xa0000000U | PVPANIC_PA)
#define	PVPANIC_PANICKED 0x01

#define	SR_IMASK	0x000000f0

/* The trap frame locore.S builds, from the stack pointer up. */
struct sh3_frame {
	uint32_t	tf_gbr;
	uint32_t	tf_macl;
	uint32_t	tf_mach;
	uint32_t	tf_pr;
	uint32_t	tf_r[8];
	uint32_t	tf_vec;		/* 1 exception, 2 TLB miss, 3 intr */
	uint32_t	tf_ssr;
	uint32_t	tf_spc;
};

unsigned int	md_ncpu = 1;

static int	timer_on;
static uint32_t	clock_last;	/* TMU1 ticks, low word */
static uint64_t	clock_high;	/* its wraps */

extern char	sh3_thread_tramp[];

void	sh3_trap(struct sh3_frame *);

static inline uint32_t
sr_get(void)
{
	uint32_t sr;

	__asm__ __volatile__("stc sr, %0" : "=r" (sr) : : "memory");
	return sr;
}

static inline void
sr_set(uint32_t sr)
{

	__asm__ __volatile__("ldc %0, sr" : : "r" (sr) : "memory", "t");
}

/* Polled; the first character also enables the transmitter. */
void
md_putc(int ch)
{
	uint16_t fsr;

	if ((REG16(SCIF_SCSCR) & SCSCR_TE) == 0)
		REG16(SCIF_SCSCR) = SCSCR_TE;
	while (((fsr = REG16(SCIF_SCFSR)) & SCFSR_TDFE) == 0)
		continue;
	REG8(SCIF_SCFTDR) = (uint8_t)ch;
	REG16(SCIF_SCFSR) = fsr & ~(SCFSR_TDFE | SCFSR_TEND);
}

/*
 * IMASK 15 masks every interrupt; BL is for the vectors only.  The
 * read-modify-write of SR needs no care: a trap in between restores
 * SR from SSR on return.
 */
int
md_intr_disable(void)
{
	uint32_t sr = sr_get();

	sr_set(sr | SR_IMASK);
	return (sr & SR_IMASK) == 0;
}

void
md_intr_enable(void)
{

	sr_set(sr_get() & ~SR_IMASK);
}

int
md_intr_enabled(void)
{

	return (sr_get() & SR_IMASK) == 0;
}

/* One CPU: there is no per-CPU register to read, and no other CPU. */
unsigned int
md_cpu_index(void)
{

	return 0;
}

/*
 * TMU1 counts down from 0xffffffff at 15 MHz and wraps in 286 s; the
 * tick reads it far more often, so one wrap at most is seen between
 * reads, which interrupts must not split.
 */
uint64_t
md_nanouptime(void)
{
	uint32_t now, sr;
	uint64_t t;

	sr = sr_get();
	sr_set(sr | SR_IMASK);
	now = ~REG32(TMU_TCNT(1));
	if (now < clock_last)
		clock_high += 1ULL << 32;
	clock_last = now;
	t = clock_high | now;
	sr_set(sr);
	return t * 200 / 3;
}

static void
clock_init(void)
{

	REG32(TMU_TCOR(1)) = 0xffffffff;
	REG32(TMU_TCNT(1)) = 0xffffffff;
	REG16(TMU_TCR(1)) = 0;
	REG8(TMU_TSTR) |= 0x02;
}

void
md_timer_start(unsigned int hz)
{
	uint32_t period = TMU_HZ / hz - 1;

	REG8(TMU_TSTR) &= ~0x01;
	REG32(TMU_TCOR(0)) = period;
	REG32(TMU_TCNT(0)) = period;
	REG16(TMU_TCR(0)) = TCR_UNIE;
	REG16(INTC_IPRA) = (REG16(INTC_IPRA) & 0x0fff) | IPRA_TMU0_12;
	timer_on = 1;
	REG8(TMU_TSTR) |= 0x01;
}

void
md_timer_stop(void)
{

	timer_on = 0;
	REG8(TMU_TSTR) &= ~0x01;
	REG16(TMU_TCR(0)) = 0;
}

/* sleep wakes on an interrupt IMASK lets through. */
void
md_idle(void)
{

	md_intr_enable();
	__asm__ __volatile__("sleep" : : : "memory");
}

static uint32_t
pci_conf_read(unsigned int dev, unsigned int reg)
{

	REG32(PCIC_PAR) = PCI_CFG(dev, reg);
	return REG32(PCIC_PDR);
}

static void
pci_conf_write(unsigned int dev, unsigned int reg, uint32_t v)
{

	REG32(PCIC_PAR) = PCI_CFG(dev, reg);
	REG32(PCIC_PDR) = v;
}

/*
 * QEMU's panic device, if the command line gave one: its memory BAR
 * placed and enabled, then "panicked", and QEMU exits with status 1
 * (-action panic=exit-failure).
 */
static void
pvpanic(void)
{
	unsigned int dev;

	for (dev = 0; dev < 32; dev++) {
		if (pci_conf_read(dev, 0x00) != PCI_ID_PVPANIC)
			continue;
		pci_conf_write(dev, 0x10, PVPANIC_PA);
		pci_conf_write(dev, 0x04,
		    (pci_conf_read(dev, 0x04) & 0xffff) | 0x0002);
		REG8(PVPANIC_P2) = PVPANIC_PANICKED;
		return;
	}
}

/* The FPGA's power-off is QEMU's guest shutdown: status 0. */
void
md_poweroff(int failed)
{

	(void)md_intr_disable();
	if (failed)
		pvpanic();
	REG16(R2D_POWOFF) = 1;
	for (;;)
		__asm__ __volatile__("sleep");
}

/* The SH7751R is a uniprocessor. */
unsigned int
md_start_cpus(void)
{

	clock_init();
	return 1;
}

void *
md_thread_init(void *stacktop, void (*fn)(void *), void *arg)
{
	uint32_t *sp = (uint32_t *)stacktop - 10;	/* md_switch's */
	int i;

	for (i = 0; i < 10; i++)
		sp[i] = 0;
	sp[2] = (uint32_t)(uintptr_t)sh3_thread_tramp;	/* pr */
	sp[3] = (uint32_t)(uintptr_t)fn;		/* r8 */
	sp[4] = (uint32_t)(uintptr_t)arg;		/* r9 */
	return sp;
}

/*
 * A trap, on the interrupted thread's stack.  The tick's underflow
 * flag, which holds the interrupt, is cleared before bm_intr_exit(),
 * which may switch threads.
 */
void
sh3_trap(struct sh3_frame *tf)
{
	uint32_t code;

	if (tf->tf_vec == 3) {
		code = REG32(SH_INTEVT);
		if (code == INTEVT_TMU0) {
			bm_intr_enter();
			REG16(TMU_TCR(0)) = timer_on ? TCR_UNIE : 0;
			bm_tick();
			bm_intr_exit();
			return;
		}
		cons_printf("# sh3 INTEVT 0x%lx", (unsigned long)code);
		bm_trap("unexpected interrupt", tf->tf_spc, code);
	}
	code = REG32(SH_EXPEVT);
	cons_printf("# sh3 EXPEVT 0x%lx TEA 0x%lx SSR 0x%lx PR 0x%lx",
	    (unsigned long)code, (unsigned long)REG32(SH_TEA),
	    (unsigned long)tf->tf_ssr, (unsigned long)tf->tf_pr);
	bm_trap(tf->tf_vec == 2 ? "TLB miss" : "exception", tf->tf_spc,
	    code);
}

/*
 * The 64-bit atomics gcc leaves to a library: one CPU, so IMASK
 * around the two words is enough.  C names of their own, so that gcc
 * does not see its builtins redefined.
 */
uint64_t	sh3_atomic_load_8(const volatile void *, int)
		    __asm__("__atomic_load_8");
void		sh3_atomic_store_8(volatile void *, uint64_t, int)
		    __asm__("__atomic_store_8");

uint64_t
sh3_atomic_load_8(const volatile void *p, int model)
{
	uint32_t sr = sr_get();
	uint64_t v;

	(void)model;
	sr_set(sr | SR_IMASK);
	v = *(const volatile uint64_t *)p;
	sr_set(sr);
	return v;
}

void
sh3_atomic_store_8(volatile void *p, uint64_t v, int model)
{
	uint32_t sr = sr_get();

	(void)model;
	sr_set(sr | SR_IMASK);
	*(volatile uint64_t *)p = v;
	sr_set(sr);
}
