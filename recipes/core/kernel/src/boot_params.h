/* What the kernel keeps from the bootloader's struct mh_boot_info. The original lives in
 * boot-reclaimable memory, so it is checked and copied before that memory is reused. */
#ifndef KERNEL_BOOT_PARAMS_H
#define KERNEL_BOOT_PARAMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bootinfo.h"

#define BOOT_REGION_LIMIT 256
#define BOOT_CMDLINE_LIMIT 1024

struct boot_params {
    struct mh_memory_region regions[BOOT_REGION_LIMIT];
    size_t region_count;
    struct mh_framebuffer framebuffer;
    uint64_t acpi_rsdp;
    uint32_t acpi_rsdp_kind;
    uint64_t initfs_phys;
    uint64_t initfs_size;
    char cmdline[BOOT_CMDLINE_LIMIT];
};

/* Checks and copies; returns NULL, or what is wrong with the boot information. */
const char *boot_params_take(const struct mh_boot_info *info, struct boot_params *params);

/* Whether the command line contains word as a whole space-separated word. */
bool boot_params_has_word(const struct boot_params *params, const char *word);

/* Prints the memory map and the other hand-over facts. */
void boot_params_print(const struct boot_params *params);

#endif
