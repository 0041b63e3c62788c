/* Directories as H-trees: level0[0] of the directory node is a marker pointer holding the
 * number of HTreeNode levels, level0[1] the root (one DirList when there are no levels).
 * HTreeNode slots are sorted by hash; a slot's hash is the largest name hash below it. */
#include "redoxfs/core/internal.h"
#include "redoxfs/core/mem.h"
#include "redoxfs/core/seahash.h"
#include "redoxfs/core/shim.h"

#define UNUSED_HASH 0xFFFFFFFFu

uint32_t rfs_name_hash(const uint8_t *name, uint32_t len) {
    uint32_t h = (uint32_t)rfs_seahash(name, len);
    return h == UNUSED_HASH ? UNUSED_HASH - 1 : h;
}

/* ---- DirList entries */

typedef struct entry_ref {
    uint32_t hash;
    uint16_t offset; /* in the buffer the entries were read from */
    uint16_t size;   /* header + name */
} entry_ref;

static uint32_t entry_id(const uint8_t *e) {
    return (uint32_t)e[0] | (uint32_t)e[1] << 8 | (uint32_t)e[2] << 16 | (uint32_t)e[3] << 24;
}

/* Checks a DirList's structure; fails with EIO naming its block. */
static int dirlist_check(rfs_fs *fs, const rfs_dir_list *dl, const rfs_blockptr *p) {
    unsigned count = 0;
    size_t pos = 0;
    if (dl->used_len > RFS_DIR_LIST_BYTES)
        goto bad;
    while (pos < dl->used_len) {
        if (pos + RFS_DIR_ENTRY_HEADER > dl->used_len)
            goto bad;
        unsigned len = dl->entry_bytes[pos + 4];
        if (len == 0 || len > RFS_NAME_MAX || pos + RFS_DIR_ENTRY_HEADER + len > dl->used_len)
            goto bad;
        pos += RFS_DIR_ENTRY_HEADER + len;
        count++;
    }
    if (count != dl->count)
        goto bad;
    return 0;
bad:
    return RFS_FAIL(fs, RFS_EIO, "DirList at block %u is corrupt", RFS_U(rfs_addr_index(p->addr)));
}

/* Reads and checks a metadata block in place; the view lasts until the next cache call. */
static int view4k(rfs_fs *fs, const rfs_blockptr *p, const void **out) {
    const uint8_t *data;
    size_t bytes;
    int rc = rfs_block_view(fs, p, &data, &bytes);
    if (rc == 0 && (bytes != RFS_BLOCK_SIZE || rfs_addr_decomp(p->addr)))
        rc = RFS_FAIL(fs, RFS_EIO, "directory block %u has a multi-block address", RFS_U(rfs_addr_index(p->addr)));
    *out = data;
    return rc;
}

static int view_dirlist(rfs_fs *fs, const rfs_blockptr *p, const rfs_dir_list **out) {
    int rc = view4k(fs, p, (const void **)out);
    return rc < 0 ? rc : dirlist_check(fs, *out, p);
}

static int read_dirlist(rfs_fs *fs, const rfs_blockptr *p, rfs_dir_list *out) {
    int rc = rfs_block_read4k(fs, p, out);
    return rc < 0 ? rc : dirlist_check(fs, out, p);
}

/* Finds `name` in a DirList: its byte offset, or -1. */
static int32_t dirlist_find(const rfs_dir_list *dl, const uint8_t *name, uint32_t len) {
    for (size_t pos = 0; pos < dl->used_len;) {
        unsigned n = dl->entry_bytes[pos + 4];
        if (n == len && rfs_memcmp(dl->entry_bytes + pos + RFS_DIR_ENTRY_HEADER, name, len) == 0)
            return (int32_t)pos;
        pos += RFS_DIR_ENTRY_HEADER + n;
    }
    return -1;
}

static uint32_t dirlist_max_hash(const rfs_fs *fs, const rfs_dir_list *dl) {
    uint32_t max = 0;
    for (size_t pos = 0; pos < dl->used_len;) {
        unsigned n = dl->entry_bytes[pos + 4];
        uint32_t h = fs->name_hash(dl->entry_bytes + pos + RFS_DIR_ENTRY_HEADER, n);
        if (h > max)
            max = h;
        pos += RFS_DIR_ENTRY_HEADER + n;
    }
    return max;
}

