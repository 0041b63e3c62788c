/* Unit tests of creating and reading archives: round trips, determinism, and rejection of every
 * kind of tampering and of malicious archives, with nothing extracted. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/files.h"
#include "base/strbuf.h"
#include "craft.h"
#include "pkgar/archive.h"
#include "pkgar/create.h"
#include "pkgar/install.h"
#include "testing/testing.h"

static char *tmp(const char *rel) {
    return mh_path_join(mh_test_tmpdir(), rel);
}

static const pkgar_packaging PACKAGINGS[] = {PKGAR_PACKAGING_RAW, PKGAR_PACKAGING_LZMA2};

/* A tree with the names and kinds that trip up archivers. */
static void make_odd_tree(const char *dir) {
    craft_mkdir(dir, "sub/deeper");
    craft_mkdir(dir, "sp ace");
    craft_mkdir(dir, "ünï");
    craft_mkdir(dir, "-dash");
    craft_write(dir, "a", "hello\n", 6, 0644);
    craft_write(dir, "a.txt", "text", 4, 0600);
    craft_write(dir, "sub/tool", "#!/bin/sh\n", 10, 0755);
    craft_write(dir, "sub/deeper/empty", "", 0, 0644);
    craft_write(dir, "sp ace/file with spaces", "s", 1, 0640);
    craft_write(dir, "ünï/日本語.txt", "utf-8", 5, 0644);
    craft_write(dir, "-dash/--help", "dash", 4, 0644);
    craft_symlink(dir, "sub/rel-link", "../a");
    craft_symlink(dir, "dangling", "does/not/exist");
    craft_symlink(dir, "abs-link", "/usr/lib/libc.so");
    /* A 255-byte path: the longest pkgar holds. */
    char name[256];
    size_t prefix = strlen("sub/");
    memset(name, 'n', sizeof name);
    memcpy(name, "sub/", prefix);
    name[255] = '\0';
    craft_write(dir, name, "long", 4, 0644);
}

static int open_ok(pkgar_archive *a, const char *path, const pkgar_public_key *pk) {
    mh_error err;
    if (pkgar_archive_open(a, path, pk, &err) == 0)
        return 1;
    printf("    open %s: %s: %s\n", path, err.path, err.message);
    return 0;
}

static void create_and_extract_round_trip(void) {
    pkgar_public_key pk;
    pkgar_secret_key sk;
    craft_test_key(&pk, &sk);
    char *src = tmp("src");
    make_odd_tree(src);
    for (size_t p = 0; p < MH_COUNT(PACKAGINGS); p++) {
        char *archive_path = tmp(p ? "odd-lzma2.pkgar" : "odd-raw.pkgar");
        char *out = tmp(p ? "out-lzma2" : "out-raw");
        pkgar_create_options options = {PACKAGINGS[p], 0};
        pkgar_create_info info;
        mh_error err;
        CHECK_INT_EQ(pkgar_create(archive_path, src, &sk, &options, &info, &err), 0);
        CHECK_INT_EQ(info.count, 11);
        CHECK_INT_EQ(info.network_size, craft_file_size(archive_path));
        pkgar_archive a;
        if (!open_ok(&a, archive_path, &pk))
            return;
        CHECK_INT_EQ(a.header.packaging, PACKAGINGS[p]);
        CHECK_MEM_EQ(a.header.entries_hash, info.entries_hash, 32);
        uint64_t storage;
        CHECK_INT_EQ(pkgar_archive_storage_size(&a, &storage, &err), 0);
        CHECK_INT_EQ(storage, info.storage_size);
        CHECK_INT_EQ(pkgar_archive_verify_data(&a, &err), 0);
        CHECK_INT_EQ(pkgar_extract(&a, out, &err), 0);
        CHECK(craft_same_tree(src, out));
        pkgar_archive_close(&a);
        free(archive_path);
        free(out);
    }
    free(src);
}

