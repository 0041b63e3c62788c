/* Opening, creating, committing and closing a volume. */
#include "redoxfs/core/internal.h"
#include "redoxfs/core/lz4.h"
#include "redoxfs/core/mem.h"
#include "redoxfs/core/seahash.h"
#include "redoxfs/core/shim.h"

#define DEFAULT_CACHE_BYTES (8u << 20)

static void copy_error(rfs_error *to, const rfs_error *from) {
    to->code = from->code;
    rfs_memcpy(to->message, from->message, RFS_ERROR_MAX);
}

static bool header_encrypted(const rfs_header *h) {
    for (unsigned i = 0; i < 16; i++) {
        uint8_t plain = i < 8 ? (uint8_t)(h->hash >> (8 * i)) : 0;
        if (h->encrypted_hash[i] != plain)
            return true;
    }
    return false;
}

/* Reads the header at absolute block `block`; 0 when it is a valid RedoxFS v8 header. */
static int read_header(rfs_fs *fs, uint64_t block, rfs_header *h) {
    if (fs->disk.blocks && block >= fs->disk.blocks)
        return -RFS_EIO;
    if (fs->disk.read(fs->disk.ctx, block, 1, h) < 0)
        return -RFS_EIO;
    return rfs_header_check(h, fs->verify);
}

/* Finds the ring (scanning for the first valid header unless told where it is) and loads
 * the newest valid header in it. */
static int find_header(rfs_fs *fs, const rfs_open_options *opt) {
    rfs_header *h = rfs_shim_alloc(sizeof *h);
    if (!h)
        return RFS_FAIL(fs, RFS_ENOMEM, "out of memory");
    uint64_t found = 0;
    int rc = -RFS_EINVAL;
    if (opt->have_block) {
        found = opt->block;
        rc = read_header(fs, found, h);
        if (rc < 0)
            rc = RFS_FAIL(fs, RFS_EINVAL, "no valid RedoxFS header at block %u", RFS_U(found));
    } else {
        for (found = 0; found < RFS_HEADER_SCAN_BLOCKS && rc < 0; found++) {
            if (fs->disk.blocks && found >= fs->disk.blocks)
                break;
            rc = read_header(fs, found, h);
        }
        found--;
        if (rc < 0)
            rc = RFS_FAIL(fs, RFS_EINVAL, "no RedoxFS v8 header in the first %u blocks of the device",
                          RFS_U(RFS_HEADER_SCAN_BLOCKS));
    }
    if (rc == 0 && found < h->generation % RFS_HEADER_RING)
        rc = RFS_FAIL(fs, RFS_EIO, "header at block %u (generation %u) does not fit a header ring",
                      RFS_U(found), RFS_U(h->generation));
    if (rc == 0) {
        fs->fs_block = found - h->generation % RFS_HEADER_RING;
        rfs_memcpy(&fs->header, h, sizeof *h);
        for (uint64_t slot = 0; slot < RFS_HEADER_RING; slot++) {
            if (read_header(fs, fs->fs_block + slot, h) == 0 && h->generation % RFS_HEADER_RING == slot &&
                h->generation > fs->header.generation)
                rfs_memcpy(&fs->header, h, sizeof *h);
        }
    }
    rfs_shim_free(h);
    return rc;
}

static int check_volume(rfs_fs *fs) {
    const rfs_header *h = &fs->header;
    if (header_encrypted(h))
        return RFS_FAIL(fs, RFS_ENOKEY, "encrypted RedoxFS volumes are not supported yet");
    fs->blocks = h->size / RFS_BLOCK_SIZE;
    if (fs->blocks < RFS_MIN_BLOCKS)
        return RFS_FAIL(fs, RFS_EIO, "header (generation %u) gives an impossible size of %u bytes",
                        RFS_U(h->generation), RFS_U(h->size));
    if (fs->disk.blocks && (fs->fs_block > fs->disk.blocks || fs->blocks > fs->disk.blocks - fs->fs_block))
        return RFS_FAIL(fs, RFS_EIO, "the image is truncated: the filesystem at block %u needs %u bytes, the device has %u",
                        RFS_U(fs->fs_block), RFS_U(h->size), RFS_U((fs->disk.blocks - fs->fs_block) * RFS_BLOCK_SIZE));
    if (rfs_ptr_is_null(&h->tree))
        return RFS_FAIL(fs, RFS_EIO, "header (generation %u) has no node tree", RFS_U(h->generation));
    return 0;
}

