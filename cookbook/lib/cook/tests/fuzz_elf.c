/* libFuzzer target for the DT_NEEDED reader: arbitrary bytes are read as an ELF image. A
 * result of 1 must come with names that are non-empty strings; -1 with a message. Inputs that
 * start with the ELF magic reach the header checks, the program headers, the dynamic segment
 * and the string table; seeds in tests/seeds/fuzz_elf/ are small valid images. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cook/elf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    cook_elf_needed needed;
    mh_error err;
    mh_error_clear(&err);
    int rc = cook_elf_needed_parse(data, size, "input", &needed, &err);
    if (rc == 1) {
        for (size_t i = 0; i < needed.count; i++)
            if (!needed.names[i][0])
                abort();
        cook_elf_needed_free(&needed);
    } else if (rc == -1 && !err.message[0]) {
        abort();
    } else if (rc == 0 && needed.count) {
        abort();
    }
    return 0;
}
