/* Allocation with logging: the allocator state is rebuilt at open by replaying the AllocList
 * chain, every allocation and free of a transaction is logged, and the commit appends the
 * log to the chain (or, when squashing, replaces the chain by the list of free runs). */
#include "redoxfs/core/internal.h"
#include "redoxfs/core/mem.h"
#include "redoxfs/core/seahash.h"
#include "redoxfs/core/shim.h"

static int entry_push(rfs_fs *fs, rfs_entry_vec *v, uint64_t index, int64_t count) {
    if (v->len) {
        rfs_alloc_entry *last = &v->items[v->len - 1];
        int64_t last_count = last->count;
        bool same_sign = (last_count > 0) == (count > 0);
        uint64_t last_len = (uint64_t)(last_count > 0 ? last_count : -last_count);
        if (same_sign && last->index + last_len == index) {
            last->count = last_count + count;
            return 0;
        }
    }
    if (v->len == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 64;
        rfs_alloc_entry *items = rfs_shim_alloc(cap * sizeof *items);
        if (!items)
            return RFS_FAIL(fs, RFS_ENOMEM, "out of memory for the allocation log");
        if (v->len)
            rfs_memcpy(items, v->items, v->len * sizeof *items);
        rfs_shim_free(v->items);
        v->items = items;
        v->cap = cap;
    }
    v->items[v->len].index = index;
    v->items[v->len].count = count;
    v->len++;
    return 0;
}

int rfs_space_allocate(rfs_fs *fs, unsigned level, uint64_t *index) {
    if (!rfs_alloc_take(&fs->alloc, level, index))
        return RFS_FAIL(fs, RFS_ENOSPC, "no free space left for a %u KiB block",
                        RFS_U(4u << level));
    return entry_push(fs, &fs->tx_log, *index, -((int64_t)1 << level));
}

int rfs_space_free(rfs_fs *fs, uint64_t index, uint64_t count) {
    if (index < RFS_RESERVED_BLOCKS || !rfs_alloc_range_used(&fs->alloc, index, count))
        return RFS_FAIL(fs, RFS_EIO, "freeing blocks %u..%u that are not allocated",
                        RFS_U(index), RFS_U(index + count - 1));
    int rc = entry_push(fs, &fs->deferred, index, (int64_t)count);
    return rc < 0 ? rc : entry_push(fs, &fs->tx_log, index, (int64_t)count);
}

static int chain_push(rfs_fs *fs, rfs_blockptr ptr) {
    if (fs->alloc_chain_len == fs->alloc_chain_cap) {
        size_t cap = fs->alloc_chain_cap ? fs->alloc_chain_cap * 2 : 16;
        rfs_blockptr *items = rfs_shim_alloc(cap * sizeof *items);
        if (!items)
            return RFS_FAIL(fs, RFS_ENOMEM, "out of memory for the allocation log");
        if (fs->alloc_chain_len)
            rfs_memcpy(items, fs->alloc_chain, fs->alloc_chain_len * sizeof *items);
        rfs_shim_free(fs->alloc_chain);
        fs->alloc_chain = items;
        fs->alloc_chain_cap = cap;
    }
    fs->alloc_chain[fs->alloc_chain_len++] = ptr;
    return 0;
}

/* Applies one log entry to the allocator, checking it against the current state. */
static int replay_entry(rfs_fs *fs, const rfs_alloc_entry *e, uint64_t list_index, unsigned slot) {
    int64_t count = e->count;
    uint64_t len = (uint64_t)(count > 0 ? count : -count);
    rfs_alloc *a = &fs->alloc;
    if (e->index < RFS_RESERVED_BLOCKS || e->index > a->blocks || len > a->blocks - e->index)
        return RFS_FAIL(fs, RFS_EIO, "AllocList at block %u, entry %u: blocks %u (+%u) are outside the usable area",
                        RFS_U(list_index), RFS_U(slot), RFS_U(e->index), RFS_U(len));
    if (count > 0) {
        if (!rfs_alloc_range_used(a, e->index, len))
            return RFS_FAIL(fs, RFS_EIO, "AllocList at block %u, entry %u: frees blocks %u (+%u) that are already free",
                            RFS_U(list_index), RFS_U(slot), RFS_U(e->index), RFS_U(len));
        rfs_alloc_mark_free(a, e->index, len);
    } else {
        if (!rfs_alloc_range_free(a, e->index, len))
            return RFS_FAIL(fs, RFS_EIO, "AllocList at block %u, entry %u: allocates blocks %u (+%u) that are not free",
                            RFS_U(list_index), RFS_U(slot), RFS_U(e->index), RFS_U(len));
        rfs_alloc_mark_used(a, e->index, len);
    }
    return 0;
}

