/* Fatal kernel errors: a readable report on COM1 (message, registers, control registers,
 * current thread, symbolised frame-pointer backtrace), then the machine stops. When a hook is
 * installed (the self-test does this) the hook runs last, e.g. to end a QEMU test run. */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

#include <stdint.h>

struct trap_frame;

void panic(const char *format, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* A CPU exception in kernel mode. */
void panic_trap(const struct trap_frame *frame) __attribute__((noreturn));

/* Prints "  #N 0x... symbol+0x..." lines starting at rip, following saved frame pointers. */
void backtrace_print(uint64_t rip, uint64_t rbp);

/* Called at the end of every panic report instead of halting (must not return). */
void panic_set_final_hook(void (*hook)(void));

#endif
