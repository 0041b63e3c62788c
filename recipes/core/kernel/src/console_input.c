#include "console_input.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/irq.h"
#include "console.h"
#include "lib/uart16550.h"
#include "proc/process.h"
#include "scheme/events.h"
#include "syscall_abi.h"
#include "time.h"

/* A serial line cannot tell its size: the classic terminal's. */
#define DEFAULT_ROWS 24
#define DEFAULT_COLUMNS 80

static struct line_discipline terminal;
static int foreground_group;
static struct mh_winsize window_size = {.ws_row = DEFAULT_ROWS, .ws_col = DEFAULT_COLUMNS};
static uint64_t last_arrival_ns;
static struct wait_queue waiters;
static const void *event_handle;

static void emit_to_port(void *context, const char *bytes, size_t length)
{
    (void)context;
    uart_write_raw(UART_COM1, bytes, length);
}

static void receive(unsigned irq, void *context)
{
    (void)irq;
    (void)context;
    uint8_t byte;
    bool received = false;
    while (uart_receive(UART_COM1, &byte)) {
        int signal = ld_receive(&terminal, byte);
        if (signal != 0 && foreground_group > 0)
            process_signal_group(foreground_group, signal);
        received = true;
    }
    if (received) {
        last_arrival_ns = time_monotonic_ns();
        wait_queue_wake_all(&waiters);
        if (ld_readable(&terminal))
            events_trigger(event_handle, MH_EVENT_READ);
    }
}

void console_input_init(const void *handle)
{
    event_handle = handle;
    ld_init(&terminal, emit_to_port, NULL);
    int result = irq_claim(CONSOLE_INPUT_IRQ, receive, NULL, NULL);
    if (result != 0) {
        kprintf("console: no serial input (IRQ %u: error %d)\n", CONSOLE_INPUT_IRQ, -result);
        return;
    }
    uart_enable_receive_interrupt(UART_COM1);
    /* Bytes that arrived before the interrupt was enabled raise none: collect them now. */
    irq_state state = irq_save();
    receive(CONSOLE_INPUT_IRQ, NULL);
    irq_restore(state);
}

struct line_discipline *console_terminal(void)
{
    return &terminal;
}

uint64_t console_input_last_arrival(void)
{
    return last_arrival_ns;
}

int console_foreground_group(void)
{
    return foreground_group;
}

void console_set_foreground_group(int pgid)
{
    foreground_group = pgid;
}

struct mh_winsize console_window_size(void)
{
    return window_size;
}

void console_set_window_size(const struct mh_winsize *size)
{
    window_size = *size;
}

struct wait_queue *console_input_waiters(void)
{
    return &waiters;
}