static void entries_follow_upstreams_walk_order(void) {
    pkgar_public_key pk;
    pkgar_secret_key sk;
    craft_test_key(&pk, &sk);
    char *src = tmp("order");
    /* Within each directory by name bytes; a directory's files where its name sorts. So "a/x"
     * (directory "a") comes before "a.txt", although "a.txt" < "a/x" as whole paths. */
    craft_mkdir(src, "a");
    craft_mkdir(src, "B");
    craft_write(src, "a/x", "1", 1, 0644);
    craft_write(src, "a.txt", "2", 1, 0644);
    craft_write(src, "B/y", "3", 1, 0644);
    craft_write(src, "_", "4", 1, 0644);
    craft_write(src, "\xc3\xa9", "5", 1, 0644);
    char *archive_path = tmp("order.pkgar");
    mh_error err;
    CHECK_INT_EQ(pkgar_create(archive_path, src, &sk, NULL, NULL, &err), 0);
    pkgar_archive a;
    if (!open_ok(&a, archive_path, &pk))
        return;
    const char *expected[] = {"B/y", "_", "a/x", "a.txt", "\xc3\xa9"};
    if (CHECK_INT_EQ(a.count, MH_COUNT(expected)))
        for (size_t i = 0; i < MH_COUNT(expected); i++)
            CHECK_STR_EQ(a.entries[i].path, expected[i]);
    CHECK_INT_EQ(a.entries[0].offset, 0);
    CHECK_INT_EQ(a.entries[1].offset, 1);
    CHECK_INT_EQ(a.entries[4].offset, 4);
    CHECK_INT_EQ(a.header.architecture, 0);
    pkgar_archive_close(&a);
    free(archive_path);
    free(src);
}

static void creating_twice_gives_the_same_bytes(void) {
    pkgar_public_key pk;
    pkgar_secret_key sk;
    craft_test_key(&pk, &sk);
    char *src = tmp("src");
    make_odd_tree(src);
    for (size_t p = 0; p < MH_COUNT(PACKAGINGS); p++) {
        char *one = tmp("one.pkgar"), *two = tmp("two.pkgar");
        pkgar_create_options options = {PACKAGINGS[p], 0};
        mh_error err;
        CHECK_INT_EQ(pkgar_create(one, src, &sk, &options, NULL, &err), 0);
        CHECK_INT_EQ(pkgar_create(two, src, &sk, &options, NULL, &err), 0);
        size_t l1, l2;
        char *b1 = craft_read(one, &l1), *b2 = craft_read(two, &l2);
        CHECK_INT_EQ(l1, l2);
        CHECK(l1 == l2 && memcmp(b1, b2, l1) == 0);
        free(b1);
        free(b2);
        free(one);
        free(two);
    }
    free(src);
}

static void create_refuses_special_files_and_leaves_nothing(void) {
    pkgar_public_key pk;
    pkgar_secret_key sk;
    craft_test_key(&pk, &sk);
    char *src = tmp("special");
    craft_mkdir(src, "dev");
    craft_write(src, "file", "x", 1, 0644);
    char *fifo = tmp("special/dev/pipe");
    CHECK_INT_EQ(mkfifo(fifo, 0644), 0);
    char *out_dir = tmp("out");
    craft_mkdir(out_dir, "");
    char *archive_path = tmp("out/special.pkgar");
    mh_error err;
    CHECK_INT_EQ(pkgar_create(archive_path, src, &sk, NULL, NULL, &err), -1);
    CHECK_STR_EQ(err.path, fifo);
    CHECK(strstr(err.message, "FIFO") != NULL);
    CHECK_INT_EQ(craft_count_tree(out_dir), 0);
    free(archive_path);
    free(out_dir);
    free(fifo);
    free(src);
}

static void create_refuses_paths_over_255_bytes(void) {
    pkgar_public_key pk;
    pkgar_secret_key sk;
    craft_test_key(&pk, &sk);
    char *src = tmp("long");
    craft_mkdir(src, "d");
    char name[258];
    memset(name, 'n', sizeof name);
    memcpy(name, "d/", 2);
    name[256] = '\0'; /* 256 bytes */
    craft_write(src, name, "x", 1, 0644);
    char *archive_path = tmp("long.pkgar");
    mh_error err;
    CHECK_INT_EQ(pkgar_create(archive_path, src, &sk, NULL, NULL, &err), -1);
    CHECK(strstr(err.message, "at most 255") != NULL);
    CHECK(!mh_path_exists(archive_path));
    free(archive_path);
    free(src);
}

