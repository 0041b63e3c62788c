#include "toml/tables.h"

#include <stdio.h>

#include "base/strbuf.h"

/* The dotted key parts[0..upto] as TOML would write it, for messages. */
static void describe_key(const toml_key_part *parts, size_t upto, mh_strbuf *out) {
    for (size_t i = 0; i <= upto; i++) {
        if (i)
            mh_strbuf_putc(out, '.');
        toml_write_key(out, parts[i].name, parts[i].len);
    }
}

/* Records an error at parts[at].pos whose message is "<before><key><after>"; after may hold
 * one printf-style %u:%u for the position where the key was first defined. */
static int key_error(toml_document *doc, const toml_key_part *parts, size_t at,
                     const char *before, const char *after, const toml_keyval *first) {
    mh_strbuf key = MH_STRBUF_INIT;
    describe_key(parts, at, &key);
    mh_strbuf message = MH_STRBUF_INIT;
    mh_strbuf_puts(&message, before);
    mh_strbuf_append(&message, key.data, key.len);
    if (first)
        mh_strbuf_printf(&message, after, first->key_pos.line, first->key_pos.column);
    else
        mh_strbuf_puts(&message, after);
    scanner_error(doc->scan, parts[at].pos, "%s", mh_strbuf_str(&message));
    mh_strbuf_free(&key);
    mh_strbuf_free(&message);
    return -1;
}

/* "an integer", "a string", ... */
static const char *type_with_article(toml_type type) {
    switch (type) {
    case TOML_STRING: return "a string";
    case TOML_INTEGER: return "an integer";
    case TOML_FLOAT: return "a float";
    case TOML_BOOLEAN: return "a boolean";
    case TOML_OFFSET_DATETIME: return "an offset date-time";
    case TOML_LOCAL_DATETIME: return "a local date-time";
    case TOML_LOCAL_DATE: return "a local date";
    case TOML_LOCAL_TIME: return "a local time";
    case TOML_ARRAY: return "an array";
    case TOML_TABLE: return "a table";
    }
    return "a value";
}

int toml_check_depth(toml_document *doc, toml_position at, unsigned depth) {
    if (depth > TOML_MAX_DEPTH)
        return scanner_error(doc->scan, at, "tables and arrays are nested more than %d deep",
                             TOML_MAX_DEPTH);
    return 0;
}

static unsigned depth_of(toml_value *container) {
    return toml_node_of(container)->depth;
}

static int origin_of(toml_value *container) {
    return toml_node_of(container)->origin;
}

/* Creates the table named by part in parent (taking the part's name). */
static toml_value *add_table(toml_document *doc, toml_value *parent, toml_key_part *part,
                             toml_position pos, toml_table_origin origin) {
    toml_value *table = toml_new_container(TOML_TABLE, pos, depth_of(parent) + 1, origin);
    toml_index_add(&doc->index, parent, part->name, part->len, part->pos, table);
    part->name = NULL;
    return table;
}

/* The existing value at parts[i] is not a table a header can go through. */
static int cannot_extend(toml_document *doc, const toml_key_part *parts, size_t i,
                         const toml_keyval *kv) {
    const toml_value *v = kv->value;
    if (v->type == TOML_TABLE)
        return key_error(doc, parts, i, "cannot add to inline table ",
                         " (defined at %u:%u): inline tables are complete once written", kv);
    if (v->type == TOML_ARRAY)
        return key_error(doc, parts, i, "cannot add to ",
                         ": it is an array value (defined at %u:%u), not an array of tables",
                         kv);
    char after[160];
    snprintf(after, sizeof after, " is already defined as %s (at %%u:%%u), not a table",
             type_with_article(v->type));
    return key_error(doc, parts, i, "key ", after, kv);
}

static int open_parents(toml_document *doc, toml_key_part *parts, size_t count,
                        toml_value **parent) {
    toml_value *table = doc->root;
    for (size_t i = 0; i + 1 < count; i++) {
        toml_keyval *kv = toml_index_find(&doc->index, table, parts[i].name, parts[i].len);
        if (!kv) {
            if (toml_check_depth(doc, parts[i].pos, depth_of(table) + 1) != 0)
                return -1;
            table = add_table(doc, table, &parts[i], parts[i].pos, TABLE_IMPLICIT);
            continue;
        }
        toml_value *v = kv->value;
        if (v->type == TOML_TABLE && origin_of(v) != TABLE_INLINE)
            table = v;
        else if (v->type == TOML_ARRAY && origin_of(v) == ARRAY_OF_TABLES)
            table = v->u.array.items[v->u.array.count - 1];
        else
            return cannot_extend(doc, parts, i, kv);
    }
    *parent = table;
    return 0;
}

