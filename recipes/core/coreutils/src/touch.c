/* touch [-c] FILE...: sets the access and modification times of each FILE to now, creating
 * it empty if it does not exist (unless -c). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PROGRAM "touch"

int main(int argc, char **argv)
{
    int create = 1, option;
    while ((option = getopt(argc, argv, "c")) != -1) {
        if (option != 'c') {
            fprintf(stderr, "usage: %s [-c] FILE...\n", PROGRAM);
            return 2;
        }
        create = 0;
    }
    if (optind == argc) {
        fprintf(stderr, "%s: missing file operand\n", PROGRAM);
        return 2;
    }
    int status = 0;
    for (int i = optind; i < argc; i++) {
        if (utimensat(AT_FDCWD, argv[i], NULL, 0) == 0)
            continue;
        if (errno != ENOENT) {
            fprintf(stderr, "%s: setting times of '%s': %s\n", PROGRAM, argv[i], strerror(errno));
            status = 1;
            continue;
        }
        if (!create)
            continue;
        int fd = open(argv[i], O_WRONLY | O_CREAT, 0666);
        if (fd < 0) {
            fprintf(stderr, "%s: cannot touch '%s': %s\n", PROGRAM, argv[i], strerror(errno));
            status = 1;
            continue;
        }
        close(fd);
    }
    return status;
}
