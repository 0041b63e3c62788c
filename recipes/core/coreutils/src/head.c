/* head [-n LINES | -c BYTES] [FILE...]: the first 10 (or LINES) lines, or BYTES bytes, of
 * each FILE ("-" or none: standard input); with several files each gets a "==> FILE <=="
 * header. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input_files.h"

#define PROGRAM "head"

static int parse_count(const char *text, unsigned long long *count)
{
    char *end;
    errno = 0;
    *count = strtoull(text, &end, 10);
    if (*text < '0' || *text > '9' || *end != '\0' || errno != 0) {
        fprintf(stderr, "%s: invalid number '%s'\n", PROGRAM, text);
        return -1;
    }
    return 0;
}

/* What to show of each file. */
struct selection {
    unsigned long long count;
    int bytes; /* count bytes, not lines */
};

static int head(FILE *file, const char *name, const void *options)
{
    const struct selection *selection = options;
    unsigned long long count = selection->count;
    int c;
    while (count > 0 && (c = getc(file)) != EOF) {
        putchar(c);
        if (selection->bytes || c == '\n')
            count--;
    }
    if (ferror(file)) {
        fprintf(stderr, "%s: error reading '%s': %s\n", PROGRAM, name, strerror(errno));
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct selection selection = {.count = 10, .bytes = 0};
    int option;
    while ((option = getopt(argc, argv, "n:c:")) != -1) {
        if (option != 'n' && option != 'c') {
            fprintf(stderr, "usage: %s [-n LINES | -c BYTES] [FILE...]\n", PROGRAM);
            return 2;
        }
        selection.bytes = option == 'c';
        if (parse_count(optarg, &selection.count) != 0)
            return 2;
    }
    return for_each_input_file(PROGRAM, argc - optind, argv + optind, head, &selection);
}
