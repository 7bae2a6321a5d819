/*	$simplelock: t_bpf_map.c $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * bpf_map(9): which layouts and maps may hold a bpf_spin_lock or a
 * bpf_res_spin_lock (whose word no update writes either), the
 * flags, what lookups and updates copy, the errors, and Linux's
 * map_lock test (no torn value through a BPF_F_LOCK lookup while
 * writers update under the lock).
 */

#include <sys/bpf_map.h>
#include <sys/bpf_spinlock.h>
#include <sys/rqspinlock.h>
#include <sys/platform.h>

#include <atf-c.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Linux's map_lock value: word 0 is the lock, then 16 ints. */
#define	NVARS	16
struct lock_value {
	struct bpf_spin_lock	lock;
	int			var[NVARS];
};

static const struct bpf_value_field lock_fields[] = {
	{ BPF_FIELD_SPIN_LOCK, 0, 4, 0 },
	{ BPF_FIELD_DATA, 4, 4 * NVARS, 0 },
};
static const struct bpf_value_layout lock_layout = {
	sizeof(struct lock_value), 2, lock_fields
};

/* A map in fresh storage, freed at exit by free_maps(). */
#define	MAXMAPS	8
static void *map_mem[MAXMAPS];
static int nmaps;

static long
make_map(uint32_t type, uint32_t key_size, uint32_t value_size,
    uint32_t max_entries, const struct bpf_value_layout *vl,
    struct bpf_map **mapp)
{
	struct bpf_map_attr attr;
	size_t n;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = type;
	attr.key_size = key_size;
	attr.value_size = value_size;
	attr.max_entries = max_entries;
	attr.value_layout = vl;
	n = bpf_map_storage_size(&attr);
	ATF_REQUIRE(n != 0);
	ATF_REQUIRE(nmaps < MAXMAPS);
	ATF_REQUIRE((map_mem[nmaps] = malloc(n)) != NULL);
	return bpf_map_create(&attr, map_mem[nmaps++], n, mapp);
}

static void
free_maps(void)
{

	while (nmaps > 0)
		free(map_mem[--nmaps]);
}

static void
fill(struct lock_value *v, int x)
{
	int i;

	memset(&v->lock, 0xff, sizeof(v->lock));	/* must not be copied */
	for (i = 0; i < NVARS; i++)
		v->var[i] = x;
}

static void
require_value(const struct lock_value *v, int x)
{
	int i;

	ATF_REQUIRE_EQ(v->lock.val, 0);
	for (i = 0; i < NVARS; i++)
		ATF_REQUIRE_EQ(v->var[i], x);
}

/*
 * Layouts.  A refused one changes nothing: not the storage, not the
 * caller's map pointer.
 */
static long
try_layout(uint32_t type, const struct bpf_value_field *f, uint32_t nf,
    uint32_t size)
{
	struct bpf_value_layout vl;
	struct bpf_map_attr attr;
	struct bpf_map *m = (struct bpf_map *)&vl;	/* a marker */
	unsigned char *mem;
	size_t n, i;
	long error;

	vl.vl_size = size;
	vl.vl_nfields = nf;
	vl.vl_fields = f;
	memset(&attr, 0, sizeof(attr));
	attr.map_type = type;
	attr.key_size = 4;
	attr.value_size = size;
	attr.max_entries = 2;
	attr.value_layout = &vl;
	n = bpf_map_storage_size(&attr);
	ATF_REQUIRE(n != 0);
	ATF_REQUIRE((mem = (unsigned char *)malloc(n)) != NULL);
	memset(mem, 0xa5, n);
	error = bpf_map_create(&attr, mem, n, &m);
	if (error != 0) {
		ATF_REQUIRE(m == (struct bpf_map *)&vl);
		for (i = 0; i < n; i++)
			ATF_REQUIRE_EQ(mem[i], 0xa5);
	} else
		ATF_REQUIRE(m == (struct bpf_map *)(void *)mem);
	free(mem);
	return error;
}

ATF_TC_WITHOUT_HEAD(layout);
ATF_TC_BODY(layout, tc)
{
	/* struct { int a; struct bpf_spin_lock l; struct { int x, y; } s; } */
	static const struct bpf_value_field good[] = {
		{ BPF_FIELD_DATA, 0, 4, 0 },
		{ BPF_FIELD_SPIN_LOCK, 4, 4, 0 },
		{ BPF_FIELD_STRUCT, 8, 8, 0 },
		{ BPF_FIELD_DATA, 8, 4, 1 },
		{ BPF_FIELD_DATA, 12, 4, 1 },
	};
	/* struct { int a; struct { int x; struct bpf_spin_lock l; } s; } */
	static const struct bpf_value_field nested[] = {
		{ BPF_FIELD_DATA, 0, 4, 0 },
		{ BPF_FIELD_STRUCT, 4, 8, 0 },
		{ BPF_FIELD_DATA, 4, 4, 1 },
		{ BPF_FIELD_SPIN_LOCK, 8, 4, 1 },
	};
	/* struct __packed { short a; struct bpf_spin_lock l; short b; } */
	static const struct bpf_value_field unaligned[] = {
		{ BPF_FIELD_DATA, 0, 2, 0 },
		{ BPF_FIELD_SPIN_LOCK, 2, 4, 0 },
		{ BPF_FIELD_DATA, 6, 2, 0 },
	};
	static const struct bpf_value_field two[] = {
		{ BPF_FIELD_SPIN_LOCK, 0, 4, 0 },
		{ BPF_FIELD_DATA, 4, 4, 0 },
		{ BPF_FIELD_SPIN_LOCK, 8, 4, 0 },
	};
	static const struct bpf_value_field wrong_size[] = {
		{ BPF_FIELD_SPIN_LOCK, 0, 8, 0 },
	};
	static const struct bpf_value_field outside[] = {
		{ BPF_FIELD_DATA, 0, 4, 0 },
		{ BPF_FIELD_SPIN_LOCK, 8, 4, 0 },
	};
	/* A depth-1 field with no struct around it. */
	static const struct bpf_value_field orphan[] = {
		{ BPF_FIELD_DATA, 0, 4, 0 },
		{ BPF_FIELD_DATA, 4, 4, 1 },
	};
	static const struct bpf_value_field bad_kind[] = {
		{ 99, 0, 4, 0 },
	};
	static const struct bpf_value_field plain[] = {
		{ BPF_FIELD_DATA, 0, 8, 0 },
	};

	ATF_REQUIRE_EQ(try_layout(BPF_MAP_TYPE_HASH, good, 5, 16), 0);
	ATF_REQUIRE_EQ(try_layout(BPF_MAP_TYPE_ARRAY, good, 5, 16), 0);
	/* Other maps: a lock is refused, the same value without is not. */
	ATF_REQUIRE_EQ(try_layout(BPF_MAP_TYPE_PERCPU_ARRAY, good, 5, 16),
	    -EINVAL);
	ATF_REQUIRE_EQ(try_layout(BPF_MAP_TYPE_PERCPU_ARRAY, plain, 1, 8), 0);

	ATF_REQUIRE_EQ(try_layout(BPF_MAP_TYPE_HASH, nested, 4, 12), -EINVAL);
	ATF_REQUIRE_EQ(try_layout(BPF_MAP_TYPE_ARRAY, nested, 4, 12),
	    -EINVAL);
	ATF_REQUIRE_EQ(try_layout(BPF_MAP_TYPE_HASH, unaligned, 3, 8),
	    -EINVAL);
	ATF_REQUIRE_EQ(try_layout(BPF_MAP_TYPE_ARRAY, unaligned, 3, 8),
	    -EINVAL);
	ATF_REQUIRE_EQ(try_layout(BPF_MAP_TYPE_HASH, two, 3, 12), -EINVAL);
	ATF_REQUIRE_EQ(try_layout(BPF_MAP_TYPE_ARRAY, two, 3, 12), -EINVAL);
	/* Either lock alone would do. */
	ATF_REQUIRE_EQ(try_layout(BPF_MAP_TYPE_HASH, two, 2, 12), 0);
	ATF_REQUIRE_EQ(try_layout(BPF_MAP_TYPE_HASH, two + 1, 2, 12), 0);

	ATF_REQUIRE_EQ(try_layout(BPF_MAP_TYPE_HASH, wrong_size, 1, 8),
	    -EINVAL);
	ATF_REQUIRE_EQ(try_layout(BPF_MAP_TYPE_HASH, outside, 2, 8),
	    -EINVAL);
	ATF_REQUIRE_EQ(try_layout(BPF_MAP_TYPE_HASH, outside, 2, 12), 0);
	ATF_REQUIRE_EQ(try_layout(BPF_MAP_TYPE_HASH, orphan, 2, 8), -EINVAL);
	ATF_REQUIRE_EQ(try_layout(BPF_MAP_TYPE_HASH, bad_kind, 1, 4),
	    -EINVAL);
}

