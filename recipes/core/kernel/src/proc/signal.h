/* POSIX signals. A signal sent to a process becomes pending unless its action is to ignore it;
 * on the way back to user mode the lowest pending signal that is not blocked is acted on: the
 * default action (terminate, ignore, stop or continue), or a handler, which runs on the user
 * stack (or the alternate signal stack, for MH_SA_ONSTACK) with the interrupted state saved in
 * a struct mh_signal_frame below it until sigreturn. SIGKILL and SIGSTOP can be neither caught, blocked nor ignored. A system call
 * interrupted by a handled signal returns EINTR, or starts over when the handler has
 * MH_SA_RESTART (and the call is one that can: read, write, open, waitpid, futex wait). */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "syscall_abi.h"

struct process;
struct trap_frame;

/* Generates signal for target (safe with interrupts disabled and from interrupt handlers).
 * info may be NULL. */
void signal_send(struct process *target, int signal, const struct mh_siginfo *info);

/* A signal the kernel raises for the calling process (SIGPIPE). */
void signal_send_self(int signal);

/* The pending signals that would be acted on now. */
uint64_t signal_deliverable(const struct process *process);

/* On the way back to user mode: acts on pending signals. syscall_number is the call that is
 * returning (0 for interrupts and exceptions); interrupted says it failed with EINTR. */
void signal_deliver(struct trap_frame *frame, uint64_t syscall_number, bool interrupted);

/* A CPU exception in user mode: runs the handler for signal if there is one and the signal is
 * not blocked, otherwise reports the fault and ends the process. */
void signal_fault(struct trap_frame *frame, int signal, uint64_t address);

int64_t signal_action(int signal, uint64_t action_address, uint64_t old_action_address, uint64_t restorer);
int64_t signal_procmask(uint64_t how, uint64_t set_address, uint64_t old_set_address);

/* sigsuspend: waits with the mask at mask_address until a signal is acted on; returns -MH_EINTR
 * (the handler's frame saves the mask from before the call, which sigreturn restores). */
int64_t signal_suspend(uint64_t mask_address);

/* sigaltstack: reports the alternate signal stack at old_address and sets the one at
 * stack_address (either may be 0). -MH_EPERM while running on it, -MH_EINVAL for flags other
 * than MH_SS_DISABLE, -MH_ENOMEM below MH_MINSIGSTKSZ, -MH_EFAULT. */
int64_t signal_alt_stack(const struct trap_frame *frame, uint64_t stack_address, uint64_t old_address);

/* Restores the state saved when the current handler started; returns the restored RAX. */
int64_t signal_return(struct trap_frame *frame);

/* exec: handled signals go back to their default action; the alternate stack is gone. */
void signal_reset_for_exec(struct process *process);

/* With interrupts disabled, from a stopped process's perspective: sleeps until continued or
 * killed. */
void signal_stop_self(int signal);

#endif
