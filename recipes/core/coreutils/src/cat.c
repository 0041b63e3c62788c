/* cat [-u] [FILE...]: copies each FILE ("-" or none: standard input) to standard output. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "read_blocks.h"

#define PROGRAM "cat"

static int write_all(const char *buffer, size_t length)
{
    while (length > 0) {
        ssize_t written = write(STDOUT_FILENO, buffer, length);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return -1;
        buffer += written;
        length -= (size_t)written;
    }
    return 0;
}

/* A write error ends the program. */
static void write_block(const char *bytes, size_t length, void *context)
{
    (void)context;
    if (write_all(bytes, length) != 0) {
        fprintf(stderr, "%s: write error: %s\n", PROGRAM, strerror(errno));
        _exit(1);
    }
}

/* 0, or 1 after reporting a read error. */
static int copy(int fd, const char *name)
{
    return read_blocks(PROGRAM, fd, name, write_block, NULL);
}

int main(int argc, char **argv)
{
    int option;
    while ((option = getopt(argc, argv, "u")) != -1) {
        if (option != 'u') { /* -u: output is never buffered here anyway */
            fprintf(stderr, "usage: %s [-u] [FILE...]\n", PROGRAM);
            return 2;
        }
    }
    int status = 0;
    if (optind == argc)
        return copy(STDIN_FILENO, "-");
    for (int i = optind; i < argc; i++) {
        if (strcmp(argv[i], "-") == 0) {
            status |= copy(STDIN_FILENO, "-");
            continue;
        }
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0) {
            fprintf(stderr, "%s: %s: %s\n", PROGRAM, argv[i], strerror(errno));
            status = 1;
            continue;
        }
        status |= copy(fd, argv[i]);
        close(fd);
    }
    return status;
}
