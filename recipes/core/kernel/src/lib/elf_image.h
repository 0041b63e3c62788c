/* Validation of an ELF64 x86_64 executable held in memory, before anything is loaded from it.
 * Shared by the bootloader (the kernel image) and the kernel (user programs): every offset,
 * size and address is checked against the file and the caller's address window, so a damaged
 * or hostile file is refused with a reason instead of being half-loaded. */
#ifndef MH_ELF_IMAGE_H
#define MH_ELF_IMAGE_H

#include <stdint.h>

#define ELF_IMAGE_MAX_SEGMENTS 32

struct elf_image_limits {
    uint64_t lowest_address;  /* every PT_LOAD segment must lie in [lowest, highest) */
    uint64_t highest_address;
    uint64_t max_span;        /* bound on the page-rounded span of all segments */
};

struct elf_image_layout {
    uint64_t entry;
    uint64_t span_start;      /* lowest segment address rounded down to 4 KiB */
    uint64_t span_end;        /* highest segment end rounded up to 4 KiB */
    uint64_t physical_offset; /* p_vaddr - p_paddr, the same for every segment (or 0 if not) */
    int physical_linear;      /* 1 when all segments share physical_offset */
    unsigned load_segments;
};

/* Checks the image; returns NULL and fills layout when it can be loaded, otherwise a message
 * naming the problem (*bad_segment is the program header index involved, or -1). */
const char *elf_image_check(const void *data, uint64_t size, const struct elf_image_limits *limits,
                            struct elf_image_layout *layout, int *bad_segment);

/* The program headers of a checked image. */
const struct elf64_program_header *elf_image_segments(const void *data, unsigned *count);

#endif
