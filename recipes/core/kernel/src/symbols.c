#include "symbols.h"

#include <stddef.h>

struct kernel_symbol {
    uint64_t address;
    uint32_t name_offset; /* into the names, which follow the entries */
    uint32_t reserved;
};

/* The generated table: one header symbol only, so its size never shows in code addresses. */
struct kernel_symbol_table {
    uint64_t count;
    uint64_t names_offset; /* from the start of the table */
    struct kernel_symbol entries[];
};

extern const struct kernel_symbol_table kernel_symbol_table;
extern const char __text_start[], __text_end[];

const char *symbols_lookup(uint64_t address, uint64_t *offset)
{
    const struct kernel_symbol_table *table = &kernel_symbol_table;
    if (address < (uint64_t)__text_start || address >= (uint64_t)__text_end || table->count == 0)
        return NULL;
    /* The last symbol at or below address. */
    size_t low = 0, high = table->count;
    while (high - low > 1) {
        size_t middle = low + (high - low) / 2;
        if (table->entries[middle].address <= address)
            low = middle;
        else
            high = middle;
    }
    if (table->entries[low].address > address)
        return NULL;
    *offset = address - table->entries[low].address;
    const char *names = (const char *)table + table->names_offset;
    return names + table->entries[low].name_offset;
}
