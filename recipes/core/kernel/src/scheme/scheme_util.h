/* Small helpers kernel schemes share: stat records, fpath strings, and files whose whole
 * content is a byte string (sys:, directory listings). */
#ifndef KERNEL_SCHEME_UTIL_H
#define KERNEL_SCHEME_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "proc/io_buffer.h"
#include "syscall_abi.h"

void scheme_stat_fill(struct mh_stat *stat, unsigned mode, uint64_t size);

/* Writes prefix and path (truncated to the buffer); returns the bytes written. */
int64_t scheme_put_path(const struct io_buffer *buffer, const char *prefix, const char *path);

/* A read-only file served from memory, with a position. */
struct text_file {
    char *data; /* kmalloc'd */
    size_t length;
    size_t capacity;
    uint64_t position;
    int failed; /* a negated error from building it */
};

/* Appends formatted text, growing the buffer (records -MH_ENOMEM in failed). */
void text_file_printf(struct text_file *file, const char *format, ...) __attribute__((format(printf, 2, 3)));

int64_t text_file_read(struct text_file *file, const struct io_buffer *buffer);
int64_t text_file_seek(struct text_file *file, int64_t offset, int whence);
void text_file_free(struct text_file *file);

#endif
