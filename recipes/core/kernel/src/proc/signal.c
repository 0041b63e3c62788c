#include "signal.h"

#include <stddef.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/trap.h"
#include "console.h"
#include "lib/kstring.h"
#include "mm/layout.h"
#include "proc/process.h"
#include "proc/usercopy.h"
#include "sched/scheduler.h"

#define UNBLOCKABLE (MH_SIGNAL_BIT(MH_SIGKILL) | MH_SIGNAL_BIT(MH_SIGSTOP))
#define STOP_SIGNALS (MH_SIGNAL_BIT(MH_SIGSTOP) | MH_SIGNAL_BIT(MH_SIGTSTP) | \
                      MH_SIGNAL_BIT(MH_SIGTTIN) | MH_SIGNAL_BIT(MH_SIGTTOU))
#define DEFAULT_IGNORED (MH_SIGNAL_BIT(MH_SIGCHLD) | MH_SIGNAL_BIT(MH_SIGURG) | \
                         MH_SIGNAL_BIT(MH_SIGWINCH) | MH_SIGNAL_BIT(MH_SIGCONT))
#define RED_ZONE 128
#define SYSCALL_INSTRUCTION_LENGTH 2
/* Flags a signal frame may set: CF PF AF ZF SF TF DF OF AC ID (not IF or IOPL). */
#define USER_CHANGEABLE_FLAGS 0x244dd5ull
#define MXCSR_OFFSET 24
#define MXCSR_MASK_OFFSET 28
#define MXCSR_DEFAULT_MASK 0xffbf

static bool valid(int signal)
{
    return signal >= 1 && signal < MH_NSIG;
}

/* Whether a signal with this action would be thrown away rather than kept pending. */
static bool ignored(const struct process *process, int signal)
{
    const struct signal_action *action = &process->signal_actions[signal - 1];
    if (signal == MH_SIGKILL || signal == MH_SIGSTOP)
        return false;
    if (action->handler == MH_SIG_IGN)
        return true;
    return action->handler == MH_SIG_DFL && (DEFAULT_IGNORED & MH_SIGNAL_BIT(signal));
}

uint64_t signal_deliverable(const struct process *process)
{
    return process->signals_pending & (~process->signal_mask | UNBLOCKABLE);
}

void signal_send(struct process *target, int signal, const struct mh_siginfo *info)
{
    if (!valid(signal) || target->exited)
        return;
    irq_state state = irq_save();
    if (signal == MH_SIGCONT) {
        target->signals_pending &= ~STOP_SIGNALS;
        if (target->stopped) {
            target->stopped = false;
            target->stop_unreported = false;
            target->continue_unreported = true;
            scheduler_wake(target->thread);
            process_notify_parent(target, MH_WAIT_CONTINUED);
        }
    } else if (STOP_SIGNALS & MH_SIGNAL_BIT(signal)) {
        target->signals_pending &= ~MH_SIGNAL_BIT(MH_SIGCONT);
    }
    if (!ignored(target, signal)) {
        target->signals_pending |= MH_SIGNAL_BIT(signal);
        target->signal_info[signal - 1] =
            info != NULL ? *info : (struct mh_siginfo){.signal = signal, .code = MH_SI_KERNEL};
        /* Interrupt a blocking call (or a stop, for SIGKILL); the thread acts on the way out. */
        if (signal_deliverable(target) & MH_SIGNAL_BIT(signal))
            scheduler_wake(target->thread);
    }
    irq_restore(state);
}

void signal_send_self(int signal)
{
    struct process *self = process_current();
    if (self != NULL)
        signal_send(self, signal, NULL);
}

void signal_stop_self(int signal)
{
    struct process *process = process_current();
    process->stopped = true;
    process->stop_signal = signal;
    process->stop_unreported = true;
    process->continue_unreported = false;
    process_notify_parent(process, MH_WAIT_STOPPED(signal));
    while (process->stopped && !(process->signals_pending & MH_SIGNAL_BIT(MH_SIGKILL)))
        scheduler_block_current();
}

static bool restartable(uint64_t number)
{
    switch (number) {
    case MH_SYS_READ:
    case MH_SYS_WRITE:
    case MH_SYS_OPEN:
    case MH_SYS_WAITPID:
    case MH_SYS_FUTEX:
        return true;
    default:
        return false;
    }
}

static void restart(struct trap_frame *frame, uint64_t number)
{
    frame->rip -= SYSCALL_INSTRUCTION_LENGTH;
    frame->rax = number;
}

