/*	$simplelock: t_bpf_spinlock_lockdebug.c $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * bpf_spin_lock(9) under LOCKDEBUG: the rules Linux's verifier proves
 * before a program runs are checked as it runs, reported on the
 * console in the verifier's words with the lock and the caller, and
 * refused with nothing changed.
 */

#include <sys/bpf_map.h>
#include <sys/bpf_spinlock.h>
#include <sys/platform.h>
#include <rump/rumpplat.h>

#include <atf-c.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#ifndef LOCKDEBUG
#error "built with LOCKDEBUG, against libkernlock_lockdebug"
#endif

/*
 * The return address of this call: a call made right after it returns
 * to a little further on.  A message's pc must be in that range.
 */
static uintptr_t __attribute__((__noinline__))
mark(void)
{

	__asm__ __volatile__("" ::: "memory");
	return (uintptr_t)__builtin_return_address(0);
}

#define	NEAR(pc, m)	((pc) > (m) && (pc) - (m) < 256)

static char cons[2048];

static const char *
cons_take(void)
{

	ATF_REQUIRE(rump_cons_read(cons, sizeof(cons)) < sizeof(cons));
	rump_cons_clear();
	return cons;
}

static void
cons_none(void)
{

	ATF_REQUIRE_STREQ(cons_take(), "");
}

/*
 * The one line on the console: text, then ": " and details in fmt,
 * whose np pointers come back in p[].  Printing them again must give
 * the line back exactly.
 */
static void
cons_line(const char *text, const char *fmt, int np, void **p)
{
	char want[512], fullfmt[512];
	const char *line = cons_take();
	size_t tl = strlen(text);

	ATF_REQUIRE_MSG(strncmp(line, text, tl) == 0 && line[tl] == ':',
	    "console: \"%s\", want \"%s...\"", line, text);
	p[0] = p[1] = p[2] = p[3] = NULL;
	ATF_REQUIRE_EQ_MSG(sscanf(line + tl + 2, fmt, &p[0], &p[1], &p[2],
	    &p[3]), np, "console: \"%s\"", line);
	(void)snprintf(fullfmt, sizeof(fullfmt), "%s: %s\n", text, fmt);
	(void)snprintf(want, sizeof(want), fullfmt, p[0], p[1], p[2], p[3]);
	ATF_REQUIRE_STREQ(line, want);
}

#define	HELD_FMT	"lock %p at pc %p, holding lock %p taken at pc %p"

ATF_TC(two_locks);
ATF_TC_HEAD(two_locks, tc)
{

	atf_tc_set_md_var(tc, "descr", "A second lock, or the same one "
	    "again, is refused with the verifier's message");
}
ATF_TC_BODY(two_locks, tc)
{
	struct bpf_spin_lock a = { 0 }, b = { 0 };
	uintptr_t ma, mb;
	void *p[4];
	long rv;

	rump_cons_clear();
	ma = mark();
	ATF_REQUIRE_EQ(bpf_spin_lock(&a), 0);
	mb = mark();
	rv = bpf_spin_lock(&b);
	ATF_REQUIRE_EQ(rv, -EINVAL);
	ATF_REQUIRE_EQ(b.val, 0);
	ATF_REQUIRE(a.val != 0);
	ATF_REQUIRE(!intr_enabled());
	cons_line("Locking two bpf_spin_locks are not allowed", HELD_FMT, 4,
	    p);
	ATF_REQUIRE(p[0] == (void *)&b);
	ATF_REQUIRE(NEAR((uintptr_t)p[1], mb));
	ATF_REQUIRE(p[2] == (void *)&a);
	ATF_REQUIRE(NEAR((uintptr_t)p[3], ma));

	/* The same lock again: refused, where it would spin forever. */
	mb = mark();
	ATF_REQUIRE_EQ(bpf_spin_lock(&a), -EINVAL);
	cons_line("Locking two bpf_spin_locks are not allowed", HELD_FMT, 4,
	    p);
	ATF_REQUIRE(p[0] == (void *)&a && p[2] == (void *)&a);
	ATF_REQUIRE(NEAR((uintptr_t)p[1], mb));
	ATF_REQUIRE(NEAR((uintptr_t)p[3], ma));

	/* The first is still held, and lets go normally. */
	ATF_REQUIRE(a.val != 0);
	ATF_REQUIRE(!intr_enabled());
	ATF_REQUIRE_EQ(bpf_spin_unlock(&a), 0);
	ATF_REQUIRE(intr_enabled());
	ATF_REQUIRE_EQ(bpf_spin_lock(&b), 0);
	ATF_REQUIRE_EQ(bpf_spin_unlock(&b), 0);
	cons_none();
}

