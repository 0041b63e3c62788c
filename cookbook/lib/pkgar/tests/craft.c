#include "craft.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/files.h"
#include "base/strbuf.h"
#include "blake3/blake3.h"
#include "pkgar/packaging.h"

static void die(const char *what, const char *path) {
    fprintf(stderr, "test fixture: %s %s: %s\n", what, path, strerror(errno));
    abort();
}

static void key_from_seed(uint8_t fill, pkgar_public_key *pk, pkgar_secret_key *sk) {
    if (sodium_init() < 0)
        abort();
    uint8_t seed[32];
    memset(seed, fill, sizeof seed);
    crypto_sign_seed_keypair(pk->bytes, sk->bytes, seed);
}

void craft_test_key(pkgar_public_key *pk, pkgar_secret_key *sk) {
    key_from_seed(0x42, pk, sk);
}

void craft_other_key(pkgar_public_key *pk, pkgar_secret_key *sk) {
    key_from_seed(0x17, pk, sk);
}

static int append(void *ctx, const uint8_t *data, size_t len, mh_error *err) {
    (void)err;
    mh_strbuf_append(ctx, data, len);
    return 0;
}

static void sign_head(uint8_t *head, const pkgar_secret_key *sk) {
    crypto_sign_detached(head, NULL, head + PKGAR_SIGNED_OFFSET,
                         PKGAR_HEADER_SIZE - PKGAR_SIGNED_OFFSET, sk->bytes);
}

void craft_archive(const char *path, const pkgar_secret_key *sk, pkgar_packaging packaging,
                   const craft_entry *entries, size_t count) {
    mh_strbuf data = MH_STRBUF_INIT;
    size_t table_size = count * PKGAR_ENTRY_SIZE;
    uint8_t *head = mh_xcalloc(1, PKGAR_HEADER_SIZE + table_size);
    pkgar_lzma2 *coder = pkgar_lzma2_new();
    for (size_t i = 0; i < count; i++) {
        pkgar_entry e;
        memset(&e, 0, sizeof e);
        blake3_hash(entries[i].data, entries[i].len, e.hash);
        e.offset = data.len;
        e.mode = entries[i].mode;
        e.path_len = (uint16_t)strlen(entries[i].path);
        memcpy(e.path, entries[i].path, e.path_len);
        if (packaging == PKGAR_PACKAGING_LZMA2) {
            uint8_t prefix[8];
            for (int b = 0; b < 8; b++)
                prefix[b] = (uint8_t)((uint64_t)entries[i].len >> (8 * b));
            mh_strbuf_append(&data, prefix, 8);
            mh_error err;
            int ended;
            size_t unused;
            if (pkgar_lzma2_start_encoder(coder, entries[i].len, &err) != 0 ||
                pkgar_lzma2_feed(coder, entries[i].data, entries[i].len, 1, append, &data, &ended,
                                 &unused, &err) != 0)
                abort();
        } else {
            mh_strbuf_append(&data, entries[i].data, entries[i].len);
        }
        e.size = data.len - e.offset;
        pkgar_entry_encode(&e, head + PKGAR_HEADER_SIZE + i * PKGAR_ENTRY_SIZE);
    }
    pkgar_lzma2_free(coder);
    pkgar_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.public_key, sk->bytes + 32, 32);
    blake3_hash(head + PKGAR_HEADER_SIZE, table_size, h.entries_hash);
    h.count = (uint32_t)count;
    h.packaging = (uint8_t)packaging;
    pkgar_header_encode(&h, head);
    sign_head(head, sk);
    FILE *f = fopen(path, "wb");
    if (!f)
        die("cannot create", path);
    fwrite(head, 1, PKGAR_HEADER_SIZE + table_size, f);
    fwrite(mh_strbuf_str(&data), 1, data.len, f);
    if (fclose(f) != 0)
        die("cannot write", path);
    free(head);
    mh_strbuf_free(&data);
}

