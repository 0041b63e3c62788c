/* System call dispatch, and the calls on processes, signals, memory and time:
 * doc/syscalls.md and include/syscall_abi.h describe the ABI; the calls on files live in
 * proc/sys_files.c. */
#include <stdbool.h>
#include <stddef.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/trap.h"
#include "mm/layout.h"
#include "mm/paging.h"
#include "proc/futex.h"
#include "proc/memory_map.h"
#include "proc/process.h"
#include "proc/signal.h"
#include "proc/syscall_handlers.h"
#include "proc/usercopy.h"
#include "sched/scheduler.h"
#include "sched/thread.h"
#include "syscall_abi.h"
#include "time.h"

#define RFLAGS_IOPL_SHIFT 12
#define RFLAGS_IOPL_MASK (3ull << RFLAGS_IOPL_SHIFT)

void syscall_dispatch(struct trap_frame *frame);

static uint64_t current_space(void)
{
    return process_current()->address_space;
}

/* A deadline timeout_address nanoseconds from now (a relative struct mh_timespec; 0 = none),
 * saturating at UINT64_MAX ("never"). */
static int timeout_deadline(uint64_t timeout_address, uint64_t *deadline)
{
    *deadline = UINT64_MAX;
    if (timeout_address == 0)
        return 0;
    struct mh_timespec timeout;
    if (user_read(current_space(), &timeout, timeout_address, sizeof timeout) != 0)
        return -MH_EFAULT;
    if (timeout.seconds < 0 || timeout.nanoseconds < 0 ||
        timeout.nanoseconds >= (int32_t)NANOSECONDS_PER_SECOND)
        return -MH_EINVAL;
    uint64_t now = time_monotonic_ns();
    uint64_t room = UINT64_MAX - now;
    if ((uint64_t)timeout.seconds < room / NANOSECONDS_PER_SECOND) {
        uint64_t duration = (uint64_t)timeout.seconds * NANOSECONDS_PER_SECOND + (uint64_t)timeout.nanoseconds;
        if (duration < room)
            *deadline = now + duration;
    }
    return 0;
}

static void to_timespec(uint64_t ns, struct mh_timespec *time)
{
    *time = (struct mh_timespec){
        .seconds = (int64_t)(ns / NANOSECONDS_PER_SECOND),
        .nanoseconds = (int32_t)(ns % NANOSECONDS_PER_SECOND),
    };
}

static int64_t sys_clock_gettime(uint64_t clock, uint64_t time_address)
{
    uint64_t now;
    if (clock == MH_CLOCK_MONOTONIC)
        now = time_monotonic_ns();
    else if (clock == MH_CLOCK_REALTIME)
        now = time_realtime_ns();
    else
        return -MH_EINVAL;
    struct mh_timespec time;
    to_timespec(now, &time);
    return user_write(current_space(), time_address, &time, sizeof time);
}

static int64_t sys_nanosleep(uint64_t request_address, uint64_t remaining_address)
{
    if (request_address == 0)
        return -MH_EFAULT;
    uint64_t deadline;
    int result = timeout_deadline(request_address, &deadline);
    if (result != 0)
        return result;
    irq_state state = irq_save();
    while (time_monotonic_ns() < deadline && !process_signal_pending())
        scheduler_block_current_until(deadline);
    irq_restore(state);
    uint64_t now = time_monotonic_ns();
    if (now >= deadline)
        return 0;
    if (remaining_address != 0) {
        struct mh_timespec remaining;
        to_timespec(deadline - now, &remaining);
        if (user_write(current_space(), remaining_address, &remaining, sizeof remaining) != 0)
            return -MH_EFAULT;
    }
    return -MH_EINTR;
}

static int64_t sys_waitpid(uint64_t pid, uint64_t status_address, uint64_t options)
{
    /* INT32_MIN has no group to negate into. */
    if ((options & ~(uint64_t)(MH_WNOHANG | MH_WUNTRACED | MH_WCONTINUED)) || (int64_t)pid <= INT32_MIN ||
        (int64_t)pid > INT32_MAX)
        return -MH_EINVAL;
    int status = 0;
    int result = process_wait(process_current(), (int)(int64_t)pid, (int)options, &status);
    if (result > 0 && status_address != 0) {
        int32_t status_word = status;
        if (user_write(current_space(), status_address, &status_word, sizeof status_word) != 0)
            return -MH_EFAULT;
    }
    return result;
}