ATF_TC_WITHOUT_HEAD(layout_size);
ATF_TC_BODY(layout_size, tc)
{
	struct bpf_value_layout vl = lock_layout;
	struct bpf_map_attr attr;
	struct bpf_map *m = NULL;
	void *mem;
	size_t n;

	/* The layout must describe a value of the map's size. */
	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_HASH;
	attr.key_size = 4;
	attr.value_size = sizeof(struct lock_value) + 4;
	attr.max_entries = 2;
	attr.value_layout = &vl;
	n = bpf_map_storage_size(&attr);
	ATF_REQUIRE((mem = malloc(n)) != NULL);
	ATF_REQUIRE_EQ(bpf_map_create(&attr, mem, n, &m), -EINVAL);
	ATF_REQUIRE(m == NULL);
	vl.vl_size = attr.value_size;
	ATF_REQUIRE_EQ(bpf_map_create(&attr, mem, n, &m), 0);
	free(mem);
}

ATF_TC_WITHOUT_HEAD(create);
ATF_TC_BODY(create, tc)
{
	struct bpf_map_attr attr;
	struct bpf_map *m = NULL;
	char *mem;
	size_t n;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = 8;
	attr.max_entries = 4;
	n = bpf_map_storage_size(&attr);
	/* At least the values, with room to spare for nothing else. */
	ATF_REQUIRE(n >= 4 * 8);
	ATF_REQUIRE((mem = (char *)malloc(n + 8)) != NULL);

	ATF_REQUIRE_EQ(bpf_map_create(&attr, mem, n - 1, &m), -ENOMEM);
	ATF_REQUIRE_EQ(bpf_map_create(&attr, mem + 4, n, &m), -EINVAL);
	ATF_REQUIRE_EQ(bpf_map_create(&attr, NULL, n, &m), -EINVAL);
	ATF_REQUIRE_EQ(bpf_map_create(NULL, mem, n, &m), -EINVAL);
	ATF_REQUIRE_EQ(bpf_map_create(&attr, mem, n, NULL), -EINVAL);
	attr.map_flags = 1;
	ATF_REQUIRE_EQ(bpf_map_create(&attr, mem, n, &m), -EINVAL);
	attr.map_flags = 0;
	attr.key_size = 8;		/* an array's key is a u32 index */
	ATF_REQUIRE_EQ(bpf_map_create(&attr, mem, n, &m), -EINVAL);
	attr.key_size = 4;
	attr.map_type = 5;		/* not offered */
	ATF_REQUIRE_EQ(bpf_map_storage_size(&attr), 0);
	ATF_REQUIRE_EQ(bpf_map_create(&attr, mem, n, &m), -EINVAL);
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.value_size = 0;
	ATF_REQUIRE_EQ(bpf_map_create(&attr, mem, n, &m), -EINVAL);
	attr.value_size = 8;
	attr.max_entries = 0;
	ATF_REQUIRE_EQ(bpf_map_storage_size(&attr), 0);
	ATF_REQUIRE_EQ(bpf_map_create(&attr, mem, n, &m), -EINVAL);
	ATF_REQUIRE(m == NULL);
	attr.max_entries = 4;
	ATF_REQUIRE_EQ(bpf_map_create(&attr, mem, n, &m), 0);
	ATF_REQUIRE(m != NULL);
	free(mem);
}

