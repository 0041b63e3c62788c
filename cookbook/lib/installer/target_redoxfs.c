/* The install target of a disk image: everything is created directly in the RedoxFS volume,
 * with no host staging directory. Paths are resolved in the volume's own tree, one component
 * at a time and never through a symlink; the directories met are remembered by path, so the
 * thousands of entries of a package cost one lookup per new directory, not one per component.
 * Every node is owned by root (owner rules are applied afterwards, see disk.c); timestamps
 * come from the volume's clock (fixed by the installer). */
#include "installer/target.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "redoxfs/host/image.h"

#define COPY_CHUNK (1u << 20)
#define LINK_TARGET_MAX 4095u
#define DIR_MODE 0755u
#define SYMLINK_MODE 0777u /* what a host symlink has: the install looks the same both ways */

/* Open addressing, power-of-two capacity, at most half full. */
typedef struct dir_slot {
    char *path; /* NULL: empty */
    size_t len;
    uint32_t id;
} dir_slot;

typedef struct redoxfs_target {
    mh_install_target base;
    rfs_fs *fs;
    char *image;
    dir_slot *slots;
    size_t slot_count, used;
    uint8_t *buffer; /* COPY_CHUNK bytes, for copies inside the volume */
} redoxfs_target;

static redoxfs_target *as_redoxfs(mh_install_target *t) {
    return (redoxfs_target *)t;
}

static int fs_fail(redoxfs_target *r, const char *rel, mh_error *err) {
    rfs_host_error(err, r->image, rfs_last_error(r->fs));
    mh_error_prefix(err, "/%s", rel);
    return -1;
}

static uint64_t hash_path(const char *path, size_t len) {
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (uint8_t)path[i]) * 1099511628211ull;
    return h;
}

static dir_slot *find_slot(redoxfs_target *r, const char *path, size_t len) {
    size_t mask = r->slot_count - 1;
    for (size_t i = (size_t)hash_path(path, len) & mask;; i = (i + 1) & mask) {
        dir_slot *s = &r->slots[i];
        if (!s->path || (s->len == len && memcmp(s->path, path, len) == 0))
            return s;
    }
}

static void remember_dir(redoxfs_target *r, const char *path, size_t len, uint32_t id) {
    if (2 * (r->used + 1) > r->slot_count) {
        dir_slot *old = r->slots;
        size_t old_count = r->slot_count;
        r->slot_count *= 2;
        r->slots = mh_xcalloc(r->slot_count, sizeof *r->slots);
        for (size_t i = 0; i < old_count; i++)
            if (old[i].path)
                *find_slot(r, old[i].path, old[i].len) = old[i];
        free(old);
    }
    dir_slot *s = find_slot(r, path, len);
    if (!s->path) {
        s->path = mh_xstrndup(path, len);
        s->len = len;
        r->used++;
    }
    s->id = id;
}

static mh_node_kind kind_of(uint16_t mode) {
    switch (mode & RFS_MODE_TYPE) {
    case RFS_MODE_DIR:
        return MH_NODE_DIR;
    case RFS_MODE_FILE:
        return MH_NODE_FILE;
    case RFS_MODE_SYMLINK:
        return MH_NODE_SYMLINK;
    default:
        return MH_NODE_OTHER;
    }
}

/* The node of name in directory `dir`: 0 and *id and *kind, or 0 with MH_NODE_MISSING. */
static int lookup_child(redoxfs_target *r, uint32_t dir, const char *name, size_t len,
                        const char *rel, uint32_t *id, mh_node_kind *kind, mh_error *err) {
    int rc = rfs_lookup(r->fs, dir, (const uint8_t *)name, (uint32_t)len, id);
    if (rc == -RFS_ENOENT) {
        *kind = MH_NODE_MISSING;
        return 0;
    }
    rfs_attr st;
    if (rc < 0 || rfs_stat(r->fs, *id, &st) < 0)
        return fs_fail(r, rel, err);
    *kind = kind_of(st.mode);
    return 0;
}

/* The directory node at path[0..len) ("" is the root). With create, missing directories are
 * made (mode 0755); without, *id is 0 when one is missing. A component that exists and is
 * not a directory is an error: paths never go through symlinks or files. */
