/* printf-style formatting into any byte sink, freestanding. Shared by the kernel and the
 * bootloader (which compiles this file with its own flags).
 *
 * Conversions: %c %s %d %i %u %x %X %p %%, flags '-' and '0', a width (digits or '*'), a
 * precision for %s ('.N' or '.*'), length modifiers hh h l ll z. %p prints 0x and 16 hex digits.
 * An unknown conversion is printed as-is so the mistake is visible in the output.
 */
#ifndef MH_FORMAT_H
#define MH_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/* Receives the formatted output in pieces; length is never 0. */
typedef void (*format_sink_fn)(void *context, const char *text, size_t length);

void format_va(format_sink_fn sink, void *context, const char *format, va_list args);

/* Formats into buffer (always NUL-terminated when size > 0, truncating if needed) and returns
 * the length the complete output has, like snprintf. */
size_t format_buffer(char *buffer, size_t size, const char *format, ...)
    __attribute__((format(printf, 3, 4)));
size_t format_buffer_va(char *buffer, size_t size, const char *format, va_list args);

#endif
