/* UEFI memory types (from the range UEFI reserves for OS loaders, 0x80000000 and up) that tag
 * what the bootloader allocates for the kernel, so the final UEFI memory map already says which
 * pages the kernel must keep; memory_map.c turns them into enum mh_memory_type. */
#ifndef BOOT_MEMORY_TYPES_H
#define BOOT_MEMORY_TYPES_H

#define BOOT_MEMORY_KERNEL 0x80000001u          /* -> MH_MEMORY_KERNEL */
#define BOOT_MEMORY_INITFS 0x80000002u          /* -> MH_MEMORY_INITFS */
#define BOOT_MEMORY_BOOT_RECLAIMABLE 0x80000003u /* -> MH_MEMORY_BOOT_RECLAIMABLE */
/* The live variant's RAM copy of the RedoxFS volume. -> MH_MEMORY_RESERVED, so the kernel keeps
 * it, until bootinfo.h has a type of its own for it. */
#define BOOT_MEMORY_LIVE_DISK 0x80000004u

#define BOOT_PAGE_SIZE 4096u
#define BOOT_PAGES(bytes) (((bytes) + BOOT_PAGE_SIZE - 1) / BOOT_PAGE_SIZE)

#endif
