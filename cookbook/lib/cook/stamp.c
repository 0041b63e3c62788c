#include "cook/stamp.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "base/files.h"

toml_value *cook_stamp_load(const char *path) {
    char *text;
    size_t len;
    mh_error err;
    mh_error_clear(&err);
    if (mh_read_file(path, &text, &len, &err) != 0)
        return NULL;
    toml_value *root = toml_parse(text, len, path, &err);
    free(text);
    return root;
}

const char *cook_stamp_string(const toml_value *stamp, const char *key) {
    const toml_value *v = toml_get(stamp, key);
    return v && v->type == TOML_STRING ? v->u.string.ptr : NULL;
}

int64_t cook_stamp_int(const toml_value *stamp, const char *key, int64_t fallback) {
    const toml_value *v = toml_get(stamp, key);
    return v && v->type == TOML_INTEGER ? v->u.integer : fallback;
}

void cook_stamp_put_string(mh_strbuf *sb, const char *key, const char *value) {
    toml_write_key(sb, key, strlen(key));
    mh_strbuf_puts(sb, " = ");
    toml_write_string(sb, value, strlen(value));
    mh_strbuf_putc(sb, '\n');
}

void cook_stamp_put_int(mh_strbuf *sb, const char *key, int64_t value) {
    toml_write_key(sb, key, strlen(key));
    mh_strbuf_printf(sb, " = %" PRId64 "\n", value);
}

void cook_stamp_put_strings(mh_strbuf *sb, const char *key, const char *const *items,
                            size_t count) {
    toml_write_key(sb, key, strlen(key));
    mh_strbuf_puts(sb, " = [");
    for (size_t i = 0; i < count; i++) {
        if (i)
            mh_strbuf_puts(sb, ", ");
        toml_write_string(sb, items[i], strlen(items[i]));
    }
    mh_strbuf_puts(sb, "]\n");
}

int cook_stamp_save(const char *path, const mh_strbuf *sb, mh_error *err) {
    return mh_write_file_atomic(path, mh_strbuf_str(sb), sb->len, 0644, err);
}
