/* libFuzzer target: any bytes must either parse into a well-formed tree or fail with an error
 * that says where; a parsed tree must free cleanly; and every string key/value of the root
 * table, written back with the writer, must parse to the same bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "toml/toml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_positions(const toml_value *v) {
    if (v->pos.line == 0 || v->pos.column == 0)
        abort();
    if (v->type == TOML_ARRAY)
        for (size_t i = 0; i < v->u.array.count; i++)
            check_positions(v->u.array.items[i]);
    if (v->type == TOML_TABLE)
        for (size_t i = 0; i < v->u.table.count; i++) {
            if (v->u.table.items[i].key_pos.line == 0)
                abort();
            check_positions(v->u.table.items[i].value);
        }
}

static void check_writer_round_trip(const toml_keyval *kv) {
    const toml_value *v = kv->value;
    mh_strbuf doc = MH_STRBUF_INIT;
    toml_write_key(&doc, kv->key, kv->key_len);
    mh_strbuf_puts(&doc, " = ");
    toml_write_string(&doc, v->u.string.ptr, v->u.string.len);
    mh_error err;
    toml_value *again = toml_parse(doc.data, doc.len, "round-trip", &err);
    if (!again || again->u.table.count != 1)
        abort();
    const toml_keyval *back = &again->u.table.items[0];
    if (back->key_len != kv->key_len || memcmp(back->key, kv->key, kv->key_len) != 0 ||
        back->value->type != TOML_STRING || back->value->u.string.len != v->u.string.len ||
        memcmp(back->value->u.string.ptr, v->u.string.ptr, v->u.string.len) != 0)
        abort();
    toml_free(again);
    mh_strbuf_free(&doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    mh_error err;
    mh_error_clear(&err);
    toml_value *root = toml_parse((const char *)data, size, "fuzz", &err);
    if (!root) {
        if (!err.set || err.line == 0 || err.column == 0)
            abort(); /* every failure must say where */
        return 0;
    }
    check_positions(root);
    for (size_t i = 0; i < root->u.table.count; i++)
        if (root->u.table.items[i].value->type == TOML_STRING)
            check_writer_round_trip(&root->u.table.items[i]);
    /* toml_get takes C strings: keys holding NUL (from \u0000) cannot be looked up. */
    if (root->u.table.count) {
        const toml_keyval *first = &root->u.table.items[0];
        if (strlen(first->key) == first->key_len && toml_get_keyval(root, first->key) != first)
            abort();
    }
    toml_free(root);
    return 0;
}
