/* A block device in memory, for tests, fuzzing and building small images before they are
 * written out. */
#ifndef RFS_HOST_MEMDISK_H
#define RFS_HOST_MEMDISK_H

#include <stdint.h>

#include "redoxfs/core/redoxfs.h"

typedef struct rfs_memdisk {
    uint8_t *data;
    uint64_t blocks;
    rfs_disk disk;
} rfs_memdisk;

/* A zero-filled device of `blocks` blocks (aborts without memory, like mh_xmalloc). */
void rfs_memdisk_init(rfs_memdisk *m, uint64_t blocks);
/* A device over a copy of bytes (rounded down to whole blocks). */
void rfs_memdisk_from(rfs_memdisk *m, const void *bytes, size_t len);
void rfs_memdisk_free(rfs_memdisk *m);

#endif
