/* src/access.c: mode bits for owner, group and others, root, sticky directories, chmod and
 * chown rules. */
#include "access.h"
#include "testing/testing.h"

static rfs_attr node(uint16_t mode, uint32_t uid, uint32_t gid)
{
    return (rfs_attr){.mode = mode, .uid = uid, .gid = gid};
}

static const struct caller root = {0, 0}, user = {1000, 100}, other = {1001, 101}, peer = {1002, 100};

static void owner_group_and_others_get_their_own_bits(void)
{
    rfs_attr file = node(RFS_MODE_FILE | 0640, 1000, 100);
    CHECK(access_permits(&user, &file, ACCESS_READ | ACCESS_WRITE));
    CHECK(access_permits(&peer, &file, ACCESS_READ));
    CHECK(!access_permits(&peer, &file, ACCESS_WRITE));
    CHECK(!access_permits(&other, &file, ACCESS_READ));
    /* The owner's bits apply to the owner even when the group's grant more. */
    rfs_attr odd = node(RFS_MODE_FILE | 0070, 1000, 100);
    CHECK(!access_permits(&user, &odd, ACCESS_READ));
}

static void root_passes_except_executing_a_file_without_execute_bits(void)
{
    rfs_attr shadow = node(RFS_MODE_FILE | 0600, 0, 0);
    CHECK(access_permits(&root, &shadow, ACCESS_READ | ACCESS_WRITE));
    CHECK(!access_permits(&user, &shadow, ACCESS_READ));
    CHECK(!access_permits(&root, &shadow, ACCESS_EXECUTE));
    rfs_attr private_dir = node(RFS_MODE_DIR | 0700, 0, 0);
    CHECK(access_permits(&root, &private_dir, ACCESS_EXECUTE | ACCESS_WRITE));
    CHECK(!access_permits(&user, &private_dir, ACCESS_EXECUTE));
}

static void removal_needs_a_writable_directory_and_respects_the_sticky_bit(void)
{
    rfs_attr mine = node(RFS_MODE_FILE | 0644, 1000, 100), theirs = node(RFS_MODE_FILE | 0666, 1001, 101);
    rfs_attr root_dir = node(RFS_MODE_DIR | 0755, 0, 0);
    CHECK(!access_may_remove(&user, &root_dir, &mine));
    CHECK(access_may_remove(&root, &root_dir, &mine));
    rfs_attr tmp = node(RFS_MODE_DIR | 01777, 0, 0);
    CHECK(access_may_remove(&user, &tmp, &mine));
    CHECK(!access_may_remove(&user, &tmp, &theirs));
    rfs_attr shared = node(RFS_MODE_DIR | 0777, 0, 0);
    CHECK(access_may_remove(&user, &shared, &theirs));
}

static void only_the_owner_or_root_changes_modes_and_owners(void)
{
    rfs_attr file = node(RFS_MODE_FILE | 0644, 1000, 100);
    CHECK(access_owns(&user, &file));
    CHECK(access_owns(&root, &file));
    CHECK(!access_owns(&other, &file));
    CHECK(access_may_chown(&root, &file, 0, 0));
    CHECK(!access_may_chown(&user, &file, 1001, UINT32_MAX));
    CHECK(access_may_chown(&user, &file, UINT32_MAX, 100));
    CHECK(!access_may_chown(&user, &file, UINT32_MAX, 0));
    CHECK(!access_may_chown(&other, &file, UINT32_MAX, 101));
}

static const mh_test TESTS[] = {
    MH_TEST(owner_group_and_others_get_their_own_bits),
    MH_TEST(root_passes_except_executing_a_file_without_execute_bits),
    MH_TEST(removal_needs_a_writable_directory_and_respects_the_sticky_bit),
    MH_TEST(only_the_owner_or_root_changes_modes_and_owners),
};

int main(int argc, char **argv)
{
    return mh_test_run(TESTS, MH_COUNT(TESTS), argc, argv);
}
