/* The initfs archive (doc/initfs.md): a 16-byte header, a table of 64-byte entries, then the
 * file contents, each 16-byte aligned. Little-endian. Shared by the packer (host) and the
 * bootstrap that serves the archive as the initfs: scheme. */
#ifndef INITFS_FORMAT_H
#define INITFS_FORMAT_H

#include <stdint.h>

#define INITFS_MAGIC "MHINITFS"
#define INITFS_VERSION 1u
#define INITFS_PATH_MAX 44u /* bytes of an entry's path, NUL-padded (a full 44 needs no NUL) */

struct initfs_header {
    char magic[8];
    uint32_t version;
    uint32_t entry_count;
};

struct initfs_entry {
    char path[INITFS_PATH_MAX]; /* relative, '/'-separated, e.g. "bin/init" */
    uint32_t mode;              /* permission bits (0755, 0644) */
    uint64_t offset;            /* of the contents, from the archive start */
    uint64_t size;
};

_Static_assert(sizeof(struct initfs_header) == 16, "header layout");
_Static_assert(sizeof(struct initfs_entry) == 64, "entry layout");

#endif
