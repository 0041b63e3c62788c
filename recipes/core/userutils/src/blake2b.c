/* BLAKE2b after RFC 7693 sections 2 and 3: 12 rounds of G over a 16-word working vector. */
#include "blake2b.h"

#include <string.h>

/* The initialisation vector is SHA-512's (RFC 7693 section 2.6). */
static const uint64_t initial_vector[8] = {
    0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
    0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL,
};

/* Message word schedule (section 2.7); rounds 10 and 11 reuse rows 0 and 1. */
static const uint8_t schedule[10][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
    {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
    {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
    {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
    {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
};

static uint64_t rotate_right(uint64_t value, unsigned bits)
{
    return (value >> bits) | (value << (64 - bits));
}

static uint64_t load_le64(const uint8_t *bytes)
{
    uint64_t value = 0;
    for (int i = 7; i >= 0; i--)
        value = (value << 8) | bytes[i];
    return value;
}

static void mix(uint64_t v[16], int a, int b, int c, int d, uint64_t x, uint64_t y)
{
    v[a] = v[a] + v[b] + x;
    v[d] = rotate_right(v[d] ^ v[a], 32);
    v[c] = v[c] + v[d];
    v[b] = rotate_right(v[b] ^ v[c], 24);
    v[a] = v[a] + v[b] + y;
    v[d] = rotate_right(v[d] ^ v[a], 16);
    v[c] = v[c] + v[d];
    v[b] = rotate_right(v[b] ^ v[c], 63);
}

static void compress(struct mh_blake2b_state *state, const uint8_t block[MH_BLAKE2B_BLOCK_BYTES], int last)
{
    uint64_t m[16], v[16];
    for (int i = 0; i < 16; i++)
        m[i] = load_le64(block + 8 * i);
    for (int i = 0; i < 8; i++) {
        v[i] = state->h[i];
        v[i + 8] = initial_vector[i];
    }
    v[12] ^= state->counter[0];
    v[13] ^= state->counter[1];
    if (last)
        v[14] = ~v[14];
    for (int round = 0; round < 12; round++) {
        const uint8_t *s = schedule[round % 10];
        mix(v, 0, 4, 8, 12, m[s[0]], m[s[1]]);
        mix(v, 1, 5, 9, 13, m[s[2]], m[s[3]]);
        mix(v, 2, 6, 10, 14, m[s[4]], m[s[5]]);
        mix(v, 3, 7, 11, 15, m[s[6]], m[s[7]]);
        mix(v, 0, 5, 10, 15, m[s[8]], m[s[9]]);
        mix(v, 1, 6, 11, 12, m[s[10]], m[s[11]]);
        mix(v, 2, 7, 8, 13, m[s[12]], m[s[13]]);
        mix(v, 3, 4, 9, 14, m[s[14]], m[s[15]]);
    }
    for (int i = 0; i < 8; i++)
        state->h[i] ^= v[i] ^ v[i + 8];
}

static void count_bytes(struct mh_blake2b_state *state, size_t bytes)
{
    state->counter[0] += bytes;
    if (state->counter[0] < bytes)
        state->counter[1]++;
}

void mh_blake2b_init(struct mh_blake2b_state *state, size_t digest_length)
{
    memset(state, 0, sizeof *state);
    memcpy(state->h, initial_vector, sizeof state->h);
    /* Parameter block: digest length, no key, fanout 1, depth 1 (section 2.5). */
    state->h[0] ^= 0x01010000ULL ^ (uint64_t)digest_length;
    state->digest_length = digest_length;
}

void mh_blake2b_update(struct mh_blake2b_state *state, const void *data, size_t length)
{
    const uint8_t *bytes = data;
    while (length > 0) {
        /* The last block is compressed in mh_blake2b_final (with the final flag), so a full
         * buffer is only compressed once more data follows. */
        if (state->buffered == MH_BLAKE2B_BLOCK_BYTES) {
            count_bytes(state, MH_BLAKE2B_BLOCK_BYTES);
            compress(state, state->buffer, 0);
            state->buffered = 0;
        }
        size_t take = MH_BLAKE2B_BLOCK_BYTES - state->buffered;
        if (take > length)
            take = length;
        memcpy(state->buffer + state->buffered, bytes, take);
        state->buffered += take;
        bytes += take;
        length -= take;
    }
}

void mh_blake2b_final(struct mh_blake2b_state *state, uint8_t *digest)
{
    count_bytes(state, state->buffered);
    memset(state->buffer + state->buffered, 0, MH_BLAKE2B_BLOCK_BYTES - state->buffered);
    compress(state, state->buffer, 1);
    for (size_t i = 0; i < state->digest_length; i++)
        digest[i] = (uint8_t)(state->h[i / 8] >> (8 * (i % 8)));
    volatile uint8_t *wipe = (volatile uint8_t *)state;
    for (size_t i = 0; i < sizeof *state; i++)
        wipe[i] = 0;
}
