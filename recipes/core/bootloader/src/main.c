/* The MACROHARD UEFI bootloader: loads /boot/kernel and /boot/initfs, describes the machine in
 * a struct mh_boot_info (see the kernel's include/bootinfo.h), exits boot services and enters
 * the kernel. Any missing piece stops the boot with a message on screen and on COM1. Built with
 * BOOT_LIVE (bootloader-live.efi) it first copies the whole RedoxFS volume into RAM and boots
 * from that copy (live_disk.h). */
#include <efi.h>
#include <efilib.h>

#include "acpi.h"
#include "bootinfo.h"
#include "file_source.h"
#include "framebuffer.h"
#include "kernel_image.h"
#include "log.h"
#include "memory_map.h"
#include "memory_types.h"
#include "page_tables.h"
#ifdef BOOT_LIVE
#include "live_disk.h"
/* Room the bootloader keeps at the end of the command line for words of its own. */
#define CMDLINE_BOOTLOADER_ROOM LIVE_DISK_ARGUMENT_MAX
#else
#define CMDLINE_BOOTLOADER_ROOM 0u
#endif

#define KERNEL_PATH "/boot/kernel"
#define INITFS_PATH "/boot/initfs"
#define CMDLINE_PATH "/boot/cmdline"
#define BOOT_STACK_SIZE (64u * 1024)
#define GIB (1ull << 30)
#define MIN_PHYS_MAP_SIZE (4 * GIB)
/* Descriptors the firmware may add between sizing the memory map and exiting boot services. */
#define SPARE_DESCRIPTORS 64
#define EXIT_ATTEMPTS 3

void handoff_enter_kernel(UINT64 pml4, UINT64 entry, UINT64 boot_info, UINT64 stack_top)
    __attribute__((noreturn));
EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *system_table);

static EFI_STATUS report_read_failure(EFI_STATUS status, const char *path)
{
    const char *problem = file_source_problem();
    if (problem != NULL)
        return log_fatal(status, "cannot read %s from the %s: %s", path, file_source_description(),
                         problem);
    return log_fatal(status, "cannot read %s from the %s", path, file_source_description());
}

static EFI_STATUS load_required_file(const char *path, UINT32 memory_type, struct loaded_file *file)
{
    EFI_STATUS status = file_source_load(path, memory_type, file);
    if (status == EFI_NOT_FOUND)
        return log_fatal(status, "%s is missing on the %s", path, file_source_description());
    if (EFI_ERROR(status))
        return report_read_failure(status, path);
    if (file->size == 0) {
        BS->FreePages(file->address, file->pages);
        return log_fatal(EFI_LOAD_ERROR, "%s on the %s is empty", path, file_source_description());
    }
    return EFI_SUCCESS;
}

static EFI_STATUS load_kernel(struct loaded_kernel *kernel)
{
    struct loaded_file file;
    EFI_STATUS status = load_required_file(KERNEL_PATH, EfiLoaderData, &file);
    if (EFI_ERROR(status))
        return status;
    const char *problem = NULL;
    int bad_segment = -1;
    status = kernel_image_load(&file, kernel, &problem, &bad_segment);
    BS->FreePages(file.address, file.pages);
    if (problem != NULL && bad_segment >= 0)
        return log_fatal(status, "%s is not a usable kernel: program header %d: %s", KERNEL_PATH,
                         bad_segment, problem);
    if (problem != NULL)
        return log_fatal(status, "%s is not a usable kernel: %s", KERNEL_PATH, problem);
    if (EFI_ERROR(status))
        return log_fatal(status, "cannot allocate %llu KiB for the kernel",
                         (unsigned long long)(kernel->size / 1024));
    log_info("kernel: %llu KiB at physical 0x%llx (%s), entry 0x%llx",
             (unsigned long long)(kernel->size / 1024), (unsigned long long)kernel->phys_base,
             kernel->at_link_address ? "its link address" : "relocated: link address busy",
             (unsigned long long)kernel->entry);
    return EFI_SUCCESS;
}

static BOOLEAN is_trailing_space(char c)
{
    return c == '\n' || c == '\r' || c == ' ' || c == '\t';
}

