/* The firmware's memory map and its conversion into the kernel's struct mh_memory_region list. */
#ifndef BOOT_MEMORY_MAP_H
#define BOOT_MEMORY_MAP_H

#include <efi.h>

#include "bootinfo.h"

struct firmware_map {
    UINT8 *buffer;     /* pool memory, capacity bytes */
    UINTN capacity;
    UINTN size;        /* bytes of descriptors from the last fetch */
    UINTN key;
    UINTN descriptor_size;
    UINT32 descriptor_version;
};

/* Allocates a buffer for the current map plus spare_descriptors more (allocations made after
 * this call add descriptors), then fetches the map into it. */
EFI_STATUS firmware_map_create(struct firmware_map *map, UINTN spare_descriptors);

/* Fetches the current map into the existing buffer; allocates nothing, so it may be used
 * between ExitBootServices attempts. */
EFI_STATUS firmware_map_fetch(struct firmware_map *map);

/* How many descriptors the buffer can hold. */
UINTN firmware_map_capacity(const struct firmware_map *map);

/* The end of the highest range that holds RAM or firmware data (not MMIO). */
UINT64 firmware_map_ram_top(const struct firmware_map *map);

void firmware_map_free(struct firmware_map *map);

/* Writes the map as mh_memory_regions (sorted, merged); returns how many, at most capacity.
 * Allocates nothing: safe after ExitBootServices. */
UINTN memory_map_convert(const struct firmware_map *map, struct mh_memory_region *regions, UINTN capacity);

#endif
