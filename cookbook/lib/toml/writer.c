/* Writing strings and keys in TOML syntax, for tools that generate TOML. */
#include <stdio.h>

#include "toml/scanner.h"
#include "toml/toml.h"

void toml_write_string(mh_strbuf *sb, const char *s, size_t len) {
    const unsigned char *p = (const unsigned char *)s;
    mh_strbuf_putc(sb, '"');
    size_t run = 0; /* start of the pending run of bytes that need no escaping */
    for (size_t i = 0; i < len;) {
        unsigned char c = p[i];
        size_t n = 1;
        const char *escape = NULL;
        char buf[8];
        switch (c) {
        case '"': escape = "\\\""; break;
        case '\\': escape = "\\\\"; break;
        case '\b': escape = "\\b"; break;
        case '\t': escape = "\\t"; break;
        case '\n': escape = "\\n"; break;
        case '\f': escape = "\\f"; break;
        case '\r': escape = "\\r"; break;
        default:
            if (c < 0x20 || c == 0x7f) {
                snprintf(buf, sizeof buf, "\\u%04X", c);
                escape = buf;
            } else if (c >= 0x80) {
                n = toml_utf8_sequence_length(p + i, len - i);
                if (n == 0) {
                    /* Not UTF-8: TOML cannot hold these bytes; the replacement character
                     * keeps the output a valid document. */
                    escape = "\\uFFFD";
                    n = 1;
                }
            }
        }
        if (escape) {
            mh_strbuf_append(sb, s + run, i - run);
            mh_strbuf_puts(sb, escape);
            run = i + n;
        }
        i += n;
    }
    mh_strbuf_append(sb, s + run, len - run);
    mh_strbuf_putc(sb, '"');
}

void toml_write_key(mh_strbuf *sb, const char *key, size_t len) {
    bool bare = len > 0;
    for (size_t i = 0; i < len && bare; i++) {
        char c = key[i];
        bare = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-';
    }
    if (bare)
        mh_strbuf_append(sb, key, len);
    else
        toml_write_string(sb, key, len);
}