ATF_TC_WITHOUT_HEAD(flags);
ATF_TC_BODY(flags, tc)
{
	struct bpf_map *plain, *locked;
	struct lock_value v;
	uint64_t bad[] = { 3, 8, 16, BPF_F_LOCK | 3, (uint64_t)1 << 32 };
	uint32_t key = 0;
	int x = 5, y = 6;
	size_t i;

	ATF_REQUIRE_EQ(make_map(BPF_MAP_TYPE_ARRAY, 4, sizeof(int), 2, NULL,
	    &plain), 0);
	ATF_REQUIRE_EQ(make_map(BPF_MAP_TYPE_ARRAY, 4, sizeof(v), 2,
	    &lock_layout, &locked), 0);
	ATF_REQUIRE_EQ(bpf_map_update_elem(plain, &key, &x, BPF_ANY), 0);

	/* BPF_F_LOCK needs a lock in the value; nothing changes. */
	ATF_REQUIRE_EQ(bpf_map_update_elem(plain, &key, &y, BPF_F_LOCK),
	    -EINVAL);
	ATF_REQUIRE_EQ(bpf_map_update_elem(plain, &key, &y,
	    BPF_F_LOCK | BPF_EXIST), -EINVAL);
	y = 0;
	ATF_REQUIRE_EQ(bpf_map_lookup_elem_flags(plain, &key, &y, BPF_F_LOCK),
	    -EINVAL);
	ATF_REQUIRE_EQ(y, 0);
	ATF_REQUIRE_EQ(bpf_map_lookup_elem_flags(plain, &key, &y, 0), 0);
	ATF_REQUIRE_EQ(y, 5);

	/* Flags nobody defined, on both. */
	fill(&v, 9);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ATF_REQUIRE_EQ(bpf_map_update_elem(plain, &key, &y, bad[i]),
		    -EINVAL);
		ATF_REQUIRE_EQ(bpf_map_update_elem(locked, &key, &v, bad[i]),
		    -EINVAL);
	}
	ATF_REQUIRE_EQ(bpf_map_lookup_elem_flags(locked, &key, &v,
	    BPF_EXIST), -EINVAL);
	ATF_REQUIRE_EQ(bpf_map_lookup_elem_flags(locked, &key, &v,
	    BPF_F_LOCK | BPF_NOEXIST), -EINVAL);
	ATF_REQUIRE_EQ(bpf_map_lookup_elem_flags(plain, &key, &y, 8), -EINVAL);
	ATF_REQUIRE_EQ(bpf_map_lookup_elem_flags(locked, &key, &v,
	    BPF_F_LOCK), 0);
	require_value(&v, 0);
	ATF_REQUIRE_EQ(bpf_map_lookup_elem_flags(plain, &key, &y, 0), 0);
	ATF_REQUIRE_EQ(y, 5);
	free_maps();
}

ATF_TC_WITHOUT_HEAD(array);
ATF_TC_BODY(array, tc)
{
	struct bpf_map *m;
	struct lock_value v, *e;
	uint32_t key;

	ATF_REQUIRE_EQ(make_map(BPF_MAP_TYPE_ARRAY, 4, sizeof(v), 3,
	    &lock_layout, &m), 0);
	/* Every element exists, zeroed. */
	for (key = 0; key < 3; key++) {
		fill(&v, -1);
		ATF_REQUIRE_EQ(bpf_map_lookup_elem_flags(m, &key, &v, 0), 0);
		require_value(&v, 0);
	}
	key = 3;
	ATF_REQUIRE_EQ(bpf_map_lookup_elem_flags(m, &key, &v, 0), -ENOENT);
	ATF_REQUIRE_EQ(bpf_map_lookup_elem_flags(m, &key, &v, BPF_F_LOCK),
	    -ENOENT);
	ATF_REQUIRE(bpf_map_lookup_elem(m, &key) == NULL);
	fill(&v, 1);
	ATF_REQUIRE_EQ(bpf_map_update_elem(m, &key, &v, BPF_ANY), -E2BIG);
	ATF_REQUIRE_EQ(bpf_map_update_elem(m, &key, &v, BPF_F_LOCK), -E2BIG);

	key = 1;
	ATF_REQUIRE_EQ(bpf_map_update_elem(m, &key, &v, BPF_NOEXIST), -EEXIST);
	ATF_REQUIRE_EQ(bpf_map_update_elem(m, &key, &v,
	    BPF_NOEXIST | BPF_F_LOCK), -EEXIST);
	e = (struct lock_value *)bpf_map_lookup_elem(m, &key);
	ATF_REQUIRE(e != NULL);
	require_value(e, 0);

	/* Updates write in place and never the lock word. */
	ATF_REQUIRE_EQ(bpf_map_update_elem(m, &key, &v, BPF_ANY), 0);
	ATF_REQUIRE(bpf_map_lookup_elem(m, &key) == e);
	require_value(e, 1);
	fill(&v, 2);
	ATF_REQUIRE_EQ(bpf_map_update_elem(m, &key, &v, BPF_EXIST), 0);
	require_value(e, 2);
	fill(&v, 3);
	ATF_REQUIRE_EQ(bpf_map_update_elem(m, &key, &v, BPF_F_LOCK), 0);
	require_value(e, 3);
	fill(&v, 4);
	ATF_REQUIRE_EQ(bpf_map_update_elem(m, &key, &v,
	    BPF_F_LOCK | BPF_EXIST), 0);
	require_value(e, 4);

	/*
	 * A lock held elsewhere stays held through a plain update, and
	 * a lookup does not copy it out.
	 */
	key = 2;
	e = (struct lock_value *)bpf_map_lookup_elem(m, &key);
	ATF_REQUIRE(e != NULL);
	e->lock.val = 1;
	fill(&v, 5);
	ATF_REQUIRE_EQ(bpf_map_update_elem(m, &key, &v, BPF_ANY), 0);
	ATF_REQUIRE_EQ(e->lock.val, 1);
	fill(&v, -1);
	ATF_REQUIRE_EQ(bpf_map_lookup_elem_flags(m, &key, &v, 0), 0);
	require_value(&v, 5);
	e->lock.val = 0;
	free_maps();
}

