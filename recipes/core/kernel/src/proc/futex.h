/* Futexes: sleeping on a 32-bit word in user memory until another thread or process wakes
 * that word. A word in a shared mapping is identified by its physical address, so processes
 * sharing the page meet on it; a word in private memory by its address space and address. */
#ifndef KERNEL_FUTEX_H
#define KERNEL_FUTEX_H

#include <stdint.h>

struct process;

/* If the word at address still holds expected, sleeps until woken, until deadline_ns
 * (monotonic; UINT64_MAX = none) or until a signal arrives. Returns 0 (woken), -MH_EAGAIN
 * (the word had changed), -MH_ETIMEDOUT, -MH_EINTR, -MH_EFAULT or -MH_EINVAL (misaligned). */
int futex_wait(struct process *process, uint64_t address, uint32_t expected, uint64_t deadline_ns);

/* Wakes up to count sleepers on the word at address; returns how many were woken. */
int futex_wake(struct process *process, uint64_t address, uint32_t count);

#endif
