/* The public node operations: lookups, creation and removal of names, content and
 * attributes. Each checks everything it can before changing anything. */
#include "redoxfs/core/internal.h"
#include "redoxfs/core/mem.h"
#include "redoxfs/core/shim.h"

static bool is_dir(const rfs_node *n) {
    return (n->mode & RFS_MODE_TYPE) == RFS_MODE_DIR;
}

static int need_writable(rfs_fs *fs) {
    return fs->writable ? 0 : RFS_FAIL(fs, RFS_EROFS, "the filesystem is read-only");
}

/* Upstream's rules for names: 1..252 bytes of UTF-8, no '/', ':' or NUL, not "." or "..". */
static int check_name(rfs_fs *fs, const uint8_t *name, uint32_t len) {
    if (len == 0)
        return RFS_FAIL(fs, RFS_EINVAL, "empty file name");
    if (len > RFS_NAME_MAX)
        return RFS_FAIL(fs, RFS_ENAMETOOLONG, "file name of %u bytes (the limit is %u)", RFS_U(len),
                        RFS_U(RFS_NAME_MAX));
    if ((len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.'))
        return RFS_FAIL(fs, RFS_EINVAL, "'.' and '..' cannot be stored as names");
    for (uint32_t i = 0; i < len;) {
        uint8_t c = name[i];
        if (c == '/' || c == ':' || c == 0)
            return RFS_FAIL(fs, RFS_EINVAL, "file names cannot contain '/', ':' or NUL");
        unsigned extra = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : 4;
        if (extra == 4 || (extra && c < 0xC2) || i + extra >= len)
            return RFS_FAIL(fs, RFS_EINVAL, "file name is not valid UTF-8");
        for (unsigned k = 1; k <= extra; k++) {
            if ((name[i + k] & 0xC0) != 0x80)
                return RFS_FAIL(fs, RFS_EINVAL, "file name is not valid UTF-8");
        }
        i += 1 + extra;
    }
    return 0;
}

static void now(const rfs_fs *fs, uint64_t *sec, uint32_t *nsec) {
    if (fs->fixed_time) {
        *sec = fs->fixed_time_sec;
        *nsec = 0;
        return;
    }
    rfs_shim_now(sec, nsec);
}

static void touch(const rfs_fs *fs, rfs_node *n, bool mtime) {
    uint64_t sec;
    uint32_t nsec;
    now(fs, &sec, &nsec);
    n->ctime = sec;
    n->ctime_nsec = nsec;
    if (mtime) {
        n->mtime = sec;
        n->mtime_nsec = nsec;
    }
}

static int maybe_commit(rfs_fs *fs, int rc) {
    if (rc == 0 && fs->dirty_limit && fs->cache.dirty_bytes >= fs->dirty_limit)
        rc = rfs_commit(fs, false);
    return rc;
}

/* Reads directory `dir` into *out, failing unless it is a directory. */
static int get_dir(rfs_fs *fs, uint32_t dir, rfs_node *out) {
    int rc = rfs_node_get(fs, dir, out);
    if (rc == 0 && !is_dir(out))
        rc = RFS_FAIL(fs, RFS_ENOTDIR, "node %u is not a directory", RFS_U(dir));
    return rc;
}

int rfs_stat(rfs_fs *fs, uint32_t id, rfs_attr *st) {
    const rfs_node *n;
    int rc = rfs_node_view(fs, id, &n);
    if (rc < 0)
        return rc;
    st->id = id;
    st->mode = n->mode;
    st->uid = n->uid;
    st->gid = n->gid;
    st->links = n->links;
    st->size = n->size;
    st->blocks = n->blocks;
    st->ctime = n->ctime;
    st->ctime_nsec = n->ctime_nsec;
    st->mtime = n->mtime;
    st->mtime_nsec = n->mtime_nsec;
    st->atime = n->atime;
    st->atime_nsec = n->atime_nsec;
    return 0;
}

int rfs_lookup(rfs_fs *fs, uint32_t dir, const uint8_t *name, uint32_t len, uint32_t *id) {
    rfs_node d;
    int rc = get_dir(fs, dir, &d);
    return rc < 0 ? rc : rfs_dir_find(fs, &d, name, len, id);
}

int rfs_lookup_path(rfs_fs *fs, const char *path, uint32_t *id) {
    uint32_t at = RFS_ROOT_ID;
    const char *p = path;
    while (*p) {
        while (*p == '/')
            p++;
        const char *end = p;
        while (*end && *end != '/')
            end++;
        if (end > p) {
            int rc = rfs_lookup(fs, at, (const uint8_t *)p, (uint32_t)(end - p), &at);
            if (rc < 0) {
                rfs_error_prefix(&fs->error, "%s", RFS_S(path));
                return rc;
            }
        }
        p = end;
    }
    *id = at;
    return 0;
}

/* Name must be absent from directory node *d. */
static int check_absent(rfs_fs *fs, const rfs_node *d, const uint8_t *name, uint32_t len) {
    uint32_t existing;
    int rc = rfs_dir_find(fs, d, name, len, &existing);
    if (rc == 0)
        return RFS_FAIL(fs, RFS_EEXIST, "the name already exists");
    return rc == -RFS_ENOENT ? 0 : rc;
}

int rfs_create(rfs_fs *fs, uint32_t dir, const uint8_t *name, uint32_t len, uint16_t mode,
               uint32_t uid, uint32_t gid, uint32_t *id) {
    unsigned type = mode & RFS_MODE_TYPE;
    int rc = need_writable(fs);
    if (rc == 0)
        rc = check_name(fs, name, len);
    if (rc == 0 && type != RFS_MODE_FILE && type != RFS_MODE_DIR && type != RFS_MODE_SYMLINK &&
        type != RFS_MODE_SOCK)
        rc = RFS_FAIL(fs, RFS_EOPNOTSUPP, "RedoxFS cannot store nodes of type %x", RFS_U(type));
    rfs_node d;
    if (rc == 0)
        rc = get_dir(fs, dir, &d);
    if (rc == 0)
        rc = check_absent(fs, &d, name, len);
    if (rc < 0)
        return rc;
    uint64_t sec;
    uint32_t nsec;
    now(fs, &sec, &nsec);
    rfs_node node;
    rfs_node_init(&node, mode, uid, gid, sec, nsec);
    node.links = 1;
    rc = rfs_node_insert(fs, &node, id);
    rfs_node *dn;
    if (rc == 0)
        rc = rfs_node_modify(fs, dir, &dn);
    if (rc == 0) {
        rc = rfs_dir_insert(fs, dn, name, len, *id);
        if (rc < 0)
            rfs_node_remove(fs, *id);
        else
            touch(fs, dn, true);
    }
    return maybe_commit(fs, rc);
}

int rfs_link(rfs_fs *fs, uint32_t dir, const uint8_t *name, uint32_t len, uint32_t id) {
    int rc = need_writable(fs);
    if (rc == 0)
        rc = check_name(fs, name, len);
    rfs_node d;
    const rfs_node *target;
    if (rc == 0)
        rc = get_dir(fs, dir, &d);
    if (rc == 0)
        rc = check_absent(fs, &d, name, len);
    if (rc == 0)
        rc = rfs_node_view(fs, id, &target);
    if (rc == 0 && is_dir(target))
        rc = RFS_FAIL(fs, RFS_EPERM, "directories cannot have more than one name");
    rfs_node *dn, *n;
    if (rc == 0)
        rc = rfs_node_modify(fs, dir, &dn);
    if (rc == 0)
        rc = rfs_dir_insert(fs, dn, name, len, id);
    if (rc == 0) {
        touch(fs, dn, true);
        rc = rfs_node_modify(fs, id, &n);
    }
    if (rc == 0) {
        n->links++;
        touch(fs, n, false);
    }
    return maybe_commit(fs, rc);
}

/* Frees everything a node owns, then the node. */
int rfs_node_delete(rfs_fs *fs, uint32_t id) {
    rfs_node *n;
    int rc = rfs_node_modify(fs, id, &n);
    if (rc < 0)
        return rc;
    if (is_dir(n)) {
        unsigned levels;
        rc = rfs_dir_levels(fs, n, &levels);
        if (rc == 0 && !rfs_ptr_is_null(&n->level0[1]))
            rc = RFS_FAIL(fs, RFS_ENOTEMPTY, "directory node %u still has entries", RFS_U(id));
    } else {
        rc = rfs_file_truncate(fs, n, 0);
    }
    return rc < 0 ? rc : rfs_node_remove(fs, id);
}

/* Drops one link of node id; the last one deletes it or, with keep_open, parks it on the
 * release list. */
static int drop_link(rfs_fs *fs, uint32_t id, bool keep_open) {
    rfs_node *n;
    int rc = rfs_node_modify(fs, id, &n);
    if (rc < 0)
        return rc;
    if (n->links > 0)
        n->links--;
    touch(fs, n, false);
    if (n->links > 0)
        return 0;
    return keep_open ? rfs_release_add(fs, id) : rfs_node_delete(fs, id);
}

/* Looks up name in dir: the directory node copy and the entry's node copy. */
static int find_entry(rfs_fs *fs, uint32_t dir, const uint8_t *name, uint32_t len, rfs_node *d,
                      uint32_t *id, rfs_node *target) {
    int rc = get_dir(fs, dir, d);
    if (rc == 0)
        rc = rfs_dir_find(fs, d, name, len, id);
    if (rc == 0)
        rc = rfs_node_get(fs, *id, target);
    return rc;
}

static int dir_is_empty(rfs_fs *fs, const rfs_node *n, bool *empty) {
    unsigned levels;
    int rc = rfs_dir_levels(fs, n, &levels);
    *empty = rfs_ptr_is_null(&n->level0[1]);
    return rc;
}

static int remove_name(rfs_fs *fs, uint32_t dir, const uint8_t *name, uint32_t len) {
    rfs_node *dn;
    int rc = rfs_node_modify(fs, dir, &dn);
    if (rc == 0)
        rc = rfs_dir_remove(fs, dn, name, len);
    if (rc == 0)
        touch(fs, dn, true);
    return rc;
}

int rfs_unlink(rfs_fs *fs, uint32_t dir, const uint8_t *name, uint32_t len, bool keep_open) {
    rfs_node *buf = rfs_shim_alloc(2 * sizeof *buf);
    if (!buf)
        return RFS_FAIL(fs, RFS_ENOMEM, "out of memory");
    uint32_t id;
    int rc = need_writable(fs);
    if (rc == 0)
        rc = find_entry(fs, dir, name, len, &buf[0], &id, &buf[1]);
    if (rc == 0 && is_dir(&buf[1]))
        rc = RFS_FAIL(fs, RFS_EISDIR, "node %u is a directory", RFS_U(id));
    rfs_shim_free(buf);
    if (rc == 0)
        rc = remove_name(fs, dir, name, len);
    if (rc == 0)
        rc = drop_link(fs, id, keep_open);
    return maybe_commit(fs, rc);
}

int rfs_rmdir(rfs_fs *fs, uint32_t dir, const uint8_t *name, uint32_t len) {
    rfs_node *buf = rfs_shim_alloc(2 * sizeof *buf);
    if (!buf)
        return RFS_FAIL(fs, RFS_ENOMEM, "out of memory");
    uint32_t id;
    bool empty = false;
    int rc = need_writable(fs);
    if (rc == 0)
        rc = find_entry(fs, dir, name, len, &buf[0], &id, &buf[1]);
    if (rc == 0 && !is_dir(&buf[1]))
        rc = RFS_FAIL(fs, RFS_ENOTDIR, "node %u is not a directory", RFS_U(id));
    if (rc == 0)
        rc = dir_is_empty(fs, &buf[1], &empty);
    if (rc == 0 && !empty)
        rc = RFS_FAIL(fs, RFS_ENOTEMPTY, "directory node %u is not empty", RFS_U(id));
    rfs_shim_free(buf);
    if (rc == 0)
        rc = remove_name(fs, dir, name, len);
    if (rc == 0)
        rc = drop_link(fs, id, false);
    return maybe_commit(fs, rc);
}

int rfs_rename(rfs_fs *fs, uint32_t old_dir, const uint8_t *old_name, uint32_t old_len,
               uint32_t new_dir, const uint8_t *new_name, uint32_t new_len, unsigned flags) {
    rfs_node *buf = rfs_shim_alloc(3 * sizeof *buf);
    if (!buf)
        return RFS_FAIL(fs, RFS_ENOMEM, "out of memory");
    rfs_node *od = &buf[0], *src = &buf[1], *nd = &buf[2];
    uint32_t id, replaced = 0;
    int rc = need_writable(fs);
    if (rc == 0)
        rc = check_name(fs, new_name, new_len);
    if (rc == 0)
        rc = find_entry(fs, old_dir, old_name, old_len, od, &id, src);
    if (rc == 0)
        rc = get_dir(fs, new_dir, nd);
    if (rc == 0) {
        rc = rfs_dir_find(fs, nd, new_name, new_len, &replaced);
        if (rc == -RFS_ENOENT) {
            replaced = 0;
            rc = 0;
        } else if (rc == 0 && (flags & RFS_RENAME_NOREPLACE)) {
            rc = RFS_FAIL(fs, RFS_EEXIST, "the new name already exists");
        }
    }
    bool same = rc == 0 && replaced == id;
    if (rc == 0 && replaced && !same) {
        /* nd is no longer needed: it now holds the node being replaced. */
        rc = rfs_node_get(fs, replaced, nd);
        bool empty = true;
        if (rc == 0 && is_dir(src) && !is_dir(nd))
            rc = RFS_FAIL(fs, RFS_ENOTDIR, "cannot replace a non-directory with a directory");
        if (rc == 0 && !is_dir(src) && is_dir(nd))
            rc = RFS_FAIL(fs, RFS_EISDIR, "cannot replace a directory with a non-directory");
        if (rc == 0 && is_dir(nd))
            rc = dir_is_empty(fs, nd, &empty);
        if (rc == 0 && !empty)
            rc = RFS_FAIL(fs, RFS_ENOTEMPTY, "the directory to replace is not empty");
    }
    rfs_shim_free(buf);
    if (rc < 0 || same)
        return rc;
    if (replaced) {
        rc = remove_name(fs, new_dir, new_name, new_len);
        if (rc == 0)
            rc = drop_link(fs, replaced, (flags & RFS_RENAME_KEEP_REPLACED) != 0);
    }
    if (rc == 0)
        rc = remove_name(fs, old_dir, old_name, old_len);
    rfs_node *dn, *n;
    if (rc == 0)
        rc = rfs_node_modify(fs, new_dir, &dn);
    if (rc == 0) {
        rc = rfs_dir_insert(fs, dn, new_name, new_len, id);
        /* Keep the node reachable: put the old name back (best effort; rc stays). */
        rfs_node *back;
        if (rc < 0 && rfs_node_modify(fs, old_dir, &back) == 0)
            rfs_dir_insert(fs, back, old_name, old_len, id);
    }
    if (rc == 0) {
        touch(fs, dn, true);
        rc = rfs_node_modify(fs, id, &n);
    }
    if (rc == 0)
        touch(fs, n, false);
    return maybe_commit(fs, rc);
}

int rfs_readdir(rfs_fs *fs, uint32_t dir, uint64_t *cookie, rfs_dirent_fn fn, void *ctx) {
    rfs_node d;
    int rc = get_dir(fs, dir, &d);
    return rc < 0 ? rc : rfs_dir_walk(fs, &d, cookie, fn, ctx);
}

int rfs_read(rfs_fs *fs, uint32_t id, uint64_t offset, void *buf, size_t len, size_t *done) {
    rfs_node n;
    *done = 0;
    int rc = rfs_node_get(fs, id, &n);
    if (rc == 0 && is_dir(&n))
        rc = RFS_FAIL(fs, RFS_EISDIR, "node %u is a directory", RFS_U(id));
    if (rc == 0)
        rc = rfs_file_read(fs, &n, offset, buf, len, done);
    if (rc < 0 && fs->error.code == RFS_EIO)
        rfs_error_prefix(&fs->error, "node %u", RFS_U(id));
    return rc;
}

int rfs_seek_data(rfs_fs *fs, uint32_t id, uint64_t offset, uint64_t *data) {
    rfs_node n;
    int rc = rfs_node_get(fs, id, &n);
    if (rc == 0 && is_dir(&n))
        rc = RFS_FAIL(fs, RFS_EISDIR, "node %u is a directory", RFS_U(id));
    return rc < 0 ? rc : rfs_file_next_data(fs, &n, offset, data);
}

int rfs_write(rfs_fs *fs, uint32_t id, uint64_t offset, const void *buf, size_t len) {
    const rfs_node *check;
    int rc = need_writable(fs);
    if (rc == 0)
        rc = rfs_node_view(fs, id, &check);
    if (rc == 0 && is_dir(check))
        rc = RFS_FAIL(fs, RFS_EISDIR, "node %u is a directory", RFS_U(id));
    rfs_node *n;
    if (rc == 0)
        rc = rfs_node_modify(fs, id, &n);
    if (rc == 0) {
        rc = rfs_file_write(fs, n, offset, buf, len);
        touch(fs, n, true);
    }
    if (rc < 0 && fs->error.code == RFS_EIO)
        rfs_error_prefix(&fs->error, "node %u", RFS_U(id));
    return maybe_commit(fs, rc);
}

int rfs_setattr(rfs_fs *fs, uint32_t id, const rfs_attr_update *a) {
    const rfs_node *check;
    int rc = need_writable(fs);
    if (rc == 0)
        rc = rfs_node_view(fs, id, &check);
    if (rc == 0 && (a->mask & RFS_SET_SIZE) && is_dir(check))
        rc = RFS_FAIL(fs, RFS_EISDIR, "node %u is a directory", RFS_U(id));
    rfs_node *n;
    if (rc == 0)
        rc = rfs_node_modify(fs, id, &n);
    if (rc < 0)
        return rc;
    if (a->mask & RFS_SET_SIZE) {
        rc = rfs_file_truncate(fs, n, a->size);
        touch(fs, n, true);
    }
    if (a->mask & (RFS_SET_MODE | RFS_SET_UID | RFS_SET_GID))
        touch(fs, n, false);
    if (a->mask & RFS_SET_MODE)
        n->mode = (uint16_t)((n->mode & RFS_MODE_TYPE) | (a->mode & RFS_MODE_PERM));
    if (a->mask & RFS_SET_UID)
        n->uid = a->uid;
    if (a->mask & RFS_SET_GID)
        n->gid = a->gid;
    if (a->mask & RFS_SET_ATIME) {
        n->atime = a->atime;
        n->atime_nsec = a->atime_nsec;
    }
    if (a->mask & RFS_SET_MTIME) {
        n->mtime = a->mtime;
        n->mtime_nsec = a->mtime_nsec;
    }
    if (a->mask & RFS_SET_CTIME) {
        n->ctime = a->ctime;
        n->ctime_nsec = a->ctime_nsec;
    }
    return maybe_commit(fs, rc);
}

/* Upstream's rule: reading moves atime forward only when it is more than an hour old. */
#define ATIME_GRANULARITY_SEC 3600u

int rfs_touch_atime(rfs_fs *fs, uint32_t id) {
    const rfs_node *check;
    int rc = rfs_node_view(fs, id, &check);
    uint64_t sec;
    uint32_t nsec;
    now(fs, &sec, &nsec);
    if (rc < 0 || !fs->writable || sec <= check->atime + ATIME_GRANULARITY_SEC)
        return rc;
    rfs_node *n;
    rc = rfs_node_modify(fs, id, &n);
    if (rc == 0) {
        n->atime = sec;
        n->atime_nsec = nsec;
    }
    return rc;
}
