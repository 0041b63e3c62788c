#include "console_input.h"

#include <stdint.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/irq.h"
#include "console.h"
#include "lib/uart16550.h"
#include "scheme/events.h"
#include "syscall_abi.h"

static char ring[CONSOLE_INPUT_RING];
static size_t ring_start, ring_used;
static struct wait_queue waiters;
static const void *event_handle;

static void receive(unsigned irq, void *context)
{
    (void)irq;
    (void)context;
    uint8_t byte;
    bool received = false;
    while (uart_receive(UART_COM1, &byte)) {
        if (ring_used < CONSOLE_INPUT_RING) {
            ring[(ring_start + ring_used) % CONSOLE_INPUT_RING] = (char)byte;
            ring_used++;
        }
        received = true;
    }
    if (received) {
        wait_queue_wake_all(&waiters);
        events_trigger(event_handle, MH_EVENT_READ);
    }
}

void console_input_init(const void *handle)
{
    event_handle = handle;
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

size_t console_input_take(char *buffer, size_t length)
{
    size_t count = length < ring_used ? length : ring_used;
    for (size_t i = 0; i < count; i++)
        buffer[i] = ring[(ring_start + i) % CONSOLE_INPUT_RING];
    ring_start = (ring_start + count) % CONSOLE_INPUT_RING;
    ring_used -= count;
    return count;
}

bool console_input_available(void)
{
    return ring_used > 0;
}

struct wait_queue *console_input_waiters(void)
{
    return &waiters;
}
