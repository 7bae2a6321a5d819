/*	$simplelock: t_bpf_spinlock.c $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * bpf_spin_lock(9): the word, interrupts (signals) held off for the
 * critical section and the previous level restored, mutual exclusion
 * (Linux's spin_lock test: a counter toggled under the lock of a hash
 * map value by four threads), and bpf_prog_run.
 */

#include <sys/bpf_map.h>
#include <sys/bpf_spinlock.h>
#include <sys/platform.h>

#include <atf-c.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static volatile sig_atomic_t nintr;

static void
intr_handler(int sig)
{

	(void)sig;
	nintr++;
}

static void
intr_setup(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = intr_handler;
	sigemptyset(&sa.sa_mask);
	ATF_REQUIRE(sigaction(SIGUSR1, &sa, NULL) == 0);
	nintr = 0;
}

/* Wait (bounded) for a delivery the platform owes us. */
static void
intr_wait(int n)
{
	struct timespec ts = { 0, 1000000 };
	int i;

	for (i = 0; i < 10000 && nintr < n; i++)
		nanosleep(&ts, NULL);
	ATF_REQUIRE_EQ(nintr, n);
}

ATF_TC_WITHOUT_HEAD(word);
ATF_TC_BODY(word, tc)
{
	struct bpf_spin_lock l;

	/* Four bytes, zero is free: a zeroed value holds a free lock. */
	ATF_REQUIRE_EQ(sizeof(struct bpf_spin_lock), 4);
	memset(&l, 0, sizeof(l));
	ATF_REQUIRE_EQ(bpf_spin_lock(&l), 0);
	ATF_REQUIRE(l.val != 0);
	ATF_REQUIRE_EQ(bpf_spin_unlock(&l), 0);
	ATF_REQUIRE_EQ(l.val, 0);
	ATF_REQUIRE_EQ(bpf_spin_lock(&l), 0);
	ATF_REQUIRE(l.val != 0);
	ATF_REQUIRE_EQ(bpf_spin_unlock(&l), 0);
	ATF_REQUIRE_EQ(l.val, 0);
}

ATF_TC(intr_off);
ATF_TC_HEAD(intr_off, tc)
{

	atf_tc_set_md_var(tc, "descr", "A device interrupt (a signal to "
	    "the holder) waits for bpf_spin_unlock");
}
ATF_TC_BODY(intr_off, tc)
{
	struct bpf_spin_lock l = { 0 };

	intr_setup();
	ATF_REQUIRE(intr_enabled());
	ATF_REQUIRE_EQ(bpf_spin_lock(&l), 0);
	ATF_REQUIRE(!intr_enabled());
	ATF_REQUIRE_EQ(pthread_kill(pthread_self(), SIGUSR1), 0);
	ATF_REQUIRE_EQ(nintr, 0);
	ATF_REQUIRE_EQ(bpf_spin_unlock(&l), 0);
	intr_wait(1);
	ATF_REQUIRE(intr_enabled());
}

ATF_TC(intr_nested);
ATF_TC_HEAD(intr_nested, tc)
{

	atf_tc_set_md_var(tc, "descr", "bpf_spin_unlock restores the level "
	    "bpf_spin_lock found, here an outer splhigh()");
}
ATF_TC_BODY(intr_nested, tc)
{
	struct bpf_spin_lock l = { 0 };
	int s;

	intr_setup();
	s = splhigh();
	ATF_REQUIRE_EQ(bpf_spin_lock(&l), 0);
	ATF_REQUIRE_EQ(pthread_kill(pthread_self(), SIGUSR1), 0);
	ATF_REQUIRE_EQ(bpf_spin_unlock(&l), 0);
	ATF_REQUIRE(!intr_enabled());
	ATF_REQUIRE_EQ(nintr, 0);
	splx(s);
	intr_wait(1);
	ATF_REQUIRE(intr_enabled());
}

/*
 * Linux's spin_lock test, strengthened: each thread flips the counter
 * of one hash element to 1 and back under the element's lock; any
 * other value seen means two holders at once.  A plain (non-atomic)
 * total under the lock must also come out exact.
 */
#define	TOGGLE_THREADS	4
#define	TOGGLE_ITER	10000
#define	TOGGLE_WINDOW	512

struct toggle_value {
	struct bpf_spin_lock	lock;
	int			cnt;
	unsigned long		total;
};

static struct bpf_map *toggle_map;
static int toggle_bad;		/* atomic */
static pthread_barrier_t toggle_start;	/* all run at once */

