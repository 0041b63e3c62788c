#include "redoxfs/host/tree.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/files.h"
#include "base/strbuf.h"
#include "redoxfs/host/image.h"

#define COPY_CHUNK (1u << 20)

static int fs_error(mh_error *err, const char *path, rfs_fs *fs) {
    return rfs_host_error(err, path, rfs_last_error(fs));
}

/* The entries of a host directory (without . and ..), sorted bytewise. */
static int list_sorted(const char *path, char ***names, size_t *count, mh_error *err) {
    DIR *d = opendir(path);
    if (!d)
        return mh_error_errno(err, path, errno, "cannot open directory");
    int rc = mh_read_dir_names(d, names, count);
    if (rc != 0)
        mh_error_errno(err, path, errno, "cannot read directory");
    closedir(d);
    return rc;
}

static void clamp(const rfs_import_options *opt, uint64_t *sec, uint32_t *nsec) {
    if (opt->clamp_times && *sec >= opt->clamp_sec && (*sec > opt->clamp_sec || *nsec)) {
        *sec = opt->clamp_sec;
        *nsec = 0;
    }
}

/* Owner, permission bits and timestamps from the host's stat. */
static int apply_stat(rfs_fs *fs, uint32_t id, const struct stat *st, const rfs_import_options *opt) {
    rfs_attr_update up = {
        .mask = RFS_SET_MODE | RFS_SET_UID | RFS_SET_GID | RFS_SET_ATIME | RFS_SET_MTIME | RFS_SET_CTIME,
        .mode = (uint16_t)(st->st_mode & 07777),
        .uid = st->st_uid,
        .gid = st->st_gid,
        .atime = (uint64_t)st->st_atim.tv_sec,
        .atime_nsec = (uint32_t)st->st_atim.tv_nsec,
        .mtime = (uint64_t)st->st_mtim.tv_sec,
        .mtime_nsec = (uint32_t)st->st_mtim.tv_nsec,
        .ctime = (uint64_t)st->st_ctim.tv_sec,
        .ctime_nsec = (uint32_t)st->st_ctim.tv_nsec,
    };
    if (opt->force_owner) {
        up.uid = opt->uid;
        up.gid = opt->gid;
    }
    clamp(opt, &up.atime, &up.atime_nsec);
    clamp(opt, &up.mtime, &up.mtime_nsec);
    clamp(opt, &up.ctime, &up.ctime_nsec);
    return rfs_setattr(fs, id, &up);
}

/* Copies [from, to) of the open file. */
static int copy_range(rfs_fs *fs, uint32_t id, int fd, const char *path, uint64_t from, uint64_t to,
                      uint8_t *buf, mh_error *err) {
    while (from < to) {
        size_t want = to - from < COPY_CHUNK ? (size_t)(to - from) : COPY_CHUNK;
        ssize_t n = pread(fd, buf, want, (off_t)from);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return mh_error_errno(err, path, errno, "cannot read");
        if (n == 0)
            return mh_error_set(err, path, 0, 0, "the file shrank while it was being copied");
        if (rfs_write(fs, id, from, buf, (size_t)n) < 0)
            return fs_error(err, path, fs);
        from += (uint64_t)n;
    }
    return 0;
}

/* Copies the data segments of a file with holes; the holes stay holes (unwritten records
 * read as zeros) and the size is set at the end. */
static int copy_sparse(rfs_fs *fs, uint32_t id, int fd, const char *path, uint64_t size, uint8_t *buf,
                       mh_error *err) {
    int rc = 0;
    uint64_t pos = 0;
    while (rc == 0 && pos < size) {
        off_t data = lseek(fd, (off_t)pos, SEEK_DATA);
        if (data < 0 && errno == ENXIO)
            break; /* only a hole is left */
        off_t hole = data < 0 ? -1 : lseek(fd, data, SEEK_HOLE);
        if (data < 0 || hole < 0) {
            /* No hole support: copy everything. */
            data = (off_t)pos;
            hole = (off_t)size;
        }
        uint64_t end = (uint64_t)hole < size ? (uint64_t)hole : size;
        rc = copy_range(fs, id, fd, path, (uint64_t)data, end, buf, err);
        pos = end;
    }
    rfs_attr_update up = {.mask = RFS_SET_SIZE, .size = size};
    if (rc == 0 && rfs_setattr(fs, id, &up) < 0)
        rc = fs_error(err, path, fs);
    return rc;
}

static int copy_file(rfs_fs *fs, uint32_t id, const char *path, const struct stat *st, uint8_t *buf,
                     mh_error *err) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return mh_error_errno(err, path, errno, "cannot open");
    uint64_t size = (uint64_t)st->st_size;
    /* Only a file with fewer allocated bytes than its size can have holes. */
    int rc = (uint64_t)st->st_blocks * 512 >= size ? copy_range(fs, id, fd, path, 0, size, buf, err)
                                                   : copy_sparse(fs, id, fd, path, size, buf, err);
    close(fd);
    return rc;
}

