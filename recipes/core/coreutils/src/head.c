/* head [-n LINES | -c BYTES] [FILE...]: the first 10 (or LINES) lines, or BYTES bytes, of
 * each FILE ("-" or none: standard input); with several files each gets a "==> FILE <=="
 * header. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

static int head(FILE *file, const char *name, unsigned long long count, int bytes)
{
    int c;
    while (count > 0 && (c = getc(file)) != EOF) {
        putchar(c);
        if (bytes || c == '\n')
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
    unsigned long long count = 10;
    int bytes = 0, option;
    while ((option = getopt(argc, argv, "n:c:")) != -1) {
        if (option != 'n' && option != 'c') {
            fprintf(stderr, "usage: %s [-n LINES | -c BYTES] [FILE...]\n", PROGRAM);
            return 2;
        }
        bytes = option == 'c';
        if (parse_count(optarg, &count) != 0)
            return 2;
    }
    int status = 0, files = argc - optind;
    if (files == 0)
        return head(stdin, "standard input", count, bytes);
    for (int i = optind; i < argc; i++) {
        int is_stdin = strcmp(argv[i], "-") == 0;
        FILE *file = is_stdin ? stdin : fopen(argv[i], "r");
        if (file == NULL) {
            fprintf(stderr, "%s: cannot open '%s' for reading: %s\n", PROGRAM, argv[i], strerror(errno));
            status = 1;
            continue;
        }
        if (files > 1)
            printf("%s==> %s <==\n", i > optind ? "\n" : "", is_stdin ? "standard input" : argv[i]);
        status |= head(file, argv[i], count, bytes);
        if (!is_stdin)
            fclose(file);
    }
    return fflush(stdout) == 0 ? status : 1;
}
