/* mv SOURCE DEST, mv SOURCE... DIRECTORY: renames files and directories. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "destination.h"

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
    return for_each_destination(PROGRAM, argc - optind, argv + optind, move);
}
