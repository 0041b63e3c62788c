/* Low-level FUSE operations. Every change is committed before it is acknowledged, except
 * file data, which is committed by fsync, close (flush), when enough is pending, and at
 * unmount - so whatever a program closed or fsync'd survives a crash. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "mount.h"

#define TTL_SECONDS 1.0
#define NAME_BUFFER (RFS_NAME_MAX + 1)

static mount_state *state_of(fuse_req_t req) {
    return fuse_req_userdata(req);
}

static node_slot *slot_for(mount_state *ms, uint32_t id) {
    if (ms->slot_count * 2 >= ms->slot_cap) {
        size_t cap = ms->slot_cap ? ms->slot_cap * 2 : 256;
        node_slot *slots = calloc(cap, sizeof *slots);
        if (!slots)
            return NULL;
        for (size_t i = 0; i < ms->slot_cap; i++) {
            if (!ms->slots[i].id)
                continue;
            size_t k = ms->slots[i].id * 2654435761u & (cap - 1);
            while (slots[k].id)
                k = (k + 1) & (cap - 1);
            slots[k] = ms->slots[i];
        }
        free(ms->slots);
        ms->slots = slots;
        ms->slot_cap = cap;
    }
    size_t k = id * 2654435761u & (ms->slot_cap - 1);
    while (ms->slots[k].id && ms->slots[k].id != id)
        k = (k + 1) & (ms->slot_cap - 1);
    if (!ms->slots[k].id) {
        ms->slots[k].id = id;
        ms->slot_count++;
    }
    return &ms->slots[k];
}

static uint32_t opens_of(mount_state *ms, uint32_t id) {
    node_slot *s = slot_for(ms, id);
    return s ? s->opens : 0;
}

/* Sends an error, logging the core's message for I/O errors (or always when verbose). */
static void reply_error(fuse_req_t req, int rc) {
    mount_state *ms = state_of(req);
    if (rc == -RFS_EIO || rc == -RFS_ENOMEM || ms->verbose)
        fprintf(stderr, "redoxfs: %s\n", rfs_last_error(ms->vol.fs)->message);
    fuse_reply_err(req, -rc);
}

static int commit(mount_state *ms) {
    return rfs_commit(ms->vol.fs, false);
}

static void to_stat(const rfs_attr *a, struct stat *st) {
    memset(st, 0, sizeof *st);
    st->st_ino = a->id;
    st->st_mode = a->mode;
    st->st_nlink = a->links ? a->links : 1;
    st->st_uid = a->uid;
    st->st_gid = a->gid;
    st->st_size = (off_t)a->size;
    st->st_blocks = (blkcnt_t)(a->blocks * 8);
    st->st_blksize = 512;
    st->st_atim.tv_sec = (time_t)a->atime;
    st->st_atim.tv_nsec = a->atime_nsec;
    st->st_mtim.tv_sec = (time_t)a->mtime;
    st->st_mtim.tv_nsec = a->mtime_nsec;
    st->st_ctim.tv_sec = (time_t)a->ctime;
    st->st_ctim.tv_nsec = a->ctime_nsec;
}

/* Replies with the entry of node id (after a successful change, commit it first). */
static void reply_entry(fuse_req_t req, uint32_t id, bool changed) {
    mount_state *ms = state_of(req);
    rfs_attr a;
    int rc = changed ? commit(ms) : 0;
    if (rc == 0)
        rc = rfs_stat(ms->vol.fs, id, &a);
    if (rc < 0) {
        reply_error(req, rc);
        return;
    }
    struct fuse_entry_param e;
    memset(&e, 0, sizeof e);
    e.ino = id;
    node_slot *s = slot_for(ms, id);
    e.generation = s ? s->generation : 0;
    e.attr_timeout = e.entry_timeout = TTL_SECONDS;
    to_stat(&a, &e.attr);
    fuse_reply_entry(req, &e);
}

static uint32_t name_len(const char *name) {
    size_t n = strlen(name);
    return n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
}

