/* mkdir [-p] [-m MODE] DIRECTORY...: creates directories; -p creates missing parents too and
 * accepts directories that exist. MODE is octal. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PROGRAM "mkdir"

static int make_parents(char *path, mode_t mode)
{
    /* Every prefix ending before a '/' is created with the default mode; the last with mode. */
    for (char *slash = strchr(path + 1, '/'); slash != NULL; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        struct stat status;
        if (stat(path, &status) != 0 && mkdir(path, 0777) != 0 && errno != EEXIST) {
            fprintf(stderr, "%s: cannot create directory '%s': %s\n", PROGRAM, path, strerror(errno));
            *slash = '/';
            return 1;
        }
        *slash = '/';
    }
    struct stat status;
    if (mkdir(path, mode) != 0) {
        int error = errno;
        if (stat(path, &status) == 0 && S_ISDIR(status.st_mode))
            return 0;
        fprintf(stderr, "%s: cannot create directory '%s': %s\n", PROGRAM, path, strerror(error));
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    int parents = 0, option;
    mode_t mode = 0777;
    int explicit_mode = 0;
    while ((option = getopt(argc, argv, "pm:")) != -1) {
        char *end;
        switch (option) {
        case 'p':
            parents = 1;
            break;
        case 'm':
            mode = (mode_t)strtoul(optarg, &end, 8);
            if (*optarg == '\0' || *end != '\0' || mode > 07777) {
                fprintf(stderr, "%s: invalid mode '%s' (expected octal)\n", PROGRAM, optarg);
                return 2;
            }
            explicit_mode = 1;
            break;
        default:
            fprintf(stderr, "usage: %s [-p] [-m MODE] DIRECTORY...\n", PROGRAM);
            return 2;
        }
    }
    if (optind == argc) {
        fprintf(stderr, "%s: missing operand\n", PROGRAM);
        return 2;
    }
    int status = 0;
    for (int i = optind; i < argc; i++) {
        if (parents) {
            status |= make_parents(argv[i], mode);
        } else if (mkdir(argv[i], mode) != 0) {
            fprintf(stderr, "%s: cannot create directory '%s': %s\n", PROGRAM, argv[i], strerror(errno));
            status = 1;
            continue;
        }
        /* -m sets the mode exactly, whatever the umask. */
        if (explicit_mode && chmod(argv[i], mode) != 0) {
            fprintf(stderr, "%s: cannot set the mode of '%s': %s\n", PROGRAM, argv[i], strerror(errno));
            status = 1;
        }
    }
    return status;
}