/* The optional command line file; written NUL-terminated into destination. */
static EFI_STATUS load_command_line(char *destination, UINTN capacity, UINT64 *length)
{
    struct loaded_file file;
    *length = 0;
    destination[0] = '\0';
    EFI_STATUS status = file_source_load(CMDLINE_PATH, EfiLoaderData, &file);
    if (status == EFI_NOT_FOUND)
        return EFI_SUCCESS;
    if (EFI_ERROR(status))
        return report_read_failure(status, CMDLINE_PATH);
    const char *text = (const char *)(UINTN)file.address;
    UINT64 size = file.size;
    while (size > 0 && is_trailing_space(text[size - 1]))
        size--;
    for (UINT64 i = 0; i < size; i++) {
        if (text[i] == '\0' || text[i] == '\n') {
            BS->FreePages(file.address, file.pages);
            return log_fatal(EFI_INVALID_PARAMETER, "%s must be one line of text", CMDLINE_PATH);
        }
    }
    if (size >= capacity) {
        BS->FreePages(file.address, file.pages);
        return log_fatal(EFI_BAD_BUFFER_SIZE, "%s is longer than %llu bytes", CMDLINE_PATH,
                         (unsigned long long)(capacity - 1));
    }
    BS->CopyMem(destination, (void *)text, size);
    destination[size] = '\0';
    *length = size;
    BS->FreePages(file.address, file.pages);
    return EFI_SUCCESS;
}

/* At least 4 GiB (local APIC, 32-bit MMIO) and all RAM, in whole GiB. */
static EFI_STATUS choose_phys_map_size(UINT64 *size)
{
    struct firmware_map map;
    EFI_STATUS status = firmware_map_create(&map, 0);
    if (EFI_ERROR(status))
        return log_fatal(status, "cannot read the firmware memory map");
    UINT64 top = firmware_map_ram_top(&map);
    firmware_map_free(&map);
    if (top < MIN_PHYS_MAP_SIZE)
        top = MIN_PHYS_MAP_SIZE;
    top = (top + GIB - 1) & ~(GIB - 1);
    if (top > BOOT_PHYS_MAP_LIMIT)
        return log_fatal(EFI_UNSUPPORTED, "physical memory reaches 0x%llx; at most %llu GiB is supported",
                         (unsigned long long)top, (unsigned long long)(BOOT_PHYS_MAP_LIMIT / GIB));
    *size = top;
    return EFI_SUCCESS;
}

static EFI_STATUS allocate_reclaimable(UINTN bytes, EFI_PHYSICAL_ADDRESS *address)
{
    *address = 0;
    EFI_STATUS status = BS->AllocatePages(AllocateAnyPages,
                                          (EFI_MEMORY_TYPE)BOOT_MEMORY_BOOT_RECLAIMABLE,
                                          BOOT_PAGES(bytes), address);
    if (!EFI_ERROR(status))
        BS->SetMem((void *)(UINTN)*address, BOOT_PAGES(bytes) * BOOT_PAGE_SIZE, 0);
    return status;
}

/* Fetches the final memory map and exits boot services, retrying when the map changed in
 * between (ExitBootServices then fails with EFI_INVALID_PARAMETER). */
static EFI_STATUS exit_boot_services(EFI_HANDLE image, struct firmware_map *map)
{
    EFI_STATUS status = EFI_SUCCESS;
    for (int attempt = 0; attempt < EXIT_ATTEMPTS; attempt++) {
        status = firmware_map_fetch(map);
        if (EFI_ERROR(status))
            return status;
        status = BS->ExitBootServices(image, map->key);
        if (status != EFI_INVALID_PARAMETER)
            return status;
    }
    return status;
}

