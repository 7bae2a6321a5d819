/*	$simplelock: t_platform.c $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * The userland platform (sys/rump) behind <sys/platform.h>: threads
 * attach as CPUs and processes on first use, even inside a signal
 * handler; splhigh() defers signals and nests; the console is
 * captured and formats as printf(3) does; panic() reaches the test's
 * hook; the scheduler model answers sched_higher_ready(); the inline
 * forms of the fast-path calls agree with the functions.
 */

#include <sys/platform.h>
#include <rump/rumpplat.h>

#include <atf-c.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define	NTHR	8

static char	cons[8192];

static const char *
cons_get(void)
{

	rump_cons_read(cons, sizeof(cons));
	return cons;
}

/* Attach on first use: unique, stable slots and processes. */

struct who {
	unsigned int	cpu, cpu2;
	struct proc	*p;
	int		pid, pri;
};

static pthread_barrier_t	bar;

static void *
who_thread(void *arg)
{
	struct who *w = arg;

	w->cpu = cpu_number();
	w->p = curproc_get();
	w->pid = proc_pid(w->p);
	w->pri = proc_getpri(w->p);
	/* Everyone attached at once: slots cannot be recycled yet. */
	pthread_barrier_wait(&bar);
	w->cpu2 = cpu_number();
	return NULL;
}

ATF_TC_WITHOUT_HEAD(attach_on_first_use);
ATF_TC_BODY(attach_on_first_use, tc)
{
	pthread_t t[NTHR];
	struct who w[NTHR];
	int i, j;

	pthread_barrier_init(&bar, NULL, NTHR);
	for (i = 0; i < NTHR; i++)
		ATF_REQUIRE(pthread_create(&t[i], NULL, who_thread,
		    &w[i]) == 0);
	for (i = 0; i < NTHR; i++)
		pthread_join(t[i], NULL);
	for (i = 0; i < NTHR; i++) {
		ATF_CHECK(w[i].cpu < MAXCPUS);
		ATF_CHECK(w[i].cpu < cpu_index_max());
		ATF_CHECK_EQ(w[i].cpu, w[i].cpu2);
		ATF_CHECK(w[i].p != NULL);
		ATF_CHECK(w[i].pid > 0);
		ATF_CHECK_EQ(w[i].pri, PRI_NORMAL);
		for (j = 0; j < i; j++) {
			ATF_CHECK(w[i].cpu != w[j].cpu);
			ATF_CHECK(w[i].p != w[j].p);
			ATF_CHECK(w[i].pid != w[j].pid);
		}
	}
	/* The threads are gone: their slots are free again. */
	for (i = 0; i < NTHR; i++) {
		ATF_REQUIRE(pthread_create(&t[i], NULL, who_thread,
		    &w[i]) == 0);
	}
	for (i = 0; i < NTHR; i++)
		pthread_join(t[i], NULL);
	ATF_CHECK(cpu_index_max() <= NTHR + 1);
	pthread_barrier_destroy(&bar);
}

/*
 * The inline forms (<rump/platform_inline.h>) and the functions behind
 * them share one state: a thread attached by either is seen by both,
 * and a preemption count raised by one is lowered by the other.
 */
static void *
first_inline(void *arg)
{
	unsigned int *cpu = arg;

	cpu[0] = cpu_number();
	cpu[1] = (cpu_number)();
	return NULL;
}

static void *
first_call(void *arg)
{
	unsigned int *cpu = arg;

	cpu[0] = (cpu_number)();
	cpu[1] = cpu_number();
	return NULL;
}

