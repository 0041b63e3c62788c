/* The hand-over contract between the MACROHARD UEFI bootloader and the x86_64 kernel.
 *
 * Both sides compile this header; the layout is fixed by the static assertions at the end, so a
 * change here is an ABI change: bump MH_BOOT_INFO_VERSION. doc/boot-protocol.md explains the
 * reasoning; this comment is the normative description.
 *
 * Machine state at the kernel's ELF entry point
 *   - 64-bit long mode, CPL 0, RFLAGS.IF = 0, RFLAGS.DF = 0. UEFI boot services have been exited.
 *   - RDI = virtual address (inside the physical map) of a struct mh_boot_info.
 *   - RSP = top of a 64 KiB stack (MH_MEMORY_BOOT_RECLAIMABLE), 16-byte aligned minus 8 (as after
 *     a call); the return address slot holds 0 so frame-pointer backtraces end there.
 *   - GDT, IDT and segment registers are the firmware's: the kernel must load its own GDT and IDT
 *     before it takes an interrupt or hands out any MH_MEMORY_USABLE frame (the firmware's tables
 *     live in such memory).
 *   - CR3 = page tables in MH_MEMORY_BOOT_RECLAIMABLE memory mapping, with 2 MiB pages, read-write,
 *     executable, write-back (MTRRs keep MMIO uncached):
 *       * identity:      virtual p -> physical p            for p in [0, phys_map_size)
 *       * physical map:  MH_PHYS_MAP_BASE + p -> physical p  for p in [0, phys_map_size)
 *     and, with 4 KiB pages, the kernel image: every PT_LOAD segment at its p_vaddr, backed by
 *     physical memory at kernel_phys_base + (p_vaddr - kernel_virt_base). The bootloader places
 *     the image at the segments' p_paddr when that memory is free, anywhere otherwise, so the
 *     kernel must take its physical location from this structure, not from its link addresses.
 *     phys_map_size is at least 4 GiB (covering the local APIC and the usual 32-bit MMIO) and
 *     covers every RAM range of the memory map.
 *   - Every physical address in this structure is below phys_map_size.
 */
#ifndef MH_BOOTINFO_H
#define MH_BOOTINFO_H

#include <stdint.h>

#define MH_BOOT_INFO_MAGIC   0x4f464e49544f4f42ull /* "BOOTINFO" in little-endian bytes */
#define MH_BOOT_INFO_VERSION 1u

/* Where the bootloader maps all physical memory (PML4 slot 256, the start of the higher half). */
#define MH_PHYS_MAP_BASE 0xffff800000000000ull

/* Types of struct mh_memory_region. Only MH_MEMORY_USABLE may be handed out right away. */
enum mh_memory_type {
    MH_MEMORY_USABLE = 1,            /* free RAM (includes the firmware's boot-time memory) */
    MH_MEMORY_RESERVED = 2,          /* not RAM or not ours: MMIO, firmware-reserved, ... */
    MH_MEMORY_ACPI_RECLAIMABLE = 3,  /* ACPI tables; usable once the kernel has parsed them */
    MH_MEMORY_ACPI_NVS = 4,          /* must be preserved across sleep states */
    MH_MEMORY_UNUSABLE = 5,          /* the firmware found errors in this RAM */
    MH_MEMORY_FIRMWARE_RUNTIME = 6,  /* UEFI runtime services code and data */
    MH_MEMORY_KERNEL = 7,            /* the loaded kernel image (all PT_LOAD segments) */
    MH_MEMORY_INITFS = 8,            /* the initfs image (initfs_phys, initfs_size) */
    MH_MEMORY_BOOT_RECLAIMABLE = 9,  /* this structure, the memory map, the command line, the
                                        boot page tables and stack: free once the kernel no
                                        longer needs any of them */
};

struct mh_memory_region {
    uint64_t base;   /* physical, 4 KiB aligned */
    uint64_t length; /* bytes, a multiple of 4 KiB, never 0 */
    uint32_t type;   /* enum mh_memory_type */
    uint32_t reserved; /* 0 */
};

/* Pixel layouts of the framebuffer; every pixel is 4 bytes. */
enum mh_pixel_format {
    MH_PIXEL_NONE = 0,    /* no framebuffer: the other fields of mh_framebuffer are 0 */
    MH_PIXEL_RGBX = 1,    /* byte 0 red, 1 green, 2 blue, 3 unused */
    MH_PIXEL_BGRX = 2,    /* byte 0 blue, 1 green, 2 red, 3 unused */
    MH_PIXEL_BITMASK = 3, /* channel positions given by the masks */
};

struct mh_framebuffer {
    uint64_t phys_base; /* physical address of pixel (0, 0) */
    uint64_t size;      /* bytes of framebuffer memory */
    uint32_t width;     /* visible pixels per line */
    uint32_t height;    /* lines */
    uint32_t stride;    /* pixels from the start of one line to the start of the next */
    uint32_t format;    /* enum mh_pixel_format */
    uint32_t red_mask, green_mask, blue_mask, reserved_mask; /* only for MH_PIXEL_BITMASK */
};

enum mh_rsdp_kind {
    MH_RSDP_NONE = 0, /* no ACPI tables were found */
    MH_RSDP_V1 = 1,   /* ACPI 1.0 RSDP (20 bytes, RSDT only) */
    MH_RSDP_V2 = 2,   /* ACPI 2.0+ RSDP (36 bytes, with XSDT) */
};

struct mh_boot_info {
    uint64_t magic;          /* MH_BOOT_INFO_MAGIC */
    uint32_t version;        /* MH_BOOT_INFO_VERSION */
    uint32_t size;           /* sizeof(struct mh_boot_info) as the bootloader knew it */

    uint64_t phys_map_base;  /* MH_PHYS_MAP_BASE */
    uint64_t phys_map_size;  /* bytes mapped there and identity-mapped; a multiple of 1 GiB */

    uint64_t kernel_phys_base; /* physical address of the image's first page */
    uint64_t kernel_virt_base; /* virtual address of that page (lowest p_vaddr, rounded down) */
    uint64_t kernel_size;      /* bytes from the first to the end of the last segment, page-rounded */

    uint64_t memory_map;       /* physical address of memory_map_count struct mh_memory_region,
                                  sorted by base, not overlapping, neighbours of one type merged */
    uint64_t memory_map_count;

    struct mh_framebuffer framebuffer;

    uint64_t acpi_rsdp;        /* physical address of the RSDP, 0 if none */
    uint32_t acpi_rsdp_kind;   /* enum mh_rsdp_kind */
    uint32_t reserved0;        /* 0 */

    uint64_t initfs_phys;      /* physical address of the initfs image, page aligned */
    uint64_t initfs_size;      /* bytes; the image is never empty */

    uint64_t cmdline;          /* physical address of a NUL-terminated command line (UTF-8) */
    uint64_t cmdline_length;   /* bytes before the NUL; 0 for an empty command line */
};

_Static_assert(sizeof(struct mh_memory_region) == 24, "mh_memory_region layout");
_Static_assert(sizeof(struct mh_framebuffer) == 48, "mh_framebuffer layout");
_Static_assert(sizeof(struct mh_boot_info) == 168, "mh_boot_info layout");
_Static_assert(__builtin_offsetof(struct mh_boot_info, framebuffer) == 72, "mh_boot_info layout");
_Static_assert(__builtin_offsetof(struct mh_boot_info, acpi_rsdp) == 120, "mh_boot_info layout");
_Static_assert(__builtin_offsetof(struct mh_boot_info, cmdline) == 152, "mh_boot_info layout");

#endif
