/* Whole-volume operations on image files, shared by the redoxfs tools and the installer:
 * create a RedoxFS (optionally behind a bootloader, optionally inside a partition of a
 * larger image) and open an existing one. */
#ifndef RFS_HOST_VOLUME_H
#define RFS_HOST_VOLUME_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "redoxfs/core/redoxfs.h"
#include "redoxfs/host/image.h"

typedef struct rfs_create_options {
    const char *bootloader; /* written at the device start; the filesystem follows it */
    uint64_t offset;        /* device start in the image file, bytes (partition start) */
    uint64_t length;        /* device bytes; 0 = to the end of the file */
    bool have_uuid;
    uint8_t uuid[16];       /* else a random version 4 UUID */
    bool have_time;
    uint64_t time_sec;      /* root directory timestamps; else now */
} rfs_create_options;

/* Creates a fresh RedoxFS in an existing image file. */
int rfs_volume_create(const char *image, const rfs_create_options *opt, mh_error *err);

typedef struct rfs_volume {
    rfs_image image;
    rfs_fs *fs;
} rfs_volume;

typedef struct rfs_volume_options {
    bool writable;
    bool have_block; /* the ring's first block on the device; else scanned */
    uint64_t block;
    uint64_t offset; /* device start in the image file */
    uint64_t length;
    bool sync;       /* fdatasync at every commit */
    uint64_t dirty_limit;
    bool fixed_time;  /* every timestamp is fixed_time_sec (see rfs_open_options) */
    uint64_t fixed_time_sec;
} rfs_volume_options;

int rfs_volume_open(rfs_volume *v, const char *image, const rfs_volume_options *opt, mh_error *err);
/* Closes without committing. */
void rfs_volume_close(rfs_volume *v);

/* Fills the UUID (from text, when not NULL) and the time (SOURCE_DATE_EPOCH, when set) of
 * creation options, as redoxfs-mkfs and redoxfs-ar take them. */
int rfs_create_options_init(rfs_create_options *opt, const char *uuid_text, mh_error *err);

/* Reads SOURCE_DATE_EPOCH: 1 and *sec when set, 0 when unset, -1 (with err) when invalid. */
int rfs_source_date_epoch(uint64_t *sec, mh_error *err);

/* "0123..." (36 characters with dashes) <-> raw bytes. */
int rfs_uuid_parse(const char *text, uint8_t uuid[16], mh_error *err);
void rfs_uuid_format(const uint8_t uuid[16], char out[37]);

#endif