static void op_lookup(fuse_req_t req, fuse_ino_t parent, const char *name) {
    uint32_t id;
    int rc = rfs_lookup(state_of(req)->vol.fs, (uint32_t)parent, (const uint8_t *)name, name_len(name), &id);
    if (rc < 0) {
        if (rc == -RFS_ENOENT) {
            fuse_reply_err(req, ENOENT);
            return;
        }
        reply_error(req, rc);
        return;
    }
    reply_entry(req, id, false);
}

static void op_getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) {
    (void)fi;
    rfs_attr a;
    int rc = rfs_stat(state_of(req)->vol.fs, (uint32_t)ino, &a);
    if (rc < 0) {
        reply_error(req, rc);
        return;
    }
    struct stat st;
    to_stat(&a, &st);
    fuse_reply_attr(req, &st, TTL_SECONDS);
}

static void now_fields(uint64_t *sec, uint32_t *nsec) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    *sec = (uint64_t)ts.tv_sec;
    *nsec = (uint32_t)ts.tv_nsec;
}

static void op_setattr(fuse_req_t req, fuse_ino_t ino, struct stat *attr, int to_set,
                       struct fuse_file_info *fi) {
    (void)fi;
    mount_state *ms = state_of(req);
    rfs_attr_update up = {0};
    if (to_set & FUSE_SET_ATTR_MODE) {
        up.mask |= RFS_SET_MODE;
        up.mode = (uint16_t)(attr->st_mode & 07777);
    }
    if (to_set & FUSE_SET_ATTR_UID) {
        up.mask |= RFS_SET_UID;
        up.uid = attr->st_uid;
    }
    if (to_set & FUSE_SET_ATTR_GID) {
        up.mask |= RFS_SET_GID;
        up.gid = attr->st_gid;
    }
    if (to_set & FUSE_SET_ATTR_SIZE) {
        up.mask |= RFS_SET_SIZE;
        up.size = (uint64_t)attr->st_size;
    }
    if (to_set & (FUSE_SET_ATTR_ATIME | FUSE_SET_ATTR_ATIME_NOW)) {
        up.mask |= RFS_SET_ATIME;
        if (to_set & FUSE_SET_ATTR_ATIME_NOW) {
            now_fields(&up.atime, &up.atime_nsec);
        } else {
            up.atime = (uint64_t)attr->st_atim.tv_sec;
            up.atime_nsec = (uint32_t)attr->st_atim.tv_nsec;
        }
    }
    if (to_set & (FUSE_SET_ATTR_MTIME | FUSE_SET_ATTR_MTIME_NOW)) {
        up.mask |= RFS_SET_MTIME;
        if (to_set & FUSE_SET_ATTR_MTIME_NOW) {
            now_fields(&up.mtime, &up.mtime_nsec);
        } else {
            up.mtime = (uint64_t)attr->st_mtim.tv_sec;
            up.mtime_nsec = (uint32_t)attr->st_mtim.tv_nsec;
        }
    }
    if (to_set & FUSE_SET_ATTR_CTIME) {
        up.mask |= RFS_SET_CTIME;
        up.ctime = (uint64_t)attr->st_ctim.tv_sec;
        up.ctime_nsec = (uint32_t)attr->st_ctim.tv_nsec;
    }
    int rc = rfs_setattr(ms->vol.fs, (uint32_t)ino, &up);
    if (rc == 0)
        rc = commit(ms);
    if (rc < 0) {
        reply_error(req, rc);
        return;
    }
    op_getattr(req, ino, NULL);
}

static void op_readlink(fuse_req_t req, fuse_ino_t ino) {
    rfs_fs *fs = state_of(req)->vol.fs;
    rfs_attr a;
    int rc = rfs_stat(fs, (uint32_t)ino, &a);
    if (rc == 0 && (a.mode & RFS_MODE_TYPE) != RFS_MODE_SYMLINK)
        rc = -RFS_EINVAL;
    char *target = rc == 0 && a.size < (1u << 20) ? malloc((size_t)a.size + 1) : NULL;
    size_t done = 0;
    if (rc == 0 && !target)
        rc = -RFS_ENOMEM;
    if (rc == 0)
        rc = rfs_read(fs, (uint32_t)ino, 0, target, (size_t)a.size, &done);
    if (rc < 0) {
        free(target);
        reply_error(req, rc);
        return;
    }
    target[done] = 0;
    fuse_reply_readlink(req, target);
    free(target);
}

