/* System call dispatch: doc/syscalls.md and include/syscall_abi.h describe the ABI. */
#include <stdbool.h>
#include <stddef.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/trap.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"
#include "proc/futex.h"
#include "proc/memory_map.h"
#include "proc/process.h"
#include "proc/usercopy.h"
#include "scheme/scheme.h"
#include "sched/scheduler.h"
#include "sched/thread.h"
#include "syscall_abi.h"
#include "time.h"

#define PATH_LIMIT 4096
#define TRANSFER_CHUNK 512
#define LENGTH_LIMIT ((uint64_t)INT64_MAX)

void syscall_dispatch(struct trap_frame *frame);

static uint64_t current_space(void)
{
    return process_current()->address_space;
}

static int64_t sys_open(uint64_t path_address, uint64_t length, uint64_t flags)
{
    if (length == 0)
        return -MH_ENOENT;
    if (length > PATH_LIMIT)
        return -MH_ENAMETOOLONG;
    char *path = kmalloc(length);
    if (path == NULL)
        return -MH_ENOMEM;
    int64_t result = user_read(current_space(), path, path_address, length);
    const char *colon = result == 0 ? memchr(path, ':', length) : NULL;
    const struct scheme *scheme = NULL;
    if (result == 0 && colon == NULL)
        result = -MH_ENOENT; /* no scheme: relative paths need a current directory (later) */
    if (result == 0) {
        scheme = scheme_lookup(path, (size_t)(colon - path));
        if (scheme == NULL)
            result = -MH_ENOENT;
    }
    void *handle = NULL;
    if (result == 0)
        result = scheme->open(colon + 1, length - (size_t)(colon + 1 - path), (unsigned)flags, &handle);
    if (result == 0) {
        result = files_add(&process_current()->files, scheme, handle, (unsigned)flags);
        if (result < 0 && scheme->close != NULL)
            scheme->close(handle);
    }
    kfree(path);
    return result;
}

static bool access_allows(unsigned flags, bool write)
{
    unsigned mode = flags & MH_O_ACCMODE;
    return write ? (mode == MH_O_WRONLY || mode == MH_O_RDWR) : (mode == MH_O_RDONLY || mode == MH_O_RDWR);
}

/* Moves data between user memory and a scheme in bounded chunks; returns the bytes moved, or
 * an error when nothing was moved. */
static int64_t sys_transfer(uint64_t fd, uint64_t buffer, uint64_t length, bool write)
{
    struct open_file *file = files_get(&process_current()->files, (int64_t)fd);
    if (file == NULL || !access_allows(file->flags, write) ||
        (write ? file->scheme->write == NULL : file->scheme->read == NULL))
        return -MH_EBADF;
    if (length > LENGTH_LIMIT)
        return -MH_EINVAL;
    uint8_t chunk[TRANSFER_CHUNK];
    uint64_t done = 0;
    while (done < length) {
        size_t piece = length - done < TRANSFER_CHUNK ? (size_t)(length - done) : TRANSFER_CHUNK;
        int64_t moved;
        if (write) {
            if (user_read(current_space(), chunk, buffer + done, piece) != 0)
                return done > 0 ? (int64_t)done : -MH_EFAULT;
            moved = file->scheme->write(file->handle, chunk, piece);
        } else {
            moved = file->scheme->read(file->handle, chunk, piece);
            if (moved > 0 && user_write(current_space(), buffer + done, chunk, (size_t)moved) != 0)
                return done > 0 ? (int64_t)done : -MH_EFAULT;
        }
        if (moved < 0)
            return done > 0 ? (int64_t)done : moved;
        done += (uint64_t)moved;
        if ((size_t)moved < piece)
            break;
    }
    return (int64_t)done;
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

/* Process groups do not exist yet: only a pid or -1 (any child) can be waited for. */
static int64_t sys_waitpid(uint64_t pid, uint64_t status_address, uint64_t options)
{
    if ((options & ~(uint64_t)MH_WNOHANG) || (int64_t)pid < -1 || pid == 0 || (int64_t)pid > INT32_MAX)
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

/* No process groups yet: only single processes can be signalled. */
static int64_t sys_kill(uint64_t pid, uint64_t signal)
{
    if ((int64_t)pid <= 0 || (int64_t)pid > INT32_MAX || signal > 31)
        return -MH_EINVAL;
    return process_kill((int)pid, (int)signal);
}

static int64_t sys_fmap(uint64_t fd, uint64_t map_address, uint64_t map_length)
{
    if (fd != MH_MAP_ANONYMOUS_FD)
        return files_get(&process_current()->files, (int64_t)fd) == NULL ? -MH_EBADF : -MH_ENODEV;
    if (map_length != sizeof(struct mh_map))
        return -MH_EINVAL;
    struct mh_map request;
    if (user_read(current_space(), &request, map_address, sizeof request) != 0)
        return -MH_EFAULT;
    uint64_t address;
    int result = memory_map_anonymous(process_current(), &request, &address);
    return result < 0 ? result : (int64_t)address;
}

/* Only fork for now: sharing an address space or descriptors needs threads. */
static int64_t sys_clone(uint64_t flags, const struct trap_frame *frame)
{
    if (flags != 0)
        return -MH_EINVAL;
    return process_fork(frame);
}

static int64_t dispatch(uint64_t number, uint64_t a, uint64_t b, uint64_t c, const struct trap_frame *frame)
{
    switch (number) {
    case MH_SYS_EXIT:
        process_exit(MH_WAIT_EXITED((int)a));
    case MH_SYS_OPEN:
        return sys_open(a, b, c);
    case MH_SYS_CLOSE:
        return files_close(&process_current()->files, (int64_t)a);
    case MH_SYS_READ:
        return sys_transfer(a, b, c, false);
    case MH_SYS_WRITE:
        return sys_transfer(a, b, c, true);
    case MH_SYS_GETPID:
        return process_current()->pid;
    case MH_SYS_GETPPID:
        return process_current()->parent->pid;
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
    case MH_SYS_CLONE:
        return sys_clone(a, frame);
    case MH_SYS_FUTEX:
        return sys_futex(a, b, c, frame->r10);
    case MH_SYS_FMAP:
        return sys_fmap(a, b, c);
    case MH_SYS_FUNMAP:
        return memory_unmap(process_current(), a, b);
    default:
        return -MH_ENOSYS;
    }
}

void syscall_dispatch(struct trap_frame *frame)
{
    frame->rax = (uint64_t)dispatch(frame->rax, frame->rdi, frame->rsi, frame->rdx, frame);
    scheduler_preempt_if_needed();
    process_deliver_pending_signal();
}