static int resolve_dir(redoxfs_target *r, const char *path, size_t len, bool create, uint32_t *id,
                       mh_error *err) {
    if (len == 0) {
        *id = RFS_ROOT_ID;
        return 0;
    }
    dir_slot *cached = find_slot(r, path, len);
    if (cached->path) {
        *id = cached->id;
        return 0;
    }
    const char *slash = NULL;
    for (size_t i = len; i-- > 0;)
        if (path[i] == '/') {
            slash = path + i;
            break;
        }
    size_t parent_len = slash ? (size_t)(slash - path) : 0;
    const char *name = slash ? slash + 1 : path;
    size_t name_len = len - (size_t)(name - path);
    uint32_t parent;
    if (resolve_dir(r, path, parent_len, create, &parent, err) != 0)
        return -1;
    if (parent == 0) {
        *id = 0;
        return 0;
    }
    char *shown = mh_xstrndup(path, len);
    mh_node_kind kind;
    int rc = lookup_child(r, parent, name, name_len, shown, id, &kind, err);
    if (rc == 0 && kind == MH_NODE_MISSING && !create) {
        *id = 0;
    } else if (rc == 0 && kind == MH_NODE_MISSING) {
        if (rfs_create(r->fs, parent, (const uint8_t *)name, (uint32_t)name_len,
                       (uint16_t)(RFS_MODE_DIR | DIR_MODE), 0, 0, id) < 0)
            rc = fs_fail(r, shown, err);
    } else if (rc == 0 && kind != MH_NODE_DIR) {
        rc = mh_error_set(err, r->image, 0, 0, "/%s is %s, not a directory; nothing is installed "
                          "through it", shown, kind == MH_NODE_SYMLINK ? "a symlink" : "a file");
    }
    if (rc == 0 && *id != 0)
        remember_dir(r, path, len, *id);
    free(shown);
    return rc;
}

/* Splits rel into its directory (resolved) and its last component. */
static int resolve_parent(redoxfs_target *r, const char *rel, bool create, uint32_t *dir,
                          const char **name, mh_error *err) {
    const char *slash = strrchr(rel, '/');
    *name = slash ? slash + 1 : rel;
    return resolve_dir(r, rel, slash ? (size_t)(slash - rel) : 0, create, dir, err);
}

static int redoxfs_kind(mh_install_target *t, const char *rel, mh_node_kind *kind, mh_error *err) {
    redoxfs_target *r = as_redoxfs(t);
    uint32_t dir, id;
    const char *name;
    if (resolve_parent(r, rel, false, &dir, &name, err) != 0)
        return -1;
    if (dir == 0) {
        *kind = MH_NODE_MISSING;
        return 0;
    }
    return lookup_child(r, dir, name, strlen(name), rel, &id, kind, err);
}

/* The node at rel, which must exist. */
static int existing_node(redoxfs_target *r, const char *rel, uint32_t *id, mh_error *err) {
    uint32_t dir;
    const char *name;
    mh_node_kind kind = MH_NODE_MISSING;
    if (resolve_parent(r, rel, false, &dir, &name, err) != 0 ||
        (dir && lookup_child(r, dir, name, strlen(name), rel, id, &kind, err) != 0))
        return -1;
    if (dir == 0 || kind == MH_NODE_MISSING)
        return mh_error_set(err, r->image, 0, 0, "/%s does not exist", rel);
    return 0;
}

static int redoxfs_make_dir(mh_install_target *t, const char *rel, unsigned mode, mh_error *err) {
    redoxfs_target *r = as_redoxfs(t);
    uint32_t dir, id;
    const char *name;
    if (resolve_parent(r, rel, true, &dir, &name, err) != 0)
        return -1;
    if (rfs_create(r->fs, dir, (const uint8_t *)name, (uint32_t)strlen(name),
                   (uint16_t)(RFS_MODE_DIR | (mode & RFS_MODE_PERM)), 0, 0, &id) < 0)
        return fs_fail(r, rel, err);
    remember_dir(r, rel, strlen(rel), id);
    return 0;
}