/* Zeros with each MiB's offset written at its start: compresses fast (LZMA2 preset 5 is slow
 * on varied data), yet a misplaced or lost chunk changes the content. */
static uint8_t *pattern(size_t len) {
    uint8_t *p = mh_xcalloc(1, len);
    for (size_t off = 0; off + 8 <= len; off += 1u << 20)
        for (int i = 0; i < 8; i++)
            p[off + (size_t)i] = (uint8_t)((uint64_t)off >> (8 * i));
    return p;
}

/* Compares streamed content with the expected bytes. */
typedef struct compare_sink {
    const uint8_t *expected;
    size_t len, pos;
    int same;
} compare_sink;

static int compare_content(void *ctx, const uint8_t *data, size_t len, mh_error *err) {
    (void)err;
    compare_sink *c = ctx;
    if (len > c->len - c->pos || memcmp(c->expected + c->pos, data, len) != 0)
        c->same = 0;
    c->pos += len < c->len - c->pos ? len : c->len - c->pos;
    return 0;
}

static void large_lzma2_files_round_trip(void) {
    pkgar_public_key pk;
    pkgar_secret_key sk;
    craft_test_key(&pk, &sk);
    size_t len = (65u << 20) + 4321; /* past LZMA2's 64 MiB reader dictionary */
    uint8_t *data = pattern(len);
    char *src = tmp("big");
    craft_mkdir(src, "");
    craft_write(src, "big.bin", data, len, 0644);
    craft_write(src, "small", "after the big one", 17, 0644);
    char *archive_path = tmp("big.pkgar");
    pkgar_create_options options = {PKGAR_PACKAGING_LZMA2, 0};
    pkgar_create_info info;
    mh_error err;
    CHECK_INT_EQ(pkgar_create(archive_path, src, &sk, &options, &info, &err), 0);
    CHECK(info.network_size < len / 4);
    CHECK_INT_EQ(info.storage_size, pkgar_head_size(2) + len + 17);
    pkgar_archive a;
    if (open_ok(&a, archive_path, &pk)) {
        CHECK_STR_EQ(a.entries[0].path, "big.bin");
        compare_sink c = {data, len, 0, 1};
        CHECK_INT_EQ(pkgar_archive_read_entry(&a, 0, compare_content, &c, &err), 0);
        CHECK_INT_EQ(c.pos, len);
        CHECK(c.same);
        CHECK_INT_EQ(pkgar_archive_verify_data(&a, &err), 0);
        pkgar_archive_close(&a);
    }
    free(archive_path);
    free(data);
    free(src);
}

/* Expects opening or extracting archive_path to fail with a message containing expected, and
 * nothing to appear in the extraction's parent directory. */
static void expect_rejected(const char *archive_path, const pkgar_public_key *pk,
                            const char *expected) {
    char *parent = tmp("dest");
    craft_mkdir(parent, "");
    char *dest = mh_path_join(parent, "tree");
    mh_error err;
    mh_error_clear(&err);
    pkgar_archive a;
    int rc = pkgar_archive_open(&a, archive_path, pk, &err);
    if (rc == 0) {
        rc = pkgar_extract(&a, dest, &err);
        pkgar_archive_close(&a);
    }
    CHECK_INT_EQ(rc, -1);
    if (!CHECK(strstr(err.message, expected) != NULL))
        printf("    message was: %s (expected \"%s\")\n", err.message, expected);
    CHECK_INT_EQ(craft_count_tree(parent), 0);
    mh_remove_tree(parent, &err);
    free(dest);
    free(parent);
}

static void copy_file(const char *from, const char *to) {
    size_t len;
    char *bytes = craft_read(from, &len);
    mh_error err;
    mh_write_file_atomic(to, bytes, len, 0644, &err);
    free(bytes);
}

/* A way to damage an archive at a place (craft_flip at an offset, craft_truncate to a size), and
 * the message that must reject it. */
typedef struct damage {
    uint64_t at;
    const char *expected;
} damage;

