#include "toml/strings.h"

#include <stdio.h>
#include <string.h>

#include "base/hex.h"

void toml_append_utf8(mh_strbuf *out, unsigned long cp) {
    char buf[4];
    size_t n;
    if (cp < 0x80) {
        buf[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        buf[0] = (char)(0xc0 | (cp >> 6));
        buf[1] = (char)(0x80 | (cp & 0x3f));
        n = 2;
    } else if (cp < 0x10000) {
        buf[0] = (char)(0xe0 | (cp >> 12));
        buf[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        buf[2] = (char)(0x80 | (cp & 0x3f));
        n = 3;
    } else {
        buf[0] = (char)(0xf0 | (cp >> 18));
        buf[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
        buf[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
        buf[3] = (char)(0x80 | (cp & 0x3f));
        n = 4;
    }
    mh_strbuf_append(out, buf, n);
}

/* The cursor is at the backslash of an escape (not a line-ending backslash). */
static int scan_escape(toml_scanner *s, mh_strbuf *out) {
    toml_position start = s->at;
    int c = scanner_peek(s, 1);
    char simple = 0;
    switch (c) {
    case 'b': simple = '\b'; break;
    case 't': simple = '\t'; break;
    case 'n': simple = '\n'; break;
    case 'f': simple = '\f'; break;
    case 'r': simple = '\r'; break;
    case '"': simple = '"'; break;
    case '\\': simple = '\\'; break;
    case 'u':
    case 'U': break;
    default:
        scanner_advance(s, 1);
        return scanner_unexpected(
            s, "invalid escape sequence: expected one of \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX "
               "\\UXXXXXXXX after the backslash");
    }
    if (simple) {
        mh_strbuf_putc(out, simple);
        scanner_advance(s, 2);
        return 0;
    }
    int digits = c == 'u' ? 4 : 8;
    scanner_advance(s, 2);
    unsigned long cp = 0;
    for (int i = 0; i < digits; i++) {
        int v = mh_hex_digit_value(scanner_peek(s, 0));
        if (v < 0)
            return scanner_unexpected(s, c == 'u' ? "expected 4 hexadecimal digits after \\u"
                                                  : "expected 8 hexadecimal digits after \\U");
        cp = cp << 4 | (unsigned long)v;
        scanner_advance(s, 1);
    }
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return scanner_error(s, start,
                             "escape \\%c%0*lX is not a Unicode scalar value (surrogates and "
                             "values above 10FFFF are not allowed)",
                             c, digits, cp);
    toml_append_utf8(out, cp);
    return 0;
}

/* Appends the run of ordinary characters at the cursor: everything up to a quote of kind
 * `quote`, a backslash (when escapes apply), a control character or a newline. */
static void append_plain_run(toml_scanner *s, char quote, bool escapes, mh_strbuf *out) {
    size_t i = s->pos;
    while (i < s->len) {
        unsigned char c = (unsigned char)s->text[i];
        if (c == (unsigned char)quote || (escapes && c == '\\') || toml_is_forbidden_control(c))
            break;
        i++;
    }
    mh_strbuf_append(out, s->text + s->pos, i - s->pos);
    scanner_advance(s, i - s->pos);
}

static int unterminated(toml_scanner *s, toml_position open, const char *kind) {
    char what[160];
    snprintf(what, sizeof what, "unterminated %s (opened at %u:%u)", kind, open.line, open.column);
    return scanner_unexpected(s, what);
}

static int scan_single_line(toml_scanner *s, char quote, mh_strbuf *out) {
    toml_position open = s->at;
    bool escapes = quote == '"';
    const char *kind = escapes ? "string" : "literal string";
    scanner_advance(s, 1);
    for (;;) {
        append_plain_run(s, quote, escapes, out);
        int c = scanner_peek(s, 0);
        if (c == quote) {
            scanner_advance(s, 1);
            return 0;
        }
        if (c == '\\') {
            if (scan_escape(s, out) != 0)
                return -1;
            continue;
        }
        if (c < 0 || c == '\n' || c == '\r')
            return unterminated(s, open, kind);
        return scanner_unexpected(s, escapes ? "control characters must be escaped in strings"
                                             : "control characters are not allowed in literal "
                                               "strings");
    }
}

/* At a backslash in a multi-line basic string: is it a line-ending backslash (only whitespace
 * up to the end of the line)? */
static bool at_line_ending_backslash(const toml_scanner *s) {
    size_t i = s->pos + 1;
    while (i < s->len && (s->text[i] == ' ' || s->text[i] == '\t'))
        i++;
    return i < s->len && (s->text[i] == '\n' || (s->text[i] == '\r' && i + 1 < s->len &&
                                                 s->text[i + 1] == '\n'));
}

static int scan_multi_line(toml_scanner *s, char quote, mh_strbuf *out) {
    toml_position open = s->at;
    bool escapes = quote == '"';
    const char *kind = escapes ? "multi-line string" : "multi-line literal string";
    scanner_advance(s, 3);
    /* A newline right after the opening delimiter is not part of the string. */
    if (scanner_at_newline(s))
        scanner_advance(s, scanner_peek(s, 0) == '\r' ? 2 : 1);
    for (;;) {
        append_plain_run(s, quote, escapes, out);
        int c = scanner_peek(s, 0);
        if (c == quote) {
            size_t run = 0;
            while (scanner_peek(s, run) == quote)
                run++;
            if (run < 3) {
                mh_strbuf_append(out, s->text + s->pos, run);
                scanner_advance(s, run);
                continue;
            }
            /* Up to two quotes may sit right before the closing delimiter. */
            if (run > 5) {
                scanner_advance(s, 5);
                return scanner_error(s, s->at, "too many quotes at the end of a %s (at most 2 "
                                               "may precede the closing delimiter)", kind);
            }
            mh_strbuf_append(out, s->text + s->pos, run - 3);
            scanner_advance(s, run);
            return 0;
        }
        if (c == '\\') {
            if (at_line_ending_backslash(s)) {
                /* Trim the backslash, the newline and all whitespace and newlines after it. */
                scanner_advance(s, 1);
                for (;;) {
                    scanner_skip_ws(s);
                    if (!scanner_at_newline(s))
                        break;
                    scanner_advance(s, scanner_peek(s, 0) == '\r' ? 2 : 1);
                }
                continue;
            }
            if (scan_escape(s, out) != 0)
                return -1;
            continue;
        }
        if (c == '\n') {
            mh_strbuf_putc(out, '\n');
            scanner_advance(s, 1);
            continue;
        }
        if (c == '\r' && scanner_peek(s, 1) == '\n') {
            /* CR LF is normalised to LF, the newline of the platform. */
            mh_strbuf_putc(out, '\n');
            scanner_advance(s, 2);
            continue;
        }
        if (c < 0)
            return unterminated(s, open, kind);
        return scanner_unexpected(s, escapes ? "control characters must be escaped in strings"
                                             : "control characters are not allowed in literal "
                                               "strings");
    }
}

int toml_scan_string(toml_scanner *s, bool allow_multiline, mh_strbuf *out) {
    char quote = (char)scanner_peek(s, 0);
    if (scanner_peek(s, 1) == quote && scanner_peek(s, 2) == quote) {
        if (!allow_multiline)
            return scanner_error(s, s->at, "multi-line strings cannot be keys");
        return scan_multi_line(s, quote, out);
    }
    return scan_single_line(s, quote, out);
}
