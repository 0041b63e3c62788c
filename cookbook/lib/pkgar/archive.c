#include "pkgar/archive.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/hex.h"
#include "base/strbuf.h"
#include "blake3/blake3.h"
#include "pkgar/outfile.h"

#define READ_CHUNK (1024u * 1024u)

static int read_at(const pkgar_archive *a, void *buf, size_t len, uint64_t offset, mh_error *err) {
    uint8_t *p = buf;
    while (len) {
        ssize_t n = pread(a->fd, p, len, (off_t)offset);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return mh_error_errno(err, a->path, errno, "cannot read");
        }
        if (n == 0)
            return mh_error_set(err, a->path, 0, 0, "unexpected end of file at byte %llu",
                                (unsigned long long)offset);
        p += n;
        len -= (size_t)n;
        offset += (uint64_t)n;
    }
    return 0;
}

static int verify_signature(pkgar_archive *a, const uint8_t raw[PKGAR_HEADER_SIZE],
                            const pkgar_public_key *trusted, mh_error *err) {
    if (sodium_init() < 0)
        return mh_error_set(err, NULL, 0, 0, "cannot initialise libsodium");
    int embedded_is_trusted =
        memcmp(a->header.public_key, trusted->bytes, PKGAR_PUBLIC_KEY_SIZE) == 0;
    char trusted_hex[65], embedded_hex[65];
    mh_hex_encode(trusted->bytes, 32, trusted_hex);
    mh_hex_encode(a->header.public_key, 32, embedded_hex);
    if (crypto_sign_verify_detached(raw, raw + PKGAR_SIGNED_OFFSET,
                                    PKGAR_HEADER_SIZE - PKGAR_SIGNED_OFFSET, trusted->bytes) != 0) {
        if (!embedded_is_trusted)
            return mh_error_set(err, a->path, 0, 0,
                                "signature check failed: the archive names public key %s, not "
                                "the trusted key %s",
                                embedded_hex, trusted_hex);
        return mh_error_set(err, a->path, 0, 0,
                            "signature check failed: the header was modified or not signed "
                            "by the trusted key %s",
                            trusted_hex);
    }
    if (!embedded_is_trusted)
        return mh_error_set(err, a->path, 0, 0,
                            "the header is signed by the trusted key but names another public "
                            "key (%s)",
                            embedded_hex);
    return 0;
}

static int check_flags(const pkgar_archive *a, mh_error *err) {
    if (a->header.data_version != 0)
        return mh_error_set(err, a->path, 0, 0, "unsupported pkgar data version %u (expected 0)",
                            a->header.data_version);
    if (a->header.packaging != PKGAR_PACKAGING_RAW && a->header.packaging != PKGAR_PACKAGING_LZMA2)
        return mh_error_set(err, a->path, 0, 0,
                            "unsupported packaging %u (expected 0 = uncompressed or 1 = LZMA2)",
                            a->header.packaging);
    return 0;
}

static int read_entries(pkgar_archive *a, mh_error *err) {
    size_t table_size = (size_t)(a->head_size - PKGAR_HEADER_SIZE);
    uint8_t *table = mh_xmalloc(table_size ? table_size : 1);
    if (read_at(a, table, table_size, PKGAR_HEADER_SIZE, err) != 0) {
        free(table);
        return -1;
    }
    uint8_t hash[PKGAR_HASH_SIZE];
    blake3_hash(table, table_size, hash);
    if (memcmp(hash, a->header.entries_hash, PKGAR_HASH_SIZE) != 0) {
        free(table);
        return mh_error_set(err, a->path, 0, 0,
                            "the entry table does not match the BLAKE3 hash in the signed "
                            "header (the archive is corrupted or was tampered with)");
    }
    a->entries = mh_xcalloc(a->count ? a->count : 1, sizeof *a->entries);
    for (uint32_t i = 0; i < a->count; i++) {
        if (pkgar_entry_decode(table + (size_t)i * PKGAR_ENTRY_SIZE, &a->entries[i], a->path, i,
                               err) != 0) {
            free(table);
            return -1;
        }
    }
    free(table);
    return 0;
}

static int compare_paths(const void *x, const void *y, void *ctx) {
    const pkgar_entry *entries = ctx;
    return strcmp(entries[*(const uint32_t *)x].path, entries[*(const uint32_t *)y].path);
}

/* Orders (path, len) against a NUL-free entry path the way strcmp orders the paths. */
static int compare_key(const char *path, size_t len, const pkgar_entry *e) {
    size_t n = len < e->path_len ? len : e->path_len;
    int c = memcmp(path, e->path, n);
    if (c)
        return c;
    return len < e->path_len ? -1 : len > e->path_len ? 1 : 0;
}

