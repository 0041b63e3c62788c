/* pipe: — Redox's pipes. open("pipe:") creates a pipe and returns its read end; dup(fd,
 * "write") on an end gives a write end (dup(fd, "read") another read end), which is how
 * Redox's C library builds pipe2(); the kernel's pipe2 call does the same in one step.
 *
 * Reads block until data arrives or every write end is closed (end of file); writes block
 * until everything is written, writes of at most PIPE_ATOMIC_BYTES are never interleaved with
 * others, and a write without any read end fails with EPIPE and raises SIGPIPE. */
#ifndef KERNEL_PIPE_SCHEME_H
#define KERNEL_PIPE_SCHEME_H

#include "scheme/scheme.h"

#define PIPE_CAPACITY 16384
#define PIPE_ATOMIC_BYTES 4096

extern struct scheme pipe_scheme;

/* Both ends of a new pipe (handles of pipe_scheme), for pipe2(). */
int pipe_create(void **read_end, void **write_end);

#endif
