/*	$simplelock: tests/kernel/kt_main.c $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * The in-kernel test runner: every case of every program, each in its
 * own kernel thread on CPU 0, under the watchdog; TAP on the console;
 * then power off with the verdict.  Also the ATF-shaped shim's
 * functions (atf-c.h, pthread.h, signal.h, sys/time.h).
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <atf-c.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/time.h>

#include "bm_kern.h"
#include "kt.h"

/* The programs, in the order they run; a missing one is left out. */
#define	KT_PROG(n)							\
	int kt_tp_ ## n(struct kt_tp *) __attribute__((__weak__))
KT_PROG(t_lock);
KT_PROG(sched);
KT_PROG(lock9);
KT_PROG(rqspin);
KT_PROG(bpf);
KT_PROG(torture);

static const struct {
	const char	*name;
	int		(*add)(struct kt_tp *);
} kt_progs[] = {
	{ "t_lock", kt_tp_t_lock },
	{ "sched", kt_tp_sched },
	{ "lock9", kt_tp_lock9 },
	{ "rqspin", kt_tp_rqspin },
	{ "bpf", kt_tp_bpf },
	{ "torture", kt_tp_torture },
};
#define	KT_NPROGS	(sizeof(kt_progs) / sizeof(kt_progs[0]))

static struct kt_tp	kt_tps[KT_NPROGS];

#define	KT_SLOW_MS	1000		/* a case this long is named */
#ifndef KT_DEFAULT_TIMEOUT		/* the negative controls' is short */
#define	KT_DEFAULT_TIMEOUT	30	/* seconds of CPU 0's timer */
#endif
#ifndef KT_MAX_TIMEOUT			/* a case that asks for longer */
#define	KT_MAX_TIMEOUT		90	/* (the host's limit is 240 s) */
#endif

static volatile int	kt_failed;	/* the running case */
static volatile int	kt_skipped;
static char		kt_skipmsg[128];
static struct proc	*kt_case_proc;

/*
 * A contending case's work: a tenth with more CPUs than a 2-core host
 * has, where each handoff may wait for the host to run a vCPU (-smp 4
 * stays short; the heavy contention runs at -smp 2).
 */
long
kt_work(long n)
{

	return cpu_count() > 2 ? n / 10 : n;
}

void
kt_add_tc(struct kt_tp *tp, struct kt_tc *tc)
{

	if (tp->tp_ntcs < (int)(sizeof(tp->tp_tcs) / sizeof(tp->tp_tcs[0])))
		tp->tp_tcs[tp->tp_ntcs++] = tc;
	else
		panic("kt_add_tc: too many cases in %s", tp->tp_name);
}

static unsigned int
kt_atou(const char *s)
{
	unsigned int v = 0;

	while (*s >= '0' && *s <= '9')
		v = v * 10 + (unsigned int)(*s++ - '0');
	return v;
}

void
kt_set_md_var(struct kt_tc *tc, const char *key, const char *val)
{

	if (strcmp(key, "timeout") == 0)
		tc->tc_timeout = kt_atou(val);
	else if (strcmp(key, "descr") == 0)
		tc->tc_descr = val;
	else if (strcmp(key, "kt.mincpus") == 0)
		tc->tc_mincpus = kt_atou(val);
}

void
kt_fail(int fatal, const char *file, int line, const char *fmt, ...)
{
	char msg[256];
	const char *f;
	va_list ap;

	va_start(ap, fmt);
	(void)bm_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	for (f = file; *file != '\0'; file++)
		if (*file == '/')
			f = file + 1;
	cons_printf("# %s:%d: %s", f, line, msg);
	kt_failed = 1;
	if (fatal)
		bm_thread_exit();
}

void
kt_skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)bm_vsnprintf(kt_skipmsg, sizeof(kt_skipmsg), fmt, ap);
	va_end(ap);
	kt_skipped = 1;
	bm_thread_exit();
}

int
kt_case_failed(void)
{

	return kt_failed;
}

/* pthread_create/join: kernel threads, round-robin over the CPUs. */
struct kt_pthread {
	void		*(*pt_fn)(void *);
	void		*pt_arg;
	struct proc	*pt_proc;
	int		pt_used;
};
static struct kt_pthread	kt_pthreads[BM_NTHREADS];
static unsigned int		kt_nextcpu;

