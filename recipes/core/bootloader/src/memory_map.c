#include "memory_map.h"

#include <efilib.h>

#include "memory_types.h"

static const EFI_MEMORY_DESCRIPTOR *descriptor_at(const struct firmware_map *map, UINTN index)
{
    return (const EFI_MEMORY_DESCRIPTOR *)(map->buffer + index * map->descriptor_size);
}

static UINTN descriptor_count(const struct firmware_map *map)
{
    return map->size / map->descriptor_size;
}

EFI_STATUS firmware_map_create(struct firmware_map *map, UINTN spare_descriptors)
{
    *map = (struct firmware_map){0};
    UINTN size = 0;
    EFI_STATUS status = BS->GetMemoryMap(&size, NULL, &map->key, &map->descriptor_size,
                                         &map->descriptor_version);
    if (status != EFI_BUFFER_TOO_SMALL)
        return EFI_ERROR(status) ? status : EFI_DEVICE_ERROR;
    if (map->descriptor_size < sizeof(EFI_MEMORY_DESCRIPTOR))
        return EFI_UNSUPPORTED;
    /* The pool allocation below can itself add a descriptor or two. */
    map->capacity = size + (spare_descriptors + 4) * map->descriptor_size;
    status = BS->AllocatePool(EfiLoaderData, map->capacity, (void **)&map->buffer);
    if (EFI_ERROR(status))
        return status;
    status = firmware_map_fetch(map);
    if (EFI_ERROR(status))
        firmware_map_free(map);
    return status;
}

EFI_STATUS firmware_map_fetch(struct firmware_map *map)
{
    map->size = map->capacity;
    return BS->GetMemoryMap(&map->size, (EFI_MEMORY_DESCRIPTOR *)map->buffer, &map->key,
                            &map->descriptor_size, &map->descriptor_version);
}

UINTN firmware_map_capacity(const struct firmware_map *map)
{
    return map->capacity / map->descriptor_size;
}

void firmware_map_free(struct firmware_map *map)
{
    if (map->buffer != NULL)
        BS->FreePool(map->buffer);
    map->buffer = NULL;
}

static UINT32 region_type(UINT32 firmware_type)
{
    switch (firmware_type) {
    case EfiLoaderCode:
    case EfiLoaderData:
    case EfiBootServicesCode:
    case EfiBootServicesData:
    case EfiConventionalMemory:
        return MH_MEMORY_USABLE;
    case EfiACPIReclaimMemory:
        return MH_MEMORY_ACPI_RECLAIMABLE;
    case EfiACPIMemoryNVS:
        return MH_MEMORY_ACPI_NVS;
    case EfiUnusableMemory:
        return MH_MEMORY_UNUSABLE;
    case EfiRuntimeServicesCode:
    case EfiRuntimeServicesData:
        return MH_MEMORY_FIRMWARE_RUNTIME;
    case BOOT_MEMORY_KERNEL:
        return MH_MEMORY_KERNEL;
    case BOOT_MEMORY_INITFS:
        return MH_MEMORY_INITFS;
    case BOOT_MEMORY_BOOT_RECLAIMABLE:
        return MH_MEMORY_BOOT_RECLAIMABLE;
    case BOOT_MEMORY_LIVE_DISK:
        return MH_MEMORY_RESERVED;
    default: /* MMIO, port space, PAL code, persistent memory, firmware-reserved, unknown */
        return MH_MEMORY_RESERVED;
    }
}

static BOOLEAN is_memory_mapped_io(UINT32 firmware_type)
{
    return firmware_type == EfiMemoryMappedIO || firmware_type == EfiMemoryMappedIOPortSpace;
}

UINT64 firmware_map_ram_top(const struct firmware_map *map)
{
    UINT64 top = 0;
    for (UINTN i = 0; i < descriptor_count(map); i++) {
        const EFI_MEMORY_DESCRIPTOR *descriptor = descriptor_at(map, i);
        if (is_memory_mapped_io(descriptor->Type) || descriptor->Type == EfiReservedMemoryType)
            continue;
        UINT64 end = descriptor->PhysicalStart + descriptor->NumberOfPages * BOOT_PAGE_SIZE;
        if (end > top)
            top = end;
    }
    return top;
}

UINTN memory_map_convert(const struct firmware_map *map, struct mh_memory_region *regions, UINTN capacity)
{
    UINTN count = 0;
    for (UINTN i = 0; i < descriptor_count(map) && count < capacity; i++) {
        const EFI_MEMORY_DESCRIPTOR *descriptor = descriptor_at(map, i);
        if (descriptor->NumberOfPages == 0)
            continue;
        struct mh_memory_region region = {
            .base = descriptor->PhysicalStart,
            .length = descriptor->NumberOfPages * BOOT_PAGE_SIZE,
            .type = region_type(descriptor->Type),
        };
        /* Insertion sort by base: the firmware does not promise any order. */
        UINTN position = count;
        while (position > 0 && regions[position - 1].base > region.base) {
            regions[position] = regions[position - 1];
            position--;
        }
        regions[position] = region;
        count++;
    }
    UINTN merged = 0;
    for (UINTN i = 0; i < count; i++) {
        struct mh_memory_region *previous = merged > 0 ? &regions[merged - 1] : NULL;
        if (previous != NULL && previous->type == regions[i].type &&
            previous->base + previous->length == regions[i].base)
            previous->length += regions[i].length;
        else
            regions[merged++] = regions[i];
    }
    return merged;
}
