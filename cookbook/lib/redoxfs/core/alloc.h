/* Free space of a volume as a bitmap (1 = free) with buddy-allocator semantics.
 *
 * Upstream keeps per-level sets of free buddy blocks, merging freed buddies eagerly, so its
 * state is always the canonical decomposition of the free space into maximal aligned
 * power-of-two blocks, and an allocation of level L takes the lowest-indexed free block of
 * level >= L and splits it. That block starts at the lowest index i aligned to 2^L with
 * [i, i + 2^L) entirely free, so a bitmap answers every question identically. */
#ifndef RFS_ALLOC_H
#define RFS_ALLOC_H

#include <stdbool.h>
#include <stdint.h>

#include "redoxfs/core/format.h"

typedef struct rfs_alloc {
    uint64_t *bits;
    uint64_t blocks, words;
    uint64_t free_count;
    /* Per level: no aligned free block of that level starts in a word below this one. */
    uint64_t hint[RFS_MAX_LEVEL + 1];
} rfs_alloc;

/* Everything starts allocated (replaying the log frees). Returns false without memory. */
bool rfs_alloc_init(rfs_alloc *a, uint64_t blocks);
void rfs_alloc_destroy(rfs_alloc *a);

/* Changes the number of blocks; new blocks start allocated, cut-off ones are forgotten.
 * Returns false without memory (the map is then unchanged). */
bool rfs_alloc_resize(rfs_alloc *a, uint64_t blocks);

bool rfs_alloc_range_free(const rfs_alloc *a, uint64_t index, uint64_t count);
bool rfs_alloc_range_used(const rfs_alloc *a, uint64_t index, uint64_t count);
void rfs_alloc_mark_free(rfs_alloc *a, uint64_t index, uint64_t count);
void rfs_alloc_mark_used(rfs_alloc *a, uint64_t index, uint64_t count);

/* Takes the buddy block upstream would pick for `level`; false when none is free. */
bool rfs_alloc_take(rfs_alloc *a, unsigned level, uint64_t *index);

/* Sets bits [index, index + count) of a plain bitmap. */
void rfs_bitmap_set(uint64_t *bits, uint64_t index, uint64_t count);

/* The next run of set bits at or after *pos in bits[0..words): its start and length;
 * false when there is none. */
bool rfs_bitmap_next_run(const uint64_t *bits, uint64_t words, uint64_t *pos, uint64_t *start,
                         uint64_t *len);

#endif
