/* The TOML grammar: the document's lines, keys, values, arrays and inline tables. Strings and
 * other scalars are read by strings.c and scalars.c; where a key may go is decided by tables.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "toml/builder.h"
#include "toml/scalars.h"
#include "toml/scanner.h"
#include "toml/strings.h"
#include "toml/tables.h"
#include "toml/toml.h"

typedef struct toml_parser {
    toml_scanner scan;
    toml_document doc;
    mh_strbuf scratch; /* decoded strings and number digits, reused */
} toml_parser;

typedef struct key_parts {
    toml_key_part *items;
    size_t count, capacity;
} key_parts;

static void free_key_parts(key_parts *key) {
    for (size_t i = 0; i < key->count; i++)
        free(key->items[i].name);
    free(key->items);
}

static char *copy_bytes(const char *data, size_t len) {
    char *copy = mh_xmalloc(len + 1);
    if (len)
        memcpy(copy, data, len);
    copy[len] = '\0';
    return copy;
}

static bool is_bare_key_char(int c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-';
}

/* A key: bare or quoted parts separated by dots (whitespace allowed around the dots). */
static int parse_key(toml_parser *p, key_parts *key) {
    toml_scanner *s = &p->scan;
    for (;;) {
        scanner_skip_ws(s);
        toml_position pos = s->at;
        int c = scanner_peek(s, 0);
        char *name;
        size_t len;
        if (is_bare_key_char(c)) {
            size_t start = s->pos;
            size_t end = start;
            while (end < s->len && is_bare_key_char((unsigned char)s->text[end]))
                end++;
            len = end - start;
            name = copy_bytes(s->text + start, len);
            scanner_advance(s, len);
        } else if (c == '"' || c == '\'') {
            mh_strbuf_truncate(&p->scratch, 0);
            if (toml_scan_string(s, false, &p->scratch) != 0)
                return -1;
            len = p->scratch.len;
            name = copy_bytes(mh_strbuf_str(&p->scratch), len);
        } else {
            return scanner_unexpected(s, key->count ? "expected a key after '.'"
                                                    : "expected a key");
        }
        if (key->count == TOML_MAX_DEPTH) {
            free(name);
            return scanner_error(s, pos, "a dotted key may have at most %d parts",
                                 TOML_MAX_DEPTH);
        }
        if (key->count == key->capacity) {
            key->capacity = key->capacity ? key->capacity * 2 : 4;
            key->items = mh_xrealloc(key->items, key->capacity * sizeof *key->items);
        }
        key->items[key->count++] = (toml_key_part){name, len, pos};
        scanner_skip_ws(s);
        if (scanner_peek(s, 0) != '.')
            return 0;
        scanner_advance(s, 1);
    }
}

static int parse_value(toml_parser *p, unsigned depth, toml_value **out);

static int parse_array(toml_parser *p, unsigned depth, toml_value **out) {
    toml_scanner *s = &p->scan;
    toml_position open = s->at;
    if (toml_check_depth(&p->doc, open, depth) != 0)
        return -1;
    toml_value *array = toml_new_container(TOML_ARRAY, open, depth, ARRAY_STATIC);
    scanner_advance(s, 1);
    for (;;) {
        if (scanner_skip_ws_comments_newlines(s) != 0)
            goto fail;
        if (scanner_peek(s, 0) == ']')
            break;
        toml_value *item;
        if (parse_value(p, depth + 1, &item) != 0)
            goto fail;
        toml_array_push(array, item);
        if (scanner_skip_ws_comments_newlines(s) != 0)
            goto fail;
        if (scanner_peek(s, 0) == ',') {
            scanner_advance(s, 1);
            continue;
        }
        if (scanner_peek(s, 0) == ']')
            break;
        char what[96];
        snprintf(what, sizeof what, "expected ',' or ']' in the array opened at %u:%u",
                 open.line, open.column);
        scanner_unexpected(s, what);
        goto fail;
    }
    scanner_advance(s, 1);
    *out = array;
    return 0;
fail:
    toml_free(array);
    return -1;
}

static int parse_keyval(toml_parser *p, toml_value *table);

static int parse_inline_table(toml_parser *p, unsigned depth, toml_value **out) {
    toml_scanner *s = &p->scan;
    toml_position open = s->at;
    if (toml_check_depth(&p->doc, open, depth) != 0)
        return -1;
    toml_value *table = toml_new_container(TOML_TABLE, open, depth, TABLE_INLINE);
    scanner_advance(s, 1);
    scanner_skip_ws(s);
    if (scanner_peek(s, 0) != '}') {
        for (;;) {
            if (parse_keyval(p, table) != 0)
                goto fail;
            scanner_skip_ws(s);
            int c = scanner_peek(s, 0);
            if (c == '}')
                break;
            if (c != ',') {
                char what[128];
                snprintf(what, sizeof what,
                         "expected ',' or '}' in the inline table opened at %u:%u (inline "
                         "tables are on one line)",
                         open.line, open.column);
                scanner_unexpected(s, what);
                goto fail;
            }
            scanner_advance(s, 1);
            scanner_skip_ws(s);
            if (scanner_peek(s, 0) == '}') {
                scanner_error(s, s->at, "a trailing comma is not allowed in an inline table");
                goto fail;
            }
        }
    }
    scanner_advance(s, 1);
    *out = table;
    return 0;
fail:
    toml_free(table);
    return -1;
}

