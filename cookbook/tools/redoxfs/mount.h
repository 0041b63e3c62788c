/* The FUSE side of the redoxfs daemon: low-level FUSE operations served from a RedoxFS
 * volume (inode number = node id, the root is 1 for both). */
#ifndef REDOXFS_MOUNT_H
#define REDOXFS_MOUNT_H

#define FUSE_USE_VERSION 34
#include <fuse3/fuse_lowlevel.h>
#include <stdbool.h>
#include <stdint.h>

#include "redoxfs/host/volume.h"

/* What the daemon knows about a node beyond the volume: open handles (an unlinked node
 * stays until the last one closes) and the FUSE generation (ids are reused). */
typedef struct node_slot {
    uint32_t id; /* 0 = empty */
    uint32_t opens;
    uint64_t generation;
} node_slot;

typedef struct mount_state {
    rfs_volume vol;
    bool verbose;
    node_slot *slots;
    size_t slot_count, slot_cap;
    uint64_t next_generation;
} mount_state;

extern const struct fuse_lowlevel_ops redoxfs_fuse_ops;

#endif