static void put_entry(uint8_t *at, uint32_t id, const uint8_t *name, uint32_t len) {
    at[0] = (uint8_t)id;
    at[1] = (uint8_t)(id >> 8);
    at[2] = (uint8_t)(id >> 16);
    at[3] = (uint8_t)(id >> 24);
    at[4] = (uint8_t)len;
    rfs_memcpy(at + RFS_DIR_ENTRY_HEADER, name, len);
}

static void dirlist_append(rfs_dir_list *dl, uint32_t id, const uint8_t *name, uint32_t len) {
    put_entry(dl->entry_bytes + dl->used_len, id, name, len);
    dl->used_len = (uint16_t)(dl->used_len + RFS_DIR_ENTRY_HEADER + len);
    dl->count++;
}

/* ---- HTreeNode slots */

static unsigned htree_used(const rfs_htree_node *n) {
    unsigned used = 0;
    while (used < RFS_HTREE_ENTRIES && !rfs_ptr_is_null(&n->ptrs[used].ptr))
        used++;
    return used;
}

static void htree_clear_from(rfs_htree_node *n, unsigned from) {
    for (unsigned i = from; i < RFS_HTREE_ENTRIES; i++) {
        n->ptrs[i].hash = UNUSED_HASH;
        n->ptrs[i].ptr.addr = n->ptrs[i].ptr.hash = 0;
    }
}

static int check_htree(rfs_fs *fs, const rfs_blockptr *p, const rfs_htree_node *n, unsigned *used) {
    *used = htree_used(n);
    if (*used == 0)
        return RFS_FAIL(fs, RFS_EIO, "HTreeNode at block %u has no entries", RFS_U(rfs_addr_index(p->addr)));
    return 0;
}

static int view_htree(rfs_fs *fs, const rfs_blockptr *p, const rfs_htree_node **out, unsigned *used) {
    int rc = view4k(fs, p, (const void **)out);
    return rc < 0 ? rc : check_htree(fs, p, *out, used);
}

static int read_htree(rfs_fs *fs, const rfs_blockptr *p, rfs_htree_node *out, unsigned *used) {
    int rc = rfs_block_read4k(fs, p, out);
    return rc < 0 ? rc : check_htree(fs, p, out, used);
}

/* ---- The root */

/* 1 and the levels when the directory has entries, 0 when it is empty. */
static int dir_root(rfs_fs *fs, const rfs_node *dir, unsigned *levels) {
    const rfs_blockptr *marker = &dir->level0[0], *root = &dir->level0[1];
    *levels = 0;
    if (rfs_ptr_is_null(marker) && rfs_ptr_is_null(root))
        return 0;
    if (!rfs_ptr_is_marker(marker) || rfs_ptr_is_null(root))
        return RFS_FAIL(fs, RFS_EIO, "directory has no valid H-tree root (marker %x)", RFS_U(marker->addr));
    *levels = rfs_addr_level(marker->addr);
    return 1;
}

int rfs_dir_levels(rfs_fs *fs, const rfs_node *dir, unsigned *levels) {
    int rc = dir_root(fs, dir, levels);
    return rc < 0 ? rc : 0;
}

/* ---- Lookup */

/* Searches the subtree at p (levels HTree levels above the DirLists) for name. Returns 1
 * with *id and the slot taken at each level in path[], 0 when absent. */
static int find_in(rfs_fs *fs, const rfs_blockptr *p, unsigned levels, uint32_t h, const uint8_t *name,
                   uint32_t len, uint32_t *id, unsigned *path) {
    if (levels == 0) {
        const rfs_dir_list *dl;
        int rc = view_dirlist(fs, p, &dl);
        if (rc < 0)
            return rc;
        int32_t at = dirlist_find(dl, name, len);
        if (at < 0)
            return 0;
        *id = entry_id(dl->entry_bytes + at);
        return 1;
    }
    const rfs_htree_node *node;
    unsigned used;
    int rc = view_htree(fs, p, &node, &used);
    if (rc < 0)
        return rc;
    unsigned first = 0;
    while (first < used && node->ptrs[first].hash < h)
        first++;
    /* Names with the same hash may continue in the following slots. Copy the candidates:
     * the view ends with the next read. */
    unsigned last = first;
    while (last + 1 < used && node->ptrs[last].hash == h)
        last++;
    if (first == used)
        return 0;
    rfs_blockptr small[8], *cand = small;
    unsigned count = last - first + 1;
    if (count > 8 && !(cand = rfs_shim_alloc(count * sizeof *cand)))
        return RFS_FAIL(fs, RFS_ENOMEM, "out of memory reading a directory");
    for (unsigned k = 0; k < count; k++)
        cand[k] = node->ptrs[first + k].ptr;
    for (unsigned k = 0; rc == 0 && k < count; k++) {
        path[0] = first + k;
        rc = find_in(fs, &cand[k], levels - 1, h, name, len, id, path + 1);
    }
    if (cand != small)
        rfs_shim_free(cand);
    return rc;
}

