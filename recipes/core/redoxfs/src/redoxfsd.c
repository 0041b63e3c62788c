/* redoxfsd: the root filesystem. argv[1] (default disk.nvme:) names a disk file, or a disk
 * scheme's root whose entries are tried in order. The first disk holding a RedoxFS volume
 * (header scan over the first 65536 blocks, which covers the installer's partition layout and
 * whole-disk volumes) is served as the file: scheme, so every absolute path of the system
 * reaches it. Changes are committed when a written file is closed or synced and after every
 * change of the namespace. Permissions are checked against the effective uid and gid the
 * kernel puts into each request (access.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "disk.h"
#include "mh_sys.h"
#include "path.h"
#include "redoxfs/core/redoxfs.h"

#define MAX_HANDLES 128
#define ELOOP 40

struct handle {
    int used;
    int readable, writable; /* the access mode of the open */
    uint32_t id;
    int is_dir;
    int append;
    int wrote;
    uint64_t position;
    char *listing; /* a directory's names, one per line, taken at open */
    size_t listing_len;
    char *path;    /* as opened, without the scheme: for fpath and frename */
};

static rfs_fs *fs;
static struct handle handles[MAX_HANDLES];

static void report(const char *what, int err)
{
    fprintf(stderr, "redoxfsd: %s failed (error %d): %s\n", what, -err, rfs_last_error(fs)->message);
}

static int commit(void)
{
    int err = rfs_commit(fs, false);
    if (err != 0)
        report("commit", err);
    return err;
}

struct listing {
    char *data;
    size_t len, cap;
};

static int add_name(void *ctx, const uint8_t *name, uint32_t len, uint32_t id)
{
    (void)id;
    struct listing *l = ctx;
    if (l->len + len + 1 > l->cap) {
        size_t cap = (l->cap + len + 1) * 2;
        char *grown = realloc(l->data, cap);
        if (!grown)
            return -RFS_ENOMEM;
        l->data = grown;
        l->cap = cap;
    }
    memcpy(l->data + l->len, name, len);
    l->len += len;
    l->data[l->len++] = '\n';
    return 0;
}

static int list_directory(struct handle *h)
{
    struct listing l = {NULL, 0, 0};
    uint64_t cookie = 0;
    int err = rfs_readdir(fs, h->id, &cookie, add_name, &l);
    if (err != 0) {
        free(l.data);
        return err;
    }
    h->listing = l.data;
    h->listing_len = l.len;
    return 0;
}

static void release_handle(struct handle *h)
{
    free(h->listing);
    free(h->path);
    *h = (struct handle){0};
}

/* Opens (and with O_CREAT makes) the node at path. A symbolic link as the last component is
 * followed unless O_NOFOLLOW; then O_SYMLINK or O_STAT open the link itself and anything else
 * fails with ELOOP, as on Redox. O_CREAT | O_SYMLINK makes a link (its target is written). */
