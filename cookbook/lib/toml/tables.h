/* TOML's rules about where a key may be defined: [table] and [[array of tables]] headers,
 * dotted keys, and every kind of redefinition (a table defined twice, a duplicate key, a
 * dotted key reaching into an inline table or a value, [[x]] on a static array, ...).
 * Internal to the toml library. */
#ifndef MH_TOML_TABLES_H
#define MH_TOML_TABLES_H

#include <stdbool.h>
#include <stddef.h>

#include "toml/builder.h"
#include "toml/scanner.h"

/* One part of a dotted key. The name is malloc'd; functions that move it into the tree set
 * it to NULL, and the caller frees whatever names are left. */
typedef struct toml_key_part {
    char *name;
    size_t len;
    toml_position pos;
} toml_key_part;

typedef struct toml_document {
    toml_scanner *scan;
    toml_key_index index;
    toml_value *root;
} toml_document;

/* [a.b.c] (or [[a.b.c]] when array_of_tables): finds or creates the table that the following
 * key/value pairs go into. `header` is the position of the opening bracket. */
int toml_open_header(toml_document *doc, toml_key_part *parts, size_t count,
                     toml_position header, bool array_of_tables, toml_value **section);

/* For a.b.c = value in `table`: walks or creates the tables a and a.b (dotted-key tables) and
 * checks that c is new there. *target is the table that c goes into. */
int toml_prepare_key(toml_document *doc, toml_value *table, toml_key_part *parts, size_t count,
                     toml_value **target);

/* Adds the last part of a prepared key with its value to target. */
void toml_add_key(toml_document *doc, toml_value *target, toml_key_part *last, toml_value *value);

/* Errors unless a container at `depth` is allowed (depth <= TOML_MAX_DEPTH). */
int toml_check_depth(toml_document *doc, toml_position at, unsigned depth);

#endif