int64_t pkgar_archive_find(const pkgar_archive *a, const char *path, size_t len) {
    size_t lo = 0, hi = a->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = compare_key(path, len, &a->entries[a->by_path[mid]]);
        if (c == 0)
            return a->by_path[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return -1;
}

/* No two entries may share a path, and no entry may lie under another entry: extracting it
 * would have to go through a file or a symlink. */
static int check_path_conflicts(pkgar_archive *a, mh_error *err) {
    a->by_path = mh_xmalloc((a->count ? a->count : 1) * sizeof *a->by_path);
    for (uint32_t i = 0; i < a->count; i++)
        a->by_path[i] = i;
    qsort_r(a->by_path, a->count, sizeof *a->by_path, compare_paths, a->entries);
    for (uint32_t i = 0; i < a->count; i++) {
        const pkgar_entry *e = &a->entries[a->by_path[i]];
        if (i > 0 && strcmp(e->path, a->entries[a->by_path[i - 1]].path) == 0) {
            char *shown = pkgar_path_display(e->path, e->path_len);
            mh_error_set(err, a->path, 0, 0, "entry '%s' appears more than once", shown);
            free(shown);
            return -1;
        }
        for (const char *slash = strchr(e->path, '/'); slash; slash = strchr(slash + 1, '/')) {
            int64_t parent = pkgar_archive_find(a, e->path, (size_t)(slash - e->path));
            if (parent >= 0) {
                const pkgar_entry *p = &a->entries[parent];
                char *shown = pkgar_path_display(e->path, e->path_len);
                char *parent_shown = pkgar_path_display(p->path, p->path_len);
                mh_error_set(err, a->path, 0, 0,
                             "entry '%s' lies under '%s', which is a %s in the archive "
                             "(extracting it would write through it)",
                             shown, parent_shown,
                             (p->mode & PKGAR_MODE_KIND) == PKGAR_MODE_SYMLINK ? "symlink"
                                                                               : "file");
                free(shown);
                free(parent_shown);
                return -1;
            }
        }
    }
    return 0;
}

int pkgar_archive_check_data(const pkgar_archive *a, mh_error *err) {
    uint64_t data_size = a->file_size - a->head_size;
    for (uint32_t i = 0; i < a->count; i++) {
        const pkgar_entry *e = &a->entries[i];
        if (e->offset <= data_size && e->size <= data_size - e->offset)
            continue;
        char *shown = pkgar_path_display(e->path, e->path_len);
        if (data_size == 0)
            mh_error_set(err, a->path, 0, 0,
                         "entry '%s': the file has no data section (only a head)", shown);
        else
            mh_error_set(err, a->path, 0, 0,
                         "entry '%s': its data (%llu bytes at offset %llu) lies beyond the end "
                         "of the data section (%llu bytes; is the archive truncated?)",
                         shown, (unsigned long long)e->size, (unsigned long long)e->offset,
                         (unsigned long long)data_size);
        free(shown);
        return -1;
    }
    return 0;
}

int pkgar_archive_open_fd(pkgar_archive *a, int fd, const char *name,
                          const pkgar_public_key *trusted, mh_error *err) {
    memset(a, 0, sizeof *a);
    a->fd = fd;
    a->path = mh_xstrdup(name);
    a->buffer = mh_xmalloc(READ_CHUNK);
    struct stat st;
    if (fstat(fd, &st) != 0) {
        mh_error_errno(err, name, errno, "cannot stat");
        goto fail;
    }
    if (!S_ISREG(st.st_mode)) {
        mh_error_set(err, name, 0, 0, "not a regular file");
        goto fail;
    }
    a->file_size = (uint64_t)st.st_size;
    if (a->file_size < PKGAR_HEADER_SIZE) {
        mh_error_set(err, name, 0, 0,
                     "not a pkgar archive: %llu bytes is shorter than the 136-byte header",
                     (unsigned long long)a->file_size);
        goto fail;
    }
    uint8_t raw[PKGAR_HEADER_SIZE];
    if (read_at(a, raw, sizeof raw, 0, err) != 0)
        goto fail;
    pkgar_header_decode(raw, &a->header);
    if (verify_signature(a, raw, trusted, err) != 0 || check_flags(a, err) != 0)
        goto fail;
    a->count = a->header.count;
    a->head_size = pkgar_head_size(a->count);
    if (a->head_size > a->file_size) {
        mh_error_set(err, name, 0, 0,
                     "truncated: the header lists %u entries (%llu bytes of head) but the file "
                     "has %llu bytes",
                     (unsigned)a->count, (unsigned long long)a->head_size,
                     (unsigned long long)a->file_size);
        goto fail;
    }
    if (read_entries(a, err) != 0 || check_path_conflicts(a, err) != 0)
        goto fail;
    if (a->file_size > a->head_size && pkgar_archive_check_data(a, err) != 0)
        goto fail;
    return 0;
fail:
    pkgar_archive_close(a);
    return -1;
}

int pkgar_archive_open(pkgar_archive *a, const char *path, const pkgar_public_key *trusted,
                       mh_error *err) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        memset(a, 0, sizeof *a);
        a->fd = -1;
        return mh_error_errno(err, path, errno, "cannot open the archive");
    }
    return pkgar_archive_open_fd(a, fd, path, trusted, err);
}

