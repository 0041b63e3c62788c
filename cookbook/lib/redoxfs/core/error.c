#include "redoxfs/core/error.h"

#include "redoxfs/core/mem.h"

/* The function names are also function-like macros (see error.h); parenthesized names call
 * the functions themselves. */

static void append_char(char *out, size_t *pos, char c) {
    if (*pos + 1 < RFS_ERROR_MAX)
        out[(*pos)++] = c;
}

static void append_number(char *out, size_t *pos, uint64_t v, unsigned base) {
    char digits[24];
    size_t n = 0;
    do {
        digits[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    if (base == 16) {
        append_char(out, pos, '0');
        append_char(out, pos, 'x');
    }
    while (n)
        append_char(out, pos, digits[--n]);
}

/* Formats fmt with args[1..] into out (NUL-terminated, cut at RFS_ERROR_MAX). */
static void format(char *out, const char *f, const rfs_arg *args) {
    size_t pos = 0, next = 1;
    for (; *f; f++) {
        if (*f != '%' || !f[1]) {
            append_char(out, &pos, *f);
            continue;
        }
        f++;
        if (*f == 'u') {
            append_number(out, &pos, args[next++].u, 10);
        } else if (*f == 'x') {
            append_number(out, &pos, args[next++].u, 16);
        } else if (*f == 's') {
            for (const char *s = args[next++].s; s && *s; s++)
                append_char(out, &pos, *s);
        } else {
            append_char(out, &pos, *f);
        }
    }
    out[pos] = '\0';
}

int(rfs_error_set)(rfs_error *err, int code, const char *fmt, const rfs_arg *args) {
    err->code = code;
    format(err->message, fmt, args);
    return -code;
}

void(rfs_error_prefix)(rfs_error *err, const char *fmt, const rfs_arg *args) {
    char prefix[RFS_ERROR_MAX];
    format(prefix, fmt, args);
    size_t plen = rfs_strlen(prefix), mlen = rfs_strlen(err->message);
    if (plen + 2 >= RFS_ERROR_MAX)
        return;
    if (plen + 2 + mlen >= RFS_ERROR_MAX)
        mlen = RFS_ERROR_MAX - plen - 3;
    rfs_memmove(err->message + plen + 2, err->message, mlen);
    rfs_memcpy(err->message, prefix, plen);
    err->message[plen] = ':';
    err->message[plen + 1] = ' ';
    err->message[plen + 2 + mlen] = '\0';
}
