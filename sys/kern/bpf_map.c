/*	$simplelock: kern/bpf_map.c $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * bpf_map(9): array, per-CPU array and hash maps, and the rules for
 * values that hold a bpf_spin_lock or a bpf_res_spin_lock.
 *
 * The lock word of a value belongs to the lock: no lookup copies it
 * out (the caller's copy reads 0 there) and no update writes it, for
 * either kind of lock; one written over would give a held lock a
 * second holder, or lose a queued waiter.  With BPF_F_LOCK the rest
 * is copied under the bpf_spin_lock, so a reader sees a value as some
 * writer left it, whole; a resilient lock can fail, so, as in Linux,
 * BPF_F_LOCK does not take it.
 *
 * Hash elements come from a pool in the map's storage and are never
 * unlinked, so lookups walk the chains without the bucket lock: an
 * element is published whole, by a release store of the chain head.
 */

#include <sys/bpf_map.h>
#include <sys/bpf_spinlock.h>
#include <sys/rqspinlock.h>
#include <sys/lock.h>
#include <sys/platform.h>

#include <stddef.h>
#include <stdint.h>
#if __STDC_HOSTED__
#include <errno.h>
#endif
/* Linux's numbers, where there is no <errno.h>. */
#ifndef ENOENT
#define	ENOENT		2
#endif
#ifndef E2BIG
#define	E2BIG		7
#endif
#ifndef ENOMEM
#define	ENOMEM		12
#endif
#ifndef EEXIST
#define	EEXIST		17
#endif
#ifndef EINVAL
#define	EINVAL		22
#endif

#define	BPF_NO_LOCK	UINT32_MAX	/* m_lock_off of a lock-free value */
#define	BPF_ALIGN	8		/* of values and elements */
#define	BPF_ROUND(x)	(((x) + (BPF_ALIGN - 1)) & ~(uint64_t)(BPF_ALIGN - 1))
#define	BPF_CMD(f)	((f) & ~(uint64_t)BPF_F_LOCK)

struct bpf_htab_elem {
	struct bpf_htab_elem	*he_next;	/* set before publication */
	uint32_t		he_hash;
	/* then the key, rounded up to BPF_ALIGN, then the value */
};

struct bpf_htab_bucket {
	struct bpf_htab_elem	*hb_head;	/* release-published */
	struct bpf_spin_lock	hb_lock;	/* serialises inserts */
};

struct bpf_map {
	uint32_t		m_type;
	uint32_t		m_key_size;
	uint32_t		m_value_size;
	uint32_t		m_max_entries;
	uint32_t		m_lock_off;	/* or BPF_NO_LOCK */
	uint32_t		m_rlock_off;	/* res lock's, or BPF_NO_LOCK */
	uint32_t		m_vstride;	/* value, rounded */
	uint32_t		m_koff;		/* hash: key in an element */
	uint32_t		m_voff;		/* hash: value in an element */
	uint32_t		m_estride;	/* hash: element size */
	uint32_t		m_nbuckets;	/* hash: a power of two */
	uint32_t		m_nelems;	/* hash: elements handed out */
	unsigned char		*m_data;	/* values, or elements */
	struct bpf_htab_bucket	*m_buckets;
};

#define	BPF_HDR_SIZE	BPF_ROUND(sizeof(struct bpf_map))

/* bpf_copy_value() skips one 4-byte word for either kind of lock. */
_Static_assert(sizeof(struct bpf_res_spin_lock) ==
    sizeof(struct bpf_spin_lock), "the two BPF locks differ in size");

/*
 * Check the layout: fields inside the value and inside their struct,
 * and at most one lock, of either kind (Linux's rule: the two kinds
 * exclude each other), 4 bytes, 4-aligned, a member of the
 * value's own struct.  *offp gets the bpf_spin_lock's offset and
 * *roffp the bpf_res_spin_lock's, or BPF_NO_LOCK.
 */
