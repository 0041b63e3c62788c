/* env [-i] [-u NAME]... [NAME=VALUE]... [COMMAND [ARG...]]: runs COMMAND in a changed
 * environment, or prints the environment. -i starts from an empty one. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PROGRAM "env"

extern char **environ;

int main(int argc, char **argv)
{
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
        if (strcmp(argv[i], "-i") == 0) {
            static char *empty[] = {NULL};
            environ = empty;
        } else if (strcmp(argv[i], "-u") == 0 && i + 1 < argc) {
            unsetenv(argv[++i]);
        } else {
            fprintf(stderr, "usage: %s [-i] [-u NAME]... [NAME=VALUE]... [COMMAND [ARG...]]\n", PROGRAM);
            return 125;
        }
    }
    if (i < argc && strcmp(argv[i], "-") == 0) { /* the old spelling of -i */
        static char *empty[] = {NULL};
        environ = empty;
        i++;
    }
    for (; i < argc && strchr(argv[i], '=') != NULL; i++) {
        char *equals = strchr(argv[i], '=');
        *equals = '\0';
        if (argv[i][0] == '\0' || setenv(argv[i], equals + 1, 1) != 0) {
            *equals = '=';
            fprintf(stderr, "%s: cannot set '%s'\n", PROGRAM, argv[i]);
            return 125;
        }
    }
    if (i == argc) {
        for (char **variable = environ; *variable != NULL; variable++)
            printf("%s\n", *variable);
        return fflush(stdout) == 0 ? 0 : 125;
    }
    execvp(argv[i], argv + i);
    int error = errno;
    fprintf(stderr, "%s: '%s': %s\n", PROGRAM, argv[i], strerror(error));
    return error == ENOENT ? 127 : 126;
}
