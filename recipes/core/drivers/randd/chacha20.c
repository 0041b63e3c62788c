#include "chacha20.h"

static uint32_t rotate_left(uint32_t value, unsigned bits)
{
    return (value << bits) | (value >> (32 - bits));
}

static void quarter_round(uint32_t s[16], int a, int b, int c, int d)
{
    s[a] += s[b], s[d] = rotate_left(s[d] ^ s[a], 16);
    s[c] += s[d], s[b] = rotate_left(s[b] ^ s[c], 12);
    s[a] += s[b], s[d] = rotate_left(s[d] ^ s[a], 8);
    s[c] += s[d], s[b] = rotate_left(s[b] ^ s[c], 7);
}

void chacha20_block(const uint32_t key[CHACHA20_KEY_WORDS], uint32_t counter,
                    const uint32_t nonce[CHACHA20_NONCE_WORDS], uint8_t out[CHACHA20_BLOCK_BYTES])
{
    /* "expand 32-byte k" as four little-endian words */
    uint32_t initial[16] = {0x61707865u, 0x3320646eu, 0x79622d32u, 0x6b206574u};
    for (int i = 0; i < CHACHA20_KEY_WORDS; i++)
        initial[4 + i] = key[i];
    initial[12] = counter;
    for (int i = 0; i < CHACHA20_NONCE_WORDS; i++)
        initial[13 + i] = nonce[i];
    uint32_t s[16];
    for (int i = 0; i < 16; i++)
        s[i] = initial[i];
    for (int round = 0; round < 10; round++) {
        quarter_round(s, 0, 4, 8, 12);
        quarter_round(s, 1, 5, 9, 13);
        quarter_round(s, 2, 6, 10, 14);
        quarter_round(s, 3, 7, 11, 15);
        quarter_round(s, 0, 5, 10, 15);
        quarter_round(s, 1, 6, 11, 12);
        quarter_round(s, 2, 7, 8, 13);
        quarter_round(s, 3, 4, 9, 14);
    }
    for (int i = 0; i < 16; i++) {
        uint32_t word = s[i] + initial[i];
        out[4 * i] = (uint8_t)word;
        out[4 * i + 1] = (uint8_t)(word >> 8);
        out[4 * i + 2] = (uint8_t)(word >> 16);
        out[4 * i + 3] = (uint8_t)(word >> 24);
    }
}