static long do_open(const struct caller *caller, const char *path, size_t len, uint64_t flags)
{
    struct resolved r;
    int err = path_resolve(fs, caller, path, len, !(flags & MH_O_NOFOLLOW), &r);
    if (err != 0)
        return err;
    int writing = (flags & MH_O_WRONLY) != 0;
    int reading = (flags & MH_O_RDONLY) != 0;
    rfs_attr attr;
    if (r.id == 0) {
        if (!(flags & MH_O_CREAT))
            return -RFS_ENOENT;
        uint16_t type = (flags & MH_O_DIRECTORY) ? RFS_MODE_DIR
                      : (flags & MH_O_SYMLINK)   ? RFS_MODE_SYMLINK
                                                 : RFS_MODE_FILE;
        uint16_t perm = (uint16_t)(flags & RFS_MODE_PERM);
        if (perm == 0)
            perm = type == RFS_MODE_DIR ? 0755 : 0644;
        rfs_attr parent;
        if ((err = rfs_stat(fs, r.parent, &parent)) != 0)
            return err;
        if (!access_permits(caller, &parent, ACCESS_WRITE | ACCESS_EXECUTE))
            return -MH_EACCES;
        err = rfs_create(fs, r.parent, r.name, r.name_len, (uint16_t)(type | perm), caller->uid, caller->gid,
                         &r.id);
        if (err == 0)
            err = commit();
        if (err != 0)
            return err;
        /* The creator may open what it made, whatever the mode says. */
        if ((err = rfs_stat(fs, r.id, &attr)) != 0)
            return err;
    } else if ((flags & MH_O_CREAT) && (flags & MH_O_EXCL)) {
        return -RFS_EEXIST;
    } else {
        if ((err = rfs_stat(fs, r.id, &attr)) != 0)
            return err;
        unsigned want = (reading ? ACCESS_READ : 0u) | (writing ? ACCESS_WRITE : 0u);
        if (!access_permits(caller, &attr, want)) {
            /* O_STAT needs no permission on the node, but then gives no access to its data. */
            if (!(flags & MH_O_STAT))
                return -MH_EACCES;
            reading = writing = 0;
        }
    }
    if ((attr.mode & RFS_MODE_TYPE) == RFS_MODE_SYMLINK && !(flags & (MH_O_SYMLINK | MH_O_STAT)))
        return -ELOOP;
    int is_dir = (attr.mode & RFS_MODE_TYPE) == RFS_MODE_DIR;
    if ((flags & MH_O_DIRECTORY) && !is_dir)
        return -RFS_ENOTDIR;
    if (is_dir && writing)
        return -RFS_EISDIR;
    if (!is_dir && writing && (flags & MH_O_TRUNC) && attr.size > 0) {
        rfs_attr_update update = {.mask = RFS_SET_SIZE, .size = 0};
        if ((err = rfs_setattr(fs, r.id, &update)) != 0 || (err = commit()) != 0)
            return err;
    }
    int slot = -1;
    for (int i = 0; i < MAX_HANDLES && slot < 0; i++)
        if (!handles[i].used)
            slot = i;
    if (slot < 0)
        return -MH_EMFILE;
    struct handle *h = &handles[slot];
    *h = (struct handle){.used = 1, .readable = reading, .writable = writing, .id = r.id, .is_dir = is_dir,
                         .append = (flags & MH_O_APPEND) != 0, .path = malloc(len + 1)};
    if (!h->path) {
        release_handle(h);
        return -RFS_ENOMEM;
    }
    memcpy(h->path, path, len);
    h->path[len] = '\0';
    if (is_dir && !(flags & MH_O_STAT) && (err = list_directory(h)) != 0) {
        release_handle(h);
        return err;
    }
    return slot;
}

/* Whether caller may take the name r (resolved, existing) out of its directory. */
static int check_remove(const struct caller *caller, const struct resolved *r)
{
    rfs_attr directory, node;
    int err = rfs_stat(fs, r->parent, &directory);
    if (err == 0)
        err = rfs_stat(fs, r->id, &node);
    if (err != 0)
        return err;
    return access_may_remove(caller, &directory, &node) ? 0 : -MH_EACCES;
}

static long do_remove(const struct caller *caller, const char *path, size_t len, int directory)
{
    struct resolved r;
    int err = path_resolve(fs, caller, path, len, false, &r);
    if (err != 0)
        return err;
    if (r.id == 0)
        return -RFS_ENOENT;
    if (r.id == RFS_ROOT_ID)
        return -MH_EBUSY;
    if ((err = check_remove(caller, &r)) != 0)
        return err;
    err = directory ? rfs_rmdir(fs, r.parent, r.name, r.name_len)
                    : rfs_unlink(fs, r.parent, r.name, r.name_len, false);
    return err != 0 ? err : commit();
}

static long do_read(struct handle *h, uint8_t *buf, uint64_t len)
{
    if (!h->readable)
        return -MH_EBADF;
    if (h->is_dir) {
        if (h->position >= h->listing_len)
            return 0;
        uint64_t n = h->listing_len - h->position < len ? h->listing_len - h->position : len;
        memcpy(buf, h->listing + h->position, n);
        h->position += n;
        return (long)n;
    }
    size_t done = 0;
    int err = rfs_read(fs, h->id, h->position, buf, len, &done);
    if (err != 0)
        return err;
    h->position += done;
    return (long)done;
}

static long do_write(struct handle *h, const uint8_t *buf, uint64_t len)
{
    if (h->is_dir)
        return -RFS_EISDIR;
    if (!h->writable)
        return -MH_EBADF;
    if (h->append) {
        rfs_attr attr;
        int err = rfs_stat(fs, h->id, &attr);
        if (err != 0)
            return err;
        h->position = attr.size;
    }
    int err = rfs_write(fs, h->id, h->position, buf, len);
    if (err != 0)
        return err;
    h->position += len;
    h->wrote = 1;
    return (long)len;
}