ATF_TC_WITHOUT_HEAD(hash);
ATF_TC_BODY(hash, tc)
{
	struct bpf_map *m;
	struct lock_value v, *e, *e2;
	uint64_t key;
	int i;

	ATF_REQUIRE_EQ(make_map(BPF_MAP_TYPE_HASH, sizeof(key), sizeof(v), 4,
	    &lock_layout, &m), 0);
	key = 100;
	fill(&v, 1);
	ATF_REQUIRE_EQ(bpf_map_lookup_elem_flags(m, &key, &v, 0), -ENOENT);
	ATF_REQUIRE_EQ(bpf_map_lookup_elem_flags(m, &key, &v, BPF_F_LOCK),
	    -ENOENT);
	ATF_REQUIRE(bpf_map_lookup_elem(m, &key) == NULL);
	ATF_REQUIRE_EQ(bpf_map_update_elem(m, &key, &v, BPF_EXIST), -ENOENT);
	ATF_REQUIRE_EQ(bpf_map_update_elem(m, &key, &v,
	    BPF_EXIST | BPF_F_LOCK), -ENOENT);
	ATF_REQUIRE(bpf_map_lookup_elem(m, &key) == NULL);

	/* Created with the lock word free, whatever the caller's says. */
	ATF_REQUIRE_EQ(bpf_map_update_elem(m, &key, &v, BPF_NOEXIST), 0);
	e = (struct lock_value *)bpf_map_lookup_elem(m, &key);
	ATF_REQUIRE(e != NULL);
	require_value(e, 1);
	ATF_REQUIRE_EQ(bpf_map_update_elem(m, &key, &v, BPF_NOEXIST), -EEXIST);
	ATF_REQUIRE_EQ(bpf_map_update_elem(m, &key, &v,
	    BPF_NOEXIST | BPF_F_LOCK), -EEXIST);

	/* Existing elements are updated in place. */
	fill(&v, 2);
	ATF_REQUIRE_EQ(bpf_map_update_elem(m, &key, &v, BPF_EXIST), 0);
	ATF_REQUIRE(bpf_map_lookup_elem(m, &key) == e);
	require_value(e, 2);
	fill(&v, 3);
	ATF_REQUIRE_EQ(bpf_map_update_elem(m, &key, &v, BPF_F_LOCK), 0);
	ATF_REQUIRE(bpf_map_lookup_elem(m, &key) == e);
	require_value(e, 3);
	fill(&v, 4);
	ATF_REQUIRE_EQ(bpf_map_update_elem(m, &key, &v,
	    BPF_F_LOCK | BPF_EXIST), 0);
	require_value(e, 4);
	fill(&v, -1);
	ATF_REQUIRE_EQ(bpf_map_lookup_elem_flags(m, &key, &v, BPF_F_LOCK), 0);
	require_value(&v, 4);

	/* BPF_F_LOCK creates too; fill the map, then it is full. */
	for (i = 1; i < 4; i++) {
		key = 100 + i;
		fill(&v, 10 + i);
		ATF_REQUIRE_EQ(bpf_map_update_elem(m, &key, &v,
		    i == 1 ? BPF_F_LOCK : BPF_ANY), 0);
	}
	key = 200;
	ATF_REQUIRE_EQ(bpf_map_update_elem(m, &key, &v, BPF_ANY), -E2BIG);
	ATF_REQUIRE_EQ(bpf_map_update_elem(m, &key, &v, BPF_NOEXIST), -E2BIG);
	ATF_REQUIRE_EQ(bpf_map_update_elem(m, &key, &v, BPF_F_LOCK), -E2BIG);
	ATF_REQUIRE(bpf_map_lookup_elem(m, &key) == NULL);
	/* A full map still updates what it has. */
	key = 102;
	fill(&v, 7);
	ATF_REQUIRE_EQ(bpf_map_update_elem(m, &key, &v, BPF_ANY), 0);
	for (i = 0; i < 4; i++) {
		key = 100 + i;
		fill(&v, -1);
		ATF_REQUIRE_EQ(bpf_map_lookup_elem_flags(m, &key, &v, 0), 0);
		require_value(&v, i == 0 ? 4 : i == 2 ? 7 : 10 + i);
		e2 = (struct lock_value *)bpf_map_lookup_elem(m, &key);
		ATF_REQUIRE(e2 != NULL);
		ATF_REQUIRE(i == 0 ? e2 == e : e2 != e);
	}
	free_maps();
}

/* Many keys through few buckets: every chain is walked whole. */
ATF_TC_WITHOUT_HEAD(hash_many);
ATF_TC_BODY(hash_many, tc)
{
	struct bpf_map *m;
	uint32_t key, val;

	ATF_REQUIRE_EQ(make_map(BPF_MAP_TYPE_HASH, 4, 4, 1000, NULL, &m), 0);
	for (key = 0; key < 1000; key++) {
		val = key * 3 + 1;
		ATF_REQUIRE_EQ(bpf_map_update_elem(m, &key, &val,
		    BPF_NOEXIST), 0);
	}
	for (key = 0; key < 1000; key++) {
		ATF_REQUIRE_EQ(bpf_map_lookup_elem_flags(m, &key, &val, 0), 0);
		ATF_REQUIRE_EQ(val, key * 3 + 1);
	}
	ATF_REQUIRE_EQ(bpf_map_lookup_elem_flags(m, &key, &val, 0), -ENOENT);
	ATF_REQUIRE_EQ(bpf_map_update_elem(m, &key, &val, BPF_ANY), -E2BIG);
	free_maps();
}

/*
 * Rounds of four threads inserting the same new key at once, with
 * BPF_NOEXIST, into a fresh map: each round exactly one insert wins,
 * the others get EEXIST, and all of them then find the winner's value.
 * The threads start a round together by spinning on its number.
 */
#define	RACE_THREADS	4
#define	RACE_ROUNDS	1000

/*
 * Big, so an insert takes a while to copy in: a window wide enough to
 * be preempted in, where the threads share one CPU.
 */
#define	RACE_PAD	((1 << 20) - 8)
struct race_value {
	struct bpf_spin_lock	lock;
	uint32_t		v;
	char			pad[RACE_PAD];
};

static struct bpf_map *race_map;
static unsigned int race_round, race_done;	/* atomics */

struct race_result {
	int	won;		/* inserts that returned 0 */
	int	lost;		/* ... EEXIST */
	int	bad;		/* anything else, or a lookup that failed */
};

static void *
race_thread(void *arg)
{
	struct race_result *r = (struct race_result *)arg;
	struct race_value *val, *e;
	uint32_t key = 77, v;
	unsigned int round;
	long error;
	int flags;

	if ((val = (struct race_value *)calloc(1, sizeof(*val))) == NULL) {
		r->bad++;
		return NULL;
	}
	for (round = 1; round <= RACE_ROUNDS; round++) {
		while (__atomic_load_n(&race_round, __ATOMIC_ACQUIRE) != round)
			sched_yield();
		val->v = round;
		/* Every other round through the BPF_F_LOCK path. */
		flags = (round & 1) ? BPF_NOEXIST | BPF_F_LOCK : BPF_NOEXIST;
		error = bpf_map_update_elem(race_map, &key, val, flags);
		if (error == 0)
			r->won++;
		else if (error == -EEXIST)
			r->lost++;
		else
			r->bad++;
		if ((e = (struct race_value *)bpf_map_lookup_elem(race_map,
		    &key)) == NULL) {
			r->bad++;
		} else {
			bpf_spin_lock(&e->lock);
			v = e->v;
			bpf_spin_unlock(&e->lock);
			if (v != round)
				r->bad++;
		}
		__atomic_fetch_add(&race_done, 1, __ATOMIC_RELEASE);
	}
	free(val);
	return NULL;
}

