/* Unit tests of the pkgar format layer: header and entry encoding, path and mode rules. */
#include <stdlib.h>
#include <string.h>

#include "pkgar/format.h"
#include "testing/testing.h"

static void header_encodes_little_endian_fields_at_their_offsets(void) {
    pkgar_header h;
    memset(&h, 0, sizeof h);
    memset(h.signature, 0xaa, sizeof h.signature);
    memset(h.public_key, 0xbb, sizeof h.public_key);
    memset(h.entries_hash, 0xcc, sizeof h.entries_hash);
    h.count = 0x01020304;
    h.architecture = PKGAR_ARCH_X86_64;
    h.packaging = PKGAR_PACKAGING_LZMA2;
    uint8_t raw[PKGAR_HEADER_SIZE];
    pkgar_header_encode(&h, raw);
    CHECK_INT_EQ(raw[0], 0xaa);
    CHECK_INT_EQ(raw[64], 0xbb);
    CHECK_INT_EQ(raw[96], 0xcc);
    CHECK_INT_EQ(raw[128], 0x04);
    CHECK_INT_EQ(raw[131], 0x01);
    CHECK_INT_EQ(raw[132], 0);
    CHECK_INT_EQ(raw[133], 1);
    CHECK_INT_EQ(raw[134], 1);
    CHECK_INT_EQ(raw[135], 0);
    pkgar_header back;
    pkgar_header_decode(raw, &back);
    CHECK_MEM_EQ(&back, &h, sizeof h);
    CHECK_INT_EQ(pkgar_head_size(0), 136);
    CHECK_INT_EQ(pkgar_head_size(3), 136 + 3 * 308);
}

static void entry_round_trips_and_zero_fills_the_path(void) {
    pkgar_entry e;
    memset(&e, 0x5a, sizeof e); /* garbage after the path must not reach the encoding */
    memset(e.hash, 7, sizeof e.hash);
    e.offset = 0x1122334455667788ull;
    e.size = 42;
    e.mode = PKGAR_MODE_FILE | 0755;
    strcpy(e.path, "usr/bin/ls");
    e.path_len = 10;
    uint8_t raw[PKGAR_ENTRY_SIZE];
    pkgar_entry_encode(&e, raw);
    CHECK_INT_EQ(raw[32], 0x88);
    CHECK_INT_EQ(raw[39], 0x11);
    CHECK_INT_EQ(raw[40], 42);
    CHECK_INT_EQ(raw[48], 0xed); /* 0100755 = 0x81ed */
    CHECK_INT_EQ(raw[49], 0x81);
    CHECK_MEM_EQ(raw + 52, "usr/bin/ls", 10);
    for (size_t i = 52 + 10; i < PKGAR_ENTRY_SIZE; i++)
        if (!CHECK_INT_EQ(raw[i], 0))
            break;
    pkgar_entry back;
    mh_error err;
    CHECK_INT_EQ(pkgar_entry_decode(raw, &back, "x.pkgar", 0, &err), 0);
    CHECK_STR_EQ(back.path, "usr/bin/ls");
    CHECK_INT_EQ(back.path_len, 10);
    CHECK_INT_EQ(back.offset, e.offset);
    CHECK_INT_EQ(back.size, 42);
    CHECK_INT_EQ(back.mode, e.mode);
    CHECK_MEM_EQ(back.hash, e.hash, 32);
}

static int path_ok(const char *path) {
    mh_error err;
    return pkgar_path_check(path, strlen(path), "a.pkgar", &err) == 0;
}

