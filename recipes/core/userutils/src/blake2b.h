/* BLAKE2b (RFC 7693), unkeyed, as Argon2 uses it: digests of 1 to 64 bytes. */
#ifndef USERUTILS_BLAKE2B_H
#define USERUTILS_BLAKE2B_H

#include <stddef.h>
#include <stdint.h>

#define MH_BLAKE2B_BLOCK_BYTES 128
#define MH_BLAKE2B_MAX_DIGEST 64

struct mh_blake2b_state {
    uint64_t h[8];
    uint64_t counter[2]; /* bytes compressed so far, 128 bits */
    uint8_t buffer[MH_BLAKE2B_BLOCK_BYTES];
    size_t buffered;
    size_t digest_length;
};

/* digest_length must be 1..64. */
void mh_blake2b_init(struct mh_blake2b_state *state, size_t digest_length);
void mh_blake2b_update(struct mh_blake2b_state *state, const void *data, size_t length);
/* Writes state->digest_length bytes and wipes the state. */
void mh_blake2b_final(struct mh_blake2b_state *state, uint8_t *digest);

#endif