ATF_TC_WITHOUT_HEAD(inline_forms);
ATF_TC_BODY(inline_forms, tc)
{
	unsigned int a[2], b[2];
	pthread_t t;

	struct proc *p;
	int s;

#if !defined(cpu_number) || !defined(kpreempt_disable) || \
    !defined(kpreempt_enable) || !defined(kpreempt_disabled) || \
    !defined(splhigh) || !defined(splraise) || !defined(splx) || \
    !defined(intr_enabled) || !defined(curproc_get) || \
    !defined(proc_getpri) || !defined(proc_setpri) || \
    !defined(sched_higher_ready)
	atf_tc_fail("<sys/platform.h> gave no inline forms");
#endif
	/* This thread takes a slot first: the new ones get others. */
	ATF_CHECK_EQ(cpu_number(), (cpu_number)());
	ATF_REQUIRE(pthread_create(&t, NULL, first_inline, a) == 0);
	pthread_join(t, NULL);
	ATF_REQUIRE(pthread_create(&t, NULL, first_call, b) == 0);
	pthread_join(t, NULL);
	ATF_CHECK(a[0] < MAXCPUS);
	ATF_CHECK_EQ(a[0], a[1]);
	ATF_CHECK(b[0] < MAXCPUS);
	ATF_CHECK_EQ(b[0], b[1]);

	ATF_CHECK(!kpreempt_disabled() && !(kpreempt_disabled)());
	kpreempt_disable();
	ATF_CHECK((kpreempt_disabled)());
	(kpreempt_disable)();
	kpreempt_enable();
	ATF_CHECK(kpreempt_disabled());
	(kpreempt_enable)();
	ATF_CHECK(!kpreempt_disabled() && !(kpreempt_disabled)());

	/* The level, raised and lowered by either form. */
	ATF_CHECK(intr_enabled() && (intr_enabled)());
	s = splhigh();
	ATF_CHECK_EQ(s, IPL_NONE);
	ATF_CHECK(!intr_enabled() && !(intr_enabled)());
	ATF_CHECK_EQ((splraise)(IPL_HIGH), IPL_HIGH);
	ATF_CHECK_EQ(splraise(IPL_NONE), IPL_HIGH);	/* never lowers */
	(splx)(s);
	ATF_CHECK(intr_enabled() && (intr_enabled)());
	ATF_CHECK_EQ((splhigh)(), IPL_NONE);
	ATF_CHECK(!intr_enabled());
	splx(IPL_NONE);
	ATF_CHECK((intr_enabled)());

	/* The process and its priority. */
	p = curproc_get();
	ATF_CHECK(p != NULL && p == (curproc_get)());
	proc_setpri(p, PRI_NORMAL + 2);
	ATF_CHECK_EQ((proc_getpri)(p), PRI_NORMAL + 2);
	(proc_setpri)(p, PRI_NORMAL);
	ATF_CHECK_EQ(proc_getpri(p), PRI_NORMAL);
	ATF_CHECK(!sched_higher_ready() && !(sched_higher_ready)());
}

ATF_TC_WITHOUT_HEAD(attach_explicit);
ATF_TC_BODY(attach_explicit, tc)
{
	unsigned int cpu;
	struct proc *p;
	int pid;

	cpu = rump_attach(PRI_MAX);
	ATF_CHECK_EQ(cpu, cpu_number());
	p = curproc_get();
	ATF_REQUIRE(p != NULL);
	ATF_CHECK_EQ(proc_getpri(p), PRI_MAX);
	pid = proc_pid(p);
	proc_setpri(p, PRI_MIN);
	ATF_CHECK_EQ(proc_getpri(p), PRI_MIN);
	/* Re-attaching keeps the CPU and the process. */
	ATF_CHECK_EQ(rump_attach(PRI_NORMAL), cpu);
	ATF_CHECK_EQ(proc_pid(curproc_get()), pid);
	ATF_CHECK_EQ(proc_getpri(curproc_get()), PRI_NORMAL);
	/* The scheduler: a CPU with no process. */
	ATF_CHECK_EQ(rump_attach_noproc(), cpu);
	ATF_CHECK(curproc_get() == NULL);
	ATF_CHECK_EQ(proc_pid(NULL), 0);
	ATF_CHECK_EQ(rump_attach(PRI_NORMAL), cpu);
	ATF_CHECK(curproc_get() != NULL);
	ATF_CHECK(proc_pid(curproc_get()) != pid);

	rump_setncpu(1);
	ATF_CHECK_EQ(cpu_count(), 1);
	ATF_CHECK_EQ(rump_setncpu(3), 1);
	ATF_CHECK_EQ(cpu_count(), 3);
}

/* Interrupts: splhigh() blocks the signal, splx() delivers it. */

static volatile sig_atomic_t	nintr;
static volatile sig_atomic_t	intr_was_enabled;

