/*	$simplelock: t_taslock_lockdebug.c $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * lock(9) under LOCKDEBUG: the misuse Plan 9 prints is a panic, naming
 * the lock and the caller: a double unlock or iunlock, a release by a
 * process or CPU that does not hold the lock, an ilock released on
 * another CPU (both CPUs and both callers named), and a release of the
 * wrong kind.  Built with LOCKDEBUG against libkernlock_lockdebug.
 */

#include <sys/taslock.h>
#include <sys/platform.h>
#include <rump/rumpplat.h>

#include <atf-c.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#ifndef LOCKDEBUG
#error "built with LOCKDEBUG, against libkernlock_lockdebug"
#endif

typedef void	(*lockfn_t)(Lock *);
static int	sink;

/* One call site for every lock call: the pcs in messages are its. */
__attribute__((__noinline__)) static void
site(lockfn_t fn, Lock *l)
{

	(*fn)(l);
	__atomic_add_fetch(&sink, 1, __ATOMIC_RELAXED);
}

static sigjmp_buf	panic_jmp;
static char		panic_msg[512];
static int		npanics;

static void
panic_hook(const char *msg)
{

	(void)snprintf(panic_msg, sizeof(panic_msg), "%s", msg);
	npanics++;
	siglongjmp(panic_jmp, 1);
}

static void
setup(void)
{

	(void)rump_panic_sethook(panic_hook);
	(void)rump_cons_echo(0);
	rump_cons_clear();
	npanics = 0;
	panic_msg[0] = '\0';
}

/* site(fn, l) must panic with exactly want. */
static void
expect_panic(lockfn_t fn, Lock *l, const char *want)
{
	int n = npanics;

	if (sigsetjmp(panic_jmp, 1) == 0) {
		site(fn, l);
		atf_tc_fail("no panic; wanted \"%s\"", want);
	}
	ATF_REQUIRE_EQ(npanics, n + 1);
	ATF_REQUIRE_STREQ(panic_msg, want);
}

ATF_TC_WITHOUT_HEAD(double_unlock);
ATF_TC_BODY(double_unlock, tc)
{
	static Lock l = LOCK_INITIALIZER;
	char want[256];
	unsigned long pc;

	setup();
	site(lock, &l);
	pc = (unsigned long)l.pc;
	site(unlock, &l);
	snprintf(want, sizeof(want), "unlock: not locked: lock 0x%lx pc 0x%lx",
	    (unsigned long)(uintptr_t)&l, pc);
	expect_panic(unlock, &l, want);

	site(ilock, &l);
	site(iunlock, &l);
	snprintf(want, sizeof(want), "iunlock: not locked: lock 0x%lx "
	    "pc 0x%lx", (unsigned long)(uintptr_t)&l, pc);
	expect_panic(iunlock, &l, want);
	ATF_REQUIRE(intr_enabled());
}

ATF_TC_WITHOUT_HEAD(wrong_kind);
ATF_TC_BODY(wrong_kind, tc)
{
	static Lock l = LOCK_INITIALIZER;
	char want[256];
	unsigned long la = (unsigned long)(uintptr_t)&l, pc;

	setup();
	site(ilock, &l);
	pc = (unsigned long)l.pc;
	snprintf(want, sizeof(want), "unlock of ilock: lock 0x%lx pc 0x%lx, "
	    "held by pc 0x%lx", la, pc, pc);
	expect_panic(unlock, &l, want);
	/* Nothing was released. */
	ATF_REQUIRE(__SIMPLELOCK_LOCKED_P(&l.key));
	ATF_REQUIRE(!intr_enabled());
	site(iunlock, &l);
	ATF_REQUIRE(intr_enabled());

	site(lock, &l);
	snprintf(want, sizeof(want), "iunlock of lock: lock 0x%lx pc 0x%lx, "
	    "held by pc 0x%lx", la, pc, pc);
	expect_panic(iunlock, &l, want);
	ATF_REQUIRE(__SIMPLELOCK_LOCKED_P(&l.key));
	site(unlock, &l);
	ATF_REQUIRE_EQ(npanics, 2);
}

/*
 * Another thread (CPU, process) takes the lock and waits; this one
 * releases it.  noproc: both run with no current process, so the lock
 * is the holder CPU's.
 */
static Lock		ol = LOCK_INITIALIZER;
static lockfn_t		ol_fn;
static int		ol_noproc, ol_held, ol_go;
static unsigned int	ol_cpu;
static struct proc	*ol_proc;