static int set_node_mode(redoxfs_target *r, uint32_t id, unsigned mode, const char *rel,
                         mh_error *err) {
    rfs_attr_update up = {.mask = RFS_SET_MODE, .mode = (uint16_t)(mode & 07777)};
    return rfs_setattr(r->fs, id, &up) < 0 ? fs_fail(r, rel, err) : 0;
}

static int redoxfs_set_mode(mh_install_target *t, const char *rel, unsigned mode, mh_error *err) {
    redoxfs_target *r = as_redoxfs(t);
    uint32_t id;
    return existing_node(r, rel, &id, err) != 0 ? -1 : set_node_mode(r, id, mode, rel, err);
}

/* A new node named like rel's last component in dir, replacing a file or symlink of that
 * name (as a rename over it would); a directory there is an error. */
static int create_replacing(redoxfs_target *r, uint32_t dir, const char *name, const char *rel,
                            uint16_t mode, uint32_t *id, mh_error *err) {
    uint32_t len = (uint32_t)strlen(name);
    int rc = rfs_create(r->fs, dir, (const uint8_t *)name, len, mode, 0, 0, id);
    if (rc != -RFS_EEXIST)
        return rc < 0 ? fs_fail(r, rel, err) : 0;
    uint32_t old;
    mh_node_kind kind;
    if (lookup_child(r, dir, name, len, rel, &old, &kind, err) != 0)
        return -1;
    if (kind == MH_NODE_DIR)
        return mh_error_set(err, r->image, 0, 0, "/%s is a directory in the image; cannot replace "
                            "it with a %s", rel, (mode & RFS_MODE_TYPE) == RFS_MODE_SYMLINK ? "symlink" : "file");
    if (rfs_unlink(r->fs, dir, (const uint8_t *)name, len, false) < 0 ||
        rfs_create(r->fs, dir, (const uint8_t *)name, len, mode, 0, 0, id) < 0)
        return fs_fail(r, rel, err);
    return 0;
}

static int redoxfs_write_file(mh_install_target *t, const char *rel, const void *data, size_t len,
                              unsigned mode, bool append, mh_error *err) {
    redoxfs_target *r = as_redoxfs(t);
    uint32_t dir, id;
    const char *name;
    if (resolve_parent(r, rel, true, &dir, &name, err) != 0)
        return -1;
    uint64_t offset = 0;
    mh_node_kind kind = MH_NODE_MISSING;
    if (append && lookup_child(r, dir, name, strlen(name), rel, &id, &kind, err) != 0)
        return -1;
    if (kind == MH_NODE_FILE) {
        rfs_attr st;
        if (rfs_stat(r->fs, id, &st) < 0)
            return fs_fail(r, rel, err);
        offset = st.size;
    } else if (create_replacing(r, dir, name, rel, (uint16_t)(RFS_MODE_FILE | (mode & 07777)), &id,
                                err) != 0) {
        return -1;
    }
    if (len && rfs_write(r->fs, id, offset, data, len) < 0)
        return fs_fail(r, rel, err);
    return 0;
}

static int write_symlink(redoxfs_target *r, const char *rel, const char *to, size_t len,
                         mh_error *err) {
    uint32_t dir, id;
    const char *name;
    if (resolve_parent(r, rel, true, &dir, &name, err) != 0 ||
        create_replacing(r, dir, name, rel, (uint16_t)(RFS_MODE_SYMLINK | SYMLINK_MODE), &id, err) != 0)
        return -1;
    return rfs_write(r->fs, id, 0, to, len) < 0 ? fs_fail(r, rel, err) : 0;
}

static int redoxfs_make_symlink(mh_install_target *t, const char *rel, const char *to, mh_error *err) {
    return write_symlink(as_redoxfs(t), rel, to, strlen(to), err);
}