static void
count_handler(int sig)
{

	(void)sig;
	nintr++;
}

static void
set_handler(int sig, void (*fn)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	ATF_REQUIRE(sigaction(sig, &sa, NULL) == 0);
}

ATF_TC_WITHOUT_HEAD(spl_defers_and_nests);
ATF_TC_BODY(spl_defers_and_nests, tc)
{
	int s1, s2;

	set_handler(SIGUSR1, count_handler);
	nintr = 0;
	ATF_REQUIRE(intr_enabled());
	pthread_kill(pthread_self(), SIGUSR1);
	ATF_REQUIRE_EQ(nintr, 1);

	s1 = splhigh();
	ATF_CHECK(!intr_enabled());
	pthread_kill(pthread_self(), SIGUSR1);
	ATF_CHECK_EQ(nintr, 1);
	s2 = splhigh();
	ATF_CHECK(!intr_enabled());
	splx(s2);
	/* Still at the outer level: still held off. */
	ATF_CHECK(!intr_enabled());
	ATF_CHECK_EQ(nintr, 1);
	splx(s1);
	ATF_CHECK(intr_enabled());
	ATF_CHECK_EQ(nintr, 2);

	/* A signal of another kind is an interrupt too. */
	set_handler(SIGALRM, count_handler);
	s1 = splhigh();
	pthread_kill(pthread_self(), SIGALRM);
	ATF_CHECK_EQ(nintr, 2);
	splx(s1);
	ATF_CHECK_EQ(nintr, 3);
}

/*
 * A thread's very first platform call is in a handler: it attaches
 * there, without allocating, and keeps the same CPU afterwards.
 */
static volatile unsigned int	h_cpu;
static struct proc *volatile	h_proc;
static volatile int		h_enabled_in, h_enabled_high;

static void
platform_handler(int sig)
{
	int s;

	(void)sig;
	h_cpu = cpu_number();
	h_proc = curproc_get();
	h_enabled_in = intr_enabled();
	s = splhigh();
	h_enabled_high = intr_enabled();
	cons_printf("intr on cpu %u at %llu", cpu_number(),
	    (unsigned long long)(nanouptime() != 0));
	kpreempt_disable();
	kpreempt_enable();
	splx(s);
	nintr++;
}

static void *
first_in_handler(void *arg)
{

	(void)arg;
	pthread_kill(pthread_self(), SIGUSR2);
	ATF_CHECK_EQ(h_cpu, cpu_number());
	ATF_CHECK(h_proc == curproc_get());
	ATF_CHECK(intr_enabled());
	return NULL;
}

ATF_TC_WITHOUT_HEAD(attach_in_handler);
ATF_TC_BODY(attach_in_handler, tc)
{
	pthread_t t;
	char want[64];

	rump_cons_clear();
	set_handler(SIGUSR2, platform_handler);
	nintr = 0;
	h_cpu = MAXCPUS;
	ATF_REQUIRE(pthread_create(&t, NULL, first_in_handler, NULL) == 0);
	pthread_join(t, NULL);
	ATF_CHECK_EQ(nintr, 1);
	ATF_CHECK(h_cpu < MAXCPUS);
	ATF_CHECK(h_proc != NULL);
	/* An interrupt handler runs with interrupts off (issue 13.7). */
	ATF_CHECK(!h_enabled_in);
	ATF_CHECK(!h_enabled_high);
	snprintf(want, sizeof(want), "intr on cpu %u at 1\n", h_cpu);
	ATF_CHECK_STREQ(cons_get(), want);
}

/* The console: captured, one line per call, printf(3)'s formatting. */

