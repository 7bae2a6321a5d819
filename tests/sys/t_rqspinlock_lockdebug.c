/*	$simplelock: t_rqspinlock_lockdebug.c $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * res_spin_lock(9) under LOCKDEBUG: a release out of order, of a free
 * lock, or of another CPU's lock panics with a message naming the
 * locks and the caller, before anything is changed.  Built with
 * LOCKDEBUG against libkernlock_lockdebug.
 */

#include <sys/rqspinlock.h>
#include <sys/platform.h>
#include <rump/rumpplat.h>

#include <atf-c.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#ifndef LOCKDEBUG
#error "built with LOCKDEBUG, against libkernlock_lockdebug"
#endif

/* The return address of this call; the caller's pc is just past it. */
static uintptr_t __attribute__((__noinline__))
mark(void)
{

	__asm__ __volatile__("" ::: "memory");
	return (uintptr_t)__builtin_return_address(0);
}

#define	NEAR(pc, m)	((pc) > (m) && (pc) - (m) < 512)

static sigjmp_buf panic_jmp;
static char panic_msg[512];
static int npanics;

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

/* The console has "panic: " and the message, which the hook got. */
static void
check_console(void)
{
	char cons[1024], want[600];

	ATF_REQUIRE(rump_cons_read(cons, sizeof(cons)) < sizeof(cons));
	(void)snprintf(want, sizeof(want), "panic: %s", panic_msg);
	ATF_REQUIRE_MSG(strstr(cons, want) != NULL, "console \"%s\"", cons);
	rump_cons_clear();
}

/*
 * B taken after A, A released first: refused, naming A, B and the
 * caller; both still held, and the right order then works.
 */
ATF_TC_WITHOUT_HEAD(out_of_order);
ATF_TC_BODY(out_of_order, tc)
{
	static rqspinlock_t a, b;
	void *pa, *pb, *pc;
	volatile uintptr_t m = 0;

	setup();
	raw_res_spin_lock_init(&a);
	raw_res_spin_lock_init(&b);
	ATF_REQUIRE_EQ(res_spin_lock(&a), 0);
	ATF_REQUIRE_EQ(res_spin_lock(&b), 0);
	if (sigsetjmp(panic_jmp, 1) == 0) {
		m = mark();
		res_spin_unlock(&a);
		atf_tc_fail("out-of-order release accepted");
	}
	ATF_REQUIRE_EQ(npanics, 1);
	ATF_REQUIRE_EQ_MSG(sscanf(panic_msg, "res_spin_unlock: lock %p "
	    "released out of order: lock %p was taken after it, pc %p",
	    &pa, &pb, &pc), 3, "message \"%s\"", panic_msg);
	ATF_REQUIRE(pa == (void *)&a);
	ATF_REQUIRE(pb == (void *)&b);
	ATF_REQUIRE_MSG(NEAR((uintptr_t)pc, m), "pc %p, mark %p", pc,
	    (void *)m);
	check_console();

	/* Nothing was released. */
	ATF_REQUIRE(a.val != 0 && b.val != 0);
	ATF_REQUIRE(kpreempt_disabled());
	res_spin_unlock(&b);
	res_spin_unlock(&a);
	ATF_REQUIRE_EQ(npanics, 1);
	ATF_REQUIRE(a.val == 0 && b.val == 0);
	ATF_REQUIRE(!kpreempt_disabled());
}

/* The same through the kfunc, which names the BPF program's pc. */
ATF_TC_WITHOUT_HEAD(out_of_order_kfunc);
ATF_TC_BODY(out_of_order_kfunc, tc)
{
	static struct bpf_res_spin_lock a, b;
	void *pa, *pb, *pc;
	volatile uintptr_t m = 0;

	setup();
	ATF_REQUIRE_EQ(bpf_res_spin_lock(&a), 0);
	ATF_REQUIRE_EQ(bpf_res_spin_lock(&b), 0);
	if (sigsetjmp(panic_jmp, 1) == 0) {
		m = mark();
		bpf_res_spin_unlock(&a);
		atf_tc_fail("out-of-order release accepted");
	}
	ATF_REQUIRE_EQ_MSG(sscanf(panic_msg, "res_spin_unlock: lock %p "
	    "released out of order: lock %p was taken after it, pc %p",
	    &pa, &pb, &pc), 3, "message \"%s\"", panic_msg);
	ATF_REQUIRE(pa == (void *)&a);
	ATF_REQUIRE(pb == (void *)&b);
	ATF_REQUIRE_MSG(NEAR((uintptr_t)pc, m), "pc %p, mark %p", pc,
	    (void *)m);
	check_console();
	bpf_res_spin_unlock(&b);
	bpf_res_spin_unlock(&a);
	ATF_REQUIRE(a.val == 0 && b.val == 0);
}

