/* exec: replaces the calling process's program with an ELF executable read through the scheme
 * layer (from an open file, or a path opened for the purpose), keeping its pid, parent,
 * descriptors (except close-on-exec ones), signal mask and ignored signals, and capabilities. */
#ifndef KERNEL_EXEC_H
#define KERNEL_EXEC_H

#include <stdint.h>

struct file;
struct trap_frame;

#define EXEC_IMAGE_LIMIT (256ull << 20)

/* Reads file from its current position to the end and starts it with the NULL-terminated
 * argument and environment vectors at argv and envp (user addresses, 0 for none). path is what
 * execve() was given (AT_EXECFN, the process name), NULL for fexec() (then argv[0]). On success
 * frame describes the new program and 0 is returned; on failure the caller's program is
 * untouched and a negated error comes back: -MH_EACCES (not readable), -MH_ENOEXEC (not a
 * usable executable; the reason is logged), -MH_EFBIG, -MH_E2BIG, -MH_EFAULT, -MH_ENOMEM, or
 * what reading the file failed with. */
int64_t exec_file(struct trap_frame *frame, struct file *file, uint64_t argv, uint64_t envp, const char *path);

#endif
