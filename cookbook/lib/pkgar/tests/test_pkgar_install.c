/* Unit tests of installing into existing trees, removing, replacing and verifying, and of
 * heads (split archives). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/files.h"
#include "craft.h"
#include "pkgar/archive.h"
#include "pkgar/create.h"
#include "pkgar/install.h"
#include "testing/testing.h"

static char *tmp(const char *rel) {
    return mh_path_join(mh_test_tmpdir(), rel);
}

static const uint32_t FILE_644 = PKGAR_MODE_FILE | 0644;
static const uint32_t FILE_755 = PKGAR_MODE_FILE | 0755;
static const uint32_t LINK = PKGAR_MODE_SYMLINK | 0777;

/* Every archive here is signed with the test key. */
static void write_archive(const char *path, pkgar_packaging packaging, const craft_entry *entries,
                          size_t count) {
    pkgar_public_key pk;
    pkgar_secret_key sk;
    craft_test_key(&pk, &sk);
    craft_archive(path, &sk, packaging, entries, count);
}

static int open_ok(pkgar_archive *a, const char *path) {
    pkgar_public_key pk;
    pkgar_secret_key sk;
    craft_test_key(&pk, &sk);
    mh_error err;
    if (pkgar_archive_open(a, path, &pk, &err) == 0)
        return 1;
    printf("    open %s: %s\n", path, err.message);
    return 0;
}

static char *read_at(const char *dir, const char *rel) {
    char *path = mh_path_join(dir, rel);
    size_t len;
    char *data = mh_path_exists(path) ? craft_read(path, &len) : NULL;
    free(path);
    return data;
}

static int exists_at(const char *dir, const char *rel) {
    char *path = mh_path_join(dir, rel);
    int exists = mh_path_exists(path);
    free(path);
    return exists;
}

static void install_replaces_files_and_keeps_the_rest(void) {
    char *root = tmp("sysroot");
    craft_mkdir(root, "usr/bin");
    craft_write(root, "usr/bin/tool", "old tool", 8, 0755);
    craft_write(root, "usr/bin/other", "someone else's", 14, 0644);
    craft_entry entries[] = {{"usr/bin/tool", FILE_755, "new tool", 8},
                             {"usr/lib/libx.so.1", FILE_644, "lib", 3},
                             {"usr/lib/libx.so", LINK, "libx.so.1", 9}};
    char *archive_path = tmp("pkg.pkgar");
    write_archive(archive_path, PKGAR_PACKAGING_RAW, entries, MH_COUNT(entries));
    pkgar_archive a;
    if (!open_ok(&a, archive_path))
        return;
    mh_error err;
    CHECK_INT_EQ(pkgar_extract(&a, root, &err), 0);
    char *tool = read_at(root, "usr/bin/tool"), *other = read_at(root, "usr/bin/other");
    CHECK_STR_EQ(tool, "new tool");
    CHECK_STR_EQ(other, "someone else's");
    char *link = mh_path_join(root, "usr/lib/libx.so");
    char target[64] = {0};
    CHECK_INT_EQ(readlink(link, target, sizeof target - 1), 9);
    CHECK_STR_EQ(target, "libx.so.1");
    struct stat st;
    char *tool_path = mh_path_join(root, "usr/bin/tool");
    CHECK(stat(tool_path, &st) == 0 && (st.st_mode & 07777) == 0755);
    /* No temporary files left behind: 2 dirs + 2 files in usr/bin... */
    CHECK_INT_EQ(craft_count_tree(root), 7);
    free(tool_path);
    free(link);
    free(tool);
    free(other);
    pkgar_archive_close(&a);
    free(archive_path);
    free(root);
}

