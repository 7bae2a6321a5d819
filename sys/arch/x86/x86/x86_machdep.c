/*	$simplelock: x86/x86_machdep.c $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * The bare-metal kernel on QEMU's PC (-M pc), for amd64 and i386: COM1,
 * the local APIC timer calibrated on the HPET, the TSC as the clock,
 * INIT-SIPI-SIPI, isa-debug-exit, and the per-CPU register (GS base on
 * amd64, a per-CPU %fs segment on i386).  Each machine's locore.S has
 * the entry, the vectors and the context switch.
 */

#include <stddef.h>
#include <stdint.h>

#include <sys/lock.h>
#include <sys/platform.h>
#include <baremetal/md.h>

/* <machine/lock.h> takes lock_stubs.S's out-of-line lock only so. */
#ifndef _HARDKERNEL
#error "not built as a bare-metal kernel: lock_stubs.S would go unused"
#endif

#define	COM1		0x3f8
#define	DEBUG_EXIT	0xf4		/* -device isa-debug-exit,iobase=0xf4 */
#define	CMOS_ADDR	0x70
#define	CMOS_DATA	0x71
#define	CMOS_QEMU_NCPU	0x5f		/* QEMU: CPUs - 1, for SeaBIOS */
#define	BDA_EBDA_SEG	0x40e		/* BIOS data area: EBDA segment */
#define	MADT_LAPIC	0		/* processor local APIC */
#define	MADT_X2APIC	9		/* processor local x2APIC */
#define	MADT_ENABLED	0x1
#define	PIC1_DATA	0x21
#define	PIC2_DATA	0xa1

#define	LAPIC_BASE	0xfee00000UL
#define	LAPIC_TPR	0x080
#define	LAPIC_EOI	0x0b0
#define	LAPIC_SVR	0x0f0
#define	LAPIC_ICR_LO	0x300
#define	LAPIC_ICR_HI	0x310
#define	LAPIC_LVT_TMR	0x320
#define	LAPIC_TMR_INIT	0x380
#define	LAPIC_TMR_CUR	0x390
#define	LAPIC_TMR_DIV	0x3e0
#define	LAPIC_SVR_ON	0x100
#define	LVT_MASKED	(1U << 16)
#define	LVT_PERIODIC	(1U << 17)
#define	ICR_PENDING	(1U << 12)
#define	ICR_ALLBUTSELF	0x000c0000U	/* shorthand, level assert */
#define	ICR_INIT	0x00000500U
#define	ICR_STARTUP	0x00000600U

#define	HPET_BASE	0xfed00000UL
#define	HPET_PERIOD	0x004		/* high half of capabilities: fs */
#define	HPET_CONFIG	0x010
#define	HPET_COUNTER	0x0f0

#define	MSR_GSBASE	0xc0000101U

#define	VEC_TIMER	0x20
#define	VEC_SPURIOUS	0xff
#define	TRAMP_PA	0x8000		/* SIPI vector 0x08 */

#define	SEL_KCODE	0x08
#define	GDT_CPU0	3		/* i386: first per-CPU %fs segment */

#ifdef __x86_64__
#define	GDT_KCODE	0x00af9a000000ffffULL	/* 64-bit code */
#else
#define	GDT_KCODE	0x00cf9a000000ffffULL	/* 32-bit flat code */
#endif
#define	GDT_KDATA	0x00cf92000000ffffULL	/* flat data */

#define	LAPIC(r)	(*(volatile uint32_t *)(LAPIC_BASE + (r)))
#define	HPET(r)		(*(volatile uint32_t *)(HPET_BASE + (r)))

/*
 * Per-CPU data, found through the per-CPU register.  Only the index
 * lives here: the rest of a CPU's state is the MI kernel's.
 */
struct x86_cpu {
	unsigned int	xc_index;
} __attribute__((__aligned__(64)));

/* locore.S */
extern char	x86_tramp[], x86_tramp_end[];
extern char	x86_timer_vector[], x86_spurious_vector[], x86_thread_start[];
extern const uintptr_t x86_trap_vectors[32];
extern unsigned int x86_ap_next;

unsigned int	md_ncpu = 1;
char		x86_boot_stacks[MAXCPUS][BM_STACK_SIZE]
		    __attribute__((__aligned__(16)));
/* locore.S loads the first three entries; x86_cpu_attach all of it. */
uint64_t	x86_gdt[GDT_CPU0 + MAXCPUS] __attribute__((__aligned__(16))) = {
	0, GDT_KCODE, GDT_KDATA,
};

