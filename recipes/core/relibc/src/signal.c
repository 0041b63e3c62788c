/* Signals on the kernel's delivery: sigaction registers the library's dispatcher with the
 * kernel (with a restorer that calls sigreturn), and the dispatcher calls the program's
 * handler, converting the kernel's siginfo for SA_SIGINFO handlers. The mask lives in the
 * kernel; sigsuspend and pause wait in it. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

/* The restorer the kernel returns to when a handler returns: RSP is at the signal frame. */
void __mh_signal_restorer(void);
__asm__(".text\n"
        ".globl __mh_signal_restorer\n"
        ".type __mh_signal_restorer, @function\n"
        "__mh_signal_restorer:\n"
        "    movl $119, %eax\n" /* MH_SYS_SIGRETURN */
        "    syscall\n"
        "    ud2\n"
        ".size __mh_signal_restorer, . - __mh_signal_restorer\n");

/* The program's handlers; the kernel knows only dispatch_signal. fork copies this table with
 * the kernel's actions, and exec resets both. */
static struct sigaction handlers[NSIG];

static sigset_t bit(int signal_number)
{
    return (sigset_t)1 << (signal_number - 1);
}

static int valid(int signal_number)
{
    return signal_number > 0 && signal_number < NSIG;
}

static void dispatch_signal(int signal_number, struct mh_siginfo *kernel_info, void *frame)
{
    struct sigaction action = handlers[signal_number];
    if (!(action.sa_flags & SA_SIGINFO)) {
        action.sa_handler(signal_number);
        return;
    }
    siginfo_t info;
    memset(&info, 0, sizeof info);
    info.si_signo = signal_number;
    info.si_code = kernel_info->code == MH_SI_USER ? SI_USER : kernel_info->code;
    info.si_pid = kernel_info->pid;
    info.si_status = kernel_info->status;
    info.si_addr = (void *)(uintptr_t)kernel_info->address;
    action.sa_sigaction(signal_number, &info, frame);
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

/* Flags the kernel knows (SA_ONSTACK: it puts the handler's frame on the alternate stack). */
#define KERNEL_FLAGS (SA_NOCLDSTOP | SA_SIGINFO | SA_RESTART | SA_NODEFER | SA_RESETHAND | SA_ONSTACK)

int sigaction(int signal_number, const struct sigaction *restrict action,
              struct sigaction *restrict previous)
{
    if (!valid(signal_number)) {
        errno = EINVAL;
        return -1;
    }
    struct mh_sigaction new_kernel, old_kernel;
    struct sigaction old_handler = handlers[signal_number];
    if (action != NULL) {
        new_kernel.mask = action->sa_mask;
        new_kernel.flags = action->sa_flags & KERNEL_FLAGS;
        if (action->sa_handler == SIG_DFL)
            new_kernel.handler = MH_SIG_DFL;
        else if (action->sa_handler == SIG_IGN)
            new_kernel.handler = MH_SIG_IGN;
        else
            new_kernel.handler = (uint64_t)(uintptr_t)dispatch_signal;
        /* Stored first: the signal may arrive as soon as the kernel has the action. */
        handlers[signal_number] = *action;
    }
    long result = mh_syscall4(MH_SYS_SIGACTION, signal_number, action != NULL ? &new_kernel : NULL,
                              &old_kernel, __mh_signal_restorer);
    if (result < 0) {
        handlers[signal_number] = old_handler;
        return (int)__mh_result(result);
    }
    if (previous != NULL) {
        memset(previous, 0, sizeof *previous);
        if (old_kernel.handler == (uint64_t)(uintptr_t)dispatch_signal)
            *previous = old_handler;
        else
            previous->sa_handler = old_kernel.handler == MH_SIG_IGN ? SIG_IGN : SIG_DFL;
        previous->sa_mask = old_kernel.mask;
        previous->sa_flags = (unsigned long)old_kernel.flags;
    }
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

int kill(pid_t pid, int signal_number)
{
    return (int)__mh_result(mh_syscall2(MH_SYS_KILL, (int64_t)pid, signal_number));
}

int killpg(pid_t group, int signal_number)
{
    if (group < 0) {
        errno = EINVAL;
        return -1;
    }
    return kill(-group, signal_number);
}

int sigprocmask(int how, const sigset_t *restrict set, sigset_t *restrict previous)
{
    uint64_t new_mask = set != NULL ? *set : 0, old_mask = 0;
    long result = mh_syscall3(MH_SYS_SIGPROCMASK, how, set != NULL ? &new_mask : NULL, &old_mask);
    if (result < 0)
        return (int)__mh_result(result);
    if (previous != NULL)
        *previous = old_mask;
    return 0;
}

int pthread_sigmask(int how, const sigset_t *set, sigset_t *previous)
{
    return sigprocmask(how, set, previous) == 0 ? 0 : errno;
}

int sigsuspend(const sigset_t *mask)
{
    uint64_t kernel_mask = *mask;
    return (int)__mh_result(mh_syscall1(MH_SYS_SIGSUSPEND, &kernel_mask));
}

int pause(void)
{
    sigset_t current = 0;
    if (sigprocmask(SIG_BLOCK, NULL, &current) != 0)
        return -1;
    return sigsuspend(&current);
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

/* The kernel keeps the alternate stack and checks the request (EPERM while on it, ENOMEM below
 * MINSIGSTKSZ, EINVAL for other flags); stack_t has its layout. */
int sigaltstack(const stack_t *restrict stack, stack_t *restrict previous)
{
    struct mh_stack wanted, old;
    if (stack != NULL)
        wanted = (struct mh_stack){.sp = (uint64_t)(uintptr_t)stack->ss_sp, .flags = stack->ss_flags,
                                   .size = stack->ss_size};
    long result = mh_syscall2(MH_SYS_SIGALTSTACK, stack != NULL ? &wanted : NULL, previous != NULL ? &old : NULL);
    if (result < 0)
        return (int)__mh_result(result);
    if (previous != NULL) {
        previous->ss_sp = (void *)(uintptr_t)old.sp;
        previous->ss_flags = old.flags;
        previous->ss_size = old.size;
    }
    return 0;
}

/* Not there yet (listed in README.md): the kernel has no call that reports pending signals
 * and no timer that signals. */
int sigpending(sigset_t *set)
{
    (void)set;
    return __mh_unsupported();
}

int sigwait(const sigset_t *restrict set, int *restrict signal_number)
{
    (void)set, (void)signal_number;
    return ENOSYS;
}

unsigned alarm(unsigned seconds)
{
    (void)seconds;
    __mh_unsupported();
    return 0;
}
