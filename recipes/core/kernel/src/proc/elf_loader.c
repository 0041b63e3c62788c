#include "elf_loader.h"

#include <stdbool.h>

#include "lib/elf64.h"
#include "lib/elf_image.h"
#include "arch/x86_64/cpu.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"
#include "mm/layout.h"
#include "mm/paging.h"
#include "mm/pmm.h"
#include "proc/usercopy.h"
#include "syscall_abi.h"


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

#define ELF_SEGMENT_PHDR 6
#define AUXV_ENTRIES 8
#define RANDOM_BYTES 16

/* Where the program headers are in the loaded image (AT_PHDR): the PT_PHDR segment, or the
 * load segment that covers them in the file; 0 when they are not loaded. */
static uint64_t program_headers_address(const void *image)
{
    const struct elf64_header *header = image;
    unsigned count;
    const struct elf64_program_header *segments = elf_image_segments(image, &count);
    for (unsigned i = 0; i < count; i++) {
        if (segments[i].type == ELF_SEGMENT_PHDR)
            return segments[i].virtual_address;
    }
    uint64_t offset = header->program_headers_offset;
    for (unsigned i = 0; i < count; i++) {
        if (segments[i].type == ELF_SEGMENT_LOAD && offset >= segments[i].offset &&
            offset - segments[i].offset < segments[i].file_size)
            return segments[i].virtual_address + (offset - segments[i].offset);
    }
    return 0;
}

/* Unpredictable enough for AT_RANDOM (stack protector canaries, hash seeds): the time stamp
 * counter mixed through xorshift. */
static void random_bytes(uint8_t *bytes, size_t count)
{
    static uint64_t state = 0x853c49e6748fea9bull;
    state ^= cpu_read_timestamp();
    for (size_t i = 0; i < count; i++) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        bytes[i] = (uint8_t)(state >> 32);
    }
}

/* Writes the strings, the random bytes and the argc/argv/envp/auxv block; returns the new
 * stack pointer (16-byte aligned, pointing at argc) or 0 when it does not fit. */
static uint64_t build_initial_stack(uint64_t address_space, const struct exec_arguments *arguments,
                                    const char *execfn, const void *image, uint64_t entry_point)
{
    const struct elf64_header *header = image;
    size_t execfn_length = strlen(execfn) + 1;
    uint64_t cursor = USER_STACK_TOP - execfn_length;
    uint64_t execfn_address = cursor;
    if (user_write(address_space, cursor, execfn, execfn_length) != 0)
        return 0;
    cursor -= arguments->length;
    uint64_t strings_address = cursor;
    if (user_write(address_space, cursor, arguments->strings, arguments->length) != 0)
        return 0;
    uint8_t random[RANDOM_BYTES];
    random_bytes(random, sizeof random);
    cursor = (cursor - sizeof random) & ~0xfull;
    uint64_t random_address = cursor;
    if (user_write(address_space, cursor, random, sizeof random) != 0)
        return 0;

    size_t strings = (size_t)arguments->argc + (size_t)arguments->envc;
    size_t words = 1 + strings + 2 + 2 * AUXV_ENTRIES;
    if (words * 8 + (USER_STACK_TOP - cursor) > USER_STACK_SIZE / 2)
        return 0;
    uint64_t *block = kmalloc(words * sizeof *block);
    if (block == NULL)
        return 0;
    size_t at = 0;
    block[at++] = (uint64_t)arguments->argc;
    uint64_t string = strings_address;
    for (int vector = 0; vector < 2; vector++) {
        int count = vector == 0 ? arguments->argc : arguments->envc;
        for (int i = 0; i < count; i++) {
            block[at++] = string;
            string += strlen(arguments->strings + (string - strings_address)) + 1;
        }
        block[at++] = 0;
    }
    const uint64_t auxv[2 * AUXV_ENTRIES] = {
        MH_AT_PHDR, program_headers_address(image),
        MH_AT_PHENT, sizeof(struct elf64_program_header),
        MH_AT_PHNUM, header->program_header_count,
        MH_AT_PAGESZ, PAGE_SIZE,
        MH_AT_ENTRY, entry_point,
        MH_AT_RANDOM, random_address,
        MH_AT_EXECFN, execfn_address,
        MH_AT_NULL, 0,
    };
    for (size_t i = 0; i < 2 * AUXV_ENTRIES; i++)
        block[at++] = auxv[i];
    cursor = (cursor - at * 8) & ~0xfull;
    int result = user_write(address_space, cursor, block, at * 8);
    kfree(block);
    return result == 0 ? cursor : 0;
}

int elf_load_user(uint64_t address_space, const void *image, uint64_t size,
                  const struct exec_arguments *arguments, const char *execfn, struct user_entry *entry,
                  const char **problem)
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
    uint64_t stack_pointer = build_initial_stack(address_space, arguments, execfn, image, layout.entry);
    if (stack_pointer == 0)
        return -MH_E2BIG;
    *entry = (struct user_entry){.instruction_pointer = layout.entry, .stack_pointer = stack_pointer};
    return 0;
}
