/* Boot-time self-test, enabled by the word "selftest" on the kernel command line: checks the
 * frame allocator, heap, kernel stacks, timer, scheduler and user processes (running the
 * initfs program in several modes), prints one line per check and ends the QEMU run through
 * isa-debug-exit with the pass or fail code (a panic also ends it with the fail code). */
#ifndef KERNEL_SELFTEST_H
#define KERNEL_SELFTEST_H

#include "boot_params.h"

void selftest_run(const struct boot_params *params) __attribute__((noreturn));

/* For testing the panic report itself (command-line word "selftest-panic"): a kernel page
 * fault a few calls deep; the report ends the QEMU run with the fail code. */
void selftest_provoke_panic(void) __attribute__((noreturn));

/* Runs an interactive mode of the test program ("echo": a line typed on the serial port comes
 * back, words "selftest-echo"; "terminal": a session on the line discipline, word
 * "selftest-terminal") and ends QEMU with its verdict. */
void selftest_serial_input(const struct boot_params *params, const char *mode) __attribute__((noreturn));

#endif