static int find_path(rfs_fs *fs, const rfs_node *dir, const uint8_t *name, uint32_t len, uint32_t *id,
                     unsigned *levels, unsigned *path) {
    int rc = dir_root(fs, dir, levels);
    if (rc <= 0)
        return rc;
    if (*levels > RFS_MAX_LEVEL)
        return RFS_FAIL(fs, RFS_EIO, "H-tree has %u levels", RFS_U(*levels));
    return find_in(fs, &dir->level0[1], *levels, fs->name_hash(name, len), name, len, id, path);
}

int rfs_dir_find(rfs_fs *fs, const rfs_node *dir, const uint8_t *name, uint32_t len, uint32_t *id) {
    unsigned levels, path[RFS_MAX_LEVEL + 1];
    int rc = find_path(fs, dir, name, len, id, &levels, path);
    if (rc == 0)
        return RFS_FAIL(fs, RFS_ENOENT, "no such directory entry");
    return rc < 0 ? rc : 0;
}

/* ---- Insert */

typedef struct insert_result {
    uint32_t max;      /* largest hash in the (left) subtree afterwards */
    bool split;        /* the subtree split: a right sibling follows */
    rfs_blockptr right;
    uint32_t right_max;
} insert_result;

/* Index where the entries (in order) divide into halves of about equal bytes (or count),
 * moved so that equal hashes stay together; 0 when no such place exists. */
static size_t split_point(const entry_ref *refs, size_t n, bool by_bytes) {
    size_t total = 0, acc = 0, k = 0;
    for (size_t i = 0; i < n; i++)
        total += by_bytes ? refs[i].size : 1;
    for (; k < n && acc * 2 < total; k++)
        acc += by_bytes ? refs[k].size : 1;
    if (k == 0)
        k = 1;
    size_t up = k, down = k;
    while (up < n && refs[up - 1].hash == refs[up].hash)
        up++;
    if (up < n)
        return up;
    while (down > 0 && refs[down - 1].hash == refs[down].hash)
        down--;
    return down;
}

static void sort_refs(entry_ref *refs, size_t n) {
    for (size_t i = 1; i < n; i++) {
        entry_ref r = refs[i];
        size_t j = i;
        while (j > 0 && refs[j - 1].hash > r.hash) {
            refs[j] = refs[j - 1];
            j--;
        }
        refs[j] = r;
    }
}

/* Splits a full DirList with the new entry added: the left half stays in dl, the right
 * half goes to a new DirList. */
static int split_dirlist(rfs_fs *fs, rfs_dir_list *dl, uint32_t id, const uint8_t *name, uint32_t len,
                         insert_result *res, int64_t *delta) {
    size_t cap = (size_t)dl->count + 1;
    uint8_t *bytes = rfs_shim_alloc(RFS_DIR_LIST_BYTES + RFS_DIR_ENTRY_HEADER + RFS_NAME_MAX);
    entry_ref *refs = rfs_shim_alloc(cap * sizeof *refs);
    if (!bytes || !refs) {
        rfs_shim_free(bytes);
        rfs_shim_free(refs);
        return RFS_FAIL(fs, RFS_ENOMEM, "out of memory splitting a directory block");
    }
    size_t used = dl->used_len, n = 0;
    rfs_memcpy(bytes, dl->entry_bytes, used);
    put_entry(bytes + used, id, name, len);
    used += RFS_DIR_ENTRY_HEADER + len;
    for (size_t pos = 0; pos < used; n++) {
        unsigned nlen = bytes[pos + 4];
        refs[n].hash = fs->name_hash(bytes + pos + RFS_DIR_ENTRY_HEADER, nlen);
        refs[n].offset = (uint16_t)pos;
        refs[n].size = (uint16_t)(RFS_DIR_ENTRY_HEADER + nlen);
        pos += refs[n].size;
    }
    sort_refs(refs, n);
    size_t k = split_point(refs, n, true);
    size_t left_bytes = 0;
    for (size_t i = 0; i < k; i++)
        left_bytes += refs[i].size;
    int rc = 0;
    if (k == 0 || left_bytes > RFS_DIR_LIST_BYTES || used - left_bytes > RFS_DIR_LIST_BYTES)
        rc = RFS_FAIL(fs, RFS_ENOSPC, "too many names with the same hash in one directory block");
    uint8_t *data = NULL;
    res->right.addr = res->right.hash = 0;
    if (rc == 0)
        rc = rfs_block_modify(fs, &res->right, 0, false, &data, delta);
    if (rc == 0) {
        rfs_dir_list *right = (rfs_dir_list *)(void *)data;
        rfs_memset(right, 0, sizeof *right);
        rfs_memset(dl, 0, sizeof *dl);
        for (size_t i = 0; i < n; i++) {
            rfs_dir_list *to = i < k ? dl : right;
            rfs_memcpy(to->entry_bytes + to->used_len, bytes + refs[i].offset, refs[i].size);
            to->used_len = (uint16_t)(to->used_len + refs[i].size);
            to->count++;
        }
        res->split = true;
        res->max = refs[k - 1].hash;
        res->right_max = refs[n - 1].hash;
    }
    rfs_shim_free(bytes);
    rfs_shim_free(refs);
    return rc;
}

