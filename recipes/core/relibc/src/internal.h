/* What the parts of MACROHARD's system layer share: raw system calls on the kernel's ABI
 * (recipes/core/kernel/include/syscall_abi.h), turning their results into errno, and the
 * helpers for things the kernel does not provide yet. Not installed. */
#ifndef MH_LIBC_INTERNAL_H
#define MH_LIBC_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "syscall_abi_posix.h"

static inline long mh_syscall(uint64_t number, uint64_t a, uint64_t b, uint64_t c, uint64_t d,
                              uint64_t e)
{
    return mh_syscall6(number, a, b, c, d, e, 0);
}

#define mh_syscall0(n) mh_syscall((n), 0, 0, 0, 0, 0)
#define mh_syscall1(n, a) mh_syscall((n), (uint64_t)(a), 0, 0, 0, 0)
#define mh_syscall2(n, a, b) mh_syscall((n), (uint64_t)(a), (uint64_t)(b), 0, 0, 0)
#define mh_syscall3(n, a, b, c) mh_syscall((n), (uint64_t)(a), (uint64_t)(b), (uint64_t)(c), 0, 0)
#define mh_syscall4(n, a, b, c, d) \
    mh_syscall((n), (uint64_t)(a), (uint64_t)(b), (uint64_t)(c), (uint64_t)(d), 0)

/* A raw result as a POSIX one: negative values set errno and become -1. */
long __mh_result(long raw);

/* For calls the kernel has no support for yet: sets errno to ENOSYS and returns -1. Every use
 * is listed in recipes/core/relibc/README.md. */
int __mh_unsupported(void);

/* The scheme path ("scheme:reference") that path names, resolved against the current
 * directory; malloc'd, NULL with errno set on failure. */
char *__mh_scheme_path(const char *path);

/* scheme_path with the symbolic links on the way resolved by the library (link_resolve.c):
 * what to retry a call with when a file server answered EXDEV (a link into another scheme).
 * The last component is followed when follow_last. malloc'd, NULL with errno set (ELOOP after
 * 40 links). */
char *__mh_resolve_links(const char *scheme_path, bool follow_last);

/* The kernel's open of scheme_path, retried on the path with its links resolved when the
 * answer is EXDEV. A descriptor or a negated errno. */
long __mh_open_following(const char *scheme_path, uint64_t flags);

/* Reads the current directory the kernel keeps for this process (set by chdir before an
 * exec, or inherited over fork). Called once at start. */
void __mh_init_current_directory(void);

/* newlib's hooks into the system layer under the names it calls them. */
int _execve(const char *path, char *const argv[], char *const envp[]);
int _rename(const char *old_path, const char *new_path);

/* BSD's wait3 and wait4, which newlib's <sys/wait.h> does not declare (programs that use
 * them, such as dash, declare them themselves or rely on the implicit declaration). */
struct rusage;
int wait3(int *status, int options, struct rusage *usage);
int wait4(int pid, int *status, int options, struct rusage *usage);

/* Closes fd after a call on it and returns that call's result, with the call's errno kept (the
 * close cannot disturb what the caller reports). */
long __mh_close_after(int fd, long result);

/* Opens path for a metadata call (O_STAT: no data access); the symbolic link itself when
 * follow_last is false. A descriptor, or -1 with errno set. */
int __mh_open_for_status(const char *path, bool follow_last);

/* The scheme path of path for the *at calls: relative to the directory dirfd names (fpath),
 * or as open() resolves it for AT_FDCWD, an absolute path or a scheme path. malloc'd, NULL
 * with errno set (EBADF, ENOTDIR when dirfd is not a directory, ENOENT for "", ...). */
char *__mh_at_scheme_path(int dirfd, const char *path);

/* Sets program_invocation_name and program_invocation_short_name from argv[0] (NULL: left
 * empty). Called once at start. */
void __mh_init_program_name(char *argv0);

/* The descriptors a process started with none (the first one) gets: debug: for all three. */
void __mh_open_standard_streams(void);

#endif
