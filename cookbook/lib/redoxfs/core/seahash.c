#include "redoxfs/core/seahash.h"

#include "redoxfs/core/mem.h"

#define SEAHASH_PRIME 0x6eed0e9da4d94a4fULL

static uint64_t diffuse(uint64_t x) {
    x *= SEAHASH_PRIME;
    uint64_t a = x >> 32, b = x >> 60;
    x ^= a >> b;
    x *= SEAHASH_PRIME;
    return x;
}

/* The core only runs on little-endian targets (format.h), so a plain load is LE. */
static uint64_t load_le64(const uint8_t *p) {
    return rfs_load64(p);
}

uint64_t rfs_seahash(const void *data, size_t len) {
    const uint8_t *p = data;
    uint64_t lane[4] = {0x16f11fe89b0d677cULL, 0xb480a793d8e6c86cULL, 0x6fe2e5aaf078ebc9ULL,
                        0x14f994a4c5259381ULL};
    size_t i = 0;
    for (; i + 32 <= len; i += 32) {
        lane[0] = diffuse(lane[0] ^ load_le64(p + i));
        lane[1] = diffuse(lane[1] ^ load_le64(p + i + 8));
        lane[2] = diffuse(lane[2] ^ load_le64(p + i + 16));
        lane[3] = diffuse(lane[3] ^ load_le64(p + i + 24));
    }
    /* The tail continues the round robin where the 32-byte loop stopped (at lane 0). */
    unsigned next = 0;
    for (; i + 8 <= len; i += 8, next++)
        lane[next] = diffuse(lane[next] ^ load_le64(p + i));
    if (i < len) {
        uint64_t word = 0;
        for (size_t k = len; k > i; k--)
            word = (word << 8) | p[k - 1];
        lane[next] = diffuse(lane[next] ^ word);
    }
    return diffuse(lane[0] ^ lane[1] ^ lane[2] ^ lane[3] ^ (uint64_t)len);
}