static int64_t sys_futex(uint64_t address, uint64_t operation, uint64_t value, uint64_t timeout_address)
{
    if (operation == MH_FUTEX_WAKE)
        return futex_wake(process_current(), address, value > UINT32_MAX ? UINT32_MAX : (uint32_t)value);
    if (operation != MH_FUTEX_WAIT)
        return -MH_EINVAL;
    uint64_t deadline;
    int result = timeout_deadline(timeout_address, &deadline);
    if (result != 0)
        return result;
    return futex_wait(process_current(), address, (uint32_t)value, deadline);
}

static int64_t sys_kill(uint64_t pid, uint64_t signal)
{
    if ((int64_t)pid <= INT32_MIN || (int64_t)pid > INT32_MAX || signal >= MH_NSIG)
        return -MH_EINVAL;
    return process_kill((int)(int64_t)pid, (int)signal);
}

static int64_t sys_setpgid(uint64_t pid, uint64_t pgid)
{
    if (pid > INT32_MAX || pgid > INT32_MAX)
        return -MH_EINVAL;
    return process_set_group((int)pid, (int)pgid);
}

static int64_t sys_getpgid(uint64_t pid)
{
    if (pid > INT32_MAX)
        return -MH_ESRCH;
    return process_get_group((int)pid);
}

static int64_t sys_getsid(uint64_t pid)
{
    if (pid > INT32_MAX)
        return -MH_ESRCH;
    return process_get_session((int)pid);
}

/* Only fork for now: sharing an address space or descriptors needs threads. */
static int64_t sys_clone(uint64_t flags, const struct trap_frame *frame)
{
    if (flags != 0)
        return -MH_EINVAL;
    return process_fork(frame);
}

/* I/O privilege for drivers: level 3 lets ring 3 use in/out (and cli/sti). */
static int64_t sys_iopl(uint64_t level, struct trap_frame *frame)
{
    if (level > 3)
        return -MH_EINVAL;
    if (level > 0 && !process_has_capability(process_current(), MH_CAP_IO_PORTS))
        return -MH_EPERM;
    frame->rflags = (frame->rflags & ~RFLAGS_IOPL_MASK) | level << RFLAGS_IOPL_SHIFT;
    return 0;
}

static int64_t sys_capabilities(uint64_t drop)
{
    struct process *process = process_current();
    process->capabilities &= ~(uint32_t)drop;
    return process->capabilities;
}

static int64_t sys_virttophys(uint64_t address)
{
    struct process *process = process_current();
    if (!process_has_capability(process, MH_CAP_PHYS_MEMORY))
        return -MH_EPERM;
    uint64_t phys, flags;
    if (address >= USER_SPACE_END || !paging_translate(process->address_space, address, &phys, &flags) ||
        !(flags & PTE_USER))
        return -MH_EFAULT;
    return (int64_t)phys;
}

/* The thread pointer for thread-local storage: %fs-relative accesses use it. Returns the
 * previous one. */
static int64_t sys_set_fs_base(uint64_t address)
{
    if (address >= USER_SPACE_END)
        return -MH_EINVAL;
    irq_state state = irq_save();
    struct thread *self = thread_current();
    uint64_t previous = self->fs_base;
    self->fs_base = address;
    cpu_write_msr(MSR_FS_BASE, address);
    irq_restore(state);
    return (int64_t)previous;
}

