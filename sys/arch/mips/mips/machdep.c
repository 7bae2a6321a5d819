/*	$simplelock: arch/mips/mips/machdep.c $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * The bare-metal kernel's machine-dependent half on QEMU's Malta board
 * (MIPS32r2 34Kf, o32; MIPS64r6 I6400, n64): the PIIX4's 16550 COM1 in
 * the GT-64120's ISA window, Status.IE as the interrupt mask (di/ei),
 * EBase.CPUNum as the CPU index, CP0 Count/Compare on IP7 as each
 * CPU's timer, secondary CPUs started by the MT ASE (VPEs, mttc0) or
 * by the CPS (the CM's Cluster Power Controller), the FPGA's software
 * reset (with -no-reboot) to power off and UHI semihosting exit for a
 * failing exit status.
 */

#include <stddef.h>
#include <stdint.h>

#include <sys/platform.h>

#include "md.h"

#define	MAXCPU_MD	8		/* boot stacks in locore.S */

/* KSEG1 (uncached), sign-extended for n64. */
#define	KSEG1(pa)	((uintptr_t)(intptr_t)(int32_t)(0xa0000000U | (pa)))

#define	UART_PA		0x180003f8U	/* COM1 in the ISA I/O window */
#define	UART_THR	0
#define	UART_LSR	5
#define	UART_LSR_THRE	0x20
#define	FPGA_SOFTRES	0x1f000500U
#define	FPGA_GORESET	0x42
#define	CPU_HZ		320000000U	/* QEMU's Malta CPU clock */

#define	SR_IE		0x00000001U
#define	SR_IM7		0x00008000U
#define	CR_IP7		0x00008000U
#define	CR_EXC(c)	(((c) >> 2) & 0x1f)
#define	CFG3_MT		0x00000004U
#define	CFG3_CMGCR	0x20000000U

/* MT ASE: MVPControl, MVPConf0, VPEConf0, TCStatus. */
#define	MVPCTL_VPC	0x00000002U
#define	MVPCONF0_PVPE(x) (((x) >> 10) & 0xf)
#define	VPECONF0_VPA	0x00000001U
#define	TCSTATUS_A	0x00002000U

/* CPS: the CM's GCR (from CMGCRBase) and the CPC we map. */
#define	GCR_CPC_BASE	0x0088
#define	GCR_CL_CONFIG	0x2010
#define	CPC_PA		0x1bde0000U
#define	CPC_CL_VP_RUN	0x2028

#define	CP0_READ(r, s) __extension__ ({					\
	uint32_t __v;							\
	__asm__ __volatile__("mfc0 %0, $" #r ", " #s : "=r" (__v));	\
	__v; })
#define	CP0_WRITE(r, s, v) __asm__ __volatile__(			\
	"mtc0 %0, $" #r ", " #s "; ehb" : : "r" ((uint32_t)(v)) : "memory")

unsigned int	md_ncpu = 1;

static uint32_t	count_hz;
static uint32_t	timer_period;
static int	timer_on[MAXCPU_MD];
static uint32_t	boot_count;
static unsigned int	cpu_up[MAXCPU_MD];

/* Per CPU: Count extended to 64 bits. */
static struct {
	uint32_t	last;
	uint32_t	hi;
} __attribute__((__aligned__(64))) uptime[MAXCPU_MD];

extern char	_start[], mips_thread_tramp[];

void	mips_cpu_init(unsigned int);
void	mips_trap(uint32_t, uintptr_t, uintptr_t);

void
md_putc(int ch)
{
	volatile uint8_t *u = (volatile uint8_t *)KSEG1(UART_PA);

	while ((u[UART_LSR] & UART_LSR_THRE) == 0)
		continue;
	u[UART_THR] = (uint8_t)ch;
}

int
md_intr_disable(void)
{
	uint32_t s;

	__asm__ __volatile__("di %0; ehb" : "=r" (s) : : "memory");
	return (s & SR_IE) != 0;
}

void
md_intr_enable(void)
{

	__asm__ __volatile__("ei; ehb" : : : "memory");
}

int
md_intr_enabled(void)
{

	return (CP0_READ(12, 0) & SR_IE) != 0;
}

unsigned int
md_cpu_index(void)
{

	return CP0_READ(15, 1) & 0x3ff;		/* EBase.CPUNum */
}

static uint32_t
count_read(void)
{

	return CP0_READ(9, 0);
}

/* Count to 64 bits: called often enough (every tick) not to miss a wrap. */
static uint64_t
count64(void)
{
	unsigned int ci = md_cpu_index();
	uint32_t c = count_read();

	if (c < uptime[ci].last)
		uptime[ci].hi++;
	uptime[ci].last = c;
	return ((uint64_t)uptime[ci].hi << 32) | c;
}

