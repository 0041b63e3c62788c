/* Node content: inline data (small files and symlinks), then records of 4096 << record_level
 * bytes reached through the node's level0..level4 pointers and BlockLists. */
#include "redoxfs/core/internal.h"
#include "redoxfs/core/mem.h"
#include "redoxfs/core/shim.h"

#define TOP_LEVELS 5
/* Pointers per top level and where each level's pointers start in the node's array. */
static const unsigned TOP_COUNT[TOP_LEVELS] = {128, 64, 32, 16, 8};
static const unsigned TOP_BASE[TOP_LEVELS] = {0, 128, 192, 224, 240};

static uint64_t record_bytes(const rfs_node *node) {
    return (uint64_t)RFS_BLOCK_SIZE << node->record_level;
}

static uint64_t span_of(unsigned depth) {
    return (uint64_t)1 << (8 * depth);
}

static uint64_t first_record_of(unsigned depth) {
    uint64_t first = 0;
    for (unsigned d = 0; d < depth; d++)
        first += TOP_COUNT[d] * span_of(d);
    return first;
}

/* Where record r's pointer lives: top pointer `*top` (index into level0..level4 as one
 * array) then `depth` BlockLists indexed by digits[] (most significant first). */
static int record_path(rfs_fs *fs, uint64_t r, unsigned *top, unsigned *depth, unsigned digits[4]) {
    for (unsigned d = 0; d < TOP_LEVELS; d++) {
        uint64_t span = span_of(d);
        if (r < TOP_COUNT[d] * span) {
            *top = TOP_BASE[d] + (unsigned)(r / span);
            *depth = d;
            for (unsigned k = 0; k < d; k++)
                digits[k] = (unsigned)(r >> (8 * (d - 1 - k)) & 0xFF);
            return 0;
        }
        r -= TOP_COUNT[d] * span;
    }
    return RFS_FAIL(fs, RFS_EFBIG, "file offset beyond the largest possible RedoxFS file");
}

/* Locates the pointer of record r (read only); *ptr null when sparse. */
static int record_ptr(rfs_fs *fs, const rfs_node *node, uint64_t r, rfs_blockptr *ptr) {
    unsigned top, depth, digits[4];
    int rc = record_path(fs, r, &top, &depth, digits);
    if (rc < 0)
        return rc;
    rfs_blockptr p = node->ptrs[top];
    for (unsigned d = 0; d < depth && !rfs_ptr_is_null(&p); d++) {
        const uint8_t *data;
        size_t bytes;
        rc = rfs_block_view(fs, &p, &data, &bytes);
        if (rc == 0 && bytes != RFS_BLOCK_SIZE)
            rc = RFS_FAIL(fs, RFS_EIO, "BlockList with a multi-block address");
        if (rc < 0) {
            rfs_error_prefix(&fs->error, "record %u", RFS_U(r));
            return rc;
        }
        p = ((const rfs_block_list *)(const void *)data)->ptrs[digits[d]];
    }
    *ptr = p;
    return 0;
}

/* Like rfs_file_record_ptr, creating or copying-on-write the BlockLists on the way. */
static int record_ptr_modify(rfs_fs *fs, rfs_node *node, uint64_t r, rfs_blockptr **out,
                             int64_t *delta) {
    unsigned top, depth, digits[4];
    int rc = record_path(fs, r, &top, &depth, digits);
    if (rc < 0)
        return rc;
    rfs_blockptr *p = &node->ptrs[top];
    for (unsigned d = 0; d < depth; d++) {
        uint8_t *data;
        rc = rfs_block_modify(fs, p, 0, true, &data, delta);
        if (rc < 0)
            return rc;
        p = &((rfs_block_list *)(void *)data)->ptrs[digits[d]];
    }
    *out = p;
    return 0;
}

int rfs_file_next_data(rfs_fs *fs, const rfs_node *node, uint64_t offset, uint64_t *data) {
    if (offset >= node->size || (node->flags & RFS_NODE_FLAG_INLINE_DATA)) {
        *data = offset < node->size ? offset : node->size;
        return 0;
    }
    uint64_t rb = record_bytes(node), r = offset / rb, last = (node->size - 1) / rb;
    while (r <= last) {
        unsigned top, depth, digits[4];
        int rc = record_path(fs, r, &top, &depth, digits);
        if (rc < 0)
            return rc;
        rfs_blockptr p = node->ptrs[top];
        unsigned d = 0;
        while (!rfs_ptr_is_null(&p) && d < depth) {
            const uint8_t *bytes;
            size_t size;
            rc = rfs_block_view(fs, &p, &bytes, &size);
            if (rc < 0)
                return rc;
            p = ((const rfs_block_list *)(const void *)bytes)->ptrs[digits[d++]];
        }
        if (!rfs_ptr_is_null(&p)) {
            *data = r * rb > offset ? r * rb : offset;
            return 0;
        }
        /* Skip everything the null pointer would have covered. */
        uint64_t span = span_of(depth - d), rel = r - first_record_of(depth);
        r += span - rel % span;
    }
    *data = node->size;
    return 0;
}

