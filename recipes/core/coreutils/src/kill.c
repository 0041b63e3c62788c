/* kill [-s SIGNAL | -SIGNAL] PID..., kill -l [NUMBER]: sends a signal (TERM unless named; by
 * name with or without "SIG", or by number) to processes; a negative PID names a process
 * group. -l lists the signal names, or names the signal of an exit status. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PROGRAM "kill"

static const struct {
    const char *name;
    int number;
} signals[] = {
    {"HUP", SIGHUP}, {"INT", SIGINT}, {"QUIT", SIGQUIT}, {"ILL", SIGILL}, {"TRAP", SIGTRAP},
    {"ABRT", SIGABRT}, {"BUS", SIGBUS}, {"FPE", SIGFPE}, {"KILL", SIGKILL}, {"USR1", SIGUSR1},
    {"SEGV", SIGSEGV}, {"USR2", SIGUSR2}, {"PIPE", SIGPIPE}, {"ALRM", SIGALRM}, {"TERM", SIGTERM},
    {"CHLD", SIGCHLD}, {"CONT", SIGCONT}, {"STOP", SIGSTOP}, {"TSTP", SIGTSTP}, {"TTIN", SIGTTIN},
    {"TTOU", SIGTTOU}, {"URG", SIGURG}, {"XCPU", SIGXCPU}, {"XFSZ", SIGXFSZ}, {"VTALRM", SIGVTALRM},
    {"PROF", SIGPROF}, {"WINCH", SIGWINCH}, {"SYS", SIGSYS},
};
#define SIGNAL_COUNT (sizeof signals / sizeof signals[0])

/* The signal named by text (name, SIGname or number), or -1. */
static int parse_signal(const char *text)
{
    char *end;
    long number = strtol(text, &end, 10);
    if (*text >= '0' && *text <= '9')
        return *end == '\0' && number >= 0 && number < 65 ? (int)number : -1;
    if (strncasecmp(text, "SIG", 3) == 0)
        text += 3;
    for (size_t i = 0; i < SIGNAL_COUNT; i++)
        if (strcasecmp(text, signals[i].name) == 0)
            return signals[i].number;
    return -1;
}

static int list(const char *status)
{
    if (status == NULL) {
        for (size_t i = 0; i < SIGNAL_COUNT; i++)
            printf("%s%s", signals[i].name, i + 1 < SIGNAL_COUNT ? " " : "\n");
        return 0;
    }
    int number = atoi(status);
    if (number > 128)
        number -= 128; /* an exit status of a process the signal ended */
    for (size_t i = 0; i < SIGNAL_COUNT; i++) {
        if (signals[i].number == number) {
            printf("%s\n", signals[i].name);
            return 0;
        }
    }
    fprintf(stderr, "%s: unknown signal '%s'\n", PROGRAM, status);
    return 1;
}

int main(int argc, char **argv)
{
    int signal_number = SIGTERM, first = 1;
    if (argc > 1 && strcmp(argv[1], "-l") == 0)
        return list(argc > 2 ? argv[2] : NULL);
    if (argc > 2 && strcmp(argv[1], "-s") == 0) {
        signal_number = parse_signal(argv[2]);
        first = 3;
    } else if (argc > 1 && argv[1][0] == '-' && argv[1][1] != '\0' && strcmp(argv[1], "--") != 0 &&
               !(argv[1][1] >= '0' && argv[1][1] <= '9' && argc == 2)) {
        signal_number = parse_signal(argv[1] + 1);
        first = 2;
    }
    if (first < argc && strcmp(argv[first], "--") == 0)
        first++;
    if (signal_number < 0) {
        fprintf(stderr, "%s: unknown signal '%s'\n", PROGRAM, argv[first - 1]);
        return 2;
    }
    if (first >= argc) {
        fprintf(stderr, "usage: %s [-s SIGNAL | -SIGNAL] PID... | %s -l [STATUS]\n", PROGRAM, PROGRAM);
        return 2;
    }
    int status = 0;
    for (int i = first; i < argc; i++) {
        char *end;
        long pid = strtol(argv[i], &end, 10);
        if (argv[i][0] == '\0' || *end != '\0') {
            fprintf(stderr, "%s: '%s' is not a process id\n", PROGRAM, argv[i]);
            status = 1;
            continue;
        }
        if (kill((pid_t)pid, signal_number) != 0) {
            fprintf(stderr, "%s: (%ld): %s\n", PROGRAM, pid, strerror(errno));
            status = 1;
        }
    }
    return status;
}
