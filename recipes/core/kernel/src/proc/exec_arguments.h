/* The argument and environment strings of a program being started, gathered into kernel
 * memory (from the caller's address space for exec, which is replaced before they are used). */
#ifndef KERNEL_EXEC_ARGUMENTS_H
#define KERNEL_EXEC_ARGUMENTS_H

#include <stddef.h>
#include <stdint.h>

#define EXEC_STRING_COUNT_LIMIT 4096      /* arguments plus environment entries */
#define EXEC_STRING_BYTES_LIMIT (128u * 1024) /* their bytes, terminators included */

struct exec_arguments {
    char *strings; /* argc arguments, then envc environment strings, each NUL-terminated */
    size_t length;
    size_t capacity;
    int argc, envc;
};

/* NULL when out of memory or past the limits. */
struct exec_arguments *exec_arguments_from_kernel(const char *const *argv, int argc);

/* Reads the NULL-terminated arrays of string pointers argv and envp (either may be 0 for
 * none) from address_space. 0, -MH_EFAULT, -MH_E2BIG or -MH_ENOMEM. */
int exec_arguments_from_user(uint64_t address_space, uint64_t argv, uint64_t envp,
                             struct exec_arguments **arguments);

void exec_arguments_free(struct exec_arguments *arguments);

#endif