#define	FMT_CASES(X)							\
	X("plain")							\
	X("%d|%i|%5d|%-5d|%05d|%+d|% d", -42, 7, 42, 42, -42, 3, 3)	\
	X("%u %x %X %#x %#X %o %#o", 42u, 0xbeefu, 0xbeefu, 0x1fu,	\
	    0x1fu, 8u, 8u)						\
	X("%.3d|%.0d|%8.3x|%-8.3x|%#.0x|%#o", 5, 0, 0xau, 0xau, 0u, 0u) \
	X("%ld %lu %lx %lld %llu %llx", -1L, 0xfffffffful, 0x7fl,	\
	    -9000000000LL, 18446744073709551615ULL, 0x123456789abcULL)	\
	X("%hd %hu %hhd %hhu %hx", (short)-3, (unsigned short)65535,	\
	    (signed char)-5, (unsigned char)250, (unsigned short)0xab)	\
	X("%zu %zd %jd %ju %td", (size_t)99, (ssize_t)-99,		\
	    (intmax_t)-1, (uintmax_t)77, (ptrdiff_t)-6)			\
	X("%s|%8s|%-8s|%.2s|%c|%3c|%-3c|%%", "str", "abc", "abc",	\
	    "abcdef", 'x', 'y', 'z')					\
	X("%*d|%-*d|%.*d|%*s", 6, 12, 6, 12, 4, 12, -4, "ab")		\
	X("%p %p", (void *)&cons, (void *)0)				\
	X("%#lx %#lx", 0ul, (unsigned long)UINTPTR_MAX)

ATF_TC_WITHOUT_HEAD(cons_capture);
ATF_TC_BODY(cons_capture, tc)
{
	char want[sizeof(cons)], one[256];
	char big[1200];

	rump_cons_clear();
	ATF_CHECK_EQ(rump_cons_read(cons, sizeof(cons)), 0);
	ATF_CHECK_STREQ(cons, "");
	cons_printf("one %d\n", 1);
	cons_printf("two %s", "2");
	ATF_CHECK_STREQ(cons_get(), "one 1\ntwo 2\n");
	/* Truncated reads say how much there was. */
	ATF_CHECK_EQ(rump_cons_read(one, 4), 12);
	ATF_CHECK_STREQ(one, "one");
	rump_cons_clear();

	want[0] = '\0';
#define	FMT_ONE(...)							\
	cons_printf(__VA_ARGS__);					\
	snprintf(one, sizeof(one), __VA_ARGS__);			\
	strcat(want, one);						\
	strcat(want, "\n");
	FMT_CASES(FMT_ONE)
#undef FMT_ONE
	ATF_CHECK_STREQ(cons_get(), want);

	/* A line too long for the console is cut, still one line. */
	rump_cons_clear();
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ATF_CHECK(rump_cons_echo(0) == 1);
	cons_printf("%s", big);
	ATF_CHECK(rump_cons_echo(1) == 0);
	cons_get();
	ATF_CHECK(strlen(cons) > 100 && strlen(cons) < sizeof(big));
	ATF_CHECK_EQ(strchr(cons, '\n'), cons + strlen(cons) - 1);
	rump_cons_clear();
}

/* panic(): the console line, then the hook. */

static sigjmp_buf	panic_env;
static char		panic_msg[128];

static void
panic_hook(const char *msg)
{

	strncpy(panic_msg, msg, sizeof(panic_msg) - 1);
	siglongjmp(panic_env, 1);
}

ATF_TC_WITHOUT_HEAD(panic_hook);
ATF_TC_BODY(panic_hook, tc)
{
	volatile int reached = 0;

	rump_cons_clear();
	ATF_CHECK(rump_panic_sethook(panic_hook) == NULL);
	if (sigsetjmp(panic_env, 1) == 0) {
		panic("the end %d", 9);
		reached = 1;
	}
	ATF_CHECK(!reached);
	ATF_CHECK_STREQ(panic_msg, "the end 9");
	ATF_CHECK_STREQ(cons_get(), "panic: the end 9\n");

	/* The platform's own misuse checks panic too. */
	rump_cons_clear();
	if (sigsetjmp(panic_env, 1) == 0)
		kpreempt_enable();
	ATF_CHECK_STREQ(panic_msg,
	    "kpreempt_enable: preemption is not disabled");
	panic_msg[0] = '\0';
	if (sigsetjmp(panic_env, 1) == 0)
		(kpreempt_enable)();
	ATF_CHECK_STREQ(panic_msg,
	    "kpreempt_enable: preemption is not disabled");
	if (sigsetjmp(panic_env, 1) == 0)
		proc_setpri(curproc_get(), PRI_MAX + 1);
	ATF_CHECK(strstr(panic_msg, "out of range") != NULL);
	ATF_CHECK(rump_panic_sethook(NULL) == panic_hook);
}

