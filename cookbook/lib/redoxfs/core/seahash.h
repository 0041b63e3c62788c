/* SeaHash (the `seahash` crate's hash function, version 4), RedoxFS's block checksum. */
#ifndef RFS_SEAHASH_H
#define RFS_SEAHASH_H

#include <stddef.h>
#include <stdint.h>

uint64_t rfs_seahash(const void *data, size_t len);

#endif
