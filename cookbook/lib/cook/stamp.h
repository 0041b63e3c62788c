/* Small TOML records the cook keeps beside its outputs (what a source was fetched from, what a
 * stage was built from). A record that is missing or unreadable reads as absent, so the work it
 * describes is simply redone; records are written with a temporary name and a rename. */
#ifndef MH_COOK_STAMP_H
#define MH_COOK_STAMP_H

#include <stdint.h>

#include "base/error.h"
#include "base/strbuf.h"
#include "toml/toml.h"

/* The parsed file, or NULL when it does not exist or is not valid TOML. */
toml_value *cook_stamp_load(const char *path);
/* A string value, or NULL when absent or not a string. */
const char *cook_stamp_string(const toml_value *stamp, const char *key);
/* An integer value, or fallback. */
int64_t cook_stamp_int(const toml_value *stamp, const char *key, int64_t fallback);

/* Appends `key = "value"` / `key = 123` / `key = ["a", "b"]` lines. */
void cook_stamp_put_string(mh_strbuf *sb, const char *key, const char *value);
void cook_stamp_put_int(mh_strbuf *sb, const char *key, int64_t value);
void cook_stamp_put_strings(mh_strbuf *sb, const char *key, const char *const *items, size_t count);

/* Writes sb's text to path atomically (mode 0644). */
int cook_stamp_save(const char *path, const mh_strbuf *sb, mh_error *err);

#endif
