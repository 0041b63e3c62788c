/* User-space schemes. A process registers a scheme by opening ":NAME" (or "/scheme/NAME")
 * with MH_O_CREAT; the descriptor it gets is the scheme's server end. Every call a client
 * makes on the scheme becomes a request the kernel queues there: the server reads requests as
 * struct mh_packet records, serves them and writes the packets back with the result in a
 * (doc/schemes.md has the packet layouts). Buffers travel through grants (proc/grants.h).
 *
 * When the last descriptor of the server end closes (the server exits or crashes), the name
 * is freed, every request waiting or in service fails with EIO, and so does every later call
 * on the scheme's open files. */
#ifndef KERNEL_USER_SCHEME_H
#define KERNEL_USER_SCHEME_H

#include <stdbool.h>
#include <stdint.h>

#include "scheme/scheme.h"

struct process;
struct user_scheme;

/* Registers name; *server is the server end's state, whose events (requests waiting) are
 * reported for event_handle. -MH_EEXIST, -MH_EINVAL, -MH_ENOMEM. */
int user_scheme_create(const char *name, size_t length, const void *event_handle,
                       struct user_scheme **server);

/* The server end's operations (the root scheme's handles for registered schemes). */
int64_t user_scheme_serve_read(struct user_scheme *server, const struct io_buffer *buffer, unsigned flags);
int64_t user_scheme_serve_write(struct user_scheme *server, const struct io_buffer *buffer);
int64_t user_scheme_serve_poll(struct user_scheme *server);
const char *user_scheme_name(struct user_scheme *server);

/* The server end is closed for good: the scheme dies (see above). */
void user_scheme_server_closed(struct user_scheme *server);

/* process is exiting or replacing its address space: requests it was serving fail with EIO. */
void user_scheme_process_leaving(struct process *process);

/* Requests anywhere in the system (tests check none is left behind). */
unsigned user_scheme_request_count(void);

#endif
