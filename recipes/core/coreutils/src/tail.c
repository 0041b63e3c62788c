/* tail [-n [+]LINES | -c [+]BYTES] [FILE...]: the last 10 (or LINES) lines, or BYTES bytes,
 * of each FILE ("-" or none: standard input); "+N" starts at line (byte) N instead. With
 * several files each gets a "==> FILE <==" header. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input_files.h"

#define PROGRAM "tail"

/* The whole input in memory: tail needs its end, and pipes cannot seek. */
static char *slurp(FILE *file, size_t *length)
{
    size_t capacity = 65536, used = 0;
    char *data = malloc(capacity);
    while (data != NULL) {
        size_t got = fread(data + used, 1, capacity - used, file);
        used += got;
        if (used < capacity)
            break;
        char *grown = realloc(data, capacity *= 2);
        if (grown == NULL)
            free(data);
        data = grown;
    }
    *length = used;
    return data;
}

/* What to show of each file. */
struct selection {
    unsigned long long count;
    int from_start; /* "+N": from line (byte) N on, not the last N */
    int bytes;      /* count bytes, not lines */
};

static int tail(FILE *file, const char *name, const void *options)
{
    const struct selection *selection = options;
    unsigned long long count = selection->count;
    int from_start = selection->from_start, bytes = selection->bytes;
    size_t length;
    char *data = slurp(file, &length);
    if (data == NULL || ferror(file)) {
        fprintf(stderr, "%s: error reading '%s': %s\n", PROGRAM, name,
                data == NULL ? "out of memory" : strerror(errno));
        free(data);
        return 1;
    }
    size_t start;
    if (bytes) {
        if (from_start)
            start = count > 0 && count - 1 < length ? (size_t)(count - 1) : (count == 0 ? 0 : length);
        else
            start = count < length ? length - (size_t)count : 0;
    } else if (from_start) {
        start = 0;
        for (unsigned long long line = 1; line < count && start < length; start++)
            if (data[start] == '\n')
                line++;
    } else {
        /* Back from the end over count line ends; a last line without one counts too. */
        start = length;
        unsigned long long seen = 0;
        if (start > 0 && data[start - 1] == '\n')
            start--;
        while (start > 0) {
            if (data[start - 1] == '\n' && ++seen == count)
                break;
            start--;
        }
        if (count == 0)
            start = length;
    }
    fwrite(data + start, 1, length - start, stdout);
    free(data);
    return 0;
}

int main(int argc, char **argv)
{
    struct selection selection = {.count = 10, .from_start = 0, .bytes = 0};
    int option;
    while ((option = getopt(argc, argv, "n:c:")) != -1) {
        if (option != 'n' && option != 'c') {
            fprintf(stderr, "usage: %s [-n [+]LINES | -c [+]BYTES] [FILE...]\n", PROGRAM);
            return 2;
        }
        selection.bytes = option == 'c';
        const char *text = optarg;
        selection.from_start = *text == '+';
        if (*text == '+' || *text == '-')
            text++;
        char *end;
        errno = 0;
        selection.count = strtoull(text, &end, 10);
        if (*text < '0' || *text > '9' || *end != '\0' || errno != 0) {
            fprintf(stderr, "%s: invalid number '%s'\n", PROGRAM, optarg);
            return 2;
        }
    }
    return for_each_input_file(PROGRAM, argc - optind, argv + optind, tail, &selection);
}