static long
bpf_layout_check(const struct bpf_value_layout *vl, uint32_t value_size,
    uint32_t *offp, uint32_t *roffp)
{
	const struct bpf_value_field *f, *p;
	uint32_t i, j, size;

	*offp = *roffp = BPF_NO_LOCK;
	if (vl == NULL)
		return 0;
	if (vl->vl_size != value_size ||
	    (vl->vl_nfields != 0 && vl->vl_fields == NULL))
		return -EINVAL;
	for (i = 0; i < vl->vl_nfields; i++) {
		f = &vl->vl_fields[i];
		if (f->vf_kind > BPF_FIELD_RES_SPIN_LOCK || f->vf_size == 0 ||
		    f->vf_offset > value_size ||
		    f->vf_size > value_size - f->vf_offset)
			return -EINVAL;
		if (f->vf_depth != 0) {
			/* The parent is the last field one level up. */
			p = NULL;
			for (j = i; j-- > 0;) {
				if (vl->vl_fields[j].vf_depth ==
				    f->vf_depth - 1) {
					p = &vl->vl_fields[j];
					break;
				}
			}
			if (p == NULL || p->vf_kind != BPF_FIELD_STRUCT ||
			    f->vf_offset < p->vf_offset ||
			    f->vf_offset - p->vf_offset > p->vf_size ||
			    f->vf_size > p->vf_size -
			    (f->vf_offset - p->vf_offset))
				return -EINVAL;
		}
		/*
		 * Naturally aligned, whatever the C alignment (2 on m68k):
		 * the lock word is taken with word-sized atomics.
		 */
		if (f->vf_kind == BPF_FIELD_SPIN_LOCK)
			size = sizeof(struct bpf_spin_lock);
		else if (f->vf_kind == BPF_FIELD_RES_SPIN_LOCK)
			size = sizeof(struct bpf_res_spin_lock);
		else
			continue;
		if (f->vf_size != size || f->vf_depth != 0 ||
		    f->vf_offset % size != 0 ||
		    *offp != BPF_NO_LOCK || *roffp != BPF_NO_LOCK)
			return -EINVAL;
		if (f->vf_kind == BPF_FIELD_SPIN_LOCK)
			*offp = f->vf_offset;
		else
			*roffp = f->vf_offset;
	}
	return 0;
}

static uint32_t
bpf_nbuckets(uint32_t max_entries)
{
	uint32_t n;

	for (n = 1; n < max_entries && n < (UINT32_C(1) << 30); n <<= 1)
		continue;
	return n;
}

/* Sizes of the parts; 0 if the map cannot exist. */
static uint64_t
bpf_data_size(const struct bpf_map_attr *attr, uint32_t *estridep)
{
	uint64_t vstride, estride;

	vstride = BPF_ROUND(attr->value_size);
	switch (attr->map_type) {
	case BPF_MAP_TYPE_ARRAY:
		return vstride * attr->max_entries;
	case BPF_MAP_TYPE_PERCPU_ARRAY:
		return vstride * attr->max_entries * MAXCPUS;
	case BPF_MAP_TYPE_HASH:
		estride = BPF_ROUND(sizeof(struct bpf_htab_elem)) +
		    BPF_ROUND(attr->key_size) + vstride;
		if (estridep != NULL)
			*estridep = (uint32_t)estride;
		return BPF_ROUND(sizeof(struct bpf_htab_bucket) *
		    (uint64_t)bpf_nbuckets(attr->max_entries)) +
		    estride * attr->max_entries;
	default:
		return 0;
	}
}

size_t
bpf_map_storage_size(const struct bpf_map_attr *attr)
{
	uint64_t n;

	if (attr == NULL || attr->max_entries == 0)
		return 0;
	n = bpf_data_size(attr, NULL);
	if (n == 0 || n > SIZE_MAX - BPF_HDR_SIZE)
		return 0;
	return (size_t)(BPF_HDR_SIZE + n);
}

long
bpf_map_create(const struct bpf_map_attr *attr, void *storage, size_t size,
    struct bpf_map **mapp)
{
	struct bpf_map *m;
	unsigned char *p;
	uint32_t lock_off, rlock_off, estride, i;
	size_t need;
	long error;