uint64_t
md_nanouptime(void)
{
	uint64_t t;
	int s;

	s = md_intr_disable();
	t = count64();
	if (s)
		md_intr_enable();
	return t / count_hz * 1000000000ULL +
	    t % count_hz * 1000000000ULL / count_hz;
}

/*
 * Compare := next, unless Count is already past it (a host stall): a
 * Compare behind Count fires only when Count wraps, 27 s later.  A
 * Count that passes it after the write raises IP7, which reading Count
 * makes QEMU notice; then leave it pending.
 */
static void
timer_set(uint32_t next)
{

	for (;;) {
		CP0_WRITE(11, 0, next);		/* clears IP7 */
		if ((int32_t)(next - count_read()) > 0 ||
		    (CP0_READ(13, 0) & CR_IP7) != 0)
			return;
		next = count_read() + timer_period;
	}
}

/* Missed ticks are dropped, not replayed. */
static void
timer_arm(void)
{

	timer_set(CP0_READ(11, 0) + timer_period);
}

void
md_timer_start(unsigned int hz)
{
	int s;

	s = md_intr_disable();
	timer_period = count_hz / hz;
	timer_on[md_cpu_index()] = 1;
	timer_set(count_read() + timer_period);
	CP0_WRITE(12, 0, CP0_READ(12, 0) | SR_IM7);
	if (s)
		md_intr_enable();
}

void
md_timer_stop(void)
{
	int s;

	s = md_intr_disable();
	timer_on[md_cpu_index()] = 0;
	CP0_WRITE(12, 0, CP0_READ(12, 0) & ~SR_IM7);
	CP0_WRITE(11, 0, count_read() - 1);
	if (s)
		md_intr_enable();
}

void
md_idle(void)
{

	__asm__ __volatile__("ei; ehb; wait" : : : "memory");
}

/* UHI semihosting exit: qemu -semihosting exits with the code. */
static void
uhi_exit(int code)
{
	register long a0 __asm__("$4") = code;
	register long op __asm__("$25") = 1;

	__asm__ __volatile__("sdbbp 1" : : "r" (a0), "r" (op) : "memory");
}

void
md_poweroff(int failed)
{

	(void)md_intr_disable();
	if (failed)
		uhi_exit(1);
	/* The board's reset; qemu -no-reboot exits 0 instead. */
	*(volatile uint32_t *)KSEG1(FPGA_SOFTRES) = FPGA_GORESET;
	for (;;)
		__asm__ __volatile__("wait");
}

/*
 * Every CPU before bm_main(), interrupts masked.  A secondary takes
 * the boot CPU's Count, published while it waits for us, so that
 * md_nanouptime() agrees across CPUs.
 */
void
mips_cpu_init(unsigned int ci)
{
	uint32_t ccres;

	if (ci == 0) {
		__asm__ __volatile__("rdhwr %0, $3" : "=r" (ccres));
		count_hz = CPU_HZ / (ccres ? ccres : 1);
		uptime[0].last = count_read();
		return;
	}
	if (ci >= MAXCPU_MD)
		for (;;)
			__asm__ __volatile__("wait");
	CP0_WRITE(9, 0, __atomic_load_n(&boot_count, __ATOMIC_ACQUIRE));
	uptime[ci].last = count_read();
	__atomic_store_n(&cpu_up[ci], 1, __ATOMIC_RELEASE);
}

/* Publish Count until CPU ci is up, or give up after about a second. */
static int
wait_up(unsigned int ci)
{
	uint32_t t0 = count_read();

	while (!__atomic_load_n(&cpu_up[ci], __ATOMIC_ACQUIRE)) {
		__atomic_store_n(&boot_count, count_read(), __ATOMIC_RELEASE);
		if (count_read() - t0 > count_hz)
			return 0;
	}
	return 1;
}

#if __mips_isa_rev < 6
/*
 * MT ASE: QEMU's Malta makes each -smp CPU a VPE with one TC; TC n is
 * VPE n.  From VPE 0 in configuration state (MVPControl.VPC), point
 * every TC at _start, activate it, then enable them all at once with
 * EVPE: QEMU wakes only a VPE that the EVPE itself makes runnable.
 */
