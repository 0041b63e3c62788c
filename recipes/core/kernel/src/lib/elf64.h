/* The ELF64 structures and constants the bootloader and the kernel's program loader read
 * (x86_64, little-endian). Written from the System V ABI / ELF-64 object file format. */
#ifndef MH_ELF64_H
#define MH_ELF64_H

#include <stdint.h>

#define ELF_MAGIC0 0x7f
#define ELF_MAGIC1 'E'
#define ELF_MAGIC2 'L'
#define ELF_MAGIC3 'F'
#define ELF_CLASS_64 2
#define ELF_DATA_LITTLE_ENDIAN 1
#define ELF_VERSION_CURRENT 1
#define ELF_TYPE_EXECUTABLE 2
#define ELF_MACHINE_X86_64 62

#define ELF_SEGMENT_LOAD 1
#define ELF_SEGMENT_EXECUTABLE 0x1
#define ELF_SEGMENT_WRITABLE 0x2
#define ELF_SEGMENT_READABLE 0x4

struct elf64_header {
    uint8_t ident[16];
    uint16_t type;
    uint16_t machine;
    uint32_t version;
    uint64_t entry;
    uint64_t program_headers_offset;
    uint64_t section_headers_offset;
    uint32_t flags;
    uint16_t header_size;
    uint16_t program_header_size;
    uint16_t program_header_count;
    uint16_t section_header_size;
    uint16_t section_header_count;
    uint16_t section_names_index;
};

struct elf64_program_header {
    uint32_t type;
    uint32_t flags;
    uint64_t offset;
    uint64_t virtual_address;
    uint64_t physical_address;
    uint64_t file_size;
    uint64_t memory_size;
    uint64_t alignment;
};

_Static_assert(sizeof(struct elf64_header) == 64, "ELF64 header layout");
_Static_assert(sizeof(struct elf64_program_header) == 56, "ELF64 program header layout");

#endif