static int64_t dispatch(uint64_t number, struct trap_frame *frame)
{
    uint64_t a = frame->rdi, b = frame->rsi, c = frame->rdx, d = frame->r10;
    switch (number) {
    case MH_SYS_EXIT:
        process_exit(MH_WAIT_EXITED((int)a));
    case MH_SYS_OPEN:
        return sys_open(a, b, c);
    case MH_SYS_CLOSE:
        return sys_close(a);
    case MH_SYS_READ:
        return sys_read(a, b, c);
    case MH_SYS_WRITE:
        return sys_write(a, b, c);
    case MH_SYS_LSEEK:
        return sys_lseek(a, b, c);
    case MH_SYS_FCNTL:
        return sys_fcntl(a, b, c);
    case MH_SYS_FSTAT:
        return sys_fstat(a, b, c);
    case MH_SYS_FPATH:
        return sys_fpath(a, b, c);
    case MH_SYS_DUP:
        return sys_dup(a, b, c);
    case MH_SYS_DUP2:
        return sys_dup2(a, b, c, d);
    case MH_SYS_PIPE2:
        return sys_pipe2(a, b);
    case MH_SYS_FSYNC:
    case MH_SYS_FTRUNCATE:
    case MH_SYS_FCHMOD:
    case MH_SYS_FCHOWN:
    case MH_SYS_FUTIMENS:
    case MH_SYS_FSTATVFS:
    case MH_SYS_FRENAME:
        return sys_file_call(number, a, b, c);
    case MH_SYS_UNLINK:
    case MH_SYS_RMDIR:
        return sys_path_call(number, a, b);
    case MH_SYS_CHDIR:
        return sys_chdir(a, b);
    case MH_SYS_GETCWD:
        return sys_getcwd(a, b);
    case MH_SYS_EXECVE:
        return sys_execve(frame, a, b, c, d);
    case MH_SYS_FEXEC:
        return sys_fexec(frame, a, b, c);
    case MH_SYS_FMAP:
        return sys_fmap(a, b, c);
    case MH_SYS_FUNMAP:
        return memory_unmap(process_current(), a, b);
    case MH_SYS_VIRTTOPHYS:
        return sys_virttophys(a);
    case MH_SYS_GETPID:
        return process_current()->pid;
    case MH_SYS_GETPPID:
        return process_current()->parent->pid;
    case MH_SYS_SETPGID:
        return sys_setpgid(a, b);
    case MH_SYS_SETSID:
        return process_new_session();
    case MH_SYS_GETSID:
        return sys_getsid(a);
    case MH_SYS_GETPGID:
        return sys_getpgid(a);
    case MH_SYS_YIELD:
        thread_yield();
        return 0;
    case MH_SYS_NANOSLEEP:
        return sys_nanosleep(a, b);
    case MH_SYS_CLOCK_GETTIME:
        return sys_clock_gettime(a, b);
    case MH_SYS_WAITPID:
        return sys_waitpid(a, b, c);
    case MH_SYS_KILL:
        return sys_kill(a, b);
    case MH_SYS_SIGACTION:
        return a > INT32_MAX ? -MH_EINVAL : signal_action((int)a, b, c, d);
    case MH_SYS_SIGPROCMASK:
        return signal_procmask(a, b, c);
    case MH_SYS_SIGRETURN:
        return signal_return(frame);
    case MH_SYS_SIGSUSPEND:
        return signal_suspend(a);
    case MH_SYS_SIGALTSTACK:
        return signal_alt_stack(frame, a, b);
    case MH_SYS_CLONE:
        return sys_clone(a, frame);
    case MH_SYS_FUTEX:
        return sys_futex(a, b, c, d);
    case MH_SYS_IOPL:
        return sys_iopl(a, frame);
    case MH_SYS_CAPABILITIES:
        return sys_capabilities(a);
    case MH_SYS_SET_FS_BASE:
        return sys_set_fs_base(a);
    case MH_SYS_GETUID:
        return process_current()->uid;
    case MH_SYS_GETEUID:
        return process_current()->euid;
    case MH_SYS_GETGID:
        return process_current()->gid;
    case MH_SYS_GETEGID:
        return process_current()->egid;
    case MH_SYS_SETREUID:
        return process_set_user(a, b);
    case MH_SYS_SETREGID:
        return process_set_group_id(a, b);
    default:
        return -MH_ENOSYS;
    }
}

void syscall_dispatch(struct trap_frame *frame)
{
    uint64_t number = frame->rax;
    int64_t result = dispatch(number, frame);
    frame->rax = (uint64_t)result;
    scheduler_preempt_if_needed();
    signal_deliver(frame, number, result == -MH_EINTR);
}
