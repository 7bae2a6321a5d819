/*	$simplelock: tests/kernel/bpf.c $	*/

/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * bpf_spin_lock(9) and bpf_map(9) in a real kernel: a map value's
 * lock taken by threads on every CPU and by every CPU's timer
 * handler, and BPF_F_LOCK updates and lookups from both, with no
 * update lost and no value seen torn.
 */

#include <stddef.h>
#include <stdint.h>

#include <atf-c.h>
#include <string.h>

#include <sys/bpf_map.h>
#include <sys/bpf_spinlock.h>
#include <sys/lock.h>
#include <sys/platform.h>

#include "bm_kern.h"
#include "kt.h"

#define	NVARS		16
#define	ROUNDS		20000

struct count_value {
	struct bpf_spin_lock	lock;
	int			busy;
	unsigned long		total;
};

struct stamp_value {
	struct bpf_spin_lock	lock;
	int			var[NVARS];
};

static unsigned char map_mem[2][8192] __attribute__((__aligned__(64)));
static struct bpf_map *count_map, *stamp_map;
static volatile int bpf_bad, bpf_stop;
static unsigned long bpf_intr[MAXCPUS];

static long
make_map(int i, uint32_t value_size, const struct bpf_value_layout *vl,
    struct bpf_map **mp)
{
	struct bpf_map_attr attr;
	size_t n;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = sizeof(uint32_t);
	attr.value_size = value_size;
	attr.max_entries = 4;
	attr.value_layout = vl;
	n = bpf_map_storage_size(&attr);
	ATF_REQUIRE(n != 0 && n <= sizeof(map_mem[i]));
	return bpf_map_create(&attr, map_mem[i], n, mp);
}

static void
count_once(void)
{
	uint32_t key = 1;
	struct count_value *v = bpf_map_lookup_elem(count_map, &key);

	if (v == NULL) {
		bpf_bad = 2;
		return;
	}
	(void)bpf_spin_lock(&v->lock);
	if (v->busy != 0 || intr_enabled())
		bpf_bad = 1;
	*(volatile int *)&v->busy = 1;
	*(volatile unsigned long *)&v->total = v->total + 1;
	*(volatile int *)&v->busy = 0;
	(void)bpf_spin_unlock(&v->lock);
}

static void
count_hook(void *arg)
{

	if (bpf_stop)
		return;
	count_once();
	bpf_intr[(uintptr_t)arg]++;
}

static void
count_thread(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < ROUNDS; i++)
		count_once();
}

ATF_TC_WITHOUT_HEAD(spin_lock_cpus_and_interrupts);
ATF_TC_BODY(spin_lock_cpus_and_interrupts, tc)
{
	static const struct bpf_value_field fields[] = {
		{ BPF_FIELD_SPIN_LOCK, 0, 4, 0 },
		{ BPF_FIELD_DATA, 4, 4, 0 },
		{ BPF_FIELD_DATA, offsetof(struct count_value, total),
		    sizeof(unsigned long), 0 },
	};
	struct bpf_value_layout vl = { sizeof(struct count_value), 3, fields };
	struct proc *p[2 * MAXCPUS];
	unsigned int i, n = 2 * cpu_count();
	unsigned long intr = 0;
	struct count_value *v;
	uint32_t key = 1;

	ATF_REQUIRE_EQ(make_map(0, sizeof(struct count_value), &vl,
	    &count_map), 0);
	bpf_bad = bpf_stop = 0;
	/* With a spl that does not mask, a handler would deadlock here. */
	ATF_REQUIRE_MSG(kt_spl_masks(), "splhigh() leaves interrupts on");
	for (i = 0; i < cpu_count(); i++) {
		bpf_intr[i] = 0;
		bm_set_tick_hook(i, count_hook, (void *)(uintptr_t)i);
	}
	for (i = 0; i < n; i++)
		p[i] = bm_thread_create("bpf", i % cpu_count(), PRI_NORMAL,
		    count_thread, NULL);
	for (i = 0; i < n; i++)
		bm_thread_join(p[i]);
	bpf_stop = 1;
	for (i = 0; i < cpu_count(); i++) {
		bm_set_tick_hook(i, NULL, NULL);
		intr += bpf_intr[i];
	}
	v = bpf_map_lookup_elem(count_map, &key);
	ATF_REQUIRE(v != NULL);
	ATF_CHECK_MSG(bpf_bad == 0, "two holders at once, or a holder with "
	    "interrupts on (%d)", bpf_bad);
	ATF_CHECK_EQ_MSG(v->total, (unsigned long)n * ROUNDS + intr,
	    "lost updates: %lu, expected %lu + %lu from handlers", v->total,
	    (unsigned long)n * ROUNDS, intr);
	ATF_CHECK_MSG(intr > 0, "no handler took the lock");
}

