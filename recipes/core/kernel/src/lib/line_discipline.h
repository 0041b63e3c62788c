/* A terminal line discipline (POSIX "general terminal interface"), independent of the device:
 * input bytes go through ld_receive (input translation, canonical line editing, echo, signal
 * characters), readers take them with ld_take, and output goes through ld_output (ONLCR...).
 * Echo and translated output leave through the emit callback. No locking: the caller
 * serialises (the kernel calls everything with interrupts disabled). Host-testable. */
#ifndef KERNEL_LINE_DISCIPLINE_H
#define KERNEL_LINE_DISCIPLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "syscall_abi.h"

#define LD_QUEUE_SIZE 4096 /* bytes ready for readers */
#define LD_LINE_LIMIT 1024 /* the line being edited in canonical mode */

typedef void ld_emit_fn(void *context, const char *bytes, size_t length);

struct line_discipline {
    struct mh_termios termios;
    /* Ready input: a ring; mark[i] says whether byte i ends a canonical line. */
    char queue[LD_QUEUE_SIZE];
    uint8_t mark[LD_QUEUE_SIZE];
    size_t queue_start, queue_used;
    size_t lines_ready; /* marked bytes in the queue */
    /* Canonical mode: the line being edited (not readable until it is ended). */
    char line[LD_LINE_LIMIT];
    size_t line_length;
    ld_emit_fn *emit;
    void *emit_context;
};

/* Default attributes: a cooked terminal (ICRNL, OPOST|ONLCR, ISIG|ICANON|IEXTEN|ECHO|ECHOE|
 * ECHOK, CS8|CREAD at 115200, ^C ^\ ^Z DEL ^U ^D ^W, VMIN 1, VTIME 0). */
void ld_init(struct line_discipline *ld, ld_emit_fn *emit, void *emit_context);

/* Processes one received byte. Returns the signal a signal character asks for (MH_SIGINT,
 * MH_SIGQUIT, MH_SIGTSTP) or 0; sending it is the caller's job. */
int ld_receive(struct line_discipline *ld, uint8_t byte);

/* Bytes a read could take now: in canonical mode only whole lines count, and a line ended by
 * VEOF counts even when empty (a read then returns 0, end of file). */
bool ld_readable(const struct line_discipline *ld);

/* Bytes waiting in the ready queue (non-canonical mode: what VMIN is compared with). */
size_t ld_pending(const struct line_discipline *ld);

/* Moves up to length ready bytes into buffer; canonical mode stops after the end of a line
 * (a VEOF that ended it is not returned). Returns the count. */
size_t ld_take(struct line_discipline *ld, char *buffer, size_t length);

/* Writes output bytes through emit, translated as c_oflag says. */
void ld_output(struct line_discipline *ld, const char *bytes, size_t length);

/* Installs new attributes (entering or leaving canonical mode keeps the typed input). */
void ld_set_termios(struct line_discipline *ld, const struct mh_termios *termios);

/* Discards typed input (MH_TCIFLUSH). */
void ld_flush_input(struct line_discipline *ld);

#endif
