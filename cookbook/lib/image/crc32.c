/* CRC-32 with the reflected IEEE polynomial, table-driven; the table is built on first use. */
#include <stddef.h>
#include <stdint.h>

#include "image/gpt.h"

static uint32_t table[256];
static int table_ready;

static void build_table(void) {
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    table_ready = 1;
}

uint32_t mh_crc32(uint32_t crc, const void *data, size_t len) {
    if (!table_ready)
        build_table();
    const uint8_t *p = data;
    crc = ~crc;
    while (len--)
        crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}
