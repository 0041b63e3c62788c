#include "cook/mirrors.h"

#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"

char **cook_mirror_candidates(const cook_config *config, const char *url, size_t *count) {
    const cook_mirror *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < config->mirror_count; i++) {
        const cook_mirror *m = &config->mirrors[i];
        size_t len = strlen(m->prefix);
        if (len > best_len && strncmp(url, m->prefix, len) == 0) {
            best = m;
            best_len = len;
        }
    }
    size_t n = best ? best->count : 0;
    char **out = mh_xcalloc(n + 1, sizeof *out);
    for (size_t i = 0; i < n; i++)
        out[i] = mh_xasprintf("%s%s", best->replacements[i], url + best_len);
    out[n] = mh_xstrdup(url);
    *count = n + 1;
    return out;
}

void cook_strings_free(char **items, size_t count) {
    for (size_t i = 0; i < count; i++)
        free(items[i]);
    free(items);
}
