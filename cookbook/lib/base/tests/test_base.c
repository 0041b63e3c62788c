/* Unit tests of the base library: errors, buffers, files and directories, hex. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <stdlib.h>

#include "base/error.h"
#include "base/files.h"
#include "base/hex.h"
#include "base/process.h"
#include "base/strbuf.h"
#include "base/strmap.h"
#include "testing/testing.h"

static void error_formats_location(void) {
    mh_error err;
    mh_error_clear(&err);
    mh_error_set(&err, "recipes/a/recipe.toml", 3, 7, "expected %s", "a string");
    char out[256];
    mh_error_format(&err, out, sizeof out);
    CHECK_STR_EQ(out, "recipes/a/recipe.toml:3:7: expected a string");
    mh_error_prefix(&err, "in [source]");
    mh_error_format(&err, out, sizeof out);
    CHECK_STR_EQ(out, "recipes/a/recipe.toml:3:7: in [source]: expected a string");
    mh_error_set(&err, NULL, 0, 0, "plain");
    mh_error_format(&err, out, sizeof out);
    CHECK_STR_EQ(out, "plain");
}

static void strbuf_grows(void) {
    mh_strbuf sb = MH_STRBUF_INIT;
    CHECK_STR_EQ(mh_strbuf_str(&sb), "");
    for (int i = 0; i < 1000; i++)
        mh_strbuf_printf(&sb, "%d,", i);
    CHECK(sb.len > 3000);
    CHECK(strncmp(sb.data, "0,1,2,", 6) == 0);
    mh_strbuf_truncate(&sb, 2);
    CHECK_STR_EQ(sb.data, "0,");
    char *s = mh_strbuf_detach(&sb);
    CHECK_STR_EQ(s, "0,");
    CHECK(sb.data == NULL);
    free(s);
}

static void files_write_atomically_and_read_back(void) {
    mh_error err;
    char *dir = mh_path_join(mh_test_tmpdir(), "a/b/c");
    CHECK_INT_EQ(mh_mkdir_p(dir, &err), 0);
    CHECK(mh_is_directory(dir));
    char *file = mh_path_join(dir, "f.txt");
    CHECK_INT_EQ(mh_write_file_atomic(file, "hello", 5, 0640, &err), 0);
    struct stat st;
    CHECK(stat(file, &st) == 0 && (st.st_mode & 0777) == 0640);
    char *data;
    size_t len;
    CHECK_INT_EQ(mh_read_file(file, &data, &len, &err), 0);
    CHECK_INT_EQ(len, 5);
    CHECK_STR_EQ(data, "hello");
    free(data);
    CHECK_INT_EQ(mh_read_file("/nonexistent/x", &data, &len, &err), -1);
    CHECK_STR_EQ(err.path, "/nonexistent/x");
    char *top = mh_path_join(mh_test_tmpdir(), "a");
    CHECK_INT_EQ(mh_remove_tree(top, &err), 0);
    CHECK(!mh_path_exists(top));
    free(top);
    free(file);
    free(dir);
}

static void strmap_holds_many_keys(void) {
    mh_strmap map = MH_STRMAP_INIT;
    static int values[5000];
    char key[32];
    for (int i = 0; i < 5000; i++) {
        snprintf(key, sizeof key, "recipe-%d", i);
        CHECK(mh_strmap_put(&map, key, &values[i]) == NULL);
    }
    CHECK_INT_EQ(map.count, 5000);
    for (int i = 0; i < 5000; i++) {
        snprintf(key, sizeof key, "recipe-%d", i);
        if (!CHECK(mh_strmap_get(&map, key) == &values[i]))
            break;
    }
    CHECK(mh_strmap_get(&map, "recipe-5000") == NULL);
    CHECK(mh_strmap_put(&map, "recipe-7", &values[0]) == &values[7]);
    CHECK(mh_strmap_get(&map, "recipe-7") == &values[0]);
    CHECK_INT_EQ(map.count, 5000);
    mh_strmap_free(&map);
    CHECK(mh_strmap_get(&map, "recipe-1") == NULL);
}

static void run_captures_output_and_failures(void) {
    mh_error err;
    mh_strbuf out = MH_STRBUF_INIT;
    char *ok[] = {"sh", "-c", "echo out; echo err >&2", NULL};
    CHECK_INT_EQ(mh_run(ok, &out, &err), 0);
    CHECK_STR_EQ(mh_strbuf_str(&out), "out\nerr\n");
    mh_strbuf_free(&out);
    char *bad[] = {"sh", "-c", "echo one; echo two; exit 3", NULL};
    CHECK_INT_EQ(mh_run(bad, NULL, &err), -1);
    CHECK_STR_EQ(err.message, "sh failed (exit status 3): one\ntwo");
    char *missing[] = {"mh-no-such-program", NULL};
    CHECK_INT_EQ(mh_run(missing, NULL, &err), -1);
    CHECK(strstr(err.message, "cannot run mh-no-such-program") != NULL);
    char *killed[] = {"sh", "-c", "kill -9 $$", NULL};
    CHECK_INT_EQ(mh_run(killed, NULL, &err), -1);
    CHECK(strstr(err.message, "killed by signal 9") != NULL);
}

static void list_dir_sorts_names_without_dot_entries(void) {
    mh_error err;
    char *dir = mh_path_join(mh_test_tmpdir(), "listed");
    CHECK_INT_EQ(mh_mkdir_p(dir, &err), 0);
    const char *created[] = {"b", "a", "B", ".hidden", "a0"};
    for (size_t i = 0; i < MH_COUNT(created); i++) {
        char *path = mh_path_join(dir, created[i]);
        CHECK_INT_EQ(mh_write_file_atomic(path, "", 0, 0644, &err), 0);
        free(path);
    }
    char **names;
    size_t count;
    CHECK_INT_EQ(mh_list_dir(dir, &names, &count), 0);
    const char *expected[] = {".hidden", "B", "a", "a0", "b"};
    if (CHECK_INT_EQ(count, MH_COUNT(expected)))
        for (size_t i = 0; i < count; i++)
            CHECK_STR_EQ(names[i], expected[i]);
    mh_free_names(names, count);
    char *missing = mh_path_join(dir, "missing");
    CHECK_INT_EQ(mh_list_dir(missing, &names, &count), -1);
    CHECK_INT_EQ(errno, ENOENT);
    CHECK(names == NULL && count == 0);
    free(missing);
    free(dir);
}

static void hex_round_trips_and_rejects_bad_digits(void) {
    uint8_t bytes[4] = {0x00, 0x9f, 0xa0, 0xff}, back[4];
    char hex[9];
    mh_hex_encode(bytes, 4, hex);
    CHECK_STR_EQ(hex, "009fa0ff");
    CHECK_INT_EQ(mh_hex_decode("009FA0ff", 8, back, 4), 0);
    CHECK_MEM_EQ(back, bytes, 4);
    CHECK_INT_EQ(mh_hex_decode("009fa0f", 7, back, 4), -1);
    CHECK_INT_EQ(mh_hex_decode("009fa0fg", 8, back, 4), -1);
    CHECK_INT_EQ(mh_hex_decode("009fa0ff00", 10, back, 4), -1);
}

static const mh_test TESTS[] = {
    MH_TEST(run_captures_output_and_failures),
    MH_TEST(strmap_holds_many_keys),
    MH_TEST(error_formats_location),
    MH_TEST(strbuf_grows),
    MH_TEST(files_write_atomically_and_read_back),
    MH_TEST(list_dir_sorts_names_without_dot_entries),
    MH_TEST(hex_round_trips_and_rejects_bad_digits),
};

int main(int argc, char **argv) {
    return mh_test_run(TESTS, MH_COUNT(TESTS), argc, argv);
}
