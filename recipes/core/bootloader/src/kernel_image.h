/* Loading the kernel's ELF64 image into its own physical pages (BOOT_MEMORY_KERNEL). */
#ifndef BOOT_KERNEL_IMAGE_H
#define BOOT_KERNEL_IMAGE_H

#include <efi.h>

#include "file_source.h"

struct loaded_kernel {
    UINT64 entry;
    UINT64 phys_base; /* where virt_base lives physically */
    UINT64 virt_base; /* lowest segment address, page aligned */
    UINT64 size;      /* page-rounded span of all segments */
    BOOLEAN at_link_address; /* placed at the segments' p_paddr */
};

/* Checks the ELF file and copies its segments into a fresh, zeroed block of pages, at the
 * physical addresses the image was linked for when they are free, anywhere otherwise. On
 * failure *problem says what is wrong with the file (or is NULL for a firmware error). */
EFI_STATUS kernel_image_load(const struct loaded_file *file, struct loaded_kernel *kernel,
                             const char **problem, int *bad_segment);

#endif
