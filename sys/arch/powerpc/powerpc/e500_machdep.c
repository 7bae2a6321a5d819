/*	$simplelock: arch/powerpc/powerpc/e500_machdep.c $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * The bare-metal kernel's machine-dependent half on QEMU's ppce500
 * machine (the paravirtual e500 platform, an e500v2 core, Book E):
 * the CCSR's 16550 console, MSR.EE as the interrupt mask, each CPU's
 * auto-reloading decrementer as its tick, the e500 spin table (ePAPR
 * spin-table enable method) to start the others, and the GPIO
 * power-off pin.  The CCSR and the spin table sit above 4G (36-bit
 * physical): each CPU maps them with TLB1 entries of its own.
 */

#include <stddef.h>
#include <stdint.h>

#include <sys/platform.h>

#include "md.h"

#define	MAXCPU_MD	8		/* boot stacks in e500_locore.S */

/* QEMU's e500plat: physical addresses and the timebase. */
#define	CCSR_PA		0xfe0000000ULL
#define	SPIN_PA		0xfef000000ULL
#define	TB_HZ		400000000ULL

/* Where this kernel maps them. */
#define	CCSR_VA		0xe0000000U
#define	SPIN_VA		0xef000000U
#define	UART_VA		(CCSR_VA + 0x4500)
#define	GPIO_VA		(CCSR_VA + 0xff000)

#define	UART_THR	0
#define	UART_LSR	5
#define	UART_LSR_THRE	0x20
#define	GPIO_DIR	0
#define	GPIO_DAT	2		/* words */
#define	GPIO_POWEROFF	0x80000000U	/* pin 0 */

/* One spin-table entry: 32 bytes, big-endian. */
#define	SPIN_STRIDE	32
#define	SPIN_ADDR_HI	0		/* words */
#define	SPIN_ADDR_LO	1
#define	SPIN_R3_HI	2
#define	SPIN_R3_LO	3

#define	MSR_EE		0x00008000U
#define	MSR_WE		0x00040000U
#define	HID0_DOZE	0x00800000U
#define	TCR_DIE		0x04000000U
#define	TCR_ARE		0x00400000U
#define	TSR_DIS		0x08000000U

#define	MAS0_TLB1	0x10000000U
#define	MAS0_ESEL(n)	((uint32_t)(n) << 16)
#define	MAS1_VALID	0x80000000U
#define	MAS1_IPROT	0x40000000U
#define	MAS1_TSIZE(k)	((uint32_t)(k) << 7)	/* log2 of KB */
#define	MAS2_IG		0x0000000aU		/* inhibited, guarded */
#define	MAS3_SRW	0x00000005U

#define	IVOR_DEC	10

#define	SPR(n)		#n

unsigned int	md_ncpu = 1;

static uint32_t	dec_period;
static int	timer_on[MAXCPU_MD];

extern char	cpu_spinup[], ppc_thread_tramp[];

void	e500_cpu_init(void);
void	e500_trap(uint32_t, uint32_t, uint32_t);

#define	mtspr(n, v) \
	__asm__ __volatile__("mtspr " SPR(n) ", %0" : : "r" (v) : "memory")
#define	mfspr(n) __extension__ ({ \
	uint32_t __v; \
	__asm__ __volatile__("mfspr %0, " SPR(n) : "=r" (__v)); \
	__v; })

/* A TLB1 entry, cache-inhibited and guarded, supervisor read/write. */
static void
tlb1_map(int esel, uint32_t va, uint64_t pa, int log2kb)
{

	mtspr(624, MAS0_TLB1 | MAS0_ESEL(esel));
	mtspr(625, MAS1_VALID | MAS1_IPROT | MAS1_TSIZE(log2kb));
	mtspr(626, va | MAS2_IG);
	mtspr(627, ((uint32_t)pa & 0xfffff000U) | MAS3_SRW);
	mtspr(944, (uint32_t)(pa >> 32));			/* MAS7 */
	__asm__ __volatile__("isync; tlbwe; isync" : : : "memory");
}

/* Every CPU, before bm_main: the devices' mappings, doze when idle. */
void
e500_cpu_init(void)
{

	tlb1_map(2, CCSR_VA, CCSR_PA, 10);		/* 1M */
	tlb1_map(3, SPIN_VA, SPIN_PA, 2);		/* 4K */
	mtspr(1008, mfspr(1008) | HID0_DOZE);		/* HID0 */
}

void
md_putc(int ch)
{
	volatile uint8_t *u = (volatile uint8_t *)UART_VA;

	while ((u[UART_LSR] & UART_LSR_THRE) == 0)
		continue;
	u[UART_THR] = (uint8_t)ch;
}

static uint32_t
mfmsr(void)
{
	uint32_t msr;

	__asm__ __volatile__("mfmsr %0" : "=r" (msr));
	return msr;
}

int
md_intr_disable(void)
{
	uint32_t msr = mfmsr();

	__asm__ __volatile__("wrteei 0" : : : "memory");
	return (msr & MSR_EE) != 0;
}

