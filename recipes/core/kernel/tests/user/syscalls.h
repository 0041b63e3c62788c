/* Raw system calls for the freestanding test programs (the ABI of include/syscall_abi.h). */
#ifndef KTEST_SYSCALLS_H
#define KTEST_SYSCALLS_H

#include <stddef.h>
#include <stdint.h>

#include "syscall_abi.h"
#include "syscall_instruction.h"

static inline int64_t syscall3(uint64_t number, uint64_t a, uint64_t b, uint64_t c)
{
    return mh_syscall6(number, a, b, c, 0, 0, 0);
}

static inline int64_t syscall4(uint64_t number, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    return mh_syscall6(number, a, b, c, d, 0, 0);
}

static inline int64_t sys_open(const char *path, size_t length, unsigned flags)
{
    return syscall3(MH_SYS_OPEN, (uint64_t)path, length, flags);
}

static inline int64_t sys_close(int64_t fd)
{
    return syscall3(MH_SYS_CLOSE, (uint64_t)fd, 0, 0);
}

static inline int64_t sys_write(int64_t fd, const void *buffer, size_t length)
{
    return syscall3(MH_SYS_WRITE, (uint64_t)fd, (uint64_t)buffer, length);
}

static inline int64_t sys_read(int64_t fd, void *buffer, size_t length)
{
    return syscall3(MH_SYS_READ, (uint64_t)fd, (uint64_t)buffer, length);
}

static inline int64_t sys_lseek(int64_t fd, int64_t offset, int whence)
{
    return syscall3(MH_SYS_LSEEK, (uint64_t)fd, (uint64_t)offset, (uint64_t)whence);
}

static inline int64_t sys_fcntl(int64_t fd, unsigned command, uint64_t argument)
{
    return syscall3(MH_SYS_FCNTL, (uint64_t)fd, command, argument);
}

static inline int64_t sys_fstat(int64_t fd, struct mh_stat *stat)
{
    return syscall3(MH_SYS_FSTAT, (uint64_t)fd, (uint64_t)stat, sizeof *stat);
}

static inline int64_t sys_fpath(int64_t fd, char *buffer, size_t length)
{
    return syscall3(MH_SYS_FPATH, (uint64_t)fd, (uint64_t)buffer, length);
}

static inline int64_t sys_dup(int64_t fd, const char *request, size_t length)
{
    return syscall3(MH_SYS_DUP, (uint64_t)fd, (uint64_t)request, length);
}

static inline int64_t sys_dup2(int64_t fd, int64_t new_fd, const char *request, size_t length)
{
    return syscall4(MH_SYS_DUP2, (uint64_t)fd, (uint64_t)new_fd, (uint64_t)request, length);
}

static inline int64_t sys_pipe2(int32_t fds[2], unsigned flags)
{
    return syscall3(MH_SYS_PIPE2, (uint64_t)fds, flags, 0);
}

static inline void sys_exit(int status)
{
    syscall3(MH_SYS_EXIT, (uint64_t)status, 0, 0);
    __builtin_unreachable();
}

static inline int64_t sys_getpid(void)
{
    return syscall3(MH_SYS_GETPID, 0, 0, 0);
}

static inline int64_t sys_getppid(void)
{
    return syscall3(MH_SYS_GETPPID, 0, 0, 0);
}

static inline int64_t sys_setpgid(int64_t pid, int64_t pgid)
{
    return syscall3(MH_SYS_SETPGID, (uint64_t)pid, (uint64_t)pgid, 0);
}

static inline int64_t sys_getpgid(int64_t pid)
{
    return syscall3(MH_SYS_GETPGID, (uint64_t)pid, 0, 0);
}

static inline int64_t sys_yield(void)
{
    return syscall3(MH_SYS_YIELD, 0, 0, 0);
}

static inline int64_t sys_clock_gettime(unsigned clock, struct mh_timespec *time)
{
    return syscall3(MH_SYS_CLOCK_GETTIME, clock, (uint64_t)time, 0);
}