/* Inserts slot (hash, ptr) at position `at` of a node with `used` slots, splitting a full
 * node in two (the right half goes to res->right). */
static int htree_insert_slot(rfs_fs *fs, rfs_htree_node *node, unsigned used, unsigned at, uint32_t hash,
                             rfs_blockptr ptr, insert_result *res, int64_t *delta) {
    if (used < RFS_HTREE_ENTRIES) {
        rfs_memmove(&node->ptrs[at + 1], &node->ptrs[at], (used - at) * sizeof node->ptrs[0]);
        node->ptrs[at].hash = hash;
        node->ptrs[at].ptr = ptr;
        res->split = false;
        res->max = node->ptrs[used].hash;
        return 0;
    }
    rfs_htree_ptr *all = rfs_shim_alloc((RFS_HTREE_ENTRIES + 1) * sizeof *all);
    entry_ref *refs = rfs_shim_alloc((RFS_HTREE_ENTRIES + 1) * sizeof *refs);
    int rc = all && refs ? 0 : RFS_FAIL(fs, RFS_ENOMEM, "out of memory splitting an H-tree node");
    uint8_t *data = NULL;
    res->right.addr = res->right.hash = 0;
    if (rc == 0)
        rc = rfs_block_modify(fs, &res->right, 0, false, &data, delta);
    if (rc == 0) {
        size_t n = RFS_HTREE_ENTRIES + 1;
        rfs_memcpy(all, node->ptrs, at * sizeof *all);
        all[at].hash = hash;
        all[at].ptr = ptr;
        rfs_memcpy(all + at + 1, node->ptrs + at, (RFS_HTREE_ENTRIES - at) * sizeof *all);
        for (size_t i = 0; i < n; i++) {
            refs[i].hash = all[i].hash;
            refs[i].size = 1;
        }
        size_t k = split_point(refs, n, false);
        if (k == 0)
            k = n / 2; /* equal hashes may span H-tree nodes; lookups follow them */
        rfs_htree_node *right = (rfs_htree_node *)(void *)data;
        rfs_memset(right, 0, sizeof *right);
        htree_clear_from(right, 0);
        htree_clear_from(node, 0);
        rfs_memcpy(node->ptrs, all, k * sizeof *all);
        rfs_memcpy(right->ptrs, all + k, (n - k) * sizeof *all);
        res->split = true;
        res->max = all[k - 1].hash;
        res->right_max = all[n - 1].hash;
    }
    rfs_shim_free(all);
    rfs_shim_free(refs);
    return rc;
}

