/* Permission checks of the RedoxFS daemon: POSIX mode bits against the caller's effective
 * uid and gid, which the kernel puts into every request (struct mh_packet). uid 0 passes every
 * check except executing a file that has no execute bit at all. No supplementary groups. */
#ifndef REDOXFSD_ACCESS_H
#define REDOXFSD_ACCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "redoxfs/core/redoxfs.h"

#define ACCESS_READ 4u
#define ACCESS_WRITE 2u
#define ACCESS_EXECUTE 1u /* search, for a directory */

#define MODE_STICKY 01000u

struct caller {
    uint32_t uid, gid;
};

/* Whether caller may do every access in want (ACCESS_* bits) on node. */
bool access_permits(const struct caller *caller, const rfs_attr *node, unsigned want);

/* Whether caller may remove or rename node out of directory (write and search on the
 * directory; with the sticky bit also owning the node or the directory). */
bool access_may_remove(const struct caller *caller, const rfs_attr *directory, const rfs_attr *node);

/* Whether caller may change node's mode or times: root or the owner. */
bool access_owns(const struct caller *caller, const rfs_attr *node);

/* Whether caller may set node's owner to uid and group to gid (UINT32_MAX keeps one): root
 * anything; the owner only its own group, keeping the owner. */
bool access_may_chown(const struct caller *caller, const rfs_attr *node, uint32_t uid, uint32_t gid);

#endif
