/* A growable byte buffer, always NUL-terminated. Allocation failure aborts: the host tools
 * have no sensible way to continue without memory, and every caller would do the same. */
#ifndef MH_BASE_STRBUF_H
#define MH_BASE_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct mh_strbuf {
    char *data; /* NUL-terminated; NULL until something is added */
    size_t len;
    size_t cap;
} mh_strbuf;

#define MH_STRBUF_INIT {NULL, 0, 0}

void mh_strbuf_reserve(mh_strbuf *sb, size_t extra);
void mh_strbuf_append(mh_strbuf *sb, const void *bytes, size_t len);
void mh_strbuf_puts(mh_strbuf *sb, const char *s);
void mh_strbuf_putc(mh_strbuf *sb, char c);
void mh_strbuf_printf(mh_strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void mh_strbuf_vprintf(mh_strbuf *sb, const char *fmt, va_list ap);
void mh_strbuf_truncate(mh_strbuf *sb, size_t len);
/* Returns the string ("" when empty) and leaves the buffer empty; the caller frees it. */
char *mh_strbuf_detach(mh_strbuf *sb);
/* The string, or "" when nothing was added yet. */
const char *mh_strbuf_str(const mh_strbuf *sb);
void mh_strbuf_free(mh_strbuf *sb);

/* Allocation helpers that abort with a message on failure. */
void *mh_xmalloc(size_t size);
void *mh_xcalloc(size_t count, size_t size);
void *mh_xrealloc(void *ptr, size_t size);
char *mh_xstrdup(const char *s);
char *mh_xstrndup(const char *s, size_t n);
char *mh_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
