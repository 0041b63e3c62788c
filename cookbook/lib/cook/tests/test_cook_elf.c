/* Unit tests of DT_NEEDED reading and of matching needed libraries to packages: ELF images made
 * here for both classes and byte orders (and damaged in every way the reader checks), this test
 * program itself compared with readelf, and stages matched against real pkgar archives. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/files.h"
#include "base/strbuf.h"
#include "cook/auto_deps.h"
#include "cook/elf.h"
#include "cook/package.h"
#include "cook/process.h"
#include "pkgar/create.h"
#include "testing/testing.h"

/* ---- making ELF images ---- */

typedef struct image {
    uint8_t bytes[1024];
    size_t len;
    bool is64, big;
} image;

static void put(image *im, size_t at, uint64_t value, size_t size) {
    for (size_t i = 0; i < size; i++) {
        size_t shift = 8 * (im->big ? size - 1 - i : i);
        im->bytes[at + i] = (uint8_t)(value >> shift);
    }
}

typedef struct image_options {
    bool is64, big;
    const char *const *needed;   /* NULL-terminated */
    bool no_dynamic;
    bool strtab_unmapped;        /* DT_STRTAB points outside every PT_LOAD */
    uint64_t strsz_cut;          /* when non-zero: DT_STRSZ is this */
    bool extended_count;         /* PN_XNUM with the count in section header 0 */
} image_options;

/* header, program headers (PT_LOAD over the whole file, PT_DYNAMIC), dynamic entries (DT_NEEDED
 * first, then DT_STRTAB and DT_STRSZ, so the reader must look ahead), string table, and a
 * section header 0 when the program header count is extended. */
static void make_image(image *im, const image_options *o) {
    memset(im, 0, sizeof *im);
    im->is64 = o->is64;
    im->big = o->big;
    size_t word = o->is64 ? 8 : 4, header = o->is64 ? 64 : 52, ph = o->is64 ? 56 : 32;
    size_t phnum = o->no_dynamic ? 1 : 2;
    size_t needed = 0;
    while (o->needed && o->needed[needed])
        needed++;
    size_t dyn_at = header + phnum * ph, dyn_size = (needed + 3) * 2 * word;
    size_t str_at = dyn_at + dyn_size;
    size_t str_len = 1;
    uint64_t offsets[8];
    for (size_t i = 0; i < needed; i++) {
        offsets[i] = str_len;
        memcpy(im->bytes + str_at + str_len, o->needed[i], strlen(o->needed[i]) + 1);
        str_len += strlen(o->needed[i]) + 1;
    }
    size_t sh_at = str_at + str_len, sh_size = o->is64 ? 64 : 40;
    im->len = sh_at + (o->extended_count ? sh_size : 0);
    const uint64_t base = 0x400000;
    memcpy(im->bytes, "\x7f" "ELF", 4);
    im->bytes[4] = o->is64 ? 2 : 1;
    im->bytes[5] = o->big ? 2 : 1;
    im->bytes[6] = 1;
    put(im, 16, 3, 2); /* ET_DYN */
    put(im, o->is64 ? 32 : 28, header, word);                                 /* e_phoff */
    put(im, o->is64 ? 40 : 32, o->extended_count ? sh_at : 0, word);          /* e_shoff */
    put(im, o->is64 ? 54 : 42, ph, 2);                                        /* e_phentsize */
    put(im, o->is64 ? 56 : 44, o->extended_count ? 0xffff : phnum, 2);        /* e_phnum */
    if (o->extended_count)
        put(im, sh_at + (o->is64 ? 44 : 28), phnum, 4);                       /* sh_info */
    for (size_t i = 0; i < phnum; i++) {
        size_t at = header + i * ph;
        bool load = i == 0;
        uint64_t offset = load ? 0 : dyn_at, size = load ? im->len : dyn_size;
        put(im, at, load ? 1 : 2, 4);
        put(im, at + (o->is64 ? 8 : 4), offset, word);
        put(im, at + (o->is64 ? 16 : 8), base + offset, word);
        put(im, at + (o->is64 ? 32 : 16), size, word);
    }
    size_t at = dyn_at;
    for (size_t i = 0; i < needed; i++, at += 2 * word) {
        put(im, at, 1, word);
        put(im, at + word, offsets[i], word);
    }
    put(im, at, 5, word);
    put(im, at + word, o->strtab_unmapped ? 0x100 : base + str_at, word);
    at += 2 * word;
    put(im, at, 10, word);
    put(im, at + word, o->strsz_cut ? o->strsz_cut : str_len, word);
}