static void failed_install_leaves_the_tree_as_it_was(void) {
    char *root = tmp("sysroot");
    craft_mkdir(root, "etc");
    craft_write(root, "etc/conf", "original", 8, 0644);
    craft_entry entries[] = {{"etc/conf", FILE_644, "replaced", 8},
                             {"new/dir/file", FILE_644, "fresh", 5},
                             {"zzz/last", FILE_644, "corrupt me", 10}};
    char *archive_path = tmp("pkg.pkgar");
    write_archive(archive_path, PKGAR_PACKAGING_RAW, entries, MH_COUNT(entries));
    craft_flip(archive_path, craft_file_size(archive_path) - 1); /* the last entry's data */
    pkgar_archive a;
    if (!open_ok(&a, archive_path))
        return;
    mh_error err;
    CHECK_INT_EQ(pkgar_install(&a, root, &err), -1);
    CHECK(strstr(err.message, "entry 'zzz/last'") != NULL);
    char *conf = read_at(root, "etc/conf");
    CHECK_STR_EQ(conf, "original");
    CHECK(!exists_at(root, "new"));
    CHECK(!exists_at(root, "zzz"));
    CHECK_INT_EQ(craft_count_tree(root), 2); /* etc, etc/conf: temporaries and new dirs gone */
    free(conf);
    pkgar_archive_close(&a);
    free(archive_path);
    free(root);
}

static void symlinks_on_disk_are_never_followed(void) {
    char *root = tmp("sysroot"), *outside = tmp("outside");
    craft_mkdir(root, "");
    craft_mkdir(outside, "");
    craft_symlink(root, "lib", outside);
    craft_entry entries[] = {{"bin/ok", FILE_644, "fine", 4}, {"lib/evil.so", FILE_644, "e", 1}};
    char *archive_path = tmp("pkg.pkgar");
    write_archive(archive_path, PKGAR_PACKAGING_RAW, entries, MH_COUNT(entries));
    pkgar_archive a;
    if (!open_ok(&a, archive_path))
        return;
    mh_error err;
    CHECK_INT_EQ(pkgar_install(&a, root, &err), -1);
    CHECK(strstr(err.message, "symlink on disk") != NULL);
    CHECK(strstr(err.path, "lib") != NULL);
    CHECK_INT_EQ(craft_count_tree(outside), 0);
    CHECK_INT_EQ(craft_count_tree(root), 1); /* only the symlink; bin/ was rolled back */
    /* A symlink where a file goes is replaced, not written through. */
    char *victim = tmp("outside/victim");
    craft_write(outside, "victim", "untouched", 9, 0644);
    craft_mkdir(root, "bin");
    craft_symlink(root, "bin/ok", victim);
    craft_entry one[] = {{"bin/ok", FILE_644, "fine", 4}};
    pkgar_archive_close(&a);
    write_archive(archive_path, PKGAR_PACKAGING_RAW, one, MH_COUNT(one));
    if (!open_ok(&a, archive_path))
        return;
    CHECK_INT_EQ(pkgar_install(&a, root, &err), 0);
    char *victim_data = read_at(outside, "victim"), *ok = read_at(root, "bin/ok");
    CHECK_STR_EQ(victim_data, "untouched");
    CHECK_STR_EQ(ok, "fine");
    struct stat st;
    char *ok_path = mh_path_join(root, "bin/ok");
    CHECK(lstat(ok_path, &st) == 0 && S_ISREG(st.st_mode));
    free(ok_path);
    free(victim_data);
    free(ok);
    free(victim);
    pkgar_archive_close(&a);
    free(archive_path);
    free(outside);
    free(root);
}

static void directories_on_disk_are_not_replaced(void) {
    char *root = tmp("sysroot");
    craft_mkdir(root, "share/doc");
    craft_entry entries[] = {{"share/doc", FILE_644, "file where a dir is", 19}};
    char *archive_path = tmp("pkg.pkgar");
    write_archive(archive_path, PKGAR_PACKAGING_RAW, entries, MH_COUNT(entries));
    pkgar_archive a;
    if (!open_ok(&a, archive_path))
        return;
    mh_error err;
    CHECK_INT_EQ(pkgar_install(&a, root, &err), -1);
    CHECK(strstr(err.message, "is a directory on disk") != NULL);
    CHECK_INT_EQ(craft_count_tree(root), 2);
    pkgar_archive_close(&a);
    free(archive_path);
    free(root);
}

