/*	$simplelock: arch/s390x/s390x/machdep.c $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * The bare-metal kernel's machine-dependent half on QEMU's
 * s390-ccw-virtio machine (z/Architecture, no firmware: QEMU loads the
 * ELF and IPLs CPU 0 at its entry).  The SCLP ASCII console event,
 * written by the service call and polled, is the console; the PSW's
 * external-interrupt mask is the interrupt mask; each CPU's clock
 * comparator (external interrupt 0x1004, CR0 subclass bit) is its tick
 * and the TOD clock its time; each CPU's prefix area holds its index;
 * SIGP set prefix and restart start the others; SIGP stop powers off.
 */

#include <stddef.h>
#include <stdint.h>

#include <sys/platform.h>

#include "md.h"

#define	MAXCPU_MD	8		/* boot stacks in locore.S */
#define	MAXCPU_ADDR	64		/* CPU addresses probed */

/* Lowcore offsets, and ours from 0x200 (as in locore.S). */
#define	LC_EXT_CODE	0x086
#define	LC_PGM_ILC	0x08c
#define	LC_PGM_CODE	0x08e
#define	LC_TRANS_EXC	0x0a8
#define	LC_RESTART_NEW	0x1a0
#define	LC_EXT_NEW	0x1b0
#define	LC_SVC_NEW	0x1c0
#define	LC_PGM_NEW	0x1d0
#define	LC_MCCK_NEW	0x1e0
#define	LC_IO_NEW	0x1f0
#define	LC_CPUINDEX	0x200
#define	LC_SIZE		8192

#define	PSW_MASK_64	0x0000000180000000UL	/* EA and BA: 64-bit mode */
#define	PSW_SM_EXT	0x01			/* system mask: external */
#define	CR0_CKC_SC	0x0800UL		/* clock comparator subclass */
#define	EXT_CLOCK_COMP	0x1004
#define	TOD_US_SHIFT	12			/* TOD bit 51 is 1 us */

#define	SIGP_SENSE	0x01
#define	SIGP_STOP	0x05
#define	SIGP_RESTART	0x06
#define	SIGP_SET_PREFIX	0x0d
#define	SIGP_CC_STATUS	1
#define	SIGP_CC_BUSY	2
#define	SIGP_CC_NOTOP	3
#define	SIGP_STAT_STOPPED 0x40

#define	SCLP_WRITE_MASK	0x00780005U
#define	SCLP_WRITE_DATA	0x00760005U
#define	SCLP_EV_ASCII	0x1a
#define	SCLP_MASK_ASCII	0x00000040U		/* 1 << (32 - 0x1a) */
#define	SCLP_RC_OK	0x0020

#define	TRAP_EXT	0			/* as in locore.S */
#define	TRAP_PGM	2

struct trapframe {
	uint64_t	tf_abi[20];		/* the callee's save area */
	uint64_t	tf_gpr[15];		/* r0-r14 */
	uint64_t	tf_pswmask;
	uint64_t	tf_pswaddr;
};

struct sccb_hdr {
	uint16_t	length;
	uint8_t		function;
	uint8_t		control[3];
	uint16_t	response;
};

struct sccb_evbuf {
	uint16_t	length;
	uint8_t		type;
	uint8_t		flags;
	uint16_t	reserved;
};

/* One character; aligned so that it never crosses a page. */
struct sccb_cons {
	struct sccb_hdr		h;
	struct sccb_evbuf	e;
	char			c;
} __attribute__((__aligned__(64)));

struct sccb_mask {
	struct sccb_hdr	h;
	uint16_t	reserved;
	uint16_t	masklen;
	uint32_t	cp_receive;
	uint32_t	cp_send;
	uint32_t	sclp_receive;
	uint32_t	sclp_send;
} __attribute__((__aligned__(64)));

unsigned int	md_ncpu = 1;