/* Parses exactly len bytes of a heap copy, so that any read past the end is caught. */
static int parse_copy(const image *im, size_t len, cook_elf_needed *needed, mh_error *err) {
    uint8_t *copy = malloc(len ? len : 1);
    memcpy(copy, im->bytes, len);
    mh_error_clear(err);
    int rc = cook_elf_needed_parse(copy, len, "image", needed, err);
    free(copy);
    return rc;
}

static char *joined(const cook_elf_needed *needed) {
    mh_strbuf sb = MH_STRBUF_INIT;
    for (size_t i = 0; i < needed->count; i++)
        mh_strbuf_printf(&sb, "%s%s", i ? " " : "", needed->names[i]);
    return mh_strbuf_detach(&sb);
}

static const char *const TWO[] = {"libfoo.so.1", "libbar.so.2", NULL};

/* ---- the reader ---- */

static void needed_in_every_class_and_byte_order(void) {
    for (int variant = 0; variant < 5; variant++) {
        image_options o = {.is64 = variant & 1, .big = variant & 2, .needed = TWO,
                           .extended_count = variant == 4};
        image im;
        make_image(&im, &o);
        cook_elf_needed needed;
        mh_error err;
        CHECK_INT_EQ(parse_copy(&im, im.len, &needed, &err), 1);
        char *names = joined(&needed);
        CHECK_STR_EQ(names, "libfoo.so.1 libbar.so.2");
        free(names);
        cook_elf_needed_free(&needed);
    }
}

static void not_elf_and_nothing_needed(void) {
    cook_elf_needed needed;
    mh_error err;
    CHECK_INT_EQ(cook_elf_needed_parse((const uint8_t *)"#!/bin/sh\n", 10, "x", &needed, &err), 0);
    CHECK_INT_EQ(cook_elf_needed_parse((const uint8_t *)"", 0, "x", &needed, &err), 0);
    CHECK_INT_EQ(cook_elf_needed_parse((const uint8_t *)"!<arch>\n", 8, "x", &needed, &err), 0);
    image im;
    image_options static_program = {.is64 = true, .no_dynamic = true};
    make_image(&im, &static_program);
    CHECK_INT_EQ(parse_copy(&im, im.len, &needed, &err), 1);
    CHECK_INT_EQ(needed.count, 0);
    image_options no_needed = {.is64 = true};
    make_image(&im, &no_needed);
    CHECK_INT_EQ(parse_copy(&im, im.len, &needed, &err), 1);
    CHECK_INT_EQ(needed.count, 0);
}

static void damaged_images_are_errors(void) {
    cook_elf_needed needed;
    mh_error err;
    image im;
    image_options unmapped = {.is64 = true, .needed = TWO, .strtab_unmapped = true};
    make_image(&im, &unmapped);
    CHECK_INT_EQ(parse_copy(&im, im.len, &needed, &err), -1);
    CHECK(strstr(err.message, "string table's address is in no loaded segment") != NULL);
    CHECK_STR_EQ(err.path, "image");
    image_options cut = {.is64 = false, .big = true, .needed = TWO, .strsz_cut = 3};
    make_image(&im, &cut);
    CHECK_INT_EQ(parse_copy(&im, im.len, &needed, &err), -1);
    CHECK(strstr(err.message, "outside the string table") != NULL ||
          strstr(err.message, "not terminated") != NULL);
    image_options good = {.is64 = true, .needed = TWO};
    make_image(&im, &good);
    im.bytes[4] = 7;
    CHECK_INT_EQ(parse_copy(&im, im.len, &needed, &err), -1);
    CHECK(strstr(err.message, "unknown class") != NULL);
    make_image(&im, &good);
    put(&im, 32, 5000, 8); /* e_phoff past the end */
    CHECK_INT_EQ(parse_copy(&im, im.len, &needed, &err), -1);
    CHECK(strstr(err.message, "program headers lie outside the file") != NULL);
    /* Every truncation: an error (or not ELF at all), never a read past the end. */
    for (int variant = 0; variant < 4; variant++) {
        image_options o = {.is64 = variant & 1, .big = variant & 2, .needed = TWO};
        make_image(&im, &o);
        int errors = 0;
        for (size_t len = 0; len < im.len; len++) {
            int rc = parse_copy(&im, len, &needed, &err);
            errors += rc == -1;
            if (rc == 1)
                cook_elf_needed_free(&needed);
            CHECK(rc == (len < 4 ? 0 : -1));
        }
        CHECK_INT_EQ(errors, (int)im.len - 4);
    }
}