void pkgar_archive_close(pkgar_archive *a) {
    if (a->fd >= 0)
        close(a->fd);
    a->fd = -1;
    free(a->path);
    free(a->entries);
    free(a->by_path);
    free(a->buffer);
    pkgar_lzma2_free(a->lzma);
    a->path = NULL;
    a->entries = NULL;
    a->by_path = NULL;
    a->buffer = NULL;
    a->lzma = NULL;
    a->count = 0;
}

/* Counts, hashes and forwards an entry's content. */
typedef struct content_check {
    blake3_hasher hasher;
    uint64_t length;
    uint64_t limit; /* more than this is an error */
    pkgar_sink sink;
    void *ctx;
    const pkgar_archive *archive;
    const pkgar_entry *entry;
    int sink_failed; /* the error came from here or the sink, and already says what failed */
} content_check;

static int check_content(void *ctx, const uint8_t *data, size_t len, mh_error *err) {
    content_check *c = ctx;
    c->sink_failed = 1;
    if (len > c->limit - c->length) {
        char *shown = pkgar_path_display(c->entry->path, c->entry->path_len);
        mh_error_set(err, c->archive->path, 0, 0,
                     "entry '%s': the content is longer than its declared %llu bytes", shown,
                     (unsigned long long)c->limit);
        free(shown);
        return -1;
    }
    c->length += len;
    blake3_hasher_update(&c->hasher, data, len);
    if (c->sink(c->ctx, data, len, err) != 0)
        return -1;
    c->sink_failed = 0;
    return 0;
}

static int entry_error(const pkgar_archive *a, const pkgar_entry *e, mh_error *err,
                       const char *what) {
    char *shown = pkgar_path_display(e->path, e->path_len);
    mh_error_set(err, a->path, 0, 0, "entry '%s': %s", shown, what);
    free(shown);
    return -1;
}

static int read_prefix(pkgar_archive *a, const pkgar_entry *e, uint64_t *unpacked, mh_error *err) {
    if (e->size < PKGAR_LZMA2_PREFIX_SIZE)
        return entry_error(a, e, err, "its LZMA2 data is shorter than the 8-byte length prefix");
    uint8_t prefix[PKGAR_LZMA2_PREFIX_SIZE];
    if (read_at(a, prefix, sizeof prefix, a->head_size + e->offset, err) != 0)
        return -1;
    *unpacked = 0;
    for (int i = 7; i >= 0; i--)
        *unpacked = (*unpacked << 8) | prefix[i];
    return 0;
}

static int stream_raw(pkgar_archive *a, const pkgar_entry *e, content_check *check, mh_error *err) {
    uint64_t pos = a->head_size + e->offset, left = e->size;
    while (left) {
        size_t n = left < READ_CHUNK ? (size_t)left : READ_CHUNK;
        if (read_at(a, a->buffer, n, pos, err) != 0 || check_content(check, a->buffer, n, err) != 0)
            return -1;
        pos += n;
        left -= n;
    }
    return 0;
}

static int stream_lzma2(pkgar_archive *a, const pkgar_entry *e, content_check *check,
                        mh_error *err) {
    if (!a->lzma)
        a->lzma = pkgar_lzma2_new();
    if (pkgar_lzma2_start_decoder(a->lzma, check->limit, err) != 0)
        return -1;
    uint64_t pos = a->head_size + e->offset + PKGAR_LZMA2_PREFIX_SIZE;
    uint64_t left = e->size - PKGAR_LZMA2_PREFIX_SIZE;
    int ended = 0;
    do {
        size_t n = left < READ_CHUNK ? (size_t)left : READ_CHUNK;
        if (read_at(a, a->buffer, n, pos, err) != 0)
            return -1;
        size_t unused;
        pos += n;
        left -= n;
        if (pkgar_lzma2_feed(a->lzma, a->buffer, n, left == 0, check_content, check, &ended,
                             &unused, err) != 0) {
            if (!check->sink_failed) {
                char *shown = pkgar_path_display(e->path, e->path_len);
                mh_error_prefix(err, "entry '%s'", shown);
                free(shown);
                snprintf(err->path, sizeof err->path, "%s", a->path);
            }
            return -1;
        }
        if (ended && (unused || left))
            return entry_error(a, e, err, "bytes follow the end of its LZMA2 stream");
    } while (left);
    if (!ended)
        return entry_error(a, e, err, "its LZMA2 stream ends early");
    return 0;
}

