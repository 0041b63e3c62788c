/* Serial console input: COM1 raises IRQ 4 when bytes arrive and the handler keeps them in a
 * ring until debug: readers take them (bytes arriving while the ring is full are dropped). */
#ifndef KERNEL_CONSOLE_INPUT_H
#define KERNEL_CONSOLE_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "sched/wait.h"

#define CONSOLE_INPUT_IRQ 4
#define CONSOLE_INPUT_RING 1024

/* handle is what readers' events are reported for (events_trigger). */
void console_input_init(const void *handle);

/* With interrupts disabled: moves up to length waiting bytes into buffer. */
size_t console_input_take(char *buffer, size_t length);

bool console_input_available(void);

/* Where readers wait for input. */
struct wait_queue *console_input_waiters(void);

#endif
