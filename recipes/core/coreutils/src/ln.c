/* ln [-s] [-f] TARGET LINK, ln [-s] [-f] TARGET... DIRECTORY: makes hard links or, with -s,
 * symbolic links; -f replaces existing files. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "destination.h"

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
    return for_each_destination(PROGRAM, argc - optind, argv + optind, make_link);
}
