#include "access.h"

#define ID_UNCHANGED UINT32_MAX

bool access_permits(const struct caller *caller, const rfs_attr *node, unsigned want)
{
    unsigned mode = node->mode & RFS_MODE_PERM;
    if (caller->uid == 0) {
        bool is_dir = (node->mode & RFS_MODE_TYPE) == RFS_MODE_DIR;
        return !(want & ACCESS_EXECUTE) || is_dir || (mode & 0111) != 0;
    }
    unsigned granted = caller->uid == node->uid   ? (mode >> 6) & 7
                       : caller->gid == node->gid ? (mode >> 3) & 7
                                                  : mode & 7;
    return (granted & want) == want;
}

bool access_may_remove(const struct caller *caller, const rfs_attr *directory, const rfs_attr *node)
{
    if (!access_permits(caller, directory, ACCESS_WRITE | ACCESS_EXECUTE))
        return false;
    if (!(directory->mode & MODE_STICKY) || caller->uid == 0)
        return true;
    return caller->uid == node->uid || caller->uid == directory->uid;
}

bool access_owns(const struct caller *caller, const rfs_attr *node)
{
    return caller->uid == 0 || caller->uid == node->uid;
}

bool access_may_chown(const struct caller *caller, const rfs_attr *node, uint32_t uid, uint32_t gid)
{
    if (caller->uid == 0)
        return true;
    if (caller->uid != node->uid)
        return false;
    return (uid == ID_UNCHANGED || uid == node->uid) && (gid == ID_UNCHANGED || gid == caller->gid);
}
