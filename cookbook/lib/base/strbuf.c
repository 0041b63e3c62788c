#include "base/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void out_of_memory(size_t size) {
    fprintf(stderr, "fatal: out of memory allocating %zu bytes\n", size);
    abort();
}

void *mh_xmalloc(size_t size) {
    void *p = malloc(size ? size : 1);
    if (!p)
        out_of_memory(size);
    return p;
}

void *mh_xcalloc(size_t count, size_t size) {
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        out_of_memory(count * size);
    return p;
}

void *mh_xrealloc(void *ptr, size_t size) {
    void *p = realloc(ptr, size ? size : 1);
    if (!p)
        out_of_memory(size);
    return p;
}

char *mh_xstrdup(const char *s) {
    return mh_xstrndup(s, strlen(s));
}

char *mh_xstrndup(const char *s, size_t n) {
    size_t len = strnlen(s, n);
    char *p = mh_xmalloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *mh_xasprintf(const char *fmt, ...) {
    mh_strbuf sb = MH_STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    mh_strbuf_vprintf(&sb, fmt, ap);
    va_end(ap);
    return mh_strbuf_detach(&sb);
}

void mh_strbuf_reserve(mh_strbuf *sb, size_t extra) {
    size_t need = sb->len + extra + 1;
    if (need <= sb->cap)
        return;
    size_t cap = sb->cap ? sb->cap : 64;
    while (cap < need)
        cap *= 2;
    sb->data = mh_xrealloc(sb->data, cap);
    sb->cap = cap;
}

void mh_strbuf_append(mh_strbuf *sb, const void *bytes, size_t len) {
    mh_strbuf_reserve(sb, len);
    if (len)
        memcpy(sb->data + sb->len, bytes, len);
    sb->len += len;
    sb->data[sb->len] = '\0';
}

void mh_strbuf_puts(mh_strbuf *sb, const char *s) {
    mh_strbuf_append(sb, s, strlen(s));
}

void mh_strbuf_putc(mh_strbuf *sb, char c) {
    mh_strbuf_append(sb, &c, 1);
}

void mh_strbuf_vprintf(mh_strbuf *sb, const char *fmt, va_list ap) {
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
        return;
    mh_strbuf_reserve(sb, (size_t)n);
    vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
    sb->len += (size_t)n;
}

void mh_strbuf_printf(mh_strbuf *sb, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    mh_strbuf_vprintf(sb, fmt, ap);
    va_end(ap);
}

void mh_strbuf_truncate(mh_strbuf *sb, size_t len) {
    if (len < sb->len) {
        sb->len = len;
        sb->data[len] = '\0';
    }
}

char *mh_strbuf_detach(mh_strbuf *sb) {
    char *s = sb->data ? sb->data : mh_xstrdup("");
    sb->data = NULL;
    sb->len = sb->cap = 0;
    return s;
}

const char *mh_strbuf_str(const mh_strbuf *sb) {
    return sb->data ? sb->data : "";
}

void mh_strbuf_free(mh_strbuf *sb) {
    free(sb->data);
    sb->data = NULL;
    sb->len = sb->cap = 0;
}
