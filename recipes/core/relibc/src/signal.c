/* Signals. The kernel delivers only the default action of a signal sent by kill() so far
 * (no handlers, no masks), so dispositions and the mask are kept here: raise() runs an
 * installed handler directly, honours SIG_IGN and the mask (a blocked signal stays pending
 * until sigprocmask unblocks it), and otherwise asks the kernel. Signals from other processes
 * always get the default action until the kernel has sigaction. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

static struct sigaction actions[NSIG];
static sigset_t blocked, pending;

static sigset_t bit(int signal_number)
{
    return (sigset_t)1 << (signal_number - 1);
}

static int valid(int signal_number)
{
    return signal_number > 0 && signal_number < NSIG;
}

int sigemptyset(sigset_t *set)
{
    *set = 0;
    return 0;
}

int sigfillset(sigset_t *set)
{
    *set = ((sigset_t)1 << (NSIG - 1)) - 1;
    return 0;
}

int sigaddset(sigset_t *set, int signal_number)
{
    if (!valid(signal_number)) {
        errno = EINVAL;
        return -1;
    }
    *set |= bit(signal_number);
    return 0;
}

int sigdelset(sigset_t *set, int signal_number)
{
    if (!valid(signal_number)) {
        errno = EINVAL;
        return -1;
    }
    *set &= ~bit(signal_number);
    return 0;
}

int sigismember(const sigset_t *set, int signal_number)
{
    if (!valid(signal_number)) {
        errno = EINVAL;
        return -1;
    }
    return (*set & bit(signal_number)) != 0;
}

int sigaction(int signal_number, const struct sigaction *restrict action,
              struct sigaction *restrict previous)
{
    if (!valid(signal_number) ||
        (action != NULL && (signal_number == SIGKILL || signal_number == SIGSTOP) &&
         action->sa_handler != SIG_DFL)) {
        errno = EINVAL;
        return -1;
    }
    if (previous != NULL)
        *previous = actions[signal_number];
    if (action != NULL)
        actions[signal_number] = *action;
    return 0;
}

_sig_func_ptr signal(int signal_number, _sig_func_ptr handler)
{
    struct sigaction action, previous;
    memset(&action, 0, sizeof action);
    action.sa_handler = handler;
    action.sa_flags = SA_RESTART;
    if (sigaction(signal_number, &action, &previous) != 0)
        return SIG_ERR;
    return previous.sa_handler;
}

static void run_handler(int signal_number)
{
    struct sigaction action = actions[signal_number];
    if (action.sa_flags & SA_RESETHAND)
        actions[signal_number].sa_handler = SIG_DFL;
    sigset_t saved = blocked;
    blocked |= action.sa_mask;
    if (!(action.sa_flags & SA_NODEFER))
        blocked |= bit(signal_number);
    if (action.sa_flags & SA_SIGINFO) {
        siginfo_t info;
        memset(&info, 0, sizeof info);
        info.si_signo = signal_number;
        info.si_code = SI_USER;
        info.si_pid = getpid();
        action.sa_sigaction(signal_number, &info, NULL);
    } else {
        action.sa_handler(signal_number);
    }
    blocked = saved;
}

/* Delivers one signal to this process as the current dispositions say. */
static int deliver(int signal_number)
{
    _sig_func_ptr handler = actions[signal_number].sa_handler;
    if (handler == SIG_IGN)
        return 0;
    if (handler == SIG_DFL) {
        /* The default of these is to do nothing; the kernel would terminate the process. */
        if (signal_number == SIGCHLD || signal_number == SIGURG || signal_number == SIGWINCH ||
            signal_number == SIGCONT)
            return 0;
        return (int)__mh_result(mh_syscall2(MH_SYS_KILL, getpid(), signal_number));
    }
    run_handler(signal_number);
    return 0;
}

static void deliver_unblocked_pending(void)
{
    for (int signal_number = 1; signal_number < NSIG; signal_number++) {
        if ((pending & bit(signal_number)) && !(blocked & bit(signal_number))) {
            pending &= ~bit(signal_number);
            deliver(signal_number);
        }
    }
}

/* newlib's raise() reaches here through kill(getpid(), signal). */
static int raise_here(int signal_number)
{
    if (!valid(signal_number)) {
        errno = EINVAL;
        return -1;
    }
    if ((blocked & bit(signal_number)) && signal_number != SIGKILL && signal_number != SIGSTOP) {
        pending |= bit(signal_number);
        return 0;
    }
    return deliver(signal_number);
}

int kill(pid_t pid, int signal_number)
{
    if (pid == getpid() && valid(signal_number))
        return raise_here(signal_number);
    return (int)__mh_result(mh_syscall2(MH_SYS_KILL, (int64_t)pid, signal_number));
}

int killpg(pid_t group, int signal_number)
{
    (void)group, (void)signal_number;
    return __mh_unsupported();
}

int sigprocmask(int how, const sigset_t *restrict set, sigset_t *restrict previous)
{
    if (previous != NULL)
        *previous = blocked;
    if (set == NULL)
        return 0;
    sigset_t unblockable = bit(SIGKILL) | bit(SIGSTOP);
    switch (how) {
    case SIG_BLOCK:
        blocked |= *set & ~unblockable;
        break;
    case SIG_UNBLOCK:
        blocked &= ~*set;
        break;
    case SIG_SETMASK:
        blocked = *set & ~unblockable;
        break;
    default:
        errno = EINVAL;
        return -1;
    }
    deliver_unblocked_pending();
    return 0;
}

int pthread_sigmask(int how, const sigset_t *set, sigset_t *previous)
{
    return sigprocmask(how, set, previous) == 0 ? 0 : errno;
}

int sigpending(sigset_t *set)
{
    *set = pending;
    return 0;
}

int sigsuspend(const sigset_t *mask)
{
    (void)mask;
    return __mh_unsupported(); /* needs kernel signal delivery */
}

int sigwait(const sigset_t *restrict set, int *restrict signal_number)
{
    (void)set, (void)signal_number;
    return ENOSYS;
}

int sigaltstack(const stack_t *restrict stack, stack_t *restrict previous)
{
    (void)stack, (void)previous;
    return __mh_unsupported();
}

int siginterrupt(int signal_number, int interrupt)
{
    struct sigaction action;
    if (sigaction(signal_number, NULL, &action) != 0)
        return -1;
    if (interrupt)
        action.sa_flags &= ~(unsigned long)SA_RESTART;
    else
        action.sa_flags |= SA_RESTART;
    return sigaction(signal_number, &action, NULL);
}

unsigned alarm(unsigned seconds)
{
    (void)seconds;
    __mh_unsupported(); /* needs a timer that signals */
    return 0;
}

int pause(void)
{
    return __mh_unsupported();
}
