/* RedoxFS v8 core: open, create, read and write a RedoxFS volume on any block device.
 *
 * Freestanding: the embedder provides shim.h's three functions and an rfs_disk. Every
 * function returns 0 or a negative RFS_E* code (Linux/Redox errno values) and leaves a
 * message naming the block or node involved in rfs_last_error(fs).
 *
 * Changes are copy-on-write and collected in memory until rfs_commit(), which writes every
 * new block first and the header last, so a crash at any moment leaves the previous or the
 * new state. Nodes are named by id (the root directory is RFS_ROOT_ID). */
#ifndef RFS_REDOXFS_H
#define RFS_REDOXFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "redoxfs/core/format.h"

enum {
    RFS_EPERM = 1,
    RFS_ENOENT = 2,
    RFS_EIO = 5,
    RFS_ENOMEM = 12,
    RFS_EEXIST = 17,
    RFS_EXDEV = 18,
    RFS_ENOTDIR = 20,
    RFS_EISDIR = 21,
    RFS_EINVAL = 22,
    RFS_EFBIG = 27,
    RFS_ENOSPC = 28,
    RFS_EROFS = 30,
    RFS_ENAMETOOLONG = 36,
    RFS_ENOTEMPTY = 39,
    RFS_EOPNOTSUPP = 95,
    RFS_ENOKEY = 126,
};

#define RFS_ROOT_ID 1u
#define RFS_ERROR_MAX 256

typedef struct rfs_error {
    int code; /* positive RFS_E* value, 0 = none */
    char message[RFS_ERROR_MAX];
} rfs_error;

/* A block device in 4096-byte blocks counted from the device start. The callbacks return 0
 * or a negative RFS_E* code. */
typedef struct rfs_disk {
    void *ctx;
    int (*read)(void *ctx, uint64_t block, uint64_t count, void *buf);
    int (*write)(void *ctx, uint64_t block, uint64_t count, const void *buf); /* NULL: read-only */
    int (*flush)(void *ctx); /* NULL when writes are durable at once */
    uint64_t blocks;         /* device size; 0 = unknown */
} rfs_disk;

typedef struct rfs_open_options {
    bool writable;
    bool have_block;      /* true: the header ring starts at `block`, no scan */
    uint64_t block;
    size_t cache_bytes;   /* clean-block cache; 0 = 8 MiB */
    uint64_t dirty_limit; /* commit automatically once this many bytes are dirty; 0 = never */
    bool skip_hash_check; /* for fuzzing and forensic reads only */
    /* Stamp every change with fixed_time_sec instead of the clock: an image written in one
     * go (the installer) then does not depend on when it was made. */
    bool fixed_time;
    uint64_t fixed_time_sec;
} rfs_open_options;

typedef struct rfs_mkfs_options {
    uint64_t reserved_blocks; /* blocks before the filesystem (bootloader); ring slot 0 follows */
    uint64_t size_bytes;      /* filesystem bytes; 0 = up to the device end */
    uint8_t uuid[16];
    uint64_t time_sec; /* timestamps of the root directory */
    uint32_t time_nsec;
} rfs_mkfs_options;

typedef struct rfs_attr {
    uint32_t id;
    uint16_t mode;
    uint32_t uid, gid, links;
    uint64_t size, blocks;
    uint64_t ctime, mtime, atime;
    uint32_t ctime_nsec, mtime_nsec, atime_nsec;
} rfs_attr;

typedef struct rfs_info {
    uint8_t uuid[16];
    uint64_t block;       /* device block of header ring slot 0 */
    uint64_t size_bytes;
    uint64_t generation;
    uint64_t free_blocks; /* writable volumes only (0 when read-only) */
} rfs_info;

enum {
    RFS_SET_MODE = 1 << 0, /* permission bits only; the type never changes */
    RFS_SET_UID = 1 << 1,
    RFS_SET_GID = 1 << 2,
    RFS_SET_SIZE = 1 << 3,
    RFS_SET_ATIME = 1 << 4,
    RFS_SET_MTIME = 1 << 5,
    RFS_SET_CTIME = 1 << 6,
};

typedef struct rfs_attr_update {
    unsigned mask;
    uint16_t mode;
    uint32_t uid, gid;
    uint64_t size;
    uint64_t atime, mtime, ctime;
    uint32_t atime_nsec, mtime_nsec, ctime_nsec;
} rfs_attr_update;

enum {
    RFS_RENAME_NOREPLACE = 1 << 0,     /* fail with EEXIST instead of replacing */
    RFS_RENAME_KEEP_REPLACED = 1 << 1, /* a replaced node losing its last link is still open */
};