static int import_dir(rfs_fs *fs, uint32_t dir, const char *folder, const rfs_import_options *opt,
                      uint8_t *buf, mh_error *err);

static int import_entry(rfs_fs *fs, uint32_t dir, const char *path, const char *name,
                        const rfs_import_options *opt, uint8_t *buf, mh_error *err) {
    struct stat st;
    if (lstat(path, &st) < 0)
        return mh_error_errno(err, path, errno, "cannot stat");
    uint16_t type = S_ISDIR(st.st_mode)   ? RFS_MODE_DIR
                    : S_ISREG(st.st_mode) ? RFS_MODE_FILE
                    : S_ISLNK(st.st_mode) ? RFS_MODE_SYMLINK
                                          : 0;
    if (!type)
        return mh_error_set(err, path, 0, 0, "only directories, regular files and symlinks can be stored");
    uint32_t id;
    if (rfs_create(fs, dir, (const uint8_t *)name, (uint32_t)strlen(name), (uint16_t)(type | (st.st_mode & 07777)),
                   st.st_uid, st.st_gid, &id) < 0)
        return fs_error(err, path, fs);
    int rc = 0;
    if (type == RFS_MODE_DIR) {
        rc = import_dir(fs, id, path, opt, buf, err);
    } else if (type == RFS_MODE_FILE) {
        rc = copy_file(fs, id, path, &st, buf, err);
    } else {
        ssize_t n = readlink(path, (char *)buf, COPY_CHUNK);
        if (n < 0)
            rc = mh_error_errno(err, path, errno, "cannot read symlink");
        else if (rfs_write(fs, id, 0, buf, (size_t)n) < 0)
            rc = fs_error(err, path, fs);
    }
    /* Last, because adding entries changes a directory's times. */
    if (rc == 0 && apply_stat(fs, id, &st, opt) < 0)
        rc = fs_error(err, path, fs);
    return rc;
}