static int read_node(redoxfs_target *r, uint32_t id, const char *rel, char **data, size_t *len,
                     mh_error *err) {
    rfs_attr st;
    if (rfs_stat(r->fs, id, &st) < 0)
        return fs_fail(r, rel, err);
    if (st.size > SIZE_MAX - 1)
        return mh_error_set(err, r->image, 0, 0, "/%s is too large to read into memory", rel);
    *data = mh_xmalloc((size_t)st.size + 1);
    size_t done;
    if (rfs_read(r->fs, id, 0, *data, (size_t)st.size, &done) < 0) {
        free(*data);
        *data = NULL;
        return fs_fail(r, rel, err);
    }
    (*data)[done] = '\0';
    *len = done;
    return 0;
}

static int redoxfs_read_file(mh_install_target *t, const char *rel, char **data, size_t *len,
                             mh_error *err) {
    redoxfs_target *r = as_redoxfs(t);
    uint32_t id;
    return existing_node(r, rel, &id, err) != 0 ? -1 : read_node(r, id, rel, data, len, err);
}

typedef struct child_list {
    char **names;
    uint32_t *ids;
    size_t count;
} child_list;

static int collect_child(void *ctx, const uint8_t *name, uint32_t len, uint32_t id) {
    child_list *l = ctx;
    l->names = mh_xrealloc(l->names, (l->count + 1) * sizeof *l->names);
    l->ids = mh_xrealloc(l->ids, (l->count + 1) * sizeof *l->ids);
    l->names[l->count] = mh_xstrndup((const char *)name, len);
    l->ids[l->count++] = id;
    return 0;
}

static int copy_node(redoxfs_target *r, uint32_t from, uint32_t to_dir, const char *name,
                     const char *rel, int depth, mh_error *err);

/* Copies the children of directory `from` into directory `to` (rel names `to`). */
static int copy_children(redoxfs_target *r, uint32_t from, uint32_t to, const char *rel, int depth,
                         mh_error *err) {
    if (depth > 256)
        return mh_error_set(err, r->image, 0, 0, "/%s: directories nest deeper than 256", rel);
    child_list l = {0};
    uint64_t cookie = 0;
    int rc = rfs_readdir(r->fs, from, &cookie, collect_child, &l) < 0 ? fs_fail(r, rel, err) : 0;
    for (size_t i = 0; i < l.count; i++) {
        if (rc == 0) {
            char *child = mh_target_path(rel, l.names[i]);
            rc = copy_node(r, l.ids[i], to, l.names[i], child, depth + 1, err);
            free(child);
        }
        free(l.names[i]);
    }
    free(l.names);
    free(l.ids);
    return rc;
}

static int copy_node(redoxfs_target *r, uint32_t from, uint32_t to_dir, const char *name,
                     const char *rel, int depth, mh_error *err) {
    rfs_attr st;
    if (rfs_stat(r->fs, from, &st) < 0)
        return fs_fail(r, rel, err);
    uint32_t id;
    if ((st.mode & RFS_MODE_TYPE) == RFS_MODE_DIR) {
        /* Like cp -a: a directory already there is merged into, anything else replaced. */
        mh_node_kind kind;
        if (lookup_child(r, to_dir, name, strlen(name), rel, &id, &kind, err) != 0)
            return -1;
        if (kind != MH_NODE_DIR && kind != MH_NODE_MISSING)
            return mh_error_set(err, r->image, 0, 0, "/%s exists and is not a directory", rel);
        if (kind == MH_NODE_MISSING &&
            rfs_create(r->fs, to_dir, (const uint8_t *)name, (uint32_t)strlen(name), st.mode,
                       st.uid, st.gid, &id) < 0)
            return fs_fail(r, rel, err);
        return copy_children(r, from, id, rel, depth, err);
    }
    if (create_replacing(r, to_dir, name, rel, st.mode, &id, err) != 0)
        return -1;
    for (uint64_t at = 0; at < st.size;) {
        size_t done;
        if (rfs_read(r->fs, from, at, r->buffer, COPY_CHUNK, &done) < 0 ||
            (done && rfs_write(r->fs, id, at, r->buffer, done) < 0))
            return fs_fail(r, rel, err);
        if (done == 0)
            break;
        at += done;
    }
    return 0;
}

