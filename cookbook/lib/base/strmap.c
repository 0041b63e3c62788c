#include "base/strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"

/* FNV-1a: short keys, no adversarial input that matters here. */
static uint64_t hash_key(const char *key) {
    uint64_t h = 0xcbf29ce484222325u;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
        h ^= *p;
        h *= 0x100000001b3u;
    }
    return h;
}

static mh_strmap_slot *find_slot(mh_strmap_slot *slots, size_t capacity, const char *key) {
    size_t mask = capacity - 1;
    for (size_t i = hash_key(key) & mask;; i = (i + 1) & mask)
        if (!slots[i].key || strcmp(slots[i].key, key) == 0)
            return &slots[i];
}

static void grow(mh_strmap *map) {
    size_t capacity = map->capacity ? map->capacity * 2 : 64;
    mh_strmap_slot *slots = mh_xcalloc(capacity, sizeof *slots);
    for (size_t i = 0; i < map->capacity; i++)
        if (map->slots[i].key)
            *find_slot(slots, capacity, map->slots[i].key) = map->slots[i];
    free(map->slots);
    map->slots = slots;
    map->capacity = capacity;
}

void *mh_strmap_put(mh_strmap *map, const char *key, void *value) {
    if ((map->count + 1) * 4 > map->capacity * 3)
        grow(map);
    mh_strmap_slot *slot = find_slot(map->slots, map->capacity, key);
    if (slot->key) {
        void *old = slot->value;
        slot->value = value;
        return old;
    }
    slot->key = mh_xstrdup(key);
    slot->value = value;
    map->count++;
    return NULL;
}

void *mh_strmap_get(const mh_strmap *map, const char *key) {
    if (!map->capacity)
        return NULL;
    mh_strmap_slot *slot = find_slot(map->slots, map->capacity, key);
    return slot->key ? slot->value : NULL;
}

void mh_strmap_free(mh_strmap *map) {
    for (size_t i = 0; i < map->capacity; i++)
        free(map->slots[i].key);
    free(map->slots);
    map->slots = NULL;
    map->capacity = map->count = 0;
}