/* Loads what only a writable volume needs: the allocator and the release list. */
static int load_writable_state(rfs_fs *fs) {
    int rc = rfs_space_load(fs);
    return rc < 0 ? rc : rfs_release_load(fs);
}

int rfs_open(rfs_fs **out, const rfs_disk *disk, const rfs_open_options *opt, rfs_error *err) {
    *out = NULL;
    rfs_fs *fs = rfs_zalloc(sizeof *fs);
    if (!fs) {
        rfs_error_set(err, RFS_ENOMEM, "out of memory opening the filesystem");
        return -RFS_ENOMEM;
    }
    fs->disk = *disk;
    fs->verify = !opt->skip_hash_check;
    fs->writable = opt->writable;
    fs->dirty_limit = opt->dirty_limit;
    fs->fixed_time = opt->fixed_time;
    fs->fixed_time_sec = opt->fixed_time_sec;
    fs->name_hash = rfs_name_hash;
    int rc = 0;
    if (opt->writable && !disk->write)
        rc = RFS_FAIL(fs, RFS_EROFS, "the device is read-only");
    if (rc == 0)
        rc = rfs_cache_init(fs, opt->cache_bytes ? opt->cache_bytes : DEFAULT_CACHE_BYTES);
    if (rc == 0 && fs->writable) {
        fs->lz4_table = rfs_shim_alloc(RFS_LZ4_TABLE_ENTRIES * sizeof *fs->lz4_table);
        if (!fs->lz4_table)
            rc = RFS_FAIL(fs, RFS_ENOMEM, "out of memory");
    }
    if (rc == 0)
        rc = find_header(fs, opt);
    if (rc == 0)
        rc = check_volume(fs);
    if (rc == 0 && fs->writable)
        rc = load_writable_state(fs);
    if (rc < 0) {
        copy_error(err, &fs->error);
        rfs_close(fs);
        return rc;
    }
    rfs_memcpy(&fs->committed, &fs->header, sizeof fs->header);
    *out = fs;
    return 0;
}

void rfs_close(rfs_fs *fs) {
    if (!fs)
        return;
    rfs_cache_destroy(fs);
    rfs_space_destroy(fs);
    rfs_release_destroy(fs);
    rfs_shim_free(fs->lz4_table);
    rfs_shim_free(fs);
}

const rfs_error *rfs_last_error(const rfs_fs *fs) {
    return &fs->error;
}

void rfs_get_info(const rfs_fs *fs, rfs_info *info) {
    rfs_memcpy(info->uuid, fs->header.uuid, 16);
    info->block = fs->fs_block;
    info->size_bytes = fs->header.size;
    info->generation = fs->header.generation;
    info->free_blocks = fs->writable ? fs->alloc.free_count : 0;
}

uint64_t rfs_dirty_bytes(const rfs_fs *fs) {
    return fs->cache.dirty_bytes;
}

/* Returns to the last committed state after a failed commit. When even that fails the
 * volume turns read-only. */
static void roll_back(rfs_fs *fs) {
    rfs_cache_drop_all_dirty(fs);
    rfs_space_destroy(fs);
    rfs_release_destroy(fs);
    rfs_memcpy(&fs->header, &fs->committed, sizeof fs->header);
    fs->blocks = fs->header.size / RFS_BLOCK_SIZE;
    fs->changed = false;
    rfs_error saved;
    copy_error(&saved, &fs->error);
    if (load_writable_state(fs) < 0)
        fs->writable = false;
    copy_error(&fs->error, &saved);
}

