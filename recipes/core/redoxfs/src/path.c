#include "path.h"

#include <string.h>

#define MAX_DEPTH 128
#define MAX_LINKS 32
#define MAX_PATH 4096
#define ELOOP 40
#define EACCES 13

/* Whether caller may look names up in directory id. */
static int check_search(rfs_fs *fs, const struct caller *caller, uint32_t id)
{
    rfs_attr attr;
    int err = rfs_stat(fs, id, &attr);
    if (err != 0)
        return err;
    return access_permits(caller, &attr, ACCESS_EXECUTE) ? 0 : -EACCES;
}

/* Where a link's target (length bytes) points: within this volume (0; *skip bytes naming this
 * scheme come first, and *from_root says the rest starts at the root) or into another scheme
 * (-RFS_EXDEV). */
static int own_scheme_target(const char *target, size_t length, size_t *skip, bool *from_root)
{
    static const char legacy[] = PATH_SCHEME ":", current[] = "/scheme/" PATH_SCHEME, directory[] = "/scheme";
    *skip = 0;
    *from_root = length > 0 && target[0] == '/';
    if (length >= sizeof legacy - 1 && memcmp(target, legacy, sizeof legacy - 1) == 0) {
        *skip = sizeof legacy - 1;
        *from_root = true;
        return 0;
    }
    if (length >= sizeof current - 1 && memcmp(target, current, sizeof current - 1) == 0 &&
        (length == sizeof current - 1 || target[sizeof current - 1] == '/')) {
        *skip = sizeof current - 1;
        return 0;
    }
    if (length >= sizeof directory - 1 && memcmp(target, directory, sizeof directory - 1) == 0 &&
        (length == sizeof directory - 1 || target[sizeof directory - 1] == '/'))
        return -RFS_EXDEV;
    for (size_t i = 0; i < length && target[i] != '/'; i++) {
        if (target[i] == ':')
            return -RFS_EXDEV;
    }
    return 0;
}

/* Replaces the unresolved text with target + "/" + rest. */
static int splice_link(char *rest, size_t *rest_len, const char *target, size_t target_len)
{
    char joined[MAX_PATH];
    if (target_len + 1 + *rest_len > sizeof joined)
        return -RFS_ENAMETOOLONG;
    memcpy(joined, target, target_len);
    joined[target_len] = '/';
    memcpy(joined + target_len + 1, rest, *rest_len);
    *rest_len += target_len + 1;
    memcpy(rest, joined, *rest_len);
    return 0;
}

int path_resolve(rfs_fs *fs, const struct caller *caller, const char *path, size_t len, bool follow_last,
                 struct resolved *out)
{
    char rest[MAX_PATH];
    if (len > sizeof rest)
        return -RFS_ENAMETOOLONG;
    memcpy(rest, path, len);
    size_t rest_len = len, at = 0;
    uint32_t stack[MAX_DEPTH] = {RFS_ROOT_ID};
    size_t depth = 1;
    unsigned links = 0;
    out->name_len = 0;
    out->name[0] = '\0';
    while (at < rest_len) {
        while (at < rest_len && rest[at] == '/')
            at++;
        size_t start = at;
        while (at < rest_len && rest[at] != '/')
            at++;
        size_t n = at - start;
        size_t after = at;
        while (after < rest_len && rest[after] == '/')
            after++;
        bool last = after == rest_len;
        if (n == 0 || (n == 1 && rest[start] == '.'))
            continue;
        if (n == 2 && rest[start] == '.' && rest[start + 1] == '.') {
            if (depth > 1)
                depth--;
            continue;
        }
        if (n > PATH_NAME_MAX)
            return -RFS_ENAMETOOLONG;
        uint32_t id;
        int err = check_search(fs, caller, stack[depth - 1]);
        if (err != 0)
            return err;
        err = rfs_lookup(fs, stack[depth - 1], (const uint8_t *)rest + start, (uint32_t)n, &id);
        if (err == -RFS_ENOENT && last) {
            out->id = 0;
            out->parent = stack[depth - 1];
            memcpy(out->name, rest + start, n);
            out->name[n] = '\0';
            out->name_len = (uint32_t)n;
            return 0;
        }
        if (err != 0)
            return err;
        rfs_attr attr;
        if ((err = rfs_stat(fs, id, &attr)) != 0)
            return err;
        if ((attr.mode & RFS_MODE_TYPE) == RFS_MODE_SYMLINK && (!last || follow_last)) {
            char target[MAX_PATH];
            size_t got = 0;
            if (++links > MAX_LINKS)
                return -ELOOP;
            if (attr.size > sizeof target)
                return -RFS_ENAMETOOLONG;
            if ((err = rfs_read(fs, id, 0, target, (size_t)attr.size, &got)) != 0)
                return err;
            size_t skip;
            bool from_root;
            if ((err = own_scheme_target(target, got, &skip, &from_root)) != 0)
                return err;
            rest_len -= after;
            memmove(rest, rest + after, rest_len);
            if ((err = splice_link(rest, &rest_len, target + skip, got - skip)) != 0)
                return err;
            if (from_root)
                depth = 1;
            at = 0;
            continue;
        }
        if (!last && (attr.mode & RFS_MODE_TYPE) != RFS_MODE_DIR)
            return -RFS_ENOTDIR;
        if (last) {
            out->id = id;
            out->parent = stack[depth - 1];
            memcpy(out->name, rest + start, n);
            out->name[n] = '\0';
            out->name_len = (uint32_t)n;
            return 0;
        }
        if (depth == MAX_DEPTH)
            return -RFS_ENAMETOOLONG;
        stack[depth++] = id;
    }
    /* nothing left after '.', '..' or slashes: the directory on top of the stack */
    out->id = stack[depth - 1];
    out->parent = depth > 1 ? stack[depth - 2] : RFS_ROOT_ID;
    return 0;
}
