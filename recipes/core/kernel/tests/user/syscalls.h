/* Raw system calls for the freestanding test program (the ABI of include/syscall_abi.h). */
#ifndef KTEST_SYSCALLS_H
#define KTEST_SYSCALLS_H

#include <stddef.h>
#include <stdint.h>

#include "syscall_abi.h"

static inline int64_t syscall3(uint64_t number, uint64_t a, uint64_t b, uint64_t c)
{
    int64_t result;
    __asm__ volatile("syscall"
                     : "=a"(result)
                     : "a"(number), "D"(a), "S"(b), "d"(c)
                     : "rcx", "r11", "memory");
    return result;
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

static inline int64_t syscall4(uint64_t number, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    int64_t result;
    register uint64_t r10 __asm__("r10") = d;
    __asm__ volatile("syscall"
                     : "=a"(result)
                     : "a"(number), "D"(a), "S"(b), "d"(c), "r"(r10)
                     : "rcx", "r11", "memory");
    return result;
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

static inline int64_t sys_fmap(uint64_t fd, const struct mh_map *map)
{
    return syscall3(MH_SYS_FMAP, fd, (uint64_t)map, sizeof *map);
}

static inline int64_t sys_funmap(uint64_t address, uint64_t length)
{
    return syscall3(MH_SYS_FUNMAP, address, length, 0);
}

#endif
