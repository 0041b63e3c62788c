/* How a path names its scheme (Redox's two forms), without touching the scheme registry, so
 * the rules can be tested on the host:
 *   "name:reference"          the legacy form (the root scheme is "", as in ":name")
 *   "/scheme/name/reference"  the current form; "/scheme/name" is name's root and "/scheme"
 *                             or "/scheme/" the root scheme
 *   any other "/path"         the root filesystem: scheme "file", reference the whole path
 *   anything else             relative: resolved by the C library, never by the kernel */
#ifndef MH_SCHEME_PATH_H
#define MH_SCHEME_PATH_H

#include <stdbool.h>
#include <stddef.h>

enum scheme_path_form {
    SCHEME_PATH_LEGACY,
    SCHEME_PATH_CURRENT,
    SCHEME_PATH_FILE,
    SCHEME_PATH_RELATIVE,
};

struct scheme_path {
    const char *name; /* points into the path, except "file" for SCHEME_PATH_FILE */
    size_t name_length;
    const char *reference;
    size_t reference_length;
};

enum scheme_path_form scheme_path_split(const char *path, size_t length, struct scheme_path *parts);

#endif
