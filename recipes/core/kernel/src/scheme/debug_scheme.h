/* debug: — the kernel's serial console (COM1) as a terminal. Writes go to the port through
 * the line discipline's output translation; reads take typed input as the terminal's mode says
 * (console_input.c: canonical lines with editing and echo, or raw bytes with VMIN/VTIME).
 * Every open gets the same handle: there is one console. dup(fd, "termios" | "pgrp" |
 * "winsize" | "flush" | "sid" | "ctty") gives handles on its attributes, as upstream Redox's terminals do
 * (doc/schemes.md). */
#ifndef KERNEL_DEBUG_SCHEME_H
#define KERNEL_DEBUG_SCHEME_H

#include "scheme/scheme.h"

extern struct scheme debug_scheme;

/* tty: the caller's controlling terminal (ENXIO without one). */
extern struct scheme tty_scheme;

/* The leader of session sid is exiting: if the console is its controlling terminal, the
 * terminal is freed and its foreground group gets SIGHUP and SIGCONT. */
void debug_session_leader_exits(int sid);

/* The handle of every debug: file (what console input reports events for). */
extern const char debug_console_handle;

#endif
