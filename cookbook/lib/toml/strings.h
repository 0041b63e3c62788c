/* TOML string literals: basic "...", literal '...', multi-line """...""" and '''...''',
 * with escapes decoded. Internal to the toml library. */
#ifndef MH_TOML_STRINGS_H
#define MH_TOML_STRINGS_H

#include <stdbool.h>

#include "base/strbuf.h"
#include "toml/scanner.h"

/* The cursor is at '"' or '\''. Appends the decoded string to out and leaves the cursor after
 * the closing quote. Multi-line forms are accepted only when allow_multiline (not in keys). */
int toml_scan_string(toml_scanner *s, bool allow_multiline, mh_strbuf *out);

/* Appends the UTF-8 encoding of the Unicode scalar value cp. */
void toml_append_utf8(mh_strbuf *out, unsigned long cp);

#endif
