#include "cook/elf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/strbuf.h"

enum {
    PT_LOAD = 1,
    PT_DYNAMIC = 2,
    DT_NULL = 0,
    DT_NEEDED = 1,
    DT_STRTAB = 5,
    DT_STRSZ = 10,
    PN_XNUM = 0xffff, /* the program header count is in section header 0 */
};

/* Where the fields are in the two classes of the format. */
typedef struct layout {
    size_t header_size;
    size_t phoff, shoff, phentsize, phnum;          /* in the file header */
    size_t ph_size, p_offset, p_vaddr, p_filesz;    /* in a program header */
    size_t sh_size, sh_info;                        /* in a section header */
    size_t word;                                    /* address size; a dynamic entry is two */
} layout;

static const layout LAYOUT32 = {52, 28, 32, 42, 44, 32, 4, 8, 16, 40, 28, 4};
static const layout LAYOUT64 = {64, 32, 40, 54, 56, 56, 8, 16, 32, 64, 44, 8};

typedef struct reader {
    const uint8_t *data;
    size_t len;
    bool big_endian;
    const layout *l;
    const char *name;
    mh_error *err;
} reader;

/* Whether [offset, offset + size) lies within the data (without overflowing). */
static bool inside(const reader *r, uint64_t offset, uint64_t size) {
    return offset <= r->len && size <= r->len - offset;
}

/* An unsigned field of size bytes at offset, which the caller has checked is inside. */
static uint64_t field(const reader *r, uint64_t offset, size_t size) {
    uint64_t v = 0;
    for (size_t i = 0; i < size; i++) {
        size_t at = r->big_endian ? i : size - 1 - i;
        v = (v << 8) | r->data[offset + at];
    }
    return v;
}

static int damaged(const reader *r, const char *what) {
    return mh_error_set(r->err, r->name, 0, 0, "damaged ELF file: %s", what);
}

typedef struct segment {
    uint64_t offset, vaddr, filesz;
} segment;

/* The file offset of a virtual address, and how many bytes of its segment follow it. */
static bool map_address(const segment *loads, size_t count, uint64_t address, uint64_t *offset,
                        uint64_t *available) {
    for (size_t i = 0; i < count; i++) {
        if (address >= loads[i].vaddr && address - loads[i].vaddr < loads[i].filesz) {
            *offset = loads[i].offset + (address - loads[i].vaddr);
            *available = loads[i].filesz - (address - loads[i].vaddr);
            return true;
        }
    }
    return false;
}

static void add_name(cook_elf_needed *needed, const char *name, size_t len) {
    needed->names = mh_xrealloc(needed->names, (needed->count + 1) * sizeof *needed->names);
    needed->names[needed->count++] = mh_xstrndup(name, len);
}

/* The program header count, which PN_XNUM moves into section header 0. */
static int program_header_count(const reader *r, uint64_t *count) {
    const layout *l = r->l;
    *count = field(r, l->phnum, 2);
    if (*count != PN_XNUM)
        return 0;
    uint64_t shoff = field(r, l->shoff, l->word);
    if (!inside(r, shoff, l->sh_size))
        return damaged(r, "the extended program header count lies outside the file");
    *count = field(r, shoff + l->sh_info, 4);
    return 0;
}

/* The dynamic segment's DT_NEEDED entries, resolved in the string table. */
static int read_dynamic(const reader *r, const segment *dynamic, const segment *loads,
                        size_t load_count, cook_elf_needed *needed) {
    const layout *l = r->l;
    if (!inside(r, dynamic->offset, dynamic->filesz))
        return damaged(r, "the dynamic segment lies outside the file");
    uint64_t strtab = 0, strsz = UINT64_MAX;
    bool has_strtab = false;
    size_t needed_count = 0;
    uint64_t entry = 2 * l->word;
    /* Two passes: the string table's address may come after the entries that use it. */
    for (int pass = 0; pass < 2; pass++) {
        for (uint64_t at = 0; at + entry <= dynamic->filesz; at += entry) {
            uint64_t tag = field(r, dynamic->offset + at, l->word);
            uint64_t value = field(r, dynamic->offset + at + l->word, l->word);
            if (tag == DT_NULL)
                break;
            if (pass == 0 && tag == DT_STRTAB) {
                strtab = value;
                has_strtab = true;
            } else if (pass == 0 && tag == DT_STRSZ) {
                strsz = value;
            } else if (pass == 0 && tag == DT_NEEDED) {
                needed_count++;
            } else if (pass == 1 && tag == DT_NEEDED) {
                if (value >= strsz)
                    return damaged(r, "a needed library's name lies outside the string table");
                uint64_t name_offset = strtab + value;
                const uint8_t *start = r->data + name_offset;
                const uint8_t *end = memchr(start, '\0', strsz - value);
                if (!end || end == start)
                    return damaged(r, "a needed library's name is empty or not terminated");
                add_name(needed, (const char *)start, (size_t)(end - start));
            }
        }
        if (pass == 1 || needed_count == 0)
            break;
        uint64_t available;
        if (!has_strtab)
            return damaged(r, "needed libraries but no string table (DT_STRTAB)");
        if (!map_address(loads, load_count, strtab, &strtab, &available))
            return damaged(r, "the string table's address is in no loaded segment");
        if (strsz > available)
            strsz = available;
        if (!inside(r, strtab, strsz))
            strsz = r->len > strtab ? r->len - strtab : 0;
    }
    return 0;
}

