/* TOML 1.0 parser and the small writer the tools need (our own code).
 *
 * toml_parse() turns a document into a tree of toml_value. Every value and key remembers its
 * 1-based line and column, so that users of the tree (the recipe model, the config loader) can
 * point at file:line:col in their own errors. Tables keep their keys in document order.
 * Errors (syntax, bad escapes, out-of-range numbers, invalid dates, every kind of
 * redefinition) are reported with the line and column where the problem is.
 *
 * Details users may rely on:
 * - The input must be UTF-8 (a leading byte order mark is skipped); CR LF inside multi-line
 *   strings is read as LF.
 * - Tables and arrays nest at most 128 deep (dotted keys and headers included); deeper input
 *   is an error, so code that walks the tree recursively cannot run out of stack.
 * - Parsing time is linear in the input, however many keys a table has. toml_get() itself is
 *   a linear scan of one table: fine for looking up a few known keys; to visit every key,
 *   iterate u.table.items.
 * - Floats that overflow to infinity and integers outside int64 are errors. */
#ifndef MH_TOML_H
#define MH_TOML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "base/strbuf.h"

typedef enum toml_type {
    TOML_STRING,
    TOML_INTEGER,
    TOML_FLOAT,
    TOML_BOOLEAN,
    TOML_OFFSET_DATETIME, /* 1979-05-27T07:32:00Z, ...+08:00 */
    TOML_LOCAL_DATETIME,  /* 1979-05-27T07:32:00 */
    TOML_LOCAL_DATE,      /* 1979-05-27 */
    TOML_LOCAL_TIME,      /* 07:32:00 */
    TOML_ARRAY,
    TOML_TABLE,
} toml_type;

typedef struct toml_position {
    unsigned line, column; /* 1-based; column counts Unicode code points */
} toml_position;

typedef struct toml_datetime {
    int year, month, day;          /* valid for date types */
    int hour, minute, second;      /* valid for time types */
    uint32_t nanosecond;           /* fractional seconds, truncated to nanoseconds */
    int fraction_digits;           /* digits written in the source (0 = none) */
    int offset_minutes;            /* offset date-times only; 0 for Z */
} toml_datetime;

typedef struct toml_value toml_value;

typedef struct toml_keyval {
    char *key;            /* UTF-8, NUL-terminated; may contain NUL via \u0000, see key_len */
    size_t key_len;
    toml_position key_pos; /* the key where it is defined (its part of a dotted key or header) */
    toml_value *value;
} toml_keyval;

struct toml_value {
    toml_type type;
    /* Where the value starts. Tables: the '[' of their [header] (or of [[header]] for each
     * element of an array of tables), the '{' of an inline table, or the key that created them
     * (a part of a dotted key or of a header naming a sub-table); the root is 1:1. */
    toml_position pos;
    union {
        struct {
            char *ptr; /* UTF-8, NUL-terminated; may contain NUL, see len */
            size_t len;
        } string;
        int64_t integer;
        double floating;
        bool boolean;
        toml_datetime datetime;
        struct {
            toml_value **items;
            size_t count;
        } array;
        struct {
            toml_keyval *items; /* document order */
            size_t count;
        } table;
    } u;
};

/* Parses a whole document. Returns the root table, or NULL with err set (err->path = path,
 * which may be NULL; err->line/column point at the problem). The text need not be
 * NUL-terminated. */
toml_value *toml_parse(const char *text, size_t len, const char *path, mh_error *err);

void toml_free(toml_value *value);

/* The value of key in table (NULL if absent or if table is not a table). */
const toml_value *toml_get(const toml_value *table, const char *key);
/* The keyval of key in table, for its key position (NULL if absent). */
const toml_keyval *toml_get_keyval(const toml_value *table, const char *key);

/* "string", "integer", "float", "boolean", "offset date-time", "local date-time",
 * "local date", "local time", "array", "table": for error messages. */
const char *toml_type_name(toml_type type);

/* Writer helpers: append a TOML basic string ("..." with escapes) or a key (bare when
 * possible, quoted otherwise) to sb. */
void toml_write_string(mh_strbuf *sb, const char *s, size_t len);
void toml_write_key(mh_strbuf *sb, const char *key, size_t len);

#endif
