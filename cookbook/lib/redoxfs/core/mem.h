/* Memory and byte-string routines of the freestanding core (it cannot rely on libc). */
#ifndef RFS_MEM_H
#define RFS_MEM_H

#include <stddef.h>
#include <stdint.h>

/* Unaligned little-endian word access that may alias any object (the compiler emits plain
 * loads where the target allows unaligned access, byte loads elsewhere). */
typedef uint64_t __attribute__((may_alias, aligned(1))) rfs_unaligned64;
typedef uint32_t __attribute__((may_alias, aligned(1))) rfs_unaligned32;

static inline uint64_t rfs_load64(const void *p) {
    return *(const rfs_unaligned64 *)p;
}
static inline uint32_t rfs_load32(const void *p) {
    return *(const rfs_unaligned32 *)p;
}

void rfs_memcpy(void *dst, const void *src, size_t n);
void rfs_memmove(void *dst, const void *src, size_t n);
void rfs_memset(void *dst, int value, size_t n);
int rfs_memcmp(const void *a, const void *b, size_t n);
size_t rfs_strlen(const char *s);

/* rfs_shim_alloc that zero-fills. */
void *rfs_zalloc(size_t size);

#endif
