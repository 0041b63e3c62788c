/* Hex text form of a 32-byte hash, as b3sum prints it. */
#include "blake3/blake3.h"

static int hex_digit_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

void blake3_to_hex(const uint8_t hash[BLAKE3_OUT_LEN], char hex[2 * BLAKE3_OUT_LEN + 1]) {
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < BLAKE3_OUT_LEN; i++) {
        hex[2 * i] = digits[hash[i] >> 4];
        hex[2 * i + 1] = digits[hash[i] & 15];
    }
    hex[2 * BLAKE3_OUT_LEN] = '\0';
}

int blake3_from_hex(const char *hex, uint8_t hash[BLAKE3_OUT_LEN]) {
    uint8_t parsed[BLAKE3_OUT_LEN];
    for (int i = 0; i < BLAKE3_OUT_LEN; i++) {
        /* A NUL ends the string early and is not a digit, so the high digit check stops there. */
        int high = hex_digit_value(hex[2 * i]);
        if (high < 0)
            return -1;
        int low = hex_digit_value(hex[2 * i + 1]);
        if (low < 0)
            return -1;
        parsed[i] = (uint8_t)(high << 4 | low);
    }
    if (hex[2 * BLAKE3_OUT_LEN] != '\0')
        return -1;
    for (int i = 0; i < BLAKE3_OUT_LEN; i++)
        hash[i] = parsed[i];
    return 0;
}
