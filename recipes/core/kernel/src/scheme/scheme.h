/* Schemes: the namespaces behind paths (Redox's model). The kernel serves debug:, pipe:,
 * event:, time:, sys:, memory: and irq: itself; processes register more through the root
 * scheme (scheme/root_scheme.c) and serve them as user-space schemes. Handlers move data
 * through struct io_buffer, so the same call works for user memory and kernel buffers.
 *
 * Paths: "name:reference" (Redox's legacy form), "/scheme/name/reference" (its current form)
 * and other absolute paths, which belong to the "file" scheme (the root filesystem daemon) with
 * the whole path as the reference (lib/scheme_path.h). */
#ifndef KERNEL_SCHEME_H
#define KERNEL_SCHEME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "proc/io_buffer.h"
#include "syscall_abi.h"

#define SCHEME_NAME_LIMIT 32

struct scheme;

/* Calls that only user-space schemes implement (fsync, ftruncate, ...): the number, two plain
 * arguments and an optional buffer (direction given by the number). */
struct file_call {
    uint64_t number;
    uint64_t arguments[2];
    struct io_buffer buffer;
};

/* Every operation may be NULL (the system-call layer then reports the POSIX error for "not
 * supported on this kind of file"). Handles are never NULL, since events identify a handle by
 * its address. flags are the description's MH_O_* flags. */
struct scheme_ops {
    /* path is the reference inside the scheme (not NUL-terminated). *flags holds the flags
     * asked for; the scheme may change the access mode (a pipe's read end is read-only). */
    int (*open)(struct scheme *scheme, const char *path, size_t length, unsigned *flags, void **handle);
    int64_t (*read)(void *handle, const struct io_buffer *buffer, unsigned flags);
    int64_t (*write)(void *handle, const struct io_buffer *buffer, unsigned flags);
    int64_t (*seek)(void *handle, int64_t offset, int whence);
    int (*fstat)(void *handle, struct mh_stat *stat);
    /* Writes the canonical path; returns its length (possibly truncated to the buffer). */
    int64_t (*fpath)(void *handle, const struct io_buffer *buffer);
    /* A new handle derived from this one, as dup(fd, request) asks (non-empty request). */
    int (*dup)(void *handle, const char *request, size_t length, unsigned *flags, void **copy);
    /* The MH_EVENT_* conditions that hold right now (used when an event queue starts watching
     * the handle); a negated error when the handle cannot be watched. */
    int64_t (*poll)(void *handle, unsigned interest);
    int (*fmap)(void *handle, const struct mh_map *request, uint64_t *address);
    int64_t (*call)(void *handle, const struct file_call *call);
    /* unlink, rmdir: path-class calls other than open. */
    int (*path_call)(struct scheme *scheme, uint64_t number, const char *path, size_t length);
    void (*close)(void *handle);
    /* Dynamic schemes: frees the scheme once nothing refers to it. */
    void (*destroy)(struct scheme *scheme);
};

struct scheme {
    char name[SCHEME_NAME_LIMIT];
    const struct scheme_ops *ops;
    void *instance;      /* the scheme's own state */
    bool dynamic;        /* registered by a process; reference counted */
    unsigned references; /* dynamic schemes: the registry's, open files', calls in progress */
    struct scheme *next; /* registry */
};

/* Registers the kernel's schemes. */
void scheme_init(void);

/* The scheme called name (length bytes) with a reference taken, or NULL. */
struct scheme *scheme_find(const char *name, size_t length);

void scheme_retain(struct scheme *scheme);
void scheme_release(struct scheme *scheme);

/* Adds a dynamic scheme to the registry (which takes a reference). -MH_EEXIST when the name is
 * taken, -MH_EINVAL when it is not a valid name. */
int scheme_register(struct scheme *scheme);

/* Takes it out of the registry (dropping the registry's reference); new opens fail. */
void scheme_unregister(struct scheme *scheme);

/* Calls visit(context, name) for every registered scheme but the root, in registration order. */
void scheme_for_each(void (*visit)(void *context, const char *name), void *context);

bool scheme_name_valid(const char *name, size_t length);

struct resolved_path {
    struct scheme *scheme; /* with a reference */
    const char *reference;
    size_t length;
};

/* Splits path into its scheme and reference (lib/scheme_path.h has the forms). With create
 * set, "/scheme/NAME" for a NAME that is not registered resolves to the root scheme with
 * reference NAME (registering a scheme). Returns 0 or -MH_ENOENT. */
int scheme_resolve(const char *path, size_t length, bool create, struct resolved_path *resolved);

#endif