static struct x86_cpu	x86_cpus[MAXCPUS];
static uint64_t		tsc_boot, lapic_per_ms;
static uint64_t		tsc_per_ms = 1000000;	/* a guess until calibrated */

static __inline void
outb(uint16_t port, uint8_t v)
{
	__asm__ __volatile__("outb %0, %1" : : "a" (v), "Nd" (port));
}

static __inline uint8_t
inb(uint16_t port)
{
	uint8_t v;

	__asm__ __volatile__("inb %1, %0" : "=a" (v) : "Nd" (port));
	return v;
}

static __inline void
outl(uint16_t port, uint32_t v)
{
	__asm__ __volatile__("outl %0, %1" : : "a" (v), "Nd" (port));
}

static __inline uint64_t
rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a" (lo), "=d" (hi) : : "memory");
	return (uint64_t)hi << 32 | lo;
}

static __inline unsigned long
read_flags(void)
{
	unsigned long f;

	__asm__ __volatile__("pushf; pop %0" : "=r" (f) : : "memory");
	return f;
}

#define	PSL_I	0x200UL

/*
 * The console: COM1, polled.  QEMU needs no baud rate, but a real
 * 16550 does, and the interrupts must be off either way.
 */
static void
com_init(void)
{
	outb(COM1 + 1, 0x00);		/* IER: no interrupts */
	outb(COM1 + 3, 0x80);		/* LCR: DLAB */
	outb(COM1 + 0, 0x01);		/* 115200 */
	outb(COM1 + 1, 0x00);
	outb(COM1 + 3, 0x03);		/* 8N1 */
	outb(COM1 + 2, 0x07);		/* FIFO on, cleared */
}

void
md_putc(int c)
{
	while ((inb(COM1 + 5) & 0x20) == 0)	/* LSR: THR empty */
		__asm__ __volatile__("pause");
	outb(COM1, (uint8_t)c);
}

int
md_intr_disable(void)
{
	unsigned long f;

	__asm__ __volatile__("pushf; pop %0; cli" : "=r" (f) : : "memory");
	return (f & PSL_I) != 0;
}

void
md_intr_enable(void)
{
	__asm__ __volatile__("sti" : : : "memory");
}

int
md_intr_enabled(void)
{
	return (read_flags() & PSL_I) != 0;
}

/*
 * One instruction from the per-CPU register; no lock, no stack.  The
 * register is set once per CPU (x86_cpu_attach) and never switched.
 */
unsigned int
md_cpu_index(void)
{
	unsigned int i;

#ifdef __x86_64__
	__asm__ __volatile__("movl %%gs:0, %0" : "=r" (i));
#else
	__asm__ __volatile__("movl %%fs:0, %0" : "=r" (i));
#endif
	return i;
}

/* QEMU's TSC is the host's: the same on every vCPU and monotonic. */
uint64_t
md_nanouptime(void)
{
	uint64_t t = rdtsc() - tsc_boot;

	return t / tsc_per_ms * 1000000U +
	    t % tsc_per_ms * 1000000U / tsc_per_ms;
}

static void
delay_us(uint64_t us)
{
	uint64_t end = rdtsc() + tsc_per_ms * us / 1000;

	while (rdtsc() < end)
		__asm__ __volatile__("pause");
}

/*
 * Count the TSC and the LAPIC timer (divided by 16, one-shot from the
 * top) over 10 ms of the HPET, whose period it states in femtoseconds.
 */
static void
clock_calibrate(void)
{
	uint64_t ticks, t0, t1;
	uint32_t h0, l0, l1, fs;

	fs = HPET(HPET_PERIOD);
	if (fs == 0 || fs > 100000000U)
		bm_trap("no HPET", 0, fs);
	HPET(HPET_CONFIG) |= 1;			/* counter on */
	ticks = 10000000000000ULL / fs;		/* 10 ms */
	LAPIC(LAPIC_TMR_DIV) = 0x3;		/* divide by 16 */
	LAPIC(LAPIC_LVT_TMR) = LVT_MASKED | VEC_TIMER;
	h0 = HPET(HPET_COUNTER);
	while (HPET(HPET_COUNTER) == h0)	/* start on an edge */
		continue;
	h0 = HPET(HPET_COUNTER);
	LAPIC(LAPIC_TMR_INIT) = 0xffffffffU;
	l0 = LAPIC(LAPIC_TMR_CUR);
	t0 = rdtsc();
	while ((uint32_t)(HPET(HPET_COUNTER) - h0) < ticks)
		continue;
	t1 = rdtsc();
	l1 = LAPIC(LAPIC_TMR_CUR);
	LAPIC(LAPIC_TMR_INIT) = 0;
	tsc_per_ms = (t1 - t0) / 10;
	lapic_per_ms = (uint64_t)(l0 - l1) / 10;
	if (tsc_per_ms == 0 || lapic_per_ms == 0)
		bm_trap("clock calibration", 0, (uintptr_t)lapic_per_ms);
}