ATF_TC(panic_aborts);
ATF_TC_HEAD(panic_aborts, tc)
{

	atf_tc_set_md_var(tc, "descr", "Without a hook, panic() aborts");
}
ATF_TC_BODY(panic_aborts, tc)
{

	atf_tc_expect_signal(SIGABRT, "panic() without a hook aborts");
	rump_cons_echo(0);
	(void)splhigh();
	panic("no hook");
}

/* The scheduler model. */

struct other {
	int		pri, ready;
	struct proc	*p;
	pthread_barrier_t *bar;
};

static void *
other_thread(void *arg)
{
	struct other *o = arg;

	rump_attach(o->pri);
	o->p = curproc_get();
	rump_proc_setready(o->p, o->ready);
	pthread_barrier_wait(o->bar);	/* attached */
	pthread_barrier_wait(o->bar);	/* done */
	return NULL;
}

ATF_TC_WITHOUT_HEAD(sched_model);
ATF_TC_BODY(sched_model, tc)
{
	struct other o;
	pthread_t t;
	struct proc *me;
	unsigned long n;

	o.bar = &bar;
	pthread_barrier_init(&bar, NULL, 2);
	rump_attach(PRI_NORMAL);
	me = curproc_get();
	ATF_CHECK(!sched_higher_ready());

	/* A more urgent process that is not ready does not count. */
	o.pri = PRI_NORMAL + 1;
	o.ready = 0;
	ATF_REQUIRE(pthread_create(&t, NULL, other_thread, &o) == 0);
	pthread_barrier_wait(&bar);
	ATF_CHECK(!sched_higher_ready());
	rump_proc_setready(o.p, 1);
	ATF_CHECK(sched_higher_ready());
	/* Once the caller is as urgent, it does not. */
	proc_setpri(me, PRI_NORMAL + 1);
	ATF_CHECK(!sched_higher_ready());
	proc_setpri(me, PRI_NORMAL);
	ATF_CHECK(sched_higher_ready());
	/* The scheduler sees any ready process. */
	rump_attach_noproc();
	ATF_CHECK(sched_higher_ready());
	rump_attach(PRI_NORMAL);
	me = curproc_get();
	pthread_barrier_wait(&bar);
	pthread_join(t, NULL);
	/* Exited processes are not ready. */
	ATF_CHECK(!sched_higher_ready());

	/* preempt() yields and counts, unless preemption is off. */
	n = rump_proc_npreempt(me);
	preempt();
	ATF_CHECK_EQ(rump_proc_npreempt(me), n + 1);
	kpreempt_disable();
	ATF_CHECK(kpreempt_disabled());
	kpreempt_disable();
	preempt();
	kpreempt_enable();
	ATF_CHECK(kpreempt_disabled());
	kpreempt_enable();
	ATF_CHECK(!kpreempt_disabled());
	ATF_CHECK_EQ(rump_proc_npreempt(me), n + 1);
	pthread_barrier_destroy(&bar);
}

ATF_TC_WITHOUT_HEAD(nanouptime);
ATF_TC_BODY(nanouptime, tc)
{
	struct timespec ts = { 0, 2000000 };
	uint64_t t0, t1;

	t0 = nanouptime();
	nanosleep(&ts, NULL);
	t1 = nanouptime();
	/* A lower bound only: the sleep took at least 2 ms. */
	ATF_CHECK(t1 >= t0 + 2000000);
}

ATF_TP_ADD_TCS(tp)
{

	ATF_TP_ADD_TC(tp, attach_on_first_use);
	ATF_TP_ADD_TC(tp, inline_forms);
	ATF_TP_ADD_TC(tp, attach_explicit);
	ATF_TP_ADD_TC(tp, spl_defers_and_nests);
	ATF_TP_ADD_TC(tp, attach_in_handler);
	ATF_TP_ADD_TC(tp, cons_capture);
	ATF_TP_ADD_TC(tp, panic_hook);
	ATF_TP_ADD_TC(tp, panic_aborts);
	ATF_TP_ADD_TC(tp, sched_model);
	ATF_TP_ADD_TC(tp, nanouptime);
	return atf_no_error();
}
