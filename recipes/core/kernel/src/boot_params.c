#include "boot_params.h"

#include "console.h"
#include "lib/kstring.h"
#include "mm/layout.h"

static bool inside_phys_map(const struct mh_boot_info *info, uint64_t base, uint64_t length)
{
    return base <= info->phys_map_size && length <= info->phys_map_size - base;
}

const char *boot_params_take(const struct mh_boot_info *info, struct boot_params *params)
{
    if (info->magic != MH_BOOT_INFO_MAGIC)
        return "bad magic number (not a MACROHARD bootloader?)";
    if (info->version != MH_BOOT_INFO_VERSION)
        return "unsupported boot information version";
    if (info->size < sizeof *info)
        return "boot information structure is too short";
    if (info->phys_map_base != MH_PHYS_MAP_BASE)
        return "physical memory is mapped at an unexpected address";
    if (info->memory_map_count == 0 || info->memory_map_count > BOOT_REGION_LIMIT)
        return "memory map is empty or has too many regions";
    if (!inside_phys_map(info, info->memory_map, info->memory_map_count * sizeof(struct mh_memory_region)))
        return "memory map lies outside mapped memory";
    if (info->cmdline_length >= BOOT_CMDLINE_LIMIT || !inside_phys_map(info, info->cmdline, info->cmdline_length + 1))
        return "command line is too long or lies outside mapped memory";
    if (info->initfs_size == 0 || !inside_phys_map(info, info->initfs_phys, info->initfs_size) ||
        info->initfs_phys % PAGE_SIZE != 0)
        return "initfs is missing or misplaced";

    memcpy(params->regions, phys_to_virt(info->memory_map),
           info->memory_map_count * sizeof(struct mh_memory_region));
    params->region_count = info->memory_map_count;
    for (size_t i = 0; i < params->region_count; i++) {
        if (params->regions[i].base % PAGE_SIZE != 0 || params->regions[i].length % PAGE_SIZE != 0 ||
            params->regions[i].length == 0)
            return "memory map has a region that is not page aligned";
        if (i > 0 && params->regions[i].base < params->regions[i - 1].base + params->regions[i - 1].length)
            return "memory map regions overlap or are not sorted";
    }
    memcpy(params->cmdline, phys_to_virt(info->cmdline), info->cmdline_length);
    params->cmdline[info->cmdline_length] = '\0';
    params->framebuffer = info->framebuffer;
    params->acpi_rsdp = info->acpi_rsdp;
    params->acpi_rsdp_kind = info->acpi_rsdp_kind;
    params->initfs_phys = info->initfs_phys;
    params->initfs_size = info->initfs_size;
    return NULL;
}

bool boot_params_has_word(const struct boot_params *params, const char *word)
{
    size_t length = strlen(word);
    const char *cursor = params->cmdline;
    while (*cursor != '\0') {
        while (*cursor == ' ')
            cursor++;
        const char *start = cursor;
        while (*cursor != '\0' && *cursor != ' ')
            cursor++;
        if ((size_t)(cursor - start) == length && memcmp(start, word, length) == 0)
            return true;
    }
    return false;
}

static const char *region_name(uint32_t type)
{
    switch (type) {
    case MH_MEMORY_USABLE: return "usable";
    case MH_MEMORY_RESERVED: return "reserved";
    case MH_MEMORY_ACPI_RECLAIMABLE: return "ACPI tables";
    case MH_MEMORY_ACPI_NVS: return "ACPI NVS";
    case MH_MEMORY_UNUSABLE: return "unusable";
    case MH_MEMORY_FIRMWARE_RUNTIME: return "firmware runtime";
    case MH_MEMORY_KERNEL: return "kernel";
    case MH_MEMORY_INITFS: return "initfs";
    case MH_MEMORY_BOOT_RECLAIMABLE: return "boot (reclaimable)";
    default: return "unknown";
    }
}

void boot_params_print(const struct boot_params *params)
{
    kprintf("memory map (%zu regions):\n", params->region_count);
    uint64_t usable = 0;
    for (size_t i = 0; i < params->region_count; i++) {
        const struct mh_memory_region *region = &params->regions[i];
        kprintf("  %016llx-%016llx %s\n", (unsigned long long)region->base,
                (unsigned long long)(region->base + region->length - 1), region_name(region->type));
        if (region->type == MH_MEMORY_USABLE)
            usable += region->length;
    }
    kprintf("usable memory: %llu KiB\n", (unsigned long long)(usable / 1024));
    if (params->framebuffer.format != MH_PIXEL_NONE)
        kprintf("framebuffer: %ux%u at %p\n", params->framebuffer.width, params->framebuffer.height,
                (void *)params->framebuffer.phys_base);
    else
        kprintf("framebuffer: none\n");
    kprintf("ACPI RSDP: %p (kind %u)\n", (void *)params->acpi_rsdp, params->acpi_rsdp_kind);
    kprintf("initfs: %llu bytes at %p\n", (unsigned long long)params->initfs_size,
            (void *)params->initfs_phys);
    kprintf("command line: \"%s\"\n", params->cmdline);
}
