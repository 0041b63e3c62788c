/* Copying host directory trees into a RedoxFS volume and back out. */
#ifndef RFS_HOST_TREE_H
#define RFS_HOST_TREE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "redoxfs/core/redoxfs.h"

typedef struct rfs_import_options {
    /* Timestamps later than this are stored as this (SOURCE_DATE_EPOCH); ignored if unset. */
    bool clamp_times;
    uint64_t clamp_sec;
    /* Store this owner instead of the host's (reproducible images built by any user). */
    bool force_owner;
    uint32_t uid, gid;
} rfs_import_options;

/* Copies the contents of host directory `folder` into directory node `dir`: directories,
 * regular files and symlinks with their permission bits, owners and timestamps, in name
 * order (so equal trees give equal images); `dir` gets the folder's timestamps. Other file
 * types are an error. Does not commit. */
int rfs_import_tree(rfs_fs *fs, uint32_t dir, const char *folder, const rfs_import_options *opt,
                    mh_error *err);

/* Writes node `dir`'s contents into host directory `dest` (created if missing): files,
 * directories and symlinks with permission bits and mtimes (owners when running as root). */
int rfs_export_tree(rfs_fs *fs, uint32_t dir, const char *dest, mh_error *err);

/* Reads a whole file by absolute path; *data is malloc'd. */
int rfs_read_path(rfs_fs *fs, const char *path, uint8_t **data, size_t *len, mh_error *err);

#endif
