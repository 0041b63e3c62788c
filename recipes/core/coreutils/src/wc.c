/* wc [-clw] [FILE...]: counts lines, words (runs of non-blank characters) and bytes of each
 * FILE ("-" or none: standard input), with a total for several files. The numbers are aligned
 * as GNU wc aligns them: one count of one input unpadded, otherwise as wide as the total size
 * of the regular files needs (at least 7 when an input is not a regular file). */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PROGRAM "wc"

struct counts {
    unsigned long long lines, words, bytes;
};

static int show_lines, show_words, show_bytes;

static int count_input(int fd, const char *name, struct counts *counts)
{
    char buffer[16384];
    int in_word = 0;
    memset(counts, 0, sizeof *counts);
    for (;;) {
        ssize_t got = read(fd, buffer, sizeof buffer);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            fprintf(stderr, "%s: %s: %s\n", PROGRAM, name, strerror(errno));
            return 1;
        }
        if (got == 0)
            return 0;
        counts->bytes += (unsigned long long)got;
        for (ssize_t i = 0; i < got; i++) {
            unsigned char c = (unsigned char)buffer[i];
            if (c == '\n')
                counts->lines++;
            if (isspace(c)) {
                in_word = 0;
            } else if (!in_word) {
                in_word = 1;
                counts->words++;
            }
        }
    }
}

static void print_counts(const struct counts *counts, int width, const char *name)
{
    const char *separator = "";
    if (show_lines) {
        printf("%s%*llu", separator, width, counts->lines);
        separator = " ";
    }
    if (show_words) {
        printf("%s%*llu", separator, width, counts->words);
        separator = " ";
    }
    if (show_bytes)
        printf("%s%*llu", separator, width, counts->bytes);
    if (name != NULL)
        printf(" %s", name);
    putchar('\n');
}

static int number_width(char **names, int count)
{
    if (count == 1 && show_lines + show_words + show_bytes == 1)
        return 1;
    unsigned long long regular_total = 0;
    int minimum = 1;
    for (int i = 0; i < count; i++) {
        struct stat status;
        int found = names[i] == NULL || strcmp(names[i], "-") == 0 ? fstat(STDIN_FILENO, &status)
                                                                   : stat(names[i], &status);
        if (found != 0)
            continue;
        if (S_ISREG(status.st_mode))
            regular_total += (unsigned long long)status.st_size;
        else
            minimum = 7;
    }
    int width = 1;
    for (; regular_total >= 10; regular_total /= 10)
        width++;
    return width > minimum ? width : minimum;
}

int main(int argc, char **argv)
{
    int option;
    while ((option = getopt(argc, argv, "clw")) != -1) {
        switch (option) {
        case 'c':
            show_bytes = 1;
            break;
        case 'l':
            show_lines = 1;
            break;
        case 'w':
            show_words = 1;
            break;
        default:
            fprintf(stderr, "usage: %s [-clw] [FILE...]\n", PROGRAM);
            return 2;
        }
    }
    if (!show_lines && !show_words && !show_bytes)
        show_lines = show_words = show_bytes = 1;
    char *standard_input[] = {NULL};
    char **names = optind < argc ? argv + optind : standard_input;
    int count = optind < argc ? argc - optind : 1;
    int width = number_width(names, count);
    struct counts total = {0, 0, 0};
    int status = 0;
    for (int i = 0; i < count; i++) {
        struct counts counts;
        int is_stdin = names[i] == NULL || strcmp(names[i], "-") == 0;
        int fd = is_stdin ? STDIN_FILENO : open(names[i], O_RDONLY);
        if (fd < 0) {
            fprintf(stderr, "%s: %s: %s\n", PROGRAM, names[i], strerror(errno));
            status = 1;
            continue;
        }
        status |= count_input(fd, names[i] ? names[i] : "standard input", &counts);
        if (!is_stdin)
            close(fd);
        print_counts(&counts, width, names[i]);
        total.lines += counts.lines;
        total.words += counts.words;
        total.bytes += counts.bytes;
    }
    if (count > 1)
        print_counts(&total, width, "total");
    return fflush(stdout) == 0 ? status : 1;
}