/* Each secondary CPU's prefix area; CPU 0 keeps prefix 0. */
static uint8_t	lowcores[MAXCPU_MD][LC_SIZE]
		    __attribute__((__aligned__(LC_SIZE)));
static struct sccb_cons	cons_sccb[MAXCPU_MD];
static struct sccb_mask	mask_sccb;
static uint16_t	cpu_addr[MAXCPU_MD];
static uint64_t	tod_base;
static uint64_t	timer_period;		/* TOD units */
static int	timer_on[MAXCPU_MD];
static int	poweroff_once;

extern char	cpu_spinup[], s390_thread_tramp[], s390_ext_entry[],
		s390_svc_entry[], s390_pgm_entry[], s390_mcck_entry[],
		s390_io_entry[];

void	s390_cpu_boot(unsigned int) __attribute__((__noreturn__));
void	s390_trap(long, struct trapframe *);
int	s390_sigp(unsigned long, unsigned long, unsigned long, uint32_t *);
void	s390_disabled_wait(void) __attribute__((__noreturn__));

/* Lowcore at a real address: hidden from gcc's null-page warnings. */
static inline void *
lowcore(unsigned long off)
{
	void *p;

	__asm__("" : "=r" (p) : "0" (off));
	return p;
}

static uint64_t
stck(void)
{
	uint64_t t;

	__asm__ __volatile__("stck %0" : "=Q" (t) : : "cc");
	return t;
}

static void
sckc(uint64_t t)
{

	__asm__ __volatile__("sckc %0" : : "Q" (t) : "memory");
}

static uint64_t
cr0_get(void)
{
	uint64_t v;

	__asm__ __volatile__("stctg 0,0,%0" : "=Q" (v));
	return v;
}

static void
cr0_set(uint64_t v)
{

	__asm__ __volatile__("lctlg 0,0,%0" : : "Q" (v) : "memory");
}

static uint16_t
stap(void)
{
	uint16_t a;

	__asm__ __volatile__("stap %0" : "=Q" (a));
	return a;
}

static int
servc(uint32_t cmd, void *sccb)
{
	int cc;

	__asm__ __volatile__(".insn rre,0xb2200000,%1,%2\n\t"
	    "ipm %0\n\t"
	    "srl %0,28"
	    : "=&d" (cc) : "d" ((unsigned long)cmd), "a" (sccb)
	    : "cc", "memory");
	return cc;
}

/* Start a service call and poll its SCCB until the SCLP answers. */
static uint16_t
sclp_call(uint32_t cmd, struct sccb_hdr *h)
{
	volatile uint16_t *resp = &h->response;

	*resp = 0;
	while (servc(cmd, h) == 2)
		continue;
	while (*resp == 0)
		continue;
	return *resp;
}

/* The ASCII console event is the one this kernel sends. */
static void
sclp_init(void)
{
	struct sccb_mask *m = &mask_sccb;
	uint16_t rc;

	m->h.length = sizeof(*m);
	m->masklen = 4;
	m->cp_send = SCLP_MASK_ASCII;
	if ((rc = sclp_call(SCLP_WRITE_MASK, &m->h)) != SCLP_RC_OK)
		cons_printf("# sclp write event mask: response 0x%x", rc);
}

void
md_putc(int ch)
{
	struct sccb_cons *s = &cons_sccb[md_cpu_index()];

	s->h.length = sizeof(s->h) + sizeof(s->e) + 1;
	s->h.function = 0;
	s->e.length = sizeof(s->e) + 1;
	s->e.type = SCLP_EV_ASCII;
	s->e.flags = 0;
	s->c = (char)ch;
	(void)sclp_call(SCLP_WRITE_DATA, &s->h);
}

int
md_intr_disable(void)
{
	uint8_t sm;

	__asm__ __volatile__("stnsm %0,0xfe" : "=Q" (sm) : : "memory");
	return (sm & PSW_SM_EXT) != 0;
}

