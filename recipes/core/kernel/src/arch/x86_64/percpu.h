/* Per-CPU data reached through GS in kernel mode (one CPU for now). The first two fields are
 * read by syscall_entry.S at fixed offsets. */
#ifndef KERNEL_PERCPU_H
#define KERNEL_PERCPU_H

#include <stdint.h>

struct percpu {
    uint64_t kernel_stack_top; /* offset 0: stack for SYSCALL entry (the current thread's) */
    uint64_t user_rsp_scratch; /* offset 8: user RSP while the trap frame is built */
};

_Static_assert(__builtin_offsetof(struct percpu, kernel_stack_top) == 0, "syscall_entry.S");
_Static_assert(__builtin_offsetof(struct percpu, user_rsp_scratch) == 8, "syscall_entry.S");

extern struct percpu boot_cpu;

/* CPU features the kernel needs: SSE for user programs (FXSAVE/FXRSTOR on switches), GS for
 * per-CPU data, SYSCALL/SYSRET. */
void cpu_init(void);

/* The stack used on the next entry from ring 3 (SYSCALL and interrupts). */
void cpu_set_kernel_stack(uint64_t stack_top);

#endif
