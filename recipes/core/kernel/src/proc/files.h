/* Open files and a process's file descriptors. In Redox's model a descriptor is a capability:
 * it names an open file description, which holds a scheme's handle plus the access mode and
 * status flags it was opened with. Descriptions are shared: by dup() and dup2() with an empty
 * request, and between parent and child after fork, so they share the file position (which
 * the scheme keeps per handle) and the status flags, as POSIX requires. The close-on-exec flag
 * belongs to the descriptor. */
#ifndef KERNEL_FILES_H
#define KERNEL_FILES_H

#include <stdbool.h>
#include <stdint.h>

#define PROCESS_FILE_LIMIT 128

struct scheme;

struct file {
    unsigned references;   /* descriptors (of any process) and calls in progress */
    struct scheme *scheme; /* holds a reference on the scheme */
    void *handle;          /* the scheme's; never NULL */
    unsigned flags;        /* MH_O_ACCMODE bits plus MH_O_NONBLOCK and MH_O_APPEND */
};

struct file_slot {
    struct file *file; /* NULL: the descriptor is free */
    bool close_on_exec;
};

struct file_table {
    struct file_slot slots[PROCESS_FILE_LIMIT];
};

/* Status flags fcntl(F_SETFL) may change. */
#define FILE_STATUS_FLAGS (MH_O_NONBLOCK | MH_O_APPEND)

/* A description with one reference, taking over a scheme reference and the handle; NULL when
 * out of memory (the caller still owns both). */
struct file *file_create(struct scheme *scheme, void *handle, unsigned flags);

void file_retain(struct file *file);

/* Drops a reference; the last one closes the scheme handle. */
void file_release(struct file *file);

/* Installs file (taking over the caller's reference) at the lowest free descriptor that is at
 * least minimum. Returns it, or -MH_EMFILE (the reference stays the caller's). */
int files_install(struct file_table *table, struct file *file, bool close_on_exec, int minimum);

/* Installs file at fd, first closing what was there. Returns fd or -MH_EBADF (out of range). */
int files_install_at(struct file_table *table, int fd, struct file *file, bool close_on_exec);

/* The description behind fd, or NULL. The table keeps its reference: callers that may block
 * retain it themselves (another thread could close fd meanwhile). */
struct file *files_get(struct file_table *table, int64_t fd);

struct file_slot *files_slot(struct file_table *table, int64_t fd);

/* 0, or -MH_EBADF. */
int files_close(struct file_table *table, int64_t fd);

void files_close_all(struct file_table *table);

/* exec: closes every descriptor marked close-on-exec. */
void files_close_on_exec(struct file_table *table);

/* fork: copy (empty) gets every descriptor of table, sharing the descriptions. */
void files_clone(struct file_table *copy, const struct file_table *table);

#endif