static int define_table(toml_document *doc, toml_value *parent, toml_key_part *parts,
                        size_t last, toml_position header, toml_value **section) {
    toml_key_part *part = &parts[last];
    toml_keyval *kv = toml_index_find(&doc->index, parent, part->name, part->len);
    if (!kv) {
        if (toml_check_depth(doc, part->pos, depth_of(parent) + 1) != 0)
            return -1;
        *section = add_table(doc, parent, part, header, TABLE_HEADER);
        return 0;
    }
    toml_value *v = kv->value;
    if (v->type == TOML_TABLE) {
        switch (origin_of(v)) {
        case TABLE_IMPLICIT:
            /* Created as the parent of an earlier header: this header defines it. */
            toml_node_of(v)->origin = TABLE_HEADER;
            v->pos = header;
            kv->key_pos = part->pos;
            *section = v;
            return 0;
        case TABLE_DOTTED:
            return key_error(doc, parts, last, "table [",
                             "] is already defined by dotted keys (at %u:%u)", kv);
        case TABLE_INLINE:
            return key_error(doc, parts, last, "table [",
                             "] is already defined as an inline table (at %u:%u)", kv);
        default:
            return key_error(doc, parts, last, "table [",
                             "] is defined twice (first at %u:%u)", kv);
        }
    }
    if (v->type == TOML_ARRAY && origin_of(v) == ARRAY_OF_TABLES)
        return key_error(doc, parts, last, "cannot define [",
                         "] as a table: it is an array of tables (defined at %u:%u)", kv);
    char after[160];
    snprintf(after, sizeof after, " is already defined as %s (at %%u:%%u)",
             type_with_article(v->type));
    return key_error(doc, parts, last, "key ", after, kv);
}

static int append_table(toml_document *doc, toml_value *parent, toml_key_part *parts,
                        size_t last, toml_position header, toml_value **section) {
    toml_key_part *part = &parts[last];
    toml_keyval *kv = toml_index_find(&doc->index, parent, part->name, part->len);
    toml_value *array;
    if (!kv) {
        if (toml_check_depth(doc, part->pos, depth_of(parent) + 2) != 0)
            return -1;
        array = toml_new_container(TOML_ARRAY, header, depth_of(parent) + 1, ARRAY_OF_TABLES);
        toml_index_add(&doc->index, parent, part->name, part->len, part->pos, array);
        part->name = NULL;
    } else if (kv->value->type == TOML_ARRAY && origin_of(kv->value) == ARRAY_OF_TABLES) {
        array = kv->value;
    } else if (kv->value->type == TOML_ARRAY) {
        return key_error(doc, parts, last, "cannot append to ",
                         " with [[...]]: it is an array value (defined at %u:%u), not an array "
                         "of tables",
                         kv);
    } else if (kv->value->type == TOML_TABLE) {
        return key_error(doc, parts, last, "cannot define [[",
                         "]]: it is already a table (defined at %u:%u)", kv);
    } else {
        char after[160];
        snprintf(after, sizeof after, " is already defined as %s (at %%u:%%u)",
                 type_with_article(kv->value->type));
        return key_error(doc, parts, last, "key ", after, kv);
    }
    toml_value *element =
        toml_new_container(TOML_TABLE, header, depth_of(array) + 1, TABLE_HEADER);
    toml_array_push(array, element);
    *section = element;
    return 0;
}

int toml_open_header(toml_document *doc, toml_key_part *parts, size_t count,
                     toml_position header, bool array_of_tables, toml_value **section) {
    toml_value *parent = NULL;
    if (open_parents(doc, parts, count, &parent) != 0)
        return -1;
    if (array_of_tables)
        return append_table(doc, parent, parts, count - 1, header, section);
    return define_table(doc, parent, parts, count - 1, header, section);
}

int toml_prepare_key(toml_document *doc, toml_value *table, toml_key_part *parts, size_t count,
                     toml_value **target) {
    for (size_t i = 0; i + 1 < count; i++) {
        toml_keyval *kv = toml_index_find(&doc->index, table, parts[i].name, parts[i].len);
        if (!kv) {
            if (toml_check_depth(doc, parts[i].pos, depth_of(table) + 1) != 0)
                return -1;
            table = add_table(doc, table, &parts[i], parts[i].pos, TABLE_DOTTED);
            continue;
        }
        toml_value *v = kv->value;
        if (v->type == TOML_TABLE && origin_of(v) == TABLE_DOTTED) {
            table = v;
            continue;
        }
        if (v->type == TOML_TABLE && origin_of(v) != TABLE_INLINE)
            return key_error(doc, parts, i, "cannot add to table ",
                             " with a dotted key: it is defined by a [header] (at %u:%u)", kv);
        return cannot_extend(doc, parts, i, kv);
    }
    toml_key_part *last = &parts[count - 1];
    toml_keyval *kv = toml_index_find(&doc->index, table, last->name, last->len);
    if (kv)
        return key_error(doc, parts, count - 1, "duplicate key ",
                         " (first defined at %u:%u)", kv);
    *target = table;
    return 0;
}

void toml_add_key(toml_document *doc, toml_value *target, toml_key_part *last,
                  toml_value *value) {
    toml_index_add(&doc->index, target, last->name, last->len, last->pos, value);
    last->name = NULL;
}
