/* The release list: nodes whose last name was removed while a program still had them open.
 * They stay allocated until released, or until the next mount cleans up after a crash. */
#include "redoxfs/core/internal.h"
#include "redoxfs/core/mem.h"
#include "redoxfs/core/seahash.h"
#include "redoxfs/core/shim.h"

static int push_id(rfs_fs *fs, uint32_t id) {
    if (fs->release_len == fs->release_cap) {
        size_t cap = fs->release_cap ? fs->release_cap * 2 : 64;
        uint32_t *ids = rfs_shim_alloc(cap * sizeof *ids);
        if (!ids)
            return RFS_FAIL(fs, RFS_ENOMEM, "out of memory for the release list");
        if (fs->release_len)
            rfs_memcpy(ids, fs->release_ids, fs->release_len * sizeof *ids);
        rfs_shim_free(fs->release_ids);
        fs->release_ids = ids;
        fs->release_cap = cap;
    }
    fs->release_ids[fs->release_len++] = id;
    return 0;
}

static int push_chain(rfs_fs *fs, rfs_blockptr p) {
    rfs_blockptr *chain = rfs_shim_alloc((fs->release_chain_len + 1) * sizeof *chain);
    if (!chain)
        return RFS_FAIL(fs, RFS_ENOMEM, "out of memory for the release list");
    if (fs->release_chain_len)
        rfs_memcpy(chain, fs->release_chain, fs->release_chain_len * sizeof *chain);
    chain[fs->release_chain_len++] = p;
    rfs_shim_free(fs->release_chain);
    fs->release_chain = chain;
    return 0;
}

int rfs_release_load(rfs_fs *fs) {
    rfs_release_list *list = rfs_shim_alloc(sizeof *list);
    if (!list)
        return RFS_FAIL(fs, RFS_ENOMEM, "out of memory for the release list");
    rfs_blockptr p = fs->header.release;
    int rc = 0;
    while (rc == 0 && !rfs_ptr_is_null(&p)) {
        if (fs->release_chain_len >= fs->blocks) {
            rc = RFS_FAIL(fs, RFS_EIO, "the ReleaseList chain loops");
            break;
        }
        rc = push_chain(fs, p);
        if (rc == 0)
            rc = rfs_block_read4k(fs, &p, list);
        for (unsigned i = 0; rc == 0 && i < RFS_RELEASE_LIST_ENTRIES; i++) {
            if (list->ids[i])
                rc = push_id(fs, list->ids[i]);
        }
        p = list->prev;
    }
    rfs_shim_free(list);
    if (rc < 0)
        rfs_error_prefix(&fs->error, "release list");
    return rc;
}

int rfs_release_save(rfs_fs *fs) {
    if (!fs->release_changed)
        return 0;
    for (size_t k = 0; k < fs->release_chain_len; k++) {
        int rc = rfs_space_free(fs, rfs_addr_index(fs->release_chain[k].addr), 1);
        if (rc < 0)
            return rc;
    }
    fs->release_chain_len = 0;
    rfs_release_list *list = rfs_shim_alloc(sizeof *list);
    if (!list)
        return RFS_FAIL(fs, RFS_ENOMEM, "out of memory for the release list");
    rfs_blockptr prev = {0, 0};
    int rc = 0;
    for (size_t from = 0; rc == 0 && from < fs->release_len; from += RFS_RELEASE_LIST_ENTRIES) {
        rfs_memset(list, 0, sizeof *list);
        list->prev = prev;
        for (size_t i = 0; i < RFS_RELEASE_LIST_ENTRIES && from + i < fs->release_len; i++)
            list->ids[i] = fs->release_ids[from + i];
        uint64_t index;
        rc = rfs_space_allocate(fs, 0, &index);
        if (rc == 0)
            rc = rfs_wc_write(fs, index, 1, list);
        prev.addr = rfs_addr(index, 0, 0);
        prev.hash = rfs_seahash(list, sizeof *list);
        if (rc == 0)
            rc = push_chain(fs, prev);
    }
    rfs_shim_free(list);
    if (rc == 0) {
        fs->header.release = prev;
        fs->release_changed = false;
    }
    return rc;
}

int rfs_release_add(rfs_fs *fs, uint32_t id) {
    int rc = push_id(fs, id);
    if (rc == 0)
        fs->release_changed = fs->changed = true;
    return rc;
}

/* Removes id from the list; false when it was not there. */
static bool take_id(rfs_fs *fs, uint32_t id) {
    for (size_t i = 0; i < fs->release_len; i++) {
        if (fs->release_ids[i] == id) {
            fs->release_ids[i] = fs->release_ids[--fs->release_len];
            fs->release_changed = fs->changed = true;
            return true;
        }
    }
    return false;
}

int rfs_release(rfs_fs *fs, uint32_t id) {
    if (!fs->writable)
        return RFS_FAIL(fs, RFS_EROFS, "the filesystem is read-only");
    if (!take_id(fs, id))
        return RFS_FAIL(fs, RFS_ENOENT, "node %u is not on the release list", RFS_U(id));
    return rfs_node_delete(fs, id);
}

int rfs_release_all(rfs_fs *fs) {
    if (!fs->writable)
        return RFS_FAIL(fs, RFS_EROFS, "the filesystem is read-only");
    while (fs->release_len) {
        uint32_t id = fs->release_ids[fs->release_len - 1];
        take_id(fs, id);
        int rc = rfs_node_delete(fs, id);
        if (rc < 0 && rc != -RFS_ENOENT)
            return rc;
    }
    return 0;
}

void rfs_release_destroy(rfs_fs *fs) {
    rfs_shim_free(fs->release_ids);
    rfs_shim_free(fs->release_chain);
    fs->release_ids = NULL;
    fs->release_chain = NULL;
    fs->release_len = fs->release_cap = fs->release_chain_len = 0;
    fs->release_changed = false;
}
