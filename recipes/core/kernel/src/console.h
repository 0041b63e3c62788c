/* Kernel messages on COM1. Lines from different threads or interrupts never interleave. */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <stdarg.h>
#include <stddef.h>

void console_init(void);
void kprintf(const char *format, ...) __attribute__((format(printf, 1, 2)));
void kvprintf(const char *format, va_list args);
void console_write(const char *text, size_t length);

#endif
