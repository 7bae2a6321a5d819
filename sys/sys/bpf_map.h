/*	$simplelock: sys/bpf_map.h $	*/
/* SPDX-License-Identifier: BSD-2-Clause */

/*
 * bpf_map(9): small array and hash maps whose values may hold a
 * bpf_spin_lock or a bpf_res_spin_lock, with Linux's copy rules.
 *
 * A value with a lock is described by a layout, the part of BTF the
 * kernel needs: the value's size and its fields, each with a kind, an
 * offset, a size and a nesting depth (0 for a member of the value's
 * own struct).  The map lives in storage the caller provides.
 * Functions returning long return 0 or a negative errno.
 */

#ifndef _SYS_BPF_MAP_H_
#define _SYS_BPF_MAP_H_

#include <stddef.h>
#include <stdint.h>

#include <sys/bpf_spinlock.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Map types, numbered as Linux numbers them. */
enum bpf_map_type {
	BPF_MAP_TYPE_UNSPEC = 0,
	BPF_MAP_TYPE_HASH = 1,
	BPF_MAP_TYPE_ARRAY = 2,
	BPF_MAP_TYPE_PERCPU_ARRAY = 6
};

/* Update and lookup flags: one of the first three, or'ed with the last. */
enum bpf_map_flag {
	BPF_ANY = 0,		/* create or replace */
	BPF_NOEXIST = 1,	/* create only */
	BPF_EXIST = 2,		/* replace only */
	BPF_F_LOCK = 4		/* copy under the element's lock */
};

enum bpf_field_kind {
	BPF_FIELD_DATA = 0,	/* plain bytes */
	BPF_FIELD_STRUCT = 1,	/* a struct: fields one deeper follow */
	BPF_FIELD_SPIN_LOCK = 2,	/* a struct bpf_spin_lock */
	BPF_FIELD_RES_SPIN_LOCK = 3	/* a struct bpf_res_spin_lock */
};

struct bpf_value_field {
	uint32_t	vf_kind;	/* enum bpf_field_kind */
	uint32_t	vf_offset;	/* bytes from the start of the value */
	uint32_t	vf_size;
	uint32_t	vf_depth;	/* 0: top level of the value */
};

struct bpf_value_layout {
	uint32_t			vl_size;	/* the value's */
	uint32_t			vl_nfields;
	const struct bpf_value_field	*vl_fields;
};

struct bpf_map_attr {
	uint32_t			map_type;	/* enum bpf_map_type */
	uint32_t			key_size;
	uint32_t			value_size;
	uint32_t			max_entries;
	uint32_t			map_flags;	/* none defined: 0 */
	const struct bpf_value_layout	*value_layout;	/* NULL: no BTF */
};

struct bpf_map;

size_t	bpf_map_storage_size(const struct bpf_map_attr *);
long	bpf_map_create(const struct bpf_map_attr *, void *, size_t,
	    struct bpf_map **);
void	*bpf_map_lookup_elem(struct bpf_map *, const void *);
long	bpf_map_lookup_elem_flags(struct bpf_map *, const void *, void *,
	    uint64_t);
long	bpf_map_update_elem(struct bpf_map *, const void *, const void *,
	    uint64_t);

#ifdef __cplusplus
}
#endif

#endif /* !_SYS_BPF_MAP_H_ */