static void *
ol_holder(void *arg)
{
	int lo;

	(void)arg;
	if (ol_noproc)
		(void)rump_attach_noproc();
	ol_proc = curproc_get();
	ol_cpu = cpu_number();
	lo = splhigh();
	splx(lo);
	site(ol_fn, &ol);
	__atomic_store_n(&ol_held, 1, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&ol_go, __ATOMIC_ACQUIRE))
		sched_yield();
	/* Still held: its holder releases it, and gets its level back. */
	site(ol_fn == ilock ? iunlock : unlock, &ol);
	ATF_CHECK(intr_enabled());
	return NULL;
}

static void
other_case(lockfn_t take, lockfn_t rel, int noproc, const char *fmt)
{
	char want[512];
	unsigned long la = (unsigned long)(uintptr_t)&ol, pc;
	pthread_t t;

	setup();
	ol_fn = take;
	ol_noproc = noproc;
	ol_held = ol_go = 0;
	if (noproc)
		(void)rump_attach_noproc();
	ATF_REQUIRE(pthread_create(&t, NULL, ol_holder, NULL) == 0);
	while (!__atomic_load_n(&ol_held, __ATOMIC_ACQUIRE))
		sched_yield();
	pc = (unsigned long)ol.pc;
	if (fmt == NULL)	/* up changed */
		snprintf(want, sizeof(want), "unlock: up changed: lock 0x%lx "
		    "pc 0x%lx, acquired at pc 0x%lx, lock p %d, unlock up %d",
		    la, pc, pc, proc_pid(ol_proc), proc_pid(curproc_get()));
	else
		snprintf(want, sizeof(want), fmt, la, ol_cpu, pc,
		    cpu_number(), pc);
	expect_panic(rel, &ol, want);
	ATF_REQUIRE(__SIMPLELOCK_LOCKED_P(&ol.key));
	ATF_REQUIRE(intr_enabled());
	__atomic_store_n(&ol_go, 1, __ATOMIC_RELEASE);
	ATF_REQUIRE(pthread_join(t, NULL) == 0);
	ATF_REQUIRE(__SIMPLELOCK_UNLOCKED_P(&ol.key));
	ATF_REQUIRE_EQ(npanics, 1);
}

ATF_TC_WITHOUT_HEAD(iunlock_other_cpu);
ATF_TC_BODY(iunlock_other_cpu, tc)
{

	other_case(ilock, iunlock, 0, "iunlock: lock 0x%lx taken on cpu %u "
	    "at pc 0x%lx, released on cpu %u at pc 0x%lx");
}

ATF_TC_WITHOUT_HEAD(unlock_other_proc);
ATF_TC_BODY(unlock_other_proc, tc)
{

	other_case(lock, unlock, 0, NULL);
}

ATF_TC_WITHOUT_HEAD(unlock_other_cpu);
ATF_TC_BODY(unlock_other_cpu, tc)
{

	other_case(lock, unlock, 1, "unlock: lock 0x%lx taken on cpu %u "
	    "at pc 0x%lx, released on cpu %u at pc 0x%lx");
}

/* Correct use panics nowhere. */
ATF_TC_WITHOUT_HEAD(quiet);
ATF_TC_BODY(quiet, tc)
{
	static Lock l = LOCK_INITIALIZER;
	char cons[64];

	setup();
	if (sigsetjmp(panic_jmp, 1) != 0)
		atf_tc_fail("panic: %s", panic_msg);
	site(lock, &l);
	site(unlock, &l);
	ATF_REQUIRE(canlock(&l));
	site(unlock, &l);
	site(ilock, &l);
	site(iunlock, &l);
	ATF_REQUIRE_EQ(npanics, 0);
	ATF_REQUIRE_EQ(rump_cons_read(cons, sizeof(cons)), 0);
}

ATF_TP_ADD_TCS(tp)
{

	ATF_TP_ADD_TC(tp, double_unlock);
	ATF_TP_ADD_TC(tp, wrong_kind);
	ATF_TP_ADD_TC(tp, iunlock_other_cpu);
	ATF_TP_ADD_TC(tp, unlock_other_proc);
	ATF_TP_ADD_TC(tp, unlock_other_cpu);
	ATF_TP_ADD_TC(tp, quiet);
	return atf_no_error();
}
