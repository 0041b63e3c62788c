/* The page tables the kernel is entered with: identity map, physical map at MH_PHYS_MAP_BASE
 * (both 2 MiB pages over [0, phys_map_size)) and the kernel image with 4 KiB pages. */
#ifndef BOOT_PAGE_TABLES_H
#define BOOT_PAGE_TABLES_H

#include <efi.h>

#include "kernel_image.h"

/* The largest physical map one page-directory-pointer table can describe. */
#define BOOT_PHYS_MAP_LIMIT (512ull << 30)

/* Allocates (BOOT_MEMORY_BOOT_RECLAIMABLE) and fills the tables; *pml4 receives the value for
 * CR3. phys_map_size must be a non-zero multiple of 1 GiB, at most BOOT_PHYS_MAP_LIMIT. */
EFI_STATUS page_tables_build(UINT64 phys_map_size, const struct loaded_kernel *kernel, UINT64 *pml4);

#endif
