/*	$simplelock: baremetal/bm_platform.c $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * <sys/platform.h> on real CPUs: spl(9) is the CPU's interrupt mask,
 * cpu_number() its per-CPU register, and every CPU takes a periodic
 * timer interrupt.  bm_main() brings the CPUs up and starts the test
 * program on CPU 0.
 */

#include <stddef.h>
#include <stdint.h>

#include <sys/lock.h>
#include <sys/platform.h>

#include "bm_kern.h"

#define	LD(x)		__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define	ST(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_RELAXED)

#ifndef IPL_NONE
#define	IPL_NONE	0
#define	IPL_HIGH	1
#endif

void	bm_sched_tick(struct bm_cpu *);
void	bm_idle(void) __attribute__((__noreturn__));

static unsigned int	bm_ncpu_up;

/*
 * spl(9).  The negative control BM_BREAK_SPL reports the level but
 * masks nothing: the tests must notice.
 */
int
splhigh(void)
{

#ifdef BM_BREAK_SPL
	return md_intr_enabled() ? IPL_NONE : IPL_HIGH;
#else
	return md_intr_disable() ? IPL_NONE : IPL_HIGH;
#endif
}

/* Two levels: raising to anything above IPL_NONE is splhigh(). */
int
splraise(int ipl)
{

	if (ipl > IPL_NONE)
		return splhigh();
	return md_intr_enabled() ? IPL_NONE : IPL_HIGH;
}

void
splx(int s)
{

	if (s == IPL_NONE)
		md_intr_enable();
	else
		(void)md_intr_disable();
}

int
intr_enabled(void)
{

	return md_intr_enabled();
}

unsigned int
cpu_number(void)
{

	return md_cpu_index();
}

unsigned int
cpu_count(void)
{

	return __atomic_load_n(&md_ncpu, __ATOMIC_RELAXED);
}

unsigned int
cpu_index_max(void)
{

	return __atomic_load_n(&md_ncpu, __ATOMIC_RELAXED);
}

uint64_t
nanouptime(void)
{

	return md_nanouptime();
}

bm_count_t
bm_ticks(unsigned int cpu)
{

	return LD(bm_cpus[cpu].c_ticks);
}

void
bm_set_tick_hook(unsigned int cpu, void (*fn)(void *), void *arg)
{
	struct bm_cpu *c = &bm_cpus[cpu];

	/* Clear first: the handler never sees a new fn with an old arg. */
	__atomic_store_n(&c->c_tickfn, (void (*)(void *))NULL,
	    __ATOMIC_SEQ_CST);
	__atomic_store_n(&c->c_tickarg, arg, __ATOMIC_SEQ_CST);
	__atomic_store_n(&c->c_tickfn, fn, __ATOMIC_SEQ_CST);
}

/* The watchdog. */
static const char	*wd_line;
static bm_count_t	wd_deadline;	/* CPU 0's ticks */
static bm_count_t	wd_deadline_ms;	/* any CPU's clock, a margin on */
static int		wd_fired;

void
bm_watchdog(unsigned int ticks, const char *line)
{

	if (line == NULL) {
		__atomic_store_n(&wd_line, (const char *)NULL,
		    __ATOMIC_RELEASE);
		return;
	}
	__atomic_store_n(&wd_line, (const char *)NULL, __ATOMIC_RELEASE);
	ST(wd_deadline, bm_ticks(0) + ticks);
	ST(wd_deadline_ms, (bm_count_t)(md_nanouptime() / 1000000) +
	    (bm_count_t)ticks * 1000 / BM_HZ + 1000);
	__atomic_store_n(&wd_line, line, __ATOMIC_RELEASE);
}

static void
wd_check(unsigned int cpu)
{
	const char *line = __atomic_load_n(&wd_line, __ATOMIC_ACQUIRE);
	unsigned int i;

	if (line == NULL)
		return;
	/*
	 * CPU 0 counts its ticks; under an overloaded host a vCPU takes
	 * fewer than it should, so the clock, a second later, also
	 * counts, on every CPU (CPU 0 may be stuck with interrupts off).
	 */
	if ((cpu != 0 || LD(bm_cpus[0].c_ticks) < LD(wd_deadline)) &&
	    (long)((bm_count_t)(md_nanouptime() / 1000000) -
	    LD(wd_deadline_ms)) < 0)
		return;
	if (__atomic_exchange_n(&wd_fired, 1, __ATOMIC_ACQ_REL))
		return;
	cons_printf("%s", line);
	for (i = 0; i < md_ncpu; i++) {
		struct proc *p = bm_cpus[i].c_curproc;

		cons_printf("# watchdog on cpu %u: cpu %u ticks %lu running "
		    "%s (pid %d)", cpu, i, (unsigned long)bm_ticks(i),
		    p == &bm_cpus[i].c_idle ? "idle" : p->p_name, p->p_pid);
	}
	md_poweroff(1);
}

/* The timer interrupt, interrupts masked. */
void
bm_tick(void)
{
	unsigned int cpu = md_cpu_index();
	struct bm_cpu *c = &bm_cpus[cpu];
	void (*fn)(void *);

	ST(c->c_ticks, LD(c->c_ticks) + 1);
	fn = __atomic_load_n(&c->c_tickfn, __ATOMIC_ACQUIRE);
	if (fn != NULL)
		(*fn)(__atomic_load_n(&c->c_tickarg, __ATOMIC_ACQUIRE));
	bm_sched_tick(c);
	wd_check(cpu);
}

void
bm_trap(const char *what, uintptr_t pc, uintptr_t info)
{

	panic("trap: %s at pc 0x%lx (0x%lx) on cpu %u", what,
	    (unsigned long)pc, (unsigned long)info, md_cpu_index());
}

static void
cpu_init(unsigned int cpu)
{
	struct bm_cpu *c = &bm_cpus[cpu];

	c->c_idle.p_pid = (int)cpu + 1;
	c->c_idle.p_pri = BM_PRI_IDLE;
	c->c_idle.p_state = BM_PRUN;
	c->c_idle.p_cpu = cpu;
	c->c_idle.p_name = "idle";
	c->c_curproc = &c->c_idle;
	c->c_qlock = 0;
}

void
bm_main(unsigned int cpu)
{
	unsigned int n;

	cpu_init(cpu);
	if (cpu == 0) {
		n = md_start_cpus();
		__atomic_store_n(&md_ncpu, n, __ATOMIC_RELEASE);
		/* Each CPU counts itself in once it can take threads. */
		while (__atomic_load_n(&bm_ncpu_up, __ATOMIC_ACQUIRE) !=
		    n - 1)
			SPINLOCK_BACKOFF_HOOK;
		md_timer_start(BM_HZ);
		(void)bm_thread_create("main", 0, PRI_NORMAL, bm_tests_main,
		    NULL);
	} else {
		__atomic_fetch_add(&bm_ncpu_up, 1, __ATOMIC_RELEASE);
		md_timer_start(BM_HZ);
	}
	bm_idle();
}
