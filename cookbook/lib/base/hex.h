/* Hex text form of byte strings (lowercase out, either case in): hashes and keys in the files the
 * host tools write, and \u escapes in TOML. */
#ifndef MH_BASE_HEX_H
#define MH_BASE_HEX_H

#include <stddef.h>
#include <stdint.h>

/* Writes 2 * len lowercase hex digits and a NUL to out. */
void mh_hex_encode(const uint8_t *bytes, size_t len, char *out);

/* Parses exactly 2 * len hex digits (either case) from hex[0..hex_len). Returns 0, or -1 (bytes
 * unspecified) when the length differs or a character is not a hex digit. */
int mh_hex_decode(const char *hex, size_t hex_len, uint8_t *bytes, size_t len);

/* The value of one hex digit (either case), or -1 for any other character (EOF included). */
int mh_hex_digit_value(int c);

#endif
