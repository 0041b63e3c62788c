#include "console.h"

#include "arch/x86_64/cpu.h"
#include "lib/format.h"
#include "lib/uart16550.h"

void console_init(void)
{
    uart_init(UART_COM1);
}

void console_write(const char *text, size_t length)
{
    irq_state state = irq_save();
    uart_write(UART_COM1, text, length);
    irq_restore(state);
}

static void console_sink(void *context, const char *text, size_t length)
{
    (void)context;
    uart_write(UART_COM1, text, length);
}

void kvprintf(const char *format, va_list args)
{
    irq_state state = irq_save();
    format_va(console_sink, NULL, format, args);
    irq_restore(state);
}

void kprintf(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    kvprintf(format, args);
    va_end(args);
}
