/* Schemes: the namespaces behind "name:path" file paths (Redox's model). The kernel serves
 * some itself; later, user-space processes will register more. Handlers see kernel buffers
 * only; the system-call layer copies to and from user memory. */
#ifndef KERNEL_SCHEME_H
#define KERNEL_SCHEME_H

#include <stddef.h>
#include <stdint.h>

struct scheme {
    const char *name;
    /* path is the part after "name:" (not NUL-terminated); flags are MH_O_*. Returns 0 and a
     * handle, or a negated MH_E* error. */
    int (*open)(const char *path, size_t length, unsigned flags, void **handle);
    /* Bytes transferred or a negated error. */
    int64_t (*read)(void *handle, void *buffer, size_t length);
    int64_t (*write)(void *handle, const void *buffer, size_t length);
    void (*close)(void *handle); /* may be NULL */
    /* A second handle for the same open file (fork). NULL when handles carry no state, so
     * the same handle may simply be used twice. */
    int (*dup)(void *handle, void **copy);
};

/* The scheme called name (length bytes, no colon), or NULL. */
const struct scheme *scheme_lookup(const char *name, size_t length);

#endif
