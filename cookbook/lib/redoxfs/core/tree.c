/* The node table: four levels of TreeLists indexed by the bytes of a node id, with "full"
 * bits so that a new node gets the lowest free id (id 0 is reserved). */
#include "redoxfs/core/internal.h"
#include "redoxfs/core/mem.h"

#define TREE_DEPTH 4

static bool flag_get(const rfs_tree_list *l, unsigned k) {
    return l->full_flags[k / 64] >> (k % 64) & 1;
}

static void flag_set(rfs_tree_list *l, unsigned k, bool on) {
    uint64_t bit = 1ULL << (k % 64);
    l->full_flags[k / 64] = on ? l->full_flags[k / 64] | bit : l->full_flags[k / 64] & ~bit;
}

static bool list_full(const rfs_tree_list *l) {
    for (unsigned k = 0; k < RFS_TREE_LIST_ENTRIES; k++) {
        if (!flag_get(l, k))
            return false;
    }
    return true;
}

static bool list_empty(const rfs_tree_list *l) {
    for (unsigned k = 0; k < RFS_TREE_LIST_ENTRIES; k++) {
        if (!rfs_ptr_is_null(&l->ptrs[k]))
            return false;
    }
    return true;
}

/* Splits an id into its list indices, level 3 first. */
static int id_path(rfs_fs *fs, uint32_t id, unsigned idx[TREE_DEPTH]) {
    for (unsigned d = 0; d < TREE_DEPTH; d++) {
        idx[d] = id >> (24 - 8 * d) & 0xFF;
        if (idx[d] >= RFS_TREE_LIST_ENTRIES)
            return RFS_FAIL(fs, RFS_ENOENT, "node %u does not exist (invalid id)", RFS_U(id));
    }
    if (id == 0)
        return RFS_FAIL(fs, RFS_ENOENT, "node 0 does not exist (reserved id)");
    return 0;
}

/* The pointer to node `id`, read without modifying anything. */
static int node_ptr(rfs_fs *fs, uint32_t id, rfs_blockptr *out) {
    unsigned idx[TREE_DEPTH];
    int rc = id_path(fs, id, idx);
    if (rc < 0)
        return rc;
    rfs_blockptr p = fs->header.tree;
    for (unsigned d = 0; d < TREE_DEPTH; d++) {
        if (rfs_ptr_is_null(&p))
            return RFS_FAIL(fs, RFS_ENOENT, "node %u does not exist", RFS_U(id));
        const uint8_t *data;
        size_t bytes;
        rc = rfs_block_view(fs, &p, &data, &bytes);
        if (rc == 0 && bytes != RFS_BLOCK_SIZE)
            rc = RFS_FAIL(fs, RFS_EIO, "TreeList with a multi-block address");
        if (rc < 0) {
            rfs_error_prefix(&fs->error, "node table (level %u) on the path to node %u",
                             RFS_U(3 - d), RFS_U(id));
            return rc;
        }
        p = ((const rfs_tree_list *)(const void *)data)->ptrs[idx[d]];
    }
    if (rfs_ptr_is_null(&p))
        return RFS_FAIL(fs, RFS_ENOENT, "node %u does not exist", RFS_U(id));
    *out = p;
    return 0;
}

int rfs_node_view(rfs_fs *fs, uint32_t id, const rfs_node **node) {
    rfs_blockptr p;
    int rc = node_ptr(fs, id, &p);
    if (rc < 0)
        return rc;
    const uint8_t *data;
    size_t bytes;
    rc = rfs_block_view(fs, &p, &data, &bytes);
    if (rc == 0 && bytes != RFS_BLOCK_SIZE)
        rc = RFS_FAIL(fs, RFS_EIO, "node block with a multi-block address");
    if (rc == 0) {
        const rfs_node *n = (const rfs_node *)(const void *)data;
        unsigned type = n->mode & RFS_MODE_TYPE;
        if (type != RFS_MODE_FILE && type != RFS_MODE_DIR && type != RFS_MODE_SYMLINK &&
            type != RFS_MODE_SOCK)
            rc = RFS_FAIL(fs, RFS_EIO, "unknown node type (mode %x)", RFS_U(n->mode));
        else if (n->record_level > RFS_RECORD_LEVEL)
            rc = RFS_FAIL(fs, RFS_EIO, "record level %u is out of range", RFS_U(n->record_level));
        *node = n;
    }
    if (rc < 0)
        rfs_error_prefix(&fs->error, "node %u", RFS_U(id));
    return rc;
}

int rfs_node_get(rfs_fs *fs, uint32_t id, rfs_node *out) {
    const rfs_node *n;
    int rc = rfs_node_view(fs, id, &n);
    if (rc == 0)
        rfs_memcpy(out, n, sizeof *out);
    return rc;
}

