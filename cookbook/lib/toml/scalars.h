/* TOML scalars other than strings: booleans, integers, floats and the four date/time types.
 * Internal to the toml library. */
#ifndef MH_TOML_SCALARS_H
#define MH_TOML_SCALARS_H

#include "base/strbuf.h"
#include "toml/scanner.h"

/* The cursor is at the first character of a value that is not a string, array or inline table.
 * Fills out->type and out->u (not out->pos) and leaves the cursor after the value. scratch is
 * working space (its contents are replaced). */
int toml_scan_scalar(toml_scanner *s, mh_strbuf *scratch, toml_value *out);

#endif
