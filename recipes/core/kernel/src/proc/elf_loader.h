/* Loading a user program (ELF64 executable, static, x86_64) into an address space, with its
 * initial stack laid out as the System V ABI describes: argc, the argv pointers, NULL, the
 * envp pointers, NULL, and the auxiliary vector (AT_PHDR, AT_PHENT, AT_PHNUM, AT_PAGESZ,
 * AT_ENTRY, AT_RANDOM, AT_EXECFN, AT_NULL), with the strings and 16 random bytes above. */
#ifndef KERNEL_ELF_LOADER_H
#define KERNEL_ELF_LOADER_H

#include <stddef.h>
#include <stdint.h>

#include "proc/exec_arguments.h"

#define USER_IMAGE_LOWEST 0x10000ull            /* page 0 and its neighbours stay unmapped */
#define USER_IMAGE_HIGHEST 0x00007f0000000000ull
#define USER_STACK_TOP 0x00007ffffffff000ull
#define USER_STACK_SIZE (256ull * 1024)

struct exec_arguments;

struct user_entry {
    uint64_t instruction_pointer;
    uint64_t stack_pointer;
};

/* Maps the image's segments (zero-filled past their file bytes, writable/executable as the
 * program headers say) and a stack into address_space; execfn is the name AT_EXECFN gives.
 * Returns 0, -MH_ENOEXEC (with *problem saying why the file is unusable), -MH_E2BIG
 * (arguments) or -MH_ENOMEM. On failure the address space may hold partial mappings; the
 * caller destroys it. image must be 8-byte aligned. */
int elf_load_user(uint64_t address_space, const void *image, uint64_t size,
                  const struct exec_arguments *arguments, const char *execfn, struct user_entry *entry,
                  const char **problem);

#endif