void
md_intr_enable(void)
{

	__asm__ __volatile__("wrteei 1" : : : "memory");
}

int
md_intr_enabled(void)
{

	return (mfmsr() & MSR_EE) != 0;
}

unsigned int
md_cpu_index(void)
{

	return mfspr(272);					/* SPRG0 */
}

static uint64_t
mftb(void)
{
	uint32_t hi, lo, hi2;

	do {
		hi = mfspr(269);				/* TBU */
		lo = mfspr(268);				/* TBL */
		hi2 = mfspr(269);
	} while (hi != hi2);
	return (uint64_t)hi << 32 | lo;
}

/* 2.5 ns a tick at 400 MHz: no 64-bit division. */
uint64_t
md_nanouptime(void)
{

	return mftb() * (1000000000ULL * 2 / TB_HZ) / 2;
}

void
md_timer_start(unsigned int hz)
{

	dec_period = (uint32_t)(TB_HZ / hz);
	timer_on[md_cpu_index()] = 1;
	mtspr(54, dec_period);					/* DECAR */
	mtspr(22, dec_period);					/* DEC */
	mtspr(336, TSR_DIS);					/* TSR */
	mtspr(340, mfspr(340) | TCR_DIE | TCR_ARE);		/* TCR */
}

void
md_timer_stop(void)
{

	timer_on[md_cpu_index()] = 0;
	mtspr(340, mfspr(340) & ~(TCR_DIE | TCR_ARE));
	mtspr(22, 0);
	mtspr(336, TSR_DIS);
}

/* MSR.WE with HID0.DOZE: the core sleeps until the interrupt. */
void
md_idle(void)
{

	__asm__ __volatile__("sync; mtmsr %0; isync"
	    : : "r" (mfmsr() | MSR_EE | MSR_WE) : "memory");
}

/* No failing status: qemu exits 0 either way, the TAP decides. */
void
md_poweroff(int failed)
{
	volatile uint32_t *g = (volatile uint32_t *)GPIO_VA;

	(void)failed;
	(void)md_intr_disable();
	g[GPIO_DIR] |= GPIO_POWEROFF;
	g[GPIO_DAT] |= GPIO_POWEROFF;
	for (;;)
		continue;
}

/*
 * The spin table: r3, then the entry address, low word last (an even
 * address releases the CPU).  QEMU keeps no entry for a CPU it does
 * not have: the address does not read back, and the count ends.
 */
unsigned int
md_start_cpus(void)
{
	volatile uint32_t *s;
	unsigned int n;

	for (n = 1; n < MAXCPU_MD; n++) {
		s = (volatile uint32_t *)(SPIN_VA + n * SPIN_STRIDE);
		s[SPIN_R3_HI] = 0;
		s[SPIN_R3_LO] = n;
		s[SPIN_ADDR_HI] = 0;
		s[SPIN_ADDR_LO] = (uint32_t)(uintptr_t)cpu_spinup;
		if (s[SPIN_ADDR_LO] != (uint32_t)(uintptr_t)cpu_spinup)
			break;
	}
	__atomic_store_n(&md_ncpu, n, __ATOMIC_RELEASE);
	return n;
}

/*
 * md_switch's frame (back chain, lr slot, r14-r31, cr) and above it a
 * caller's frame whose lr slot returns into the trampoline.
 */
#define	SW_WORDS	24
#define	TOP_WORDS	4

void *
md_thread_init(void *stacktop, void (*fn)(void *), void *arg)
{
	uint32_t *top = (uint32_t *)stacktop - TOP_WORDS;
	uint32_t *sp = top - SW_WORDS;
	int i;

	for (i = 0; i < SW_WORDS + TOP_WORDS; i++)
		sp[i] = 0;
	sp[0] = (uint32_t)(uintptr_t)top;			/* chain */
	sp[2] = (uint32_t)(uintptr_t)fn;			/* r14 */
	sp[3] = (uint32_t)(uintptr_t)arg;			/* r15 */
	top[1] = (uint32_t)(uintptr_t)ppc_thread_tramp;		/* lr */
	return sp;
}

/*
 * A trap.  The decrementer's status is cleared (it reloads itself)
 * before bm_intr_exit(), which may switch threads.
 */
void
e500_trap(uint32_t ivor, uint32_t srr0, uint32_t srr1)
{

	if (ivor == IVOR_DEC) {
		bm_intr_enter();
		mtspr(336, TSR_DIS);
		if (!timer_on[md_cpu_index()])
			mtspr(340, mfspr(340) & ~(TCR_DIE | TCR_ARE));
		bm_tick();
		bm_intr_exit();
		return;
	}
	cons_printf("# e500 ivor %u srr1 0x%x", (unsigned int)ivor,
	    (unsigned int)srr1);
	bm_trap("exception", (uintptr_t)srr0, (uintptr_t)ivor);
}
