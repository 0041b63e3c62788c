/* Argon2 after RFC 9106 section 3: H0 from the inputs, a lanes x columns matrix of 1 KiB blocks
 * filled pass by pass and slice by slice with the compression function G, the tag from the
 * XOR of the last column. Blocks are kept as 128 little-endian 64-bit words. */
#include "argon2.h"

#include <stdlib.h>
#include <string.h>

#include "blake2b.h"

#define VERSION 0x13
#define BLOCK_WORDS 128
#define BLOCK_BYTES 1024
#define SLICES 4
#define ADDRESSES_PER_BLOCK BLOCK_WORDS

struct block {
    uint64_t v[BLOCK_WORDS];
};

struct instance {
    struct block *memory;
    uint32_t lanes;
    uint32_t columns;        /* q: blocks per lane */
    uint32_t segment_length; /* q / 4 */
    uint32_t passes;
    uint32_t block_count;    /* m' */
    enum mh_argon2_type type;
};

static void store_le32(uint8_t out[4], uint32_t value)
{
    for (int i = 0; i < 4; i++)
        out[i] = (uint8_t)(value >> (8 * i));
}

static void hash_le32(struct mh_blake2b_state *state, uint32_t value)
{
    uint8_t bytes[4];
    store_le32(bytes, value);
    mh_blake2b_update(state, bytes, sizeof bytes);
}

static void block_from_bytes(struct block *block, const uint8_t bytes[BLOCK_BYTES])
{
    for (int i = 0; i < BLOCK_WORDS; i++) {
        uint64_t word = 0;
        for (int b = 7; b >= 0; b--)
            word = (word << 8) | bytes[8 * i + b];
        block->v[i] = word;
    }
}

static void block_to_bytes(uint8_t bytes[BLOCK_BYTES], const struct block *block)
{
    for (int i = 0; i < BLOCK_WORDS; i++)
        for (int b = 0; b < 8; b++)
            bytes[8 * i + b] = (uint8_t)(block->v[i] >> (8 * b));
}

/* H' (section 3.3): a hash of any length built from a chain of 64-byte BLAKE2b digests. The
 * input is the concatenation of the pieces. */
static void variable_hash(uint8_t *out, uint32_t out_length, const uint8_t *first, size_t first_length,
                          const uint8_t *second, size_t second_length)
{
    struct mh_blake2b_state state;
    if (out_length <= MH_BLAKE2B_MAX_DIGEST) {
        mh_blake2b_init(&state, out_length);
        hash_le32(&state, out_length);
        mh_blake2b_update(&state, first, first_length);
        mh_blake2b_update(&state, second, second_length);
        mh_blake2b_final(&state, out);
        return;
    }
    uint8_t chain[MH_BLAKE2B_MAX_DIGEST];
    mh_blake2b_init(&state, MH_BLAKE2B_MAX_DIGEST);
    hash_le32(&state, out_length);
    mh_blake2b_update(&state, first, first_length);
    mh_blake2b_update(&state, second, second_length);
    mh_blake2b_final(&state, chain);
    /* r = ceil(T / 32) - 2 digests contribute their first 32 bytes, the last one the rest. */
    uint32_t full = (out_length + 31) / 32 - 2;
    memcpy(out, chain, 32);
    for (uint32_t i = 1; i < full; i++) {
        mh_blake2b_init(&state, MH_BLAKE2B_MAX_DIGEST);
        mh_blake2b_update(&state, chain, sizeof chain);
        mh_blake2b_final(&state, chain);
        memcpy(out + 32 * i, chain, 32);
    }
    uint32_t rest = out_length - 32 * full;
    mh_blake2b_init(&state, rest);
    mh_blake2b_update(&state, chain, sizeof chain);
    mh_blake2b_final(&state, out + 32 * full);
    memset(chain, 0, sizeof chain);
}

static uint64_t rotate_right(uint64_t value, unsigned bits)
{
    return (value >> bits) | (value << (64 - bits));
}

/* BLAKE2b's G with the additions made multiplicative (section 3.6). */
static uint64_t blamka(uint64_t x, uint64_t y)
{
    return x + y + 2 * (x & 0xffffffffULL) * (y & 0xffffffffULL);
}

static void mix(uint64_t *a, uint64_t *b, uint64_t *c, uint64_t *d)
{
    *a = blamka(*a, *b);
    *d = rotate_right(*d ^ *a, 32);
    *c = blamka(*c, *d);
    *b = rotate_right(*b ^ *c, 24);
    *a = blamka(*a, *b);
    *d = rotate_right(*d ^ *a, 16);
    *c = blamka(*c, *d);
    *b = rotate_right(*b ^ *c, 63);
}