/* This very program, against binutils' reading of it. */
static void real_executable_matches_readelf(void) {
    cook_elf_needed needed;
    mh_error err;
    mh_error_clear(&err);
    if (!CHECK_INT_EQ(cook_elf_needed_file("/proc/self/exe", &needed, &err), 1))
        return;
    char *ours = joined(&needed);
    CHECK(strstr(ours, "libc.so.6") != NULL);
    const char *argv[] = {"sh", "-c",
                          "readelf -d /proc/$PPID/exe "
                          "| sed -n 's/.*(NEEDED).*\\[\\(.*\\)\\]/\\1/p' "
                          "| tr '\\n' ' ' | sed 's/ $//'",
                          NULL};
    mh_strbuf out = MH_STRBUF_INIT;
    if (cook_run_capture(argv, NULL, NULL, -1, &out, &err) == 0 && out.len)
        CHECK_STR_EQ(ours, mh_strbuf_str(&out));
    else
        printf("    (readelf not available: compared with libc.so.6 only)\n");
    mh_strbuf_free(&out);
    free(ours);
    cook_elf_needed_free(&needed);
    CHECK_INT_EQ(cook_elf_needed_file("/proc/self/cmdline", &needed, &err), 0);
    CHECK_INT_EQ(cook_elf_needed_file("/nonexistent/file", &needed, &err), -1);
}

/* ---- stages and packages ---- */

static void write_bytes(const char *path, const void *data, size_t len) {
    char *dir = mh_xstrdup(path);
    *strrchr(dir, '/') = '\0';
    mh_error err;
    mh_mkdir_p(dir, &err);
    free(dir);
    CHECK_INT_EQ(mh_write_file_atomic(path, data, len, 0755, &err), 0);
}