typedef struct rfs_fs rfs_fs;

/* Called per directory entry; a non-zero return stops the listing there. */
typedef int (*rfs_dirent_fn)(void *ctx, const uint8_t *name, uint32_t name_len, uint32_t id);

/* Writes a fresh volume: the header ring, an empty root directory (mode 0755, owner 0:0). */
int rfs_mkfs(const rfs_disk *disk, const rfs_mkfs_options *opt, rfs_error *err);

/* Finds the newest valid header (scanning the first 65536 blocks unless opt->have_block)
 * and, when writable, loads the allocator by replaying its log. */
int rfs_open(rfs_fs **out, const rfs_disk *disk, const rfs_open_options *opt, rfs_error *err);

/* Frees everything; uncommitted changes are dropped. */
void rfs_close(rfs_fs *fs);

const rfs_error *rfs_last_error(const rfs_fs *fs);
void rfs_get_info(const rfs_fs *fs, rfs_info *info);
uint64_t rfs_dirty_bytes(const rfs_fs *fs);

/* Writes every change and then a new header. squash rewrites the allocator log compactly. */
int rfs_commit(rfs_fs *fs, bool squash);

int rfs_stat(rfs_fs *fs, uint32_t id, rfs_attr *st);
int rfs_lookup(rfs_fs *fs, uint32_t dir, const uint8_t *name, uint32_t len, uint32_t *id);
/* "/a/b/c" (absolute, '/'-separated, symlinks not followed). */
int rfs_lookup_path(rfs_fs *fs, const char *path, uint32_t *id);

/* Creates a node named `name` in dir; mode holds the type (file, dir, symlink, socket) and
 * the permission bits. Timestamps are now. */
int rfs_create(rfs_fs *fs, uint32_t dir, const uint8_t *name, uint32_t len, uint16_t mode,
               uint32_t uid, uint32_t gid, uint32_t *id);
/* Adds another name for a non-directory node. */
int rfs_link(rfs_fs *fs, uint32_t dir, const uint8_t *name, uint32_t len, uint32_t id);
/* Removes a non-directory name. When the last link goes and keep_open is set the node is
 * kept on the release list until rfs_release(); otherwise it is deleted at once. */
int rfs_unlink(rfs_fs *fs, uint32_t dir, const uint8_t *name, uint32_t len, bool keep_open);
int rfs_rmdir(rfs_fs *fs, uint32_t dir, const uint8_t *name, uint32_t len);
/* Moves a name; an existing target is replaced (a directory only by an empty directory)
 * unless RFS_RENAME_NOREPLACE. The caller keeps a directory out of its own subtree. */
int rfs_rename(rfs_fs *fs, uint32_t old_dir, const uint8_t *old_name, uint32_t old_len,
               uint32_t new_dir, const uint8_t *new_name, uint32_t new_len, unsigned flags);
/* Lists entries starting after *cookie entries; *cookie advances past each delivered one. */
int rfs_readdir(rfs_fs *fs, uint32_t dir, uint64_t *cookie, rfs_dirent_fn fn, void *ctx);

int rfs_read(rfs_fs *fs, uint32_t id, uint64_t offset, void *buf, size_t len, size_t *done);
int rfs_write(rfs_fs *fs, uint32_t id, uint64_t offset, const void *buf, size_t len);
/* Like SEEK_DATA: the first offset >= offset inside a stored record (records never written
 * are holes that read as zeros); the file size when only holes follow. */
int rfs_seek_data(rfs_fs *fs, uint32_t id, uint64_t offset, uint64_t *data);
int rfs_setattr(rfs_fs *fs, uint32_t id, const rfs_attr_update *attr);
/* Sets atime to now when it is more than an hour older (upstream's relatime rule). */
int rfs_touch_atime(rfs_fs *fs, uint32_t id);

/* Deletes a node kept by rfs_unlink(keep_open) once nothing uses it any more. */
int rfs_release(rfs_fs *fs, uint32_t id);
/* Deletes every node on the release list (left there by a crash): mount-time cleanup. */
int rfs_release_all(rfs_fs *fs);

/* Resizes the filesystem region to new_size_bytes (rounded down to a block). Shrinking
 * needs the cut-off blocks to be free. Commits with a squashed allocator log. */
int rfs_resize(rfs_fs *fs, uint64_t new_size_bytes);
/* The smallest size in bytes rfs_resize() accepts: the end of the last used block. */
uint64_t rfs_min_size(const rfs_fs *fs);

#endif
