/* The part of the SIMD back ends that is the same for every vector width: BLAKE3's rounds applied
 * to LANES independent inputs at once, one input per 32-bit lane, so vector register k holds
 * state word k of every input. Each back end includes this once, after defining:
 *   LANES, the vector type `vec`, and static inline functions
 *     vec vadd(vec, vec), vxor(vec, vec), vset1(uint32_t), vloadu(const void *),
 *     vec vrot16(vec), vrot12(vec), vrot8(vec), vrot7(vec)          (rotations right)
 *     void load_message(const blake3_batch *, size_t offset, vec m[16])
 *         word k of the block at `offset` of each input into lane i of m[k]
 *     void store_cvs(const vec h[8], uint8_t *out)
 *         lane i of h[0..7] as input i's 32-byte chaining value at out + 32 * i
 * and provides hash_lanes(), which hashes the batch's first LANES inputs. */
#ifndef MH_BLAKE3_LANES_H
#define MH_BLAKE3_LANES_H

#include "blake3/blake3_impl.h"

/* How far ahead each lane prefetches in its own input (measured best on Zen 4, data in DRAM). */
#define PREFETCH_BLOCKS_AHEAD 2

#define LANES_G(a, b, c, d, x, y)          \
    do {                                   \
        v[a] = vadd(vadd(v[a], v[b]), x);  \
        v[d] = vrot16(vxor(v[d], v[a]));   \
        v[c] = vadd(v[c], v[d]);           \
        v[b] = vrot12(vxor(v[b], v[c]));   \
        v[a] = vadd(vadd(v[a], v[b]), y);  \
        v[d] = vrot8(vxor(v[d], v[a]));    \
        v[c] = vadd(v[c], v[d]);           \
        v[b] = vrot7(vxor(v[b], v[c]));    \
    } while (0)

/* Inlined with a constant row of the schedule, so every message index is a constant. */
static inline __attribute__((always_inline)) void lanes_round(vec v[16], const vec m[16],
                                                              const uint8_t s[16]) {
    LANES_G(0, 4, 8, 12, m[s[0]], m[s[1]]);
    LANES_G(1, 5, 9, 13, m[s[2]], m[s[3]]);
    LANES_G(2, 6, 10, 14, m[s[4]], m[s[5]]);
    LANES_G(3, 7, 11, 15, m[s[6]], m[s[7]]);
    LANES_G(0, 5, 10, 15, m[s[8]], m[s[9]]);
    LANES_G(1, 6, 11, 12, m[s[10]], m[s[11]]);
    LANES_G(2, 7, 8, 13, m[s[12]], m[s[13]]);
    LANES_G(3, 4, 9, 14, m[s[14]], m[s[15]]);
}

static inline void hash_lanes(const blake3_batch *batch, uint8_t *out) {
    uint32_t counter_low[LANES], counter_high[LANES];
    for (int i = 0; i < LANES; i++) {
        uint64_t counter = batch->counter + (uint64_t)i * batch->counter_step;
        counter_low[i] = (uint32_t)counter;
        counter_high[i] = (uint32_t)(counter >> 32);
    }
    const vec counter_low_v = vloadu(counter_low);
    const vec counter_high_v = vloadu(counter_high);
    vec h[8];
    for (int i = 0; i < 8; i++)
        h[i] = vset1(BLAKE3_IV[i]);
    for (size_t b = 0; b < batch->blocks; b++) {
        uint8_t flags = batch->flags;
        if (b == 0)
            flags |= batch->flags_first;
        if (b + 1 == batch->blocks)
            flags |= batch->flags_last;
        /* A chunk is a stream of only 16 cache lines, too short for the hardware prefetcher to
         * pick up, so each lane asks for its data a few blocks ahead, and for the same block of
         * the input one group further on, which is what the next call most likely hashes.
         * Addresses past the end of the data are harmless (prefetches never fault), and are
         * computed as integers since such pointers could not be formed. */
        uintptr_t base = (uintptr_t)batch->input;
        for (int lane = 0; lane < LANES; lane++) {
            __builtin_prefetch((const void *)(base + (size_t)lane * batch->stride +
                                              (b + PREFETCH_BLOCKS_AHEAD) * BLAKE3_BLOCK_LEN));
            __builtin_prefetch((const void *)(base + (size_t)(lane + LANES) * batch->stride +
                                              b * BLAKE3_BLOCK_LEN));
        }
        vec m[16];
        load_message(batch, b * BLAKE3_BLOCK_LEN, m);
        vec v[16] = {
            h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7],
            vset1(BLAKE3_IV[0]), vset1(BLAKE3_IV[1]), vset1(BLAKE3_IV[2]), vset1(BLAKE3_IV[3]),
            counter_low_v, counter_high_v, vset1(BLAKE3_BLOCK_LEN), vset1(flags),
        };
        lanes_round(v, m, BLAKE3_MSG_SCHEDULE[0]);
        lanes_round(v, m, BLAKE3_MSG_SCHEDULE[1]);
        lanes_round(v, m, BLAKE3_MSG_SCHEDULE[2]);
        lanes_round(v, m, BLAKE3_MSG_SCHEDULE[3]);
        lanes_round(v, m, BLAKE3_MSG_SCHEDULE[4]);
        lanes_round(v, m, BLAKE3_MSG_SCHEDULE[5]);
        lanes_round(v, m, BLAKE3_MSG_SCHEDULE[6]);
        for (int i = 0; i < 8; i++)
            h[i] = vxor(v[i], v[i + 8]);
    }
    store_cvs(h, out);
}

#endif