ATF_TC(unlock_different);
ATF_TC_HEAD(unlock_different, tc)
{

	atf_tc_set_md_var(tc, "descr", "Unlocking a lock other than the one "
	    "held is refused; both locks stay as they were");
}
ATF_TC_BODY(unlock_different, tc)
{
	struct bpf_spin_lock a = { 0 }, b = { 0 };
	uintptr_t ma, mb;
	void *p[4];

	rump_cons_clear();
	ma = mark();
	ATF_REQUIRE_EQ(bpf_spin_lock(&a), 0);
	/* Free, and held by someone else: neither is ours to release. */
	mb = mark();
	ATF_REQUIRE_EQ(bpf_spin_unlock(&b), -EINVAL);
	cons_line("bpf_spin_unlock of different lock", HELD_FMT, 4, p);
	ATF_REQUIRE(p[0] == (void *)&b && p[2] == (void *)&a);
	ATF_REQUIRE(NEAR((uintptr_t)p[1], mb));
	ATF_REQUIRE(NEAR((uintptr_t)p[3], ma));
	b.val = 1;
	ATF_REQUIRE_EQ(bpf_spin_unlock(&b), -EINVAL);
	(void)cons_take();
	ATF_REQUIRE_EQ(b.val, 1);
	ATF_REQUIRE(a.val != 0);
	ATF_REQUIRE(!intr_enabled());
	ATF_REQUIRE_EQ(bpf_spin_unlock(&a), 0);
	ATF_REQUIRE(intr_enabled());
	ATF_REQUIRE_EQ(a.val, 0);
	cons_none();
}

/* A lock held by another CPU (thread) is not this one's to release. */
static struct bpf_spin_lock other_lock;
static pthread_barrier_t other_bar;

static void *
other_cpu(void *arg)
{

	(void)arg;
	(void)bpf_spin_lock(&other_lock);
	(void)pthread_barrier_wait(&other_bar);	/* held */
	(void)pthread_barrier_wait(&other_bar);	/* main has tried */
	(void)bpf_spin_unlock(&other_lock);
	return NULL;
}

ATF_TC(unlock_without);
ATF_TC_HEAD(unlock_without, tc)
{

	atf_tc_set_md_var(tc, "descr", "Unlocking with no lock held is "
	    "refused, also when another CPU holds that lock");
}
ATF_TC_BODY(unlock_without, tc)
{
	struct bpf_spin_lock a = { 0 };
	pthread_t t;
	uintptr_t m;
	void *p[4];

	rump_cons_clear();
	m = mark();
	ATF_REQUIRE_EQ(bpf_spin_unlock(&a), -EINVAL);
	cons_line("bpf_spin_unlock without taking a lock", "lock %p at pc %p",
	    2, p);
	ATF_REQUIRE(p[0] == (void *)&a);
	ATF_REQUIRE(NEAR((uintptr_t)p[1], m));
	ATF_REQUIRE_EQ(a.val, 0);
	ATF_REQUIRE(intr_enabled());

	ATF_REQUIRE_EQ(pthread_barrier_init(&other_bar, NULL, 2), 0);
	ATF_REQUIRE_EQ(pthread_create(&t, NULL, other_cpu, NULL), 0);
	(void)pthread_barrier_wait(&other_bar);
	m = mark();
	ATF_REQUIRE_EQ(bpf_spin_unlock(&other_lock), -EINVAL);
	ATF_REQUIRE(other_lock.val != 0);
	ATF_REQUIRE(intr_enabled());
	(void)pthread_barrier_wait(&other_bar);
	ATF_REQUIRE_EQ(pthread_join(t, NULL), 0);
	(void)pthread_barrier_destroy(&other_bar);
	cons_line("bpf_spin_unlock without taking a lock", "lock %p at pc %p",
	    2, p);
	ATF_REQUIRE(p[0] == (void *)&other_lock);
	ATF_REQUIRE(NEAR((uintptr_t)p[1], m));
	ATF_REQUIRE_EQ(other_lock.val, 0);
}