/* BPF_F_LOCK: whole values in, whole values out, from anywhere. */
static int stamp_seq;

static void
stamp_once(int who)
{
	struct stamp_value in, out;
	uint32_t key = 2;
	int k, s = __atomic_add_fetch(&stamp_seq, 1, __ATOMIC_RELAXED);

	(void)who;
	memset(&in, 0, sizeof(in));
	for (k = 0; k < NVARS; k++)
		in.var[k] = s;
	if (bpf_map_update_elem(stamp_map, &key, &in, BPF_EXIST | BPF_F_LOCK)
	    != 0)
		bpf_bad = 3;
	if (bpf_map_lookup_elem_flags(stamp_map, &key, &out, BPF_F_LOCK) != 0)
		bpf_bad = 4;
	for (k = 1; k < NVARS; k++)
		if (out.var[k] != out.var[0])
			bpf_bad = 5;
}

static void
stamp_hook(void *arg)
{

	if (bpf_stop)
		return;
	stamp_once(-1);
	bpf_intr[(uintptr_t)arg]++;
}

static void
stamp_thread(void *arg)
{
	int i;

	for (i = 0; i < ROUNDS / 4; i++)
		stamp_once((int)(uintptr_t)arg);
}

ATF_TC_WITHOUT_HEAD(map_flock_cpus_and_interrupts);
ATF_TC_BODY(map_flock_cpus_and_interrupts, tc)
{
	static const struct bpf_value_field fields[] = {
		{ BPF_FIELD_SPIN_LOCK, 0, 4, 0 },
		{ BPF_FIELD_DATA, 4, 4 * NVARS, 0 },
	};
	struct bpf_value_layout vl = { sizeof(struct stamp_value), 2, fields };
	struct proc *p[2 * MAXCPUS];
	unsigned int i, n = 2 * cpu_count();
	unsigned long intr = 0;

	ATF_REQUIRE_EQ(make_map(1, sizeof(struct stamp_value), &vl,
	    &stamp_map), 0);
	bpf_bad = bpf_stop = 0;
	/* With a spl that does not mask, a handler would deadlock here. */
	ATF_REQUIRE_MSG(kt_spl_masks(), "splhigh() leaves interrupts on");
	for (i = 0; i < cpu_count(); i++) {
		bpf_intr[i] = 0;
		bm_set_tick_hook(i, stamp_hook, (void *)(uintptr_t)i);
	}
	for (i = 0; i < n; i++)
		p[i] = bm_thread_create("stamp", i % cpu_count(), PRI_NORMAL,
		    stamp_thread, (void *)(uintptr_t)i);
	for (i = 0; i < n; i++)
		bm_thread_join(p[i]);
	bpf_stop = 1;
	for (i = 0; i < cpu_count(); i++) {
		bm_set_tick_hook(i, NULL, NULL);
		intr += bpf_intr[i];
	}
	ATF_CHECK_MSG(bpf_bad == 0, "update or lookup failed, or a torn "
	    "value (%d)", bpf_bad);
	ATF_CHECK_MSG(intr > 0, "no handler updated the map");
}

ATF_TP_ADD_TCS(tp)
{

	ATF_TP_ADD_TC(tp, spin_lock_cpus_and_interrupts);
	ATF_TP_ADD_TC(tp, map_flock_cpus_and_interrupts);
	return atf_no_error();
}
