/* A string-keyed hash map (open addressing) mapping names to caller-owned pointers.
 * Keys are copied; values are not owned. Used where thousands of names are looked up
 * (recipes by name, graph nodes). */
#ifndef MH_BASE_STRMAP_H
#define MH_BASE_STRMAP_H

#include <stddef.h>

typedef struct mh_strmap_slot {
    char *key; /* NULL = empty */
    void *value;
} mh_strmap_slot;

typedef struct mh_strmap {
    mh_strmap_slot *slots;
    size_t capacity; /* power of two, or 0 */
    size_t count;
} mh_strmap;

#define MH_STRMAP_INIT {NULL, 0, 0}

/* Sets key to value, replacing an existing value; returns the previous value or NULL. */
void *mh_strmap_put(mh_strmap *map, const char *key, void *value);
void *mh_strmap_get(const mh_strmap *map, const char *key);
void mh_strmap_free(mh_strmap *map);

#endif