static int redoxfs_copy_tree(mh_install_target *t, const char *from, const char *to, mh_error *err) {
    redoxfs_target *r = as_redoxfs(t);
    uint32_t source, dest;
    if (resolve_dir(r, from, strlen(from), false, &source, err) != 0 ||
        resolve_dir(r, to, strlen(to), false, &dest, err) != 0)
        return -1;
    if (!source || !dest)
        return mh_error_set(err, r->image, 0, 0, "cannot copy /%s to /%s: a directory is missing",
                            from, to);
    return copy_children(r, source, dest, to, 0, err);
}

/* ---- packages */

typedef struct file_sink {
    redoxfs_target *target;
    uint32_t id;
    uint64_t offset;
    const char *rel;
} file_sink;

static int write_to_node(void *ctx, const uint8_t *data, size_t len, mh_error *err) {
    file_sink *s = ctx;
    if (rfs_write(s->target->fs, s->id, s->offset, data, len) < 0)
        return fs_fail(s->target, s->rel, err);
    s->offset += len;
    return 0;
}

typedef struct link_sink {
    char target[LINK_TARGET_MAX + 1];
    size_t len;
    const char *rel;
    const char *image;
} link_sink;

static int collect_link(void *ctx, const uint8_t *data, size_t len, mh_error *err) {
    link_sink *l = ctx;
    if (len > LINK_TARGET_MAX - l->len)
        return mh_error_set(err, l->image, 0, 0, "/%s: symlink target longer than %u bytes", l->rel,
                            LINK_TARGET_MAX);
    memcpy(l->target + l->len, data, len);
    l->len += len;
    return 0;
}

static int install_entry(redoxfs_target *r, pkgar_archive *a, uint32_t index, mh_error *err) {
    const pkgar_entry *e = &a->entries[index];
    uint32_t dir;
    const char *name;
    if (resolve_parent(r, e->path, true, &dir, &name, err) != 0)
        return -1;
    if ((e->mode & PKGAR_MODE_KIND) == PKGAR_MODE_SYMLINK) {
        link_sink link = {.rel = e->path, .image = r->image};
        if (pkgar_archive_read_entry(a, index, collect_link, &link, err) != 0)
            return -1;
        if (link.len == 0 || memchr(link.target, '\0', link.len))
            return mh_error_set(err, a->path, 0, 0,
                                "%s: invalid symlink target (empty or containing NUL)", e->path);
        return write_symlink(r, e->path, link.target, link.len, err);
    }
    file_sink sink = {r, 0, 0, e->path};
    if (create_replacing(r, dir, name, e->path, (uint16_t)(RFS_MODE_FILE | (e->mode & PKGAR_MODE_PERM)),
                         &sink.id, err) != 0)
        return -1;
    return pkgar_archive_read_entry(a, index, write_to_node, &sink, err);
}

static int redoxfs_install_package(mh_install_target *t, pkgar_archive *a, mh_error *err) {
    if (pkgar_archive_check_data(a, err) != 0)
        return -1;
    for (uint32_t i = 0; i < a->count; i++)
        if (install_entry(as_redoxfs(t), a, i, err) != 0)
            return -1;
    return 0;
}

static void redoxfs_free(mh_install_target *t) {
    redoxfs_target *r = as_redoxfs(t);
    for (size_t i = 0; i < r->slot_count; i++)
        free(r->slots[i].path);
    free(r->slots);
    free(r->buffer);
    free(r->image);
    free(r);
}

static const mh_target_ops REDOXFS_OPS = {
    redoxfs_kind,      redoxfs_make_dir,  redoxfs_set_mode,        redoxfs_write_file,
    redoxfs_make_symlink, redoxfs_read_file, redoxfs_copy_tree, redoxfs_install_package,
    redoxfs_free,
};

mh_install_target *mh_target_redoxfs_new(rfs_fs *fs, const char *image) {
    redoxfs_target *r = mh_xcalloc(1, sizeof *r);
    r->fs = fs;
    r->image = mh_xstrdup(image);
    r->slot_count = 1024;
    r->slots = mh_xcalloc(r->slot_count, sizeof *r->slots);
    r->buffer = mh_xmalloc(COPY_CHUNK);
    r->base.ops = &REDOXFS_OPS;
    r->base.shown = r->image;
    return &r->base;
}
