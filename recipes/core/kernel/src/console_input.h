/* The serial console's terminal: COM1 raises IRQ 4 when bytes arrive and the handler runs them
 * through the line discipline (lib/line_discipline.h: editing, echo, signal characters sent to
 * the foreground process group), where debug: readers take them. Also keeps the terminal's
 * foreground process group and window size. Everything but init with interrupts disabled. */
#ifndef KERNEL_CONSOLE_INPUT_H
#define KERNEL_CONSOLE_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/line_discipline.h"
#include "sched/wait.h"

#define CONSOLE_INPUT_IRQ 4

/* handle is what readers' events are reported for (events_trigger). */
void console_input_init(const void *handle);

/* The console's line discipline (attributes, typed input, output translation). */
struct line_discipline *console_terminal(void);

/* When the last byte arrived (monotonic ns): VTIME's inter-byte timer. */
uint64_t console_input_last_arrival(void);

/* The foreground process group (0: none yet, signal characters then signal nobody). */
int console_foreground_group(void);
void console_set_foreground_group(int pgid);

struct mh_winsize console_window_size(void);
void console_set_window_size(const struct mh_winsize *size);

/* Where readers wait for input. */
struct wait_queue *console_input_waiters(void);

#endif
