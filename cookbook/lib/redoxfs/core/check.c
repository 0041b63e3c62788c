#include "redoxfs/core/check.h"

#include "redoxfs/core/internal.h"
#include "redoxfs/core/mem.h"
#include "redoxfs/core/shim.h"

/* What the walk learns about one node: its link count and the entries naming it. */
typedef struct node_info {
    uint32_t id; /* 0 = empty slot */
    uint32_t links;
    uint32_t refs;
    bool exists; /* the node table holds it */
    bool dir;
    bool released;
} node_info;

typedef struct checker {
    rfs_fs *fs;
    rfs_check_report_fn report;
    void *ctx;
    rfs_check_result *res;
    uint64_t *used; /* blocks referenced so far */
    node_info *nodes;
    size_t node_cap, node_count;
    bool out_of_memory;
} checker;

#define FIND(c, error, fmt, ...)                                                            \
    do {                                                                                    \
        rfs_error e_;                                                                       \
        rfs_error_set(&e_, RFS_EIO, fmt, ##__VA_ARGS__);                                    \
        finding((c), (error), e_.message);                                                  \
    } while (0)

static void finding(checker *c, bool error, const char *message) {
    if (error)
        c->res->errors++;
    else
        c->res->warnings++;
    c->report(c->ctx, error, message);
}

/* Reports the error left by a failed read, with what was being read. */
static void read_failed(checker *c, const char *what, uint64_t id) {
    FIND(c, true, "%s of node %u: %s", RFS_S(what), RFS_U(id), RFS_S(c->fs->error.message));
}

/* ---- node map (open addressing on the id) */

static node_info *node_slot(checker *c, uint32_t id) {
    if (c->node_count * 2 >= c->node_cap) {
        size_t cap = c->node_cap ? c->node_cap * 2 : 1024;
        node_info *nodes = rfs_zalloc(cap * sizeof *nodes);
        if (!nodes) {
            c->out_of_memory = true;
            return NULL;
        }
        for (size_t i = 0; i < c->node_cap; i++) {
            if (!c->nodes[i].id)
                continue;
            size_t k = (c->nodes[i].id * 2654435761u) & (cap - 1);
            while (nodes[k].id)
                k = (k + 1) & (cap - 1);
            nodes[k] = c->nodes[i];
        }
        rfs_shim_free(c->nodes);
        c->nodes = nodes;
        c->node_cap = cap;
    }
    size_t k = (id * 2654435761u) & (c->node_cap - 1);
    while (c->nodes[k].id && c->nodes[k].id != id)
        k = (k + 1) & (c->node_cap - 1);
    if (!c->nodes[k].id) {
        c->nodes[k].id = id;
        c->node_count++;
    }
    return &c->nodes[k];
}

/* ---- block accounting */

/* Marks [index, index + count) as used by `what`; false (reported) when impossible. */
static bool claim(checker *c, uint64_t index, uint64_t count, const char *what, uint64_t id) {
    uint64_t blocks = c->fs->blocks;
    if (index > blocks || count > blocks - index) {
        FIND(c, true, "%s of node %u: block %u (+%u) lies beyond the end of the filesystem",
             RFS_S(what), RFS_U(id), RFS_U(index), RFS_U(count));
        return false;
    }
    for (uint64_t i = index; i < index + count; i++) {
        if (c->used[i / 64] >> (i % 64) & 1) {
            FIND(c, true, "%s of node %u: block %u is also used by something else", RFS_S(what),
                 RFS_U(id), RFS_U(i));
            return false;
        }
    }
    rfs_bitmap_set(c->used, index, count);
    c->res->used_blocks += count;
    return true;
}

static bool claim_ptr(checker *c, const rfs_blockptr *p, const char *what, uint64_t id) {
    return claim(c, rfs_addr_index(p->addr), (uint64_t)1 << rfs_addr_level(p->addr), what, id);
}

/* Claims and reads a metadata block (level 0, uncompressed) into out. */
static bool read_meta(checker *c, const rfs_blockptr *p, void *out, const char *what, uint64_t id) {
    if (rfs_addr_level(p->addr) || rfs_addr_decomp(p->addr)) {
        FIND(c, true, "%s of node %u: address %x is not a single block", RFS_S(what), RFS_U(id),
             RFS_U(p->addr));
        return false;
    }
    if (!claim_ptr(c, p, what, id))
        return false;
    if (rfs_block_read4k(c->fs, p, out) < 0) {
        read_failed(c, what, id);
        return false;
    }
    return true;
}

/* ---- files */

/* Walks a file's records under p (depth BlockList levels); adds allocated blocks. */
static void check_records(checker *c, uint32_t id, const rfs_node *n, const rfs_blockptr *p, unsigned depth,
                          uint64_t *blocks) {
    if (rfs_ptr_is_null(p))
        return;
    if (depth > 0) {
        rfs_block_list *list = rfs_shim_alloc(sizeof *list);
        if (!list) {
            c->out_of_memory = true;
            return;
        }
        if (read_meta(c, p, list, "BlockList", id)) {
            *blocks += 1;
            for (unsigned k = 0; k < RFS_BLOCK_LIST_ENTRIES; k++)
                check_records(c, id, n, &list->ptrs[k], depth - 1, blocks);
        }
        rfs_shim_free(list);
        return;
    }
    if (rfs_addr_logical_level(p->addr) > n->record_level) {
        FIND(c, true, "record of node %u: level %u exceeds the node's record level %u", RFS_U(id),
             RFS_U(rfs_addr_logical_level(p->addr)), RFS_U(n->record_level));
        return;
    }
    if (!claim_ptr(c, p, "record", id))
        return;
    *blocks += (uint64_t)1 << rfs_addr_level(p->addr);
    const uint8_t *data;
    size_t bytes;
    if (rfs_block_view(c->fs, p, &data, &bytes) < 0)
        read_failed(c, "record", id);
}

static void check_file(checker *c, uint32_t id, const rfs_node *n) {
    uint64_t blocks = 1;
    c->res->data_bytes += n->size;
    if (n->flags & RFS_NODE_FLAG_INLINE_DATA) {
        if (n->size >= RFS_INLINE_MAX)
            FIND(c, true, "node %u: %u bytes cannot be inline data", RFS_U(id), RFS_U(n->size));
    } else {
        static const unsigned top_count[5] = {128, 64, 32, 16, 8};
        unsigned slot = 0;
        for (unsigned d = 0; d < 5; d++) {
            for (unsigned t = 0; t < top_count[d]; t++, slot++)
                check_records(c, id, n, &n->ptrs[slot], d, &blocks);
        }
    }
    if (blocks != n->blocks)
        FIND(c, true, "node %u: blocks field says %u, its data uses %u", RFS_U(id), RFS_U(n->blocks),
             RFS_U(blocks));
}

/* ---- directories */

typedef struct dir_walk {
    uint32_t id;
    uint64_t blocks; /* DirList + HTree blocks */
    uint32_t prev_max; /* largest hash of the previous sibling subtree */
} dir_walk;

static void count_ref(checker *c, uint32_t target) {
    node_info *info = node_slot(c, target);
    if (info)
        info->refs++;
}

static void check_dirlist(checker *c, dir_walk *w, const rfs_node *dirnode, const rfs_dir_list *dl,
                          uint32_t low, uint32_t high, uint32_t *max) {
    *max = 0;
    size_t pos = 0;
    unsigned count = 0;
    if (dl->used_len > RFS_DIR_LIST_BYTES) {
        FIND(c, true, "directory node %u: DirList uses %u bytes", RFS_U(w->id), RFS_U(dl->used_len));
        return;
    }
    while (pos < dl->used_len) {
        const uint8_t *e = dl->entry_bytes + pos;
        unsigned len = pos + RFS_DIR_ENTRY_HEADER <= dl->used_len ? e[4] : 0;
        if (len == 0 || pos + RFS_DIR_ENTRY_HEADER + len > dl->used_len) {
            FIND(c, true, "directory node %u: DirList entry at byte %u is cut off", RFS_U(w->id), RFS_U(pos));
            return;
        }
        uint32_t target = (uint32_t)e[0] | (uint32_t)e[1] << 8 | (uint32_t)e[2] << 16 | (uint32_t)e[3] << 24;
        uint32_t h = c->fs->name_hash(e + RFS_DIR_ENTRY_HEADER, len);
        if (h < low || h > high)
            FIND(c, true, "directory node %u: entry hash %x is filed under the H-tree range %x..%x",
                 RFS_U(w->id), RFS_U(h), RFS_U(low), RFS_U(high));
        uint32_t found = 0;
        if (rfs_dir_find(c->fs, dirnode, e + RFS_DIR_ENTRY_HEADER, len, &found) < 0 || found != target)
            FIND(c, true, "directory node %u: entry for node %u cannot be found by name (or is a duplicate)",
                 RFS_U(w->id), RFS_U(target));
        for (unsigned i = 0; i < len; i++) {
            uint8_t ch = e[RFS_DIR_ENTRY_HEADER + i];
            if (ch == '/' || ch == 0)
                FIND(c, true, "directory node %u: entry for node %u has a '/' or NUL in its name",
                     RFS_U(w->id), RFS_U(target));
        }
        if (h > *max)
            *max = h;
        count_ref(c, target);
        c->res->entries++;
        count++;
        pos += RFS_DIR_ENTRY_HEADER + len;
    }
    if (count != dl->count)
        FIND(c, true, "directory node %u: DirList count %u, found %u entries", RFS_U(w->id),
             RFS_U(dl->count), RFS_U(count));
    if (count == 0)
        FIND(c, true, "directory node %u: empty DirList block", RFS_U(w->id));
}

static void check_dir_tree(checker *c, dir_walk *w, const rfs_node *dirnode, const rfs_blockptr *p,
                           unsigned levels, uint32_t low, uint32_t high, uint32_t *max) {
    *max = 0;
    if (levels == 0) {
        rfs_dir_list *dl = rfs_shim_alloc(sizeof *dl);
        if (!dl) {
            c->out_of_memory = true;
            return;
        }
        if (read_meta(c, p, dl, "DirList", w->id)) {
            w->blocks++;
            check_dirlist(c, w, dirnode, dl, low, high, max);
        }
        rfs_shim_free(dl);
        return;
    }
    rfs_htree_node *node = rfs_shim_alloc(sizeof *node);
    if (!node) {
        c->out_of_memory = true;
        return;
    }
    if (read_meta(c, p, node, "HTreeNode", w->id)) {
        w->blocks++;
        unsigned used = 0;
        while (used < RFS_HTREE_ENTRIES && !rfs_ptr_is_null(&node->ptrs[used].ptr))
            used++;
        if (used == 0)
            FIND(c, true, "directory node %u: empty HTreeNode", RFS_U(w->id));
        for (unsigned i = used; i < RFS_HTREE_ENTRIES; i++) {
            if (!rfs_ptr_is_null(&node->ptrs[i].ptr) || node->ptrs[i].hash != 0xFFFFFFFFu)
                FIND(c, true, "directory node %u: HTreeNode slot %u after the last used one is not empty",
                     RFS_U(w->id), RFS_U(i));
        }
        uint32_t from = low;
        for (unsigned i = 0; i < used; i++) {
            uint32_t h = node->ptrs[i].hash;
            if (h < from)
                FIND(c, true, "directory node %u: HTreeNode slots are not sorted", RFS_U(w->id));
            uint32_t child_max;
            check_dir_tree(c, w, dirnode, &node->ptrs[i].ptr, levels - 1, from, h, &child_max);
            if (child_max != h)
                FIND(c, true, "directory node %u: H-tree slot hash %x, largest name hash below it %x",
                     RFS_U(w->id), RFS_U(h), RFS_U(child_max));
            from = h;
        }
        *max = used ? node->ptrs[used - 1].hash : 0;
        if (*max > high)
            FIND(c, true, "directory node %u: H-tree hash %x above its parent's %x", RFS_U(w->id),
                 RFS_U(*max), RFS_U(high));
    }
    rfs_shim_free(node);
}

static void check_dir(checker *c, uint32_t id, const rfs_node *n) {
    dir_walk w = {id, 0, 0};
    const rfs_blockptr *marker = &n->level0[0], *root = &n->level0[1];
    if (n->flags & RFS_NODE_FLAG_INLINE_DATA)
        FIND(c, true, "directory node %u has the inline-data flag", RFS_U(id));
    if (!rfs_ptr_is_null(marker) || !rfs_ptr_is_null(root)) {
        if (!rfs_ptr_is_marker(marker) || rfs_ptr_is_null(root)) {
            FIND(c, true, "directory node %u: invalid H-tree root", RFS_U(id));
        } else {
            uint32_t max;
            check_dir_tree(c, &w, n, root, rfs_addr_level(marker->addr), 0, 0xFFFFFFFEu, &max);
        }
    }
    for (unsigned i = 2; i < RFS_NODE_PTRS; i++) {
        if (!rfs_ptr_is_null(&n->ptrs[i]))
            FIND(c, true, "directory node %u: unexpected block pointer in slot %u", RFS_U(id), RFS_U(i));
    }
    if (n->size != w.blocks * RFS_BLOCK_SIZE)
        FIND(c, true, "directory node %u: size %u, but it has %u blocks of entries", RFS_U(id),
             RFS_U(n->size), RFS_U(w.blocks));
    if (n->blocks != w.blocks + 1)
        FIND(c, true, "directory node %u: blocks field says %u, its H-tree uses %u", RFS_U(id),
             RFS_U(n->blocks), RFS_U(w.blocks + 1));
}

/* ---- node tree */

static void check_node(checker *c, uint32_t id, const rfs_blockptr *p) {
    rfs_node *n = rfs_shim_alloc(sizeof *n);
    if (!n) {
        c->out_of_memory = true;
        return;
    }
    if (read_meta(c, p, n, "node block", id)) {
        c->res->nodes++;
        unsigned type = n->mode & RFS_MODE_TYPE;
        node_info *info = node_slot(c, id);
        if (info) {
            info->exists = true;
            info->links = n->links;
            info->dir = type == RFS_MODE_DIR;
        }
        if (n->record_level > RFS_RECORD_LEVEL) {
            FIND(c, true, "node %u: record level %u", RFS_U(id), RFS_U(n->record_level));
        } else if (type == RFS_MODE_DIR) {
            c->res->dirs++;
            check_dir(c, id, n);
        } else if (type == RFS_MODE_FILE || type == RFS_MODE_SYMLINK || type == RFS_MODE_SOCK) {
            c->res->files += type != RFS_MODE_SYMLINK;
            c->res->symlinks += type == RFS_MODE_SYMLINK;
            check_file(c, id, n);
        } else {
            FIND(c, true, "node %u: unknown type in mode %x", RFS_U(id), RFS_U(n->mode));
        }
    }
    rfs_shim_free(n);
}

static bool flag_of(const rfs_tree_list *l, unsigned k) {
    return l->full_flags[k / 64] >> (k % 64) & 1;
}

/* Walks a TreeList at `depth` (3 = root) whose ids start with `prefix`; returns whether it
 * is full (every slot below taken). */
static bool check_tree(checker *c, const rfs_blockptr *p, unsigned depth, uint32_t prefix) {
    rfs_tree_list *l = rfs_shim_alloc(sizeof *l);
    bool full = true;
    if (!l) {
        c->out_of_memory = true;
        return false;
    }
    if (!read_meta(c, p, l, "TreeList", prefix)) {
        rfs_shim_free(l);
        return false;
    }
    for (unsigned k = 0; k < RFS_TREE_LIST_ENTRIES; k++) {
        uint32_t id = prefix | (uint32_t)k << (8 * depth);
        bool child_full;
        if (depth == 0) {
            child_full = !rfs_ptr_is_null(&l->ptrs[k]) || id == 0;
            if (!rfs_ptr_is_null(&l->ptrs[k]) && id == 0)
                FIND(c, true, "node table: the reserved id 0 holds a node");
            else if (!rfs_ptr_is_null(&l->ptrs[k]))
                check_node(c, id, &l->ptrs[k]);
        } else {
            child_full = !rfs_ptr_is_null(&l->ptrs[k]) && check_tree(c, &l->ptrs[k], depth - 1, id);
        }
        /* A slot upstream considers full must be full; the reserved slot may be unmarked in
         * a list that was created before any node. */
        if (flag_of(l, k) && !child_full)
            FIND(c, true, "node table: slot %u of the level %u list for ids %x.. is marked full but is not",
                 RFS_U(k), RFS_U(depth), RFS_U(prefix));
        else if (!flag_of(l, k) && child_full && id != 0)
            FIND(c, false, "node table: slot %u of the level %u list for ids %x.. is full but not marked",
                 RFS_U(k), RFS_U(depth), RFS_U(prefix));
        full = full && child_full;
    }
    rfs_shim_free(l);
    return full;
}

/* ---- logs */

static void check_alloc_chain(checker *c) {
    for (size_t k = 0; k < c->fs->alloc_chain_len; k++)
        claim_ptr(c, &c->fs->alloc_chain[k], "AllocList", 0);
}

static void check_release(checker *c) {
    for (size_t k = 0; k < c->fs->release_chain_len; k++)
        claim_ptr(c, &c->fs->release_chain[k], "ReleaseList", 0);
    for (size_t i = 0; i < c->fs->release_len; i++) {
        node_info *info = node_slot(c, c->fs->release_ids[i]);
        if (info)
            info->released = true;
    }
}

static void check_links(checker *c) {
    for (size_t i = 0; i < c->node_cap; i++) {
        const node_info *n = &c->nodes[i];
        if (!n->id)
            continue;
        if (!n->exists) {
            FIND(c, true, "%u directory entries name node %u, which does not exist", RFS_U(n->refs),
                 RFS_U(n->id));
            continue;
        }
        if (n->id == RFS_ROOT_ID) {
            if (n->refs)
                FIND(c, true, "the root directory is named by %u directory entries", RFS_U(n->refs));
            continue;
        }
        if (n->links == 0 && n->refs == 0 && !n->released)
            FIND(c, true, "node %u has no links and is not on the release list", RFS_U(n->id));
        else if (n->refs == 0 && !n->released)
            FIND(c, true, "node %u is not in any directory", RFS_U(n->id));
        else if (n->links != n->refs && !(n->released && n->links == 0))
            FIND(c, true, "node %u: links field says %u, %u directory entries name it", RFS_U(n->id),
                 RFS_U(n->links), RFS_U(n->refs));
        if (n->links == 0 && n->refs == 0 && n->released)
            continue;
        if (n->dir && n->refs > 1)
            FIND(c, true, "directory node %u has %u names", RFS_U(n->id), RFS_U(n->refs));
    }
}

/* Every block past the reserved area must be either in use or free, never both or neither. */
static void check_space(checker *c) {
    const rfs_alloc *a = &c->fs->alloc;
    c->res->free_blocks = a->free_count;
    uint64_t i = RFS_RESERVED_BLOCKS, blocks = c->fs->blocks;
#define USED(k) (c->used[(k) / 64] >> ((k) % 64) & 1)
#define FREE(k) (a->bits[(k) / 64] >> ((k) % 64) & 1)
    while (i < blocks) {
        if (USED(i) != FREE(i)) {
            i++;
            continue;
        }
        bool both = USED(i);
        uint64_t j = i + 1;
        while (j < blocks && USED(j) == FREE(j) && USED(j) == both)
            j++;
        FIND(c, true, both ? "blocks %u..%u are both in use and free" : "blocks %u..%u are neither in use nor free (leaked)",
             RFS_U(i), RFS_U(j - 1));
        i = j;
    }
#undef USED
#undef FREE
}

int rfs_check(rfs_fs *fs, rfs_check_report_fn report, void *ctx, rfs_check_result *res) {
    rfs_memset(res, 0, sizeof *res);
    if (fs->changed)
        return RFS_FAIL(fs, RFS_EINVAL, "the volume has uncommitted changes; commit before checking");
    if (!fs->alloc.bits) {
        int rc = rfs_space_load(fs);
        if (rc == 0)
            rc = rfs_release_load(fs);
        if (rc < 0)
            return rc;
    }
    checker c = {fs, report, ctx, res, NULL, NULL, 0, 0, false};
    c.used = rfs_zalloc((size_t)((fs->blocks + 63) / 64) * 8);
    if (!c.used)
        return RFS_FAIL(fs, RFS_ENOMEM, "out of memory for the block map");
    rfs_bitmap_set(c.used, 0, RFS_RESERVED_BLOCKS);
    check_alloc_chain(&c);
    check_release(&c);
    check_tree(&c, &fs->header.tree, 3, 0);
    check_links(&c);
    check_space(&c);
    if (c.out_of_memory)
        FIND(&c, true, "ran out of memory; parts of the volume were not checked");
    rfs_shim_free(c.used);
    rfs_shim_free(c.nodes);
    return 0;
}