static struct mh_signal_registers registers_from(const struct trap_frame *frame)
{
    return (struct mh_signal_registers){
        .r15 = frame->r15, .r14 = frame->r14, .r13 = frame->r13, .r12 = frame->r12,
        .r11 = frame->r11, .r10 = frame->r10, .r9 = frame->r9, .r8 = frame->r8,
        .rbp = frame->rbp, .rdi = frame->rdi, .rsi = frame->rsi, .rdx = frame->rdx,
        .rcx = frame->rcx, .rbx = frame->rbx, .rax = frame->rax,
        .rip = frame->rip, .rflags = frame->rflags, .rsp = frame->rsp,
    };
}

static void __attribute__((noreturn)) die_of(struct process *process, int signal, const char *why)
{
    kprintf("kernel: process %d (%s): %s; killed by signal %d\n", process->pid, process->name, why, signal);
    process_exit(MH_WAIT_SIGNALED(signal));
}

static bool on_alt_stack(const struct process *process, uint64_t stack_pointer)
{
    return process->alt_stack_size != 0 && stack_pointer > process->alt_stack_base &&
           stack_pointer - process->alt_stack_base <= process->alt_stack_size;
}

/* Starts the handler of signal: saves the interrupted state on the user stack (the alternate
 * one for MH_SA_ONSTACK handlers, unless already on it) and points frame at the handler. Ends
 * the process when the stack cannot take the frame. */
static void start_handler(struct process *process, struct trap_frame *frame, int signal,
                          const struct signal_action *action)
{
    static struct mh_signal_frame saved; /* too big for the kernel stack; one CPU, interrupts off */
    memset(&saved, 0, sizeof saved);
    saved.saved_mask = process->suspended ? process->mask_before_suspend : process->signal_mask;
    process->suspended = false;
    saved.info = process->signal_info[signal - 1];
    saved.registers = registers_from(frame);
    __asm__ volatile("fxsave64 %0" : "=m"(saved.fpu_state));
    uint64_t stack_pointer = frame->rsp;
    if ((action->flags & MH_SA_ONSTACK) && process->alt_stack_size != 0 && !on_alt_stack(process, stack_pointer))
        stack_pointer = process->alt_stack_base + process->alt_stack_size;
    uint64_t base = (stack_pointer - RED_ZONE - sizeof saved) & ~0xfull;
    uint64_t return_slot = base - sizeof(uint64_t);
    if (stack_pointer < RED_ZONE + sizeof saved + 16 || stack_pointer > USER_SPACE_END ||
        user_write(process->address_space, base, &saved, sizeof saved) != 0 ||
        user_write(process->address_space, return_slot, &action->restorer, sizeof action->restorer) != 0)
        die_of(process, MH_SIGSEGV, "no room on the stack for a signal frame");
    frame->rip = action->handler;
    frame->rsp = return_slot;
    frame->rdi = (uint64_t)signal;
    frame->rsi = base + offsetof(struct mh_signal_frame, info);
    frame->rdx = base;
    frame->rflags &= ~(RFLAGS_DIRECTION | RFLAGS_TRAP);
    process->signal_mask |= action->mask & ~UNBLOCKABLE;
    if (!(action->flags & MH_SA_NODEFER))
        process->signal_mask |= MH_SIGNAL_BIT(signal);
    if (action->flags & MH_SA_RESETHAND)
        process->signal_actions[signal - 1] = (struct signal_action){0};
}

void signal_deliver(struct trap_frame *frame, uint64_t syscall_number, bool interrupted)
{
    struct process *process = process_current();
    if (process == NULL)
        return;
    bool restart_call = interrupted && restartable(syscall_number);
    irq_state state = irq_save();
    for (;;) {
        uint64_t deliverable = signal_deliverable(process);
        if (deliverable == 0)
            break;
        int signal = __builtin_ctzll(deliverable) + 1;
        process->signals_pending &= ~MH_SIGNAL_BIT(signal);
        struct signal_action action = process->signal_actions[signal - 1];
        if (signal == MH_SIGKILL || action.handler == MH_SIG_DFL || signal == MH_SIGSTOP) {
            uint64_t bit = MH_SIGNAL_BIT(signal);
            if (signal == MH_SIGKILL || !(bit & (STOP_SIGNALS | DEFAULT_IGNORED))) {
                irq_restore(state);
                process_exit(MH_WAIT_SIGNALED(signal));
            }
            if (bit & STOP_SIGNALS)
                signal_stop_self(signal);
            continue;
        }
        if (action.handler == MH_SIG_IGN)
            continue;
        if (restart_call && (action.flags & MH_SA_RESTART))
            restart(frame, syscall_number);
        restart_call = false;
        start_handler(process, frame, signal, &action);
        irq_restore(state);
        return;
    }
    /* Nothing ran in user space: a call cut short by an ignored or stopping signal goes on,
     * and a sigsuspend's temporary mask ends. */
    if (restart_call && frame->rax == (uint64_t)-MH_EINTR)
        restart(frame, syscall_number);
    if (process->suspended) {
        process->signal_mask = process->mask_before_suspend;
        process->suspended = false;
    }
    irq_restore(state);
}