void
md_timer_start(unsigned int hz)
{
	uint64_t n = lapic_per_ms * 1000 / hz;

	LAPIC(LAPIC_TMR_DIV) = 0x3;
	LAPIC(LAPIC_LVT_TMR) = LVT_PERIODIC | VEC_TIMER;
	LAPIC(LAPIC_TMR_INIT) = n > 0 ? (uint32_t)n : 1;
}

void
md_timer_stop(void)
{
	LAPIC(LAPIC_LVT_TMR) = LVT_MASKED | VEC_TIMER;
	LAPIC(LAPIC_TMR_INIT) = 0;
}

/*
 * With interrupts on, hlt waits for the next one.  Masked, sti; hlt:
 * sti's one-instruction shadow covers the hlt, so an interrupt already
 * pending ends the wait instead of being taken just before it; the
 * caller's mask is restored after.
 */
void
md_idle(void)
{
	if (read_flags() & PSL_I)
		__asm__ __volatile__("hlt" : : : "memory");
	else
		__asm__ __volatile__("sti; hlt; cli" : : : "memory");
}

/* isa-debug-exit: qemu exits with (value << 1) | 1, so 1 or 3. */
void
md_poweroff(int failed)
{
	outl(DEBUG_EXIT, failed ? 1 : 0);
	for (;;)
		__asm__ __volatile__("cli; hlt");
}

/* The timer interrupt: the EOI goes before bm_intr_exit may switch. */
void
x86_timer_intr(void)
{
	bm_intr_enter();
	bm_tick();
	LAPIC(LAPIC_EOI) = 0;
	bm_intr_exit();
}

static const char *const trap_names[32] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow",
	"bound range", "invalid opcode", "device not available",
	"double fault", "coprocessor overrun", "invalid TSS",
	"segment not present", "stack fault", "general protection",
	"page fault", "trap 15", "x87 error", "alignment check",
	"machine check", "SIMD error", "virtualisation", "control protection",
	"trap 22", "trap 23", "trap 24", "trap 25", "trap 26", "trap 27",
	"trap 28", "trap 29", "trap 30", "trap 31",
};

/* An exception: vector, error code (the address for a page fault), pc. */
void
x86_trap(uintptr_t vec, uintptr_t err, uintptr_t pc)
{
	uintptr_t info = err;

	if (vec == 14)
		__asm__ __volatile__("mov %%cr2, %0" : "=r" (info));
	bm_trap(trap_names[vec & 31], pc, info);
}

struct gate {
	uint16_t	g_off_lo;
	uint16_t	g_sel;
	uint8_t		g_ist;
	uint8_t		g_type;
	uint16_t	g_off_mid;
#ifdef __x86_64__
	uint32_t	g_off_hi;
	uint32_t	g_zero;
#endif
} __attribute__((__packed__));

static struct gate	x86_idt[256] __attribute__((__aligned__(16)));

struct pseudo_desc {
	uint16_t	pd_limit;
	uintptr_t	pd_base;
} __attribute__((__packed__));

static void
set_gate(unsigned int vec, const void *fn)
{
	uintptr_t a = (uintptr_t)fn;
	struct gate *g = &x86_idt[vec];

	g->g_off_lo = (uint16_t)a;
	g->g_sel = SEL_KCODE;
	g->g_ist = 0;
	g->g_type = 0x8e;		/* present, ring 0, interrupt gate */
	g->g_off_mid = (uint16_t)(a >> 16);
#ifdef __x86_64__
	g->g_off_hi = (uint32_t)(a >> 32);
	g->g_zero = 0;
#endif
}

