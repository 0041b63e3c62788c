/* The SYSCALL instruction with the calling convention of syscall_abi.h (number in RAX, up to six
 * arguments in RDI, RSI, RDX, R10, R8, R9; the result or -errno back in RAX; RCX and R11
 * clobbered), for every user-space caller: the C library, the boot programs and the kernel's
 * own ring-3 tests. */
#ifndef MH_SYSCALL_INSTRUCTION_H
#define MH_SYSCALL_INSTRUCTION_H

#include <stdint.h>

static inline int64_t mh_syscall6(uint64_t number, uint64_t a, uint64_t b, uint64_t c, uint64_t d,
                                  uint64_t e, uint64_t f)
{
    int64_t result;
    register uint64_t r10 __asm__("r10") = d;
    register uint64_t r8 __asm__("r8") = e;
    register uint64_t r9 __asm__("r9") = f;
    __asm__ volatile("syscall"
                     : "=a"(result)
                     : "a"(number), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return result;
}

#endif