int cook_elf_needed_parse(const uint8_t *data, size_t len, const char *name,
                          cook_elf_needed *needed, mh_error *err) {
    memset(needed, 0, sizeof *needed);
    if (len < 4 || memcmp(data, "\x7f" "ELF", 4) != 0)
        return 0;
    reader r = {data, len, false, NULL, name, err};
    if (len < 16)
        return damaged(&r, "the identification is truncated");
    if (data[4] != 1 && data[4] != 2)
        return damaged(&r, "unknown class (neither 32- nor 64-bit)");
    if (data[5] != 1 && data[5] != 2)
        return damaged(&r, "unknown byte order");
    r.l = data[4] == 1 ? &LAYOUT32 : &LAYOUT64;
    r.big_endian = data[5] == 2;
    const layout *l = r.l;
    if (len < l->header_size)
        return damaged(&r, "the file header is truncated");
    uint64_t phoff = field(&r, l->phoff, l->word);
    uint64_t phentsize = field(&r, l->phentsize, 2);
    uint64_t phnum;
    if (program_header_count(&r, &phnum) != 0)
        return -1;
    if (phnum == 0)
        return 1; /* an object file or a core dump: nothing is loaded, nothing needed */
    if (phentsize < l->ph_size)
        return damaged(&r, "program headers are smaller than the format's");
    if (phnum > len / phentsize || !inside(&r, phoff, phnum * phentsize))
        return damaged(&r, "the program headers lie outside the file");
    segment *loads = mh_xcalloc(phnum, sizeof *loads);
    size_t load_count = 0;
    segment dynamic = {0};
    bool has_dynamic = false;
    for (uint64_t i = 0; i < phnum; i++) {
        uint64_t at = phoff + i * phentsize;
        segment s = {field(&r, at + l->p_offset, l->word), field(&r, at + l->p_vaddr, l->word),
                     field(&r, at + l->p_filesz, l->word)};
        uint64_t type = field(&r, at, 4);
        if (type == PT_LOAD)
            loads[load_count++] = s;
        else if (type == PT_DYNAMIC && !has_dynamic) {
            dynamic = s;
            has_dynamic = true;
        }
    }
    int rc = has_dynamic ? read_dynamic(&r, &dynamic, loads, load_count, needed) : 0;
    free(loads);
    if (rc != 0) {
        cook_elf_needed_free(needed);
        return -1;
    }
    return 1;
}

int cook_elf_needed_file(const char *path, cook_elf_needed *needed, mh_error *err) {
    memset(needed, 0, sizeof *needed);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return mh_error_errno(err, path, errno, "cannot open");
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int rc = mh_error_errno(err, path, errno, "cannot stat");
        close(fd);
        return rc;
    }
    uint8_t magic[4];
    if (!S_ISREG(st.st_mode) || st.st_size < 4 || pread(fd, magic, 4, 0) != 4 ||
        memcmp(magic, "\x7f" "ELF", 4) != 0) {
        close(fd);
        return 0;
    }
    void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED)
        return mh_error_errno(err, path, errno, "cannot map");
    int rc = cook_elf_needed_parse(map, (size_t)st.st_size, path, needed, err);
    munmap(map, (size_t)st.st_size);
    return rc;
}

void cook_elf_needed_free(cook_elf_needed *needed) {
    for (size_t i = 0; i < needed->count; i++)
        free(needed->names[i]);
    free(needed->names);
    memset(needed, 0, sizeof *needed);
}