static void paths_must_be_plain_relative_names(void) {
    CHECK(path_ok("a"));
    CHECK(path_ok("usr/lib/libc.so.6"));
    CHECK(path_ok("-rf"));
    CHECK(path_ok("dir/--help"));
    CHECK(path_ok("with space/and\ttab"));
    CHECK(path_ok("ünïcödé/日本語"));
    CHECK(path_ok("...")); /* a name, not a dot component */
    CHECK(path_ok(".hidden/..x"));
    CHECK(!path_ok(""));
    CHECK(!path_ok("/etc/passwd"));
    CHECK(!path_ok(".."));
    CHECK(!path_ok("../x"));
    CHECK(!path_ok("a/../../x"));
    CHECK(!path_ok("a/.."));
    CHECK(!path_ok("."));
    CHECK(!path_ok("./a"));
    CHECK(!path_ok("a/./b"));
    CHECK(!path_ok("a//b"));
    CHECK(!path_ok("a/"));
    char long_path[300];
    memset(long_path, 'x', sizeof long_path);
    long_path[255] = '\0';
    CHECK(path_ok(long_path));
    long_path[255] = 'x';
    long_path[256] = '\0';
    CHECK(!path_ok(long_path));
    mh_error err;
    CHECK_INT_EQ(pkgar_path_check("a\0b", 3, "a.pkgar", &err), -1);
    CHECK(strstr(err.message, "NUL") != NULL);
    CHECK_INT_EQ(pkgar_path_check("x/../y", 6, "a.pkgar", &err), -1);
    CHECK_STR_EQ(err.path, "a.pkgar");
    CHECK(strstr(err.message, "'..'") != NULL);
}

static void modes_must_be_a_file_or_symlink_with_permissions(void) {
    mh_error err;
    CHECK_INT_EQ(pkgar_mode_check(PKGAR_MODE_FILE | 0644, "a", "p", &err), 0);
    CHECK_INT_EQ(pkgar_mode_check(PKGAR_MODE_FILE | 04755, "a", "p", &err), 0);
    CHECK_INT_EQ(pkgar_mode_check(PKGAR_MODE_SYMLINK | 0777, "a", "p", &err), 0);
    CHECK_INT_EQ(pkgar_mode_check(0644, "a", "p", &err), -1);
    CHECK_INT_EQ(pkgar_mode_check(0040755, "a", "p", &err), -1); /* directory */
    CHECK_INT_EQ(pkgar_mode_check(0140644, "a", "p", &err), -1); /* socket */
    CHECK_INT_EQ(pkgar_mode_check(0020644, "a", "p", &err), -1); /* char device */
    CHECK_INT_EQ(pkgar_mode_check(0300644, "a", "p", &err), -1); /* stray high bit */
    CHECK(strstr(err.message, "invalid mode") != NULL);
}

static void entry_decode_rejects_unterminated_paths(void) {
    uint8_t raw[PKGAR_ENTRY_SIZE];
    memset(raw, 0, sizeof raw);
    raw[48] = 0xa4; /* 0100644 */
    raw[49] = 0x81;
    memset(raw + 52, 'a', PKGAR_PATH_FIELD_SIZE);
    pkgar_entry e;
    mh_error err;
    CHECK_INT_EQ(pkgar_entry_decode(raw, &e, "a.pkgar", 5, &err), -1);
    CHECK(strstr(err.message, "NUL-terminated") != NULL);
    raw[52 + 3] = 0;
    CHECK_INT_EQ(pkgar_entry_decode(raw, &e, "a.pkgar", 5, &err), 0);
    CHECK_STR_EQ(e.path, "aaa");
}

static void path_display_escapes_control_bytes(void) {
    char *shown = pkgar_path_display("a\nb\\c", 5);
    CHECK_STR_EQ(shown, "a\\x0ab\\\\c");
    free(shown);
}

static const mh_test TESTS[] = {
    MH_TEST(header_encodes_little_endian_fields_at_their_offsets),
    MH_TEST(entry_round_trips_and_zero_fills_the_path),
    MH_TEST(paths_must_be_plain_relative_names),
    MH_TEST(modes_must_be_a_file_or_symlink_with_permissions),
    MH_TEST(entry_decode_rejects_unterminated_paths),
    MH_TEST(path_display_escapes_control_bytes),
};

int main(int argc, char **argv) {
    return mh_test_run(TESTS, MH_COUNT(TESTS), argc, argv);
}