	if (attr == NULL || mapp == NULL || attr->map_flags != 0 ||
	    attr->key_size == 0 || attr->value_size == 0 ||
	    attr->max_entries == 0)
		return -EINVAL;
	switch (attr->map_type) {
	case BPF_MAP_TYPE_ARRAY:
	case BPF_MAP_TYPE_PERCPU_ARRAY:
		if (attr->key_size != sizeof(uint32_t))
			return -EINVAL;
		break;
	case BPF_MAP_TYPE_HASH:
		break;
	default:
		return -EINVAL;
	}
	/* Keep every offset and stride in 32 bits. */
	if (attr->value_size > (UINT32_C(1) << 20) ||
	    attr->key_size > (UINT32_C(1) << 20))
		return -E2BIG;
	error = bpf_layout_check(attr->value_layout, attr->value_size,
	    &lock_off, &rlock_off);
	if (error != 0)
		return error;
	/* Only these two may hold a lock (Linux's original rule). */
	if ((lock_off != BPF_NO_LOCK || rlock_off != BPF_NO_LOCK) &&
	    attr->map_type != BPF_MAP_TYPE_HASH &&
	    attr->map_type != BPF_MAP_TYPE_ARRAY)
		return -EINVAL;
	need = bpf_map_storage_size(attr);
	if (need == 0)
		return -E2BIG;
	if (storage == NULL || (uintptr_t)storage % BPF_ALIGN != 0)
		return -EINVAL;
	if (size < need)
		return -ENOMEM;

	p = (unsigned char *)storage;
	__builtin_memset(p, 0, need);
	m = (struct bpf_map *)(void *)p;
	m->m_type = attr->map_type;
	m->m_key_size = attr->key_size;
	m->m_value_size = attr->value_size;
	m->m_max_entries = attr->max_entries;
	m->m_lock_off = lock_off;
	m->m_rlock_off = rlock_off;
	m->m_vstride = (uint32_t)BPF_ROUND(attr->value_size);
	p += BPF_HDR_SIZE;
	if (attr->map_type == BPF_MAP_TYPE_HASH) {
		(void)bpf_data_size(attr, &estride);
		m->m_nbuckets = bpf_nbuckets(attr->max_entries);
		m->m_koff = (uint32_t)BPF_ROUND(sizeof(struct bpf_htab_elem));
		m->m_voff = m->m_koff + (uint32_t)BPF_ROUND(attr->key_size);
		m->m_estride = estride;
		m->m_buckets = (struct bpf_htab_bucket *)(void *)p;
		for (i = 0; i < m->m_nbuckets; i++) {
			m->m_buckets[i].hb_head = NULL;
			m->m_buckets[i].hb_lock.val = 0;
		}
		p += BPF_ROUND(sizeof(struct bpf_htab_bucket) *
		    (uint64_t)m->m_nbuckets);
	}
	m->m_data = p;
	*mapp = m;
	return 0;
}

static __inline struct bpf_spin_lock *
bpf_value_lock(const struct bpf_map *m, void *value)
{

	return (struct bpf_spin_lock *)(void *)
	    ((unsigned char *)value + m->m_lock_off);
}

/*
 * Copy a value, all but the lock word.  A value holds at most one
 * lock, of either kind, and both are 4 bytes.
 */
static __inline uint32_t
bpf_any_lock_off(const struct bpf_map *m)
{

	return m->m_lock_off != BPF_NO_LOCK ? m->m_lock_off : m->m_rlock_off;
}

static void
bpf_copy_value(const struct bpf_map *m, void *dst, const void *src)
{
	unsigned char *d = (unsigned char *)dst;
	const unsigned char *s = (const unsigned char *)src;
	uint32_t off = bpf_any_lock_off(m), end;

	if (off == BPF_NO_LOCK) {
		__builtin_memcpy(d, s, m->m_value_size);
		return;
	}
	end = off + (uint32_t)sizeof(struct bpf_spin_lock);
	__builtin_memcpy(d, s, off);
	__builtin_memcpy(d + end, s + end, m->m_value_size - end);
}

/*
 * Copy under the lock of the element, which is src for a lookup and
 * dst for an update, with interrupts off as bpf_spin_lock has them.
 */