static unsigned int
mt_start(void)
{
	unsigned int n, nvpe;
	uint32_t v;

	__asm__ __volatile__(".set push; .set mt; mfc0 %0, $0, 2; .set pop"
	    : "=r" (v));
	nvpe = MVPCONF0_PVPE(v) + 1;
	if (nvpe > MAXCPU_MD)
		nvpe = MAXCPU_MD;
	if (nvpe < 2)
		return 1;
	__asm__ __volatile__(
	    ".set push; .set mt\n"
	    "mfc0 %0, $0, 1; or %0, %0, %1; mtc0 %0, $0, 1; ehb\n"
	    ".set pop"
	    : "=&r" (v) : "r" (MVPCTL_VPC) : "memory");
	for (n = 1; n < nvpe; n++)
		__asm__ __volatile__(
		    ".set push; .set mt\n"
		    "mtc0 %1, $1, 1; ehb\n"		/* VPEControl.TargTC */
		    "li %0, 1; mttc0 %0, $2, 4\n"	/* TCHalt.H */
		    "mttc0 %2, $2, 3\n"			/* TCRestart */
		    "mftc0 %0, $2, 1; or %0, %0, %3\n"
		    "mttc0 %0, $2, 1\n"			/* TCStatus.A */
		    "mftc0 %0, $1, 2; or %0, %0, %4\n"
		    "mttc0 %0, $1, 2\n"		/* VPEConf0.VPA */
		    "mttc0 $0, $2, 4\n"		/* TCHalt clear */
		    ".set pop"
		    : "=&r" (v)
		    : "r" (n), "r" ((uintptr_t)_start), "r" (TCSTATUS_A),
		      "r" (VPECONF0_VPA)
		    : "memory");
	__asm__ __volatile__(
	    ".set push; .set mt\n"
	    "mfc0 %0, $0, 1; xor %0, %0, %1; mtc0 %0, $0, 1; ehb\n"
	    "evpe; ehb\n"
	    ".set pop"
	    : "=&r" (v) : "r" (MVPCTL_VPC) : "memory");
	for (n = 1; n < nvpe; n++)
		if (!wait_up(n))
			break;
	return n;
}
#endif

/*
 * CPS: map the CPC, then run each VP; with no reset base written it
 * starts at the reset vector, QEMU's bootloader, which enters _start.
 */
static unsigned int
cps_start(void)
{
	uintptr_t gcr = KSEG1(CP0_READ(15, 3) << 4);
	unsigned int n, nvp;

	nvp = (*(volatile uint32_t *)(gcr + GCR_CL_CONFIG) & 0x3ff) + 1;
	if (nvp > MAXCPU_MD)
		nvp = MAXCPU_MD;
	if (nvp < 2)
		return 1;
	*(volatile uint32_t *)(gcr + GCR_CPC_BASE) = CPC_PA | 1;
	for (n = 1; n < nvp; n++) {
		*(volatile uint32_t *)(KSEG1(CPC_PA) + CPC_CL_VP_RUN) =
		    1U << n;
		if (!wait_up(n))
			break;
	}
	return n;
}

unsigned int
md_start_cpus(void)
{
	uint32_t cfg3 = CP0_READ(16, 3);
	unsigned int n = 1;

	if (cfg3 & CFG3_CMGCR)
		n = cps_start();
#if __mips_isa_rev < 6
	else if (cfg3 & CFG3_MT)
		n = mt_start();
#endif
	__atomic_store_n(&md_ncpu, n, __ATOMIC_RELEASE);
	return n;
}

void *
md_thread_init(void *stacktop, void (*fn)(void *), void *arg)
{
	uintptr_t *sp = (uintptr_t *)stacktop - 12;	/* md_switch's */
	int i;

	for (i = 0; i < 12; i++)
		sp[i] = 0;
	sp[0] = (uintptr_t)fn;				/* s0 */
	sp[1] = (uintptr_t)arg;				/* s1 */
	sp[10] = (uintptr_t)mips_thread_tramp;		/* ra */
	return sp;
}

/*
 * An exception, with EXL already left and IE clear.  The timer is
 * re-armed (IP7 cleared) before bm_intr_exit(), which may switch
 * threads.
 */
void
mips_trap(uint32_t cause, uintptr_t epc, uintptr_t badvaddr)
{
	unsigned int ci;

	if (CR_EXC(cause) == 0 && (cause & CR_IP7) != 0) {
		bm_intr_enter();
		ci = md_cpu_index();
		(void)count64();
		if (timer_on[ci]) {
			timer_arm();
			bm_tick();
		} else
			CP0_WRITE(11, 0, count_read() - 1);
		bm_intr_exit();
		return;
	}
	cons_printf("# mips cause 0x%x badvaddr 0x%lx", (unsigned int)cause,
	    (unsigned long)badvaddr);
	bm_trap(CR_EXC(cause) == 0 ? "unexpected interrupt" : "exception",
	    epc, (uintptr_t)cause);
}