static void temporary_names_never_collide_with_entries(void) {
    char *root = tmp("tree");
    /* ".pkgar.foo" is upstream's temporary name for "foo". */
    craft_entry entries[] = {{".pkgar.foo", FILE_644, "dot", 3}, {"foo", FILE_644, "plain", 5}};
    char *archive_path = tmp("pkg.pkgar");
    write_archive(archive_path, PKGAR_PACKAGING_RAW, entries, MH_COUNT(entries));
    pkgar_archive a;
    if (!open_ok(&a, archive_path))
        return;
    mh_error err;
    CHECK_INT_EQ(pkgar_extract(&a, root, &err), 0);
    char *dot = read_at(root, ".pkgar.foo"), *plain = read_at(root, "foo");
    CHECK_STR_EQ(dot, "dot");
    CHECK_STR_EQ(plain, "plain");
    CHECK_INT_EQ(craft_count_tree(root), 2);
    /* Installing again over the same files, with a stale temporary name in the way. */
    craft_write(root, ".pkgar..pkgar.foo", "stale", 5, 0644);
    CHECK_INT_EQ(pkgar_install(&a, root, &err), 0);
    CHECK_INT_EQ(craft_count_tree(root), 3);
    free(dot);
    free(plain);
    pkgar_archive_close(&a);
    free(archive_path);
    free(root);
}

static void fresh_extraction_creates_missing_parents_and_cleans_up(void) {
    craft_entry entries[] = {{"f", FILE_644, "x", 1}, {"g", FILE_644, "y", 1}};
    char *archive_path = tmp("pkg.pkgar");
    write_archive(archive_path, PKGAR_PACKAGING_RAW, entries, MH_COUNT(entries));
    char *work = tmp("work");
    craft_mkdir(work, "");
    char *dest = mh_path_join(work, "a/b/dest");
    pkgar_archive a;
    if (!open_ok(&a, archive_path))
        return;
    mh_error err;
    CHECK_INT_EQ(pkgar_extract(&a, dest, &err), 0);
    CHECK_INT_EQ(craft_count_tree(work), 5);
    pkgar_archive_close(&a);
    mh_remove_tree(dest, &err);
    char *a_dir = mh_path_join(work, "a");
    mh_remove_tree(a_dir, &err);
    craft_flip(archive_path, craft_file_size(archive_path) - 1);
    if (!open_ok(&a, archive_path))
        return;
    CHECK_INT_EQ(pkgar_extract(&a, dest, &err), -1);
    CHECK_INT_EQ(craft_count_tree(work), 0); /* neither dest nor the parents made for it */
    pkgar_archive_close(&a);
    free(a_dir);
    free(dest);
    free(work);
    free(archive_path);
}

static void remove_deletes_only_unmodified_files(void) {
    craft_entry entries[] = {{"bin/a", FILE_755, "aaa", 3},
                             {"bin/b", FILE_644, "bbb", 3},
                             {"bin/c", FILE_644, "ccc", 3},
                             {"lib/l", LINK, "../bin/a", 8}};
    char *archive_path = tmp("pkg.pkgar");
    write_archive(archive_path, PKGAR_PACKAGING_LZMA2, entries, MH_COUNT(entries));
    char *root = tmp("root"), *head = tmp("pkg.pkgar_head");
    pkgar_archive a;
    if (!open_ok(&a, archive_path))
        return;
    mh_error err;
    CHECK_INT_EQ(pkgar_extract(&a, root, &err), 0);
    CHECK_INT_EQ(pkgar_archive_split(&a, head, NULL, &err), 0);
    pkgar_archive_close(&a);
    craft_write(root, "bin/b", "edited", 6, 0644);
    char *c = mh_path_join(root, "bin/c");
    unlink(c);
    /* Removal needs only the head. */
    if (!open_ok(&a, head))
        return;
    pkgar_report report = {0};
    CHECK_INT_EQ(pkgar_remove(&a, root, &report, &err), 0);
    CHECK_INT_EQ(report.removed, 2);
    if (CHECK_INT_EQ(report.count, 2)) {
        CHECK_STR_EQ(report.items[0].path, "bin/b");
        CHECK_INT_EQ(report.items[0].state, PKGAR_FILE_MODIFIED);
        CHECK_STR_EQ(report.items[1].path, "bin/c");
        CHECK_INT_EQ(report.items[1].state, PKGAR_FILE_MISSING);
    }
    CHECK(!exists_at(root, "bin/a"));
    CHECK(exists_at(root, "bin/b"));
    CHECK(!exists_at(root, "lib/l"));
    pkgar_report_free(&report);
    pkgar_archive_close(&a);
    free(c);
    free(head);
    free(root);
    free(archive_path);
}

