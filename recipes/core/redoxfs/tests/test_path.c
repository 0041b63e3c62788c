/* src/path.c on an in-memory volume: links inside the volume are followed (however their
 * target names this scheme), links into another scheme give EXDEV (as last component or on
 * the way), not following the last component returns the link itself, loops end in ELOOP. */
#include "path.h"
#include "redoxfs/tests/fs_helpers.h"

#define EXDEV 18
#define ELOOP 40

static const struct caller root = {0, 0};

static uint32_t make(rfs_fs *fs, uint32_t dir, const char *name, uint16_t mode)
{
    uint32_t id = 0;
    CHECK_OK(rfs_create(fs, dir, (const uint8_t *)name, (uint32_t)strlen(name), mode, 0, 0, &id));
    return id;
}

static void make_link(rfs_fs *fs, uint32_t dir, const char *name, const char *target)
{
    uint32_t id = make(fs, dir, name, RFS_MODE_SYMLINK | 0777);
    CHECK_OK(rfs_write(fs, id, 0, target, strlen(target)));
}

static int resolve(rfs_fs *fs, const char *path, bool follow_last, struct resolved *out)
{
    return path_resolve(fs, &root, path, strlen(path), follow_last, out);
}

/* /etc/passwd, /dev/{null -> /scheme/null, zero -> zero:, passwd -> /scheme/file/etc/passwd,
 * legacy -> file:/etc/passwd, relative -> ../etc/passwd, sys -> /scheme/sys, loop -> loop}. */
static rfs_fs *sample(rfs_memdisk *disk, uint32_t *passwd)
{
    rfs_fs *fs = new_volume(disk, 2048, 0);
    if (fs == NULL)
        return NULL;
    uint32_t etc = make(fs, RFS_ROOT_ID, "etc", RFS_MODE_DIR | 0755);
    *passwd = make(fs, etc, "passwd", RFS_MODE_FILE | 0644);
    uint32_t dev = make(fs, RFS_ROOT_ID, "dev", RFS_MODE_DIR | 0755);
    make_link(fs, dev, "null", "/scheme/null");
    make_link(fs, dev, "zero", "zero:");
    make_link(fs, dev, "passwd", "/scheme/file/etc/passwd");
    make_link(fs, dev, "legacy", "file:/etc/passwd");
    make_link(fs, dev, "relative", "../etc/passwd");
    make_link(fs, dev, "sys", "/scheme/sys");
    make_link(fs, dev, "loop", "loop");
    return fs;
}

static void links_into_other_schemes_give_exdev(void)
{
    rfs_memdisk disk;
    uint32_t passwd;
    rfs_fs *fs = sample(&disk, &passwd);
    if (!CHECK(fs != NULL))
        return;
    struct resolved r;
    CHECK_INT_EQ(resolve(fs, "/dev/null", true, &r), -EXDEV);
    CHECK_INT_EQ(resolve(fs, "/dev/zero", true, &r), -EXDEV);
    CHECK_INT_EQ(resolve(fs, "/dev/sys/uname", true, &r), -EXDEV);
    CHECK_INT_EQ(resolve(fs, "/dev/sys/uname", false, &r), -EXDEV);
    /* Not following the last component gives the link itself. */
    CHECK_INT_EQ(resolve(fs, "/dev/null", false, &r), 0);
    rfs_attr attr;
    CHECK_OK(rfs_stat(fs, r.id, &attr));
    CHECK_INT_EQ(attr.mode & RFS_MODE_TYPE, RFS_MODE_SYMLINK);
    rfs_close(fs);
    rfs_memdisk_free(&disk);
}

static void links_naming_this_scheme_are_followed(void)
{
    rfs_memdisk disk;
    uint32_t passwd;
    rfs_fs *fs = sample(&disk, &passwd);
    if (!CHECK(fs != NULL))
        return;
    struct resolved r;
    const char *paths[] = {"/dev/passwd", "/dev/legacy", "/dev/relative"};
    for (size_t i = 0; i < MH_COUNT(paths); i++) {
        r.id = 0;
        CHECK_INT_EQ(resolve(fs, paths[i], true, &r), 0);
        CHECK_INT_EQ(r.id, passwd);
    }
    CHECK_INT_EQ(resolve(fs, "/dev/loop", true, &r), -ELOOP);
    rfs_close(fs);
    rfs_memdisk_free(&disk);
}

static const mh_test TESTS[] = {
    MH_TEST(links_into_other_schemes_give_exdev),
    MH_TEST(links_naming_this_scheme_are_followed),
};

int main(int argc, char **argv)
{
    return mh_test_run(TESTS, MH_COUNT(TESTS), argc, argv);
}
