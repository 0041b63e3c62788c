/* User and group ids on the kernel's credential calls (Redox's getuid... setregid). The
 * kernel keeps a real and an effective id of each kind, no saved ids and no supplementary
 * groups: getgroups reports the effective gid alone, setgroups and initgroups accept the
 * request of a root process without recording a list. */
#include <errno.h>
#include <grp.h>
#include <unistd.h>

#include "internal.h"

/* -1 ("unchanged") must reach the kernel as all ones, hence the sign extension. */
static uint64_t id_argument(int id)
{
    return (uint64_t)(int64_t)id;
}

uid_t getuid(void)
{
    return (uid_t)mh_syscall0(MH_SYS_GETUID);
}

uid_t geteuid(void)
{
    return (uid_t)mh_syscall0(MH_SYS_GETEUID);
}

gid_t getgid(void)
{
    return (gid_t)mh_syscall0(MH_SYS_GETGID);
}

gid_t getegid(void)
{
    return (gid_t)mh_syscall0(MH_SYS_GETEGID);
}

int setreuid(uid_t real, uid_t effective)
{
    return (int)__mh_result(mh_syscall2(MH_SYS_SETREUID, id_argument(real), id_argument(effective)));
}

int setregid(gid_t real, gid_t effective)
{
    return (int)__mh_result(mh_syscall2(MH_SYS_SETREGID, id_argument(real), id_argument(effective)));
}

/* POSIX: root sets both ids; anyone else only the effective one (to the real id). */
int setuid(uid_t uid)
{
    return geteuid() == 0 ? setreuid(uid, uid) : setreuid((uid_t)-1, uid);
}

int setgid(gid_t gid)
{
    return geteuid() == 0 ? setregid(gid, gid) : setregid((gid_t)-1, gid);
}

int seteuid(uid_t uid)
{
    return setreuid((uid_t)-1, uid);
}

int setegid(gid_t gid)
{
    return setregid((gid_t)-1, gid);
}

int getgroups(int size, gid_t list[])
{
    if (size < 0) {
        errno = EINVAL;
        return -1;
    }
    if (size == 0)
        return 1;
    list[0] = getegid();
    return 1;
}

int setgroups(int count, const gid_t *list)
{
    (void)list;
    if (count < 0) {
        errno = EINVAL;
        return -1;
    }
    if (geteuid() != 0) {
        errno = EPERM;
        return -1;
    }
    return 0;
}

int initgroups(const char *user, gid_t group)
{
    (void)user, (void)group;
    return setgroups(0, NULL);
}

/* No set-user-id programs exist (exec keeps the ids). */
int issetugid(void)
{
    return 0;
}
