/*	$simplelock: arch/powerpc/powerpc/machdep.c $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * The bare-metal kernel's machine-dependent half on QEMU's pseries
 * machine (a PAPR guest, POWER9 under TCG) booted by Virtual Open
 * Firmware, in real mode.  At entry the OF client interface gives the
 * RTAS tokens, the CPUs, the timebase and the console's terminal
 * number, and instantiates RTAS; then the kernel owns the vectors.
 * Console: the H_PUT_TERM_CHAR hypercall.  Mask: MSR.EE.  Timer: each
 * CPU's decrementer.  Other CPUs: RTAS start-cpu.  Idle: H_CEDE.  Off:
 * RTAS power-off, or ibm,os-term (a guest panic, qemu's failing exit
 * status under -action panic=exit-failure) if failed.
 */

#include <stddef.h>
#include <stdint.h>

#include <sys/platform.h>

#include "md.h"

#define	MAXCPU_MD	8		/* boot stacks in locore.S */

#define	MSR_EE		(1UL << 15)
#define	MSR_RI		(1UL << 1)

#define	H_SUCCESS	0
#define	H_BUSY		1
#define	H_CEDE		0xe0
#define	H_PUT_TERM_CHAR	0x58
#define	H_SET_MODE	0x31c
#define	H_SET_MODE_LE	4		/* resource: interrupt endianness */

#define	VEC_FIRST	0x100
#define	VEC_END		0x1000
#define	VEC_STRIDE	0x20
#define	VEC_DEC		0x900
#define	STUB_WORDS	4
#define	STUB_LI		2		/* li r0, vector */

#define	RTAS_SIZE_MAX	4096

unsigned int	md_ncpu = 1;

static uint64_t	of_entry;
static uint32_t	vty_termno = 0x71000000;	/* until the tree says */
static uint64_t	tb_freq = 512000000;		/* likewise */
static uint32_t	rtas_entry;
static uint32_t	tok_start_cpu, tok_power_off, tok_os_term;
static uint32_t	cpu_ids[MAXCPU_MD];
static unsigned int	ncpu_ids;
static uint32_t	dec_period;
static int	timer_on[MAXCPU_MD];
static uint8_t	rtas_area[RTAS_SIZE_MAX] __attribute__((__aligned__(4096)));

extern uint32_t	ppc_vec_stub[];
extern char	cpu_spinup[], ppc_thread_tramp[];

uint64_t	ppc_fw_call(uint64_t, uint64_t, uint64_t);
void		ppc_boot(uint64_t);
void		ppc_trap(uint64_t, uint64_t, uint64_t);

/* OF and RTAS speak big-endian 32-bit cells. */
static uint32_t
be32(uint32_t v)
{

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return __builtin_bswap32(v);
#else
	return v;
#endif
}

static long
hcall(unsigned long op, unsigned long a1, unsigned long a2,
    unsigned long a3, unsigned long a4)
{
	register unsigned long r3 __asm__("r3") = op;
	register unsigned long r4 __asm__("r4") = a1;
	register unsigned long r5 __asm__("r5") = a2;
	register unsigned long r6 __asm__("r6") = a3;
	register unsigned long r7 __asm__("r7") = a4;

	__asm__ __volatile__("sc 1"
	    : "+r" (r3), "+r" (r4), "+r" (r5), "+r" (r6), "+r" (r7)
	    : : "r0", "r8", "r9", "r10", "r11", "r12", "ctr", "xer",
	    "cr0", "cr1", "cr5", "cr6", "cr7", "memory");
	return (long)r3;
}

/*
 * An OF client interface call: the service's name, nargs arguments,
 * nret results, every one a big-endian cell.  Returns the first
 * result, or -1 if the call itself failed.
 */
static uint32_t
of_call(const char *svc, int nargs, int nret, const uint32_t *args,
    uint32_t *rets)
{
	uint32_t cell[16];
	int i;

	cell[0] = be32((uint32_t)(uintptr_t)svc);
	cell[1] = be32((uint32_t)nargs);
	cell[2] = be32((uint32_t)nret);
	for (i = 0; i < nargs; i++)
		cell[3 + i] = be32(args[i]);
	for (i = 0; i < nret; i++)
		cell[3 + nargs + i] = be32((uint32_t)-1);
	if (ppc_fw_call(of_entry, (uintptr_t)cell, 0) != 0)
		return (uint32_t)-1;
	if (rets != NULL)
		for (i = 0; i < nret; i++)
			rets[i] = be32(cell[3 + nargs + i]);
	return be32(cell[3 + nargs]);
}

static uint32_t
of_finddevice(const char *path)
{
	uint32_t a = (uint32_t)(uintptr_t)path;

	return of_call("finddevice", 1, 1, &a, NULL);
}

