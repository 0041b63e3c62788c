/* The shared libraries an ELF file needs: the DT_NEEDED entries of its dynamic segment, found
 * as the dynamic loader finds them (program headers, PT_DYNAMIC, DT_STRTAB mapped through the
 * PT_LOAD segments). 32- and 64-bit files of either byte order, any machine, so the cook can
 * read what it builds for another architecture. Every offset is checked against the file size:
 * a damaged file is an error, never a read outside the data. */
#ifndef MH_COOK_ELF_H
#define MH_COOK_ELF_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

typedef struct cook_elf_needed {
    char **names;  /* "libz.so.1", in the file's order */
    size_t count;
} cook_elf_needed;

/* Reads the needed libraries of the ELF image data[0..len). Returns 1 for an ELF file (needed
 * holds its libraries; none for a static program or an object file), 0 for data that is not
 * ELF (needed is empty), -1 with err set for an ELF file that is damaged (name is the file's
 * name in the message). */
int cook_elf_needed_parse(const uint8_t *data, size_t len, const char *name,
                          cook_elf_needed *needed, mh_error *err);

/* The same for a file (mapped, not read whole). */
int cook_elf_needed_file(const char *path, cook_elf_needed *needed, mh_error *err);

void cook_elf_needed_free(cook_elf_needed *needed);

#endif
