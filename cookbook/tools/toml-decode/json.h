/* The toml-test JSON encoding of a TOML document: tables are objects, arrays are arrays, and
 * every scalar is {"type": "...", "value": "..."} with the value written as a string. */
#ifndef MH_TOML_DECODE_JSON_H
#define MH_TOML_DECODE_JSON_H

#include "base/strbuf.h"
#include "toml/toml.h"

void toml_test_json(mh_strbuf *out, const toml_value *value);

#endif
