/* Processes: fork, exit, wait, identities. */
#include <errno.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"

pid_t fork(void)
{
    return (pid_t)__mh_result(mh_syscall1(MH_SYS_CLONE, 0));
}

/* Without shared address spaces vfork is fork (which is what POSIX.1-2008 allows). */
pid_t vfork(void)
{
    return fork();
}

_Noreturn void _exit(int status)
{
    for (;;)
        mh_syscall1(MH_SYS_EXIT, status);
}

pid_t waitpid(pid_t pid, int *status, int options)
{
    int32_t word = 0;
    long result = __mh_result(mh_syscall3(MH_SYS_WAITPID, (int64_t)pid, &word, options));
    if (result > 0 && status != NULL)
        *status = word;
    return (pid_t)result;
}

pid_t wait(int *status)
{
    return waitpid(-1, status, 0);
}

pid_t getpid(void)
{
    return (pid_t)mh_syscall0(MH_SYS_GETPID);
}

pid_t getppid(void)
{
    return (pid_t)mh_syscall0(MH_SYS_GETPPID);
}

int _execve(const char *path, char *const argv[], char *const envp[])
{
    (void)path, (void)argv, (void)envp;
    return __mh_unsupported();
}

int fexecve(int fd, char *const argv[], char *const envp[])
{
    (void)fd, (void)argv, (void)envp;
    return __mh_unsupported();
}

/* The kernel has no users yet: every process runs as root (uid and gid 0). */
uid_t getuid(void)
{
    return 0;
}

uid_t geteuid(void)
{
    return 0;
}

gid_t getgid(void)
{
    return 0;
}

gid_t getegid(void)
{
    return 0;
}

int getgroups(int size, gid_t list[])
{
    (void)list;
    if (size < 0) {
        errno = EINVAL;
        return -1;
    }
    return 0;
}

static int only_root(uid_t id)
{
    if (id == 0)
        return 0;
    return __mh_unsupported();
}

int setuid(uid_t uid)
{
    return only_root(uid);
}

int seteuid(uid_t uid)
{
    return only_root(uid);
}

int setgid(gid_t gid)
{
    return only_root((uid_t)gid);
}

int setegid(gid_t gid)
{
    return only_root((uid_t)gid);
}

int issetugid(void)
{
    return 0;
}

/* Process groups and sessions do not exist yet. */
pid_t getpgrp(void)
{
    return getpid();
}

pid_t getpgid(pid_t pid)
{
    return pid == 0 ? getpid() : (pid_t)__mh_unsupported();
}

int setpgid(pid_t pid, pid_t group)
{
    (void)pid, (void)group;
    return __mh_unsupported();
}

pid_t setsid(void)
{
    return (pid_t)__mh_unsupported();
}

pid_t getsid(pid_t pid)
{
    (void)pid;
    return (pid_t)__mh_unsupported();
}