static void
bpf_copy_value_locked(const struct bpf_map *m, void *dst, const void *src,
    void *elem)
{
	struct bpf_spin_lock *lock = bpf_value_lock(m, elem);
	int s;

	s = splhigh();
	__sl_bpf_spin_acquire(lock);
	bpf_copy_value(m, dst, src);
	__sl_bpf_spin_release(lock);
	splx(s);
}

/* Out to the caller: the lock word reads 0 in its copy. */
static void
bpf_copy_out(const struct bpf_map *m, void *dst, void *elem, int locked)
{

	if (locked)
		bpf_copy_value_locked(m, dst, elem, elem);
	else
		bpf_copy_value(m, dst, elem);
	if (bpf_any_lock_off(m) != BPF_NO_LOCK)
		__builtin_memset((unsigned char *)dst + bpf_any_lock_off(m), 0,
		    sizeof(struct bpf_spin_lock));
}

static uint32_t
bpf_hash(const void *key, uint32_t len)
{
	const unsigned char *k = (const unsigned char *)key;
	uint32_t h = UINT32_C(2166136261);	/* FNV-1a, then a mix */

	while (len-- > 0)
		h = (h ^ *k++) * UINT32_C(16777619);
	h ^= h >> 16;
	h *= UINT32_C(0x7feb352d);
	h ^= h >> 15;
	return h;
}

static __inline struct bpf_htab_bucket *
bpf_htab_bucket(const struct bpf_map *m, uint32_t hash)
{

	return &m->m_buckets[hash & (m->m_nbuckets - 1)];
}

static __inline void *
bpf_htab_value(const struct bpf_map *m, struct bpf_htab_elem *e)
{

	return (unsigned char *)e + m->m_voff;
}

/* Safe without the bucket lock: chains only grow, at the head. */
static struct bpf_htab_elem *
bpf_htab_find(const struct bpf_map *m, struct bpf_htab_bucket *b,
    const void *key, uint32_t hash)
{
	struct bpf_htab_elem *e;

	for (e = __atomic_load_n(&b->hb_head, __ATOMIC_ACQUIRE); e != NULL;
	    e = e->he_next) {
		if (e->he_hash == hash &&
		    __builtin_memcmp((unsigned char *)e + m->m_koff, key,
		    m->m_key_size) == 0)
			return e;
	}
	return NULL;
}

/* The value for key, or NULL; for the per-CPU array, this CPU's. */
static void *
bpf_map_find(struct bpf_map *m, const void *key)
{
	struct bpf_htab_elem *e;
	uint32_t idx, hash;
	size_t i;

	switch (m->m_type) {
	case BPF_MAP_TYPE_ARRAY:
	case BPF_MAP_TYPE_PERCPU_ARRAY:
		__builtin_memcpy(&idx, key, sizeof(idx));
		if (idx >= m->m_max_entries)
			return NULL;
		i = idx;
		if (m->m_type == BPF_MAP_TYPE_PERCPU_ARRAY)
			i += (size_t)cpu_number() * m->m_max_entries;
		return m->m_data + i * m->m_vstride;
	default:
		hash = bpf_hash(key, m->m_key_size);
		e = bpf_htab_find(m, bpf_htab_bucket(m, hash), key, hash);
		return e != NULL ? bpf_htab_value(m, e) : NULL;
	}
}

void *
bpf_map_lookup_elem(struct bpf_map *m, const void *key)
{

	if (__sl_predict_false(__sl_bpf_spin_call_check("bpf_map_lookup_elem",
	    getcallerpc())))
		return NULL;
	return bpf_map_find(m, key);
}

long
bpf_map_lookup_elem_flags(struct bpf_map *m, const void *key, void *value,
    uint64_t flags)
{
	void *elem;

	if (__sl_predict_false(__sl_bpf_spin_call_check(
	    "bpf_map_lookup_elem_flags", getcallerpc())))
		return -EINVAL;
	if ((flags & ~(uint64_t)BPF_F_LOCK) != 0 ||
	    ((flags & BPF_F_LOCK) != 0 && m->m_lock_off == BPF_NO_LOCK))
		return -EINVAL;
	kpreempt_disable();	/* the per-CPU array's CPU */
	elem = bpf_map_find(m, key);
	if (elem != NULL)
		bpf_copy_out(m, value, elem, (flags & BPF_F_LOCK) != 0);
	kpreempt_enable();
	return elem != NULL ? 0 : -ENOENT;
}