static int insert_in(rfs_fs *fs, rfs_blockptr *p, unsigned levels, uint32_t h, const uint8_t *name,
                     uint32_t len, uint32_t id, insert_result *res, int64_t *delta) {
    uint8_t *data;
    if (levels == 0) {
        const rfs_dir_list *check;
        int rc = view_dirlist(fs, p, &check);
        if (rc == 0)
            rc = rfs_block_modify(fs, p, 0, true, &data, delta);
        if (rc < 0)
            return rc;
        rfs_dir_list *dl = (rfs_dir_list *)(void *)data;
        if (dl->used_len + RFS_DIR_ENTRY_HEADER + len > RFS_DIR_LIST_BYTES)
            return split_dirlist(fs, dl, id, name, len, res, delta);
        dirlist_append(dl, id, name, len);
        res->split = false;
        res->max = dirlist_max_hash(fs, dl);
        return 0;
    }
    const rfs_htree_node *check;
    unsigned used = 0;
    int rc = view_htree(fs, p, &check, &used);
    if (rc == 0)
        rc = rfs_block_modify(fs, p, 0, true, &data, delta);
    if (rc < 0)
        return rc;
    rfs_htree_node *node = (rfs_htree_node *)(void *)data;
    unsigned i = 0;
    while (i < used - 1 && node->ptrs[i].hash < h)
        i++;
    insert_result child;
    rc = insert_in(fs, &node->ptrs[i].ptr, levels - 1, h, name, len, id, &child, delta);
    if (rc < 0)
        return rc;
    node->ptrs[i].hash = child.max;
    if (child.split)
        return htree_insert_slot(fs, node, used, i + 1, child.right_max, child.right, res, delta);
    res->split = false;
    res->max = node->ptrs[used - 1].hash;
    return 0;
}

int rfs_dir_insert(rfs_fs *fs, rfs_node *dir, const uint8_t *name, uint32_t len, uint32_t id) {
    int64_t delta = 0;
    unsigned levels = 0;
    int rc = dir_root(fs, dir, &levels);
    uint32_t h = fs->name_hash(name, len);
    /* Room for the worst case (every level copied and split, plus a new root) up front, so
     * that a split never stops halfway. */
    if (rc >= 0 && rfs_space_check(fs, 2 * ((uint64_t)levels + 2)) < 0)
        return -RFS_ENOSPC;
    if (rc == 0) {
        uint8_t *data;
        rc = rfs_block_modify(fs, &dir->level0[1], 0, false, &data, &delta);
        if (rc == 0) {
            rfs_memset(data, 0, RFS_BLOCK_SIZE);
            dirlist_append((rfs_dir_list *)(void *)data, id, name, len);
            dir->level0[0] = rfs_marker(0);
        }
    } else if (rc > 0) {
        insert_result res;
        rc = insert_in(fs, &dir->level0[1], levels, h, name, len, id, &res, &delta);
        if (rc == 0 && res.split) {
            uint8_t *data;
            rfs_blockptr root = {0, 0};
            if (levels + 1 > RFS_MAX_LEVEL)
                rc = RFS_FAIL(fs, RFS_ENOSPC, "directory H-tree is at its maximum depth");
            if (rc == 0)
                rc = rfs_block_modify(fs, &root, 0, false, &data, &delta);
            if (rc == 0) {
                rfs_htree_node *node = (rfs_htree_node *)(void *)data;
                rfs_memset(node, 0, sizeof *node);
                htree_clear_from(node, 0);
                node->ptrs[0].hash = res.max;
                node->ptrs[0].ptr = dir->level0[1];
                node->ptrs[1].hash = res.right_max;
                node->ptrs[1].ptr = res.right;
                dir->level0[1] = root;
                dir->level0[0] = rfs_marker(levels + 1);
            }
        }
    }
    dir->blocks = (uint64_t)((int64_t)dir->blocks + delta);
    dir->size = (uint64_t)((int64_t)dir->size + delta * RFS_BLOCK_SIZE);
    return rc;
}

/* ---- Remove */

/* Removes the entry at the end of path[] below *p. *empty: the subtree is gone now;
 * otherwise *max is its new largest hash. */
