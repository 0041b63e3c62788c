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
#include "image/esp.h"
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

static void esp_holds_the_bootloader(void) {
    const uint8_t seed[16] = "esp-test-seed-16";
    char *disk = make_disk(16ull * MH_MIB, seed);
    char *efi = mh_path_join(mh_test_tmpdir(), "loader.efi");
    mh_error err;
    char payload[3000];
    for (size_t i = 0; i < sizeof payload; i++)
        payload[i] = (char)(i * 7);
    CHECK_INT_EQ(mh_write_file_atomic(efi, payload, sizeof payload, 0644, &err), 0);
    int fd = open(disk, O_RDWR);
    CHECK_INT_EQ(mh_esp_write(fd, disk, MH_MIB, 2 * MH_MIB, efi, "BOOTX64.EFI", 1700000000,
                              mh_test_tmpdir(), &err), 0);
    close(fd);
    /* mtools reads it back from inside the disk image; fsck.fat finds no damage. */
    char *image_at = mh_xasprintf("%s@@1M", disk);
    char *copy_out = mh_path_join(mh_test_tmpdir(), "out.efi");
    char *mcopy[] = {"mcopy", "-i", image_at, "::EFI/BOOT/BOOTX64.EFI", copy_out, NULL};
    CHECK_INT_EQ(mh_run(mcopy, NULL, &err), 0);
    char *back;
    size_t len;
    if (CHECK_INT_EQ(mh_read_file(copy_out, &back, &len, &err), 0)) {
        CHECK(len == sizeof payload && memcmp(back, payload, len) == 0);
        free(back);
    }
    char *part = mh_path_join(mh_test_tmpdir(), "esp.part");
    char *of = mh_xasprintf("of=%s", part), *inf = mh_xasprintf("if=%s", disk);
    char *dd[] = {"dd", inf, of, "bs=1M", "skip=1", "count=2", NULL};
    CHECK_INT_EQ(mh_run(dd, NULL, &err), 0);
    char *fsck[] = {"fsck.fat", "-n", part, NULL};
    CHECK_INT_EQ(mh_run(fsck, NULL, &err), 0);
    /* The same inputs give the same partition bytes. */
    char *first;
    size_t first_len;
    CHECK_INT_EQ(mh_read_file(part, &first, &first_len, &err), 0);
    sleep(1);
    fd = open(disk, O_RDWR);
    CHECK_INT_EQ(mh_esp_write(fd, disk, MH_MIB, 2 * MH_MIB, efi, "BOOTX64.EFI", 1700000000,
                              mh_test_tmpdir(), &err), 0);
    close(fd);
    CHECK_INT_EQ(mh_run(dd, NULL, &err), 0);
    char *second;
    size_t second_len;
    if (CHECK_INT_EQ(mh_read_file(part, &second, &second_len, &err), 0)) {
        CHECK(first_len == second_len && memcmp(first, second, first_len) == 0);
        free(second);
    }
    free(first);
    /* A bootloader larger than the partition is a clear error. */
    fd = open(disk, O_RDWR);
    CHECK_INT_EQ(mh_esp_write(fd, disk, MH_MIB, 4096, efi, "BOOTX64.EFI", 0, mh_test_tmpdir(), &err), -1);
    CHECK(strstr(err.message, "does not fit") != NULL);
    close(fd);
    free(of);
    free(inf);
    free(part);
    free(copy_out);
    free(image_at);
    free(efi);
    free(disk);
}

static const mh_test TESTS[] = {
    MH_TEST(esp_holds_the_bootloader),
    MH_TEST(crc32_matches_the_standard_check_value),
    MH_TEST(plan_places_partitions_as_upstream),
    MH_TEST(sgdisk_verifies_the_tables),
    MH_TEST(same_seed_gives_same_bytes),
};

int main(int argc, char **argv) {
    return mh_test_run(TESTS, MH_COUNT(TESTS), argc, argv);
}
