/* date [-u] [-d @SECONDS] [+FORMAT]: the current time (or SECONDS since the epoch) in
 * FORMAT (strftime's conversions; default "%a %b %e %H:%M:%S %Z %Y"); -u in UTC. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PROGRAM "date"
#define DEFAULT_FORMAT "%a %b %e %H:%M:%S %Z %Y"

int main(int argc, char **argv)
{
    int option;
    time_t when = time(NULL);
    while ((option = getopt(argc, argv, "ud:")) != -1) {
        char *end;
        switch (option) {
        case 'u':
            setenv("TZ", "UTC0", 1);
            break;
        case 'd':
            errno = 0;
            when = (time_t)strtoll(optarg + 1, &end, 10);
            if (optarg[0] != '@' || optarg[1] == '\0' || *end != '\0' || errno != 0) {
                fprintf(stderr, "%s: invalid date '%s' (only @SECONDS is understood)\n", PROGRAM, optarg);
                return 1;
            }
            break;
        default:
            fprintf(stderr, "usage: %s [-u] [-d @SECONDS] [+FORMAT]\n", PROGRAM);
            return 1;
        }
    }
    const char *format = DEFAULT_FORMAT;
    if (optind < argc) {
        if (argv[optind][0] != '+' || optind + 1 < argc) {
            fprintf(stderr, "%s: invalid argument '%s' (expected +FORMAT; setting the time is not supported)\n",
                    PROGRAM, argv[optind]);
            return 1;
        }
        format = argv[optind] + 1;
    }
    tzset();
    struct tm *local = localtime(&when);
    if (local == NULL) {
        fprintf(stderr, "%s: time %lld is out of range\n", PROGRAM, (long long)when);
        return 1;
    }
    /* An empty result is legitimate (an empty format), so the buffer is large enough. */
    char text[4096];
    size_t length = strftime(text, sizeof text, format, local);
    if (length == 0 && format[0] != '\0') {
        fprintf(stderr, "%s: the format gives more than %zu bytes\n", PROGRAM, sizeof text);
        return 1;
    }
    printf("%s\n", text);
    return fflush(stdout) == 0 ? 0 : 1;
}