/* The permutation P on sixteen words given by their indices in the block. */
static void permute(uint64_t *v, const int w[16])
{
    mix(&v[w[0]], &v[w[4]], &v[w[8]], &v[w[12]]);
    mix(&v[w[1]], &v[w[5]], &v[w[9]], &v[w[13]]);
    mix(&v[w[2]], &v[w[6]], &v[w[10]], &v[w[14]]);
    mix(&v[w[3]], &v[w[7]], &v[w[11]], &v[w[15]]);
    mix(&v[w[0]], &v[w[5]], &v[w[10]], &v[w[15]]);
    mix(&v[w[1]], &v[w[6]], &v[w[11]], &v[w[12]]);
    mix(&v[w[2]], &v[w[7]], &v[w[8]], &v[w[13]]);
    mix(&v[w[3]], &v[w[4]], &v[w[9]], &v[w[14]]);
}

/* G (section 3.5): R = X ^ Y seen as 8x8 sixteen-byte registers; P on each row, then on each
 * column; the result is that XOR R. With accumulate, the result is XORed into out instead
 * (passes after the first, version 0x13). */
static void compress(struct block *out, const struct block *x, const struct block *y, int accumulate)
{
    struct block r, z;
    for (int i = 0; i < BLOCK_WORDS; i++)
        r.v[i] = x->v[i] ^ y->v[i];
    z = r;
    for (int row = 0; row < 8; row++) {
        int w[16];
        for (int i = 0; i < 16; i++)
            w[i] = 16 * row + i;
        permute(z.v, w);
    }
    for (int column = 0; column < 8; column++) {
        int w[16];
        for (int i = 0; i < 8; i++) {
            w[2 * i] = 2 * column + 16 * i;
            w[2 * i + 1] = 2 * column + 16 * i + 1;
        }
        permute(z.v, w);
    }
    for (int i = 0; i < BLOCK_WORDS; i++)
        out->v[i] = (accumulate ? out->v[i] : 0) ^ z.v[i] ^ r.v[i];
}

struct position {
    uint32_t pass, lane, slice, index;
};

/* Data-independent addressing (section 3.4.1.2): the next block of 128 pseudo-random J1|J2
 * words, G(0, G(0, Z)) with Z the position and the counter. */
static void next_addresses(const struct instance *instance, const struct position *at,
                           uint64_t counter, struct block *addresses)
{
    struct block zero, input, once;
    memset(&zero, 0, sizeof zero);
    memset(&input, 0, sizeof input);
    input.v[0] = at->pass;
    input.v[1] = at->lane;
    input.v[2] = at->slice;
    input.v[3] = instance->block_count;
    input.v[4] = instance->passes;
    input.v[5] = (uint64_t)instance->type;
    input.v[6] = counter;
    compress(&once, &zero, &input, 0);
    compress(addresses, &zero, &once, 0);
}

/* The column of the reference block in ref_lane from the pseudo-random J1 (section 3.4.2). */
static uint32_t reference_column(const struct instance *instance, const struct position *at,
                                 uint32_t j1, int same_lane)
{
    uint32_t area;
    uint32_t finished; /* blocks of the lane in segments completed before this slice */
    if (at->pass == 0)
        finished = at->slice * instance->segment_length;
    else
        finished = instance->columns - instance->segment_length;
    if (same_lane)
        area = finished + at->index - 1; /* everything so far except the previous block */
    else
        area = finished - (at->index == 0 ? 1 : 0); /* the other lane's last block may be in use */
    uint64_t x = ((uint64_t)j1 * j1) >> 32;
    uint64_t y = ((uint64_t)area * x) >> 32;
    uint32_t relative = area - 1 - (uint32_t)y;
    uint32_t start = 0;
    if (at->pass != 0 && at->slice != SLICES - 1)
        start = (at->slice + 1) * instance->segment_length;
    return (start + relative) % instance->columns;
}

static void fill_segment(const struct instance *instance, uint32_t pass, uint32_t lane, uint32_t slice)
{
    struct position at = {pass, lane, slice, 0};
    int independent = instance->type == MH_ARGON2_I ||
                      (instance->type == MH_ARGON2_ID && pass == 0 && slice < SLICES / 2);
    struct block addresses;
    uint64_t counter = 0;
    uint32_t first = (pass == 0 && slice == 0) ? 2 : 0; /* blocks 0 and 1 come from H0 */
    for (uint32_t i = first; i < instance->segment_length; i++) {
        at.index = i;
        uint32_t column = slice * instance->segment_length + i;
        uint32_t current = lane * instance->columns + column;
        uint32_t previous = column == 0 ? current + instance->columns - 1 : current - 1;
        uint64_t random;
        if (independent) {
            if (i == first || i % ADDRESSES_PER_BLOCK == 0)
                next_addresses(instance, &at, ++counter, &addresses);
            random = addresses.v[i % ADDRESSES_PER_BLOCK];
        } else {
            random = instance->memory[previous].v[0];
        }
        uint32_t ref_lane = (uint32_t)((random >> 32) % instance->lanes);
        if (pass == 0 && slice == 0)
            ref_lane = lane;
        uint32_t ref_column = reference_column(instance, &at, (uint32_t)random, ref_lane == lane);
        const struct block *reference = &instance->memory[ref_lane * instance->columns + ref_column];
        compress(&instance->memory[current], &instance->memory[previous], reference, pass != 0);
    }
}