int pkgar_archive_read_entry(pkgar_archive *a, uint32_t index, pkgar_sink sink, void *ctx,
                             mh_error *err) {
    const pkgar_entry *e = &a->entries[index];
    uint64_t data_size = a->file_size - a->head_size;
    if (e->offset > data_size || e->size > data_size - e->offset)
        return pkgar_archive_check_data(a, err);
    content_check check = {.sink = sink, .ctx = ctx, .archive = a, .entry = e, .limit = e->size};
    blake3_hasher_init(&check.hasher);
    int lzma2 = a->header.packaging == PKGAR_PACKAGING_LZMA2;
    if (lzma2 && read_prefix(a, e, &check.limit, err) != 0)
        return -1;
    if ((lzma2 ? stream_lzma2(a, e, &check, err) : stream_raw(a, e, &check, err)) != 0)
        return -1;
    if (check.length != check.limit) {
        char *what =
            mh_xasprintf("the content is %llu bytes, not the declared %llu",
                         (unsigned long long)check.length, (unsigned long long)check.limit);
        entry_error(a, e, err, what);
        free(what);
        return -1;
    }
    uint8_t hash[PKGAR_HASH_SIZE];
    blake3_hasher_finalize(&check.hasher, hash, sizeof hash);
    if (memcmp(hash, e->hash, PKGAR_HASH_SIZE) != 0)
        return entry_error(a, e, err,
                           "the content does not match its BLAKE3 hash in the signed entry "
                           "table (the archive is corrupted or was tampered with)");
    return 0;
}

static int discard(void *ctx, const uint8_t *data, size_t len, mh_error *err) {
    (void)ctx;
    (void)data;
    (void)len;
    (void)err;
    return 0;
}

int pkgar_archive_verify_data(pkgar_archive *a, mh_error *err) {
    if (pkgar_archive_check_data(a, err) != 0)
        return -1;
    for (uint32_t i = 0; i < a->count; i++)
        if (pkgar_archive_read_entry(a, i, discard, NULL, err) != 0)
            return -1;
    return 0;
}

int pkgar_archive_unpacked_size(pkgar_archive *a, uint32_t index, uint64_t *size, mh_error *err) {
    const pkgar_entry *e = &a->entries[index];
    if (a->header.packaging != PKGAR_PACKAGING_LZMA2) {
        *size = e->size;
        return 0;
    }
    uint64_t data_size = a->file_size - a->head_size;
    if (e->offset > data_size || e->size > data_size - e->offset)
        return pkgar_archive_check_data(a, err);
    return read_prefix(a, e, size, err);
}

int pkgar_archive_storage_size(pkgar_archive *a, uint64_t *size, mh_error *err) {
    if (a->header.packaging != PKGAR_PACKAGING_LZMA2) {
        *size = a->file_size;
        return 0;
    }
    uint64_t total = a->head_size;
    for (uint32_t i = 0; i < a->count; i++) {
        uint64_t unpacked;
        if (pkgar_archive_unpacked_size(a, i, &unpacked, err) != 0)
            return -1;
        total += unpacked;
    }
    *size = total;
    return 0;
}

static int copy_range(pkgar_archive *a, const char *path, uint64_t start, uint64_t end,
                      mh_error *err) {
    pkgar_outfile out;
    if (pkgar_outfile_open(&out, path, err) != 0)
        return -1;
    for (uint64_t pos = start; pos < end;) {
        size_t n = end - pos < READ_CHUNK ? (size_t)(end - pos) : READ_CHUNK;
        if (read_at(a, a->buffer, n, pos, err) != 0 ||
            pkgar_outfile_write(&out, a->buffer, n, err) != 0) {
            pkgar_outfile_abort(&out);
            return -1;
        }
        pos += n;
    }
    return pkgar_outfile_commit(&out, 0644, err);
}

int pkgar_archive_split(pkgar_archive *a, const char *head_path, const char *data_path,
                        mh_error *err) {
    if (data_path && copy_range(a, data_path, a->head_size, a->file_size, err) != 0)
        return -1;
    return copy_range(a, head_path, 0, a->head_size, err);
}
