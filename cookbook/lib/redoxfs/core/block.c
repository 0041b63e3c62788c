/* Block I/O through a cache. Reads are verified against the pointer's seahash and LZ4
 * records are decompressed; clean blocks are kept in an LRU bounded by bytes. Modified
 * blocks live here as dirty "pending" blocks until the commit gives them addresses. */
#include "redoxfs/core/internal.h"
#include "redoxfs/core/lz4.h"
#include "redoxfs/core/mem.h"
#include "redoxfs/core/seahash.h"
#include "redoxfs/core/shim.h"

#define INITIAL_BUCKETS 1024u
#define WRITE_COMBINE_BLOCKS 256u

static size_t level_bytes(unsigned level) {
    return (size_t)RFS_BLOCK_SIZE << level;
}

static size_t bucket_of(const rfs_cache *c, uint64_t index) {
    return (size_t)((index * 0x9E3779B97F4A7C15ULL) >> 20) & (c->bucket_count - 1);
}

int rfs_cache_init(rfs_fs *fs, size_t clean_limit) {
    rfs_cache *c = &fs->cache;
    c->bucket_count = INITIAL_BUCKETS;
    c->buckets = rfs_zalloc(c->bucket_count * sizeof *c->buckets);
    c->lru.lru_next = c->lru.lru_prev = &c->lru;
    c->clean_limit = clean_limit;
    c->next_pending = RFS_PENDING_BASE;
    fs->io_buf = rfs_shim_alloc(RFS_MAX_RECORD_BYTES);
    fs->wc_buf = rfs_shim_alloc(WRITE_COMBINE_BLOCKS * RFS_BLOCK_SIZE);
    if (!c->buckets || !fs->io_buf || !fs->wc_buf)
        return RFS_FAIL(fs, RFS_ENOMEM, "out of memory for the block cache");
    return 0;
}

static void free_block(rfs_cblock *b) {
    rfs_shim_free(b->data);
    rfs_shim_free(b);
}

void rfs_cache_destroy(rfs_fs *fs) {
    rfs_cache *c = &fs->cache;
    for (size_t i = 0; c->buckets && i < c->bucket_count; i++) {
        rfs_cblock *b = c->buckets[i];
        while (b) {
            rfs_cblock *next = b->bucket_next;
            free_block(b);
            b = next;
        }
    }
    rfs_shim_free(c->buckets);
    rfs_shim_free(fs->io_buf);
    rfs_shim_free(fs->wc_buf);
    rfs_memset(c, 0, sizeof *c);
    fs->io_buf = fs->wc_buf = NULL;
}

void rfs_cache_drop_all_dirty(rfs_fs *fs) {
    rfs_cache *c = &fs->cache;
    for (size_t i = 0; i < c->bucket_count; i++) {
        rfs_cblock **pp = &c->buckets[i];
        while (*pp) {
            rfs_cblock *b = *pp;
            if (b->dirty) {
                *pp = b->bucket_next;
                c->entries--;
                c->dirty_bytes -= (size_t)RFS_BLOCK_SIZE << b->level;
                free_block(b);
            } else {
                pp = &b->bucket_next;
            }
        }
    }
    fs->wc_blocks = 0;
}

static rfs_cblock *lookup(rfs_cache *c, uint64_t index) {
    for (rfs_cblock *b = c->buckets[bucket_of(c, index)]; b; b = b->bucket_next) {
        if (b->index == index)
            return b;
    }
    return NULL;
}

/* Doubles the table when it gets crowded; without memory it simply stays crowded. */
static void maybe_grow(rfs_cache *c) {
    if (c->entries < c->bucket_count * 2)
        return;
    size_t count = c->bucket_count * 2;
    rfs_cblock **buckets = rfs_zalloc(count * sizeof *buckets);
    if (!buckets)
        return;
    rfs_cblock **old = c->buckets;
    size_t old_count = c->bucket_count;
    c->buckets = buckets;
    c->bucket_count = count;
    for (size_t i = 0; i < old_count; i++) {
        rfs_cblock *b = old[i];
        while (b) {
            rfs_cblock *next = b->bucket_next;
            size_t k = bucket_of(c, b->index);
            b->bucket_next = buckets[k];
            buckets[k] = b;
            b = next;
        }
    }
    rfs_shim_free(old);
}

static void table_insert(rfs_cache *c, rfs_cblock *b) {
    maybe_grow(c);
    size_t k = bucket_of(c, b->index);
    b->bucket_next = c->buckets[k];
    c->buckets[k] = b;
    c->entries++;
}

