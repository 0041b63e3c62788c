#include "pkgar/create.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/files.h"
#include "base/strbuf.h"
#include "blake3/blake3.h"
#include "pkgar/outfile.h"
#include "pkgar/packaging.h"
#include "pkgar/tree.h"

#define READ_CHUNK (1024u * 1024u)

typedef struct writer {
    pkgar_outfile out;
    pkgar_lzma2 *lzma;
    uint8_t *buffer;
    int compress;
} writer;

static int write_out(void *ctx, const uint8_t *data, size_t len, mh_error *err) {
    writer *w = ctx;
    return pkgar_outfile_write(&w->out, data, len, err);
}

/* An entry's content: in memory (a symlink target), or read from fd when data is NULL. */
typedef struct content {
    int fd;
    const uint8_t *data;
    uint64_t size; /* expected length */
    const char *shown_path;
} content;

/* Appends one entry's stored data (raw, or length prefix + LZMA2 stream) to the archive,
 * hashing the content as it goes; *length receives the number of content bytes. */
static int store(writer *w, const content *c, blake3_hasher *hasher, uint64_t *length,
                 mh_error *err) {
    if (w->compress) {
        uint8_t prefix[PKGAR_LZMA2_PREFIX_SIZE];
        for (int i = 0; i < 8; i++)
            prefix[i] = (uint8_t)(c->size >> (8 * i));
        if (pkgar_outfile_write(&w->out, prefix, sizeof prefix, err) != 0 ||
            pkgar_lzma2_start_encoder(w->lzma, c->size, err) != 0)
            return -1;
    }
    uint64_t total = 0;
    for (;;) {
        const uint8_t *chunk;
        size_t n;
        if (c->data) {
            chunk = c->data + total;
            n = (size_t)(c->size - total);
        } else {
            ssize_t got = read(c->fd, w->buffer, READ_CHUNK);
            if (got < 0) {
                if (errno == EINTR)
                    continue;
                return mh_error_errno(err, c->shown_path, errno, "cannot read");
            }
            chunk = w->buffer;
            n = (size_t)got;
        }
        total += n;
        if (total > c->size)
            return mh_error_set(err, c->shown_path, 0, 0, "the file grew while being archived");
        blake3_hasher_update(hasher, chunk, n);
        int last = n == 0 || c->data;
        if (w->compress) {
            int ended;
            size_t unused;
            if (pkgar_lzma2_feed(w->lzma, chunk, n, last, write_out, w, &ended, &unused, err) !=
                0) {
                mh_error_prefix(err, "%s", c->shown_path);
                return -1;
            }
        } else if (n && pkgar_outfile_write(&w->out, chunk, n, err) != 0) {
            return -1;
        }
        if (last)
            break;
    }
    if (total != c->size)
        return mh_error_set(err, c->shown_path, 0, 0, "the file shrank while being archived");
    *length = total;
    return 0;
}

