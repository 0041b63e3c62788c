#include "elf_image.h"

#include <stddef.h>

#include "elf64.h"

#define PAGE_MASK 0xfffull

const struct elf64_program_header *elf_image_segments(const void *data, unsigned *count)
{
    const struct elf64_header *header = data;
    *count = header->program_header_count;
    return (const struct elf64_program_header *)((const uint8_t *)data +
                                                 header->program_headers_offset);
}

static const char *check_header(const struct elf64_header *header, uint64_t size)
{
    if (size < sizeof *header)
        return "file is shorter than an ELF header";
    if (header->ident[0] != ELF_MAGIC0 || header->ident[1] != ELF_MAGIC1 ||
        header->ident[2] != ELF_MAGIC2 || header->ident[3] != ELF_MAGIC3)
        return "not an ELF file (bad magic)";
    if (header->ident[4] != ELF_CLASS_64)
        return "not a 64-bit ELF file";
    if (header->ident[5] != ELF_DATA_LITTLE_ENDIAN)
        return "not a little-endian ELF file";
    if (header->ident[6] != ELF_VERSION_CURRENT || header->version != ELF_VERSION_CURRENT)
        return "unknown ELF version";
    if (header->type != ELF_TYPE_EXECUTABLE)
        return "not an executable (ET_EXEC) ELF file";
    if (header->machine != ELF_MACHINE_X86_64)
        return "not an x86_64 ELF file";
    if (header->program_header_size != sizeof(struct elf64_program_header))
        return "unexpected program header size";
    if (header->program_header_count == 0)
        return "no program headers";
    if (header->program_header_count > ELF_IMAGE_MAX_SEGMENTS)
        return "too many program headers";
    if (header->program_headers_offset % 8 != 0)
        return "misaligned program header table";
    uint64_t table_size = (uint64_t)header->program_header_count * sizeof(struct elf64_program_header);
    if (header->program_headers_offset > size || table_size > size - header->program_headers_offset)
        return "program header table extends past the end of the file";
    return NULL;
}

static const char *check_segment(const struct elf64_program_header *segment, uint64_t size,
                                 const struct elf_image_limits *limits)
{
    if (segment->file_size > segment->memory_size)
        return "segment has more file bytes than memory bytes";
    if (segment->offset > size || segment->file_size > size - segment->offset)
        return "segment extends past the end of the file";
    if (segment->memory_size == 0)
        return "empty loadable segment";
    if (segment->virtual_address < limits->lowest_address ||
        segment->virtual_address >= limits->highest_address ||
        segment->memory_size > limits->highest_address - segment->virtual_address)
        return "segment lies outside the allowed address range";
    if ((segment->flags & ~(uint32_t)(ELF_SEGMENT_EXECUTABLE | ELF_SEGMENT_WRITABLE |
                                      ELF_SEGMENT_READABLE)) != 0)
        return "segment has unknown permission flags";
    return NULL;
}

static int ranges_overlap(const struct elf64_program_header *a, const struct elf64_program_header *b)
{
    return a->virtual_address < b->virtual_address + b->memory_size &&
           b->virtual_address < a->virtual_address + a->memory_size;
}

const char *elf_image_check(const void *data, uint64_t size, const struct elf_image_limits *limits,
                            struct elf_image_layout *layout, int *bad_segment)
{
    *bad_segment = -1;
    if ((uintptr_t)data % 8 != 0)
        return "image is not 8-byte aligned in memory";
    const struct elf64_header *header = data;
    const char *problem = check_header(header, size);
    if (problem != NULL)
        return problem;

    unsigned count;
    const struct elf64_program_header *segments = elf_image_segments(data, &count);
    *layout = (struct elf_image_layout){.span_start = UINT64_MAX, .physical_linear = 1};
    int entry_found = 0;
    for (unsigned i = 0; i < count; i++) {
        const struct elf64_program_header *segment = &segments[i];
        if (segment->type != ELF_SEGMENT_LOAD)
            continue;
        *bad_segment = (int)i;
        problem = check_segment(segment, size, limits);
        if (problem != NULL)
            return problem;
        for (unsigned j = 0; j < i; j++) {
            if (segments[j].type == ELF_SEGMENT_LOAD && ranges_overlap(&segments[j], segment))
                return "segment overlaps an earlier segment";
        }
        uint64_t offset = segment->virtual_address - segment->physical_address;
        if (layout->load_segments == 0)
            layout->physical_offset = offset;
        else if (offset != layout->physical_offset)
            layout->physical_linear = 0;
        uint64_t start = segment->virtual_address & ~PAGE_MASK;
        uint64_t end = segment->virtual_address + segment->memory_size;
        if (end > UINT64_MAX - PAGE_MASK)
            return "segment ends at the top of the address space";
        end = (end + PAGE_MASK) & ~PAGE_MASK;
        if (start < layout->span_start)
            layout->span_start = start;
        if (end > layout->span_end)
            layout->span_end = end;
        if ((segment->flags & ELF_SEGMENT_EXECUTABLE) && header->entry >= segment->virtual_address &&
            header->entry < segment->virtual_address + segment->memory_size)
            entry_found = 1;
        layout->load_segments++;
    }
    *bad_segment = -1;
    if (layout->load_segments == 0)
        return "no loadable segments";
    if (layout->span_end - layout->span_start > limits->max_span)
        return "loadable segments span more memory than allowed";
    if (!entry_found)
        return "entry point is not inside an executable segment";
    if (!layout->physical_linear)
        layout->physical_offset = 0;
    layout->entry = header->entry;
    return NULL;
}
