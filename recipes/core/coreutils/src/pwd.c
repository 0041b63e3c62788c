/* pwd: the current directory's absolute path. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-L") != 0 && strcmp(argv[i], "-P") != 0) {
            fprintf(stderr, "usage: pwd [-L | -P]\n");
            return 2;
        }
    }
    char path[PATH_MAX];
    if (getcwd(path, sizeof path) == NULL) {
        fprintf(stderr, "pwd: %s\n", strerror(errno));
        return 1;
    }
    printf("%s\n", path);
    return fflush(stdout) == 0 ? 0 : 1;
}
