#include "kernel_image.h"

#include <efilib.h>

#include "elf64.h"
#include "elf_image.h"
#include "memory_types.h"

/* -mcmodel=kernel code lives in the top 2 GiB; the very last page stays unmapped. */
#define KERNEL_LOWEST_ADDRESS 0xffffffff80000000ull
#define KERNEL_HIGHEST_ADDRESS 0xfffffffffffff000ull
#define KERNEL_MAX_SPAN (256ull * 1024 * 1024)

static EFI_STATUS allocate_kernel_pages(const struct elf_image_layout *layout, UINTN pages,
                                        struct loaded_kernel *kernel)
{
    EFI_PHYSICAL_ADDRESS address;
    if (layout->physical_linear) {
        address = layout->span_start - layout->physical_offset;
        if (address % BOOT_PAGE_SIZE == 0 &&
            !EFI_ERROR(BS->AllocatePages(AllocateAddress, (EFI_MEMORY_TYPE)BOOT_MEMORY_KERNEL,
                                         pages, &address))) {
            kernel->phys_base = address;
            kernel->at_link_address = TRUE;
            return EFI_SUCCESS;
        }
    }
    address = 0;
    EFI_STATUS status = BS->AllocatePages(AllocateAnyPages, (EFI_MEMORY_TYPE)BOOT_MEMORY_KERNEL,
                                          pages, &address);
    if (EFI_ERROR(status))
        return status;
    kernel->phys_base = address;
    kernel->at_link_address = FALSE;
    return EFI_SUCCESS;
}

EFI_STATUS kernel_image_load(const struct loaded_file *file, struct loaded_kernel *kernel,
                             const char **problem, int *bad_segment)
{
    const void *data = (const void *)(UINTN)file->address;
    static const struct elf_image_limits limits = {
        .lowest_address = KERNEL_LOWEST_ADDRESS,
        .highest_address = KERNEL_HIGHEST_ADDRESS,
        .max_span = KERNEL_MAX_SPAN,
    };
    struct elf_image_layout layout;
    *problem = elf_image_check(data, file->size, &limits, &layout, bad_segment);
    if (*problem != NULL)
        return EFI_LOAD_ERROR;

    UINT64 size = layout.span_end - layout.span_start;
    UINTN pages = BOOT_PAGES(size);
    EFI_STATUS status = allocate_kernel_pages(&layout, pages, kernel);
    if (EFI_ERROR(status))
        return status;
    UINT8 *block = (UINT8 *)(UINTN)kernel->phys_base;
    BS->SetMem(block, size, 0);

    unsigned count;
    const struct elf64_program_header *segments = elf_image_segments(data, &count);
    for (unsigned i = 0; i < count; i++) {
        if (segments[i].type != ELF_SEGMENT_LOAD)
            continue;
        BS->CopyMem(block + (segments[i].virtual_address - layout.span_start),
                    (UINT8 *)data + segments[i].offset, segments[i].file_size);
    }
    kernel->entry = layout.entry;
    kernel->virt_base = layout.span_start;
    kernel->size = size;
    return EFI_SUCCESS;
}
