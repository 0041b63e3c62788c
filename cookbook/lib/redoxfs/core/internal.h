/* Shared internals of the core: the filesystem state and the interfaces between its parts
 * (block cache, allocator, node tree, files, directories, commit). */
#ifndef RFS_INTERNAL_H
#define RFS_INTERNAL_H

#include "redoxfs/core/alloc.h"
#include "redoxfs/core/error.h"
#include "redoxfs/core/format.h"
#include "redoxfs/core/redoxfs.h"

/* Blocks changed since the last commit have no disk address yet: their pointers carry a
 * "pending" index at or above this value (far beyond any real volume), and the commit
 * gives them real addresses bottom-up. */
#define RFS_PENDING_BASE ((uint64_t)1 << 54)
#define RFS_MAX_RECORD_BYTES (RFS_BLOCK_SIZE << RFS_RECORD_LEVEL)

/* One cached block: clean (read from disk, verified, keyed by its index) or dirty (pending,
 * keyed by its pending index; never evicted before the commit). */
typedef struct rfs_cblock {
    uint64_t index;
    uint64_t addr;  /* clean: the full BlockAddr it was read from */
    uint64_t hash;  /* clean: the hash the pointer to it carries */
    uint8_t *data;  /* logical content: 4096 << level bytes */
    unsigned level; /* logical level */
    bool dirty;
    struct rfs_cblock *bucket_next;
    struct rfs_cblock *lru_prev, *lru_next; /* clean blocks only */
} rfs_cblock;

typedef struct rfs_cache {
    rfs_cblock **buckets;
    size_t bucket_count, entries;
    rfs_cblock lru; /* sentinel: lru.lru_next is the most recently used clean block */
    size_t clean_bytes, clean_limit;
    uint64_t dirty_bytes;
    uint64_t next_pending;
} rfs_cache;

/* A growable array of allocator log entries (this transaction's changes). */
typedef struct rfs_entry_vec {
    rfs_alloc_entry *items;
    size_t len, cap;
} rfs_entry_vec;

struct rfs_fs {
    rfs_disk disk;
    uint64_t fs_block; /* device block of ring slot 0 */
    uint64_t blocks;   /* filesystem size in blocks */
    rfs_header header;    /* newest header, with this transaction's tree root */
    rfs_header committed; /* the header on disk */
    bool writable;
    bool verify;
    bool changed; /* something to commit */
    uint64_t dirty_limit;
    bool fixed_time; /* every timestamp is fixed_time_sec (rfs_open_options.fixed_time) */
    uint64_t fixed_time_sec;
    /* rfs_name_hash; unit tests substitute their own to shape H-trees, as upstream's do
     * (a volume written with another hash is not a valid RedoxFS). */
    uint32_t (*name_hash)(const uint8_t *name, uint32_t len);
    rfs_error error;
    rfs_cache cache;

    /* Writable volumes only. */
    rfs_alloc alloc;
    rfs_entry_vec tx_log;   /* this transaction's allocations and frees, in order */
    rfs_entry_vec deferred; /* committed blocks freed now, reusable after the commit */
    rfs_blockptr *alloc_chain; /* on-disk AllocList blocks, oldest first */
    size_t alloc_chain_len, alloc_chain_cap;
    rfs_alloc_list *alloc_newest; /* copy of the newest AllocList */
    uint32_t *release_ids;        /* the release list, in memory */
    size_t release_len, release_cap;
    rfs_blockptr *release_chain; /* on-disk ReleaseList blocks */
    size_t release_chain_len;
    bool release_changed;

    /* Scratch buffers. */
    uint32_t *lz4_table;
    uint8_t *io_buf; /* RFS_MAX_RECORD_BYTES: stored bytes of a record on their way */
    /* Write combining: consecutive blocks written by the commit go out in one call. */
    uint8_t *wc_buf;
    uint64_t wc_start, wc_blocks;
};

/* ---- error.c helpers bound to the filesystem. */
#define RFS_FAIL(fs, code, ...) rfs_error_set(&(fs)->error, (code), __VA_ARGS__)

/* ---- block.c: the cache and block I/O. */
int rfs_cache_init(rfs_fs *fs, size_t clean_limit);
void rfs_cache_destroy(rfs_fs *fs);
/* Forgets every pending block (a failed commit rolls back to the last committed state). */
void rfs_cache_drop_all_dirty(rfs_fs *fs);
bool rfs_ptr_is_pending(const rfs_blockptr *p);
/* Reads the block *p points to (verified, decompressed). The view lasts until the next
 * cache call; *bytes is the logical size. */