int rfs_file_read(rfs_fs *fs, const rfs_node *node, uint64_t offset, uint8_t *buf, size_t len,
                  size_t *done) {
    *done = 0;
    if (offset >= node->size)
        return 0;
    if (len > node->size - offset)
        len = (size_t)(node->size - offset);
    if (node->flags & RFS_NODE_FLAG_INLINE_DATA) {
        size_t have = offset < RFS_INLINE_MAX ? RFS_INLINE_MAX - (size_t)offset : 0;
        size_t n = len < have ? len : have;
        if (n)
            rfs_memcpy(buf, node->inline_data + offset, n);
        rfs_memset(buf + n, 0, len - n);
        *done = len;
        return 0;
    }
    uint64_t rb = record_bytes(node);
    while (*done < len) {
        uint64_t pos = offset + *done;
        uint64_t r = pos / rb, j = pos % rb;
        size_t n = (size_t)(rb - j < len - *done ? rb - j : len - *done);
        rfs_blockptr p;
        int rc = record_ptr(fs, node, r, &p);
        if (rc < 0)
            return rc;
        if (rfs_ptr_is_null(&p)) {
            rfs_memset(buf + *done, 0, n);
        } else {
            const uint8_t *data;
            size_t bytes;
            rc = rfs_block_view(fs, &p, &data, &bytes);
            if (rc == 0 && bytes > rb)
                rc = RFS_FAIL(fs, RFS_EIO, "block %u is larger than a record",
                              RFS_U(rfs_addr_index(p.addr)));
            if (rc < 0) {
                rfs_error_prefix(&fs->error, "record %u", RFS_U(r));
                return rc;
            }
            size_t have = j < bytes ? bytes - (size_t)j : 0;
            size_t k = n < have ? n : have;
            rfs_memcpy(buf + *done, data + j, k);
            rfs_memset(buf + *done + k, 0, n - k);
        }
        *done += n;
    }
    return 0;
}

/* Zeroes the bytes at and after `pos` in the record holding pos, so that growing the file
 * never exposes what a shrink left there. */
static int zero_tail(rfs_fs *fs, rfs_node *node, uint64_t pos, int64_t *delta) {
    uint64_t rb = record_bytes(node);
    uint64_t r = pos / rb, j = pos % rb;
    if (j == 0)
        return 0;
    rfs_blockptr p;
    int rc = record_ptr(fs, node, r, &p);
    if (rc < 0 || rfs_ptr_is_null(&p))
        return rc;
    const uint8_t *data;
    size_t bytes;
    rc = rfs_block_view(fs, &p, &data, &bytes);
    if (rc < 0)
        return rc;
    bool dirty = false;
    for (size_t i = (size_t)j; i < bytes && !dirty; i++)
        dirty = data[i] != 0;
    if (!dirty)
        return 0;
    rfs_blockptr *mp;
    uint8_t *mdata;
    rc = record_ptr_modify(fs, node, r, &mp, delta);
    if (rc == 0)
        rc = rfs_block_modify(fs, mp, 0, true, &mdata, delta);
    if (rc == 0)
        rfs_memset(mdata + j, 0, bytes - (size_t)j);
    return rc;
}

static int write_records(rfs_fs *fs, rfs_node *node, uint64_t offset, const uint8_t *buf,
                         size_t len, int64_t *delta) {
    uint64_t rb = record_bytes(node);
    size_t done = 0;
    while (done < len) {
        uint64_t pos = offset + done;
        uint64_t r = pos / rb, j = pos % rb;
        size_t n = (size_t)(rb - j < len - done ? rb - j : len - done);
        rfs_blockptr *p;
        int rc = record_ptr_modify(fs, node, r, &p, delta);
        uint8_t *data;
        bool whole = j == 0 && n == rb;
        if (rc == 0)
            rc = rfs_block_modify(fs, p, rfs_level_for_bytes(j + n), !whole, &data, delta);
        if (rc < 0) {
            rfs_error_prefix(&fs->error, "record %u", RFS_U(r));
            return rc;
        }
        rfs_memcpy(data + j, buf + done, n);
        done += n;
    }
    return 0;
}

/* Moves inline content out into records (the node is about to outgrow the inline area). */
static int leave_inline(rfs_fs *fs, rfs_node *node, int64_t *delta) {
    size_t keep = node->size < RFS_INLINE_MAX ? (size_t)node->size : RFS_INLINE_MAX;
    uint8_t *copy = rfs_shim_alloc(RFS_INLINE_MAX);
    if (!copy)
        return RFS_FAIL(fs, RFS_ENOMEM, "out of memory converting inline data");
    rfs_memcpy(copy, node->inline_data, keep);
    rfs_memset(node->inline_data, 0, RFS_INLINE_MAX);
    node->flags &= ~RFS_NODE_FLAG_INLINE_DATA;
    int rc = write_records(fs, node, 0, copy, keep, delta);
    rfs_shim_free(copy);
    return rc;
}

