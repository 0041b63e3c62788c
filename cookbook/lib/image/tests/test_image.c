/* Unit tests of the image library: CRC-32 vectors, GPT layout planning, and tables that
 * gdisk's own checker (sgdisk -v) accepts, with the partitions where upstream puts them. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/files.h"
#include "base/process.h"
#include "base/strbuf.h"
#include "image/gpt.h"
#include "testing/testing.h"

static void crc32_matches_the_standard_check_value(void) {
    CHECK_INT_EQ(mh_crc32(0, "123456789", 9), 0xCBF43926u);
    CHECK_INT_EQ(mh_crc32(0, "", 0), 0);
    /* incremental equals one-shot */
    CHECK_INT_EQ(mh_crc32(mh_crc32(0, "1234", 4), "56789", 5), 0xCBF43926u);
}

static void plan_places_partitions_as_upstream(void) {
    mh_gpt_layout l;
    mh_error err;
    CHECK_INT_EQ(mh_gpt_plan(64ull * MH_MIB, 1, 4 * MH_MIB, &l, &err), 0);
    CHECK_INT_EQ(l.bios_start, 34 * 512);
    CHECK_INT_EQ(l.efi_start, MH_MIB);
    CHECK_INT_EQ(l.efi_end, 2 * MH_MIB);
    CHECK_INT_EQ(l.redox_start, 2 * MH_MIB);
    CHECK_INT_EQ(l.redox_end, 63 * MH_MIB); /* last whole MiB before the backup table */
    CHECK_INT_EQ(mh_gpt_plan(64ull * MH_MIB + 12345 * 512, 4, 0, &l, &err), 0);
    CHECK_INT_EQ(l.redox_start, 5 * MH_MIB);
    CHECK_INT_EQ(l.redox_end, 70 * MH_MIB);
    CHECK_INT_EQ(mh_gpt_plan(4 * MH_MIB, 1, 4 * MH_MIB, &l, &err), -1);
    CHECK(strstr(err.message, "too small") != NULL);
}

static char *make_disk(uint64_t bytes, const uint8_t seed[16]) {
    char *path = mh_path_join(mh_test_tmpdir(), "disk.img");
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0 && ftruncate(fd, (off_t)bytes) == 0);
    mh_gpt_layout l;
    mh_error err;
    CHECK_INT_EQ(mh_gpt_plan(bytes, 2, MH_MIB, &l, &err), 0);
    CHECK_INT_EQ(mh_gpt_write(fd, path, &l, seed, &err), 0);
    close(fd);
    return path;
}

static void sgdisk_verifies_the_tables(void) {
    const uint8_t seed[16] = "macrohard-test!";
    char *path = make_disk(48ull * MH_MIB, seed);
    mh_strbuf out = MH_STRBUF_INIT;
    mh_error err;
    char *verify[] = {"sgdisk", "-v", path, NULL};
    CHECK_INT_EQ(mh_run(verify, &out, &err), 0);
    CHECK(strstr(mh_strbuf_str(&out), "No problems found") != NULL);
    if (!strstr(mh_strbuf_str(&out), "No problems found"))
        printf("%s\n", mh_strbuf_str(&out));
    mh_strbuf_truncate(&out, 0);
    char *print[] = {"sgdisk", "-p", path, NULL};
    CHECK_INT_EQ(mh_run(print, &out, &err), 0);
    const char *text = mh_strbuf_str(&out);
    CHECK(strstr(text, "   1              34            2047") && strstr(text, "EF02  BIOS"));
    CHECK(strstr(text, "   2            2048            6143") && strstr(text, "EF00  EFI"));
    CHECK(strstr(text, "   3            6144           96255") && strstr(text, "8300  REDOX"));
    mh_strbuf_free(&out);
    free(path);
}

static void same_seed_gives_same_bytes(void) {
    const uint8_t seed[16] = "0123456789abcdef";
    char *a = make_disk(8ull * MH_MIB, seed);
    char *a_copy = mh_path_join(mh_test_tmpdir(), "a.img");
    CHECK(rename(a, a_copy) == 0);
    char *b = make_disk(8ull * MH_MIB, seed);
    char *da, *db;
    size_t la, lb;
    mh_error err;
    CHECK_INT_EQ(mh_read_file(a_copy, &da, &la, &err), 0);
    CHECK_INT_EQ(mh_read_file(b, &db, &lb, &err), 0);
    CHECK(la == lb && memcmp(da, db, la) == 0);
    free(da);
    free(db);
    free(a);
    free(a_copy);
    free(b);
}

static const mh_test TESTS[] = {
    MH_TEST(crc32_matches_the_standard_check_value),
    MH_TEST(plan_places_partitions_as_upstream),
    MH_TEST(sgdisk_verifies_the_tables),
    MH_TEST(same_seed_gives_same_bytes),
};

int main(int argc, char **argv) {
    return mh_test_run(TESTS, MH_COUNT(TESTS), argc, argv);
}