static long
bpf_array_update(struct bpf_map *m, const void *key, const void *value,
    uint64_t flags)
{
	void *elem;
	uint32_t idx;

	__builtin_memcpy(&idx, key, sizeof(idx));
	if (idx >= m->m_max_entries)
		return -E2BIG;
	/* Every element of an array exists. */
	if (BPF_CMD(flags) == BPF_NOEXIST)
		return -EEXIST;
	kpreempt_disable();
	elem = bpf_map_find(m, key);
	if (flags & BPF_F_LOCK)
		bpf_copy_value_locked(m, elem, value, elem);
	else
		bpf_copy_value(m, elem, value);
	kpreempt_enable();
	return 0;
}

static long
bpf_htab_update(struct bpf_map *m, const void *key, const void *value,
    uint64_t flags)
{
	struct bpf_htab_bucket *b;
	struct bpf_htab_elem *e;
	uint32_t hash, n;
	long error;
	int s;

	hash = bpf_hash(key, m->m_key_size);
	b = bpf_htab_bucket(m, hash);

	if (flags & BPF_F_LOCK) {
		/* An existing element is updated in place, bucket unlocked. */
		e = bpf_htab_find(m, b, key, hash);
		if (e != NULL) {
			if (BPF_CMD(flags) == BPF_NOEXIST)
				return -EEXIST;
			bpf_copy_value_locked(m, bpf_htab_value(m, e), value,
			    bpf_htab_value(m, e));
			return 0;
		}
		if (BPF_CMD(flags) == BPF_EXIST)
			return -ENOENT;
	}

	s = splhigh();
	__sl_bpf_spin_acquire(&b->hb_lock);
	e = bpf_htab_find(m, b, key, hash);
	if (e != NULL) {
		if (BPF_CMD(flags) == BPF_NOEXIST) {
			error = -EEXIST;
		} else {
			/* With BPF_F_LOCK: lost a race to an insert. */
			if (flags & BPF_F_LOCK)
				bpf_copy_value_locked(m, bpf_htab_value(m, e),
				    value, bpf_htab_value(m, e));
			else
				bpf_copy_value(m, bpf_htab_value(m, e), value);
			error = 0;
		}
	} else if (BPF_CMD(flags) == BPF_EXIST) {
		error = -ENOENT;
	} else {
		n = __atomic_fetch_add(&m->m_nelems, 1, __ATOMIC_RELAXED);
		if (n >= m->m_max_entries) {
			__atomic_fetch_sub(&m->m_nelems, 1, __ATOMIC_RELAXED);
			error = -E2BIG;
		} else {
			/* The pool was zeroed: the lock word is free. */
			e = (struct bpf_htab_elem *)(void *)
			    (m->m_data + (size_t)n * m->m_estride);
			e->he_hash = hash;
			__builtin_memcpy((unsigned char *)e + m->m_koff, key,
			    m->m_key_size);
			bpf_copy_value(m, bpf_htab_value(m, e), value);
			e->he_next = b->hb_head;
			__atomic_store_n(&b->hb_head, e, __ATOMIC_RELEASE);
			error = 0;
		}
	}
	__sl_bpf_spin_release(&b->hb_lock);
	splx(s);
	return error;
}

long
bpf_map_update_elem(struct bpf_map *m, const void *key, const void *value,
    uint64_t flags)
{

	if (__sl_predict_false(__sl_bpf_spin_call_check("bpf_map_update_elem",
	    getcallerpc())))
		return -EINVAL;
	if (BPF_CMD(flags) > BPF_EXIST ||
	    ((flags & BPF_F_LOCK) != 0 && m->m_lock_off == BPF_NO_LOCK))
		return -EINVAL;
	if (m->m_type == BPF_MAP_TYPE_HASH)
		return bpf_htab_update(m, key, value, flags);
	return bpf_array_update(m, key, value, flags);
}