static long do_fstat(struct handle *h, struct mh_stat *st)
{
    rfs_attr attr;
    int err = rfs_stat(fs, h->id, &attr);
    if (err != 0)
        return err;
    st->st_dev = 0;
    st->st_ino = attr.id;
    st->st_mode = attr.mode;
    st->st_nlink = attr.links;
    st->st_uid = attr.uid;
    st->st_gid = attr.gid;
    st->st_size = attr.size;
    st->st_blksize = 4096;
    st->st_blocks = attr.blocks;
    st->st_mtime = attr.mtime;
    st->st_mtime_nsec = attr.mtime_nsec;
    st->st_atime = attr.atime;
    st->st_atime_nsec = attr.atime_nsec;
    st->st_ctime = attr.ctime;
    st->st_ctime_nsec = attr.ctime_nsec;
    return 0;
}

static long do_lseek(struct handle *h, int64_t offset, uint64_t whence)
{
    int64_t base = 0;
    if (whence == MH_SEEK_CUR) {
        base = (int64_t)h->position;
    } else if (whence == MH_SEEK_END) {
        rfs_attr attr;
        int err = rfs_stat(fs, h->id, &attr);
        if (err != 0)
            return err;
        base = h->is_dir ? (int64_t)h->listing_len : (int64_t)attr.size;
    } else if (whence != MH_SEEK_SET) {
        return -RFS_EINVAL;
    }
    if (base + offset < 0)
        return -RFS_EINVAL;
    h->position = (uint64_t)(base + offset);
    return (long)h->position;
}

/* frename: the new path as the caller gave it, "file:/a", "/scheme/file/a" or "/a". */
static long do_rename(const struct caller *caller, struct handle *h, const char *target, size_t len)
{
    static const char legacy[] = "file:", current[] = "/scheme/file";
    if (len >= sizeof legacy - 1 && memcmp(target, legacy, sizeof legacy - 1) == 0) {
        target += sizeof legacy - 1;
        len -= sizeof legacy - 1;
    } else if (len >= sizeof current - 1 && memcmp(target, current, sizeof current - 1) == 0 &&
               (len == sizeof current - 1 || target[sizeof current - 1] == '/')) {
        target += sizeof current - 1;
        len -= sizeof current - 1;
    } else if (len > 0 && (target[0] != '/' || memchr(target, ':', len) != NULL)) {
        return -RFS_EXDEV; /* another scheme */
    }
    struct resolved from, to;
    int err = path_resolve(fs, caller, h->path, strlen(h->path), false, &from);
    if (err == 0 && from.id != h->id)
        err = -RFS_ENOENT; /* the name was removed or replaced since the open */
    if (err == 0)
        err = path_resolve(fs, caller, target, len, false, &to);
    if (err != 0)
        return err;
    if (from.id == RFS_ROOT_ID || to.name_len == 0)
        return -MH_EBUSY;
    /* Taking the name away, and adding one (replacing what is there, if anything). */
    if ((err = check_remove(caller, &from)) != 0)
        return err;
    if (to.id != 0) {
        if ((err = check_remove(caller, &to)) != 0)
            return err;
    } else {
        rfs_attr directory;
        if ((err = rfs_stat(fs, to.parent, &directory)) != 0)
            return err;
        if (!access_permits(caller, &directory, ACCESS_WRITE | ACCESS_EXECUTE))
            return -MH_EACCES;
    }
    err = rfs_rename(fs, from.parent, from.name, from.name_len, to.parent, to.name, to.name_len, 0);
    if (err == 0)
        err = commit();
    if (err != 0)
        return err;
    char *renamed = malloc(len + 1);
    if (renamed) {
        memcpy(renamed, target, len);
        renamed[len] = '\0';
        free(h->path);
        h->path = renamed;
    }
    return 0;
}

/* Changes attributes of h's node: the mode needs the owner (or root), times the owner or
 * write access, the owner and group access_may_chown's rule. */
