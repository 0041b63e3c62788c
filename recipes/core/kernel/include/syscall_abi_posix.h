/* The kernel's system call ABI (syscall_abi.h, syscall_instruction.h) for programs that also
 * include POSIX headers: <sys/stat.h> defines st_atime, st_mtime and st_ctime as macros, which
 * would rename the fields of struct mh_stat. They are set aside while the ABI is read and
 * restored after it, whichever order the headers come in. */
#ifndef MH_SYSCALL_ABI_POSIX_H
#define MH_SYSCALL_ABI_POSIX_H

#pragma push_macro("st_atime")
#pragma push_macro("st_mtime")
#pragma push_macro("st_ctime")
#undef st_atime
#undef st_mtime
#undef st_ctime
#include "syscall_abi.h"
#include "syscall_instruction.h"
#pragma pop_macro("st_atime")
#pragma pop_macro("st_mtime")
#pragma pop_macro("st_ctime")

#endif