/* Creates a node in parent owned by the caller; remembers a fresh generation for its id. */
static int make_node(fuse_req_t req, fuse_ino_t parent, const char *name, uint16_t mode, uint32_t *id) {
    mount_state *ms = state_of(req);
    const struct fuse_ctx *ctx = fuse_req_ctx(req);
    int rc = rfs_create(ms->vol.fs, (uint32_t)parent, (const uint8_t *)name, name_len(name), mode,
                        ctx->uid, ctx->gid, id);
    node_slot *s = rc == 0 ? slot_for(ms, *id) : NULL;
    if (s)
        s->generation = ++ms->next_generation;
    return rc;
}

static void op_mknod(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode, dev_t rdev) {
    (void)rdev;
    if (!S_ISREG(mode) && !S_ISSOCK(mode)) {
        fuse_reply_err(req, EPERM); /* RedoxFS stores no devices or fifos */
        return;
    }
    uint32_t id;
    int rc = make_node(req, parent, name, (uint16_t)(mode & 0xFFFF), &id);
    if (rc < 0)
        reply_error(req, rc);
    else
        reply_entry(req, id, true);
}

static void op_mkdir(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode) {
    uint32_t id;
    int rc = make_node(req, parent, name, (uint16_t)(RFS_MODE_DIR | (mode & 07777)), &id);
    if (rc < 0)
        reply_error(req, rc);
    else
        reply_entry(req, id, true);
}

static void op_symlink(fuse_req_t req, const char *link, fuse_ino_t parent, const char *name) {
    uint32_t id;
    int rc = make_node(req, parent, name, RFS_MODE_SYMLINK | 0777, &id);
    if (rc == 0)
        rc = rfs_write(state_of(req)->vol.fs, id, 0, link, strlen(link));
    if (rc < 0)
        reply_error(req, rc);
    else
        reply_entry(req, id, true);
}

static void reply_change(fuse_req_t req, int rc) {
    if (rc == 0)
        rc = commit(state_of(req));
    if (rc < 0)
        reply_error(req, rc);
    else
        fuse_reply_err(req, 0);
}

static void op_unlink(fuse_req_t req, fuse_ino_t parent, const char *name) {
    mount_state *ms = state_of(req);
    uint32_t id;
    int rc = rfs_lookup(ms->vol.fs, (uint32_t)parent, (const uint8_t *)name, name_len(name), &id);
    if (rc == 0)
        rc = rfs_unlink(ms->vol.fs, (uint32_t)parent, (const uint8_t *)name, name_len(name),
                        opens_of(ms, id) > 0);
    reply_change(req, rc);
}

static void op_rmdir(fuse_req_t req, fuse_ino_t parent, const char *name) {
    reply_change(req, rfs_rmdir(state_of(req)->vol.fs, (uint32_t)parent, (const uint8_t *)name, name_len(name)));
}

static void op_rename(fuse_req_t req, fuse_ino_t parent, const char *name, fuse_ino_t newparent,
                      const char *newname, unsigned int flags) {
    mount_state *ms = state_of(req);
    if (flags & ~(unsigned)RENAME_NOREPLACE) {
        fuse_reply_err(req, EINVAL); /* no RENAME_EXCHANGE / WHITEOUT */
        return;
    }
    unsigned rflags = (flags & RENAME_NOREPLACE) ? RFS_RENAME_NOREPLACE : 0;
    uint32_t replaced;
    if (rfs_lookup(ms->vol.fs, (uint32_t)newparent, (const uint8_t *)newname, name_len(newname), &replaced) == 0 &&
        opens_of(ms, replaced) > 0)
        rflags |= RFS_RENAME_KEEP_REPLACED;
    reply_change(req, rfs_rename(ms->vol.fs, (uint32_t)parent, (const uint8_t *)name, name_len(name),
                                 (uint32_t)newparent, (const uint8_t *)newname, name_len(newname), rflags));
}