static void *
toggle_thread(void *arg)
{
	struct toggle_value *v;
	unsigned long total;
	uint32_t key = 7;
	int i, j;

	(void)arg;
	(void)pthread_barrier_wait(&toggle_start);
	for (i = 0; i < TOGGLE_ITER; i++) {
		v = (struct toggle_value *)bpf_map_lookup_elem(toggle_map,
		    &key);
		if (v == NULL) {
			__atomic_store_n(&toggle_bad, 2, __ATOMIC_RELAXED);
			break;
		}
		bpf_spin_lock(&v->lock);
		if (v->cnt != 0)
			__atomic_store_n(&toggle_bad, 1, __ATOMIC_RELAXED);
		*(volatile int *)&v->cnt = 1;
		total = *(volatile unsigned long *)&v->total;
		/* Widen the window a broken lock would let others into. */
		for (j = 0; j < TOGGLE_WINDOW; j++) {
			if (*(volatile int *)&v->cnt != 1)
				__atomic_store_n(&toggle_bad, 1,
				    __ATOMIC_RELAXED);
		}
		*(volatile unsigned long *)&v->total = total + 1;
		*(volatile int *)&v->cnt = 0;
		bpf_spin_unlock(&v->lock);
	}
	return NULL;
}

ATF_TC(toggle);
ATF_TC_HEAD(toggle, tc)
{

	atf_tc_set_md_var(tc, "descr", "Four threads toggle a counter under "
	    "a hash element's lock and never see another value");
}
ATF_TC_BODY(toggle, tc)
{
	static const struct bpf_value_field fields[] = {
		{ BPF_FIELD_SPIN_LOCK, 0, 4, 0 },
		{ BPF_FIELD_DATA, 4, 4, 0 },
		{ BPF_FIELD_DATA, offsetof(struct toggle_value, total),
		    sizeof(unsigned long), 0 },
	};
	struct bpf_value_layout vl = { sizeof(struct toggle_value), 3, fields };
	struct bpf_map_attr attr;
	struct toggle_value init, out, *v;
	pthread_t t[TOGGLE_THREADS];
	uint32_t key = 7;
	void *mem;
	size_t n;
	int i;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_HASH;
	attr.key_size = sizeof(key);
	attr.value_size = sizeof(struct toggle_value);
	attr.max_entries = 4;
	attr.value_layout = &vl;
	n = bpf_map_storage_size(&attr);
	ATF_REQUIRE(n != 0);
	ATF_REQUIRE((mem = malloc(n)) != NULL);
	ATF_REQUIRE_EQ(bpf_map_create(&attr, mem, n, &toggle_map), 0);
	memset(&init, 0, sizeof(init));
	ATF_REQUIRE_EQ(bpf_map_update_elem(toggle_map, &key, &init,
	    BPF_NOEXIST), 0);

	ATF_REQUIRE_EQ(pthread_barrier_init(&toggle_start, NULL,
	    TOGGLE_THREADS), 0);
	for (i = 0; i < TOGGLE_THREADS; i++)
		ATF_REQUIRE_EQ(pthread_create(&t[i], NULL, toggle_thread,
		    NULL), 0);
	for (i = 0; i < TOGGLE_THREADS; i++)
		ATF_REQUIRE_EQ(pthread_join(t[i], NULL), 0);
	(void)pthread_barrier_destroy(&toggle_start);

	ATF_REQUIRE_EQ_MSG(toggle_bad, 0, "toggle_bad %d", toggle_bad);
	v = (struct toggle_value *)bpf_map_lookup_elem(toggle_map, &key);
	ATF_REQUIRE(v != NULL);
	ATF_REQUIRE_EQ(v->lock.val, 0);
	ATF_REQUIRE_EQ(bpf_map_lookup_elem_flags(toggle_map, &key, &out,
	    BPF_F_LOCK), 0);
	ATF_REQUIRE_EQ(out.cnt, 0);
	ATF_REQUIRE_EQ(out.total,
	    (unsigned long)TOGGLE_THREADS * TOGGLE_ITER);
	free(mem);
}

static long
prog_double(void *ctx)
{

	return 2 * *(long *)ctx;
}

ATF_TC_WITHOUT_HEAD(prog_run);
ATF_TC_BODY(prog_run, tc)
{
	long x = 21;

	ATF_REQUIRE_EQ(bpf_prog_run(prog_double, &x), 42);
	x = -5;
	ATF_REQUIRE_EQ(bpf_prog_run(prog_double, &x), -10);
}

ATF_TP_ADD_TCS(tp)
{

	ATF_TP_ADD_TC(tp, word);
	ATF_TP_ADD_TC(tp, intr_off);
	ATF_TP_ADD_TC(tp, intr_nested);
	ATF_TP_ADD_TC(tp, toggle);
	ATF_TP_ADD_TC(tp, prog_run);
	return atf_no_error();
}
