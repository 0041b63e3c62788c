/* The LZ4 *block* format (no frame, no size prefix), as RedoxFS v8 stores compressed file
 * records: a greedy hash-table compressor and a bounds-checked decompressor. */
#ifndef RFS_LZ4_H
#define RFS_LZ4_H

#include <stddef.h>
#include <stdint.h>

/* Scratch the compressor needs: one table of this many uint32_t (64 KiB). */
#define RFS_LZ4_TABLE_ENTRIES (1u << 14)

/* Compresses src[0..len) into dst. Returns the compressed length, or 0 when the result
 * would not fit in cap bytes - or clearly will not, judging by how the output grows (the
 * caller then stores the data uncompressed). */
size_t rfs_lz4_compress(const uint8_t *src, size_t len, uint8_t *dst, size_t cap,
                        uint32_t *table);

/* Decompresses one block. Returns the number of bytes produced, or -1 when the input is
 * malformed or would produce more than cap bytes. Never reads or writes out of bounds. */
int64_t rfs_lz4_decompress(const uint8_t *src, size_t len, uint8_t *dst, size_t cap);

#endif