/* A second unlock of the same lock: this CPU holds nothing now. */
ATF_TC(double_unlock);
ATF_TC_HEAD(double_unlock, tc)
{

	atf_tc_set_md_var(tc, "descr", "A double unlock is refused, naming "
	    "the lock and the caller, and changes nothing");
}
ATF_TC_BODY(double_unlock, tc)
{
	struct bpf_spin_lock a = { 0 }, b = { 0 };
	uintptr_t m;
	void *p[4];

	rump_cons_clear();
	ATF_REQUIRE_EQ(bpf_spin_lock(&a), 0);
	ATF_REQUIRE_EQ(bpf_spin_unlock(&a), 0);
	m = mark();
	ATF_REQUIRE_EQ(bpf_spin_unlock(&a), -EINVAL);
	cons_line("bpf_spin_unlock without taking a lock", "lock %p at pc %p",
	    2, p);
	ATF_REQUIRE(p[0] == (void *)&a);
	ATF_REQUIRE(NEAR((uintptr_t)p[1], m));
	ATF_REQUIRE_EQ(a.val, 0);
	ATF_REQUIRE(intr_enabled());

	/* Re-taken since by someone (here: this CPU, another lock held). */
	ATF_REQUIRE_EQ(bpf_spin_lock(&b), 0);
	a.val = 1;
	m = mark();
	ATF_REQUIRE_EQ(bpf_spin_unlock(&a), -EINVAL);
	cons_line("bpf_spin_unlock of different lock", "lock %p at pc %p, "
	    "holding lock %p taken at pc %p", 4, p);
	ATF_REQUIRE(p[0] == (void *)&a);
	ATF_REQUIRE(NEAR((uintptr_t)p[1], m));
	ATF_REQUIRE(p[2] == (void *)&b);
	ATF_REQUIRE_EQ(a.val, 1);
	ATF_REQUIRE(!intr_enabled());
	ATF_REQUIRE_EQ(bpf_spin_unlock(&b), 0);
	ATF_REQUIRE(intr_enabled());
}

/* Programs: one that forgets to unlock, one that does not. */
static uintptr_t prog_mark;
static int prog_ran;

static long
prog_forgets(void *ctx)
{

	prog_ran++;
	prog_mark = mark();
	(void)bpf_spin_lock((struct bpf_spin_lock *)ctx);
	return 7;
}

static long
prog_good(void *ctx)
{

	prog_ran++;
	(void)bpf_spin_lock((struct bpf_spin_lock *)ctx);
	(void)bpf_spin_unlock((struct bpf_spin_lock *)ctx);
	return 7;
}

ATF_TC(exit_held);
ATF_TC_HEAD(exit_held, tc)
{

	atf_tc_set_md_var(tc, "descr", "A program returning with its lock "
	    "held is reported; the lock and interrupts are given back");
}
ATF_TC_BODY(exit_held, tc)
{
	struct bpf_spin_lock a = { 0 };
	void *p[4];

	rump_cons_clear();
	ATF_REQUIRE_EQ(bpf_prog_run(prog_good, &a), 7);
	cons_none();
	ATF_REQUIRE_EQ(bpf_prog_run(prog_forgets, &a), -EINVAL);
	cons_line("BPF_EXIT instruction in main prog cannot be used inside "
	    "bpf_spin_lock-ed region",
	    "prog %p returned holding lock %p taken at pc %p", 3, p);
	ATF_REQUIRE(p[0] == (void *)(uintptr_t)prog_forgets);
	ATF_REQUIRE(p[1] == (void *)&a);
	ATF_REQUIRE(NEAR((uintptr_t)p[2], prog_mark));
	ATF_REQUIRE_EQ(a.val, 0);
	ATF_REQUIRE(intr_enabled());
	ATF_REQUIRE_EQ(bpf_spin_lock(&a), 0);
	ATF_REQUIRE_EQ(bpf_spin_unlock(&a), 0);
	cons_none();
}