int rfs_commit(rfs_fs *fs, bool squash) {
    if (!fs->writable)
        return RFS_FAIL(fs, RFS_EROFS, "the filesystem is read-only");
    if (!fs->changed && !squash)
        return 0;
    if ((fs->header.generation + 1) % RFS_ALLOC_GC_THRESHOLD == 0)
        squash = true;
    int rc = rfs_commit_header(fs, squash);
    if (rc < 0) {
        rfs_error_prefix(&fs->error, "commit failed, changes since generation %u were dropped",
                         RFS_U(fs->committed.generation));
        roll_back(fs);
        return rc;
    }
    rfs_space_after_commit(fs);
    rfs_memcpy(&fs->committed, &fs->header, sizeof fs->header);
    fs->changed = false;
    return 0;
}

/* ---- resize */

uint64_t rfs_min_size(const rfs_fs *fs) {
    uint64_t end = fs->blocks;
    while (end > RFS_RESERVED_BLOCKS && rfs_alloc_range_free(&fs->alloc, end - 1, 1))
        end--;
    /* The commit of the resize itself needs a few free blocks. */
    end += 16;
    if (end < RFS_MIN_BLOCKS)
        end = RFS_MIN_BLOCKS;
    return (end < fs->blocks ? end : fs->blocks) * RFS_BLOCK_SIZE;
}

int rfs_resize(rfs_fs *fs, uint64_t new_size_bytes) {
    if (!fs->writable)
        return RFS_FAIL(fs, RFS_EROFS, "the filesystem is read-only");
    int rc = rfs_commit(fs, false);
    if (rc < 0)
        return rc;
    uint64_t old = fs->blocks, blocks = new_size_bytes / RFS_BLOCK_SIZE;
    if (blocks < RFS_MIN_BLOCKS)
        return RFS_FAIL(fs, RFS_EINVAL, "%u bytes is smaller than any RedoxFS", RFS_U(new_size_bytes));
    if (fs->disk.blocks && (fs->fs_block > fs->disk.blocks || blocks > fs->disk.blocks - fs->fs_block))
        return RFS_FAIL(fs, RFS_EINVAL, "%u bytes do not fit on the device after block %u", RFS_U(new_size_bytes),
                        RFS_U(fs->fs_block));
    if (blocks < old && !rfs_alloc_range_free(&fs->alloc, blocks, old - blocks))
        return RFS_FAIL(fs, RFS_ENOSPC, "blocks beyond %u bytes are in use (the smallest size is %u bytes)",
                        RFS_U(blocks * RFS_BLOCK_SIZE), RFS_U(rfs_min_size(fs)));
    if (!rfs_alloc_resize(&fs->alloc, blocks))
        return RFS_FAIL(fs, RFS_ENOMEM, "out of memory for the free-space map");
    if (blocks > old)
        rfs_alloc_mark_free(&fs->alloc, old, blocks - old);
    fs->blocks = blocks;
    fs->header.size = blocks * RFS_BLOCK_SIZE;
    fs->changed = true;
    return rfs_commit(fs, true);
}

/* ---- mkfs */

/* The ring, block 256, generation 0's two blocks and room for the first commits. */
#define MKFS_MIN_BLOCKS 320u

static int write_block(const rfs_disk *disk, uint64_t block, const void *data, rfs_error *err) {
    int rc = disk->write(disk->ctx, block, 1, data);
    if (rc < 0)
        return rfs_error_set(err, -rc, "writing block %u: device error", RFS_U(block));
    return 0;
}

