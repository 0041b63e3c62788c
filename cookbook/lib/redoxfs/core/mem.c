/* Word-at-a-time loops: the block layer copies whole blocks and records, the LZ4 coder
 * short unaligned runs. */
#include "redoxfs/core/mem.h"

#include "redoxfs/core/shim.h"


void rfs_memcpy(void *dst, const void *src, size_t n) {
    uint8_t *d = dst;
    const uint8_t *s = src;
    for (; n >= 8; n -= 8, d += 8, s += 8)
        *(rfs_unaligned64 *)(void *)d = rfs_load64(s);
    while (n--)
        *d++ = *s++;
}

void rfs_memmove(void *dst, const void *src, size_t n) {
    uint8_t *d = dst;
    const uint8_t *s = src;
    if (d == s || n == 0)
        return;
    if (d < s || d >= s + n) {
        rfs_memcpy(d, s, n);
        return;
    }
    while (n--)
        d[n] = s[n];
}

void rfs_memset(void *dst, int value, size_t n) {
    uint8_t *d = dst;
    uint8_t byte = (uint8_t)value;
    uint64_t word = 0x0101010101010101ULL * byte;
    for (; n >= 8; n -= 8, d += 8)
        *(rfs_unaligned64 *)(void *)d = word;
    while (n--)
        *d++ = byte;
}

int rfs_memcmp(const void *a, const void *b, size_t n) {
    const uint8_t *x = a, *y = b;
    for (size_t i = 0; i < n; i++) {
        if (x[i] != y[i])
            return x[i] < y[i] ? -1 : 1;
    }
    return 0;
}

size_t rfs_strlen(const char *s) {
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

void *rfs_zalloc(size_t size) {
    void *p = rfs_shim_alloc(size);
    if (p)
        rfs_memset(p, 0, size);
    return p;
}
