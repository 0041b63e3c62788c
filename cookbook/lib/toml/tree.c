/* Reading and freeing the value tree. */
#include <stdlib.h>
#include <string.h>

#include "toml/toml.h"

void toml_free(toml_value *value) {
    if (!value)
        return;
    switch (value->type) {
    case TOML_STRING:
        free(value->u.string.ptr);
        break;
    case TOML_ARRAY:
        for (size_t i = 0; i < value->u.array.count; i++)
            toml_free(value->u.array.items[i]);
        free(value->u.array.items);
        break;
    case TOML_TABLE:
        for (size_t i = 0; i < value->u.table.count; i++) {
            free(value->u.table.items[i].key);
            toml_free(value->u.table.items[i].value);
        }
        free(value->u.table.items);
        break;
    default:
        break;
    }
    free(value);
}

const toml_keyval *toml_get_keyval(const toml_value *table, const char *key) {
    if (!table || table->type != TOML_TABLE || !key)
        return NULL;
    size_t len = strlen(key);
    for (size_t i = 0; i < table->u.table.count; i++) {
        const toml_keyval *kv = &table->u.table.items[i];
        if (kv->key_len == len && memcmp(kv->key, key, len) == 0)
            return kv;
    }
    return NULL;
}

const toml_value *toml_get(const toml_value *table, const char *key) {
    const toml_keyval *kv = toml_get_keyval(table, key);
    return kv ? kv->value : NULL;
}

const char *toml_type_name(toml_type type) {
    switch (type) {
    case TOML_STRING: return "string";
    case TOML_INTEGER: return "integer";
    case TOML_FLOAT: return "float";
    case TOML_BOOLEAN: return "boolean";
    case TOML_OFFSET_DATETIME: return "offset date-time";
    case TOML_LOCAL_DATETIME: return "local date-time";
    case TOML_LOCAL_DATE: return "local date";
    case TOML_LOCAL_TIME: return "local time";
    case TOML_ARRAY: return "array";
    case TOML_TABLE: return "table";
    }
    return "unknown";
}
