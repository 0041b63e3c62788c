/* The mechanics of building the value tree while parsing: containers that can grow, and an
 * index of every table's keys so that looking a key up stays O(1) however big a table gets.
 * The TOML rules about which key may go where live in tables.c. Internal to the toml library. */
#ifndef MH_TOML_BUILDER_H
#define MH_TOML_BUILDER_H

#include <stddef.h>
#include <stdint.h>

#include "toml/toml.h"

/* Deepest nesting of tables and arrays; deeper input is rejected, so nothing that walks the
 * tree (the parser, toml_free, writers) can run out of stack on hostile input. */
#define TOML_MAX_DEPTH 128

/* How a table came to be: decides what may later add to it or define it. */
typedef enum toml_table_origin {
    TABLE_ROOT,
    TABLE_IMPLICIT, /* parent created by a [a.b] header: [a] may still define it, once */
    TABLE_HEADER,   /* defined by a [header], or an element of an [[array of tables]] */
    TABLE_DOTTED,   /* created by a dotted key a.b = 1: only more dotted keys extend it */
    TABLE_INLINE,   /* { ... }: complete once written */
} toml_table_origin;

typedef enum toml_array_origin {
    ARRAY_STATIC,    /* [ ... ] value: complete once written */
    ARRAY_OF_TABLES, /* [[header]]: each header appends a table */
} toml_array_origin;

/* A container under construction. The public value comes first, so a toml_node * and its
 * toml_value * are the same pointer and toml_free() releases the whole node. */
typedef struct toml_node {
    toml_value value;
    size_t capacity; /* items allocated */
    unsigned depth;  /* root table = 0 */
    int origin;      /* toml_table_origin or toml_array_origin */
} toml_node;

static inline toml_node *toml_node_of(toml_value *container) {
    return (toml_node *)container;
}

/* Every (table, key) of the document being parsed. */
typedef struct toml_key_index {
    struct toml_key_slot *slots;
    size_t capacity; /* a power of two, or 0 */
    size_t used;
} toml_key_index;

/* A new empty table or array (type TOML_TABLE or TOML_ARRAY). */
toml_value *toml_new_container(toml_type type, toml_position pos, unsigned depth, int origin);

void toml_array_push(toml_value *array, toml_value *item);

/* The keyval of key in table, or NULL. */
toml_keyval *toml_index_find(const toml_key_index *index, const toml_value *table,
                             const char *key, size_t len);

/* Appends key (taking ownership of the malloc'd key) = value to table; the key must be new. */
toml_keyval *toml_index_add(toml_key_index *index, toml_value *table, char *key, size_t len,
                            toml_position key_pos, toml_value *value);

void toml_index_free(toml_key_index *index);

#endif