static long set_attributes(const struct caller *caller, struct handle *h, const rfs_attr_update *update)
{
    rfs_attr attr;
    int err = rfs_stat(fs, h->id, &attr);
    if (err != 0)
        return err;
    bool allowed;
    if (update->mask & (RFS_SET_UID | RFS_SET_GID))
        allowed = access_may_chown(caller, &attr, (update->mask & RFS_SET_UID) ? update->uid : UINT32_MAX,
                                   (update->mask & RFS_SET_GID) ? update->gid : UINT32_MAX);
    else if (update->mask & RFS_SET_MODE)
        allowed = access_owns(caller, &attr);
    else /* times */
        allowed = access_owns(caller, &attr) || access_permits(caller, &attr, ACCESS_WRITE);
    if (!allowed)
        return -MH_EPERM;
    err = rfs_setattr(fs, h->id, update);
    return err != 0 ? err : commit();
}

static long do_futimens(const struct caller *caller, struct handle *h, const struct mh_timespec *times,
                        uint64_t size)
{
    if (size < 2 * sizeof *times)
        return -RFS_EINVAL;
    rfs_attr_update update = {
        .mask = RFS_SET_ATIME | RFS_SET_MTIME,
        .atime = (uint64_t)times[0].seconds, .atime_nsec = (uint32_t)times[0].nanoseconds,
        .mtime = (uint64_t)times[1].seconds, .mtime_nsec = (uint32_t)times[1].nanoseconds,
    };
    return set_attributes(caller, h, &update);
}

static long do_fstatvfs(struct mh_statvfs *st, uint64_t size)
{
    if (size < sizeof *st)
        return -RFS_EINVAL;
    rfs_info info;
    rfs_get_info(fs, &info);
    st->f_bsize = 4096;
    st->f_blocks = info.size_bytes / 4096;
    st->f_bfree = info.free_blocks;
    st->f_bavail = info.free_blocks;
    return 0;
}

static long handle_file_request(struct handle *h, const struct mh_packet *p)
{
    const struct caller caller = {.uid = p->uid, .gid = p->gid};
    switch (p->a) {
    case MH_SYS_READ:
        return do_read(h, (uint8_t *)p->c, p->d);
    case MH_SYS_WRITE:
        return do_write(h, (const uint8_t *)p->c, p->d);
    case MH_SYS_LSEEK:
        return do_lseek(h, (int64_t)p->c, p->d);
    case MH_SYS_FSTAT:
        return do_fstat(h, (struct mh_stat *)p->c);
    case MH_SYS_FPATH: {
        char *out = (char *)p->c;
        size_t n = 0;
        for (const char *part = "file:"; *part && n < p->d; part++)
            out[n++] = *part;
        for (const char *part = h->path; *part && n < p->d; part++)
            out[n++] = *part;
        return (long)n;
    }
    case MH_SYS_FRENAME:
        return do_rename(&caller, h, (const char *)p->c, p->d);
    case MH_SYS_FUTIMENS:
        return do_futimens(&caller, h, (const struct mh_timespec *)p->c, p->d);
    case MH_SYS_FSTATVFS:
        return do_fstatvfs((struct mh_statvfs *)p->c, p->d);
    case MH_SYS_FCHOWN: {
        /* -1 keeps the id, as chown() */
        rfs_attr_update update = {.mask = ((uint32_t)p->c != UINT32_MAX ? RFS_SET_UID : 0u) |
                                          ((uint32_t)p->d != UINT32_MAX ? RFS_SET_GID : 0u),
                                  .uid = (uint32_t)p->c, .gid = (uint32_t)p->d};
        return set_attributes(&caller, h, &update);
    }
    case MH_SYS_FSYNC:
        h->wrote = 0;
        return commit();
    case MH_SYS_FTRUNCATE: {
        if (h->is_dir)
            return -RFS_EISDIR;
        if (!h->writable)
            return -MH_EBADF;
        rfs_attr_update update = {.mask = RFS_SET_SIZE, .size = p->c};
        int err = rfs_setattr(fs, h->id, &update);
        return err != 0 ? err : commit();
    }
    case MH_SYS_FCHMOD: {
        rfs_attr_update update = {.mask = RFS_SET_MODE, .mode = (uint16_t)(p->c & RFS_MODE_PERM)};
        return set_attributes(&caller, h, &update);
    }
    case MH_SYS_CLOSE: {
        int err = h->wrote ? commit() : 0;
        release_handle(h);
        return err;
    }
    default:
        return -MH_ENOSYS;
    }
}