void
md_intr_enable(void)
{
	uint8_t sm;

	__asm__ __volatile__("stosm %0,0x01" : "=Q" (sm) : : "memory");
}

int
md_intr_enabled(void)
{
	uint8_t sm;

	__asm__ __volatile__("stosm %0,0x00" : "=Q" (sm) : : "memory");
	return (sm & PSW_SM_EXT) != 0;
}

unsigned int
md_cpu_index(void)
{
	unsigned long v;

	__asm__ __volatile__("llgf %0,%1" : "=d" (v) : "i" (LC_CPUINDEX));
	return (unsigned int)v;
}

uint64_t
md_nanouptime(void)
{
	uint64_t d = stck() - tod_base;

	return (d >> TOD_US_SHIFT) * 1000 +
	    (((d & ((1UL << TOD_US_SHIFT) - 1)) * 1000) >> TOD_US_SHIFT);
}

void
md_timer_start(unsigned int hz)
{

	timer_period = (1000000UL / hz) << TOD_US_SHIFT;
	timer_on[md_cpu_index()] = 1;
	sckc(stck() + timer_period);
	cr0_set(cr0_get() | CR0_CKC_SC);
}

void
md_timer_stop(void)
{

	timer_on[md_cpu_index()] = 0;
	cr0_set(cr0_get() & ~CR0_CKC_SC);
	sckc(~0UL);			/* never */
}

/*
 * Stop every other CPU and wait until it is stopped: only then does
 * this CPU's end decide QEMU's exit.  A stop of the last CPU shuts
 * down (status 0); a disabled wait of the last one is a guest panic
 * (status 1 under -action panic=exit-failure).
 */
void
md_poweroff(int failed)
{
	unsigned int i, self = md_cpu_index();
	uint32_t st;
	int cc;

	(void)md_intr_disable();
	if (__atomic_exchange_n(&poweroff_once, 1, __ATOMIC_ACQ_REL))
		for (;;)		/* the first one stops us */
			continue;
	for (i = 0; i < __atomic_load_n(&md_ncpu, __ATOMIC_ACQUIRE); i++) {
		if (i == self)
			continue;
		while (s390_sigp(cpu_addr[i], SIGP_STOP, 0, &st) ==
		    SIGP_CC_BUSY)
			continue;
		do {
			st = 0;
			cc = s390_sigp(cpu_addr[i], SIGP_SENSE, 0, &st);
		} while (cc == SIGP_CC_BUSY || (cc == SIGP_CC_STATUS &&
		    (st & SIGP_STAT_STOPPED) == 0) || cc == 0);
	}
	if (!failed)
		while (s390_sigp(cpu_addr[self], SIGP_STOP, 0, &st) ==
		    SIGP_CC_BUSY)
			continue;
	s390_disabled_wait();
}

/* The new PSWs of a lowcore: every interrupt masked in the handler. */
static void
lowcore_init(uint8_t *lc, unsigned int idx)
{
	static const struct {
		unsigned int	off;
		char		*addr;
	} psws[] = {
		{ LC_RESTART_NEW,	cpu_spinup },
		{ LC_EXT_NEW,		s390_ext_entry },
		{ LC_SVC_NEW,		s390_svc_entry },
		{ LC_PGM_NEW,		s390_pgm_entry },
		{ LC_MCCK_NEW,		s390_mcck_entry },
		{ LC_IO_NEW,		s390_io_entry },
	};
	volatile uint64_t *p;
	size_t i;

	for (i = 0; i < sizeof(psws) / sizeof(psws[0]); i++) {
		p = (volatile uint64_t *)(lc + psws[i].off);
		p[0] = PSW_MASK_64;
		p[1] = (uint64_t)(uintptr_t)psws[i].addr;
	}
	*(volatile uint32_t *)(lc + LC_CPUINDEX) = idx;
}

