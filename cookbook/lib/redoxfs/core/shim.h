/* What the freestanding RedoxFS core needs from whoever embeds it (host tools, the UEFI
 * bootloader, the in-OS daemon). Each embedder links exactly one implementation of these
 * three functions; the host one is cookbook/lib/redoxfs/host/shim_posix.c.
 *
 * Nothing else is required: the core uses only <stdint.h>, <stddef.h> and <stdbool.h>,
 * brings its own memory/string routines (mem.h) and reaches the disk through the
 * callbacks of an rfs_disk (redoxfs.h). */
#ifndef RFS_SHIM_H
#define RFS_SHIM_H

#include <stddef.h>
#include <stdint.h>

/* Returns size bytes of memory (any content) or NULL when none is left. Blocks up to
 * 128 KiB + a few bytes are requested for file records; bookkeeping arrays may be larger
 * (the free-space bitmap of a writable volume is volume_blocks / 8 bytes). */
void *rfs_shim_alloc(size_t size);

/* Releases memory from rfs_shim_alloc; NULL is ignored. */
void rfs_shim_free(void *ptr);

/* The current wall-clock time (seconds and nanoseconds since the Unix epoch), used for
 * the timestamps of nodes created or modified without an explicit time. */
void rfs_shim_now(uint64_t *sec, uint32_t *nsec);

#endif