static void op_link(fuse_req_t req, fuse_ino_t ino, fuse_ino_t newparent, const char *newname) {
    int rc = rfs_link(state_of(req)->vol.fs, (uint32_t)newparent, (const uint8_t *)newname, name_len(newname),
                      (uint32_t)ino);
    if (rc < 0)
        reply_error(req, rc);
    else
        reply_entry(req, (uint32_t)ino, true);
}

static void count_open(mount_state *ms, uint32_t id) {
    node_slot *s = slot_for(ms, id);
    if (s)
        s->opens++;
}

static void op_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) {
    mount_state *ms = state_of(req);
    rfs_attr a;
    int rc = rfs_stat(ms->vol.fs, (uint32_t)ino, &a);
    if (rc < 0) {
        reply_error(req, rc);
        return;
    }
    count_open(ms, (uint32_t)ino);
    fuse_reply_open(req, fi);
}

static void op_create(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode,
                      struct fuse_file_info *fi) {
    mount_state *ms = state_of(req);
    uint32_t id;
    int rc = make_node(req, parent, name, (uint16_t)(RFS_MODE_FILE | (mode & 07777)), &id);
    rfs_attr a;
    if (rc == 0)
        rc = commit(ms);
    if (rc == 0)
        rc = rfs_stat(ms->vol.fs, id, &a);
    if (rc < 0) {
        reply_error(req, rc);
        return;
    }
    count_open(ms, id);
    struct fuse_entry_param e;
    memset(&e, 0, sizeof e);
    e.ino = id;
    e.generation = slot_for(ms, id) ? slot_for(ms, id)->generation : 0;
    e.attr_timeout = e.entry_timeout = TTL_SECONDS;
    to_stat(&a, &e.attr);
    fuse_reply_create(req, &e, fi);
}

static void op_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, struct fuse_file_info *fi) {
    (void)fi;
    rfs_fs *fs = state_of(req)->vol.fs;
    char *buf = malloc(size ? size : 1);
    size_t done = 0;
    int rc = buf ? rfs_read(fs, (uint32_t)ino, (uint64_t)off, buf, size, &done) : -RFS_ENOMEM;
    /* atime is best effort: a full volume must not make reads fail. */
    if (rc == 0 && rfs_touch_atime(fs, (uint32_t)ino) < 0 && state_of(req)->verbose)
        fprintf(stderr, "redoxfs: atime: %s\n", rfs_last_error(fs)->message);
    if (rc < 0)
        reply_error(req, rc);
    else
        fuse_reply_buf(req, buf, done);
    free(buf);
}

static void op_write(fuse_req_t req, fuse_ino_t ino, const char *buf, size_t size, off_t off,
                     struct fuse_file_info *fi) {
    (void)fi;
    int rc = rfs_write(state_of(req)->vol.fs, (uint32_t)ino, (uint64_t)off, buf, size);
    if (rc < 0)
        reply_error(req, rc);
    else
        fuse_reply_write(req, size);
}

static void op_flush(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) {
    (void)ino;
    (void)fi;
    reply_change(req, 0);
}

static void op_release(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi) {
    (void)fi;
    mount_state *ms = state_of(req);
    node_slot *s = slot_for(ms, (uint32_t)ino);
    int rc = 0;
    if (s && s->opens > 0 && --s->opens == 0) {
        rfs_attr a;
        /* The last close of a node whose last name is gone deletes it. */
        if (rfs_stat(ms->vol.fs, (uint32_t)ino, &a) == 0 && a.links == 0)
            rc = rfs_release(ms->vol.fs, (uint32_t)ino);
    }
    reply_change(req, rc);
}

static void op_fsync(fuse_req_t req, fuse_ino_t ino, int datasync, struct fuse_file_info *fi) {
    (void)ino;
    (void)datasync;
    (void)fi;
    reply_change(req, 0);
}

typedef struct dir_fill {
    fuse_req_t req;
    char *buf;
    size_t size, used;
    off_t next;
} dir_fill;

static bool add_entry(dir_fill *f, const char *name, uint32_t ino) {
    struct stat st;
    memset(&st, 0, sizeof st);
    st.st_ino = ino;
    size_t need = fuse_add_direntry(f->req, f->buf + f->used, f->size - f->used, name, &st, f->next + 1);
    if (need > f->size - f->used)
        return false;
    f->used += need;
    f->next++;
    return true;
}