#ifndef __x86_64__
/* i386: a flat data segment whose base is this CPU's x86_cpu. */
static void
set_cpu_segment(unsigned int i)
{
	uintptr_t b = (uintptr_t)&x86_cpus[i];
	uint64_t d;

	d = 0xffffU;					/* limit 15:0 */
	d |= (uint64_t)(b & 0xffffffU) << 16;		/* base 23:0 */
	d |= (uint64_t)0x92 << 40;			/* present, data, rw */
	d |= (uint64_t)0x0 << 48;			/* limit 19:16, byte */
	d |= (uint64_t)0x4 << 52;			/* 32-bit */
	d |= (uint64_t)(b >> 24) << 56;			/* base 31:24 */
	x86_gdt[GDT_CPU0 + i] = d;
}
#endif

/*
 * This CPU's own setup: IDT, per-CPU register, local APIC on with its
 * timer masked until the MI kernel starts it.
 */
static void
x86_cpu_attach(unsigned int i)
{
	struct pseudo_desc idtr = { sizeof(x86_idt) - 1, (uintptr_t)x86_idt };
	struct pseudo_desc gdtr = { sizeof(x86_gdt) - 1, (uintptr_t)x86_gdt };
	struct x86_cpu *xc = &x86_cpus[i];

	xc->xc_index = i;
	__asm__ __volatile__("lgdt %0" : : "m" (gdtr) : "memory");
	__asm__ __volatile__("lidt %0" : : "m" (idtr) : "memory");
#ifdef __x86_64__
	__asm__ __volatile__("wrmsr" : : "c" (MSR_GSBASE),
	    "a" ((uint32_t)(uintptr_t)xc),
	    "d" ((uint32_t)((uintptr_t)xc >> 32)) : "memory");
#else
	set_cpu_segment(i);
	__asm__ __volatile__("movw %w0, %%fs" : :
	    "r" ((GDT_CPU0 + i) << 3) : "memory");
#endif
	LAPIC(LAPIC_TPR) = 0;
	LAPIC(LAPIC_LVT_TMR) = LVT_MASKED | VEC_TIMER;
	LAPIC(LAPIC_SVR) = LAPIC_SVR_ON | VEC_SPURIOUS;
}

static void
lapic_ipi(uint32_t lo)
{
	LAPIC(LAPIC_ICR_HI) = 0;
	LAPIC(LAPIC_ICR_LO) = lo;
	while (LAPIC(LAPIC_ICR_LO) & ICR_PENDING)
		__asm__ __volatile__("pause");
}

/*
 * Broadcast INIT, then STARTUP twice (the MP specification's
 * sequence).  Each AP runs the trampoline, takes the next index from
 * x86_ap_next and its boot stack, and comes to x86_ap_main.  Wait
 * until all md_ncpu have counted themselves in, or 10 s (vCPUs are host
 * threads: a loaded host can be slow to run one).
 */
unsigned int
md_start_cpus(void)
{
	const char *s;
	char *d;
	unsigned int n;
	uint64_t end;

	if (md_ncpu == 1)
		return 1;
	for (s = x86_tramp, d = (char *)TRAMP_PA; s < x86_tramp_end; )
		*d++ = *s++;
	lapic_ipi(ICR_ALLBUTSELF | ICR_INIT);
	delay_us(10000);
	lapic_ipi(ICR_ALLBUTSELF | ICR_STARTUP | (TRAMP_PA >> 12));
	delay_us(200);
	lapic_ipi(ICR_ALLBUTSELF | ICR_STARTUP | (TRAMP_PA >> 12));
	end = rdtsc() + tsc_per_ms * 10000;
	while ((n = __atomic_load_n(&x86_ap_next, __ATOMIC_ACQUIRE)) <
	    md_ncpu && rdtsc() < end)
		__asm__ __volatile__("pause");
	if (n < md_ncpu)
		__atomic_store_n(&md_ncpu, n, __ATOMIC_RELEASE);
	return md_ncpu;
}

/*
 * A new thread's first frame, as md_switch (locore.S) pops it: the
 * callee-saved registers, then x86_thread_start as the return address,
 * which calls fn(arg) from two of them.
 */