/* Damages a fresh copy of good with each case and expects the copy rejected. */
static void expect_damage_rejected(const char *good, void (*damage_file)(const char *, uint64_t),
                                   const damage *cases, size_t count, const pkgar_public_key *pk) {
    char *bad = tmp("bad.pkgar");
    for (size_t i = 0; i < count; i++) {
        copy_file(good, bad);
        damage_file(bad, cases[i].at);
        expect_rejected(bad, pk, cases[i].expected);
    }
    free(bad);
}

static void every_tampered_byte_region_is_rejected(void) {
    pkgar_public_key pk;
    pkgar_secret_key sk;
    craft_test_key(&pk, &sk);
    char *src = tmp("small");
    craft_mkdir(src, "d");
    craft_write(src, "d/first", "first file content", 18, 0644);
    craft_write(src, "second", "second file, a little longer than the first", 44, 0755);
    craft_symlink(src, "link", "d/first");
    for (size_t p = 0; p < MH_COUNT(PACKAGINGS); p++) {
        char *good = tmp("good.pkgar");
        pkgar_create_options options = {PACKAGINGS[p], 0};
        mh_error err;
        CHECK_INT_EQ(pkgar_create(good, src, &sk, &options, NULL, &err), 0);
        uint64_t head = pkgar_head_size(3), size = craft_file_size(good);
        const damage flips[] = {
            {0, "signature"},          /* signature */
            {63, "signature"},         /* its last byte */
            {64, "signature"},         /* embedded public key */
            {100, "signature"},        /* entries hash */
            {128, "signature"},        /* count */
            {133, "signature"},        /* flags */
            {136, "entry table"},      /* first entry's blake3 */
            {136 + 32, "entry table"}, /* its offset */
            {136 + 40, "entry table"}, /* its size */
            {136 + 48, "entry table"}, /* its mode */
            {136 + 52, "entry table"}, /* its path */
            {head - 1, "entry table"}, /* last entry's path padding */
            {head, "entry '"},         /* first data byte */
            {head + 12, "entry '"},    /* inside the first entry */
            {size - 1, "entry '"},     /* last data byte */
        };
        expect_damage_rejected(good, craft_flip, flips, MH_COUNT(flips), &pk);
        free(good);
    }
    free(src);
}

static void foreign_keys_are_rejected(void) {
    pkgar_public_key pk, other_pk;
    pkgar_secret_key sk, other_sk;
    craft_test_key(&pk, &sk);
    craft_other_key(&other_pk, &other_sk);
    char *src = tmp("src");
    craft_mkdir(src, "");
    craft_write(src, "f", "data", 4, 0644);
    char *archive_path = tmp("foreign.pkgar");
    mh_error err;
    /* Signed by another key. */
    CHECK_INT_EQ(pkgar_create(archive_path, src, &other_sk, NULL, NULL, &err), 0);
    expect_rejected(archive_path, &pk, "not the trusted key");
    /* Signed by another key, claiming to be ours. */
    uint8_t header[PKGAR_HEADER_SIZE];
    FILE *f = fopen(archive_path, "r+b");
    if (!CHECK(f && fread(header, 1, sizeof header, f) == sizeof header))
        return;
    memcpy(header + 64, pk.bytes, 32);
    fseek(f, 0, SEEK_SET);
    fwrite(header, 1, sizeof header, f);
    fclose(f);
    expect_rejected(archive_path, &pk, "signature check failed");
    /* Signed by our key but naming another: the embedded key must be the trusted one. */
    CHECK_INT_EQ(pkgar_create(archive_path, src, &sk, NULL, NULL, &err), 0);
    f = fopen(archive_path, "r+b");
    if (!CHECK(f && fread(header, 1, sizeof header, f) == sizeof header))
        return;
    memcpy(header + 64, other_pk.bytes, 32);
    crypto_sign_detached(header, NULL, header + 64, PKGAR_HEADER_SIZE - 64, sk.bytes);
    fseek(f, 0, SEEK_SET);
    fwrite(header, 1, sizeof header, f);
    fclose(f);
    expect_rejected(archive_path, &pk, "names another public key");
    free(archive_path);
    free(src);
}

