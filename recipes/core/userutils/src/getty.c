/* getty TERMINAL: makes TERMINAL (e.g. debug:, the serial console) the standard input, output
 * and error, prints a banner and runs login on it; when the session ends, it starts the next
 * one. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define PROGRAM "getty"
#define LOGIN "/usr/bin/login"
/* A session shorter than this that failed (login missing or broken) is not restarted at once,
 * so that a broken login does not keep the console busy. */
#define QUICK_FAILURE_SECONDS 2
#define RETRY_PAUSE_SECONDS 5

static int attach(const char *terminal)
{
    int fd = open(terminal, O_RDWR);
    if (fd < 0) {
        fprintf(stderr, "%s: cannot open %s: %s\n", PROGRAM, terminal, strerror(errno));
        return -1;
    }
    for (int target = 0; target <= 2; target++) {
        if (fd != target && dup2(fd, target) < 0) {
            fprintf(stderr, "%s: cannot make %s descriptor %d: %s\n", PROGRAM, terminal, target,
                    strerror(errno));
            return -1;
        }
    }
    if (fd > 2)
        close(fd);
    return 0;
}

static void banner(const char *terminal)
{
    struct utsname names;
    if (uname(&names) == 0)
        printf("\n%s %s (%s) %s\n\n", names.sysname, names.release, names.nodename, terminal);
    else
        printf("\n%s\n\n", terminal);
    fflush(stdout);
}

static void run_login(void)
{
    /* Each login is a session whose leader (login, then the shell it execs) has the terminal
     * as its controlling terminal, with the leader's group in the foreground: ^C reaches the
     * shell and what it runs, not getty, background jobs reading the terminal are stopped, and
     * when the leader exits the terminal is free for the next session. */
    if (setsid() < 0 || ioctl(STDIN_FILENO, TIOCSCTTY, 0) != 0)
        fprintf(stderr, "%s: cannot make the terminal the session's controlling terminal: %s\n",
                PROGRAM, strerror(errno));
    signal(SIGINT, SIG_DFL);
    signal(SIGQUIT, SIG_DFL);
    signal(SIGTSTP, SIG_DFL);
    execl(LOGIN, "login", (char *)NULL);
    fprintf(stderr, "%s: cannot run %s: %s\n", PROGRAM, LOGIN, strerror(errno));
    _exit(127);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s TERMINAL\n", PROGRAM);
        return 2;
    }
    if (attach(argv[1]) != 0)
        return 1;
    signal(SIGINT, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
    signal(SIGTSTP, SIG_IGN);
    for (;;) {
        banner(argv[1]);
        time_t started = time(NULL);
        pid_t child = fork();
        if (child < 0) {
            fprintf(stderr, "%s: cannot start a session: %s\n", PROGRAM, strerror(errno));
            sleep(RETRY_PAUSE_SECONDS);
            continue;
        }
        if (child == 0)
            run_login();
        int status;
        while (waitpid(child, &status, 0) < 0 && errno == EINTR)
            continue;
        int failed = !WIFEXITED(status) || WEXITSTATUS(status) != 0;
        if (failed && time(NULL) - started < QUICK_FAILURE_SECONDS)
            sleep(RETRY_PAUSE_SECONDS);
    }
}