static long handle_request(const struct mh_packet *p)
{
    const struct caller caller = {.uid = p->uid, .gid = p->gid};
    switch (p->a) {
    case MH_SYS_OPEN:
        return do_open(&caller, (const char *)p->b, p->c, p->d);
    case MH_SYS_UNLINK:
        return do_remove(&caller, (const char *)p->b, p->c, 0);
    case MH_SYS_RMDIR:
        return do_remove(&caller, (const char *)p->b, p->c, 1);
    default:
        if (p->b >= MAX_HANDLES || !handles[p->b].used)
            return -MH_EBADF;
        return handle_file_request(&handles[p->b], p);
    }
}

/* Opens the volume on the disk file at path; 0 on success (fs set), reported otherwise. */
static int mount_disk(const char *path, rfs_disk *disk)
{
    int err = disk_open(path, disk);
    if (err != 0) {
        fprintf(stderr, "redoxfsd: cannot open %s (error %d)\n", path, -err);
        return err;
    }
    rfs_open_options options = {.writable = true, .dirty_limit = 16u << 20};
    rfs_error open_error = {0, ""};
    if ((err = rfs_open(&fs, disk, &options, &open_error)) != 0) {
        fprintf(stderr, "redoxfsd: no RedoxFS volume on %s: %s\n", path, open_error.message);
        disk_close(disk);
    }
    return err;
}

/* Tries every disk listed by the scheme root `root` (e.g. "disk.nvme:"); the first volume
 * found is mounted and its disk's path written to found. */
static int mount_first(const char *root, rfs_disk *disk, char *found, size_t found_size)
{
    long fd = mh_open(root, MH_O_RDONLY | MH_O_DIRECTORY);
    if (fd < 0) {
        fprintf(stderr, "redoxfsd: cannot list %s (error %ld)\n", root, -fd);
        return (int)fd;
    }
    char names[1024];
    long len = 0, n;
    while (len < (long)sizeof names - 1 && (n = mh_read(fd, names + len, sizeof names - 1 - (size_t)len)) > 0)
        len += n;
    mh_close(fd);
    names[len] = '\0';
    char *cursor;
    for (char *name = strtok_r(names, "\n", &cursor); name; name = strtok_r(NULL, "\n", &cursor)) {
        snprintf(found, found_size, "%s%s", root, name);
        if (mount_disk(found, disk) == 0)
            return 0;
    }
    return -RFS_ENOENT;
}

int main(int argc, char **argv)
{
    const char *source = argc > 1 ? argv[1] : "disk.nvme:";
    char disk_path[256];
    rfs_disk disk;
    size_t len = strlen(source);
    int is_root = len > 0 && source[len - 1] == ':';
    snprintf(disk_path, sizeof disk_path, "%s", source);
    int err = is_root ? mount_first(source, &disk, disk_path, sizeof disk_path)
                      : mount_disk(source, &disk);
    if (err != 0) {
        fprintf(stderr, "redoxfsd: no RedoxFS volume found on %s\n", source);
        return 1;
    }
    if ((err = rfs_release_all(fs)) != 0)
        report("releasing nodes left by a crash", err);
    rfs_info info;
    rfs_get_info(fs, &info);
    printf("redoxfsd: RedoxFS on %s at block %llu: %llu MiB, generation %llu, %llu MiB free\n",
           disk_path, (unsigned long long)info.block, (unsigned long long)(info.size_bytes >> 20),
           (unsigned long long)info.generation, (unsigned long long)(info.free_blocks * 4096 >> 20));
    fflush(stdout);
    long server = mh_register_scheme(PATH_SCHEME);
    if (server < 0) {
        fprintf(stderr, "redoxfsd: cannot register file: (error %ld)\n", -server);
        return 1;
    }
    struct mh_packet packet;
    for (;;) {
        long n = mh_read(server, &packet, sizeof packet);
        if (n == -MH_EINTR)
            continue;
        if (n != (long)sizeof packet) {
            fprintf(stderr, "redoxfsd: reading requests failed (error %ld)\n", -n);
            return 1;
        }
        packet.a = (uint64_t)handle_request(&packet);
        mh_write(server, &packet, sizeof packet);
    }
}
