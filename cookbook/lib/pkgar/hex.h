/* Lowercase hex encoding of byte strings, as pkgar's key files and package metadata use it. */
#ifndef MH_PKGAR_HEX_H
#define MH_PKGAR_HEX_H

#include <stddef.h>
#include <stdint.h>

/* Writes 2 * len hex digits and a NUL to out. */
void pkgar_hex_encode(const uint8_t *bytes, size_t len, char *out);

/* Parses exactly 2 * len hex digits (either case) from hex[0..hex_len). Returns 0, or -1 (bytes
 * unspecified) when the length differs or a character is not a hex digit. */
int pkgar_hex_decode(const char *hex, size_t hex_len, uint8_t *bytes, size_t len);

#endif