/* Copies-on-write the lists on the path to `id` (they must exist); lists[d] is level 3-d. */
static int modify_path(rfs_fs *fs, const unsigned idx[TREE_DEPTH], rfs_tree_list *lists[TREE_DEPTH]) {
    rfs_blockptr *p = &fs->header.tree;
    int64_t unused = 0;
    for (unsigned d = 0; d < TREE_DEPTH; d++) {
        uint8_t *data;
        int rc = rfs_block_modify(fs, p, 0, true, &data, &unused);
        if (rc < 0)
            return rc;
        lists[d] = (rfs_tree_list *)(void *)data;
        p = &lists[d]->ptrs[idx[d]];
    }
    return 0;
}

int rfs_node_modify(rfs_fs *fs, uint32_t id, rfs_node **node) {
    const rfs_node *check;
    int rc = rfs_node_view(fs, id, &check);
    if (rc < 0)
        return rc;
    unsigned idx[TREE_DEPTH];
    rfs_tree_list *lists[TREE_DEPTH];
    id_path(fs, id, idx);
    rc = modify_path(fs, idx, lists);
    uint8_t *data;
    int64_t unused = 0;
    if (rc == 0)
        rc = rfs_block_modify(fs, &lists[TREE_DEPTH - 1]->ptrs[idx[TREE_DEPTH - 1]], 0, true, &data,
                              &unused);
    if (rc < 0) {
        rfs_error_prefix(&fs->error, "updating node %u", RFS_U(id));
        return rc;
    }
    *node = (rfs_node *)(void *)data;
    return 0;
}

int rfs_node_insert(rfs_fs *fs, const rfs_node *node, uint32_t *id) {
    rfs_tree_list *lists[TREE_DEPTH];
    unsigned idx[TREE_DEPTH];
    rfs_blockptr *p = &fs->header.tree;
    int64_t unused = 0;
    for (unsigned d = 0; d < TREE_DEPTH; d++) {
        uint8_t *data;
        int rc = rfs_block_modify(fs, p, 0, true, &data, &unused);
        if (rc < 0)
            return rc;
        rfs_tree_list *l = lists[d] = (rfs_tree_list *)(void *)data;
        bool leaf = d == TREE_DEPTH - 1;
        if (leaf && idx[0] == 0 && idx[1] == 0 && idx[2] == 0)
            flag_set(l, 0, true); /* id 0 is never handed out */
        unsigned k = 0;
        while (k < RFS_TREE_LIST_ENTRIES && (flag_get(l, k) || (leaf && !rfs_ptr_is_null(&l->ptrs[k]))))
            k++;
        if (k == RFS_TREE_LIST_ENTRIES) {
            if (d == 0)
                return RFS_FAIL(fs, RFS_ENOSPC, "the node table is full");
            return RFS_FAIL(fs, RFS_EIO, "node table: level %u list is full but marked as having room",
                            RFS_U(3 - d));
        }
        idx[d] = k;
        p = &l->ptrs[k];
    }
    uint8_t *data;
    int rc = rfs_block_modify(fs, p, 0, false, &data, &unused);
    if (rc < 0)
        return rc;
    rfs_memcpy(data, node, sizeof *node);
    flag_set(lists[TREE_DEPTH - 1], idx[TREE_DEPTH - 1], true);
    for (unsigned d = TREE_DEPTH - 1; d > 0 && list_full(lists[d]); d--)
        flag_set(lists[d - 1], idx[d - 1], true);
    *id = (uint32_t)(idx[0] << 24 | idx[1] << 16 | idx[2] << 8 | idx[3]);
    return 0;
}

int rfs_node_remove(rfs_fs *fs, uint32_t id) {
    const rfs_node *check;
    int rc = rfs_node_view(fs, id, &check);
    if (rc < 0)
        return rc;
    unsigned idx[TREE_DEPTH];
    rfs_tree_list *lists[TREE_DEPTH];
    id_path(fs, id, idx);
    rc = modify_path(fs, idx, lists);
    int64_t unused = 0;
    if (rc == 0)
        rc = rfs_block_free(fs, &lists[TREE_DEPTH - 1]->ptrs[idx[TREE_DEPTH - 1]], &unused);
    for (unsigned d = 0; rc == 0 && d < TREE_DEPTH; d++)
        flag_set(lists[d], idx[d], false);
    /* Inner lists that became empty go away (the level 3 root stays). */
    for (unsigned d = TREE_DEPTH - 1; rc == 0 && d > 0 && list_empty(lists[d]); d--)
        rc = rfs_block_free(fs, &lists[d - 1]->ptrs[idx[d - 1]], &unused);
    return rc;
}

void rfs_node_init(rfs_node *node, uint16_t mode, uint32_t uid, uint32_t gid, uint64_t sec,
                   uint32_t nsec) {
    rfs_memset(node, 0, sizeof *node);
    node->mode = mode;
    node->uid = uid;
    node->gid = gid;
    node->blocks = 1;
    node->ctime = node->mtime = node->atime = sec;
    node->ctime_nsec = node->mtime_nsec = node->atime_nsec = nsec;
    bool dir = (mode & RFS_MODE_TYPE) == RFS_MODE_DIR;
    node->record_level = (mode & RFS_MODE_TYPE) == RFS_MODE_FILE ? RFS_RECORD_LEVEL : 0;
    node->flags = dir ? 0 : RFS_NODE_FLAG_INLINE_DATA;
}