ATF_TC(hash_race);
ATF_TC_HEAD(hash_race, tc)
{

	atf_tc_set_md_var(tc, "descr", "Concurrent inserts of one key "
	    "insert it once");
}
ATF_TC_BODY(hash_race, tc)
{
	static const struct bpf_value_field f[] = {
		{ BPF_FIELD_SPIN_LOCK, 0, 4, 0 },
		{ BPF_FIELD_DATA, 4, sizeof(struct race_value) - 4, 0 },
	};
	static const struct bpf_value_layout vl = {
		sizeof(struct race_value), 2, f
	};
	struct race_result res[RACE_THREADS];
	pthread_t t[RACE_THREADS];
	struct bpf_map_attr attr;
	unsigned int round;
	void *mem;
	size_t n;
	int i, won = 0, lost = 0;

	/* Room for duplicates, so they show as extra winners. */
	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_HASH;
	attr.key_size = 4;
	attr.value_size = sizeof(struct race_value);
	attr.max_entries = RACE_THREADS;
	attr.value_layout = &vl;
	n = bpf_map_storage_size(&attr);
	ATF_REQUIRE((mem = malloc(n)) != NULL);
	memset(res, 0, sizeof(res));
	race_round = race_done = 0;
	for (i = 0; i < RACE_THREADS; i++)
		ATF_REQUIRE_EQ(pthread_create(&t[i], NULL, race_thread,
		    &res[i]), 0);
	for (round = 1; round <= RACE_ROUNDS; round++) {
		/* A fresh, empty map in the same storage each round. */
		ATF_REQUIRE_EQ(bpf_map_create(&attr, mem, n, &race_map), 0);
		__atomic_store_n(&race_round, round, __ATOMIC_RELEASE);
		while (__atomic_load_n(&race_done, __ATOMIC_ACQUIRE) !=
		    round * RACE_THREADS)
			sched_yield();
	}
	for (i = 0; i < RACE_THREADS; i++)
		ATF_REQUIRE_EQ(pthread_join(t[i], NULL), 0);
	for (i = 0; i < RACE_THREADS; i++) {
		ATF_REQUIRE_EQ(res[i].bad, 0);
		won += res[i].won;
		lost += res[i].lost;
	}
	ATF_REQUIRE_EQ(won, RACE_ROUNDS);
	ATF_REQUIRE_EQ(lost, (RACE_THREADS - 1) * RACE_ROUNDS);
	free(mem);
}

/*
 * A BPF_F_LOCK update and lookup wait for the element's lock: while
 * this thread holds it, the other's call does not finish.
 */
static struct bpf_map *wait_map;
static int wait_started, wait_done;	/* atomics */

static void *
wait_updater(void *arg)
{
	struct lock_value v;
	uint32_t key = 0;

	(void)arg;
	fill(&v, 8);
	__atomic_store_n(&wait_started, 1, __ATOMIC_RELAXED);
	if (bpf_map_update_elem(wait_map, &key, &v, BPF_F_LOCK) == 0)
		__atomic_store_n(&wait_done, 1, __ATOMIC_RELAXED);
	else
		__atomic_store_n(&wait_done, -1, __ATOMIC_RELAXED);
	return NULL;
}

static void *
wait_reader(void *arg)
{
	struct lock_value v;
	uint32_t key = 0;

	(void)arg;
	fill(&v, -1);
	__atomic_store_n(&wait_started, 1, __ATOMIC_RELAXED);
	if (bpf_map_lookup_elem_flags(wait_map, &key, &v, BPF_F_LOCK) == 0 &&
	    v.lock.val == 0 && v.var[0] == 9 && v.var[NVARS - 1] == 9)
		__atomic_store_n(&wait_done, 1, __ATOMIC_RELAXED);
	else
		__atomic_store_n(&wait_done, -1, __ATOMIC_RELAXED);
	return NULL;
}

static void
wait_check(uint32_t type, void *(*fn)(void *))
{
	struct timespec ts = { 0, 1000000 };
	struct lock_value *e;
	pthread_t t;
	uint32_t key = 0;
	int i;

	ATF_REQUIRE_EQ(make_map(type, 4, sizeof(*e), 1, &lock_layout,
	    &wait_map), 0);
	if (type == BPF_MAP_TYPE_HASH) {
		struct lock_value v;

		fill(&v, 0);
		ATF_REQUIRE_EQ(bpf_map_update_elem(wait_map, &key, &v,
		    BPF_NOEXIST), 0);
	}
	e = (struct lock_value *)bpf_map_lookup_elem(wait_map, &key);
	ATF_REQUIRE(e != NULL);
	wait_started = wait_done = 0;	/* no other thread yet */
	ATF_REQUIRE_EQ(bpf_spin_lock(&e->lock), 0);
	/* Half-done: what the other thread must not see or undo. */
	for (i = 0; i < NVARS - 1; i++)
		e->var[i] = 9;
	e->var[NVARS - 1] = 0;
	ATF_REQUIRE_EQ(pthread_create(&t, NULL, fn, NULL), 0);
	/* Give it 100ms in the call; a broken one finishes early. */
	while (!__atomic_load_n(&wait_started, __ATOMIC_RELAXED))
		nanosleep(&ts, NULL);
	for (i = 0; i < 100 &&
	    __atomic_load_n(&wait_done, __ATOMIC_RELAXED) == 0; i++)
		nanosleep(&ts, NULL);
	i = __atomic_load_n(&wait_done, __ATOMIC_RELAXED);
	e->var[NVARS - 1] = 9;
	ATF_REQUIRE_EQ(bpf_spin_unlock(&e->lock), 0);
	ATF_REQUIRE_EQ(pthread_join(t, NULL), 0);
	ATF_REQUIRE_EQ_MSG(i, 0, "finished while the lock was held");
	ATF_REQUIRE_EQ(wait_done, 1);
	if (fn == wait_updater)
		require_value(e, 8);
	free_maps();
}

ATF_TC(wait_lock);
ATF_TC_HEAD(wait_lock, tc)
{

	atf_tc_set_md_var(tc, "descr", "BPF_F_LOCK lookups and updates of "
	    "both maps wait for the element's lock");
}
ATF_TC_BODY(wait_lock, tc)
{

	wait_check(BPF_MAP_TYPE_ARRAY, wait_updater);
	wait_check(BPF_MAP_TYPE_ARRAY, wait_reader);
	wait_check(BPF_MAP_TYPE_HASH, wait_updater);
	wait_check(BPF_MAP_TYPE_HASH, wait_reader);
}

/* Each CPU (thread) has its own copy in a per-CPU array. */
static struct bpf_map *pcpu_map;

static void *
pcpu_thread(void *arg)
{
	uint32_t key = 1;
	long x = (long)(intptr_t)arg, y = 0;

	if (bpf_map_update_elem(pcpu_map, &key, &x, BPF_ANY) != 0 ||
	    bpf_map_lookup_elem_flags(pcpu_map, &key, &y, 0) != 0)
		return (void *)(intptr_t)-1;
	return (void *)(intptr_t)y;
}

