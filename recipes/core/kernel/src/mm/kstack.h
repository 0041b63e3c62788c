/* Kernel thread stacks: KERNEL_STACK_SIZE bytes each, in fixed slots of the stack region with
 * an unmapped guard page below every stack, so an overflow faults (and the double-fault
 * handler, on its own stack, reports it) instead of silently corrupting a neighbour. */
#ifndef KERNEL_KSTACK_H
#define KERNEL_KSTACK_H

#include <stdint.h>

#define KERNEL_STACK_SIZE (16u * 1024)

/* The top (initial stack pointer) of a fresh stack, or 0 when out of slots or memory. */
uint64_t kstack_alloc(void);

void kstack_free(uint64_t top);

#endif