static int store_file(writer *w, int root_fd, const char *dir, const pkgar_tree_file *file,
                      pkgar_entry *entry, uint64_t *unpacked, mh_error *err) {
    char *shown = mh_path_join(dir, file->path);
    content c = {.fd = -1, .size = file->size, .shown_path = shown};
    int rc = 0;
    if (file->link_target) {
        c.data = (const uint8_t *)file->link_target;
    } else {
        c.fd = openat(root_fd, file->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        if (c.fd < 0)
            rc = mh_error_errno(err, shown, errno, "cannot open");
    }
    blake3_hasher hasher;
    blake3_hasher_init(&hasher);
    uint64_t start = w->out.written;
    if (rc == 0)
        rc = store(w, &c, &hasher, unpacked, err);
    if (c.fd >= 0)
        close(c.fd);
    free(shown);
    if (rc != 0)
        return -1;
    blake3_hasher_finalize(&hasher, entry->hash, PKGAR_HASH_SIZE);
    entry->size = w->out.written - start;
    entry->mode = file->mode;
    entry->path_len = (uint16_t)strlen(file->path);
    memcpy(entry->path, file->path, entry->path_len + 1u);
    return 0;
}

static int sign_and_write_head(writer *w, const pkgar_secret_key *key,
                               const pkgar_create_options *options, pkgar_entry *entries,
                               uint32_t count, pkgar_header *header, mh_error *err) {
    size_t table_size = (size_t)count * PKGAR_ENTRY_SIZE;
    uint8_t *head = mh_xcalloc(1, PKGAR_HEADER_SIZE + table_size);
    uint8_t *table = head + PKGAR_HEADER_SIZE;
    for (uint32_t i = 0; i < count; i++)
        pkgar_entry_encode(&entries[i], table + (size_t)i * PKGAR_ENTRY_SIZE);
    memset(header, 0, sizeof *header);
    memcpy(header->public_key, key->bytes + 32, PKGAR_PUBLIC_KEY_SIZE);
    blake3_hash(table, table_size, header->entries_hash);
    header->count = count;
    header->architecture = options->architecture;
    header->packaging = (uint8_t)options->packaging;
    pkgar_header_encode(header, head);
    crypto_sign_detached(head, NULL, head + PKGAR_SIGNED_OFFSET,
                         PKGAR_HEADER_SIZE - PKGAR_SIGNED_OFFSET, key->bytes);
    memcpy(header->signature, head, PKGAR_SIGNATURE_SIZE);
    int rc = pkgar_outfile_pwrite(&w->out, head, PKGAR_HEADER_SIZE + table_size, 0, err);
    free(head);
    return rc;
}

int pkgar_create(const char *archive_path, const char *dir, const pkgar_secret_key *key,
                 const pkgar_create_options *options, pkgar_create_info *info, mh_error *err) {
    static const pkgar_create_options defaults = {PKGAR_PACKAGING_RAW, PKGAR_ARCH_INDEPENDENT};
    if (!options)
        options = &defaults;
    if (options->packaging != PKGAR_PACKAGING_RAW && options->packaging != PKGAR_PACKAGING_LZMA2)
        return mh_error_set(err, archive_path, 0, 0, "unknown packaging %d", options->packaging);
    if (sodium_init() < 0)
        return mh_error_set(err, NULL, 0, 0, "cannot initialise libsodium");
    pkgar_tree tree = {0};
    if (pkgar_tree_scan(dir, &tree, err) != 0)
        return -1;
    if (tree.count > UINT32_MAX) {
        pkgar_tree_free(&tree);
        return mh_error_set(err, dir, 0, 0, "too many files for one archive (%zu)", tree.count);
    }
    uint32_t count = (uint32_t)tree.count;
    int root_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (root_fd < 0) {
        pkgar_tree_free(&tree);
        return mh_error_errno(err, dir, errno, "cannot open directory");
    }
    writer w = {.compress = options->packaging == PKGAR_PACKAGING_LZMA2};
    pkgar_entry *entries = mh_xcalloc(count ? count : 1, sizeof *entries);
    uint64_t head_size = pkgar_head_size(count), unpacked_total = 0;
    int rc = pkgar_outfile_open(&w.out, archive_path, err);
    if (rc == 0) {
        w.buffer = mh_xmalloc(READ_CHUNK);
        if (w.compress)
            w.lzma = pkgar_lzma2_new();
        rc = pkgar_outfile_seek(&w.out, head_size, err);
    }
    for (uint32_t i = 0; rc == 0 && i < count; i++) {
        uint64_t unpacked = 0;
        entries[i].offset = w.out.written - head_size;
        rc = store_file(&w, root_fd, dir, &tree.files[i], &entries[i], &unpacked, err);
        unpacked_total += unpacked;
    }
    pkgar_header header;
    if (rc == 0)
        rc = sign_and_write_head(&w, key, options, entries, count, &header, err);
    uint64_t archive_size = w.out.written;
    if (rc == 0)
        rc = pkgar_outfile_commit(&w.out, 0644, err);
    else
        pkgar_outfile_abort(&w.out);
    if (rc == 0 && info) {
        memcpy(info->entries_hash, header.entries_hash, PKGAR_HASH_SIZE);
        info->count = count;
        info->network_size = archive_size;
        info->storage_size = w.compress ? head_size + unpacked_total : archive_size;
    }
    pkgar_lzma2_free(w.lzma);
    free(w.buffer);
    free(entries);
    close(root_fd);
    pkgar_tree_free(&tree);
    return rc;
}