static void apply_delta(rfs_node *node, int64_t delta) {
    node->blocks = (uint64_t)((int64_t)node->blocks + delta);
}

int rfs_file_write(rfs_fs *fs, rfs_node *node, uint64_t offset, const uint8_t *buf, size_t len) {
    if (len == 0)
        return 0;
    uint64_t end = offset + len;
    if (end < offset)
        return RFS_FAIL(fs, RFS_EFBIG, "write beyond the largest file offset");
    int64_t delta = 0;
    int rc = 0;
    if (node->flags & RFS_NODE_FLAG_INLINE_DATA) {
        if (end < RFS_INLINE_MAX) {
            if (offset > node->size)
                rfs_memset(node->inline_data + node->size, 0, (size_t)(offset - node->size));
            rfs_memcpy(node->inline_data + offset, buf, len);
            if (end > node->size)
                node->size = end;
            return 0;
        }
        rc = leave_inline(fs, node, &delta);
    } else if (offset > node->size) {
        rc = zero_tail(fs, node, node->size, &delta);
    }
    if (rc == 0)
        rc = write_records(fs, node, offset, buf, len, &delta);
    apply_delta(node, delta);
    if (rc == 0 && end > node->size)
        node->size = end;
    return rc;
}

/* Frees the subtree under *p (depth BlockList levels above the records). */
static int free_subtree(rfs_fs *fs, rfs_blockptr *p, unsigned depth, int64_t *delta) {
    if (rfs_ptr_is_null(p))
        return 0;
    if (depth > 0) {
        rfs_block_list *list = rfs_shim_alloc(sizeof *list);
        if (!list)
            return RFS_FAIL(fs, RFS_ENOMEM, "out of memory freeing a file");
        int rc = rfs_block_read4k(fs, p, list);
        for (unsigned k = 0; rc == 0 && k < RFS_BLOCK_LIST_ENTRIES; k++)
            rc = free_subtree(fs, &list->ptrs[k], depth - 1, delta);
        rfs_shim_free(list);
        if (rc < 0)
            return rc;
    }
    return rfs_block_free(fs, p, delta);
}

/* Frees the records numbered >= keep under *p, which covers records [first, first+span). */
static int cut_subtree(rfs_fs *fs, rfs_blockptr *p, unsigned depth, uint64_t first, uint64_t keep,
                       int64_t *delta) {
    uint64_t span = span_of(depth);
    if (rfs_ptr_is_null(p) || first + span <= keep)
        return 0;
    if (first >= keep)
        return free_subtree(fs, p, depth, delta);
    uint8_t *data;
    int rc = rfs_block_modify(fs, p, 0, true, &data, delta);
    if (rc < 0)
        return rc;
    rfs_block_list *list = (rfs_block_list *)(void *)data;
    bool empty = true;
    for (unsigned k = 0; k < RFS_BLOCK_LIST_ENTRIES; k++) {
        rc = cut_subtree(fs, &list->ptrs[k], depth - 1, first + k * span_of(depth - 1), keep, delta);
        if (rc < 0)
            return rc;
        empty = empty && rfs_ptr_is_null(&list->ptrs[k]);
    }
    return empty ? rfs_block_free(fs, p, delta) : 0;
}

/* Frees every record numbered >= keep. */
static int cut_records(rfs_fs *fs, rfs_node *node, uint64_t keep, int64_t *delta) {
    for (unsigned d = 0; d < TOP_LEVELS; d++) {
        uint64_t first = first_record_of(d);
        for (unsigned t = 0; t < TOP_COUNT[d]; t++) {
            int rc = cut_subtree(fs, &node->ptrs[TOP_BASE[d] + t], d, first + t * span_of(d),
                                 keep, delta);
            if (rc < 0)
                return rc;
        }
    }
    return 0;
}

int rfs_file_truncate(rfs_fs *fs, rfs_node *node, uint64_t size) {
    if (size == node->size)
        return 0;
    int64_t delta = 0;
    int rc = 0;
    if (node->flags & RFS_NODE_FLAG_INLINE_DATA) {
        if (size < RFS_INLINE_MAX) {
            uint64_t from = size < node->size ? size : node->size;
            uint64_t to = size < node->size ? node->size : size;
            rfs_memset(node->inline_data + from, 0, (size_t)((to < RFS_INLINE_MAX ? to : RFS_INLINE_MAX) - from));
            node->size = size;
            return 0;
        }
        rc = leave_inline(fs, node, &delta);
    }
    if (rc == 0 && size > node->size) {
        rc = zero_tail(fs, node, node->size, &delta);
    } else if (rc == 0) {
        uint64_t rb = record_bytes(node);
        rc = cut_records(fs, node, (size + rb - 1) / rb, &delta);
        if (rc == 0)
            rc = zero_tail(fs, node, size, &delta);
    }
    apply_delta(node, delta);
    if (rc == 0)
        node->size = size;
    return rc;
}
