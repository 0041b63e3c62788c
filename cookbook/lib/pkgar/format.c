#include "pkgar/format.h"

#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"

static void put_u32(uint8_t *p, uint32_t v) {
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void put_u64(uint8_t *p, uint64_t v) {
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get_u32(const uint8_t *p) {
    uint32_t v = 0;
    for (int i = 3; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

static uint64_t get_u64(const uint8_t *p) {
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

uint64_t pkgar_head_size(uint32_t count) {
    return PKGAR_HEADER_SIZE + (uint64_t)PKGAR_ENTRY_SIZE * count;
}

void pkgar_header_encode(const pkgar_header *header, uint8_t out[PKGAR_HEADER_SIZE]) {
    memcpy(out, header->signature, 64);
    memcpy(out + 64, header->public_key, 32);
    memcpy(out + 96, header->entries_hash, 32);
    put_u32(out + 128, header->count);
    out[132] = header->data_version;
    out[133] = header->architecture;
    out[134] = header->packaging;
    out[135] = header->reserved;
}

void pkgar_header_decode(const uint8_t in[PKGAR_HEADER_SIZE], pkgar_header *header) {
    memcpy(header->signature, in, 64);
    memcpy(header->public_key, in + 64, 32);
    memcpy(header->entries_hash, in + 96, 32);
    header->count = get_u32(in + 128);
    header->data_version = in[132];
    header->architecture = in[133];
    header->packaging = in[134];
    header->reserved = in[135];
}

void pkgar_entry_encode(const pkgar_entry *entry, uint8_t out[PKGAR_ENTRY_SIZE]) {
    memcpy(out, entry->hash, 32);
    put_u64(out + 32, entry->offset);
    put_u64(out + 40, entry->size);
    put_u32(out + 48, entry->mode);
    memset(out + 52, 0, PKGAR_PATH_FIELD_SIZE);
    memcpy(out + 52, entry->path, entry->path_len);
}

char *pkgar_path_display(const char *path, size_t len) {
    mh_strbuf sb = MH_STRBUF_INIT;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)path[i];
        if (c < 0x20 || c == 0x7f)
            mh_strbuf_printf(&sb, "\\x%02x", c);
        else if (c == '\\')
            mh_strbuf_puts(&sb, "\\\\");
        else
            mh_strbuf_putc(&sb, (char)c);
    }
    return mh_strbuf_detach(&sb);
}

int pkgar_mode_check(uint32_t mode, const char *archive, const char *path, mh_error *err) {
    uint32_t kind = mode & PKGAR_MODE_KIND;
    if ((mode & ~(PKGAR_MODE_PERM | PKGAR_MODE_KIND)) == 0 &&
        (kind == PKGAR_MODE_FILE || kind == PKGAR_MODE_SYMLINK))
        return 0;
    char *shown = pkgar_path_display(path, strlen(path));
    mh_error_set(err, archive, 0, 0,
                 "entry '%s': invalid mode 0%o (expected permission bits with the file 0100000 "
                 "or symlink 0120000 kind)",
                 shown, (unsigned)mode);
    free(shown);
    return -1;
}

int pkgar_path_check(const char *path, size_t len, const char *archive, mh_error *err) {
    char *shown = pkgar_path_display(path, len);
    const char *problem = NULL;
    if (len == 0)
        problem = "the path is empty";
    else if (len > PKGAR_PATH_MAX)
        problem = "the path is longer than 255 bytes";
    else if (memchr(path, '\0', len))
        problem = "the path contains a NUL byte";
    else if (path[0] == '/')
        problem = "absolute paths are not allowed";
    for (size_t start = 0; !problem && start <= len;) {
        const char *slash = memchr(path + start, '/', len - start);
        size_t end = slash ? (size_t)(slash - path) : len;
        size_t n = end - start;
        if (n == 0)
            problem = "empty path components are not allowed";
        else if (n == 1 && path[start] == '.')
            problem = "'.' path components are not allowed";
        else if (n == 2 && path[start] == '.' && path[start + 1] == '.')
            problem = "'..' path components are not allowed";
        start = end + 1;
    }
    if (problem) {
        mh_error_set(err, archive, 0, 0, "entry '%s': %s", shown, problem);
        free(shown);
        return -1;
    }
    free(shown);
    return 0;
}

int pkgar_entry_decode(const uint8_t in[PKGAR_ENTRY_SIZE], pkgar_entry *entry, const char *archive,
                       uint32_t index, mh_error *err) {
    memset(entry, 0, sizeof *entry);
    memcpy(entry->hash, in, 32);
    entry->offset = get_u64(in + 32);
    entry->size = get_u64(in + 40);
    entry->mode = get_u32(in + 48);
    const uint8_t *field = in + 52;
    const uint8_t *nul = memchr(field, 0, PKGAR_PATH_FIELD_SIZE);
    if (!nul) {
        char *shown = pkgar_path_display((const char *)field, PKGAR_PATH_FIELD_SIZE);
        mh_error_set(err, archive, 0, 0, "entry %u ('%.80s...'): the path is not NUL-terminated",
                     (unsigned)index, shown);
        free(shown);
        return -1;
    }
    entry->path_len = (uint16_t)(nul - field);
    memcpy(entry->path, field, entry->path_len);
    entry->path[entry->path_len] = '\0';
    if (pkgar_path_check(entry->path, entry->path_len, archive, err) != 0)
        return -1;
    return pkgar_mode_check(entry->mode, archive, entry->path, err);
}