static void verify_tree_reports_every_difference(void) {
    craft_entry entries[] = {{"same", FILE_644, "s", 1},
                             {"changed", FILE_644, "c", 1},
                             {"gone", FILE_644, "g", 1},
                             {"kind", LINK, "same", 4},
                             {"through/link/file", FILE_644, "t", 1}};
    char *archive_path = tmp("pkg.pkgar");
    write_archive(archive_path, PKGAR_PACKAGING_RAW, entries, MH_COUNT(entries));
    char *root = tmp("root");
    pkgar_archive a;
    if (!open_ok(&a, archive_path))
        return;
    mh_error err;
    CHECK_INT_EQ(pkgar_extract(&a, root, &err), 0);
    pkgar_report report = {0};
    CHECK_INT_EQ(pkgar_verify_tree(&a, root, &report, &err), 0);
    CHECK_INT_EQ(report.count, 0);
    craft_write(root, "changed", "C", 1, 0644);
    char *gone = mh_path_join(root, "gone"), *kind = mh_path_join(root, "kind");
    char *through = mh_path_join(root, "through");
    unlink(gone);
    unlink(kind);
    craft_write(root, "kind", "same", 4, 0644); /* right content, wrong kind */
    mh_remove_tree(through, &err);
    craft_mkdir(root, "elsewhere/file");
    craft_mkdir(root, "through");
    craft_symlink(root, "through/link", "../elsewhere");
    CHECK_INT_EQ(pkgar_verify_tree(&a, root, &report, &err), 0);
    if (CHECK_INT_EQ(report.count, 4)) {
        CHECK_INT_EQ(report.items[0].state, PKGAR_FILE_MODIFIED);
        CHECK_INT_EQ(report.items[1].state, PKGAR_FILE_MISSING);
        CHECK_INT_EQ(report.items[2].state, PKGAR_FILE_WRONG_KIND);
        CHECK_INT_EQ(report.items[3].state, PKGAR_FILE_UNREACHABLE);
    }
    pkgar_report_free(&report);
    pkgar_archive_close(&a);
    free(gone);
    free(kind);
    free(through);
    free(root);
    free(archive_path);
}

