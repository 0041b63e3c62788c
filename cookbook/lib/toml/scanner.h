/* The TOML parser's cursor over the input: position tracking (line and column in code points),
 * errors at a position, and the lexical pieces every part of the grammar shares (whitespace,
 * newlines, comments, UTF-8 validation). Internal to the toml library. */
#ifndef MH_TOML_SCANNER_H
#define MH_TOML_SCANNER_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"
#include "toml/toml.h"

typedef struct toml_scanner {
    const char *text;
    size_t len;
    size_t pos;           /* byte offset of the next character */
    toml_position at;     /* line and column of text[pos] */
    const char *path;     /* for errors; may be NULL */
    mh_error *err;
} toml_scanner;

void scanner_init(toml_scanner *s, const char *text, size_t len, const char *path, mh_error *err);

/* The byte `ahead` bytes after the cursor, or -1 past the end. */
static inline int scanner_peek(const toml_scanner *s, size_t ahead) {
    return s->pos + ahead < s->len ? (unsigned char)s->text[s->pos + ahead] : -1;
}

static inline bool scanner_at_end(const toml_scanner *s) {
    return s->pos >= s->len;
}

/* Moves over n bytes, keeping line and column right (n may span newlines). */
void scanner_advance(toml_scanner *s, size_t n);

/* Records an error at `at` and returns -1. */
int scanner_error(toml_scanner *s, toml_position at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Records an error at the cursor: "<what>, found <description of the next character>". */
int scanner_unexpected(toml_scanner *s, const char *what);

/* Fails (with the position of the first bad byte) unless the whole text is valid UTF-8 made of
 * Unicode scalar values. Run once before parsing, so the rest of the parser can trust the bytes. */
int scanner_check_utf8(toml_scanner *s);
/* Length of the valid UTF-8 sequence (a Unicode scalar value) at p, or 0 if there is none. */
size_t toml_utf8_sequence_length(const unsigned char *p, size_t avail);

/* Is c a control character that TOML allows in no comment or string (all but tab)? */
static inline bool toml_is_forbidden_control(int c) {
    return (c >= 0 && c < 0x20 && c != '\t') || c == 0x7f;
}

/* Skips spaces and tabs. */
void scanner_skip_ws(toml_scanner *s);
/* Is the cursor at LF or CR LF? */
bool scanner_at_newline(const toml_scanner *s);
/* Skips a comment if the cursor is at '#' (up to, not including, the newline). */
int scanner_skip_comment(toml_scanner *s);
/* Skips whitespace, comments and newlines (inside arrays). */
int scanner_skip_ws_comments_newlines(toml_scanner *s);
/* Optional whitespace and comment, then a newline or the end of the input (after a key/value
 * pair, a header, or on an empty line). `what` is the error message when something else
 * follows. */
int scanner_end_of_line(toml_scanner *s, const char *what);

#endif