ATF_TC_WITHOUT_HEAD(percpu_array);
ATF_TC_BODY(percpu_array, tc)
{
	pthread_t t;
	void *rv;
	uint32_t key = 1;
	long x = 11, y = 0;

	ATF_REQUIRE_EQ(make_map(BPF_MAP_TYPE_PERCPU_ARRAY, 4, sizeof(long), 2,
	    NULL, &pcpu_map), 0);
	ATF_REQUIRE_EQ(bpf_map_update_elem(pcpu_map, &key, &x, BPF_ANY), 0);
	ATF_REQUIRE_EQ(pthread_create(&t, NULL, pcpu_thread, (void *)22), 0);
	ATF_REQUIRE_EQ(pthread_join(t, &rv), 0);
	ATF_REQUIRE_EQ((intptr_t)rv, 22);
	ATF_REQUIRE_EQ(bpf_map_lookup_elem_flags(pcpu_map, &key, &y, 0), 0);
	ATF_REQUIRE_EQ(y, 11);
	ATF_REQUIRE_EQ(bpf_map_update_elem(pcpu_map, &key, &x, BPF_NOEXIST),
	    -EEXIST);
	ATF_REQUIRE_EQ(bpf_map_update_elem(pcpu_map, &key, &x, BPF_F_LOCK),
	    -EINVAL);
	key = 2;
	ATF_REQUIRE_EQ(bpf_map_lookup_elem_flags(pcpu_map, &key, &y, 0),
	    -ENOENT);
	free_maps();
}

/*
 * Linux's map_lock test.  Writers store one random value into all 16
 * ints of a hash element and of an array element under their locks;
 * readers copy them out with BPF_F_LOCK and must never see two
 * values, or the lock word.
 */
#define	ML_WRITERS	4
#define	ML_READERS	2
#define	ML_LOOKUPS	10000	/* per reader and map */
#define	ML_SLOW		64	/* reads after each store */
#define	ML_OVERLAP	10000	/* writes a reader must overlap */

static struct bpf_map *ml_hash, *ml_array;
static int ml_stop;
static unsigned long ml_writes;
static pthread_barrier_t ml_start;

struct ml_result {
	unsigned long	n;		/* writes, or lookups */
	int		bad;		/* torn values seen */
	int		lockword;	/* lock words seen */
	int		failed;		/* calls that failed */
};

static void *
ml_writer(void *arg)
{
	struct ml_result *r = (struct ml_result *)arg;
	struct lock_value *v[2];
	uint32_t key = 0, rnd;
	int i, j, k;

	rnd = (uint32_t)(uintptr_t)arg * 2654435761U;
	(void)pthread_barrier_wait(&ml_start);
	while (!__atomic_load_n(&ml_stop, __ATOMIC_RELAXED)) {
		v[0] = (struct lock_value *)bpf_map_lookup_elem(ml_hash, &key);
		v[1] = (struct lock_value *)bpf_map_lookup_elem(ml_array,
		    &key);
		for (j = 0; j < 2; j++) {
			if (v[j] == NULL) {
				r->failed++;
				continue;
			}
			rnd ^= rnd << 13;
			rnd ^= rnd >> 17;
			rnd ^= rnd << 5;
			bpf_spin_lock(&v[j]->lock);
			for (i = 0; i < NVARS; i++) {
				*(volatile int *)&v[j]->var[i] = (int)rnd;
				/* Slow, so an unlocked copy would tear. */
				for (k = 0; k < ML_SLOW; k++)
					(void)*(volatile int *)&v[j]->var[i];
			}
			bpf_spin_unlock(&v[j]->lock);
			r->n++;
			__atomic_fetch_add(&ml_writes, 1, __ATOMIC_RELAXED);
		}
	}
	return NULL;
}

static void *
ml_reader(void *arg)
{
	struct ml_result *r = (struct ml_result *)arg;
	struct bpf_map *maps[2];
	int vars[1 + NVARS];	/* as Linux reads it: lock, then 16 */
	uint32_t key = 0;
	unsigned long w0;
	int i, j, k;

	maps[0] = ml_hash;
	maps[1] = ml_array;
	(void)pthread_barrier_wait(&ml_start);
	/* Enough lookups, and enough writes while looking. */
	w0 = __atomic_load_n(&ml_writes, __ATOMIC_RELAXED);
	for (i = 0; i < ML_LOOKUPS || __atomic_load_n(&ml_writes,
	    __ATOMIC_RELAXED) - w0 < ML_OVERLAP; i++) {
		for (j = 0; j < 2; j++) {
			memset(vars, 0xee, sizeof(vars));
			if (bpf_map_lookup_elem_flags(maps[j], &key, vars,
			    BPF_F_LOCK) != 0) {
				r->failed++;
				continue;
			}
			r->n++;
			if (vars[0] != 0)
				r->lockword++;
			for (k = 2; k <= NVARS; k++) {
				if (vars[k] != vars[1]) {
					r->bad++;
					break;
				}
			}
		}
	}
	return NULL;
}