static void table_remove(rfs_cache *c, rfs_cblock *b) {
    rfs_cblock **pp = &c->buckets[bucket_of(c, b->index)];
    while (*pp != b)
        pp = &(*pp)->bucket_next;
    *pp = b->bucket_next;
    c->entries--;
}

static void lru_unlink(rfs_cblock *b) {
    b->lru_prev->lru_next = b->lru_next;
    b->lru_next->lru_prev = b->lru_prev;
}

static void lru_push_front(rfs_cache *c, rfs_cblock *b) {
    b->lru_next = c->lru.lru_next;
    b->lru_prev = &c->lru;
    c->lru.lru_next->lru_prev = b;
    c->lru.lru_next = b;
}

static void drop_clean(rfs_cache *c, rfs_cblock *b) {
    table_remove(c, b);
    lru_unlink(b);
    c->clean_bytes -= level_bytes(b->level);
    free_block(b);
}

/* Adds a clean block, evicting the least recently used ones beyond the limit. */
static void add_clean(rfs_cache *c, rfs_cblock *b) {
    rfs_cblock *stale = lookup(c, b->index);
    if (stale)
        drop_clean(c, stale);
    table_insert(c, b);
    lru_push_front(c, b);
    c->clean_bytes += level_bytes(b->level);
    while (c->clean_bytes > c->clean_limit && c->lru.lru_prev != b)
        drop_clean(c, c->lru.lru_prev);
}

bool rfs_ptr_is_pending(const rfs_blockptr *p) {
    return rfs_addr_index(p->addr) >= RFS_PENDING_BASE;
}

static int disk_read(rfs_fs *fs, uint64_t index, uint64_t count, void *buf) {
    if (index > fs->blocks || count > fs->blocks - index)
        return RFS_FAIL(fs, RFS_EIO, "block %u (+%u) lies beyond the end of the filesystem (%u blocks)",
                        RFS_U(index), RFS_U(count), RFS_U(fs->blocks));
    int rc = fs->disk.read(fs->disk.ctx, fs->fs_block + index, count, buf);
    if (rc < 0)
        return RFS_FAIL(fs, -rc, "reading block %u (+%u): device error", RFS_U(index), RFS_U(count));
    return 0;
}

int rfs_disk_write(rfs_fs *fs, uint64_t index, uint64_t count, const void *buf) {
    if (index > fs->blocks || count > fs->blocks - index)
        return RFS_FAIL(fs, RFS_EIO, "writing block %u (+%u) beyond the end of the filesystem",
                        RFS_U(index), RFS_U(count));
    int rc = fs->disk.write(fs->disk.ctx, fs->fs_block + index, count, buf);
    if (rc < 0)
        return RFS_FAIL(fs, -rc, "writing block %u (+%u): device error", RFS_U(index), RFS_U(count));
    return 0;
}

rfs_cblock *rfs_cache_dirty(rfs_fs *fs, const rfs_blockptr *p) {
    rfs_cblock *b = lookup(&fs->cache, rfs_addr_index(p->addr));
    if (!b || !b->dirty) {
        RFS_FAIL(fs, RFS_EIO, "pointer to block %u lies beyond the end of the filesystem",
                 RFS_U(rfs_addr_index(p->addr)));
        return NULL;
    }
    return b;
}

/* Reads, verifies and decompresses the committed block p points to into a new clean entry. */
static int load(rfs_fs *fs, const rfs_blockptr *p, rfs_cblock **out) {
    uint64_t index = rfs_addr_index(p->addr);
    unsigned level = rfs_addr_level(p->addr), decomp = rfs_addr_decomp(p->addr);
    if (level > RFS_RECORD_LEVEL || decomp > RFS_RECORD_LEVEL || (decomp && decomp <= level))
        return RFS_FAIL(fs, RFS_EIO, "block %u: invalid address %x (level %u, compressed level %u)",
                        RFS_U(index), RFS_U(p->addr), RFS_U(level), RFS_U(decomp));
    unsigned logical = decomp ? decomp : level;
    rfs_cblock *b = rfs_zalloc(sizeof *b);
    uint8_t *data = rfs_shim_alloc(level_bytes(logical));
    if (!b || !data) {
        rfs_shim_free(b);
        rfs_shim_free(data);
        return RFS_FAIL(fs, RFS_ENOMEM, "out of memory reading block %u", RFS_U(index));
    }
    b->data = data;
    b->index = index;
    b->addr = p->addr;
    b->hash = p->hash;
    b->level = logical;
    uint8_t *stored = decomp ? fs->io_buf : data;
    size_t stored_bytes = level_bytes(level);
    int rc = disk_read(fs, index, (uint64_t)1 << level, stored);
    if (rc == 0 && fs->verify) {
        uint64_t hash = rfs_seahash(stored, stored_bytes);
        if (hash != p->hash)
            rc = RFS_FAIL(fs, RFS_EIO, "block %u: checksum mismatch (expected %x, found %x)",
                          RFS_U(index), RFS_U(p->hash), RFS_U(hash));
    }
    if (rc == 0 && decomp) {
        size_t comp_len = (size_t)stored[0] | (size_t)stored[1] << 8;
        int64_t n = comp_len <= stored_bytes - 2
                        ? rfs_lz4_decompress(stored + 2, comp_len, data, level_bytes(logical))
                        : -1;
        if (n < 0)
            rc = RFS_FAIL(fs, RFS_EIO, "block %u: corrupt LZ4 record (%u compressed bytes)",
                          RFS_U(index), RFS_U(comp_len));
        else
            rfs_memset(data + n, 0, level_bytes(logical) - (size_t)n);
    }
    if (rc < 0) {
        free_block(b);
        return rc;
    }
    *out = b;
    return 0;
}