/* LIFO releases, deep and through every form, are accepted. */
ATF_TC_WITHOUT_HEAD(lifo_ok);
ATF_TC_BODY(lifo_ok, tc)
{
	static rqspinlock_t l[8];
	unsigned long flags;
	int i;

	setup();
	for (i = 0; i < 8; i++)
		raw_res_spin_lock_init(&l[i]);
	if (sigsetjmp(panic_jmp, 1) != 0)
		atf_tc_fail("panic: %s", panic_msg);
	ATF_REQUIRE_EQ(raw_res_spin_lock_irqsave(&l[0], flags), 0);
	for (i = 1; i < 8; i++)
		ATF_REQUIRE_EQ(res_spin_lock(&l[i]), 0);
	for (i = 7; i > 0; i--)
		res_spin_unlock(&l[i]);
	raw_res_spin_unlock_irqrestore(&l[0], flags);
	ATF_REQUIRE_EQ(npanics, 0);
	ATF_REQUIRE(intr_enabled());
	ATF_REQUIRE(!kpreempt_disabled());
}

/* Releasing a free lock. */
ATF_TC_WITHOUT_HEAD(not_locked);
ATF_TC_BODY(not_locked, tc)
{
	static rqspinlock_t a;
	void *pa, *pc;
	volatile uintptr_t m = 0;

	setup();
	raw_res_spin_lock_init(&a);
	if (sigsetjmp(panic_jmp, 1) == 0) {
		m = mark();
		res_spin_unlock(&a);
		atf_tc_fail("release of a free lock accepted");
	}
	ATF_REQUIRE_EQ_MSG(sscanf(panic_msg, "res_spin_unlock: lock %p is "
	    "not locked, pc %p", &pa, &pc), 2, "message \"%s\"", panic_msg);
	ATF_REQUIRE(pa == (void *)&a);
	ATF_REQUIRE(NEAR((uintptr_t)pc, m));
	check_console();
	ATF_REQUIRE_EQ(a.val, 0);
	ATF_REQUIRE(!kpreempt_disabled());
}

/* Releasing a lock another CPU (thread) holds. */
static rqspinlock_t other_lock;
static int other_release;

static void *
other_holder(void *arg)
{

	(void)arg;
	if (res_spin_lock(&other_lock) != 0)
		return (void *)1;
	__atomic_store_n(&other_release, 1, __ATOMIC_RELEASE);
	while (__atomic_load_n(&other_release, __ATOMIC_ACQUIRE) != 2)
		sched_yield();
	res_spin_unlock(&other_lock);
	return NULL;
}

ATF_TC_WITHOUT_HEAD(not_mine);
ATF_TC_BODY(not_mine, tc)
{
	static rqspinlock_t mine;
	pthread_t t;
	void *pa, *pc, *res;
	unsigned int cpu;

	setup();
	raw_res_spin_lock_init(&other_lock);
	raw_res_spin_lock_init(&mine);
	ATF_REQUIRE(pthread_create(&t, NULL, other_holder, NULL) == 0);
	while (__atomic_load_n(&other_release, __ATOMIC_ACQUIRE) != 1)
		sched_yield();

	/* This CPU holds nothing. */
	if (sigsetjmp(panic_jmp, 1) == 0) {
		res_spin_unlock(&other_lock);
		atf_tc_fail("release of another CPU's lock accepted");
	}
	ATF_REQUIRE_EQ_MSG(sscanf(panic_msg, "res_spin_unlock: lock %p: "
	    "cpu %u holds no res_spin_lock, pc %p", &pa, &cpu, &pc), 3,
	    "message \"%s\"", panic_msg);
	ATF_REQUIRE(pa == (void *)&other_lock);
	ATF_REQUIRE_EQ(cpu, cpu_number());
	check_console();

	/* This CPU holds another lock. */
	ATF_REQUIRE_EQ(res_spin_lock(&mine), 0);
	if (sigsetjmp(panic_jmp, 1) == 0) {
		res_spin_unlock(&other_lock);
		atf_tc_fail("release of another CPU's lock accepted");
	}
	ATF_REQUIRE_MSG(strstr(panic_msg, "is not held by cpu") != NULL,
	    "message \"%s\"", panic_msg);
	check_console();
	res_spin_unlock(&mine);

	ATF_REQUIRE(other_lock.val != 0);
	__atomic_store_n(&other_release, 2, __ATOMIC_RELEASE);
	ATF_REQUIRE(pthread_join(t, &res) == 0);
	ATF_REQUIRE(res == NULL);
	ATF_REQUIRE_EQ(other_lock.val, 0);
	ATF_REQUIRE_EQ(npanics, 2);
}

