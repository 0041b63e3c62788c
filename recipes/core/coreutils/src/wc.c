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

#include "read_blocks.h"

#define PROGRAM "wc"

struct counts {
    unsigned long long lines, words, bytes;
};

static int show_lines, show_words, show_bytes;

/* The counts of one input so far, and whether its last block ended inside a word. */
struct counting {
    struct counts *counts;
    int in_word;
};

static void count_block(const char *bytes, size_t length, void *context)
{
    struct counting *counting = context;
    struct counts *counts = counting->counts;
    counts->bytes += (unsigned long long)length;
    for (size_t i = 0; i < length; i++) {
        unsigned char c = (unsigned char)bytes[i];
        if (c == '\n')
            counts->lines++;
        if (isspace(c)) {
            counting->in_word = 0;
        } else if (!counting->in_word) {
            counting->in_word = 1;
            counts->words++;
        }
    }
}

static int count_input(int fd, const char *name, struct counts *counts)
{
    memset(counts, 0, sizeof *counts);
    struct counting counting = {.counts = counts, .in_word = 0};
    return read_blocks(PROGRAM, fd, name, count_block, &counting);
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