void *
md_thread_init(void *stacktop, void (*fn)(void *), void *arg)
{
	uintptr_t *sp = (uintptr_t *)((uintptr_t)stacktop & ~(uintptr_t)15);

	*--sp = 0;				/* no return from fn */
	*--sp = (uintptr_t)x86_thread_start;
#ifdef __x86_64__
	*--sp = 0;				/* %rbp */
	*--sp = 0;				/* %rbx */
	*--sp = (uintptr_t)arg;			/* %r12 */
	*--sp = (uintptr_t)fn;			/* %r13 */
	*--sp = 0;				/* %r14 */
	*--sp = 0;				/* %r15 */
#else
	*--sp = 0;				/* %ebp */
	*--sp = 0;				/* %ebx */
	*--sp = (uintptr_t)fn;			/* %esi */
	*--sp = (uintptr_t)arg;			/* %edi */
#endif
	return sp;
}

/* An AP, on x86_boot_stacks[i], interrupts masked. */
void
x86_ap_main(unsigned int i)
{
	if (i >= md_ncpu) {		/* too late: md_start_cpus gave up */
		for (;;)
			__asm__ __volatile__("cli; hlt");
	}
	x86_cpu_attach(i);
	bm_main(i);
}

/*
 * The CPUs: those ACPI's MADT lists as enabled, as a kernel counts
 * them.  The RSDP is in the EBDA's first KiB or in the BIOS area
 * 0xe0000-0xfffff, on a 16-byte boundary, with a zero checksum.
 */
static const uint8_t *
phys(uintptr_t pa)
{
	const uint8_t *p;

	/* Hide the constant from gcc, which warns on low addresses. */
	__asm__("" : "=r" (p) : "0" (pa));
	return p;
}

static __inline uint32_t
le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static int
sig_is(const uint8_t *p, const char *sig)
{
	while (*sig != '\0')
		if (*p++ != (uint8_t)*sig++)
			return 0;
	return 1;
}

static const uint8_t *
rsdp_find(uintptr_t pa, uintptr_t len)
{
	const uint8_t *p = phys(pa), *end = p + len;
	uint8_t sum;
	int i;

	for (; p < end; p += 16) {
		if (!sig_is(p, "RSD PTR "))
			continue;
		for (sum = 0, i = 0; i < 20; i++)
			sum += p[i];
		if (sum == 0)
			return p;
	}
	return NULL;
}

static unsigned int
acpi_ncpu(void)
{
	const uint8_t *rsdp, *rsdt, *madt, *e, *end;
	uintptr_t ebda = (uintptr_t)(phys(BDA_EBDA_SEG)[0] |
	    phys(BDA_EBDA_SEG)[1] << 8) << 4;
	uint32_t i, len;
	unsigned int n = 0;

	rsdp = ebda != 0 ? rsdp_find(ebda, 1024) : NULL;
	if (rsdp == NULL)
		rsdp = rsdp_find(0xe0000, 0x20000);
	if (rsdp == NULL)
		return 0;
	rsdt = phys(le32(rsdp + 16));
	len = le32(rsdt + 4);
	for (i = 36; i + 4 <= len; i += 4) {
		madt = phys(le32(rsdt + i));
		if (!sig_is(madt, "APIC"))
			continue;
		end = madt + le32(madt + 4);
		for (e = madt + 44; e + 2 <= end && e[1] >= 2; e += e[1]) {
			if ((e[0] == MADT_LAPIC && (le32(e + 4) &
			    MADT_ENABLED)) || (e[0] == MADT_X2APIC &&
			    (le32(e + 8) & MADT_ENABLED)))
				n++;
		}
		break;
	}
	return n;
}

/* The boot CPU, from locore.S, on x86_boot_stacks[0]. */
void
x86_init(void)
{
	unsigned int v, n;

	com_init();
	/* SeaBIOS's serial console ends mid-line ("Booting from ROM.."). */
	md_putc('\r');
	md_putc('\n');
	/* SeaBIOS leaves the 8259s on vectors 8-15 with the PIT ticking. */
	outb(PIC1_DATA, 0xff);
	outb(PIC2_DATA, 0xff);
	for (v = 0; v < 32; v++)
		set_gate(v, (const void *)x86_trap_vectors[v]);
	set_gate(VEC_TIMER, x86_timer_vector);
	set_gate(VEC_SPURIOUS, x86_spurious_vector);
	x86_cpu_attach(0);
	tsc_boot = rdtsc();
	clock_calibrate();
	/* Without ACPI, QEMU's own count, where SeaBIOS finds it. */
	if ((n = acpi_ncpu()) == 0) {
		outb(CMOS_ADDR, CMOS_QEMU_NCPU);
		n = inb(CMOS_DATA) + 1U;
	}
	md_ncpu = n < MAXCPUS ? n : MAXCPUS;
	bm_main(0);
}