static int remove_in(rfs_fs *fs, rfs_blockptr *p, unsigned levels, const unsigned *path, const uint8_t *name,
                     uint32_t len, bool *empty, uint32_t *max, int64_t *delta) {
    uint8_t *data;
    int rc = rfs_block_modify(fs, p, 0, true, &data, delta);
    if (rc < 0)
        return rc;
    if (levels == 0) {
        rfs_dir_list *dl = (rfs_dir_list *)(void *)data;
        int32_t at = dirlist_find(dl, name, len);
        if (at < 0)
            return RFS_FAIL(fs, RFS_EIO, "directory entry vanished during removal");
        size_t size = RFS_DIR_ENTRY_HEADER + dl->entry_bytes[at + 4];
        rfs_memmove(dl->entry_bytes + at, dl->entry_bytes + at + size, dl->used_len - at - size);
        dl->used_len = (uint16_t)(dl->used_len - size);
        rfs_memset(dl->entry_bytes + dl->used_len, 0, size);
        dl->count--;
        *empty = dl->count == 0;
        *max = dirlist_max_hash(fs, dl);
    } else {
        rfs_htree_node *node = (rfs_htree_node *)(void *)data;
        unsigned used = htree_used(node), i = path[0];
        bool child_empty;
        uint32_t child_max;
        rc = remove_in(fs, &node->ptrs[i].ptr, levels - 1, path + 1, name, len, &child_empty, &child_max,
                       delta);
        if (rc < 0)
            return rc;
        if (child_empty) {
            rfs_memmove(&node->ptrs[i], &node->ptrs[i + 1], (used - i - 1) * sizeof node->ptrs[0]);
            htree_clear_from(node, used - 1);
            used--;
        } else {
            node->ptrs[i].hash = child_max;
        }
        *empty = used == 0;
        *max = used ? node->ptrs[used - 1].hash : 0;
    }
    return *empty ? rfs_block_free(fs, p, delta) : 0;
}

int rfs_dir_remove(rfs_fs *fs, rfs_node *dir, const uint8_t *name, uint32_t len) {
    unsigned levels, path[RFS_MAX_LEVEL + 1];
    uint32_t id;
    int rc = find_path(fs, dir, name, len, &id, &levels, path);
    if (rc == 0)
        return RFS_FAIL(fs, RFS_ENOENT, "no such directory entry");
    if (rc < 0)
        return rc;
    int64_t delta = 0;
    bool empty;
    uint32_t max;
    rc = remove_in(fs, &dir->level0[1], levels, path, name, len, &empty, &max, &delta);
    if (rc == 0 && empty)
        dir->level0[0].addr = dir->level0[0].hash = 0;
    dir->blocks = (uint64_t)((int64_t)dir->blocks + delta);
    dir->size = (uint64_t)((int64_t)dir->size + delta * RFS_BLOCK_SIZE);
    return rc;
}

/* ---- Listing and freeing */

typedef struct list_state {
    uint64_t *cookie;
    uint64_t pos;
    rfs_dirent_fn fn;
    void *ctx;
    bool stopped;
} list_state;

static int list_in(rfs_fs *fs, const rfs_blockptr *p, unsigned levels, list_state *st) {
    if (levels == 0) {
        rfs_dir_list *dl = rfs_shim_alloc(sizeof *dl);
        if (!dl)
            return RFS_FAIL(fs, RFS_ENOMEM, "out of memory listing a directory");
        int rc = read_dirlist(fs, p, dl);
        for (size_t pos = 0; rc == 0 && pos < dl->used_len && !st->stopped;) {
            unsigned n = dl->entry_bytes[pos + 4];
            if (st->pos >= *st->cookie) {
                if (st->fn(st->ctx, dl->entry_bytes + pos + RFS_DIR_ENTRY_HEADER, n,
                           entry_id(dl->entry_bytes + pos)))
                    st->stopped = true;
                else
                    *st->cookie = st->pos + 1;
            }
            st->pos++;
            pos += RFS_DIR_ENTRY_HEADER + n;
        }
        rfs_shim_free(dl);
        return rc;
    }
    rfs_htree_node *node = rfs_shim_alloc(sizeof *node);
    if (!node)
        return RFS_FAIL(fs, RFS_ENOMEM, "out of memory listing a directory");
    unsigned used;
    int rc = read_htree(fs, p, node, &used);
    for (unsigned i = 0; rc == 0 && i < used && !st->stopped; i++)
        rc = list_in(fs, &node->ptrs[i].ptr, levels - 1, st);
    rfs_shim_free(node);
    return rc;
}

int rfs_dir_walk(rfs_fs *fs, const rfs_node *dir, uint64_t *cookie, rfs_dirent_fn fn, void *ctx) {
    unsigned levels;
    int rc = dir_root(fs, dir, &levels);
    if (rc <= 0)
        return rc;
    if (levels > RFS_MAX_LEVEL)
        return RFS_FAIL(fs, RFS_EIO, "H-tree has %u levels", RFS_U(levels));
    list_state st = {cookie, 0, fn, ctx, false};
    return list_in(fs, &dir->level0[1], levels, &st);
}
