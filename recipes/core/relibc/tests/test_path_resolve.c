/* src/path_resolve.c on the host: POSIX paths against a current directory, scheme paths kept,
 * "." and "..", and /scheme/NAME paths naming the scheme NAME. */
#include <stdlib.h>
#include <string.h>

#include "path_resolve.h"
#include "testing/testing.h"

static void expect(const char *cwd, const char *path, const char *expected)
{
    char *resolved = mh_path_resolve(cwd, "file", path);
    CHECK_STR_EQ(resolved, expected);
    free(resolved);
}

static void posix_paths_become_file_references(void)
{
    expect("file:/", "/etc/passwd", "file:/etc/passwd");
    expect("file:/home/user", "notes/a.txt", "file:/home/user/notes/a.txt");
    expect("file:/home/user", "../../../etc//./x", "file:/etc/x");
    expect("file:/home/user", ".", "file:/home/user");
    expect("file:/", "..", "file:/");
}

static void scheme_paths_are_kept(void)
{
    expect("file:/", "sys:uname", "sys:uname");
    expect("file:/", "null:", "null:");
    expect("sys:", "uname", "sys:/uname");
}

static void scheme_directory_names_schemes(void)
{
    expect("file:/", "/scheme/null", "null:");
    expect("file:/", "/scheme/sys/uname", "sys:/uname");
    expect("file:/", "/scheme/file/etc/../root", "file:/root");
    expect("file:/", "/scheme", ":");
    expect("file:/", "/scheme/", ":");
    expect("file:/scheme", "sys", "sys:");
    expect("file:/dev/", "/scheme/sys/../../links/x", "file:/links/x");
    /* Only the directory itself: a name that merely starts with "scheme" is a file. */
    expect("file:/", "/schemes/x", "file:/schemes/x");
    /* Another scheme's /scheme directory is its own business. */
    expect("disk:/", "scheme/null", "disk:/scheme/null");
}

static const mh_test TESTS[] = {
    MH_TEST(posix_paths_become_file_references),
    MH_TEST(scheme_paths_are_kept),
    MH_TEST(scheme_directory_names_schemes),
};

int main(int argc, char **argv)
{
    return mh_test_run(TESTS, MH_COUNT(TESTS), argc, argv);
}
