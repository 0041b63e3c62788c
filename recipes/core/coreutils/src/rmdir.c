/* rmdir [-p] DIRECTORY...: removes empty directories; -p then removes each parent named in
 * the path that has become empty. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define PROGRAM "rmdir"

static int remove_directory(const char *path)
{
    if (rmdir(path) == 0)
        return 0;
    fprintf(stderr, "%s: failed to remove '%s': %s\n", PROGRAM, path, strerror(errno));
    return 1;
}

int main(int argc, char **argv)
{
    int parents = 0, option;
    while ((option = getopt(argc, argv, "p")) != -1) {
        if (option != 'p') {
            fprintf(stderr, "usage: %s [-p] DIRECTORY...\n", PROGRAM);
            return 2;
        }
        parents = 1;
    }
    if (optind == argc) {
        fprintf(stderr, "%s: missing operand\n", PROGRAM);
        return 2;
    }
    int status = 0;
    for (int i = optind; i < argc; i++) {
        char *path = argv[i];
        if (remove_directory(path) != 0) {
            status = 1;
            continue;
        }
        while (parents) {
            size_t length = strlen(path);
            while (length > 1 && path[length - 1] == '/')
                path[--length] = '\0';
            char *slash = strrchr(path, '/');
            if (slash == NULL || slash == path)
                break;
            *slash = '\0';
            if (remove_directory(path) != 0) {
                status = 1;
                break;
            }
        }
    }
    return status;
}
