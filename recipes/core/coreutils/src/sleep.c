/* sleep DURATION...: waits for the sum of the durations, each a decimal number of seconds
 * (fractions allowed) with an optional unit: s, m, h or d. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define PROGRAM "sleep"

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "%s: missing operand\nusage: %s DURATION[s|m|h|d]...\n", PROGRAM, PROGRAM);
        return 1;
    }
    double total = 0;
    for (int i = 1; i < argc; i++) {
        char *end;
        errno = 0;
        double seconds = strtod(argv[i], &end);
        double unit = 1;
        if (*end == 's' || *end == 'm' || *end == 'h' || *end == 'd') {
            unit = *end == 'm' ? 60 : *end == 'h' ? 3600 : *end == 'd' ? 86400 : 1;
            end++;
        }
        if (end == argv[i] || *end != '\0' || errno != 0 || !(seconds >= 0) || seconds > 1e12) {
            fprintf(stderr, "%s: invalid time interval '%s'\n", PROGRAM, argv[i]);
            return 1;
        }
        total += seconds * unit;
    }
    struct timespec wait = {.tv_sec = (time_t)total,
                            .tv_nsec = (long)((total - (double)(time_t)total) * 1e9)};
    while (nanosleep(&wait, &wait) != 0) {
        if (errno != EINTR) {
            perror(PROGRAM);
            return 1;
        }
    }
    return 0;
}