int rfs_space_load(rfs_fs *fs) {
    if (!rfs_alloc_init(&fs->alloc, fs->blocks))
        return RFS_FAIL(fs, RFS_ENOMEM, "out of memory for the free-space map of %u blocks",
                        RFS_U(fs->blocks));
    fs->alloc_newest = rfs_shim_alloc(sizeof *fs->alloc_newest);
    if (!fs->alloc_newest)
        return RFS_FAIL(fs, RFS_ENOMEM, "out of memory for the allocation log");
    /* Collect the chain newest first, then replay it oldest first. */
    rfs_blockptr p = fs->header.alloc;
    while (!rfs_ptr_is_null(&p)) {
        if (fs->alloc_chain_len >= fs->blocks)
            return RFS_FAIL(fs, RFS_EIO, "the AllocList chain loops");
        int rc = chain_push(fs, p);
        if (rc == 0)
            rc = rfs_block_read4k(fs, &p, fs->alloc_newest);
        if (rc < 0) {
            rfs_error_prefix(&fs->error, "allocation log");
            return rc;
        }
        p = fs->alloc_newest->prev;
    }
    for (size_t i = 0, j = fs->alloc_chain_len - 1; i < fs->alloc_chain_len / 2; i++, j--) {
        rfs_blockptr t = fs->alloc_chain[i];
        fs->alloc_chain[i] = fs->alloc_chain[j];
        fs->alloc_chain[j] = t;
    }
    for (size_t k = 0; k < fs->alloc_chain_len; k++) {
        int rc = rfs_block_read4k(fs, &fs->alloc_chain[k], fs->alloc_newest);
        if (rc < 0) {
            rfs_error_prefix(&fs->error, "allocation log");
            return rc;
        }
        for (unsigned slot = 0; slot < RFS_ALLOC_LIST_ENTRIES; slot++) {
            const rfs_alloc_entry *e = &fs->alloc_newest->entries[slot];
            if (e->count == 0)
                continue;
            rc = replay_entry(fs, e, rfs_addr_index(fs->alloc_chain[k].addr), slot);
            if (rc < 0)
                return rc;
        }
    }
    if (!fs->alloc_chain_len)
        rfs_memset(fs->alloc_newest, 0, sizeof *fs->alloc_newest);
    return 0;
}

static int write_list(rfs_fs *fs, rfs_alloc_list *list, uint64_t index, rfs_blockptr *out) {
    out->addr = rfs_addr(index, 0, 0);
    out->hash = rfs_seahash(list, sizeof *list);
    return rfs_wc_write(fs, index, 1, list);
}

/* Fills `count` lists at blocks[] from entries (in order) and chains them after `prev`. */
static int write_lists(rfs_fs *fs, const rfs_alloc_entry *entries, size_t len, const uint64_t *blocks,
                       size_t count, rfs_blockptr prev) {
    rfs_alloc_list *list = fs->alloc_newest;
    for (size_t k = 0; k < count; k++) {
        rfs_memset(list, 0, sizeof *list);
        list->prev = prev;
        size_t from = k * RFS_ALLOC_LIST_ENTRIES;
        for (size_t i = 0; i < RFS_ALLOC_LIST_ENTRIES && from + i < len; i++)
            list->entries[i] = entries[from + i];
        int rc = write_list(fs, list, blocks[k], &prev);
        if (rc == 0)
            rc = chain_push(fs, prev);
        if (rc < 0)
            return rc;
    }
    fs->header.alloc = prev;
    return 0;
}

static size_t lists_for(size_t entries) {
    size_t n = (entries + RFS_ALLOC_LIST_ENTRIES - 1) / RFS_ALLOC_LIST_ENTRIES;
    return n ? n : 1;
}

/* The free space as it will be after the commit: the map plus the deferred frees. */
static void future_free_map(const rfs_fs *fs, uint64_t *bits) {
    rfs_memcpy(bits, fs->alloc.bits, fs->alloc.words * 8);
    for (size_t i = 0; i < fs->deferred.len; i++)
        rfs_bitmap_set(bits, fs->deferred.items[i].index, (uint64_t)fs->deferred.items[i].count);
}

static size_t count_runs(const uint64_t *bits, uint64_t words) {
    size_t runs = 0;
    uint64_t pos = 0, start, len;
    while (rfs_bitmap_next_run(bits, words, &pos, &start, &len))
        runs++;
    return runs;
}