static void replace_installs_new_and_removes_what_is_gone(void) {
    craft_entry old_entries[] = {{"bin/tool", FILE_755, "tool v1", 7},
                                 {"share/old-only", FILE_644, "obsolete", 8},
                                 {"share/edited-old-only", FILE_644, "orig", 4},
                                 {"share/kept", FILE_644, "same in both", 12}};
    craft_entry new_entries[] = {{"bin/tool", FILE_755, "tool v2", 7},
                                 {"share/kept", FILE_644, "same in both", 12},
                                 {"share/new", FILE_644, "new file", 8}};
    char *old_path = tmp("old.pkgar"), *new_path = tmp("new.pkgar"), *root = tmp("root");
    write_archive(old_path, PKGAR_PACKAGING_RAW, old_entries, MH_COUNT(old_entries));
    write_archive(new_path, PKGAR_PACKAGING_LZMA2, new_entries, MH_COUNT(new_entries));
    pkgar_archive old_a, new_a;
    if (!open_ok(&old_a, old_path) || !open_ok(&new_a, new_path))
        return;
    mh_error err;
    CHECK_INT_EQ(pkgar_extract(&old_a, root, &err), 0);
    craft_write(root, "share/edited-old-only", "mine", 4, 0644);
    pkgar_report report = {0};
    CHECK_INT_EQ(pkgar_replace(&old_a, &new_a, root, &report, &err), 0);
    CHECK_INT_EQ(report.removed, 1);
    if (CHECK_INT_EQ(report.count, 1))
        CHECK_STR_EQ(report.items[0].path, "share/edited-old-only");
    char *tool = read_at(root, "bin/tool"), *fresh = read_at(root, "share/new");
    CHECK_STR_EQ(tool, "tool v2");
    CHECK_STR_EQ(fresh, "new file");
    CHECK(!exists_at(root, "share/old-only"));
    CHECK(exists_at(root, "share/edited-old-only"));
    CHECK(exists_at(root, "share/kept"));
    pkgar_report_free(&report);
    free(tool);
    free(fresh);
    pkgar_archive_close(&old_a);
    pkgar_archive_close(&new_a);
    free(old_path);
    free(new_path);
    free(root);
}

static void split_head_and_data_concatenate_to_the_archive(void) {
    craft_entry entries[] = {{"a", FILE_644, "alpha", 5}, {"b", FILE_644, "beta", 4}};
    char *archive_path = tmp("p.pkgar"), *head = tmp("p.pkgar_head"), *data = tmp("p.pkgar_data");
    write_archive(archive_path, PKGAR_PACKAGING_RAW, entries, MH_COUNT(entries));
    pkgar_archive a;
    if (!open_ok(&a, archive_path))
        return;
    mh_error err;
    CHECK_INT_EQ(pkgar_archive_split(&a, head, data, &err), 0);
    pkgar_archive_close(&a);
    size_t whole_len, head_len, data_len;
    char *whole = craft_read(archive_path, &whole_len);
    char *h = craft_read(head, &head_len), *d = craft_read(data, &data_len);
    CHECK_INT_EQ(head_len, pkgar_head_size(2));
    CHECK_INT_EQ(head_len + data_len, whole_len);
    CHECK(head_len + data_len == whole_len && memcmp(whole, h, head_len) == 0 &&
          memcmp(whole + head_len, d, data_len) == 0);
    /* A head lists and verifies, but cannot be extracted. */
    if (open_ok(&a, head)) {
        CHECK_INT_EQ(a.count, 2);
        char *dest = tmp("dest");
        CHECK_INT_EQ(pkgar_extract(&a, dest, &err), -1);
        CHECK(strstr(err.message, "no data section") != NULL);
        CHECK(!mh_path_exists(dest));
        free(dest);
        pkgar_archive_close(&a);
    }
    free(whole);
    free(h);
    free(d);
    free(archive_path);
    free(head);
    free(data);
}

static const mh_test TESTS[] = {
    MH_TEST(install_replaces_files_and_keeps_the_rest),
    MH_TEST(failed_install_leaves_the_tree_as_it_was),
    MH_TEST(symlinks_on_disk_are_never_followed),
    MH_TEST(directories_on_disk_are_not_replaced),
    MH_TEST(temporary_names_never_collide_with_entries),
    MH_TEST(fresh_extraction_creates_missing_parents_and_cleans_up),
    MH_TEST(remove_deletes_only_unmodified_files),
    MH_TEST(verify_tree_reports_every_difference),
    MH_TEST(replace_installs_new_and_removes_what_is_gone),
    MH_TEST(split_head_and_data_concatenate_to_the_archive),
};

int main(int argc, char **argv) {
    return mh_test_run(TESTS, MH_COUNT(TESTS), argc, argv);
}
