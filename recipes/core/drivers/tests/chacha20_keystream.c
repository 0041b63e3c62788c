/* Prints the ChaCha20 keystream of randd's block function for a key, counter and nonce given
 * in hex (RFC 8439 byte order), BLOCKS blocks from the counter on, as hex: the test compares it
 * with OpenSSL's chacha20. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chacha20.h"

static int parse_hex(const char *hex, uint8_t *out, size_t length)
{
    if (strlen(hex) != 2 * length)
        return -1;
    for (size_t i = 0; i < length; i++) {
        unsigned byte;
        if (sscanf(hex + 2 * i, "%2x", &byte) != 1)
            return -1;
        out[i] = (uint8_t)byte;
    }
    return 0;
}

static uint32_t little_endian_word(const uint8_t *bytes)
{
    return (uint32_t)bytes[0] | (uint32_t)bytes[1] << 8 | (uint32_t)bytes[2] << 16 |
           (uint32_t)bytes[3] << 24;
}

int main(int argc, char **argv)
{
    uint8_t key_bytes[32], nonce_bytes[12];
    if (argc != 5 || parse_hex(argv[1], key_bytes, sizeof key_bytes) != 0 ||
        parse_hex(argv[3], nonce_bytes, sizeof nonce_bytes) != 0) {
        fprintf(stderr, "usage: chacha20_keystream KEY-HEX(32 bytes) COUNTER NONCE-HEX(12 bytes) BLOCKS\n");
        return 2;
    }
    uint32_t key[CHACHA20_KEY_WORDS], nonce[CHACHA20_NONCE_WORDS];
    for (int i = 0; i < CHACHA20_KEY_WORDS; i++)
        key[i] = little_endian_word(key_bytes + 4 * i);
    for (int i = 0; i < CHACHA20_NONCE_WORDS; i++)
        nonce[i] = little_endian_word(nonce_bytes + 4 * i);
    uint32_t counter = (uint32_t)strtoul(argv[2], NULL, 10);
    long blocks = strtol(argv[4], NULL, 10);
    for (long b = 0; b < blocks; b++) {
        uint8_t block[CHACHA20_BLOCK_BYTES];
        chacha20_block(key, counter + (uint32_t)b, nonce, block);
        for (size_t i = 0; i < sizeof block; i++)
            printf("%02x", block[i]);
    }
    printf("\n");
    return 0;
}