static int sync_squash(rfs_fs *fs) {
    for (size_t k = 0; k < fs->alloc_chain_len; k++) {
        int rc = rfs_space_free(fs, rfs_addr_index(fs->alloc_chain[k].addr), 1);
        if (rc < 0)
            return rc;
    }
    fs->alloc_chain_len = 0;
    uint64_t *bits = rfs_shim_alloc((size_t)(fs->alloc.words ? fs->alloc.words : 1) * 8);
    rfs_entry_vec runs = {0};
    uint64_t *blocks = NULL;
    size_t have = 0;
    int rc = bits ? 0 : RFS_FAIL(fs, RFS_ENOMEM, "out of memory squashing the allocation log");
    /* Taking list blocks can split a run in two, so settle the count in a loop. */
    while (rc == 0) {
        future_free_map(fs, bits);
        size_t need = lists_for(count_runs(bits, fs->alloc.words));
        if (have >= need)
            break;
        uint64_t *more = rfs_shim_alloc(need * sizeof *more);
        if (!more) {
            rc = RFS_FAIL(fs, RFS_ENOMEM, "out of memory squashing the allocation log");
            break;
        }
        if (have)
            rfs_memcpy(more, blocks, have * sizeof *more);
        rfs_shim_free(blocks);
        blocks = more;
        while (rc == 0 && have < need)
            rc = rfs_space_allocate(fs, 0, &blocks[have++]);
    }
    uint64_t pos = 0, start, len;
    while (rc == 0 && rfs_bitmap_next_run(bits, fs->alloc.words, &pos, &start, &len))
        rc = entry_push(fs, &runs, start, (int64_t)len);
    if (rc == 0) {
        rfs_blockptr none = {0, 0};
        rc = write_lists(fs, runs.items, runs.len, blocks, have, none);
    }
    rfs_shim_free(bits);
    rfs_shim_free(blocks);
    rfs_shim_free(runs.items);
    return rc;
}

/* Appending rewrites the newest list with this transaction's entries; a transaction whose
 * log would need more lists than this squashes instead. */
#define APPEND_MAX_LISTS 32u

static int sync_append(rfs_fs *fs) {
    rfs_blockptr newest = fs->alloc_chain[fs->alloc_chain_len - 1];
    rfs_blockptr prev = fs->alloc_newest->prev;
    rfs_entry_vec all = {0};
    int rc = 0;
    for (unsigned i = 0; rc == 0 && i < RFS_ALLOC_LIST_ENTRIES; i++) {
        const rfs_alloc_entry *e = &fs->alloc_newest->entries[i];
        if (e->count)
            rc = entry_push(fs, &all, e->index, e->count);
    }
    size_t old_entries = all.len;
    if (rc == 0)
        rc = rfs_space_free(fs, rfs_addr_index(newest.addr), 1);
    fs->alloc_chain_len--;
    uint64_t blocks[APPEND_MAX_LISTS];
    size_t have = 0;
    /* Each list block taken adds at most one log entry (rfs_space_sync keeps this within
     * APPEND_MAX_LISTS). */
    while (rc == 0 && have < lists_for(old_entries + fs->tx_log.len))
        rc = rfs_space_allocate(fs, 0, &blocks[have++]);
    for (size_t i = 0; rc == 0 && i < fs->tx_log.len; i++)
        rc = entry_push(fs, &all, fs->tx_log.items[i].index, fs->tx_log.items[i].count);
    if (rc == 0)
        rc = write_lists(fs, all.items, all.len, blocks, have, prev);
    rfs_shim_free(all.items);
    return rc;
}

int rfs_space_sync(rfs_fs *fs, bool squash) {
    if (squash || fs->alloc_chain_len == 0 ||
        lists_for(RFS_ALLOC_LIST_ENTRIES + fs->tx_log.len + APPEND_MAX_LISTS + 1) > APPEND_MAX_LISTS)
        return sync_squash(fs);
    return sync_append(fs);
}

void rfs_space_after_commit(rfs_fs *fs) {
    for (size_t i = 0; i < fs->deferred.len; i++)
        rfs_alloc_mark_free(&fs->alloc, fs->deferred.items[i].index,
                            (uint64_t)fs->deferred.items[i].count);
    fs->deferred.len = 0;
    fs->tx_log.len = 0;
}

void rfs_space_destroy(rfs_fs *fs) {
    rfs_alloc_destroy(&fs->alloc);
    rfs_shim_free(fs->tx_log.items);
    rfs_shim_free(fs->deferred.items);
    rfs_shim_free(fs->alloc_chain);
    rfs_shim_free(fs->alloc_newest);
    fs->tx_log = fs->deferred = (rfs_entry_vec){0};
    fs->alloc_chain = NULL;
    fs->alloc_newest = NULL;
    fs->alloc_chain_len = fs->alloc_chain_cap = 0;
}