static void stage_libraries_match_the_first_provider(void) {
    const char *tmp = mh_test_tmpdir();
    char *stage = mh_path_join(tmp, "stage");
    image im;
    image_options program = {.is64 = true, .needed = TWO};
    make_image(&im, &program);
    static const char *const MORE[] = {"libfoo.so.1", "libc.so.6", "libnone.so.3", NULL};
    image other;
    image_options second = {.is64 = false, .needed = MORE};
    make_image(&other, &second);
    char *paths[] = {
        mh_path_join(stage, "usr/bin/prog"),      mh_path_join(stage, "usr/libexec/a/helper"),
        mh_path_join(stage, "usr/share/ignored"), mh_path_join(stage, "usr/lib/bad.so"),
        mh_path_join(stage, "usr/lib/notes.txt"),
    };
    write_bytes(paths[0], im.bytes, im.len);
    write_bytes(paths[1], other.bytes, other.len);
    static const char *const IGNORED[] = {"libignored.so", NULL};
    image ignored;
    image_options third = {.is64 = true, .needed = IGNORED};
    make_image(&ignored, &third);
    write_bytes(paths[2], ignored.bytes, ignored.len);
    write_bytes(paths[3], "\x7f" "ELF\x02\x01", 6);
    write_bytes(paths[4], "text", 4);
    char *link = mh_path_join(stage, "usr/bin/link");
    CHECK_INT_EQ(symlink("prog", link), 0);

    char *log_path = mh_path_join(tmp, "scan.log");
    FILE *log = fopen(log_path, "w");
    cook_needed_set set = {0};
    mh_error err;
    mh_error_clear(&err);
    CHECK_INT_EQ(cook_needed_scan(stage, &set, fileno(log), &err), 0);
    fclose(log);
    if (CHECK_INT_EQ(set.count, 4)) {
        CHECK_STR_EQ(set.items[0].library, "libbar.so.2");
        CHECK_STR_EQ(set.items[1].library, "libc.so.6");
        CHECK_STR_EQ(set.items[2].library, "libfoo.so.1");
        CHECK_STR_EQ(set.items[2].needed_by, "usr/bin/prog");
        CHECK_STR_EQ(set.items[3].library, "libnone.so.3");
        CHECK_STR_EQ(set.items[3].needed_by, "usr/libexec/a/helper");
    }
    char *log_text = NULL;
    size_t log_len;
    CHECK_INT_EQ(mh_read_file(log_path, &log_text, &log_len, &err), 0);
    CHECK(log_text && strstr(log_text, "note: usr/lib/bad.so: damaged ELF file") != NULL);
    free(log_text);
    CHECK(cook_needed_is_base("libc.so.6") && !cook_needed_is_base("libfoo.so.1"));

    /* Two packages hold libfoo.so.1 (one in lib/, one in usr/lib/): the first listed wins. One
     * holds libbar.so.2 only below a subdirectory, which the loader does not search. */
    char *keys = mh_path_join(tmp, "keys");
    pkgar_secret_key sk;
    pkgar_public_key pk;
    CHECK_INT_EQ(cook_signing_key(keys, &sk, &pk, &err), 0);
    static const char *const TREES[][2] = {
        {"a/lib/libfoo.so.1", "a/usr/lib/sub/libbar.so.2"},
        {"b/usr/lib/libfoo.so.1", "b/usr/lib/libbar.so.2"},
    };
    char *archives[2];
    for (size_t i = 0; i < 2; i++) {
        for (size_t f = 0; f < 2; f++) {
            char *path = mh_path_join(tmp, TREES[i][f]);
            write_bytes(path, "lib", 3);
            free(path);
        }
        char *dir = mh_path_join(tmp, i ? "b" : "a");
        archives[i] = mh_xasprintf("%s.pkgar", dir);
        CHECK_INT_EQ(pkgar_create(archives[i], dir, &sk, NULL, NULL, &err), 0);
        free(dir);
    }
    cook_provider providers[] = {{"meta", NULL}, {"a", archives[0]}, {"b", archives[1]}};
    CHECK_INT_EQ(cook_needed_match(&set, providers, 3, &pk, &err), 0);
    if (set.count == 4) {
        CHECK_INT_EQ(set.items[0].provider, 2); /* libbar: only b has it where it counts */
        CHECK_INT_EQ(set.items[1].provider, -1);
        CHECK_INT_EQ(set.items[2].provider, 1); /* libfoo: a, listed before b */
        CHECK_INT_EQ(set.items[3].provider, -1);
    }
    /* A package signed with another key is refused. */
    pkgar_public_key other_key = pk;
    other_key.bytes[0] ^= 1;
    CHECK_INT_EQ(cook_needed_match(&set, providers, 3, &other_key, &err), -1);
    pkgar_secret_key_wipe(&sk);
    cook_needed_free(&set);
    for (size_t i = 0; i < MH_COUNT(paths); i++)
        free(paths[i]);
    free(archives[0]);
    free(archives[1]);
    free(keys);
    free(log_path);
    free(link);
    free(stage);
}

static const mh_test TESTS[] = {
    MH_TEST(needed_in_every_class_and_byte_order),
    MH_TEST(not_elf_and_nothing_needed),
    MH_TEST(damaged_images_are_errors),
    MH_TEST(real_executable_matches_readelf),
    MH_TEST(stage_libraries_match_the_first_provider),
};

int main(int argc, char **argv) {
    return mh_test_run(TESTS, MH_COUNT(TESTS), argc, argv);
}