/*
 * A double release: the second finds the lock free, or, re-taken by
 * this CPU since under another lock, not the top of the stack.
 */
ATF_TC_WITHOUT_HEAD(double_unlock);
ATF_TC_BODY(double_unlock, tc)
{
	static rqspinlock_t a, b;
	void *pa, *pc;
	volatile uintptr_t m = 0;

	setup();
	raw_res_spin_lock_init(&a);
	raw_res_spin_lock_init(&b);
	ATF_REQUIRE_EQ(res_spin_lock(&a), 0);
	ATF_REQUIRE_EQ(res_spin_lock(&b), 0);
	res_spin_unlock(&b);
	if (sigsetjmp(panic_jmp, 1) == 0) {
		m = mark();
		res_spin_unlock(&b);
		atf_tc_fail("double release accepted");
	}
	ATF_REQUIRE_EQ_MSG(sscanf(panic_msg, "res_spin_unlock: lock %p is "
	    "not locked, pc %p", &pa, &pc), 2, "message \"%s\"", panic_msg);
	ATF_REQUIRE(pa == (void *)&b);
	ATF_REQUIRE(NEAR((uintptr_t)pc, m));
	check_console();
	/* a is still held, and still the top. */
	ATF_REQUIRE(a.val != 0);
	res_spin_unlock(&a);
	ATF_REQUIRE(!kpreempt_disabled());
	ATF_REQUIRE_EQ(npanics, 1);
}

/*
 * Past RES_NR_HELD the top is not recorded, but a lock that is was
 * taken before it: releasing one of those is out of order, and still
 * caught.  Releases in order then go through.
 */
#define	NDEEP	(RES_NR_HELD + 3)
ATF_TC_WITHOUT_HEAD(deep_out_of_order);
ATF_TC_BODY(deep_out_of_order, tc)
{
	static rqspinlock_t l[NDEEP];
	void *pa, *pc;
	volatile uintptr_t m = 0;
	int i, n;

	setup();
	for (i = 0; i < NDEEP; i++)
		ATF_REQUIRE_EQ(res_spin_lock(&l[i]), 0);
	if (sigsetjmp(panic_jmp, 1) == 0) {
		m = mark();
		res_spin_unlock(&l[5]);
		atf_tc_fail("out-of-order release past RES_NR_HELD accepted");
	}
	ATF_REQUIRE_EQ_MSG(sscanf(panic_msg, "res_spin_unlock: lock %p "
	    "released out of order: %d locks were taken after it, pc %p",
	    &pa, &n, &pc), 3, "message \"%s\"", panic_msg);
	ATF_REQUIRE(pa == (void *)&l[5]);
	ATF_REQUIRE_EQ(n, NDEEP - 1 - 5);
	ATF_REQUIRE(NEAR((uintptr_t)pc, m));
	check_console();
	for (i = NDEEP - 1; i >= 0; i--) {
		ATF_REQUIRE(l[i].val != 0);
		res_spin_unlock(&l[i]);
	}
	ATF_REQUIRE(!kpreempt_disabled());
	ATF_REQUIRE_EQ(npanics, 1);
}

ATF_TP_ADD_TCS(tp)
{

	ATF_TP_ADD_TC(tp, out_of_order);
	ATF_TP_ADD_TC(tp, out_of_order_kfunc);
	ATF_TP_ADD_TC(tp, lifo_ok);
	ATF_TP_ADD_TC(tp, not_locked);
	ATF_TP_ADD_TC(tp, not_mine);
	ATF_TP_ADD_TC(tp, double_unlock);
	ATF_TP_ADD_TC(tp, deep_out_of_order);
	return atf_no_error();
}