int64_t signal_suspend(uint64_t mask_address)
{
    struct process *process = process_current();
    uint64_t mask;
    if (user_read(process->address_space, &mask, mask_address, sizeof mask) != 0)
        return -MH_EFAULT;
    irq_state state = irq_save();
    process->mask_before_suspend = process->signal_mask;
    process->suspended = true;
    process->signal_mask = mask & ~UNBLOCKABLE;
    while (signal_deliverable(process) == 0)
        scheduler_block_current();
    irq_restore(state);
    return -MH_EINTR;
}

void signal_fault(struct trap_frame *frame, int signal, uint64_t address)
{
    struct process *process = process_current();
    const struct signal_action *action = &process->signal_actions[signal - 1];
    bool handled = action->handler != MH_SIG_DFL && action->handler != MH_SIG_IGN &&
                   !(process->signal_mask & MH_SIGNAL_BIT(signal));
    if (!handled) {
        kprintf("kernel: process %d (%s): %s at rip %p", process->pid, process->name,
                trap_exception_name(frame->vector), (void *)frame->rip);
        if (frame->vector == VECTOR_PAGE_FAULT)
            kprintf(", address %p", (void *)address);
        kprintf(" (error code 0x%llx); killed by signal %d\n", (unsigned long long)frame->error_code,
                signal);
        process_exit(MH_WAIT_SIGNALED(signal));
    }
    irq_state state = irq_save();
    process->signal_info[signal - 1] = (struct mh_siginfo){.signal = signal, .code = MH_SI_FAULT,
                                                           .address = address};
    struct signal_action copy = *action;
    start_handler(process, frame, signal, &copy);
    irq_restore(state);
}

int64_t signal_action(int signal, uint64_t action_address, uint64_t old_action_address, uint64_t restorer)
{
    struct process *process = process_current();
    if (!valid(signal))
        return -MH_EINVAL;
    struct signal_action *current = &process->signal_actions[signal - 1];
    struct mh_sigaction wanted;
    if (action_address != 0) {
        if (user_read(process->address_space, &wanted, action_address, sizeof wanted) != 0)
            return -MH_EFAULT;
        if (signal == MH_SIGKILL || signal == MH_SIGSTOP)
            return -MH_EINVAL;
        bool is_handler = wanted.handler != MH_SIG_DFL && wanted.handler != MH_SIG_IGN;
        if (is_handler && (wanted.handler >= USER_SPACE_END || restorer == 0 || restorer >= USER_SPACE_END))
            return -MH_EINVAL;
    }
    if (old_action_address != 0) {
        struct mh_sigaction old = {.handler = current->handler, .mask = current->mask, .flags = current->flags};
        if (user_write(process->address_space, old_action_address, &old, sizeof old) != 0)
            return -MH_EFAULT;
    }
    if (action_address == 0)
        return 0;
    irq_state state = irq_save();
    *current = (struct signal_action){.handler = wanted.handler, .mask = wanted.mask,
                                      .flags = wanted.flags, .restorer = restorer};
    /* POSIX: setting a signal to be ignored discards it if pending. */
    if (ignored(process, signal))
        process->signals_pending &= ~MH_SIGNAL_BIT(signal);
    irq_restore(state);
    return 0;
}

int64_t signal_procmask(uint64_t how, uint64_t set_address, uint64_t old_set_address)
{
    struct process *process = process_current();
    uint64_t set = 0;
    if (set_address != 0 && user_read(process->address_space, &set, set_address, sizeof set) != 0)
        return -MH_EFAULT;
    if (set_address != 0 && how != MH_SIG_BLOCK && how != MH_SIG_UNBLOCK && how != MH_SIG_SETMASK)
        return -MH_EINVAL;
    uint64_t old = process->signal_mask;
    if (old_set_address != 0 && user_write(process->address_space, old_set_address, &old, sizeof old) != 0)
        return -MH_EFAULT;
    if (set_address == 0)
        return 0;
    uint64_t mask = how == MH_SIG_BLOCK ? old | set : how == MH_SIG_UNBLOCK ? old & ~set : set;
    process->signal_mask = mask & ~UNBLOCKABLE;
    return 0;
}

