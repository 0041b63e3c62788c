/* Signals: handlers with sigreturn restoring every register, masks, SIGCHLD, interrupted and
 * restarted calls, delivery to a running process, default actions, stop and continue, a fault
 * handler, and process groups. */
#include "checks.h"

int register_probe(int64_t pid, int signal);
void clobber_handler(void);
volatile int clobber_handler_calls;

static volatile int handled;
static struct mh_siginfo last_info;

static void count_signal(int signal, struct mh_siginfo *info, struct mh_signal_frame *frame)
{
    (void)signal;
    (void)frame;
    handled++;
    last_info = *info;
}

static int64_t set_handler(int signal, void (*handler)(int, struct mh_siginfo *, struct mh_signal_frame *),
                           uint64_t flags)
{
    struct mh_sigaction action = {.handler = (uint64_t)handler, .flags = flags};
    return sys_sigaction(signal, &action, NULL, signal_restorer);
}

static void set_default(int signal)
{
    struct mh_sigaction action = {.handler = MH_SIG_DFL};
    sys_sigaction(signal, &action, NULL, NULL);
}

static void check_handlers_and_masks(void)
{
    int64_t self = sys_getpid();
    handled = 0;
    check(set_handler(MH_SIGUSR1, count_signal, 0) == 0, "sigaction() installs a handler");
    check(sys_kill(self, MH_SIGUSR1) == 0 && handled == 1, "a signal sent to oneself runs the handler at once");
    check(last_info.signal == MH_SIGUSR1 && last_info.code == MH_SI_USER && last_info.pid == self,
          "the handler learns the signal and its sender");
    uint64_t set = MH_SIGNAL_BIT(MH_SIGUSR1), old = 0;
    sys_sigprocmask(MH_SIG_BLOCK, &set, &old);
    sys_kill(self, MH_SIGUSR1);
    check(handled == 1, "a blocked signal waits");
    sys_sigprocmask(MH_SIG_UNBLOCK, &set, NULL);
    check(handled == 2, "unblocking delivers it");
    uint64_t mask = 1;
    sys_sigprocmask(MH_SIG_SETMASK, NULL, &mask);
    check(mask == 0 && old == 0, "sigprocmask() reports the mask");
    struct mh_sigaction current = {0};
    check(sys_sigaction(MH_SIGUSR1, NULL, &current, NULL) == 0 && current.handler == (uint64_t)count_signal,
          "sigaction() reports the installed handler");
    struct mh_sigaction catch_kill = {.handler = (uint64_t)count_signal};
    check(sys_sigaction(MH_SIGKILL, &catch_kill, NULL, signal_restorer) == -MH_EINVAL &&
              sys_sigaction(MH_SIGUSR1, &catch_kill, NULL, NULL) == -MH_EINVAL && sys_sigaction(64, NULL, NULL, NULL) == -MH_EINVAL,
          "SIGKILL cannot be caught, handlers need a restorer, signals stop at 63");
    struct mh_sigaction clobber = {.handler = (uint64_t)clobber_handler};
    sys_sigaction(MH_SIGUSR2, &clobber, NULL, signal_restorer);
    clobber_handler_calls = 0;
    int probe = register_probe(self, MH_SIGUSR2);
    check(probe == 0 && clobber_handler_calls == 1, "sigreturn restores every register the handler changed");
    if (probe != 0) {
        print("user: register probe failed at ");
        print_number(probe);
        print("\n");
    }
    set_default(MH_SIGUSR2);
}

static void check_interruptions(void)
{
    int64_t self = sys_getpid();
    handled = 0;
    set_handler(MH_SIGCHLD, count_signal, 0);
    int64_t pid = sys_clone(0);
    if (pid == 0)
        sys_exit(3);
    check(wait_for(pid) == MH_WAIT_EXITED(3) && handled == 1 && last_info.signal == MH_SIGCHLD &&
              last_info.pid == pid && last_info.status == MH_WAIT_EXITED(3),
          "a child's exit raises SIGCHLD with its status");
    set_default(MH_SIGCHLD);

    handled = 0;
    pid = sys_clone(0);
    if (pid == 0) {
        sleep_ms(20);
        sys_kill(self, MH_SIGUSR1);
        sys_exit(0);
    }
    struct mh_timespec long_sleep = {.seconds = 5}, remaining = {0};
    check(sys_nanosleep(&long_sleep, &remaining) == -MH_EINTR && handled == 1 && remaining.seconds >= 3,
          "a handled signal interrupts nanosleep with EINTR");
    wait_for(pid);

    int32_t fds[2];
    sys_pipe2(fds, 0);
    char byte = 0;
    for (int restart = 0; restart < 2; restart++) {
        handled = 0;
        set_handler(MH_SIGUSR1, count_signal, restart ? MH_SA_RESTART : 0);
        pid = sys_clone(0);
        if (pid == 0) {
            sleep_ms(20);
            sys_kill(self, MH_SIGUSR1);
            sleep_ms(20);
            sys_write(fds[1], "r", 1);
            sys_exit(0);
        }
        int64_t result = sys_read(fds[0], &byte, 1);
        if (restart)
            check(result == 1 && byte == 'r' && handled == 1, "SA_RESTART restarts an interrupted read");
        else
            check(result == -MH_EINTR && handled == 1, "without SA_RESTART the read fails with EINTR");
        wait_for(pid);
        if (!restart)
            sys_read(fds[0], &byte, 1);
    }
    sys_close(fds[0]);
    sys_close(fds[1]);
}

static volatile int stop_spinning;