static void
kt_pthread_start(void *arg)
{
	struct kt_pthread *pt = arg;

	(void)(*pt->pt_fn)(pt->pt_arg);
}

int
pthread_create(pthread_t *tp, const pthread_attr_t *attr,
    void *(*fn)(void *), void *arg)
{
	struct kt_pthread *pt = NULL;
	unsigned int i, cpu;

	(void)attr;
	for (i = 0; i < BM_NTHREADS; i++)
		if (__atomic_exchange_n(&kt_pthreads[i].pt_used, 1,
		    __ATOMIC_ACQUIRE) == 0) {
			pt = &kt_pthreads[i];
			break;
		}
	if (pt == NULL)
		return 11;	/* EAGAIN */
	pt->pt_fn = fn;
	pt->pt_arg = arg;
	cpu = (cpu_number() + 1 +
	    __atomic_fetch_add(&kt_nextcpu, 1, __ATOMIC_RELAXED)) % cpu_count();
	pt->pt_proc = bm_thread_create("pthread", cpu, PRI_NORMAL,
	    kt_pthread_start, pt);
	*tp = pt;
	return 0;
}

int
pthread_join(pthread_t pt, void **ret)
{

	bm_thread_join(pt->pt_proc);
	if (ret != NULL)
		*ret = NULL;
	__atomic_store_n(&pt->pt_used, 0, __ATOMIC_RELEASE);
	return 0;
}

/* SIGVTALRM: run by the timer interrupt of the CPU that armed it. */
static void	(*kt_sigvtalrm)(int);
static volatile unsigned int kt_itimer_left[MAXCPUS];

int
sigaction(int sig, const struct sigaction *sa, struct sigaction *osa)
{

	(void)osa;
	if (sig != SIGVTALRM)
		return -1;
	kt_sigvtalrm = sa->sa_handler;
	return 0;
}

static void
kt_itimer_tick(void *arg)
{
	unsigned int cpu = (unsigned int)(uintptr_t)arg;

	if (kt_itimer_left[cpu] == 0 || --kt_itimer_left[cpu] != 0)
		return;
	bm_set_tick_hook(cpu, NULL, NULL);
	if (kt_sigvtalrm != NULL)
		(*kt_sigvtalrm)(SIGVTALRM);
}

int
setitimer(int which, const struct itimerval *it, struct itimerval *oit)
{
	unsigned int cpu, ticks;
	uint64_t us;

	(void)oit;
	if (which != ITIMER_VIRTUAL)
		return -1;
	kpreempt_disable();
	cpu = cpu_number();
	us = (uint64_t)it->it_value.tv_sec * 1000000 +
	    (uint64_t)it->it_value.tv_usec;
	ticks = (unsigned int)(us * BM_HZ / 1000000);
	kt_itimer_left[cpu] = ticks > 0 ? ticks : 1;
	bm_set_tick_hook(cpu, kt_itimer_tick, (void *)(uintptr_t)cpu);
	kpreempt_enable();
	return 0;
}

/* Is prog:name in the build's list of cases (BM_CASES), if any? */
static int
kt_selected(const char *prog, const char *name)
{
#ifdef BM_CASES
	const char *p = BM_CASES;
	size_t lp = strlen(prog), ln = strlen(name);

	while (*p != '\0') {
		const char *e = p;

		while (*e != '\0' && *e != ' ')
			e++;
		if ((size_t)(e - p) == lp + 1 + ln &&
		    memcmp(p, prog, lp) == 0 && p[lp] == ':' &&
		    memcmp(p + lp + 1, name, ln) == 0)
			return 1;
		p = *e == ' ' ? e + 1 : e;
	}
	return 0;
#else
	(void)prog;
	(void)name;
	return 1;
#endif
}

static struct kt_tc	*kt_cur_tc;

static void
kt_case_thread(void *arg)
{

	(void)arg;
	(*kt_cur_tc->tc_body)(kt_cur_tc);
}

