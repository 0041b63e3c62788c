/* Processes: fork, exec, exit, wait, process groups, identities. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
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

/* BSD's waits: the kernel keeps no resource usage yet, so *usage is zeroed. */
pid_t wait4(pid_t pid, int *status, int options, struct rusage *usage)
{
    if (usage != NULL)
        memset(usage, 0, sizeof *usage);
    return waitpid(pid, status, options);
}

pid_t wait3(int *status, int options, struct rusage *usage)
{
    return wait4(-1, status, options, usage);
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

/* The kernel reads the program through the scheme layer and replaces this process; it
 * returns only on failure. "#!" scripts are not run by the kernel (ENOEXEC), as shells
 * expect. A program reached through a link into another scheme (EXDEV) is run from the path
 * the links lead to. */
int _execve(const char *path, char *const argv[], char *const envp[])
{
    char *resolved = __mh_scheme_path(path);
    if (resolved == NULL)
        return -1;
    long result = mh_syscall4(MH_SYS_EXECVE, resolved, strlen(resolved), argv, envp);
    if (result == -EXDEV) {
        char *followed = __mh_resolve_links(resolved, true);
        result = followed != NULL ? mh_syscall4(MH_SYS_EXECVE, followed, strlen(followed), argv, envp) : -errno;
        free(followed);
    }
    free(resolved);
    return (int)__mh_result(result);
}

int fexecve(int fd, char *const argv[], char *const envp[])
{
    return (int)__mh_result(mh_syscall3(MH_SYS_FEXEC, fd, argv, envp));
}

pid_t getpgid(pid_t pid)
{
    return (pid_t)__mh_result(mh_syscall1(MH_SYS_GETPGID, (int64_t)pid));
}

pid_t getpgrp(void)
{
    return getpgid(0);
}

int setpgid(pid_t pid, pid_t group)
{
    return (int)__mh_result(mh_syscall2(MH_SYS_SETPGID, (int64_t)pid, (int64_t)group));
}

int setpgrp(void)
{
    return setpgid(0, 0);
}

pid_t setsid(void)
{
    return (pid_t)__mh_result(mh_syscall0(MH_SYS_SETSID));
}

pid_t getsid(pid_t pid)
{
    return (pid_t)__mh_result(mh_syscall1(MH_SYS_GETSID, (int64_t)pid));
}
