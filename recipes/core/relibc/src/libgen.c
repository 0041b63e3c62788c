/* POSIX basename() and dirname() (<libgen.h>); they may modify their argument. <string.h>
 * declares the GNU basename() under _GNU_SOURCE, so this file does without it. */
#undef _GNU_SOURCE
#include <libgen.h>
#include <string.h>

char *basename(char *path)
{
    static char dot[] = ".";
    if (path == NULL || path[0] == '\0')
        return dot;
    size_t end = strlen(path);
    while (end > 1 && path[end - 1] == '/')
        path[--end] = '\0';
    char *slash = strrchr(path, '/');
    if (slash == NULL || slash[1] == '\0')
        return path;
    return slash + 1;
}

char *dirname(char *path)
{
    static char dot[] = ".";
    if (path == NULL || path[0] == '\0')
        return dot;
    size_t end = strlen(path);
    while (end > 1 && path[end - 1] == '/')
        end--;
    while (end > 0 && path[end - 1] != '/')
        end--;
    if (end == 0)
        return dot;
    while (end > 1 && path[end - 1] == '/')
        end--;
    path[end] = '\0';
    return path;
}
