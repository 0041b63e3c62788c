/* debug: — the kernel's serial console (COM1). Writes go straight to the port; reads return
 * the bytes received since (console_input.c), blocking until there is at least one. Every
 * open gets the same handle: there is one console. */
#ifndef KERNEL_DEBUG_SCHEME_H
#define KERNEL_DEBUG_SCHEME_H

#include "scheme/scheme.h"

extern struct scheme debug_scheme;

/* The handle of every debug: file (what console input reports events for). */
extern const char debug_console_handle;

#endif
