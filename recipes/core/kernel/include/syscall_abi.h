/* The MACROHARD system call ABI (x86_64), shared by the kernel and user space.
 * doc/syscalls.md describes every call; this header holds the numbers and types.
 *
 * Calling convention: SYSCALL with the number in RAX and up to six arguments in RDI, RSI, RDX,
 * R10, R8, R9. The result comes back in RAX: a value >= 0, or a negated MH_E* error number
 * (-4095..-1). RCX and R11 are clobbered (the CPU uses them); every other register is preserved.
 *
 * Numbers follow Redox's scheme: the top nibble says whether the first argument is a path
 * (MH_SYS_CLASS_PATH) or a file descriptor (MH_SYS_CLASS_FILE), the next how a buffer argument
 * is passed, and MH_SYS_RET_FILE marks calls returning a new file descriptor. */
#ifndef MH_SYSCALL_ABI_H
#define MH_SYSCALL_ABI_H

#include <stdint.h>

#define MH_SYS_CLASS_PATH 0x10000000u
#define MH_SYS_CLASS_FILE 0x20000000u
#define MH_SYS_ARG_SLICE 0x01000000u  /* (pointer, length) of bytes the kernel reads */
#define MH_SYS_ARG_MSLICE 0x02000000u /* (pointer, length) of bytes the kernel writes */
#define MH_SYS_RET_FILE 0x00100000u

#define MH_SYS_OPEN (MH_SYS_CLASS_PATH | MH_SYS_RET_FILE | 5)
#define MH_SYS_CLOSE (MH_SYS_CLASS_FILE | 6)
#define MH_SYS_READ (MH_SYS_CLASS_FILE | MH_SYS_ARG_MSLICE | 3)
#define MH_SYS_WRITE (MH_SYS_CLASS_FILE | MH_SYS_ARG_SLICE | 4)
#define MH_SYS_FMAP (MH_SYS_CLASS_FILE | MH_SYS_ARG_SLICE | 900)
#define MH_SYS_FUNMAP (MH_SYS_CLASS_FILE | 92)
#define MH_SYS_EXIT 1
#define MH_SYS_WAITPID 7
#define MH_SYS_GETPID 20
#define MH_SYS_KILL 37
#define MH_SYS_GETPPID 64
#define MH_SYS_CLONE 120
#define MH_SYS_FUTEX 240
#define MH_SYS_YIELD 158
#define MH_SYS_NANOSLEEP 162
#define MH_SYS_CLOCK_GETTIME 265

/* Error numbers (the same values as Linux and Redox). */
#define MH_EPERM 1
#define MH_ENOENT 2
#define MH_ESRCH 3
#define MH_EINTR 4
#define MH_EIO 5
#define MH_E2BIG 7
#define MH_ENOEXEC 8
#define MH_EBADF 9
#define MH_ECHILD 10
#define MH_EAGAIN 11
#define MH_ENOMEM 12
#define MH_EACCES 13
#define MH_EFAULT 14
#define MH_EEXIST 17
#define MH_ENODEV 19
#define MH_EINVAL 22
#define MH_EMFILE 24
#define MH_ENAMETOOLONG 36
#define MH_ENOSYS 38
#define MH_ETIMEDOUT 110

/* open() flags (Redox values). */
#define MH_O_RDONLY 0x00010000u
#define MH_O_WRONLY 0x00020000u
#define MH_O_RDWR 0x00030000u
#define MH_O_ACCMODE 0x00030000u
#define MH_O_CLOEXEC 0x01000000u

/* fmap(): struct mh_map and its flags (Redox values). fd MH_MAP_ANONYMOUS_FD maps zeroed
 * memory that belongs to no file. */
#define MH_MAP_ANONYMOUS_FD UINT64_MAX
#define MH_PROT_NONE 0x00000000u
#define MH_PROT_EXEC 0x00010000u
#define MH_PROT_WRITE 0x00020000u
#define MH_PROT_READ 0x00040000u
#define MH_MAP_SHARED 0x0001u
#define MH_MAP_PRIVATE 0x0002u
#define MH_MAP_FIXED 0x0004u
#define MH_MAP_FIXED_NOREPLACE 0x000cu

struct mh_map {
    uint64_t offset;  /* into the file; 0 for anonymous memory */
    uint64_t size;    /* bytes, rounded up to whole pages */
    uint64_t flags;   /* MH_PROT_* | MH_MAP_* */
    uint64_t address; /* required with MH_MAP_FIXED*, ignored otherwise */
};

/* futex() operations (Redox values). */
#define MH_FUTEX_WAIT 0
#define MH_FUTEX_WAKE 1

#define MH_CLOCK_REALTIME 1
#define MH_CLOCK_MONOTONIC 4

struct mh_timespec {
    int64_t seconds;
    int32_t nanoseconds; /* 0 .. 999999999 */
    int32_t reserved;    /* 0 */
};

/* waitpid() options and status words (POSIX encoding). */
#define MH_WNOHANG 1
#define MH_WAIT_EXITED(code) (((code) & 0xff) << 8)
#define MH_WAIT_SIGNALED(signal) ((signal) & 0x7f)

/* Signals with their Redox/Linux numbers; kill() delivers the default action for now. */
#define MH_SIGKILL 9
#define MH_SIGSEGV 11
#define MH_SIGTERM 15
#define MH_SIGILL 4
#define MH_SIGFPE 8
#define MH_SIGBUS 7
#define MH_SIGTRAP 5

#endif
