/* The commit: pending blocks get addresses bottom-up (file records are LZ4-compressed when
 * that saves space), the release list and the allocator log follow, every block is written,
 * and only then the header of the next generation. */
#include "redoxfs/core/internal.h"
#include "redoxfs/core/lz4.h"
#include "redoxfs/core/mem.h"
#include "redoxfs/core/seahash.h"

typedef enum block_kind { KIND_TREE, KIND_NODE, KIND_BLOCK_LIST, KIND_RECORD, KIND_HTREE, KIND_DIR_LIST } block_kind;

void rfs_header_seal(rfs_header *h) {
    h->hash = rfs_seahash(h, RFS_HEADER_HASHED_BYTES);
    for (unsigned i = 0; i < 8; i++)
        h->encrypted_hash[i] = (uint8_t)(h->hash >> (8 * i));
    rfs_memset(h->encrypted_hash + 8, 0, 8);
}

int rfs_header_check(const rfs_header *h, bool verify) {
    if (rfs_memcmp(h->signature, RFS_SIGNATURE, 8) != 0 || h->version != RFS_VERSION)
        return -RFS_EINVAL;
    if (verify && h->hash != rfs_seahash(h, RFS_HEADER_HASHED_BYTES))
        return -RFS_EIO;
    return 0;
}

/* Compresses a record into fs->io_buf as [length u16 LE][LZ4 block][zeros]; returns the
 * level of that container, or 0 when compression does not save a level. */
static unsigned compress_record(rfs_fs *fs, const uint8_t *data, unsigned level) {
    size_t cap = ((size_t)RFS_BLOCK_SIZE << (level - 1)) - 2;
    if (cap > 65536 - 2)
        cap = 65536 - 2;
    size_t n = rfs_lz4_compress(data, (size_t)RFS_BLOCK_SIZE << level, fs->io_buf + 2, cap, fs->lz4_table);
    if (n == 0)
        return 0;
    fs->io_buf[0] = (uint8_t)n;
    fs->io_buf[1] = (uint8_t)(n >> 8);
    unsigned container = rfs_level_for_bytes(n + 2);
    rfs_memset(fs->io_buf + 2 + n, 0, ((size_t)RFS_BLOCK_SIZE << container) - 2 - n);
    return container;
}

static int settle(rfs_fs *fs, rfs_blockptr *p, block_kind kind, unsigned depth, int64_t *delta);

static int settle_children(rfs_fs *fs, uint8_t *data, block_kind kind, unsigned depth, int64_t *delta) {
    int rc = 0;
    if (kind == KIND_TREE) {
        rfs_tree_list *l = (rfs_tree_list *)(void *)data;
        for (unsigned k = 0; rc == 0 && k < RFS_TREE_LIST_ENTRIES; k++)
            rc = settle(fs, &l->ptrs[k], depth ? KIND_TREE : KIND_NODE, depth ? depth - 1 : 0, delta);
    } else if (kind == KIND_BLOCK_LIST) {
        rfs_block_list *l = (rfs_block_list *)(void *)data;
        for (unsigned k = 0; rc == 0 && k < RFS_BLOCK_LIST_ENTRIES; k++)
            rc = settle(fs, &l->ptrs[k], depth > 1 ? KIND_BLOCK_LIST : KIND_RECORD, depth - 1, delta);
    } else if (kind == KIND_HTREE) {
        rfs_htree_node *n = (rfs_htree_node *)(void *)data;
        for (unsigned k = 0; rc == 0 && k < RFS_HTREE_ENTRIES; k++)
            rc = settle(fs, &n->ptrs[k].ptr, depth > 1 ? KIND_HTREE : KIND_DIR_LIST, depth - 1, delta);
    } else if (kind == KIND_NODE) {
        rfs_node *node = (rfs_node *)(void *)data;
        int64_t node_delta = 0;
        if ((node->mode & RFS_MODE_TYPE) == RFS_MODE_DIR) {
            unsigned levels;
            rc = rfs_dir_levels(fs, node, &levels);
            if (rc == 0)
                rc = settle(fs, &node->level0[1], levels ? KIND_HTREE : KIND_DIR_LIST, levels, &node_delta);
        } else if (!(node->flags & RFS_NODE_FLAG_INLINE_DATA)) {
            static const unsigned top_count[5] = {128, 64, 32, 16, 8};
            unsigned slot = 0;
            for (unsigned d = 0; rc == 0 && d < 5; d++) {
                for (unsigned t = 0; rc == 0 && t < top_count[d]; t++, slot++)
                    rc = settle(fs, &node->ptrs[slot], d ? KIND_BLOCK_LIST : KIND_RECORD, d, &node_delta);
            }
        }
        node->blocks = (uint64_t)((int64_t)node->blocks + node_delta);
    }
    return rc;
}

static int settle(rfs_fs *fs, rfs_blockptr *p, block_kind kind, unsigned depth, int64_t *delta) {
    if (!rfs_ptr_is_pending(p))
        return 0;
    rfs_cblock *b = rfs_cache_dirty(fs, p);
    if (!b)
        return -RFS_EIO;
    int rc = settle_children(fs, b->data, kind, depth, delta);
    if (rc < 0)
        return rc;
    unsigned level = b->level, stored_level = level, decomp = 0;
    const uint8_t *stored = b->data;
    if (kind == KIND_RECORD && level > 0) {
        unsigned container = compress_record(fs, b->data, level);
        if (container) {
            stored = fs->io_buf;
            stored_level = container;
            decomp = level;
        }
    }
    uint64_t index;
    rc = rfs_space_allocate(fs, stored_level, &index);
    if (rc < 0)
        return rc;
    uint64_t count = (uint64_t)1 << stored_level;
    uint64_t hash = rfs_seahash(stored, (size_t)count * RFS_BLOCK_SIZE);
    rc = rfs_wc_write(fs, index, count, stored);
    if (rc < 0)
        return rc;
    *delta += ((int64_t)1 << stored_level) - ((int64_t)1 << level);
    uint64_t addr = rfs_addr(index, stored_level, decomp);
    rfs_cache_settle(fs, b, addr, hash);
    p->addr = addr;
    p->hash = hash;
    return 0;
}

static int flush_disk(rfs_fs *fs) {
    if (!fs->disk.flush)
        return 0;
    int rc = fs->disk.flush(fs->disk.ctx);
    return rc < 0 ? RFS_FAIL(fs, -rc, "flushing the device failed") : 0;
}

int rfs_commit_header(rfs_fs *fs, bool squash) {
    int64_t unused = 0;
    int rc = settle(fs, &fs->header.tree, KIND_TREE, 3, &unused);
    if (rc == 0)
        rc = rfs_release_save(fs);
    if (rc == 0)
        rc = rfs_space_sync(fs, squash);
    if (rc == 0)
        rc = rfs_wc_flush(fs);
    if (rc == 0)
        rc = flush_disk(fs);
    if (rc < 0)
        return rc;
    fs->header.generation++;
    rfs_header_seal(&fs->header);
    rc = rfs_disk_write(fs, fs->header.generation % RFS_HEADER_RING, 1, &fs->header);
    if (rc == 0)
        rc = flush_disk(fs);
    return rc;
}