/* A property of one or two cells, as a number; def if absent. */
static uint64_t
of_getnum(uint32_t node, const char *name, uint64_t def)
{
	uint32_t buf[2], a[4];
	uint32_t len;

	a[0] = node;
	a[1] = (uint32_t)(uintptr_t)name;
	a[2] = (uint32_t)(uintptr_t)buf;
	a[3] = sizeof(buf);
	len = of_call("getprop", 4, 1, a, NULL);
	if (len == 4)
		return be32(buf[0]);
	if (len == 8)
		return (uint64_t)be32(buf[0]) << 32 | be32(buf[1]);
	return def;
}

static int
of_is_cpu(uint32_t node)
{
	static const char cpu[] = "cpu";
	char buf[8];
	uint32_t a[4];
	unsigned int i;

	a[0] = node;
	a[1] = (uint32_t)(uintptr_t)"device_type";
	a[2] = (uint32_t)(uintptr_t)buf;
	a[3] = sizeof(buf);
	if (of_call("getprop", 4, 1, a, NULL) != sizeof(cpu))
		return 0;
	for (i = 0; i < sizeof(cpu); i++)
		if (buf[i] != cpu[i])
			return 0;
	return 1;
}

/* The tree, RTAS and the console's vty, while the firmware is there. */
static void
of_probe(void)
{
	uint32_t rtas, cpus, node, ih, a[3], r[2];

	rtas = of_finddevice("/rtas");
	tok_start_cpu = (uint32_t)of_getnum(rtas, "start-cpu", 0);
	tok_power_off = (uint32_t)of_getnum(rtas, "power-off", 0);
	tok_os_term = (uint32_t)of_getnum(rtas, "ibm,os-term", 0);
	if (of_getnum(rtas, "rtas-size", 0) <= sizeof(rtas_area)) {
		a[0] = (uint32_t)(uintptr_t)"/rtas";
		ih = of_call("open", 1, 1, a, NULL);
		a[0] = (uint32_t)(uintptr_t)"instantiate-rtas";
		a[1] = ih;
		a[2] = (uint32_t)(uintptr_t)rtas_area;
		if (of_call("call-method", 3, 2, a, r) == 0)
			rtas_entry = r[1];
	}

	cpus = of_finddevice("/cpus");
	a[0] = cpus;
	for (node = of_call("child", 1, 1, a, NULL);
	    node != 0 && node != (uint32_t)-1 && ncpu_ids < MAXCPU_MD;
	    node = of_call("peer", 1, 1, a, NULL)) {
		a[0] = node;
		if (!of_is_cpu(node))
			continue;
		if (ncpu_ids == 0)
			tb_freq = of_getnum(node, "timebase-frequency",
			    tb_freq);
		cpu_ids[ncpu_ids++] = (uint32_t)of_getnum(node, "reg", 0);
	}

	/* /chosen's stdout is an instance of the vty; its reg is ours. */
	ih = (uint32_t)of_getnum(of_finddevice("/chosen"), "stdout", 0);
	if (ih != 0) {
		a[0] = ih;
		node = of_call("instance-to-package", 1, 1, a, NULL);
		if (node != (uint32_t)-1)
			vty_termno = (uint32_t)of_getnum(node, "reg",
			    vty_termno);
	}
}

/* Copy the vector stub to every vector, each naming itself. */
static void
vec_install(void)
{
	uintptr_t v;
	volatile uint32_t *p;
	int i;

	for (v = VEC_FIRST; v < VEC_END; v += VEC_STRIDE) {
		p = (volatile uint32_t *)v;
		for (i = 0; i < STUB_WORDS; i++)
			p[i] = ppc_vec_stub[i];
		p[STUB_LI] = (ppc_vec_stub[STUB_LI] & 0xffff0000U) |
		    (uint32_t)v;
		__asm__ __volatile__("dcbst 0, %0; sync; icbi 0, %0"
		    : : "r" (p) : "memory");
	}
	__asm__ __volatile__("sync; isync" : : : "memory");
}

/*
 * CPU 0, before bm_main: ask the firmware, then take the vectors
 * over it (VOF lives below 0x1000).  The little-endian kernel also
 * has interrupts taken little-endian (LPCR.ILE, every CPU).
 */
void
ppc_boot(uint64_t ofentry)
{

	of_entry = ofentry;
	of_probe();
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	(void)hcall(H_SET_MODE, 1, H_SET_MODE_LE, 0, 0);
#endif
	vec_install();
}

/* RTAS: token, nargs arguments, nret results; returns the status. */
static int
rtas_call(uint32_t token, int nargs, int nret, const uint32_t *args)
{
	uint32_t cell[16];
	int i;

	if (token == 0 || rtas_entry == 0)
		return -1;
	cell[0] = be32(token);
	cell[1] = be32((uint32_t)nargs);
	cell[2] = be32((uint32_t)nret);
	for (i = 0; i < nargs; i++)
		cell[3 + i] = be32(args[i]);
	cell[3 + nargs] = be32((uint32_t)-1);
	(void)ppc_fw_call(rtas_entry, (uintptr_t)cell,
	    (uintptr_t)rtas_area);
	return (int)be32(cell[3 + nargs]);
}

void
md_putc(int ch)
{
	unsigned long c = (unsigned long)(ch & 0xff) << 56;

	while (hcall(H_PUT_TERM_CHAR, vty_termno, 1, c, 0) == H_BUSY)
		continue;
}

