/* The block device under the filesystem: a file of a disk scheme (e.g. disk.nvme:0). */
#ifndef REDOXFSD_DISK_H
#define REDOXFSD_DISK_H

#include "redoxfs/core/redoxfs.h"

/* Opens path for reading and writing and fills *disk (4096-byte blocks). Returns 0 or -errno. */
int disk_open(const char *path, rfs_disk *disk);

/* Closes a disk from disk_open. */
void disk_close(rfs_disk *disk);

#endif