static int parse_value(toml_parser *p, unsigned depth, toml_value **out) {
    toml_scanner *s = &p->scan;
    toml_position pos = s->at;
    int c = scanner_peek(s, 0);
    if (c == '[')
        return parse_array(p, depth, out);
    if (c == '{')
        return parse_inline_table(p, depth, out);
    toml_value *value = mh_xcalloc(1, sizeof *value);
    value->pos = pos;
    if (c == '"' || c == '\'') {
        mh_strbuf_truncate(&p->scratch, 0);
        if (toml_scan_string(s, true, &p->scratch) != 0) {
            free(value);
            return -1;
        }
        value->type = TOML_STRING;
        value->u.string.len = p->scratch.len;
        value->u.string.ptr = copy_bytes(mh_strbuf_str(&p->scratch), p->scratch.len);
    } else if (toml_scan_scalar(s, &p->scratch, value) != 0) {
        free(value);
        return -1;
    }
    *out = value;
    return 0;
}

/* key = value, into table (the current section, or an inline table being read). */
static int parse_keyval(toml_parser *p, toml_value *table) {
    toml_scanner *s = &p->scan;
    key_parts key = {0};
    toml_value *target, *value;
    int rc = -1;
    if (parse_key(p, &key) != 0)
        goto done;
    if (scanner_peek(s, 0) != '=') {
        scanner_unexpected(s, "expected '=' after the key");
        goto done;
    }
    scanner_advance(s, 1);
    scanner_skip_ws(s);
    if (toml_prepare_key(&p->doc, table, key.items, key.count, &target) != 0 ||
        parse_value(p, toml_node_of(target)->depth + 1, &value) != 0)
        goto done;
    toml_add_key(&p->doc, target, &key.items[key.count - 1], value);
    rc = 0;
done:
    free_key_parts(&key);
    return rc;
}

/* [a.b] or [[a.b]]; on success *section is where the following key/value pairs go. */
static int parse_header(toml_parser *p, toml_value **section) {
    toml_scanner *s = &p->scan;
    toml_position open = s->at;
    bool array_of_tables = scanner_peek(s, 1) == '[';
    scanner_advance(s, array_of_tables ? 2 : 1);
    key_parts key = {0};
    int rc = -1;
    if (parse_key(p, &key) != 0)
        goto done;
    if (scanner_peek(s, 0) != ']') {
        scanner_unexpected(s, array_of_tables ? "expected ']]' after the key of [[...]]"
                                              : "expected ']' after the key of [...]");
        goto done;
    }
    scanner_advance(s, 1);
    if (array_of_tables) {
        if (scanner_peek(s, 0) != ']') {
            scanner_unexpected(s, "expected ']]' after the key of [[...]]");
            goto done;
        }
        scanner_advance(s, 1);
    }
    if (toml_open_header(&p->doc, key.items, key.count, open, array_of_tables, section) != 0)
        goto done;
    rc = scanner_end_of_line(s, array_of_tables ? "expected a newline after [[...]]"
                                                : "expected a newline after [...]");
done:
    free_key_parts(&key);
    return rc;
}

static int parse_document(toml_parser *p) {
    toml_scanner *s = &p->scan;
    if (s->len >= 3 && memcmp(s->text, "\xEF\xBB\xBF", 3) == 0) {
        /* A byte order mark is allowed at the start and is not a column of its own. */
        scanner_advance(s, 3);
        s->at.column = 1;
    }
    toml_value *section = p->doc.root;
    for (;;) {
        scanner_skip_ws(s);
        if (scanner_at_end(s))
            return 0;
        int c = scanner_peek(s, 0);
        if (c == '#' || c == '\n' || c == '\r') {
            if (scanner_end_of_line(s, "expected a newline") != 0)
                return -1;
        } else if (c == '[') {
            if (parse_header(p, &section) != 0)
                return -1;
        } else {
            if (parse_keyval(p, section) != 0 ||
                scanner_end_of_line(s, "expected a newline or a comment after the value") != 0)
                return -1;
        }
    }
}

toml_value *toml_parse(const char *text, size_t len, const char *path, mh_error *err) {
    toml_parser p = {0};
    scanner_init(&p.scan, text, len, path, err);
    if (scanner_check_utf8(&p.scan) != 0)
        return NULL;
    p.doc.scan = &p.scan;
    p.doc.root = toml_new_container(TOML_TABLE, (toml_position){1, 1}, 0, TABLE_ROOT);
    int rc = parse_document(&p);
    toml_index_free(&p.doc.index);
    mh_strbuf_free(&p.scratch);
    if (rc != 0) {
        toml_free(p.doc.root);
        return NULL;
    }
    return p.doc.root;
}