static int fill_entry(void *ctx, const uint8_t *name, uint32_t len, uint32_t id) {
    char copy[NAME_BUFFER];
    memcpy(copy, name, len);
    copy[len] = 0;
    return add_entry(ctx, copy, id) ? 0 : 1;
}

static void op_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, struct fuse_file_info *fi) {
    (void)fi;
    dir_fill f = {req, malloc(size), size, 0, off};
    int rc = f.buf ? 0 : -RFS_ENOMEM;
    /* Offsets 0 and 1 are "." and ".."; entry k of the directory is offset k + 2. */
    if (rc == 0 && f.next == 0)
        add_entry(&f, ".", (uint32_t)ino);
    if (rc == 0 && f.next == 1)
        add_entry(&f, "..", (uint32_t)ino);
    if (rc == 0 && f.next >= 2) {
        uint64_t cookie = (uint64_t)f.next - 2;
        rc = rfs_readdir(state_of(req)->vol.fs, (uint32_t)ino, &cookie, fill_entry, &f);
    }
    if (rc < 0)
        reply_error(req, rc);
    else
        fuse_reply_buf(req, f.buf, f.used);
    free(f.buf);
}

static void op_statfs(fuse_req_t req, fuse_ino_t ino) {
    (void)ino;
    rfs_info info;
    rfs_get_info(state_of(req)->vol.fs, &info);
    struct statvfs st;
    memset(&st, 0, sizeof st);
    st.f_bsize = st.f_frsize = RFS_BLOCK_SIZE;
    st.f_blocks = info.size_bytes / RFS_BLOCK_SIZE;
    st.f_bfree = st.f_bavail = info.free_blocks;
    st.f_namemax = RFS_NAME_MAX;
    fuse_reply_statfs(req, &st);
}

static void op_lseek(fuse_req_t req, fuse_ino_t ino, off_t off, int whence, struct fuse_file_info *fi) {
    (void)fi;
    rfs_fs *fs = state_of(req)->vol.fs;
    rfs_attr a;
    int rc = rfs_stat(fs, (uint32_t)ino, &a);
    if (rc == 0 && (off < 0 || (uint64_t)off >= a.size)) {
        fuse_reply_err(req, ENXIO);
        return;
    }
    uint64_t to = (uint64_t)off;
    if (rc == 0 && whence == SEEK_DATA)
        rc = rfs_seek_data(fs, (uint32_t)ino, (uint64_t)off, &to);
    else if (rc == 0 && whence == SEEK_HOLE)
        to = a.size; /* holes inside files are not reported; the end is always one */
    else if (rc == 0)
        rc = -RFS_EINVAL;
    if (rc < 0)
        reply_error(req, rc);
    else if (to >= a.size && whence == SEEK_DATA)
        fuse_reply_err(req, ENXIO);
    else
        fuse_reply_lseek(req, (off_t)to);
}

static void op_destroy(void *userdata) {
    mount_state *ms = userdata;
    /* Nothing is open any more: nodes waiting for their last close can go. */
    int rc = rfs_release_all(ms->vol.fs);
    if (rc == 0)
        rc = rfs_commit(ms->vol.fs, true);
    if (rc < 0)
        fprintf(stderr, "redoxfs: unmount: %s\n", rfs_last_error(ms->vol.fs)->message);
}

const struct fuse_lowlevel_ops redoxfs_fuse_ops = {
    .destroy = op_destroy,
    .lookup = op_lookup,
    .getattr = op_getattr,
    .setattr = op_setattr,
    .readlink = op_readlink,
    .mknod = op_mknod,
    .mkdir = op_mkdir,
    .unlink = op_unlink,
    .rmdir = op_rmdir,
    .symlink = op_symlink,
    .rename = op_rename,
    .link = op_link,
    .open = op_open,
    .read = op_read,
    .write = op_write,
    .flush = op_flush,
    .release = op_release,
    .fsync = op_fsync,
    .readdir = op_readdir,
    .statfs = op_statfs,
    .create = op_create,
    .lseek = op_lseek,
};
