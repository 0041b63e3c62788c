/* The register state saved on every interrupt, exception and system call (isr.S and
 * syscall_entry.S build it on the thread's kernel stack; the field order is their push order). */
#ifndef KERNEL_TRAP_H
#define KERNEL_TRAP_H

#include <stdbool.h>
#include <stdint.h>

struct trap_frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector;     /* interrupt vector, or TRAP_VECTOR_SYSCALL */
    uint64_t error_code; /* CPU error code, 0 when the vector has none */
    /* pushed by the CPU (built by hand for system calls): */
    uint64_t rip, cs, rflags, rsp, ss;
};

_Static_assert(sizeof(struct trap_frame) == 22 * 8, "trap frame layout (isr.S)");

#define VECTOR_DIVIDE_ERROR 0
#define VECTOR_DEBUG 1
#define VECTOR_NMI 2
#define VECTOR_BREAKPOINT 3
#define VECTOR_INVALID_OPCODE 6
#define VECTOR_DOUBLE_FAULT 8
#define VECTOR_GENERAL_PROTECTION 13
#define VECTOR_PAGE_FAULT 14
#define VECTOR_MACHINE_CHECK 18
#define VECTOR_FIRST_IRQ 32
#define VECTOR_TIMER 32
#define VECTOR_SPURIOUS 0xff
#define TRAP_VECTOR_SYSCALL 0x100

static inline bool trap_from_user(const struct trap_frame *frame)
{
    return (frame->cs & 3) == 3;
}

void trap_dispatch(struct trap_frame *frame);

/* Human-readable name of an exception vector (0..31). */
const char *trap_exception_name(uint64_t vector);

#endif