int rfs_block_view(rfs_fs *fs, const rfs_blockptr *p, const uint8_t **data, size_t *bytes) {
    rfs_cache *c = &fs->cache;
    rfs_cblock *b;
    if (rfs_ptr_is_null(p))
        return RFS_FAIL(fs, RFS_EIO, "unexpected null block pointer");
    if (rfs_ptr_is_pending(p)) {
        b = rfs_cache_dirty(fs, p);
        if (!b)
            return -RFS_EIO;
    } else {
        b = lookup(c, rfs_addr_index(p->addr));
        if (b && !b->dirty && b->addr == p->addr && b->hash == p->hash) {
            lru_unlink(b);
            lru_push_front(c, b);
        } else {
            int rc = load(fs, p, &b);
            if (rc < 0)
                return rc;
            add_clean(c, b);
        }
    }
    *data = b->data;
    *bytes = level_bytes(b->level);
    return 0;
}

int rfs_block_read4k(rfs_fs *fs, const rfs_blockptr *p, void *out) {
    const uint8_t *data;
    size_t bytes;
    int rc = rfs_block_view(fs, p, &data, &bytes);
    if (rc < 0)
        return rc;
    if (bytes != RFS_BLOCK_SIZE || rfs_addr_decomp(p->addr))
        return RFS_FAIL(fs, RFS_EIO, "block %u: metadata block with level %u address",
                        RFS_U(rfs_addr_index(p->addr)), RFS_U(rfs_addr_logical_level(p->addr)));
    rfs_memcpy(out, data, RFS_BLOCK_SIZE);
    return 0;
}

/* Blocks kept free for the commit's own allocator and release lists. */
#define COMMIT_RESERVE_BLOCKS 8u

int rfs_space_check(rfs_fs *fs, uint64_t blocks) {
    /* Pending blocks get their space at the commit; refuse work that could not be stored. */
    uint64_t pending = fs->cache.dirty_bytes / RFS_BLOCK_SIZE + blocks;
    if (pending + COMMIT_RESERVE_BLOCKS > fs->alloc.free_count)
        return RFS_FAIL(fs, RFS_ENOSPC, "no space left on the filesystem");
    return 0;
}

static rfs_cblock *new_dirty(rfs_fs *fs, unsigned level) {
    if (rfs_space_check(fs, (uint64_t)1 << level) < 0)
        return NULL;
    rfs_cblock *b = rfs_zalloc(sizeof *b);
    uint8_t *data = rfs_shim_alloc(level_bytes(level));
    if (!b || !data) {
        rfs_shim_free(b);
        rfs_shim_free(data);
        RFS_FAIL(fs, RFS_ENOMEM, "out of memory for a modified block");
        return NULL;
    }
    b->data = data;
    b->level = level;
    b->dirty = true;
    b->index = fs->cache.next_pending++;
    return b;
}

static void add_dirty(rfs_fs *fs, rfs_cblock *b, rfs_blockptr *p) {
    table_insert(&fs->cache, b);
    fs->cache.dirty_bytes += level_bytes(b->level);
    p->addr = rfs_addr(b->index, b->level, 0);
    p->hash = 0;
    fs->changed = true;
}

