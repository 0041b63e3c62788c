/* lib/scheme_path.c: which scheme and reference each path form names. */
#include <string.h>

#include "lib/scheme_path.h"
#include "testing/testing.h"

/* Splits path and checks the form, the name and the reference. */
static void expect(const char *path, enum scheme_path_form form, const char *name, const char *reference)
{
    struct scheme_path parts;
    enum scheme_path_form actual = scheme_path_split(path, strlen(path), &parts);
    CHECK_INT_EQ(actual, form);
    if (form == SCHEME_PATH_RELATIVE)
        return;
    char buffer[64];
    memcpy(buffer, parts.name, parts.name_length);
    buffer[parts.name_length] = '\0';
    CHECK_STR_EQ(buffer, name);
    memcpy(buffer, parts.reference, parts.reference_length);
    buffer[parts.reference_length] = '\0';
    CHECK_STR_EQ(buffer, reference);
}

static void legacy_paths_split_at_the_first_colon(void)
{
    expect("sys:uname", SCHEME_PATH_LEGACY, "sys", "uname");
    expect("debug:", SCHEME_PATH_LEGACY, "debug", "");
    expect("file:/a:b", SCHEME_PATH_LEGACY, "file", "/a:b");
    expect(":ktest", SCHEME_PATH_LEGACY, "", "ktest");
    expect(":", SCHEME_PATH_LEGACY, "", "");
}

static void current_paths_name_the_scheme_after_slash_scheme(void)
{
    expect("/scheme/sys/uname", SCHEME_PATH_CURRENT, "sys", "uname");
    expect("/scheme/ktest/a/b", SCHEME_PATH_CURRENT, "ktest", "a/b");
    expect("/scheme/ktest", SCHEME_PATH_CURRENT, "ktest", "");
    expect("/scheme/ktest/", SCHEME_PATH_CURRENT, "ktest", "");
    expect("/scheme", SCHEME_PATH_CURRENT, "", "");
    expect("/scheme/", SCHEME_PATH_CURRENT, "", "");
}

static void other_absolute_paths_belong_to_the_file_scheme(void)
{
    expect("/etc/passwd", SCHEME_PATH_FILE, "file", "/etc/passwd");
    expect("/schemes/x", SCHEME_PATH_FILE, "file", "/schemes/x");
    expect("/", SCHEME_PATH_FILE, "file", "/");
    expect("/a:b", SCHEME_PATH_FILE, "file", "/a:b");
}

static void paths_without_scheme_or_slash_are_relative(void)
{
    expect("notes.txt", SCHEME_PATH_RELATIVE, NULL, NULL);
    expect("dir/file", SCHEME_PATH_RELATIVE, NULL, NULL);
    expect("", SCHEME_PATH_RELATIVE, NULL, NULL);
}

static void only_the_given_length_counts(void)
{
    struct scheme_path parts;
    CHECK_INT_EQ(scheme_path_split("sys:uname", 3, &parts), SCHEME_PATH_RELATIVE);
    CHECK_INT_EQ(scheme_path_split("/scheme/sys", 7, &parts), SCHEME_PATH_CURRENT);
    CHECK_INT_EQ(parts.name_length, 0);
}

static const mh_test TESTS[] = {
    MH_TEST(legacy_paths_split_at_the_first_colon),
    MH_TEST(current_paths_name_the_scheme_after_slash_scheme),
    MH_TEST(other_absolute_paths_belong_to_the_file_scheme),
    MH_TEST(paths_without_scheme_or_slash_are_relative),
    MH_TEST(only_the_given_length_counts),
};

int main(int argc, char **argv)
{
    return mh_test_run(TESTS, MH_COUNT(TESTS), argc, argv);
}
