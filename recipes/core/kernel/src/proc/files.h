/* A process's file descriptors. In Redox's model a descriptor is a capability: a handle that a
 * scheme gave out, plus the access mode it was opened with. */
#ifndef KERNEL_FILES_H
#define KERNEL_FILES_H

#include <stdint.h>

#define PROCESS_FILE_LIMIT 64

struct scheme;

struct open_file {
    const struct scheme *scheme; /* NULL: the slot is free */
    void *handle;
    unsigned flags;              /* MH_O_* */
};

struct file_table {
    struct open_file files[PROCESS_FILE_LIMIT];
};

/* The lowest free descriptor, or -MH_EMFILE. */
int files_add(struct file_table *table, const struct scheme *scheme, void *handle, unsigned flags);

/* NULL for a descriptor that is out of range or not open. */
struct open_file *files_get(struct file_table *table, int64_t fd);

/* 0, or -MH_EBADF. */
int files_close(struct file_table *table, int64_t fd);

void files_close_all(struct file_table *table);

/* Gives copy (empty) every descriptor of table, for a forked child. Returns 0, or a negated
 * error after closing what was copied. */
int files_clone(struct file_table *copy, const struct file_table *table);

#endif