int64_t signal_alt_stack(const struct trap_frame *frame, uint64_t stack_address, uint64_t old_address)
{
    struct process *process = process_current();
    bool on_it = on_alt_stack(process, frame->rsp);
    struct mh_stack wanted;
    if (stack_address != 0 && user_read(process->address_space, &wanted, stack_address, sizeof wanted) != 0)
        return -MH_EFAULT;
    if (old_address != 0) {
        struct mh_stack old = {.sp = process->alt_stack_base, .size = process->alt_stack_size,
                               .flags = process->alt_stack_size == 0 ? MH_SS_DISABLE : on_it ? MH_SS_ONSTACK : 0};
        if (user_write(process->address_space, old_address, &old, sizeof old) != 0)
            return -MH_EFAULT;
    }
    if (stack_address == 0)
        return 0;
    if (on_it)
        return -MH_EPERM;
    if (wanted.flags & ~MH_SS_DISABLE)
        return -MH_EINVAL;
    if (wanted.flags & MH_SS_DISABLE) {
        process->alt_stack_base = process->alt_stack_size = 0;
        return 0;
    }
    if (wanted.size < MH_MINSIGSTKSZ)
        return -MH_ENOMEM;
    if (wanted.sp >= USER_SPACE_END || wanted.size > USER_SPACE_END - wanted.sp)
        return -MH_EINVAL;
    process->alt_stack_base = wanted.sp;
    process->alt_stack_size = wanted.size;
    return 0;
}

static uint32_t mxcsr_mask(void)
{
    static uint32_t mask;
    if (mask == 0) {
        static uint8_t probe[512] __attribute__((aligned(16)));
        irq_state state = irq_save();
        __asm__ volatile("fxsave64 %0" : "=m"(probe));
        irq_restore(state);
        memcpy(&mask, probe + MXCSR_MASK_OFFSET, sizeof mask);
        if (mask == 0)
            mask = MXCSR_DEFAULT_MASK;
    }
    return mask;
}

int64_t signal_return(struct trap_frame *frame)
{
    struct process *process = process_current();
    static struct mh_signal_frame saved; /* one CPU, interrupts off while it is in use */
    uint32_t mask = mxcsr_mask();
    irq_state state = irq_save();
    if (user_read(process->address_space, &saved, frame->rsp, sizeof saved) != 0 ||
        saved.registers.rip >= USER_SPACE_END || saved.registers.rsp >= USER_SPACE_END) {
        irq_restore(state);
        die_of(process, MH_SIGSEGV, "sigreturn without a valid signal frame");
    }
    const struct mh_signal_registers *r = &saved.registers;
    frame->r15 = r->r15, frame->r14 = r->r14, frame->r13 = r->r13, frame->r12 = r->r12;
    frame->r11 = r->r11, frame->r10 = r->r10, frame->r9 = r->r9, frame->r8 = r->r8;
    frame->rbp = r->rbp, frame->rdi = r->rdi, frame->rsi = r->rsi, frame->rdx = r->rdx;
    frame->rcx = r->rcx, frame->rbx = r->rbx;
    frame->rip = r->rip;
    frame->rsp = r->rsp;
    frame->rflags = (frame->rflags & ~USER_CHANGEABLE_FLAGS) | (r->rflags & USER_CHANGEABLE_FLAGS);
    frame->cs = SELECTOR_USER_CODE;
    frame->ss = SELECTOR_USER_DATA;
    /* An MXCSR with reserved bits set would make FXRSTOR fault in the kernel. */
    uint32_t mxcsr;
    memcpy(&mxcsr, saved.fpu_state + MXCSR_OFFSET, sizeof mxcsr);
    mxcsr &= mask;
    memcpy(saved.fpu_state + MXCSR_OFFSET, &mxcsr, sizeof mxcsr);
    __asm__ volatile("fxrstor64 %0" : : "m"(saved.fpu_state));
    process->signal_mask = saved.saved_mask & ~UNBLOCKABLE;
    int64_t rax = (int64_t)r->rax;
    irq_restore(state);
    return rax;
}

void signal_reset_for_exec(struct process *process)
{
    for (int i = 0; i < MH_NSIG; i++) {
        struct signal_action *action = &process->signal_actions[i];
        if (action->handler != MH_SIG_IGN)
            *action = (struct signal_action){0};
        else
            *action = (struct signal_action){.handler = MH_SIG_IGN};
    }
    process->alt_stack_base = process->alt_stack_size = 0;
}
