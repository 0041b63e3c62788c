#include "cook/glob.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"

/* Matches the components pattern[0..] against path[0..] exactly. */
static bool match_from(const char *pattern, const char *path) {
    while (*pattern == '/')
        pattern++;
    if (!*pattern)
        return !*path;
    const char *pslash = strchr(pattern, '/');
    size_t plen = pslash ? (size_t)(pslash - pattern) : strlen(pattern);
    const char *prest = pslash ? pslash + 1 : pattern + plen;
    if (plen == 2 && pattern[0] == '*' && pattern[1] == '*') {
        /* "**": zero or more whole components. */
        for (const char *p = path;;) {
            if (match_from(prest, p))
                return true;
            const char *slash = strchr(p, '/');
            if (!slash)
                return !*prest && *p; /* a trailing "**" takes the last component too */
            p = slash + 1;
        }
    }
    if (!*path)
        return false;
    const char *slash = strchr(path, '/');
    size_t len = slash ? (size_t)(slash - path) : strlen(path);
    char *seg_pattern = mh_xstrndup(pattern, plen);
    char *segment = mh_xstrndup(path, len);
    bool ok = fnmatch(seg_pattern, segment, 0) == 0;
    free(seg_pattern);
    free(segment);
    if (!ok)
        return false;
    return match_from(prest, slash ? slash + 1 : path + len);
}

bool cook_glob_match(const char *pattern, const char *path) {
    if (match_from(pattern, path))
        return true;
    /* A parent directory matching takes the whole directory. */
    char *copy = mh_xstrdup(path);
    bool ok = false;
    for (char *slash = strrchr(copy, '/'); slash && !ok; slash = strrchr(copy, '/')) {
        *slash = '\0';
        ok = match_from(pattern, copy);
    }
    free(copy);
    return ok;
}
