/* Hex text form of a 32-byte hash, as b3sum prints it. */
#include <string.h>

#include "base/hex.h"
#include "blake3/blake3.h"

void blake3_to_hex(const uint8_t hash[BLAKE3_OUT_LEN], char hex[2 * BLAKE3_OUT_LEN + 1]) {
    mh_hex_encode(hash, BLAKE3_OUT_LEN, hex);
}

int blake3_from_hex(const char *hex, uint8_t hash[BLAKE3_OUT_LEN]) {
    /* Looking one past 64 digits is enough to tell a longer string from an exact one. */
    size_t len = strnlen(hex, 2 * BLAKE3_OUT_LEN + 1);
    uint8_t parsed[BLAKE3_OUT_LEN];
    if (mh_hex_decode(hex, len, parsed, BLAKE3_OUT_LEN) != 0)
        return -1;
    memcpy(hash, parsed, BLAKE3_OUT_LEN);
    return 0;
}
