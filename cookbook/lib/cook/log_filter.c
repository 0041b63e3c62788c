#include "cook/log_filter.h"

#include <stdbool.h>
#include <string.h>

enum {
    TEXT,
    ESCAPE,        /* after ESC */
    ESCAPE_MORE,   /* ESC then intermediate bytes (ESC ( B): up to a final byte */
    CSI,           /* ESC [ : parameters, intermediates, final byte */
    STRING,        /* OSC, DCS, SOS, PM, APC: up to BEL (OSC) or ESC \ */
    STRING_ESCAPE, /* ESC inside a string: "\" ends it */
};

enum { LINE_LIMIT = 1 << 20, PARAM_LIMIT = 4 };

void cook_log_filter_init(cook_log_filter *f) {
    memset(f, 0, sizeof *f);
    f->state = TEXT;
}

void cook_log_filter_free(cook_log_filter *f) {
    mh_strbuf_free(&f->line);
}

static bool printable(unsigned char c) {
    return c >= 0x20 && c != 0x7f;
}

static void end_line(cook_log_filter *f, mh_strbuf *out) {
    mh_strbuf_append(out, f->line.data ? f->line.data : "", f->line.len);
    mh_strbuf_putc(out, '\n');
    mh_strbuf_truncate(&f->line, 0);
    f->column = 0;
}

/* Moves the cursor to column, filling the line with spaces up to it. */
static void move_to(cook_log_filter *f, size_t column) {
    while (f->line.len < column)
        mh_strbuf_putc(&f->line, ' ');
    f->column = column;
}

static void draw(cook_log_filter *f, char c, mh_strbuf *out) {
    if (f->column < f->line.len)
        f->line.data[f->column] = c;
    else
        mh_strbuf_putc(&f->line, c);
    f->column++;
    if (f->line.len >= LINE_LIMIT)
        end_line(f, out);
}

/* The end of a CSI sequence: only what changes the text of the line matters. */
static void control_sequence(cook_log_filter *f, char final) {
    unsigned n = f->param_count ? f->params[0] : 0;
    if (final == 'K') {        /* erase in line */
        if (n == 0) {
            mh_strbuf_truncate(&f->line, f->column < f->line.len ? f->column : f->line.len);
        } else if (n == 1) {
            for (size_t i = 0; i <= f->column && i < f->line.len; i++)
                f->line.data[i] = ' '; /* up to and including the cursor */
        } else {
            mh_strbuf_truncate(&f->line, 0);
            f->column = 0;
        }
    } else if (final == 'G') { /* cursor to column n (1-based) */
        move_to(f, n > 1 ? (n - 1 < LINE_LIMIT ? n - 1 : LINE_LIMIT) : 0);
    }
}

static void text(cook_log_filter *f, unsigned char c, mh_strbuf *out) {
    switch (c) {
    case '\n':
        end_line(f, out);
        break;
    case '\r':
        f->column = 0;
        break;
    case '\b':
        if (f->column > 0)
            f->column--;
        break;
    case '\t':
        draw(f, '\t', out);
        break;
    case 0x1b:
        f->state = ESCAPE;
        break;
    default:
        if (printable(c))
            draw(f, (char)c, out);
    }
}

void cook_log_filter_feed(cook_log_filter *f, const char *data, size_t len, mh_strbuf *out) {
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)data[i];
        switch (f->state) {
        case TEXT:
            if (printable(c) && f->column == f->line.len) {
                /* The common case: text appended at the end of the line, taken as a run. */
                size_t run = 1;
                while (i + run < len && printable((unsigned char)data[i + run]) &&
                       f->line.len + run < LINE_LIMIT)
                    run++;
                mh_strbuf_append(&f->line, data + i, run);
                f->column = f->line.len;
                i += run - 1;
                if (f->line.len >= LINE_LIMIT)
                    end_line(f, out);
            } else {
                text(f, c, out);
            }
            break;
        case ESCAPE:
            if (c == '[') {
                f->state = CSI;
                f->param_count = 0;
                memset(f->params, 0, sizeof f->params);
            } else if (c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_') {
                f->state = STRING;
            } else if (c >= 0x20 && c <= 0x2f) {
                f->state = ESCAPE_MORE;
            } else if (c == 0x1b) {
                f->state = ESCAPE;
            } else {
                f->state = TEXT; /* a two-byte escape (ESC 7, ESC =, ...), or garbage */
                if (c < 0x20)
                    text(f, c, out);
            }
            break;
        case ESCAPE_MORE:
            if (c >= 0x20 && c <= 0x2f)
                break; /* more intermediate bytes */
            f->state = TEXT;
            if (c < 0x20 || c > 0x7e)
                text(f, c, out); /* malformed: the byte is text again */
            break;
        case CSI:
            if (c >= '0' && c <= '9') {
                if (!f->param_count)
                    f->param_count = 1;
                unsigned *p = &f->params[f->param_count - 1];
                if (*p < 100000)
                    *p = *p * 10 + (unsigned)(c - '0');
            } else if (c == ';') {
                if (!f->param_count)
                    f->param_count = 1;
                if (f->param_count < PARAM_LIMIT)
                    f->param_count++;
            } else if (c >= 0x40 && c <= 0x7e) {
                control_sequence(f, (char)c);
                f->state = TEXT;
            } else if (c < 0x20 || c > 0x7e) {
                f->state = TEXT; /* malformed: the sequence ends here */
                text(f, c, out);
            } /* other parameter and intermediate bytes: ignored */
            break;
        case STRING:
            if (c == 0x07) {
                f->state = TEXT;
            } else if (c == 0x1b) {
                f->state = STRING_ESCAPE;
            } else if (c == '\n') { /* never inside a real one: an unterminated string ends */
                f->state = TEXT;
                text(f, c, out);
            }
            break;
        case STRING_ESCAPE:
            f->state = c == '\\' ? TEXT : c == 0x1b ? STRING_ESCAPE : STRING;
            break;
        }
    }
}

void cook_log_filter_finish(cook_log_filter *f, mh_strbuf *out) {
    if (f->line.len)
        end_line(f, out);
    f->state = TEXT;
}
