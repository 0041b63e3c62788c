#include "elf_loader.h"

#include <stdbool.h>

#include "lib/elf64.h"
#include "lib/elf_image.h"
#include "lib/kstring.h"
#include "mm/layout.h"
#include "mm/paging.h"
#include "mm/pmm.h"
#include "proc/usercopy.h"
#include "syscall_abi.h"

#define AUXV_NULL 0

static uint64_t segment_flags(uint32_t elf_flags)
{
    uint64_t flags = PTE_USER;
    if (elf_flags & ELF_SEGMENT_WRITABLE)
        flags |= PTE_WRITABLE;
    if (!(elf_flags & ELF_SEGMENT_EXECUTABLE))
        flags |= PTE_NO_EXECUTE;
    return flags;
}

/* The frame behind page, mapped with flags; a page shared with an earlier segment keeps its
 * frame and gets the union of both permissions. Returns 0 on failure. */
static uint64_t prepare_page(uint64_t address_space, uint64_t page, uint64_t flags)
{
    uint64_t frame, existing;
    if (paging_translate(address_space, page, &frame, &existing)) {
        uint64_t merged = (existing | flags) & ~PTE_NO_EXECUTE;
        if ((existing & PTE_NO_EXECUTE) && (flags & PTE_NO_EXECUTE))
            merged |= PTE_NO_EXECUTE;
        paging_set_flags(address_space, page, merged & ~PTE_ADDRESS_MASK);
        return frame & PTE_ADDRESS_MASK;
    }
    frame = pmm_alloc_zeroed();
    if (frame == 0)
        return 0;
    if (paging_map(address_space, page, frame, flags) != 0) {
        pmm_free(frame);
        return 0;
    }
    return frame;
}

static int load_segment(uint64_t address_space, const uint8_t *image,
                        const struct elf64_program_header *segment)
{
    uint64_t flags = segment_flags(segment->flags);
    uint64_t file_end = segment->virtual_address + segment->file_size;
    uint64_t end = segment->virtual_address + segment->memory_size;
    for (uint64_t page = PAGE_ROUND_DOWN(segment->virtual_address); page < end; page += PAGE_SIZE) {
        uint64_t frame = prepare_page(address_space, page, flags);
        if (frame == 0)
            return -MH_ENOMEM;
        uint64_t copy_start = page > segment->virtual_address ? page : segment->virtual_address;
        uint64_t copy_end = page + PAGE_SIZE < file_end ? page + PAGE_SIZE : file_end;
        if (copy_start < copy_end)
            memcpy((uint8_t *)phys_to_virt(frame) + (copy_start - page),
                   image + segment->offset + (copy_start - segment->virtual_address),
                   copy_end - copy_start);
    }
    return 0;
}

static int map_stack(uint64_t address_space)
{
    for (uint64_t page = USER_STACK_TOP - USER_STACK_SIZE; page < USER_STACK_TOP; page += PAGE_SIZE) {
        if (prepare_page(address_space, page, PTE_USER | PTE_WRITABLE | PTE_NO_EXECUTE) == 0)
            return -MH_ENOMEM;
    }
    return 0;
}

/* Writes the argument strings and the argc/argv/envp/auxv block; returns the new stack
 * pointer (16-byte aligned, pointing at argc) or 0 when the arguments do not fit. */
static uint64_t build_initial_stack(uint64_t address_space, const char *const *argv, int argc)
{
    if (argc < 0 || argc > USER_ARGUMENT_LIMIT)
        return 0;
    uint64_t pointers[USER_ARGUMENT_LIMIT + 1];
    uint64_t cursor = USER_STACK_TOP;
    size_t total = 0;
    for (int i = argc - 1; i >= 0; i--) {
        size_t length = strlen(argv[i]) + 1;
        total += length;
        if (total > USER_ARGUMENT_BYTES)
            return 0;
        cursor -= length;
        if (user_write(address_space, cursor, argv[i], length) != 0)
            return 0;
        pointers[i] = cursor;
    }
    pointers[argc] = 0;
    /* argc, argv[0..argc], envp NULL, auxv (AT_NULL, 0). */
    size_t words = 1 + (size_t)argc + 1 + 1 + 2;
    cursor = (cursor - words * 8) & ~0xfull;
    uint64_t block[1 + USER_ARGUMENT_LIMIT + 1 + 1 + 2];
    size_t at = 0;
    block[at++] = (uint64_t)argc;
    for (int i = 0; i <= argc; i++)
        block[at++] = pointers[i];
    block[at++] = 0;
    block[at++] = AUXV_NULL;
    block[at++] = 0;
    if (user_write(address_space, cursor, block, at * 8) != 0)
        return 0;
    return cursor;
}

int elf_load_user(uint64_t address_space, const void *image, uint64_t size,
                  const char *const *argv, int argc, struct user_entry *entry, const char **problem)
{
    static const struct elf_image_limits limits = {
        .lowest_address = USER_IMAGE_LOWEST,
        .highest_address = USER_IMAGE_HIGHEST,
        .max_span = 1ull << 32,
    };
    struct elf_image_layout layout;
    int bad_segment;
    *problem = elf_image_check(image, size, &limits, &layout, &bad_segment);
    if (*problem != NULL)
        return -MH_ENOEXEC;

    unsigned count;
    const struct elf64_program_header *segments = elf_image_segments(image, &count);
    for (unsigned i = 0; i < count; i++) {
        if (segments[i].type != ELF_SEGMENT_LOAD)
            continue;
        int result = load_segment(address_space, image, &segments[i]);
        if (result != 0)
            return result;
    }
    int result = map_stack(address_space);
    if (result != 0)
        return result;
    uint64_t stack_pointer = build_initial_stack(address_space, argv, argc);
    if (stack_pointer == 0)
        return -MH_E2BIG;
    *entry = (struct user_entry){.instruction_pointer = layout.entry, .stack_pointer = stack_pointer};
    return 0;
}