void craft_resign(const char *path, const pkgar_secret_key *sk) {
    size_t len;
    uint8_t *bytes = (uint8_t *)craft_read(path, &len);
    uint32_t count = (uint32_t)bytes[128] | (uint32_t)bytes[129] << 8 | (uint32_t)bytes[130] << 16 |
                     (uint32_t)bytes[131] << 24;
    blake3_hash(bytes + PKGAR_HEADER_SIZE, (size_t)count * PKGAR_ENTRY_SIZE, bytes + 96);
    memcpy(bytes + 64, sk->bytes + 32, 32);
    sign_head(bytes, sk);
    mh_error err;
    if (mh_write_file_atomic(path, bytes, len, 0644, &err) != 0)
        die("cannot rewrite", path);
    free(bytes);
}

void craft_write(const char *dir, const char *rel, const void *data, size_t len, unsigned mode) {
    char *path = mh_path_join(dir, rel);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        die("cannot create", path);
    const char *p = data;
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n <= 0)
            die("cannot write", path);
        p += n;
        len -= (size_t)n;
    }
    if (fchmod(fd, mode) != 0 || close(fd) != 0)
        die("cannot finish", path);
    free(path);
}

void craft_symlink(const char *dir, const char *rel, const char *target) {
    char *path = mh_path_join(dir, rel);
    if (symlink(target, path) != 0)
        die("cannot symlink", path);
    free(path);
}

void craft_mkdir(const char *dir, const char *rel) {
    char *path = mh_path_join(dir, rel);
    mh_error err;
    if (mh_mkdir_p(path, &err) != 0)
        die("cannot mkdir", path);
    free(path);
}

char *craft_read(const char *path, size_t *len) {
    char *data;
    mh_error err;
    if (mh_read_file(path, &data, len, &err) != 0)
        die("cannot read", path);
    return data;
}

void craft_flip(const char *path, uint64_t offset) {
    int fd = open(path, O_RDWR);
    uint8_t byte = 0;
    if (fd < 0 || pread(fd, &byte, 1, (off_t)offset) != 1)
        die("cannot read", path);
    byte ^= 0x01;
    if (pwrite(fd, &byte, 1, (off_t)offset) != 1 || close(fd) != 0)
        die("cannot write", path);
}

uint64_t craft_file_size(const char *path) {
    struct stat st;
    if (stat(path, &st) != 0)
        die("cannot stat", path);
    return (uint64_t)st.st_size;
}

void craft_truncate(const char *path, uint64_t size) {
    if (truncate(path, (off_t)size) != 0)
        die("cannot truncate", path);
}

size_t craft_count_tree(const char *dir) {
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    size_t count = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        count++;
        char *child = mh_path_join(dir, de->d_name);
        struct stat st;
        if (lstat(child, &st) == 0 && S_ISDIR(st.st_mode))
            count += craft_count_tree(child);
        free(child);
    }
    closedir(d);
    return count;
}

/* Every entry of a is in b with the same kind, mode and content. */
static int tree_included(const char *a, const char *b) {
    DIR *d = opendir(a);
    if (!d)
        return 0;
    int same = 1;
    struct dirent *de;
    while (same && (de = readdir(d))) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        char *pa = mh_path_join(a, de->d_name), *pb = mh_path_join(b, de->d_name);
        struct stat sa, sb;
        if (lstat(pa, &sa) != 0 || lstat(pb, &sb) != 0 ||
            (sa.st_mode & S_IFMT) != (sb.st_mode & S_IFMT)) {
            same = 0;
        } else if (S_ISDIR(sa.st_mode)) {
            same = tree_included(pa, pb);
        } else if (S_ISLNK(sa.st_mode)) {
            char ta[4096], tb[4096];
            ssize_t na = readlink(pa, ta, sizeof ta), nb = readlink(pb, tb, sizeof tb);
            same = na == nb && na >= 0 && memcmp(ta, tb, (size_t)na) == 0;
        } else {
            size_t la, lb;
            char *ca = craft_read(pa, &la), *cb = craft_read(pb, &lb);
            same =
                la == lb && memcmp(ca, cb, la) == 0 && (sa.st_mode & 07777) == (sb.st_mode & 07777);
            free(ca);
            free(cb);
        }
        free(pa);
        free(pb);
    }
    closedir(d);
    return same;
}

int craft_same_tree(const char *a, const char *b) {
    return tree_included(a, b) && tree_included(b, a);
}
