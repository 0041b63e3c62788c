/* Processes: fork, exec of this program in a helper mode, exit statuses through waitpid,
 * and signals sent with kill (default actions, a handler, stop and continue). */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "checks.h"

static void check_exit_statuses(void)
{
    pid_t pid = fork();
    if (pid == 0)
        _exit(7);
    int status = wait_status(pid);
    check(pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 7,
          "fork: waitpid reports the child's exit status 7");

    pid_t first = fork();
    if (first == 0)
        _exit(1);
    pid_t second = fork();
    if (second == 0)
        _exit(2);
    int status_second = wait_status(second), status_first = wait_status(first);
    check(WIFEXITED(status_first) && WEXITSTATUS(status_first) == 1 && WIFEXITED(status_second) &&
              WEXITSTATUS(status_second) == 2,
          "two children are waited for out of order, each with its own status");
    check(waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD, "with no children left waitpid fails with ECHILD");
}

static void check_exec(const char *self)
{
    pid_t pid = fork();
    if (pid == 0) {
        execl(self, self, "exit-with", "42", (char *)NULL);
        _exit(99);
    }
    int status = wait_status(pid);
    check(WIFEXITED(status) && WEXITSTATUS(status) == 42,
          "exec: the child runs this program again with arguments and exits 42");

    int channel[2];
    pipe(channel);
    pid = fork();
    if (pid == 0) {
        dup2(channel[1], 1);
        close(channel[0]);
        close(channel[1]);
        execl(self, self, "print-args", "one", "two words", (char *)NULL);
        _exit(99);
    }
    close(channel[1]);
    char got[64] = {0};
    size_t length = 0;
    ssize_t n;
    while (length < sizeof got - 1 && (n = read(channel[0], got + length, sizeof got - 1 - length)) > 0)
        length += (size_t)n;
    close(channel[0]);
    status = wait_status(pid);
    check(WIFEXITED(status) && WEXITSTATUS(status) == 0 && strcmp(got, "one|two words|\n") == 0,
          "exec passes the arguments and keeps the descriptors (the output comes through a pipe)");

    pid = fork();
    if (pid == 0) {
        execl("/usr/bin/no-such-program", "no-such-program", (char *)NULL);
        _exit(errno == ENOENT ? 3 : 4);
    }
    status = wait_status(pid);
    check(WIFEXITED(status) && WEXITSTATUS(status) == 3, "exec of a missing program fails with ENOENT");
}

static volatile sig_atomic_t usr1_seen;

static void on_usr1(int signal)
{
    usr1_seen = signal;
}

/* A child that says it is ready on a pipe and then waits for signals. */
static pid_t start_waiting_child(bool with_handler)
{
    int ready[2];
    pipe(ready);
    pid_t pid = fork();
    if (pid == 0) {
        close(ready[0]);
        if (with_handler) {
            struct sigaction action = {.sa_handler = on_usr1};
            sigemptyset(&action.sa_mask);
            sigaction(SIGUSR1, &action, NULL);
        }
        write(ready[1], "r", 1);
        while (!usr1_seen)
            pause();
        _exit(usr1_seen == SIGUSR1 ? 21 : 22);
    }
    close(ready[1]);
    char byte;
    read(ready[0], &byte, 1);
    close(ready[0]);
    return pid;
}

static void check_signals(void)
{
    pid_t pid = start_waiting_child(false);
    check(kill(pid, SIGTERM) == 0, "kill sends SIGTERM to a child");
    int status = wait_status(pid);
    check(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM, "the child ended by SIGTERM's default action");

    pid = start_waiting_child(true);
    kill(pid, SIGUSR1);
    status = wait_status(pid);
    check(WIFEXITED(status) && WEXITSTATUS(status) == 21, "a SIGUSR1 handler runs in the child, which then exits 21");

    pid = start_waiting_child(false);
    kill(pid, SIGSTOP);
    int stopped;
    pid_t got = waitpid(pid, &stopped, WUNTRACED);
    check(got == pid && WIFSTOPPED(stopped) && WSTOPSIG(stopped) == SIGSTOP,
          "SIGSTOP stops the child (waitpid WUNTRACED)");
    kill(pid, SIGCONT);
    kill(pid, SIGKILL);
    status = wait_status(pid);
    check(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "after SIGCONT, SIGKILL ends it");

    check(kill(pid, 0) < 0 && errno == ESRCH, "a reaped process is gone (kill fails with ESRCH)");
}

void check_processes(const char *self)
{
    check_exit_statuses();
    check_exec(self);
    check_signals();
}