static uint64_t
mfmsr(void)
{
	uint64_t msr;

	__asm__ __volatile__("mfmsr %0" : "=r" (msr));
	return msr;
}

int
md_intr_disable(void)
{
	uint64_t msr = mfmsr();

	__asm__ __volatile__("mtmsrd %0, 1" : : "r" (msr & ~MSR_EE)
	    : "memory");
	return (msr & MSR_EE) != 0;
}

void
md_intr_enable(void)
{

	__asm__ __volatile__("mtmsrd %0, 1" : : "r" (MSR_EE | MSR_RI)
	    : "memory");
}

int
md_intr_enabled(void)
{

	return (mfmsr() & MSR_EE) != 0;
}

unsigned int
md_cpu_index(void)
{
	uint64_t v;

	__asm__ __volatile__("mfsprg0 %0" : "=r" (v));
	return (unsigned int)v;
}

static uint64_t
mftb(void)
{
	uint64_t t;

	__asm__ __volatile__("mftb %0" : "=r" (t) : : "memory");
	return t;
}

uint64_t
md_nanouptime(void)
{
	uint64_t t = mftb();

	return t / tb_freq * 1000000000ULL +
	    t % tb_freq * 1000000000ULL / tb_freq;
}

/* The 32-bit decrementer interrupts while negative; rewriting stops it. */
static void
mtdec(uint32_t v)
{

	__asm__ __volatile__("mtdec %0" : : "r" ((uint64_t)v) : "memory");
}

void
md_timer_start(unsigned int hz)
{

	dec_period = (uint32_t)(tb_freq / hz);
	timer_on[md_cpu_index()] = 1;
	mtdec(dec_period);
}

void
md_timer_stop(void)
{

	timer_on[md_cpu_index()] = 0;
	mtdec(0x7fffffff);
}

/* H_CEDE sets MSR.EE and sleeps until an interrupt, then takes it. */
void
md_idle(void)
{

	(void)hcall(H_CEDE, 0, 0, 0, 0);
}

void
md_poweroff(int failed)
{
	static const char msg[] = "simplelock: tests failed";
	uint32_t a[2];

	(void)md_intr_disable();
	if (failed) {
		a[0] = (uint32_t)(uintptr_t)msg;
		(void)rtas_call(tok_os_term, 1, 1, a);
	}
	a[0] = a[1] = 0;
	(void)rtas_call(tok_power_off, 2, 1, a);
	for (;;)
		(void)hcall(H_CEDE, 0, 0, 0, 0);
}

/*
 * Every CPU in the tree but the one running: start-cpu refuses that
 * one (it is not stopped).  Each gets the next index in r3.
 */
unsigned int
md_start_cpus(void)
{
	unsigned int i, n = 1;
	uint32_t a[3];

	for (i = 0; i < ncpu_ids && n < MAXCPU_MD; i++) {
		a[0] = cpu_ids[i];
		a[1] = (uint32_t)(uintptr_t)cpu_spinup;
		a[2] = n;
		if (rtas_call(tok_start_cpu, 3, 1, a) == 0)
			n++;
	}
	__atomic_store_n(&md_ncpu, n, __ATOMIC_RELEASE);
	return n;
}

/*
 * md_switch's frame (ABI area, r14-r31, cr) and above it a caller's
 * ABI area whose lr slot returns into the trampoline.
 */
#define	ABI_FRAME	112
#define	SW_WORDS	(ABI_FRAME / 8 + 20)

void *
md_thread_init(void *stacktop, void (*fn)(void *), void *arg)
{
	uint64_t *top = (uint64_t *)stacktop - ABI_FRAME / 8;
	uint64_t *sp = top - SW_WORDS;
	int i;

	for (i = 0; i < SW_WORDS + ABI_FRAME / 8; i++)
		sp[i] = 0;
	sp[0] = (uint64_t)(uintptr_t)top;			/* chain */
	sp[ABI_FRAME / 8 + 0] = (uint64_t)(uintptr_t)fn;	/* r14 */
	sp[ABI_FRAME / 8 + 1] = (uint64_t)(uintptr_t)arg;	/* r15 */
	top[2] = (uint64_t)(uintptr_t)ppc_thread_tramp;		/* lr */
	return sp;
}

/*
 * A trap.  The decrementer is rewritten (which ends its interrupt)
 * before bm_intr_exit(), which may switch threads.
 */
void
ppc_trap(uint64_t vec, uint64_t srr0, uint64_t srr1)
{

	if (vec == VEC_DEC) {
		bm_intr_enter();
		mtdec(timer_on[md_cpu_index()] ? dec_period : 0x7fffffff);
		bm_tick();
		bm_intr_exit();
		return;
	}
	cons_printf("# powerpc vector 0x%lx srr1 0x%lx",
	    (unsigned long)vec, (unsigned long)srr1);
	bm_trap("exception", (uintptr_t)srr0, (uintptr_t)vec);
}