static void truncated_archives_are_rejected(void) {
    pkgar_public_key pk;
    pkgar_secret_key sk;
    craft_test_key(&pk, &sk);
    char *src = tmp("src");
    craft_mkdir(src, "");
    craft_write(src, "one", "1111111111", 10, 0644);
    craft_write(src, "two", "2222222222", 10, 0644);
    for (size_t p = 0; p < MH_COUNT(PACKAGINGS); p++) {
        char *good = tmp("good.pkgar");
        pkgar_create_options options = {PACKAGINGS[p], 0};
        mh_error err;
        CHECK_INT_EQ(pkgar_create(good, src, &sk, &options, NULL, &err), 0);
        uint64_t head = pkgar_head_size(2), size = craft_file_size(good);
        const damage cuts[] = {
            {0, "shorter than the 136-byte header"},
            {135, "shorter than the 136-byte header"},
            {136, "truncated"},
            {head - 1, "truncated"},
            {head, "no data section"},
            {head + 1, "beyond the end"},
            {size - 1, "beyond the end"},
        };
        expect_damage_rejected(good, craft_truncate, cuts, MH_COUNT(cuts), &pk);
        free(good);
    }
    free(src);
}

static void malicious_archives_are_rejected_before_writing(void) {
    pkgar_public_key pk;
    pkgar_secret_key sk;
    craft_test_key(&pk, &sk);
    const uint32_t FILE_644 = PKGAR_MODE_FILE | 0644, LINK = PKGAR_MODE_SYMLINK | 0777;
    char *outside = tmp("outside");
    craft_mkdir(outside, "");
    char *escape_target = mh_path_join(outside, "");
    struct {
        craft_entry entries[3];
        size_t count;
        const char *expected;
    } cases[] = {
        {{{"ok", FILE_644, "x", 1}, {"../escape", FILE_644, "evil", 4}}, 2, "'..'"},
        {{{"a/../../escape", FILE_644, "evil", 4}}, 1, "'..'"},
        {{{"/tmp/escape", FILE_644, "evil", 4}}, 1, "absolute"},
        {{{"./a", FILE_644, "x", 1}}, 1, "'.'"},
        {{{"a//b", FILE_644, "x", 1}}, 1, "empty path component"},
        {{{"", FILE_644, "x", 1}}, 1, "empty"},
        {{{"dup", FILE_644, "x", 1}, {"dup", FILE_644, "y", 1}}, 2, "more than once"},
        /* A symlink out of the tree, then a file through it. */
        {{{"lib", LINK, escape_target, strlen(escape_target)}, {"lib/evil", FILE_644, "e", 1}},
         2,
         "lies under 'lib', which is a symlink"},
        {{{"f", FILE_644, "x", 1}, {"f/g", FILE_644, "y", 1}}, 2, "which is a file"},
        {{{"sock", 0140644, "x", 1}}, 1, "invalid mode"},
        {{{"dir", 0040755, "", 0}}, 1, "invalid mode"},
        {{{"f", PKGAR_MODE_FILE | 0644 | 0200000, "x", 1}}, 1, "invalid mode"},
    };
    for (size_t p = 0; p < MH_COUNT(PACKAGINGS); p++) {
        for (size_t i = 0; i < MH_COUNT(cases); i++) {
            char *archive_path = tmp("evil.pkgar");
            craft_archive(archive_path, &sk, PACKAGINGS[p], cases[i].entries, cases[i].count);
            expect_rejected(archive_path, &pk, cases[i].expected);
            CHECK_INT_EQ(craft_count_tree(outside), 0);
            free(archive_path);
        }
    }
    free(escape_target);
    free(outside);
}

/* Rewrites entry index's offset or size field and re-signs. */
static void patch_entry_u64(const char *path, uint32_t index, size_t field, uint64_t value,
                            const pkgar_secret_key *sk) {
    FILE *f = fopen(path, "r+b");
    uint8_t bytes[8];
    for (int i = 0; i < 8; i++)
        bytes[i] = (uint8_t)(value >> (8 * i));
    fseek(f, (long)(PKGAR_HEADER_SIZE + index * PKGAR_ENTRY_SIZE + field), SEEK_SET);
    fwrite(bytes, 1, 8, f);
    fclose(f);
    craft_resign(path, sk);
}

