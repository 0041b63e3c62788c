/* The BLAKE3 compression function in plain C: used for single blocks (partial chunks, parents on
 * the hasher's stack, output blocks) and for the inputs left over after the SIMD back ends. */
#include <string.h>

#include "blake3/blake3_impl.h"

static inline uint32_t rotr32(uint32_t x, unsigned n) {
    return (x >> n) | (x << (32 - n));
}

static inline uint32_t load_le32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void store_le32(uint8_t *p, uint32_t x) {
    p[0] = (uint8_t)x;
    p[1] = (uint8_t)(x >> 8);
    p[2] = (uint8_t)(x >> 16);
    p[3] = (uint8_t)(x >> 24);
}

/* The quarter-round G, mixing message words x and y into state words a, b, c, d. */
#define G(a, b, c, d, x, y)                    \
    do {                                       \
        v[a] = v[a] + v[b] + (x);              \
        v[d] = rotr32(v[d] ^ v[a], 16);        \
        v[c] = v[c] + v[d];                    \
        v[b] = rotr32(v[b] ^ v[c], 12);        \
        v[a] = v[a] + v[b] + (y);              \
        v[d] = rotr32(v[d] ^ v[a], 8);         \
        v[c] = v[c] + v[d];                    \
        v[b] = rotr32(v[b] ^ v[c], 7);         \
    } while (0)

void blake3_compress(const uint32_t cv[8], const uint8_t block[BLAKE3_BLOCK_LEN],
                     uint8_t block_len, uint64_t counter, uint8_t flags, uint32_t state[16]) {
    uint32_t m[16];
    for (int i = 0; i < 16; i++)
        m[i] = load_le32(block + 4 * i);
    uint32_t v[16] = {
        cv[0], cv[1], cv[2], cv[3], cv[4], cv[5], cv[6], cv[7],
        BLAKE3_IV[0], BLAKE3_IV[1], BLAKE3_IV[2], BLAKE3_IV[3],
        (uint32_t)counter, (uint32_t)(counter >> 32), block_len, flags,
    };
    for (int r = 0; r < 7; r++) {
        const uint8_t *s = BLAKE3_MSG_SCHEDULE[r];
        /* Columns, then diagonals. */
        G(0, 4, 8, 12, m[s[0]], m[s[1]]);
        G(1, 5, 9, 13, m[s[2]], m[s[3]]);
        G(2, 6, 10, 14, m[s[4]], m[s[5]]);
        G(3, 7, 11, 15, m[s[6]], m[s[7]]);
        G(0, 5, 10, 15, m[s[8]], m[s[9]]);
        G(1, 6, 11, 12, m[s[10]], m[s[11]]);
        G(2, 7, 8, 13, m[s[12]], m[s[13]]);
        G(3, 4, 9, 14, m[s[14]], m[s[15]]);
    }
    for (int i = 0; i < 8; i++) {
        state[i] = v[i] ^ v[i + 8];
        state[i + 8] = v[i + 8] ^ cv[i];
    }
}

void blake3_hash1_portable(const blake3_batch *batch, uint8_t *out) {
    uint32_t cv[8], state[16];
    memcpy(cv, BLAKE3_IV, sizeof cv);
    for (size_t b = 0; b < batch->blocks; b++) {
        uint8_t flags = batch->flags;
        if (b == 0)
            flags |= batch->flags_first;
        if (b + 1 == batch->blocks)
            flags |= batch->flags_last;
        blake3_compress(cv, batch->input + b * BLAKE3_BLOCK_LEN, BLAKE3_BLOCK_LEN, batch->counter,
                        flags, state);
        memcpy(cv, state, sizeof cv);
    }
    for (int i = 0; i < 8; i++)
        store_le32(out + 4 * i, cv[i]);
}