int rfs_block_modify(rfs_fs *fs, rfs_blockptr *p, unsigned level, bool keep, uint8_t **data,
                     int64_t *delta) {
    if (rfs_ptr_is_pending(p)) {
        rfs_cblock *b = rfs_cache_dirty(fs, p);
        if (!b)
            return -RFS_EIO;
        if (level > b->level) {
            uint8_t *bigger = rfs_shim_alloc(level_bytes(level));
            if (!bigger)
                return RFS_FAIL(fs, RFS_ENOMEM, "out of memory growing a record");
            rfs_memcpy(bigger, b->data, level_bytes(b->level));
            rfs_memset(bigger + level_bytes(b->level), 0, level_bytes(level) - level_bytes(b->level));
            rfs_shim_free(b->data);
            b->data = bigger;
            fs->cache.dirty_bytes += level_bytes(level) - level_bytes(b->level);
            *delta += ((int64_t)1 << level) - ((int64_t)1 << b->level);
            b->level = level;
            p->addr = rfs_addr(b->index, level, 0);
        }
        *data = b->data;
        return 0;
    }
    if (rfs_ptr_is_null(p)) {
        rfs_cblock *b = new_dirty(fs, level);
        if (!b)
            return -fs->error.code;
        rfs_memset(b->data, 0, level_bytes(level));
        add_dirty(fs, b, p);
        *delta += (int64_t)1 << level;
        *data = b->data;
        return 0;
    }
    unsigned old_logical = rfs_addr_logical_level(p->addr);
    unsigned new_level = level > old_logical ? level : old_logical;
    rfs_cblock *b = new_dirty(fs, new_level);
    if (!b)
        return -fs->error.code;
    if (keep) {
        const uint8_t *old;
        size_t bytes;
        int rc = rfs_block_view(fs, p, &old, &bytes);
        if (rc < 0) {
            free_block(b);
            return rc;
        }
        rfs_memcpy(b->data, old, bytes);
        rfs_memset(b->data + bytes, 0, level_bytes(new_level) - bytes);
    }
    unsigned old_level = rfs_addr_level(p->addr);
    int rc = rfs_space_free(fs, rfs_addr_index(p->addr), (uint64_t)1 << old_level);
    if (rc < 0) {
        free_block(b);
        return rc;
    }
    add_dirty(fs, b, p);
    *delta += ((int64_t)1 << new_level) - ((int64_t)1 << old_level);
    *data = b->data;
    return 0;
}

static void drop_dirty(rfs_fs *fs, rfs_cblock *b) {
    table_remove(&fs->cache, b);
    fs->cache.dirty_bytes -= level_bytes(b->level);
    free_block(b);
}

int rfs_block_free(rfs_fs *fs, rfs_blockptr *p, int64_t *delta) {
    if (rfs_ptr_is_null(p))
        return 0;
    if (rfs_ptr_is_pending(p)) {
        rfs_cblock *b = rfs_cache_dirty(fs, p);
        if (!b)
            return -RFS_EIO;
        *delta -= (int64_t)1 << b->level;
        drop_dirty(fs, b);
    } else {
        unsigned level = rfs_addr_level(p->addr);
        int rc = rfs_space_free(fs, rfs_addr_index(p->addr), (uint64_t)1 << level);
        if (rc < 0)
            return rc;
        *delta -= (int64_t)1 << level;
    }
    p->addr = p->hash = 0;
    fs->changed = true;
    return 0;
}


void rfs_cache_settle(rfs_fs *fs, rfs_cblock *b, uint64_t addr, uint64_t hash) {
    rfs_cache *c = &fs->cache;
    table_remove(c, b);
    c->dirty_bytes -= level_bytes(b->level);
    b->dirty = false;
    b->index = rfs_addr_index(addr);
    b->addr = addr;
    b->hash = hash;
    add_clean(c, b);
}

int rfs_wc_flush(rfs_fs *fs) {
    if (!fs->wc_blocks)
        return 0;
    int rc = rfs_disk_write(fs, fs->wc_start, fs->wc_blocks, fs->wc_buf);
    fs->wc_blocks = 0;
    return rc;
}

int rfs_wc_write(rfs_fs *fs, uint64_t index, uint64_t count, const void *buf) {
    if (fs->wc_blocks && (index != fs->wc_start + fs->wc_blocks ||
                          fs->wc_blocks + count > WRITE_COMBINE_BLOCKS)) {
        int rc = rfs_wc_flush(fs);
        if (rc < 0)
            return rc;
    }
    if (count > WRITE_COMBINE_BLOCKS)
        return rfs_disk_write(fs, index, count, buf);
    if (!fs->wc_blocks)
        fs->wc_start = index;
    rfs_memcpy(fs->wc_buf + fs->wc_blocks * RFS_BLOCK_SIZE, buf, count * RFS_BLOCK_SIZE);
    fs->wc_blocks += count;
    return 0;
}