/* Unless kt_keep: every CPU's tick hook cleared, none left running. */
static void
kt_reset(void)
{
	unsigned int i;

	for (i = 0; i < cpu_count(); i++)
		bm_set_tick_hook(i, NULL, NULL);
}

void
bm_tests_main(void *arg)
{
	static char hung[160];
	unsigned int i, n = 0, k, ncpu = cpu_count();
	int j, nfailed = 0, nskipped = 0;
	uint64_t t0, tc0;
	unsigned long ms;

	(void)arg;
	for (i = 0; i < KT_NPROGS; i++) {
		kt_tps[i].tp_name = kt_progs[i].name;
		if (kt_progs[i].add != NULL)
			(void)(*kt_progs[i].add)(&kt_tps[i]);
		for (j = 0; j < kt_tps[i].tp_ntcs; j++) {
			struct kt_tc *tc = kt_tps[i].tp_tcs[j];

			if (tc->tc_head != NULL)
				(*tc->tc_head)(tc);
			if (kt_selected(kt_progs[i].name, tc->tc_name))
				n++;
		}
	}
	cons_printf("TAP version 13");
	cons_printf("# %s: %u cpus, %u Hz timer", BM_KCFG, ncpu, BM_HZ);
	cons_printf("1..%u", n);
	t0 = nanouptime();
	for (i = 0, k = 0; i < KT_NPROGS; i++) {
		for (j = 0; j < kt_tps[i].tp_ntcs; j++) {
			struct kt_tc *tc = kt_tps[i].tp_tcs[j];
			unsigned int tmo;

			if (!kt_selected(kt_progs[i].name, tc->tc_name))
				continue;
			k++;
			kt_failed = kt_skipped = 0;
			if (tc->tc_mincpus > ncpu) {
				cons_printf("ok %u - %s:%s # SKIP needs %u "
				    "cpus", k, kt_progs[i].name, tc->tc_name,
				    tc->tc_mincpus);
				nskipped++;
				continue;
			}
			tmo = tc->tc_timeout == 0 ? KT_DEFAULT_TIMEOUT :
			    tc->tc_timeout > KT_MAX_TIMEOUT ? KT_MAX_TIMEOUT :
			    tc->tc_timeout;
			(void)bm_snprintf(hung, sizeof(hung),
			    "not ok %u - %s:%s # hung (%u s watchdog)", k,
			    kt_progs[i].name, tc->tc_name, tmo);
			bm_watchdog(tmo * BM_HZ, hung);
			kt_cur_tc = tc;
			tc0 = nanouptime();
			kt_case_proc = bm_thread_create(tc->tc_name, 0,
			    PRI_NORMAL, kt_case_thread, NULL);
			bm_thread_join(kt_case_proc);
			bm_watchdog(0, NULL);
			kt_reset();
			/* Where a slow host's time went, for the next one. */
			ms = (unsigned long)((nanouptime() - tc0) / 1000000);
			if (ms >= KT_SLOW_MS)
				cons_printf("# %s:%s: %lu ms emulated",
				    kt_progs[i].name, tc->tc_name, ms);
			if (kt_skipped) {
				cons_printf("ok %u - %s:%s # SKIP %s", k,
				    kt_progs[i].name, tc->tc_name, kt_skipmsg);
				nskipped++;
			} else if (kt_failed) {
				cons_printf("not ok %u - %s:%s", k,
				    kt_progs[i].name, tc->tc_name);
				nfailed++;
			} else
				cons_printf("ok %u - %s:%s", k,
				    kt_progs[i].name, tc->tc_name);
		}
	}
	for (i = 0; i < ncpu; i++)
		cons_printf("# cpu %u: %lu ticks, %lu switches, %lu by the "
		    "timer, %lu preempt() calls, %lu yielded", i,
		    (unsigned long)bm_ticks(i), bm_cpus[i].c_nswitch,
		    bm_cpus[i].c_ninvol, bm_cpus[i].c_npreempt,
		    bm_cpus[i].c_nyield);
	cons_printf("# %u cases, %d failed, %d skipped, %lu ms emulated",
	    n, nfailed, nskipped,
	    (unsigned long)((nanouptime() - t0) / 1000000));
	md_poweroff(nfailed != 0);
}
