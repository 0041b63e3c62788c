/* mv SOURCE DEST, mv SOURCE... DIRECTORY: renames files and directories. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PROGRAM "mv"

static int move(const char *source, const char *target)
{
    struct stat from, to;
    if (lstat(source, &from) != 0) {
        fprintf(stderr, "%s: cannot stat '%s': %s\n", PROGRAM, source, strerror(errno));
        return 1;
    }
    if (lstat(target, &to) == 0 && from.st_dev == to.st_dev && from.st_ino == to.st_ino) {
        fprintf(stderr, "%s: '%s' and '%s' are the same file\n", PROGRAM, source, target);
        return 1;
    }
    if (rename(source, target) != 0) {
        fprintf(stderr, "%s: cannot move '%s' to '%s': %s\n", PROGRAM, source, target, strerror(errno));
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    int option;
    while ((option = getopt(argc, argv, "f")) != -1) {
        if (option != 'f') { /* -f: mv never asks anyway */
            fprintf(stderr, "usage: %s SOURCE DEST | %s SOURCE... DIRECTORY\n", PROGRAM, PROGRAM);
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
            result |= move(argv[i], destination);
            continue;
        }
        char source[PATH_MAX];
        snprintf(source, sizeof source, "%s", argv[i]);
        size_t length = strlen(source);
        while (length > 1 && source[length - 1] == '/')
            source[--length] = '\0';
        const char *name = strrchr(source, '/') != NULL ? strrchr(source, '/') + 1 : source;
        char *target = malloc(strlen(destination) + strlen(name) + 2);
        if (target == NULL) {
            fprintf(stderr, "%s: out of memory\n", PROGRAM);
            return 1;
        }
        sprintf(target, "%s/%s", destination, name);
        result |= move(argv[i], target);
        free(target);
    }
    return result;
}
