#include "read_blocks.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int read_blocks(const char *program, int fd, const char *name,
                void (*consume)(const char *bytes, size_t length, void *context), void *context)
{
    char buffer[16384];
    for (;;) {
        ssize_t got = read(fd, buffer, sizeof buffer);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            fprintf(stderr, "%s: %s: %s\n", program, name, strerror(errno));
            return 1;
        }
        if (got == 0)
            return 0;
        consume(buffer, (size_t)got, context);
    }
}