static inline int64_t sys_nanosleep(const struct mh_timespec *request, struct mh_timespec *remaining)
{
    return syscall3(MH_SYS_NANOSLEEP, (uint64_t)request, (uint64_t)remaining, 0);
}

static inline int64_t sys_waitpid(int64_t pid, int32_t *status, unsigned options)
{
    return syscall3(MH_SYS_WAITPID, (uint64_t)pid, (uint64_t)status, options);
}

static inline int64_t sys_kill(int64_t pid, int signal)
{
    return syscall3(MH_SYS_KILL, (uint64_t)pid, (uint64_t)signal, 0);
}

static inline int64_t sys_sigaction(int signal, const struct mh_sigaction *action, struct mh_sigaction *old,
                                    void (*restorer)(void))
{
    return syscall4(MH_SYS_SIGACTION, (uint64_t)signal, (uint64_t)action, (uint64_t)old, (uint64_t)restorer);
}

static inline int64_t sys_sigprocmask(unsigned how, const uint64_t *set, uint64_t *old)
{
    return syscall3(MH_SYS_SIGPROCMASK, how, (uint64_t)set, (uint64_t)old);
}

static inline int64_t sys_futex_wait(volatile uint32_t *word, uint32_t expected,
                                     const struct mh_timespec *timeout)
{
    return syscall4(MH_SYS_FUTEX, (uint64_t)word, MH_FUTEX_WAIT, expected, (uint64_t)timeout);
}

static inline int64_t sys_futex_wake(volatile uint32_t *word, uint32_t count)
{
    return syscall4(MH_SYS_FUTEX, (uint64_t)word, MH_FUTEX_WAKE, count, 0);
}

static inline int64_t sys_clone(unsigned flags)
{
    return syscall3(MH_SYS_CLONE, flags, 0, 0);
}

static inline int64_t sys_fexec(int64_t fd, char *const *argv, char *const *envp)
{
    return syscall3(MH_SYS_FEXEC, (uint64_t)fd, (uint64_t)argv, (uint64_t)envp);
}

static inline int64_t sys_execve(const char *path, size_t length, char *const *argv, char *const *envp)
{
    return syscall4(MH_SYS_EXECVE, (uint64_t)path, length, (uint64_t)argv, (uint64_t)envp);
}

static inline int64_t sys_chdir(const char *path, size_t length)
{
    return syscall3(MH_SYS_CHDIR, (uint64_t)path, length, 0);
}

static inline int64_t sys_getcwd(char *buffer, size_t length)
{
    return syscall3(MH_SYS_GETCWD, (uint64_t)buffer, length, 0);
}

static inline int64_t sys_fmap(uint64_t fd, const struct mh_map *map)
{
    return syscall3(MH_SYS_FMAP, fd, (uint64_t)map, sizeof *map);
}

static inline int64_t sys_funmap(uint64_t address, uint64_t length)
{
    return syscall3(MH_SYS_FUNMAP, address, length, 0);
}

static inline int64_t sys_virttophys(const volatile void *address)
{
    return syscall3(MH_SYS_VIRTTOPHYS, (uint64_t)address, 0, 0);
}

static inline int64_t sys_iopl(unsigned level)
{
    return syscall3(MH_SYS_IOPL, level, 0, 0);
}

static inline int64_t sys_sigsuspend(const uint64_t *mask)
{
    return syscall3(MH_SYS_SIGSUSPEND, (uint64_t)mask, 0, 0);
}

static inline int64_t sys_set_fs_base(const void *address)
{
    return syscall3(MH_SYS_SET_FS_BASE, (uint64_t)address, 0, 0);
}

static inline int64_t sys_capabilities(uint32_t drop)
{
    return syscall3(MH_SYS_CAPABILITIES, drop, 0, 0);
}

/* Credentials: number is MH_SYS_GETUID... (no arguments) or MH_SYS_SETREUID/SETREGID. */
static inline int64_t sys_get_id(uint64_t number)
{
    return syscall3(number, 0, 0, 0);
}

static inline int64_t sys_set_ids(uint64_t number, uint64_t real, uint64_t effective)
{
    return syscall3(number, real, effective, 0);
}

#endif