/* Each CPU, on its boot stack, every interrupt masked. */
void
s390_cpu_boot(unsigned int idx)
{

	if (idx == 0) {
		lowcore_init(lowcore(0), 0);
		cpu_addr[0] = stap();
		tod_base = stck();
		sclp_init();
	}
	cr0_set(cr0_get() & ~CR0_CKC_SC);
	bm_main(idx);
}

/* Every other CPU address, until SIGP finds none. */
unsigned int
md_start_cpus(void)
{
	unsigned int n = 1, a;
	uint8_t *lc;
	uint32_t st;
	int cc;

	for (a = 0; a < MAXCPU_ADDR && n < MAXCPU_MD; a++) {
		if (a == cpu_addr[0])
			continue;
		while ((cc = s390_sigp(a, SIGP_SENSE, 0, &st)) ==
		    SIGP_CC_BUSY)
			continue;
		if (cc == SIGP_CC_NOTOP)
			break;
		lc = lowcores[n];
		lowcore_init(lc, n);
		cpu_addr[n] = (uint16_t)a;
		while ((cc = s390_sigp(a, SIGP_SET_PREFIX,
		    (unsigned long)lc, &st)) == SIGP_CC_BUSY)
			continue;
		if (cc != 0) {
			cons_printf("# cpu address %u: set prefix cc %d "
			    "status 0x%x", a, cc, st);
			break;
		}
		while ((cc = s390_sigp(a, SIGP_RESTART, 0, &st)) ==
		    SIGP_CC_BUSY)
			continue;
		if (cc != 0) {
			cons_printf("# cpu address %u: restart cc %d "
			    "status 0x%x", a, cc, st);
			break;
		}
		n++;
	}
	__atomic_store_n(&md_ncpu, n, __ATOMIC_RELEASE);
	return n;
}

void *
md_thread_init(void *stacktop, void (*fn)(void *), void *arg)
{
	/* md_switch's r6-r14 below the first call's 160-byte area. */
	uint64_t *sp = (uint64_t *)((char *)stacktop - 160) - 9;
	int i;

	for (i = 0; i < 9; i++)
		sp[i] = 0;
	sp[0] = (uint64_t)(uintptr_t)fn;			/* r6 */
	sp[1] = (uint64_t)(uintptr_t)arg;			/* r7 */
	sp[8] = (uint64_t)(uintptr_t)s390_thread_tramp;	/* r14 */
	return sp;
}

/*
 * An interrupt, on the interrupted thread's stack.  The clock
 * comparator is set again (which withdraws its interrupt) before
 * bm_intr_exit(), which may switch threads.
 */
void
s390_trap(long kind, struct trapframe *tf)
{
	static const char *const what[] = { "external interrupt",
	    "supervisor call", "program check", "machine check",
	    "I/O interrupt" };
	unsigned int code = 0;

	if (kind == TRAP_EXT) {
		code = *(volatile uint16_t *)lowcore(LC_EXT_CODE);
		if (code == EXT_CLOCK_COMP) {
			bm_intr_enter();
			if (timer_on[md_cpu_index()])
				sckc(stck() + timer_period);
			else
				sckc(~0UL);
			bm_tick();
			bm_intr_exit();
			return;
		}
	}
	if (kind == TRAP_PGM) {
		code = *(volatile uint16_t *)lowcore(LC_PGM_CODE);
		cons_printf("# s390x program check 0x%x ilc %u "
		    "translation 0x%lx", code,
		    *(volatile uint16_t *)lowcore(LC_PGM_ILC),
		    (unsigned long)*(volatile uint64_t *)
		    lowcore(LC_TRANS_EXC));
	}
	cons_printf("# s390x psw 0x%016lx 0x%016lx r14 0x%lx r15 0x%lx",
	    (unsigned long)tf->tf_pswmask, (unsigned long)tf->tf_pswaddr,
	    (unsigned long)tf->tf_gpr[14],
	    (unsigned long)((uintptr_t)tf + sizeof(*tf)));
	bm_trap(what[kind], (uintptr_t)tf->tf_pswaddr, code);
}
