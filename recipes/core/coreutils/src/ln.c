/* ln [-s] [-f] TARGET LINK, ln [-s] [-f] TARGET... DIRECTORY: makes hard links or, with -s,
 * symbolic links; -f replaces existing files. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PROGRAM "ln"

static int symbolic, force;

static int make_link(const char *target, const char *name)
{
    if (force)
        unlink(name);
    if ((symbolic ? symlink(target, name) : link(target, name)) == 0)
        return 0;
    fprintf(stderr, "%s: failed to create %s '%s': %s\n", PROGRAM, symbolic ? "symbolic link" : "hard link",
            name, strerror(errno));
    return 1;
}

int main(int argc, char **argv)
{
    int option;
    while ((option = getopt(argc, argv, "sf")) != -1) {
        if (option == 's') {
            symbolic = 1;
        } else if (option == 'f') {
            force = 1;
        } else {
            fprintf(stderr, "usage: %s [-s] [-f] TARGET LINK | %s [-s] [-f] TARGET... DIRECTORY\n", PROGRAM, PROGRAM);
            return 2;
        }
    }
    int operands = argc - optind;
    if (operands < 2) {
        fprintf(stderr, "%s: missing %s operand\n", PROGRAM, operands == 0 ? "file" : "destination file");
        return 2;
    }
    const char *destination = argv[argc - 1];
    struct stat status;
    int into_directory = stat(destination, &status) == 0 && S_ISDIR(status.st_mode);
    if (!into_directory && operands > 2) {
        fprintf(stderr, "%s: target '%s' is not a directory\n", PROGRAM, destination);
        return 1;
    }
    int result = 0;
    for (int i = optind; i < argc - 1; i++) {
        if (!into_directory) {
            result |= make_link(argv[i], destination);
            continue;
        }
        const char *slash = strrchr(argv[i], '/');
        const char *name = slash != NULL ? slash + 1 : argv[i];
        char *path = malloc(strlen(destination) + strlen(name) + 2);
        if (path == NULL) {
            fprintf(stderr, "%s: out of memory\n", PROGRAM);
            return 1;
        }
        sprintf(path, "%s/%s", destination, name);
        result |= make_link(argv[i], path);
        free(path);
    }
    return result;
}