ATF_TC(map_lock);
ATF_TC_HEAD(map_lock, tc)
{

	atf_tc_set_md_var(tc, "descr", "BPF_F_LOCK lookups never see a "
	    "torn value or the lock word while writers update under the "
	    "lock (Linux's map_lock test)");
}
ATF_TC_BODY(map_lock, tc)
{
	struct ml_result wr[ML_WRITERS], rd[ML_READERS];
	pthread_t wt[ML_WRITERS], rt[ML_READERS];
	struct lock_value v;
	uint32_t key = 0;
	unsigned long writes = 0;
	int i;

	ATF_REQUIRE_EQ(sizeof(struct lock_value), sizeof(int) * (1 + NVARS));
	ATF_REQUIRE_EQ(make_map(BPF_MAP_TYPE_HASH, 4, sizeof(v), 1,
	    &lock_layout, &ml_hash), 0);
	ATF_REQUIRE_EQ(make_map(BPF_MAP_TYPE_ARRAY, 4, sizeof(v), 1,
	    &lock_layout, &ml_array), 0);
	fill(&v, 0);
	ATF_REQUIRE_EQ(bpf_map_update_elem(ml_hash, &key, &v, BPF_NOEXIST), 0);

	memset(wr, 0, sizeof(wr));
	memset(rd, 0, sizeof(rd));
	__atomic_store_n(&ml_stop, 0, __ATOMIC_RELAXED);
	ml_writes = 0;
	ATF_REQUIRE_EQ(pthread_barrier_init(&ml_start, NULL,
	    ML_WRITERS + ML_READERS), 0);
	for (i = 0; i < ML_WRITERS; i++)
		ATF_REQUIRE_EQ(pthread_create(&wt[i], NULL, ml_writer, &wr[i]),
		    0);
	for (i = 0; i < ML_READERS; i++)
		ATF_REQUIRE_EQ(pthread_create(&rt[i], NULL, ml_reader, &rd[i]),
		    0);
	for (i = 0; i < ML_READERS; i++)
		ATF_REQUIRE_EQ(pthread_join(rt[i], NULL), 0);
	__atomic_store_n(&ml_stop, 1, __ATOMIC_RELAXED);
	for (i = 0; i < ML_WRITERS; i++)
		ATF_REQUIRE_EQ(pthread_join(wt[i], NULL), 0);
	(void)pthread_barrier_destroy(&ml_start);

	for (i = 0; i < ML_WRITERS; i++) {
		ATF_REQUIRE_EQ(wr[i].failed, 0);
		writes += wr[i].n;
	}
	for (i = 0; i < ML_READERS; i++) {
		ATF_REQUIRE_EQ(rd[i].failed, 0);
		ATF_REQUIRE(rd[i].n >= 2 * ML_LOOKUPS);
		ATF_REQUIRE_EQ_MSG(rd[i].lockword, 0, "reader %d saw the lock "
		    "word %d times", i, rd[i].lockword);
		ATF_REQUIRE_EQ_MSG(rd[i].bad, 0, "reader %d saw %d torn values "
		    "in %lu lookups", i, rd[i].bad, rd[i].n);
	}
	/* The writers ran: there was something to tear. */
	ATF_REQUIRE(writes >= ML_OVERLAP);
	free_maps();
}

/*
 * A struct bpf_res_spin_lock in a value is a special field too: the
 * layout checks know it (one lock per value, of either kind; 4 bytes,
 * aligned as the lock, at depth 0; hash and array maps only), and no
 * update writes its word nor lookup copies it out.  BPF_F_LOCK wants
 * a bpf_spin_lock, as in Linux.
 */
struct res_value {
	int				pad;
	struct bpf_res_spin_lock	lock;
	int				var[NVARS];
};

static const struct bpf_value_field res_fields[] = {
	{ BPF_FIELD_DATA, 0, 4, 0 },
	{ BPF_FIELD_RES_SPIN_LOCK, 4, 4, 0 },
	{ BPF_FIELD_DATA, 8, 4 * NVARS, 0 },
};
static const struct bpf_value_layout res_layout = {
	sizeof(struct res_value), 3, res_fields
};

ATF_TC_WITHOUT_HEAD(res_layout);
ATF_TC_BODY(res_layout, tc)
{
	static const struct bpf_value_field two_res[] = {
		{ BPF_FIELD_RES_SPIN_LOCK, 0, 4, 0 },
		{ BPF_FIELD_RES_SPIN_LOCK, 8, 4, 0 },
	};
	static const struct bpf_value_field res_and_spin[] = {
		{ BPF_FIELD_RES_SPIN_LOCK, 0, 4, 0 },
		{ BPF_FIELD_SPIN_LOCK, 8, 4, 0 },
	};
	static const struct bpf_value_field spin_and_res[] = {
		{ BPF_FIELD_SPIN_LOCK, 0, 4, 0 },
		{ BPF_FIELD_RES_SPIN_LOCK, 8, 4, 0 },
	};
	static const struct bpf_value_field unaligned[] = {
		{ BPF_FIELD_RES_SPIN_LOCK, 2, 4, 0 },
	};
	static const struct bpf_value_field wrong_size[] = {
		{ BPF_FIELD_RES_SPIN_LOCK, 0, 8, 0 },
	};
	static const struct bpf_value_field nested[] = {
		{ BPF_FIELD_STRUCT, 0, 8, 0 },
		{ BPF_FIELD_RES_SPIN_LOCK, 4, 4, 1 },
	};
	static const struct bpf_value_field next_kind[] = {
		{ BPF_FIELD_RES_SPIN_LOCK + 1, 0, 4, 0 },
	};

	ATF_REQUIRE_EQ(sizeof(struct bpf_res_spin_lock), 4);
	ATF_REQUIRE_EQ(try_layout(BPF_MAP_TYPE_HASH, res_fields, 3,
	    sizeof(struct res_value)), 0);
	ATF_REQUIRE_EQ(try_layout(BPF_MAP_TYPE_ARRAY, res_fields, 3,
	    sizeof(struct res_value)), 0);
	ATF_REQUIRE_EQ(try_layout(BPF_MAP_TYPE_PERCPU_ARRAY, res_fields, 3,
	    sizeof(struct res_value)), -EINVAL);
	ATF_REQUIRE_EQ(try_layout(BPF_MAP_TYPE_HASH, two_res, 2, 12),
	    -EINVAL);
	ATF_REQUIRE_EQ(try_layout(BPF_MAP_TYPE_HASH, two_res, 1, 12), 0);
	ATF_REQUIRE_EQ(try_layout(BPF_MAP_TYPE_HASH, res_and_spin, 2, 12),
	    -EINVAL);
	ATF_REQUIRE_EQ(try_layout(BPF_MAP_TYPE_ARRAY, spin_and_res, 2, 12),
	    -EINVAL);
	ATF_REQUIRE_EQ(try_layout(BPF_MAP_TYPE_HASH, unaligned, 1, 8),
	    -EINVAL);
	ATF_REQUIRE_EQ(try_layout(BPF_MAP_TYPE_HASH, wrong_size, 1, 8),
	    -EINVAL);
	ATF_REQUIRE_EQ(try_layout(BPF_MAP_TYPE_HASH, nested, 2, 8), -EINVAL);
	ATF_REQUIRE_EQ(try_layout(BPF_MAP_TYPE_HASH, next_kind, 1, 4),
	    -EINVAL);
}

/*
 * The lock held by one CPU, another waiting for it, while a third
 * updates the value (the update's lock word is garbage) and copies it
 * out: the word, locked byte and queue tail, is left as it was, the
 * copy reads 0 there, and the waiter gets the lock when the holder
 * lets go.  Overwritten, the lock would have had two holders.
 */
static struct bpf_res_spin_lock *rv_lock;
static int rv_held, rv_release, rv_waiter_res = 1;	/* atomics */

static void *
rv_holder(void *arg)
{

	(void)arg;
	if (bpf_res_spin_lock(rv_lock) != 0)
		return (void *)1;
	__atomic_store_n(&rv_held, 1, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&rv_release, __ATOMIC_ACQUIRE))
		sched_yield();
	bpf_res_spin_unlock(rv_lock);
	return NULL;
}

