#include "path_resolve.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static bool has_scheme(const char *path)
{
    size_t prefix = strcspn(path, ":/");
    return path[prefix] == ':';
}

/* Appends the components of reference to out (which holds "scheme:" followed by a normalised
 * reference starting with '/', at least "/"), applying "." and "..". root is the length of
 * "scheme:/" in out. */
static void append_components(char *out, size_t *length, size_t root, const char *reference)
{
    const char *cursor = reference;
    while (*cursor != '\0') {
        while (*cursor == '/')
            cursor++;
        size_t part = strcspn(cursor, "/");
        if (part == 0)
            break;
        if (part == 1 && cursor[0] == '.') {
            /* stays here */
        } else if (part == 2 && cursor[0] == '.' && cursor[1] == '.') {
            if (*length > root) {
                while (*length > root && out[*length - 1] != '/')
                    (*length)--;
                if (*length > root)
                    (*length)--; /* the separator before the removed component */
            }
        } else {
            if (out[*length - 1] != '/')
                out[(*length)++] = '/';
            memcpy(out + *length, cursor, part);
            *length += part;
        }
        cursor += part;
    }
    out[*length] = '\0';
}

/* out is default_scheme ":" reference; rewrites references under /scheme as the scheme path
 * they name: "/scheme/NAME/rest" -> "NAME:/rest", "/scheme/NAME" -> "NAME:", "/scheme" -> ":". */
static void name_scheme_directly(char *out, size_t scheme_length)
{
    static const char directory[] = "/scheme";
    const size_t prefix = sizeof directory - 1;
    const char *reference = out + scheme_length + 1;
    if (strncmp(reference, directory, prefix) != 0 || (reference[prefix] != '\0' && reference[prefix] != '/'))
        return;
    const char *name = reference[prefix] == '/' ? reference + prefix + 1 : reference + prefix;
    size_t name_length = strcspn(name, "/");
    const char *rest = name + name_length; /* "" or "/..." */
    memmove(out, name, name_length);
    out[name_length] = ':';
    memmove(out + name_length + 1, rest, strlen(rest) + 1);
}

char *mh_path_resolve(const char *cwd, const char *default_scheme, const char *path)
{
    const char *base_scheme, *base_reference, *relative;
    size_t scheme_length;
    if (has_scheme(path)) {
        size_t size = strlen(path) + 1;
        char *copy = malloc(size);
        if (copy != NULL)
            memcpy(copy, path, size);
        return copy;
    }
    if (path[0] == '/') {
        base_scheme = default_scheme;
        scheme_length = strlen(default_scheme);
        base_reference = "";
        relative = path;
    } else {
        base_scheme = cwd;
        scheme_length = strcspn(cwd, ":");
        base_reference = cwd[scheme_length] == ':' ? cwd + scheme_length + 1 : "";
        relative = path;
    }
    /* The result is never longer than scheme ":/" + both references + a separator. */
    size_t capacity = scheme_length + 2 + strlen(base_reference) + 1 + strlen(relative) + 1;
    char *out = malloc(capacity);
    if (out == NULL)
        return NULL;
    memcpy(out, base_scheme, scheme_length);
    out[scheme_length] = ':';
    out[scheme_length + 1] = '/';
    size_t length = scheme_length + 2;
    size_t root = length;
    out[length] = '\0';
    append_components(out, &length, root, base_reference);
    append_components(out, &length, root, relative);
    if (scheme_length == strlen(default_scheme) && memcmp(out, default_scheme, scheme_length) == 0)
        name_scheme_directly(out, scheme_length);
    return out;
}
