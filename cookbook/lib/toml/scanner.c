#include "toml/scanner.h"

#include <stdarg.h>
#include <stdio.h>

void scanner_init(toml_scanner *s, const char *text, size_t len, const char *path, mh_error *err) {
    s->text = text;
    s->len = len;
    s->pos = 0;
    s->at = (toml_position){1, 1};
    s->path = path;
    s->err = err;
}

void scanner_advance(toml_scanner *s, size_t n) {
    const unsigned char *p = (const unsigned char *)s->text + s->pos;
    if (n > s->len - s->pos)
        n = s->len - s->pos;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '\n') {
            s->at.line++;
            s->at.column = 1;
        } else if ((p[i] & 0xc0) != 0x80) {
            /* Continuation bytes belong to the code point already counted. */
            s->at.column++;
        }
    }
    s->pos += n;
}

int scanner_error(toml_scanner *s, toml_position at, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    mh_error_setv(s->err, s->path, at.line, at.column, fmt, ap);
    va_end(ap);
    return -1;
}

/* The code point of the n-byte UTF-8 sequence at p (n from toml_utf8_sequence_length). */
static unsigned decode_utf8(const unsigned char *p, size_t n) {
    switch (n) {
    case 2: return (p[0] & 0x1fu) << 6 | (p[1] & 0x3fu);
    case 3: return (p[0] & 0x0fu) << 12 | (p[1] & 0x3fu) << 6 | (p[2] & 0x3fu);
    case 4:
        return (p[0] & 0x07u) << 18 | (p[1] & 0x3fu) << 12 | (p[2] & 0x3fu) << 6 | (p[3] & 0x3fu);
    default: return p[0];
    }
}

int scanner_unexpected(toml_scanner *s, const char *what) {
    int c = scanner_peek(s, 0);
    char found[64];
    if (c < 0)
        snprintf(found, sizeof found, "end of input");
    else if (c == '\n' || (c == '\r' && scanner_peek(s, 1) == '\n'))
        snprintf(found, sizeof found, "end of line");
    else if (c == '\r')
        snprintf(found, sizeof found, "a carriage return not followed by a line feed");
    else if (c == '\t')
        snprintf(found, sizeof found, "a tab");
    else if (toml_is_forbidden_control(c))
        snprintf(found, sizeof found, "control character U+%04X", (unsigned)c);
    else if (c < 0x80)
        snprintf(found, sizeof found, "'%c'", c);
    else {
        /* The input was validated, so this is a whole sequence. */
        const unsigned char *p = (const unsigned char *)s->text + s->pos;
        size_t n = toml_utf8_sequence_length(p, s->len - s->pos);
        snprintf(found, sizeof found, "'%.*s' (U+%04X)", (int)n, s->text + s->pos,
                 decode_utf8(p, n));
    }
    return scanner_error(s, s->at, "%s, found %s", what, found);
}

size_t toml_utf8_sequence_length(const unsigned char *p, size_t avail) {
    unsigned char b = p[0];
    if (b < 0x80)
        return 1;
    size_t need;
    unsigned char lo = 0x80, hi = 0xbf; /* allowed range of the second byte */
    if (b >= 0xc2 && b <= 0xdf)
        need = 2;
    else if (b >= 0xe0 && b <= 0xef) {
        need = 3;
        if (b == 0xe0)
            lo = 0xa0; /* overlong */
        else if (b == 0xed)
            hi = 0x9f; /* surrogates */
    } else if (b >= 0xf0 && b <= 0xf4) {
        need = 4;
        if (b == 0xf0)
            lo = 0x90; /* overlong */
        else if (b == 0xf4)
            hi = 0x8f; /* above U+10FFFF */
    } else
        return 0;
    if (avail < need || p[1] < lo || p[1] > hi)
        return 0;
    for (size_t i = 2; i < need; i++)
        if ((p[i] & 0xc0) != 0x80)
            return 0;
    return need;
}

int scanner_check_utf8(toml_scanner *s) {
    const unsigned char *p = (const unsigned char *)s->text;
    size_t i = s->pos;
    while (i < s->len) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        size_t n = toml_utf8_sequence_length(p + i, s->len - i);
        if (n == 0) {
            toml_scanner where = *s;
            scanner_advance(&where, i - s->pos);
            return scanner_error(s, where.at, "invalid UTF-8 (byte 0x%02X)", p[i]);
        }
        i += n;
    }
    return 0;
}

void scanner_skip_ws(toml_scanner *s) {
    const char *p = s->text;
    size_t i = s->pos;
    while (i < s->len && (p[i] == ' ' || p[i] == '\t'))
        i++;
    s->at.column += (unsigned)(i - s->pos);
    s->pos = i;
}

bool scanner_at_newline(const toml_scanner *s) {
    int c = scanner_peek(s, 0);
    return c == '\n' || (c == '\r' && scanner_peek(s, 1) == '\n');
}

int scanner_skip_comment(toml_scanner *s) {
    if (scanner_peek(s, 0) != '#')
        return 0;
    scanner_advance(s, 1);
    for (;;) {
        int c = scanner_peek(s, 0);
        if (c < 0 || scanner_at_newline(s))
            return 0;
        if (toml_is_forbidden_control(c))
            return scanner_unexpected(s, "control characters are not allowed in comments");
        scanner_advance(s, 1);
    }
}

int scanner_skip_ws_comments_newlines(toml_scanner *s) {
    for (;;) {
        scanner_skip_ws(s);
        if (scanner_peek(s, 0) == '#') {
            if (scanner_skip_comment(s) != 0)
                return -1;
        } else if (scanner_at_newline(s)) {
            scanner_advance(s, scanner_peek(s, 0) == '\r' ? 2 : 1);
        } else {
            return 0;
        }
    }
}

int scanner_end_of_line(toml_scanner *s, const char *what) {
    scanner_skip_ws(s);
    if (scanner_skip_comment(s) != 0)
        return -1;
    if (scanner_at_end(s))
        return 0;
    if (scanner_at_newline(s)) {
        scanner_advance(s, scanner_peek(s, 0) == '\r' ? 2 : 1);
        return 0;
    }
    return scanner_unexpected(s, what);
}
