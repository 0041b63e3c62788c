#include "redoxfs/core/alloc.h"

#include "redoxfs/core/mem.h"
#include "redoxfs/core/shim.h"

bool rfs_alloc_init(rfs_alloc *a, uint64_t blocks) {
    rfs_memset(a, 0, sizeof *a);
    a->blocks = blocks;
    a->words = (blocks + 63) / 64;
    if (a->words > SIZE_MAX / 8)
        return false;
    a->bits = rfs_zalloc((size_t)(a->words ? a->words : 1) * 8);
    return a->bits != NULL;
}

void rfs_alloc_destroy(rfs_alloc *a) {
    rfs_shim_free(a->bits);
    a->bits = NULL;
}

/* Bits set in v (without __builtin_popcountll, which needs libgcc on plain x86_64). */
static uint64_t popcount(uint64_t v) {
    v = v - (v >> 1 & 0x5555555555555555ULL);
    v = (v & 0x3333333333333333ULL) + (v >> 2 & 0x3333333333333333ULL);
    v = (v + (v >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
    return v * 0x0101010101010101ULL >> 56;
}

bool rfs_alloc_resize(rfs_alloc *a, uint64_t blocks) {
    uint64_t words = (blocks + 63) / 64;
    if (words > SIZE_MAX / 8)
        return false;
    uint64_t *bits = rfs_zalloc((size_t)(words ? words : 1) * 8);
    if (!bits)
        return false;
    rfs_memcpy(bits, a->bits, (size_t)(words < a->words ? words : a->words) * 8);
    if (blocks % 64)
        bits[words - 1] &= (1ULL << (blocks % 64)) - 1;
    rfs_shim_free(a->bits);
    a->bits = bits;
    a->blocks = blocks;
    a->words = words;
    a->free_count = 0;
    for (uint64_t w = 0; w < words; w++)
        a->free_count += popcount(bits[w]);
    rfs_memset(a->hint, 0, sizeof a->hint);
    return true;
}

/* Mask of bits [from, to) within one word (0 <= from < to <= 64). */
static uint64_t span_mask(unsigned from, unsigned to) {
    uint64_t high = to == 64 ? ~0ULL : (1ULL << to) - 1;
    return high & ~((1ULL << from) - 1);
}

/* Runs body with `w` (word index) and `mask` (the range's bits in that word) for each word
 * of [index, index + count). */
#define FOR_EACH_WORD(index, count, body)                                                    \
    do {                                                                                     \
        uint64_t pos_ = (index), end_ = (index) + (count);                                   \
        while (pos_ < end_) {                                                                \
            uint64_t w = pos_ / 64;                                                          \
            unsigned from_ = (unsigned)(pos_ % 64);                                          \
            unsigned to_ = end_ - w * 64 >= 64 ? 64 : (unsigned)(end_ - w * 64);             \
            uint64_t mask = span_mask(from_, to_);                                           \
            body;                                                                            \
            pos_ = w * 64 + to_;                                                             \
        }                                                                                    \
    } while (0)

bool rfs_alloc_range_free(const rfs_alloc *a, uint64_t index, uint64_t count) {
    if (index > a->blocks || count > a->blocks - index)
        return false;
    FOR_EACH_WORD(index, count, if ((a->bits[w] & mask) != mask) return false);
    return true;
}

bool rfs_alloc_range_used(const rfs_alloc *a, uint64_t index, uint64_t count) {
    if (index > a->blocks || count > a->blocks - index)
        return false;
    FOR_EACH_WORD(index, count, if (a->bits[w] & mask) return false);
    return true;
}

void rfs_alloc_mark_free(rfs_alloc *a, uint64_t index, uint64_t count) {
    FOR_EACH_WORD(index, count, {
        a->free_count += popcount(~a->bits[w] & mask);
        a->bits[w] |= mask;
    });
    uint64_t word = index / 64;
    for (unsigned level = 0; level <= RFS_MAX_LEVEL; level++) {
        uint64_t group = level > 6 ? 1ULL << (level - 6) : 1;
        uint64_t start = word / group * group;
        if (start < a->hint[level])
            a->hint[level] = start;
    }
}

void rfs_alloc_mark_used(rfs_alloc *a, uint64_t index, uint64_t count) {
    FOR_EACH_WORD(index, count, {
        a->free_count -= popcount(a->bits[w] & mask);
        a->bits[w] &= ~mask;
    });
}

/* Bits at positions that are multiples of 2^level (level <= 6) within a word. */
static uint64_t aligned_positions(unsigned level) {
    uint64_t m = 0;
    for (unsigned p = 0; p < 64; p += 1u << level)
        m |= 1ULL << p;
    return m;
}

bool rfs_alloc_take(rfs_alloc *a, unsigned level, uint64_t *index) {
    if (level > RFS_MAX_LEVEL)
        return false;
    if (level <= 6) {
        unsigned group = 1u << level;
        uint64_t aligned = aligned_positions(level);
        for (uint64_t w = a->hint[level]; w < a->words; w++) {
            uint64_t x = a->bits[w];
            /* After folding, bit p is set when bits p .. p+group-1 are all free. */
            for (unsigned s = 1; s < group && x; s <<= 1)
                x &= x >> s;
            x &= aligned;
            if (x) {
                a->hint[level] = w;
                *index = w * 64 + (uint64_t)__builtin_ctzll(x);
                rfs_alloc_mark_used(a, *index, group);
                return true;
            }
        }
        a->hint[level] = a->words;
        return false;
    }
    uint64_t group = 1ULL << (level - 6);
    for (uint64_t g = a->hint[level]; g + group <= a->words; g += group) {
        uint64_t k = 0;
        while (k < group && a->bits[g + k] == ~0ULL)
            k++;
        if (k == group) {
            a->hint[level] = g;
            *index = g * 64;
            rfs_alloc_mark_used(a, *index, group * 64);
            return true;
        }
    }
    a->hint[level] = a->words;
    return false;
}

void rfs_bitmap_set(uint64_t *bits, uint64_t index, uint64_t count) {
    FOR_EACH_WORD(index, count, bits[w] |= mask);
}

bool rfs_bitmap_next_run(const uint64_t *bits, uint64_t words, uint64_t *pos, uint64_t *start,
                         uint64_t *len) {
    uint64_t p = *pos, limit = words * 64;
    /* Find the first set bit at or after p. */
    while (p < limit) {
        uint64_t v = bits[p / 64] >> (p % 64);
        if (v) {
            p += (uint64_t)__builtin_ctzll(v);
            break;
        }
        p = (p / 64 + 1) * 64;
    }
    if (p >= limit)
        return false;
    *start = p;
    /* Then the first clear bit after it. */
    while (p < limit) {
        uint64_t v = ~bits[p / 64] >> (p % 64);
        if (v) {
            p += (uint64_t)__builtin_ctzll(v);
            break;
        }
        p = (p / 64 + 1) * 64;
    }
    *len = p - *start;
    *pos = p;
    return true;
}
