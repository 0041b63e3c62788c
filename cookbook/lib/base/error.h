/* Errors with context, returned by every library (libraries never print or exit; the tools print
 * them with mh_error_print).
 * An error names where the problem is (path, line, column; any may be absent) and what
 * was expected, and mh_error_format() renders it as "path:line:col: message". */
#ifndef MH_BASE_ERROR_H
#define MH_BASE_ERROR_H

#include <stdarg.h>
#include <stddef.h>

#define MH_ERROR_PATH_MAX 1024
#define MH_ERROR_MESSAGE_MAX 1024

typedef struct mh_error {
    int set;                          /* 0 = no error recorded */
    char path[MH_ERROR_PATH_MAX];     /* "" when not about a file */
    unsigned line, column;            /* 1-based; 0 = unknown */
    char message[MH_ERROR_MESSAGE_MAX];
} mh_error;

void mh_error_clear(mh_error *err);

/* Records an error (path may be NULL). Returns -1 so callers can `return mh_error_set(...)`. */
int mh_error_set(mh_error *err, const char *path, unsigned line, unsigned column,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
int mh_error_setv(mh_error *err, const char *path, unsigned line, unsigned column,
                  const char *fmt, va_list ap);

/* Like mh_error_set, appending ": strerror(errnum)". */
int mh_error_errno(mh_error *err, const char *path, int errnum, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Prefixes the message with more context: "context: old message". */
void mh_error_prefix(mh_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* "path:line:col: message" (parts that are unknown are left out). */
void mh_error_format(const mh_error *err, char *out, size_t out_size);

/* Writes "program: path:line:col: message" and a newline to stderr ("path:line:col: message"
 * when program is NULL). */
void mh_error_print(const char *program, const mh_error *err);

#endif
