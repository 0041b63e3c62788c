#include "recipe/names.h"

#include <string.h>

static bool valid_component(const char *s, size_t len, bool allow_empty, const char **why) {
    if (len == 0 && !allow_empty) {
        *why = "a package name must not be empty";
        return false;
    }
    if (len >= MH_NAME_MAX) {
        *why = "a package name must be shorter than 256 bytes";
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '/' || s[i] == '\0') {
            *why = "a package name must not contain '/' or NUL";
            return false;
        }
        if (s[i] == ':') {
            *why = "a package name may contain ':' only after a \"host\" or \"target\" prefix";
            return false;
        }
        if ((unsigned char)s[i] < 0x20 || s[i] == ' ') {
            *why = "a package name must not contain spaces or control characters";
            return false;
        }
    }
    return true;
}

bool mh_package_name_parse(const char *text, size_t len, mh_package_name *out, const char **why) {
    memset(out, 0, sizeof *out);
    const char *colon = memchr(text, ':', len);
    if (colon) {
        size_t plen = (size_t)(colon - text);
        if (plen == 4 && memcmp(text, "host", 4) == 0)
            out->prefix = MH_PREFIX_HOST;
        else if (plen == 6 && memcmp(text, "target", 6) == 0)
            out->prefix = MH_PREFIX_TARGET;
        else {
            *why = "the only prefixes are \"host:\" and \"target:\"";
            return false;
        }
        len -= plen + 1;
        text = colon + 1;
    }
    const char *dot = memchr(text, '.', len);
    size_t recipe_len = dot ? (size_t)(dot - text) : len;
    if (!valid_component(text, recipe_len, dot != NULL, why))
        return false;
    if (dot) {
        size_t sub_len = len - recipe_len - 1;
        if (memchr(dot + 1, '.', sub_len)) {
            *why = "a package name may contain at most one '.' (recipe.sub-package)";
            return false;
        }
        if (sub_len == 0) {
            *why = "a sub-package name after '.' must not be empty";
            return false;
        }
        if (!valid_component(dot + 1, sub_len, false, why))
            return false;
        memcpy(out->sub, dot + 1, sub_len);
    }
    memcpy(out->recipe, text, recipe_len);
    return true;
}

bool mh_recipe_name_valid(const char *name, const char **why) {
    size_t len = strlen(name);
    if (!valid_component(name, len, false, why))
        return false;
    if (memchr(name, '.', len)) {
        *why = "a recipe directory name must not contain '.' (it separates sub-packages)";
        return false;
    }
    return true;
}
