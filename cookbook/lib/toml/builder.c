#include "toml/builder.h"

#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"

struct toml_key_slot {
    const toml_value *table; /* NULL = empty slot */
    size_t item;             /* index in the table's items */
    uint64_t hash;
};

toml_value *toml_new_container(toml_type type, toml_position pos, unsigned depth, int origin) {
    toml_node *node = mh_xcalloc(1, sizeof *node);
    node->value.type = type;
    node->value.pos = pos;
    node->depth = depth;
    node->origin = origin;
    return &node->value;
}

void toml_array_push(toml_value *array, toml_value *item) {
    toml_node *node = toml_node_of(array);
    if (array->u.array.count == node->capacity) {
        node->capacity = node->capacity ? node->capacity * 2 : 4;
        array->u.array.items =
            mh_xrealloc(array->u.array.items, node->capacity * sizeof *array->u.array.items);
    }
    array->u.array.items[array->u.array.count++] = item;
}

/* FNV-1a over the key, mixed with the table's address so that equal keys of different tables
 * land apart. */
static uint64_t hash_key(const toml_value *table, const char *key, size_t len) {
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)key[i];
        h *= 0x100000001b3u;
    }
    h ^= (uint64_t)(uintptr_t)table;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdu;
    h ^= h >> 33;
    return h;
}

static struct toml_key_slot *find_slot(const toml_key_index *index, const toml_value *table,
                                       const char *key, size_t len, uint64_t hash) {
    size_t mask = index->capacity - 1;
    for (size_t i = (size_t)hash & mask;; i = (i + 1) & mask) {
        struct toml_key_slot *slot = &index->slots[i];
        if (!slot->table)
            return slot;
        if (slot->hash == hash && slot->table == table) {
            const toml_keyval *kv = &table->u.table.items[slot->item];
            if (kv->key_len == len && memcmp(kv->key, key, len) == 0)
                return slot;
        }
    }
}

toml_keyval *toml_index_find(const toml_key_index *index, const toml_value *table,
                             const char *key, size_t len) {
    if (index->capacity == 0)
        return NULL;
    struct toml_key_slot *slot = find_slot(index, table, key, len, hash_key(table, key, len));
    return slot->table ? &table->u.table.items[slot->item] : NULL;
}

static void grow(toml_key_index *index) {
    struct toml_key_slot *old = index->slots;
    size_t old_capacity = index->capacity;
    index->capacity = old_capacity ? old_capacity * 2 : 64;
    index->slots = mh_xcalloc(index->capacity, sizeof *index->slots);
    size_t mask = index->capacity - 1;
    for (size_t i = 0; i < old_capacity; i++) {
        if (!old[i].table)
            continue;
        size_t j = (size_t)old[i].hash & mask;
        while (index->slots[j].table)
            j = (j + 1) & mask;
        index->slots[j] = old[i];
    }
    free(old);
}

toml_keyval *toml_index_add(toml_key_index *index, toml_value *table, char *key, size_t len,
                            toml_position key_pos, toml_value *value) {
    /* Keep the load factor at most 1/2 so probe sequences stay short. */
    if ((index->used + 1) * 2 > index->capacity)
        grow(index);
    toml_node *node = toml_node_of(table);
    if (table->u.table.count == node->capacity) {
        node->capacity = node->capacity ? node->capacity * 2 : 4;
        table->u.table.items =
            mh_xrealloc(table->u.table.items, node->capacity * sizeof *table->u.table.items);
    }
    size_t item = table->u.table.count++;
    table->u.table.items[item] = (toml_keyval){key, len, key_pos, value};
    uint64_t hash = hash_key(table, key, len);
    struct toml_key_slot *slot = find_slot(index, table, key, len, hash);
    *slot = (struct toml_key_slot){table, item, hash};
    index->used++;
    return &table->u.table.items[item];
}

void toml_index_free(toml_key_index *index) {
    free(index->slots);
    *index = (toml_key_index){0};
}