int rfs_block_view(rfs_fs *fs, const rfs_blockptr *p, const uint8_t **data, size_t *bytes);
/* Reads a metadata block (level 0) into out. */
int rfs_block_read4k(rfs_fs *fs, const rfs_blockptr *p, void *out);
/* Makes *p a pending block of at least `level`. Its content is the old content
 * zero-extended (zeros for a new block); with keep == false the caller overwrites the whole
 * block and the old content is not read. Adds the change in allocated 4 KiB blocks to
 * *delta. The data pointer stays valid until the commit. */
int rfs_block_modify(rfs_fs *fs, rfs_blockptr *p, unsigned level, bool keep, uint8_t **data,
                     int64_t *delta);
/* Fails with ENOSPC unless `blocks` more pending blocks would still fit at the commit. */
int rfs_space_check(rfs_fs *fs, uint64_t blocks);
/* Frees the block *p points to (a pending one at once, a committed one after the commit)
 * and nulls *p. */
int rfs_block_free(rfs_fs *fs, rfs_blockptr *p, int64_t *delta);
/* The dirty entry of a pending pointer, or NULL (with an error set). */
rfs_cblock *rfs_cache_dirty(rfs_fs *fs, const rfs_blockptr *p);
/* Gives a dirty block its disk address: moves it to the clean cache. */
void rfs_cache_settle(rfs_fs *fs, rfs_cblock *b, uint64_t addr, uint64_t hash);
/* Device writes relative to the filesystem start. */
int rfs_disk_write(rfs_fs *fs, uint64_t index, uint64_t count, const void *buf);
/* Write combining used by the commit. */
int rfs_wc_write(rfs_fs *fs, uint64_t index, uint64_t count, const void *buf);
int rfs_wc_flush(rfs_fs *fs);

/* ---- space.c: allocation with logging. */
int rfs_space_allocate(rfs_fs *fs, unsigned level, uint64_t *index);
int rfs_space_free(rfs_fs *fs, uint64_t index, uint64_t count); /* deferred */
int rfs_space_load(rfs_fs *fs);
int rfs_space_sync(rfs_fs *fs, bool squash);
void rfs_space_after_commit(rfs_fs *fs);
void rfs_space_destroy(rfs_fs *fs);

/* ---- tree.c: the node table. */
int rfs_node_view(rfs_fs *fs, uint32_t id, const rfs_node **node);
int rfs_node_get(rfs_fs *fs, uint32_t id, rfs_node *out);
int rfs_node_modify(rfs_fs *fs, uint32_t id, rfs_node **node);
int rfs_node_insert(rfs_fs *fs, const rfs_node *node, uint32_t *id);
int rfs_node_remove(rfs_fs *fs, uint32_t id);
void rfs_node_init(rfs_node *node, uint16_t mode, uint32_t uid, uint32_t gid, uint64_t sec,
                   uint32_t nsec);

/* ---- file.c: node content. */
int rfs_file_read(rfs_fs *fs, const rfs_node *node, uint64_t offset, uint8_t *buf, size_t len,
                  size_t *done);
int rfs_file_write(rfs_fs *fs, rfs_node *node, uint64_t offset, const uint8_t *buf, size_t len);
int rfs_file_truncate(rfs_fs *fs, rfs_node *node, uint64_t size);
/* The first offset >= offset whose record is stored (size when none is). */
int rfs_file_next_data(rfs_fs *fs, const rfs_node *node, uint64_t offset, uint64_t *data);

/* ---- ops.c */
/* Frees a node and everything it owns (a directory must be empty). */
int rfs_node_delete(rfs_fs *fs, uint32_t id);

/* ---- dir.c: H-tree directories. */
int rfs_dir_find(rfs_fs *fs, const rfs_node *dir, const uint8_t *name, uint32_t len,
                 uint32_t *id);
int rfs_dir_insert(rfs_fs *fs, rfs_node *dir, const uint8_t *name, uint32_t len, uint32_t id);
int rfs_dir_remove(rfs_fs *fs, rfs_node *dir, const uint8_t *name, uint32_t len);
int rfs_dir_walk(rfs_fs *fs, const rfs_node *dir, uint64_t *cookie, rfs_dirent_fn fn,
                 void *ctx);
/* Levels of the H-tree (0: the root is one DirList); fails on a bad marker. */
int rfs_dir_levels(rfs_fs *fs, const rfs_node *dir, unsigned *levels);

/* ---- release.c: nodes unlinked while still open. */
int rfs_release_load(rfs_fs *fs);
int rfs_release_save(rfs_fs *fs);
int rfs_release_add(rfs_fs *fs, uint32_t id);
void rfs_release_destroy(rfs_fs *fs);

/* ---- commit.c: writes every pending block, the logs and then the next header. */
int rfs_commit_header(rfs_fs *fs, bool squash);
void rfs_header_seal(rfs_header *h);
int rfs_header_check(const rfs_header *h, bool verify);

#endif
