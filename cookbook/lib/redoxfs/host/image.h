/* RedoxFS volumes in host files: a whole image file, or a region of one (a partition of a
 * GPT disk image, found by the header scan or given as a byte offset). */
#ifndef RFS_HOST_IMAGE_H
#define RFS_HOST_IMAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "redoxfs/core/redoxfs.h"

typedef struct rfs_image {
    int fd;
    char *path;
    uint64_t offset; /* byte offset of device block 0 in the file (multiple of 4096) */
    bool sync;       /* fdatasync when the core flushes (each commit) */
    rfs_disk disk;
} rfs_image;

typedef struct rfs_image_options {
    bool writable;
    bool create;        /* create the file if missing */
    uint64_t offset;    /* bytes; a multiple of 4096 */
    uint64_t length;    /* bytes of the device; 0 = to the end of the file */
    bool sync;
} rfs_image_options;

/* Opens path as a block device for the core. */
int rfs_image_open(rfs_image *img, const char *path, const rfs_image_options *opt, mh_error *err);
void rfs_image_close(rfs_image *img);

/* Converts a core error into an mh_error about `path`. Returns -1. */
int rfs_host_error(mh_error *err, const char *path, const rfs_error *e);

#endif