static void stop_spin(int signal, struct mh_siginfo *info, struct mh_signal_frame *frame)
{
    (void)signal;
    (void)info;
    (void)frame;
    stop_spinning = 1;
}

static void exit_on_fault(int signal, struct mh_siginfo *info, struct mh_signal_frame *frame)
{
    (void)frame;
    sys_exit(signal == MH_SIGSEGV && info->code == MH_SI_FAULT && info->address == 8 ? 61 : 62);
}

static void check_delivery_and_defaults(void)
{
    /* A busy process (no system calls) gets the signal on its way back from an interrupt. */
    int64_t pid = sys_clone(0);
    if (pid == 0) {
        set_handler(MH_SIGUSR1, stop_spin, 0);
        volatile uint64_t spins = 0;
        while (!stop_spinning)
            spins++;
        sys_exit(spins > 0 ? 50 : 51);
    }
    sleep_ms(20);
    sys_kill(pid, MH_SIGUSR1);
    check(wait_for(pid) == MH_WAIT_EXITED(50), "a running process is interrupted by its handler");

    pid = sys_clone(0);
    if (pid == 0) {
        set_default(MH_SIGUSR1);
        sys_kill(sys_getpid(), MH_SIGCHLD);
        struct mh_sigaction ignore = {.handler = MH_SIG_IGN};
        sys_sigaction(MH_SIGTERM, &ignore, NULL, NULL);
        sys_kill(sys_getpid(), MH_SIGTERM);
        sys_kill(sys_getpid(), MH_SIGUSR1);
        sys_exit(0);
    }
    check(wait_for(pid) == MH_WAIT_SIGNALED(MH_SIGUSR1),
          "SIGCHLD is ignored by default, SIG_IGN ignores, SIGUSR1 terminates by default");

    pid = sys_clone(0);
    if (pid == 0) {
        for (;;)
            sleep_ms(5);
    }
    int32_t status = 0;
    sys_kill(pid, MH_SIGSTOP);
    check(sys_waitpid(pid, &status, MH_WUNTRACED) == pid && MH_WIFSTOPPED(status) &&
              MH_WSTOPSIG(status) == MH_SIGSTOP,
          "SIGSTOP stops a process and waitpid(WUNTRACED) reports it");
    check(sys_waitpid(pid, &status, MH_WNOHANG | MH_WUNTRACED) == 0, "a stop is reported once");
    sys_kill(pid, MH_SIGCONT);
    check(sys_waitpid(pid, &status, MH_WCONTINUED) == pid && MH_WIFCONTINUED(status),
          "SIGCONT continues it and waitpid(WCONTINUED) reports it");
    sys_kill(pid, MH_SIGKILL);
    status = wait_for(pid);
    check(MH_WIFSIGNALED(status) && MH_WTERMSIG(status) == MH_SIGKILL && !MH_WIFEXITED(status),
          "SIGKILL ends it; the status macros decode the status");

    pid = sys_clone(0);
    if (pid == 0) {
        set_handler(MH_SIGSEGV, exit_on_fault, 0);
        volatile uintptr_t unmapped = 8;
        *(volatile int *)unmapped = 1;
        sys_exit(63);
    }
    check(wait_for(pid) == MH_WAIT_EXITED(61), "a SIGSEGV handler runs for a page fault and sees the address");
}

/* sigsuspend: waits with a temporary mask, and the handler's return restores the old one. */
static void check_sigsuspend(void)
{
    int64_t self = sys_getpid();
    handled = 0;
    set_handler(MH_SIGUSR1, count_signal, 0);
    uint64_t blocked = MH_SIGNAL_BIT(MH_SIGUSR1), none = 0, after = 0;
    sys_sigprocmask(MH_SIG_SETMASK, &blocked, NULL);
    int64_t pid = sys_clone(0);
    if (pid == 0) {
        sleep_ms(20);
        sys_kill(self, MH_SIGUSR1);
        sys_exit(0);
    }
    int64_t result = sys_sigsuspend(&none);
    sys_sigprocmask(MH_SIG_SETMASK, NULL, &after);
    check(result == -MH_EINTR && handled == 1, "sigsuspend() waits for a signal its mask lets through");
    check(after == blocked, "sigsuspend() leaves the mask as it was");
    wait_for(pid);
    sys_sigprocmask(MH_SIG_SETMASK, &none, NULL);
}

static void check_process_groups(void)
{
    int32_t fds[2];
    sys_pipe2(fds, 0);
    int64_t pid = sys_clone(0);
    if (pid == 0) {
        int64_t result = sys_setpgid(0, 0);
        sys_write(fds[1], "g", 1);
        for (;;)
            sleep_ms(5);
        sys_exit((int)result);
    }
    char byte;
    sys_read(fds[0], &byte, 1);
    check(sys_getpgid(pid) == pid && sys_getpgid(0) != pid, "setpgid(0, 0) makes a new process group");
    check(sys_kill(-pid, MH_SIGTERM) == 0, "kill(-pgid) reaches the group");
    int32_t status = 0;
    check(sys_waitpid(-pid, &status, 0) == pid && status == MH_WAIT_SIGNALED(MH_SIGTERM),
          "waitpid(-pgid) reaps a member of the group");
    check(sys_kill(-pid, 0) == -MH_ESRCH, "an empty group has no members to signal");
    check(sys_setpgid(0, 999999) == -MH_EPERM, "joining a group that does not exist is refused");
    sys_close(fds[0]);
    sys_close(fds[1]);
}

void check_signals(void)
{
    check_handlers_and_masks();
    check_interruptions();
    check_delivery_and_defaults();
    check_sigsuspend();
    check_process_groups();
    set_default(MH_SIGUSR1);
}