static int parameters_valid(const struct mh_argon2_params *params, size_t tag_length)
{
    return params->lanes >= 1 && params->lanes <= 0xffffff && params->passes >= 1 &&
           params->memory_kib / 8 >= params->lanes && params->salt_length >= 8 &&
           params->salt_length <= 0xffffffffu && params->secret_length <= 0xffffffffu &&
           params->associated_length <= 0xffffffffu && tag_length >= 4 &&
           tag_length <= 0xffffffffu &&
           (params->type == MH_ARGON2_D || params->type == MH_ARGON2_I || params->type == MH_ARGON2_ID);
}

static void initial_hash(const struct mh_argon2_params *params, const void *password,
                         size_t password_length, size_t tag_length, uint8_t out[MH_BLAKE2B_MAX_DIGEST])
{
    struct mh_blake2b_state state;
    mh_blake2b_init(&state, MH_BLAKE2B_MAX_DIGEST);
    hash_le32(&state, params->lanes);
    hash_le32(&state, (uint32_t)tag_length);
    hash_le32(&state, params->memory_kib);
    hash_le32(&state, params->passes);
    hash_le32(&state, VERSION);
    hash_le32(&state, (uint32_t)params->type);
    hash_le32(&state, (uint32_t)password_length);
    mh_blake2b_update(&state, password, password_length);
    hash_le32(&state, (uint32_t)params->salt_length);
    mh_blake2b_update(&state, params->salt, params->salt_length);
    hash_le32(&state, (uint32_t)params->secret_length);
    mh_blake2b_update(&state, params->secret, params->secret_length);
    hash_le32(&state, (uint32_t)params->associated_length);
    mh_blake2b_update(&state, params->associated, params->associated_length);
    mh_blake2b_final(&state, out);
}

enum mh_argon2_result mh_argon2_hash(const struct mh_argon2_params *params, const void *password,
                                     size_t password_length, uint8_t *tag, size_t tag_length)
{
    if (!parameters_valid(params, tag_length) || password_length > 0xffffffffu)
        return MH_ARGON2_BAD_PARAMETERS;
    struct instance instance = {
        .lanes = params->lanes,
        .passes = params->passes,
        .type = params->type,
    };
    instance.segment_length = params->memory_kib / (SLICES * params->lanes);
    instance.columns = instance.segment_length * SLICES;
    instance.block_count = instance.columns * params->lanes;
    instance.memory = calloc(instance.block_count, sizeof *instance.memory);
    if (instance.memory == NULL)
        return MH_ARGON2_NO_MEMORY;

    uint8_t h0[MH_BLAKE2B_MAX_DIGEST];
    uint8_t bytes[BLOCK_BYTES];
    initial_hash(params, password, password_length, tag_length, h0);
    for (uint32_t lane = 0; lane < instance.lanes; lane++) {
        for (uint32_t column = 0; column < 2; column++) {
            uint8_t suffix[8];
            store_le32(suffix, column);
            store_le32(suffix + 4, lane);
            variable_hash(bytes, BLOCK_BYTES, h0, sizeof h0, suffix, sizeof suffix);
            block_from_bytes(&instance.memory[lane * instance.columns + column], bytes);
        }
    }
    /* Lanes may be filled one after another: a segment only refers to other lanes' blocks in
     * slices already completed. */
    for (uint32_t pass = 0; pass < instance.passes; pass++)
        for (uint32_t slice = 0; slice < SLICES; slice++)
            for (uint32_t lane = 0; lane < instance.lanes; lane++)
                fill_segment(&instance, pass, lane, slice);

    struct block final = instance.memory[instance.columns - 1];
    for (uint32_t lane = 1; lane < instance.lanes; lane++)
        for (int i = 0; i < BLOCK_WORDS; i++)
            final.v[i] ^= instance.memory[lane * instance.columns + instance.columns - 1].v[i];
    block_to_bytes(bytes, &final);
    variable_hash(tag, (uint32_t)tag_length, bytes, sizeof bytes, NULL, 0);

    /* The memory holds values derived from the password. */
    volatile uint8_t *wipe = (volatile uint8_t *)instance.memory;
    for (size_t i = 0; i < (size_t)instance.block_count * sizeof *instance.memory; i++)
        wipe[i] = 0;
    free(instance.memory);
    memset(bytes, 0, sizeof bytes);
    memset(h0, 0, sizeof h0);
    return MH_ARGON2_OK;
}

const char *mh_argon2_describe(enum mh_argon2_result result)
{
    switch (result) {
    case MH_ARGON2_OK:
        return "ok";
    case MH_ARGON2_MISMATCH:
        return "the password does not match";
    case MH_ARGON2_MALFORMED:
        return "not an encoded Argon2 hash ($argon2id$v=19$m=M,t=T,p=P$SALT$HASH)";
    case MH_ARGON2_BAD_PARAMETERS:
        return "unsupported Argon2 parameters or version";
    case MH_ARGON2_NO_MEMORY:
        return "out of memory";
    }
    return "unknown result";
}