static int import_dir(rfs_fs *fs, uint32_t dir, const char *folder, const rfs_import_options *opt,
                      uint8_t *buf, mh_error *err) {
    char **names = NULL;
    size_t count = 0;
    if (list_sorted(folder, &names, &count, err) < 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < count; i++) {
        if (rc == 0) {
            char *path = mh_path_join(folder, names[i]);
            rc = import_entry(fs, dir, path, names[i], opt, buf, err);
            free(path);
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int rfs_import_tree(rfs_fs *fs, uint32_t dir, const char *folder, const rfs_import_options *opt,
                    mh_error *err) {
    uint8_t *buf = mh_xmalloc(COPY_CHUNK);
    int rc = import_dir(fs, dir, folder, opt, buf, err);
    free(buf);
    /* Adding entries stamped the target with the current time; give it the folder's times
     * (its mode and owner stay as they are). */
    struct stat st;
    if (rc == 0 && lstat(folder, &st) < 0)
        rc = mh_error_errno(err, folder, errno, "cannot stat");
    if (rc == 0) {
        rfs_attr_update up = {
            .mask = RFS_SET_ATIME | RFS_SET_MTIME | RFS_SET_CTIME,
            .atime = (uint64_t)st.st_atim.tv_sec,
            .atime_nsec = (uint32_t)st.st_atim.tv_nsec,
            .mtime = (uint64_t)st.st_mtim.tv_sec,
            .mtime_nsec = (uint32_t)st.st_mtim.tv_nsec,
            .ctime = (uint64_t)st.st_ctim.tv_sec,
            .ctime_nsec = (uint32_t)st.st_ctim.tv_nsec,
        };
        clamp(opt, &up.atime, &up.atime_nsec);
        clamp(opt, &up.mtime, &up.mtime_nsec);
        clamp(opt, &up.ctime, &up.ctime_nsec);
        if (rfs_setattr(fs, dir, &up) < 0)
            rc = fs_error(err, folder, fs);
    }
    return rc;
}

/* ---- export */

typedef struct name_list {
    char **names;
    uint32_t *ids;
    size_t n, cap;
} name_list;

static int collect_entry(void *ctx, const uint8_t *name, uint32_t len, uint32_t id) {
    name_list *l = ctx;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->names = mh_xrealloc(l->names, l->cap * sizeof *l->names);
        l->ids = mh_xrealloc(l->ids, l->cap * sizeof *l->ids);
    }
    l->names[l->n] = mh_xstrndup((const char *)name, len);
    l->ids[l->n++] = id;
    return 0;
}

static int read_all(rfs_fs *fs, uint32_t id, uint64_t size, uint8_t **data, mh_error *err, const char *path) {
    if (size > SIZE_MAX - 1)
        return mh_error_set(err, path, 0, 0, "file too large to read into memory");
    *data = mh_xmalloc((size_t)size + 1);
    size_t done;
    if (rfs_read(fs, id, 0, *data, (size_t)size, &done) < 0) {
        free(*data);
        *data = NULL;
        return fs_error(err, path, fs);
    }
    (*data)[done] = 0;
    return 0;
}

/* Writes a node's content to a new host file; holes stay holes. */
static int export_file(rfs_fs *fs, uint32_t id, const char *path, uint64_t size, uint8_t *buf,
                       mh_error *err) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return mh_error_errno(err, path, errno, "cannot create");
    uint64_t pos = 0;
    int rc = 0;
    while (rc == 0 && pos < size) {
        uint64_t data;
        size_t done;
        if (rfs_seek_data(fs, id, pos, &data) < 0 || (data < size &&
            rfs_read(fs, id, data, buf, COPY_CHUNK, &done) < 0)) {
            rc = fs_error(err, path, fs);
            break;
        }
        if (data >= size)
            break;
        if (pwrite(fd, buf, done, (off_t)data) != (ssize_t)done)
            rc = mh_error_errno(err, path, errno, "cannot write");
        pos = data + done;
    }
    if (rc == 0 && ftruncate(fd, (off_t)size) < 0)
        rc = mh_error_errno(err, path, errno, "cannot set the size");
    if (close(fd) < 0 && rc == 0)
        rc = mh_error_errno(err, path, errno, "cannot write");
    return rc;
}

static int set_host_times(const char *path, const rfs_attr *st, mh_error *err) {
    struct timespec ts[2] = {{(time_t)st->atime, (long)st->atime_nsec}, {(time_t)st->mtime, (long)st->mtime_nsec}};
    if (utimensat(AT_FDCWD, path, ts, AT_SYMLINK_NOFOLLOW) < 0)
        return mh_error_errno(err, path, errno, "cannot set times");
    return 0;
}

static int export_node(rfs_fs *fs, uint32_t id, const char *path, uint8_t *buf, mh_error *err);

static int export_dir(rfs_fs *fs, uint32_t dir, const char *dest, uint8_t *buf, mh_error *err) {
    name_list l = {0};
    uint64_t cookie = 0;
    int rc = 0;
    if (rfs_readdir(fs, dir, &cookie, collect_entry, &l) < 0)
        rc = fs_error(err, dest, fs);
    for (size_t i = 0; i < l.n; i++) {
        if (rc == 0) {
            char *path = mh_path_join(dest, l.names[i]);
            rc = export_node(fs, l.ids[i], path, buf, err);
            free(path);
        }
        free(l.names[i]);
    }
    free(l.names);
    free(l.ids);
    return rc;
}

static int export_node(rfs_fs *fs, uint32_t id, const char *path, uint8_t *buf, mh_error *err) {
    rfs_attr st;
    if (rfs_stat(fs, id, &st) < 0)
        return fs_error(err, path, fs);
    unsigned type = st.mode & RFS_MODE_TYPE;
    int rc = 0;
    uint8_t *data = NULL;
    if (type == RFS_MODE_DIR) {
        if (mkdir(path, 0700) < 0 && errno != EEXIST)
            return mh_error_errno(err, path, errno, "cannot create directory");
        rc = export_dir(fs, id, path, buf, err);
    } else if (type == RFS_MODE_FILE) {
        rc = export_file(fs, id, path, st.size, buf, err);
    } else if (type == RFS_MODE_SYMLINK) {
        rc = read_all(fs, id, st.size, &data, err, path);
        if (rc == 0 && symlink((const char *)data, path) < 0)
            rc = mh_error_errno(err, path, errno, "cannot create symlink");
    } else {
        return 0; /* sockets have no content to export */
    }
    free(data);
    if (rc == 0 && type != RFS_MODE_SYMLINK && chmod(path, st.mode & 07777) < 0)
        rc = mh_error_errno(err, path, errno, "cannot set mode");
    if (rc == 0 && geteuid() == 0 && lchown(path, st.uid, st.gid) < 0)
        rc = mh_error_errno(err, path, errno, "cannot set owner");
    if (rc == 0)
        rc = set_host_times(path, &st, err);
    return rc;
}

int rfs_export_tree(rfs_fs *fs, uint32_t dir, const char *dest, mh_error *err) {
    if (mh_mkdir_p(dest, err) < 0)
        return -1;
    uint8_t *buf = mh_xmalloc(COPY_CHUNK);
    int rc = export_dir(fs, dir, dest, buf, err);
    free(buf);
    return rc;
}

int rfs_read_path(rfs_fs *fs, const char *path, uint8_t **data, size_t *len, mh_error *err) {
    uint32_t id;
    rfs_attr st;
    if (rfs_lookup_path(fs, path, &id) < 0 || rfs_stat(fs, id, &st) < 0)
        return fs_error(err, path, fs);
    if ((st.mode & RFS_MODE_TYPE) == RFS_MODE_DIR)
        return mh_error_set(err, path, 0, 0, "is a directory");
    if (read_all(fs, id, st.size, data, err, path) < 0)
        return -1;
    *len = (size_t)st.size;
    return 0;
}