/* Generation 0: an empty node tree and an allocator log that frees everything after it. */
static int write_generation_zero(const rfs_disk *disk, const rfs_mkfs_options *opt, uint64_t blocks,
                                 rfs_error *err) {
    uint8_t *buf = rfs_zalloc(RFS_BLOCK_SIZE);
    if (!buf)
        return rfs_error_set(err, RFS_ENOMEM, "out of memory");
    uint64_t base = opt->reserved_blocks;
    int rc = 0;
    /* Old headers left in the ring would otherwise win over the new ones. */
    for (uint64_t slot = 0; rc == 0 && slot < RFS_RESERVED_BLOCKS; slot++)
        rc = write_block(disk, base + slot, buf, err);
    rfs_header h;
    rfs_memset(&h, 0, sizeof h);
    rfs_memcpy(h.signature, RFS_SIGNATURE, 8);
    h.version = RFS_VERSION;
    rfs_memcpy(h.uuid, opt->uuid, 16);
    h.size = blocks * RFS_BLOCK_SIZE;
    const uint64_t tree_index = RFS_RESERVED_BLOCKS, alloc_index = RFS_RESERVED_BLOCKS + 1;
    h.tree.addr = rfs_addr(tree_index, 0, 0);
    h.tree.hash = rfs_seahash(buf, RFS_BLOCK_SIZE);
    if (rc == 0)
        rc = write_block(disk, base + tree_index, buf, err);
    rfs_alloc_list *list = (rfs_alloc_list *)(void *)buf;
    list->entries[0].index = alloc_index + 1;
    list->entries[0].count = (int64_t)(blocks - alloc_index - 1);
    h.alloc.addr = rfs_addr(alloc_index, 0, 0);
    h.alloc.hash = rfs_seahash(list, sizeof *list);
    if (rc == 0)
        rc = write_block(disk, base + alloc_index, list, err);
    rfs_header_seal(&h);
    if (rc == 0)
        rc = write_block(disk, base, &h, err);
    rfs_shim_free(buf);
    return rc;
}

int rfs_mkfs(const rfs_disk *disk, const rfs_mkfs_options *opt, rfs_error *err) {
    if (!disk->write)
        return rfs_error_set(err, RFS_EROFS, "the device is read-only");
    uint64_t size = opt->size_bytes;
    if (!size) {
        if (!disk->blocks || disk->blocks <= opt->reserved_blocks)
            return rfs_error_set(err, RFS_EINVAL, "the device (%u blocks) has no room after %u reserved blocks",
                                 RFS_U(disk->blocks), RFS_U(opt->reserved_blocks));
        size = (disk->blocks - opt->reserved_blocks) * RFS_BLOCK_SIZE;
    }
    uint64_t blocks = size / RFS_BLOCK_SIZE;
    if (blocks < MKFS_MIN_BLOCKS)
        return rfs_error_set(err, RFS_EINVAL, "a new RedoxFS needs at least %u bytes, got %u",
                             RFS_U((uint64_t)MKFS_MIN_BLOCKS * RFS_BLOCK_SIZE), RFS_U(size));
    if (disk->blocks && opt->reserved_blocks + blocks > disk->blocks)
        return rfs_error_set(err, RFS_EINVAL, "the device is too small for %u bytes after %u reserved blocks",
                             RFS_U(size), RFS_U(opt->reserved_blocks));
    int rc = write_generation_zero(disk, opt, blocks, err);
    if (rc < 0)
        return rc;
    rfs_open_options oo = {.writable = true, .have_block = true, .block = opt->reserved_blocks};
    rfs_fs *fs;
    rc = rfs_open(&fs, disk, &oo, err);
    if (rc < 0)
        return rc;
    rfs_node root;
    rfs_node_init(&root, RFS_MODE_DIR | 0755, 0, 0, opt->time_sec, opt->time_nsec);
    root.links = 1;
    uint32_t id = 0;
    rc = rfs_node_insert(fs, &root, &id);
    if (rc == 0 && id != RFS_ROOT_ID)
        rc = RFS_FAIL(fs, RFS_EIO, "the root directory got id %u", RFS_U(id));
    if (rc == 0)
        rc = rfs_commit(fs, true);
    if (rc < 0)
        copy_error(err, &fs->error);
    rfs_close(fs);
    return rc;
}