static void *
rv_waiter(void *arg)
{
	int r;

	(void)arg;
	r = bpf_res_spin_lock(rv_lock);
	if (r == 0)
		bpf_res_spin_unlock(rv_lock);
	__atomic_store_n(&rv_waiter_res, r, __ATOMIC_RELEASE);
	return NULL;
}

static void
res_value_case(uint32_t type)
{
	struct bpf_map *m;
	struct res_value v, out;
	struct res_value *elem;
	uint32_t key = 0, word;
	pthread_t th, tw;
	void *res;
	int i;

	/* Long: the waiter must still be queued when the update runs. */
	(void)res_spin_lock_settimeout(60000000000ULL);
	rv_held = rv_release = 0;
	rv_waiter_res = 1;
	ATF_REQUIRE_EQ(make_map(type, 4, sizeof(v), 4, &res_layout, &m), 0);
	memset(&v, 0, sizeof(v));
	ATF_REQUIRE_EQ(bpf_map_update_elem(m, &key, &v, BPF_ANY), 0);
	ATF_REQUIRE((elem = bpf_map_lookup_elem(m, &key)) != NULL);
	rv_lock = &elem->lock;

	ATF_REQUIRE(pthread_create(&th, NULL, rv_holder, NULL) == 0);
	while (!__atomic_load_n(&rv_held, __ATOMIC_ACQUIRE))
		sched_yield();
	ATF_REQUIRE(pthread_create(&tw, NULL, rv_waiter, NULL) == 0);
	/* Queued: the tail is in the word. */
	while (((word = __atomic_load_n(&rv_lock->val, __ATOMIC_ACQUIRE)) >>
	    16) == 0 &&
	    __atomic_load_n(&rv_waiter_res, __ATOMIC_ACQUIRE) == 1)
		sched_yield();
	ATF_REQUIRE_EQ_MSG(__atomic_load_n(&rv_waiter_res, __ATOMIC_ACQUIRE),
	    1, "the waiter gave up: %d", rv_waiter_res);

	memset(&v.lock, 0, sizeof(v.lock));
	v.pad = 7;
	for (i = 0; i < NVARS; i++)
		v.var[i] = i + 1;
	ATF_REQUIRE_EQ(bpf_map_update_elem(m, &key, &v, BPF_EXIST), 0);
	ATF_REQUIRE_EQ_MSG(__atomic_load_n(&rv_lock->val, __ATOMIC_RELAXED),
	    word, "update wrote the lock word: %#x, was %#x",
	    __atomic_load_n(&rv_lock->val, __ATOMIC_RELAXED), word);
	memset(&v.lock, 0xff, sizeof(v.lock));
	ATF_REQUIRE_EQ(bpf_map_update_elem(m, &key, &v, BPF_ANY), 0);
	ATF_REQUIRE_EQ(__atomic_load_n(&rv_lock->val, __ATOMIC_RELAXED),
	    word);
	ATF_REQUIRE_EQ(elem->pad, 7);
	ATF_REQUIRE_EQ(elem->var[NVARS - 1], NVARS);

	memset(&out, 0xa5, sizeof(out));
	ATF_REQUIRE_EQ(bpf_map_lookup_elem_flags(m, &key, &out, 0), 0);
	ATF_REQUIRE_EQ(out.lock.val, 0);
	ATF_REQUIRE_EQ(out.pad, 7);
	for (i = 0; i < NVARS; i++)
		ATF_REQUIRE_EQ(out.var[i], i + 1);

	/* BPF_F_LOCK takes a bpf_spin_lock; there is none. */
	ATF_REQUIRE_EQ(bpf_map_update_elem(m, &key, &v, BPF_F_LOCK),
	    -EINVAL);
	ATF_REQUIRE_EQ(bpf_map_lookup_elem_flags(m, &key, &out, BPF_F_LOCK),
	    -EINVAL);

	/* Still one holder and one waiter, who gets it next. */
	ATF_REQUIRE_EQ(__atomic_load_n(&rv_waiter_res, __ATOMIC_ACQUIRE), 1);
	__atomic_store_n(&rv_release, 1, __ATOMIC_RELEASE);
	ATF_REQUIRE(pthread_join(th, &res) == 0);
	ATF_REQUIRE(res == NULL);
	ATF_REQUIRE(pthread_join(tw, NULL) == 0);
	ATF_REQUIRE_EQ(rv_waiter_res, 0);
	ATF_REQUIRE_EQ(rv_lock->val, 0);

	/* A new hash element's lock starts free, whatever the caller's. */
	if (type == BPF_MAP_TYPE_HASH) {
		key = 1;
		ATF_REQUIRE_EQ(bpf_map_update_elem(m, &key, &v, BPF_NOEXIST),
		    0);
		ATF_REQUIRE((elem = bpf_map_lookup_elem(m, &key)) != NULL);
		ATF_REQUIRE_EQ(elem->lock.val, 0);
		ATF_REQUIRE_EQ(bpf_res_spin_lock(&elem->lock), 0);
		bpf_res_spin_unlock(&elem->lock);
	}
	free_maps();
}

ATF_TC(res_value_array);
ATF_TC_HEAD(res_value_array, tc)
{

	atf_tc_set_md_var(tc, "timeout", "60");
}
ATF_TC_BODY(res_value_array, tc)
{

	res_value_case(BPF_MAP_TYPE_ARRAY);
}

ATF_TC(res_value_hash);
ATF_TC_HEAD(res_value_hash, tc)
{

	atf_tc_set_md_var(tc, "timeout", "60");
}
ATF_TC_BODY(res_value_hash, tc)
{

	res_value_case(BPF_MAP_TYPE_HASH);
}

ATF_TP_ADD_TCS(tp)
{

	ATF_TP_ADD_TC(tp, layout);
	ATF_TP_ADD_TC(tp, layout_size);
	ATF_TP_ADD_TC(tp, create);
	ATF_TP_ADD_TC(tp, flags);
	ATF_TP_ADD_TC(tp, array);
	ATF_TP_ADD_TC(tp, hash);
	ATF_TP_ADD_TC(tp, hash_many);
	ATF_TP_ADD_TC(tp, hash_race);
	ATF_TP_ADD_TC(tp, wait_lock);
	ATF_TP_ADD_TC(tp, percpu_array);
	ATF_TP_ADD_TC(tp, map_lock);
	ATF_TP_ADD_TC(tp, res_layout);
	ATF_TP_ADD_TC(tp, res_value_array);
	ATF_TP_ADD_TC(tp, res_value_hash);
	return atf_no_error();
}
