#include "base/error.h"

#include <stdio.h>
#include <string.h>

void mh_error_clear(mh_error *err) {
    memset(err, 0, sizeof *err);
}

int mh_error_setv(mh_error *err, const char *path, unsigned line, unsigned column,
                  const char *fmt, va_list ap) {
    if (!err)
        return -1;
    err->set = 1;
    snprintf(err->path, sizeof err->path, "%s", path ? path : "");
    err->line = line;
    err->column = column;
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    return -1;
}

int mh_error_set(mh_error *err, const char *path, unsigned line, unsigned column,
                 const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    mh_error_setv(err, path, line, column, fmt, ap);
    va_end(ap);
    return -1;
}

int mh_error_errno(mh_error *err, const char *path, int errnum, const char *fmt, ...) {
    if (!err)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    mh_error_setv(err, path, 0, 0, fmt, ap);
    va_end(ap);
    size_t used = strlen(err->message);
    snprintf(err->message + used, sizeof err->message - used, ": %s", strerror(errnum));
    return -1;
}

void mh_error_prefix(mh_error *err, const char *fmt, ...) {
    if (!err)
        return;
    char prefix[MH_ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    /* Shift the old message right and put the prefix in front; what no longer fits is cut. */
    size_t plen = strlen(prefix);
    if (plen + 2 >= sizeof err->message)
        plen = sizeof err->message - 3;
    size_t mlen = strnlen(err->message, sizeof err->message - 1);
    if (plen + 2 + mlen >= sizeof err->message)
        mlen = sizeof err->message - plen - 3;
    memmove(err->message + plen + 2, err->message, mlen);
    memcpy(err->message, prefix, plen);
    err->message[plen] = ':';
    err->message[plen + 1] = ' ';
    err->message[plen + 2 + mlen] = '\0';
}

void mh_error_format(const mh_error *err, char *out, size_t out_size) {
    if (!err->path[0])
        snprintf(out, out_size, "%s", err->message);
    else if (err->line && err->column)
        snprintf(out, out_size, "%s:%u:%u: %s", err->path, err->line, err->column, err->message);
    else if (err->line)
        snprintf(out, out_size, "%s:%u: %s", err->path, err->line, err->message);
    else
        snprintf(out, out_size, "%s: %s", err->path, err->message);
}

void mh_error_print(const char *program, const mh_error *err) {
    char text[MH_ERROR_PATH_MAX + MH_ERROR_MESSAGE_MAX + 64];
    mh_error_format(err, text, sizeof text);
    if (program)
        fprintf(stderr, "%s: %s\n", program, text);
    else
        fprintf(stderr, "%s\n", text);
}
