/* The system calls, grouped by what they work on; proc/syscall.c dispatches to them.
 * doc/syscalls.md describes their arguments and errors. */
#ifndef KERNEL_SYSCALL_HANDLERS_H
#define KERNEL_SYSCALL_HANDLERS_H

#include <stdint.h>

struct trap_frame;

/* Files and paths (proc/sys_files.c). */
int64_t sys_open(uint64_t path, uint64_t length, uint64_t flags);
int64_t sys_close(uint64_t fd);
int64_t sys_read(uint64_t fd, uint64_t buffer, uint64_t length);
int64_t sys_write(uint64_t fd, uint64_t buffer, uint64_t length);
int64_t sys_lseek(uint64_t fd, uint64_t offset, uint64_t whence);
int64_t sys_fcntl(uint64_t fd, uint64_t command, uint64_t argument);
int64_t sys_fstat(uint64_t fd, uint64_t buffer, uint64_t length);
int64_t sys_fpath(uint64_t fd, uint64_t buffer, uint64_t length);
int64_t sys_dup(uint64_t fd, uint64_t request, uint64_t length);
int64_t sys_dup2(uint64_t fd, uint64_t new_fd, uint64_t request, uint64_t length);
int64_t sys_pipe2(uint64_t fds, uint64_t flags);
int64_t sys_file_call(uint64_t number, uint64_t fd, uint64_t b, uint64_t c);
int64_t sys_path_call(uint64_t number, uint64_t path, uint64_t length);
int64_t sys_chdir(uint64_t path, uint64_t length);
int64_t sys_getcwd(uint64_t buffer, uint64_t length);
int64_t sys_fmap(uint64_t fd, uint64_t map, uint64_t length);
int64_t sys_execve(struct trap_frame *frame, uint64_t path, uint64_t length, uint64_t argv, uint64_t envp);
int64_t sys_fexec(struct trap_frame *frame, uint64_t fd, uint64_t argv, uint64_t envp);

#endif