ATF_TC(calls_held);
ATF_TC_HEAD(calls_held, tc)
{

	atf_tc_set_md_var(tc, "descr", "Map calls and programs are refused "
	    "while a lock is held");
}
ATF_TC_BODY(calls_held, tc)
{
	static const struct bpf_value_field f[] = {
		{ BPF_FIELD_SPIN_LOCK, 0, 4, 0 },
		{ BPF_FIELD_DATA, 4, 4, 0 },
	};
	static const struct bpf_value_layout vl = { 8, 2, f };
	static uint64_t mem[64] __attribute__((__aligned__(8)));
	struct { struct bpf_spin_lock l; int x; } v;
	struct bpf_map_attr attr;
	struct bpf_map *m;
	struct bpf_spin_lock a = { 0 };
	uint32_t key = 0;
	uintptr_t ma, mc;
	char fmt[128];
	void *p[4];

	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = 8;
	attr.max_entries = 1;
	attr.value_layout = &vl;
	ATF_REQUIRE(bpf_map_storage_size(&attr) <= sizeof(mem));
	ATF_REQUIRE_EQ(bpf_map_create(&attr, mem, sizeof(mem), &m), 0);
	v.x = 1;
	ATF_REQUIRE_EQ(bpf_map_update_elem(m, &key, &v, BPF_F_LOCK), 0);

	rump_cons_clear();
	ma = mark();
	ATF_REQUIRE_EQ(bpf_spin_lock(&a), 0);

#define	CALL_REFUSED(name, call, refused) do {				\
	mc = mark();							\
	ATF_REQUIRE(call == refused);					\
	(void)snprintf(fmt, sizeof(fmt), "%s at pc %%p, holding lock "	\
	    "%%p taken at pc %%p", name);				\
	cons_line("function calls are not allowed while holding a lock", \
	    fmt, 3, p);							\
	ATF_REQUIRE(NEAR((uintptr_t)p[0], mc));				\
	ATF_REQUIRE(p[1] == (void *)&a);				\
	ATF_REQUIRE(NEAR((uintptr_t)p[2], ma));				\
} while (0)
	CALL_REFUSED("bpf_map_lookup_elem", bpf_map_lookup_elem(m, &key),
	    NULL);
	v.x = 2;
	CALL_REFUSED("bpf_map_update_elem",
	    bpf_map_update_elem(m, &key, &v, BPF_F_LOCK), -EINVAL);
	CALL_REFUSED("bpf_map_lookup_elem_flags",
	    bpf_map_lookup_elem_flags(m, &key, &v, BPF_F_LOCK), -EINVAL);
	prog_ran = 0;
	CALL_REFUSED("bpf_prog_run", bpf_prog_run(prog_good, &v.l), -EINVAL);
	ATF_REQUIRE_EQ(prog_ran, 0);
#undef CALL_REFUSED

	ATF_REQUIRE_EQ(bpf_spin_unlock(&a), 0);
	v.x = 0;
	ATF_REQUIRE_EQ(bpf_map_lookup_elem_flags(m, &key, &v, BPF_F_LOCK), 0);
	ATF_REQUIRE_EQ(v.x, 1);		/* the refused update changed nothing */
	ATF_REQUIRE(bpf_map_lookup_elem(m, &key) != NULL);
	cons_none();
}

ATF_TC_WITHOUT_HEAD(quiet);
ATF_TC_BODY(quiet, tc)
{
	struct bpf_spin_lock a = { 0 }, b = { 0 };
	int s;

	/* Correct use, nested in an outer splhigh(), says nothing. */
	rump_cons_clear();
	s = splhigh();
	ATF_REQUIRE_EQ(bpf_spin_lock(&a), 0);
	ATF_REQUIRE_EQ(bpf_spin_unlock(&a), 0);
	ATF_REQUIRE_EQ(bpf_spin_lock(&b), 0);
	ATF_REQUIRE_EQ(bpf_spin_unlock(&b), 0);
	ATF_REQUIRE(!intr_enabled());
	splx(s);
	ATF_REQUIRE(intr_enabled());
	ATF_REQUIRE_EQ(bpf_prog_run(prog_good, &a), 7);
	cons_none();
}

ATF_TP_ADD_TCS(tp)
{

	ATF_TP_ADD_TC(tp, two_locks);
	ATF_TP_ADD_TC(tp, unlock_different);
	ATF_TP_ADD_TC(tp, unlock_without);
	ATF_TP_ADD_TC(tp, double_unlock);
	ATF_TP_ADD_TC(tp, exit_held);
	ATF_TP_ADD_TC(tp, calls_held);
	ATF_TP_ADD_TC(tp, quiet);
	return atf_no_error();
}