static UINT64 phys_map_address(EFI_PHYSICAL_ADDRESS physical)
{
    return MH_PHYS_MAP_BASE + physical;
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *system_table)
{
    InitializeLib(image, system_table);
    /* The firmware watchdog would reset the machine after 5 minutes in a slow loader. */
    BS->SetWatchdogTimer(0, 0, 0, NULL);
    log_init();
    log_info("MACROHARD bootloader");

    EFI_STATUS status = file_source_open(image);
    if (EFI_ERROR(status) && file_source_problem() != NULL)
        return log_fatal(status, "cannot open the %s: %s", file_source_description(),
                         file_source_problem());
    if (status == EFI_NOT_FOUND)
        return log_fatal(status, "no %s found on any disk", file_source_description());
    if (EFI_ERROR(status))
        return log_fatal(status, "cannot open the %s", file_source_description());
#ifdef BOOT_LIVE
    struct loaded_file live_disk;
    status = live_disk_load(&live_disk);
    if (EFI_ERROR(status))
        return status;
#endif
    log_info("reading files from the %s", file_source_description());

    struct loaded_kernel kernel;
    status = load_kernel(&kernel);
    if (EFI_ERROR(status))
        return status;
    struct loaded_file initfs;
    status = load_required_file(INITFS_PATH, BOOT_MEMORY_INITFS, &initfs);
    if (EFI_ERROR(status))
        return status;
    log_info("initfs: %llu bytes at physical 0x%llx", (unsigned long long)initfs.size,
             (unsigned long long)initfs.address);

    EFI_PHYSICAL_ADDRESS info_page;
    status = allocate_reclaimable(BOOT_PAGE_SIZE, &info_page);
    if (EFI_ERROR(status))
        return log_fatal(status, "cannot allocate the boot information page");
    struct mh_boot_info *info = (struct mh_boot_info *)(UINTN)info_page;
    char *cmdline = (char *)(info + 1);
    UINT64 cmdline_length;
    UINTN cmdline_capacity = BOOT_PAGE_SIZE - sizeof *info;
    status = load_command_line(cmdline, cmdline_capacity - CMDLINE_BOOTLOADER_ROOM, &cmdline_length);
    if (EFI_ERROR(status))
        return status;
#ifdef BOOT_LIVE
    live_disk_append_argument(&live_disk, cmdline, cmdline_capacity, &cmdline_length);
#endif
    file_source_close();
    log_info("command line: \"%s\"", cmdline);

    *info = (struct mh_boot_info){
        .magic = MH_BOOT_INFO_MAGIC,
        .version = MH_BOOT_INFO_VERSION,
        .size = sizeof *info,
        .phys_map_base = MH_PHYS_MAP_BASE,
        .kernel_phys_base = kernel.phys_base,
        .kernel_virt_base = kernel.virt_base,
        .kernel_size = kernel.size,
        .initfs_phys = initfs.address,
        .initfs_size = initfs.size,
        .cmdline = (UINT64)(UINTN)cmdline,
        .cmdline_length = cmdline_length,
    };
    framebuffer_setup(&info->framebuffer);
    acpi_find_rsdp(&info->acpi_rsdp, &info->acpi_rsdp_kind);
    if (info->acpi_rsdp_kind == MH_RSDP_NONE)
        log_warning("no ACPI tables found");
    else
        log_info("ACPI %s RSDP at 0x%llx", info->acpi_rsdp_kind == MH_RSDP_V2 ? "2.0+" : "1.0",
                 (unsigned long long)info->acpi_rsdp);

    status = choose_phys_map_size(&info->phys_map_size);
    if (EFI_ERROR(status))
        return status;
    UINT64 pml4;
    status = page_tables_build(info->phys_map_size, &kernel, &pml4);
    if (EFI_ERROR(status))
        return log_fatal(status, "cannot build the kernel's page tables");
    EFI_PHYSICAL_ADDRESS stack;
    status = allocate_reclaimable(BOOT_STACK_SIZE, &stack);
    if (EFI_ERROR(status))
        return log_fatal(status, "cannot allocate the kernel's boot stack");

    struct firmware_map map;
    status = firmware_map_create(&map, SPARE_DESCRIPTORS);
    if (EFI_ERROR(status))
        return log_fatal(status, "cannot read the firmware memory map");
    UINTN region_capacity = firmware_map_capacity(&map);
    EFI_PHYSICAL_ADDRESS regions_address;
    status = allocate_reclaimable(region_capacity * sizeof(struct mh_memory_region), &regions_address);
    if (EFI_ERROR(status))
        return log_fatal(status, "cannot allocate the kernel's memory map");

    log_info("starting the kernel");
    log_boot_services_ending();
    status = exit_boot_services(image, &map);
    if (EFI_ERROR(status))
        return log_fatal(status, "cannot exit the firmware's boot services");

    struct mh_memory_region *regions = (struct mh_memory_region *)(UINTN)regions_address;
    info->memory_map = regions_address;
    info->memory_map_count = memory_map_convert(&map, regions, region_capacity);
    log_info("boot services exited; %llu memory regions; entering the kernel",
             (unsigned long long)info->memory_map_count);
    handoff_enter_kernel(pml4, kernel.entry, phys_map_address(info_page),
                         phys_map_address(stack + BOOT_STACK_SIZE));
}
