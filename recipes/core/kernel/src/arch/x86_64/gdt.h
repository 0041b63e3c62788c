/* Segments (flat 64-bit) and the task state segment: the kernel stack used when an interrupt
 * arrives from ring 3, and separate known-good stacks for double faults, NMIs and machine
 * checks so that even a kernel stack overflow produces a readable panic. */
#ifndef KERNEL_GDT_H
#define KERNEL_GDT_H

#include <stdint.h>

/* The order is dictated by syscall/sysret: STAR derives SS/CS from two base selectors. */
#define SELECTOR_KERNEL_CODE 0x08
#define SELECTOR_KERNEL_DATA 0x10
#define SELECTOR_USER_DATA 0x1b /* 0x18 | RPL 3 */
#define SELECTOR_USER_CODE 0x23 /* 0x20 | RPL 3 */
#define SELECTOR_TSS 0x28

#define IST_DOUBLE_FAULT 1
#define IST_NMI 2
#define IST_MACHINE_CHECK 3

void gdt_init(void);

/* The stack the CPU switches to on an interrupt or exception from ring 3. */
void gdt_set_interrupt_stack(uint64_t stack_top);

#endif
