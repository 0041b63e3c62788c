/* Where a task's output goes: a pseudo-terminal, so that the programs it runs see a terminal
 * and behave as they do for a user (colours, progress lines; the log filter makes text of it),
 * or a pipe where the system offers no pseudo-terminals. The terminal does no output
 * processing ("\n" stays "\n") and has the size of the user's terminal, else 80x24. */
#ifndef MH_COOK_OUTPUT_CHANNEL_H
#define MH_COOK_OUTPUT_CHANNEL_H

#include <stdbool.h>

#include "base/error.h"

typedef struct cook_output_channel {
    int read_fd;    /* the cook's end (pseudo-terminal master), close-on-exec, non-blocking */
    int write_fd;   /* the task's stdout and stderr (the terminal), close-on-exec */
    bool terminal;  /* false: a pipe */
} cook_output_channel;

int cook_output_open(cook_output_channel *channel, mh_error *err);

#endif