static void signed_entries_pointing_outside_the_data_are_rejected(void) {
    pkgar_public_key pk;
    pkgar_secret_key sk;
    craft_test_key(&pk, &sk);
    craft_entry entries[] = {{"a", PKGAR_MODE_FILE | 0644, "aaaa", 4},
                             {"b", PKGAR_MODE_FILE | 0644, "bbbb", 4}};
    char *archive_path = tmp("bounds.pkgar");
    struct {
        size_t field;
        uint64_t value;
    } patches[] = {{32, 5}, {40, 5}, {32, UINT64_MAX}, {40, UINT64_MAX - 2}};
    for (size_t i = 0; i < MH_COUNT(patches); i++) {
        craft_archive(archive_path, &sk, PKGAR_PACKAGING_RAW, entries, 2);
        patch_entry_u64(archive_path, 1, patches[i].field, patches[i].value, &sk);
        expect_rejected(archive_path, &pk, "beyond the end");
    }
    /* Inside the file but not the right bytes: caught by the hash. */
    craft_archive(archive_path, &sk, PKGAR_PACKAGING_RAW, entries, 2);
    patch_entry_u64(archive_path, 1, 32, 0, &sk);
    expect_rejected(archive_path, &pk, "BLAKE3");
    free(archive_path);
}

static void lzma2_data_must_match_its_length_prefix(void) {
    pkgar_public_key pk;
    pkgar_secret_key sk;
    craft_test_key(&pk, &sk);
    craft_entry entries[] = {{"a", PKGAR_MODE_FILE | 0644, "compress me, compress me", 24}};
    char *archive_path = tmp("prefix.pkgar");
    uint64_t data_start = pkgar_head_size(1);
    /* The prefix is covered by no hash, only the content is: a wrong prefix must still fail. */
    craft_archive(archive_path, &sk, PKGAR_PACKAGING_LZMA2, entries, 1);
    craft_flip(archive_path, data_start); /* 24 -> 25 */
    expect_rejected(archive_path, &pk, "not the declared");
    craft_archive(archive_path, &sk, PKGAR_PACKAGING_LZMA2, entries, 1);
    craft_flip(archive_path, data_start + 7); /* a huge declared length */
    expect_rejected(archive_path, &pk, "entry 'a'");
    free(archive_path);
}

static void verify_data_checks_every_entry(void) {
    pkgar_public_key pk;
    pkgar_secret_key sk;
    craft_test_key(&pk, &sk);
    craft_entry entries[] = {{"a", PKGAR_MODE_FILE | 0644, "one", 3},
                             {"b", PKGAR_MODE_FILE | 0644, "two", 3}};
    char *archive_path = tmp("v.pkgar");
    craft_archive(archive_path, &sk, PKGAR_PACKAGING_RAW, entries, 2);
    craft_flip(archive_path, pkgar_head_size(2) + 4);
    pkgar_archive a;
    if (open_ok(&a, archive_path, &pk)) {
        mh_error err;
        CHECK_INT_EQ(pkgar_archive_verify_data(&a, &err), -1);
        CHECK(strstr(err.message, "entry 'b'") != NULL);
        pkgar_archive_close(&a);
    }
    free(archive_path);
}

static const mh_test TESTS[] = {
    MH_TEST(create_and_extract_round_trip),
    MH_TEST(entries_follow_upstreams_walk_order),
    MH_TEST(creating_twice_gives_the_same_bytes),
    MH_TEST(create_refuses_special_files_and_leaves_nothing),
    MH_TEST(create_refuses_paths_over_255_bytes),
    MH_TEST(large_lzma2_files_round_trip),
    MH_TEST(every_tampered_byte_region_is_rejected),
    MH_TEST(foreign_keys_are_rejected),
    MH_TEST(truncated_archives_are_rejected),
    MH_TEST(malicious_archives_are_rejected_before_writing),
    MH_TEST(signed_entries_pointing_outside_the_data_are_rejected),
    MH_TEST(lzma2_data_must_match_its_length_prefix),
    MH_TEST(verify_data_checks_every_entry),
};

int main(int argc, char **argv) {
    return mh_test_run(TESTS, MH_COUNT(TESTS), argc, argv);
}
