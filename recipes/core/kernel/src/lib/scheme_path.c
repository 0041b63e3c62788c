#include "scheme_path.h"

static const char scheme_directory[] = "/scheme";
static const char file_scheme[] = "file";

/* The index of the first byte equal to wanted in [start, length), or length. */
static size_t find(const char *text, size_t start, size_t length, char wanted)
{
    while (start < length && text[start] != wanted)
        start++;
    return start;
}

static bool in_scheme_directory(const char *path, size_t length)
{
    size_t prefix = sizeof scheme_directory - 1;
    if (length < prefix)
        return false;
    for (size_t i = 0; i < prefix; i++) {
        if (path[i] != scheme_directory[i])
            return false;
    }
    return length == prefix || path[prefix] == '/';
}

enum scheme_path_form scheme_path_split(const char *path, size_t length, struct scheme_path *parts)
{
    *parts = (struct scheme_path){.name = path, .reference = path};
    if (in_scheme_directory(path, length)) {
        size_t name_start = sizeof scheme_directory - 1;
        if (name_start < length)
            name_start++; /* the slash */
        size_t slash = find(path, name_start, length, '/');
        size_t reference_start = slash < length ? slash + 1 : length;
        *parts = (struct scheme_path){
            .name = path + name_start,
            .name_length = slash - name_start,
            .reference = path + reference_start,
            .reference_length = length - reference_start,
        };
        return SCHEME_PATH_CURRENT;
    }
    if (length > 0 && path[0] == '/') {
        *parts = (struct scheme_path){.name = file_scheme, .name_length = sizeof file_scheme - 1,
                                      .reference = path, .reference_length = length};
        return SCHEME_PATH_FILE;
    }
    size_t colon = find(path, 0, length, ':');
    if (colon == length)
        return SCHEME_PATH_RELATIVE;
    *parts = (struct scheme_path){.name = path, .name_length = colon, .reference = path + colon + 1,
                                  .reference_length = length - colon - 1};
    return SCHEME_PATH_LEGACY;
}
