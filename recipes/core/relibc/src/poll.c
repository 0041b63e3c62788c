/* poll() and select() on the kernel's event: queues. Each call makes a queue, watches every
 * descriptor asked about (the queue reports a condition that already holds once, when the
 * watch starts, so a fresh queue gives level-triggered answers), adds a time: timer for a
 * timeout, waits for the first records and collects whatever else is ready. Descriptors whose
 * scheme has no events (EPERM) are always ready, as regular files are. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

#define READ_EVENTS (POLLIN | POLLRDNORM)
#define WRITE_EVENTS (POLLOUT | POLLWRNORM)

static uint64_t kernel_interest(short events)
{
    return ((events & READ_EVENTS) ? MH_EVENT_READ : 0) |
           ((events & WRITE_EVENTS) ? MH_EVENT_WRITE : 0);
}

static short poll_events(uint64_t kernel_flags, short asked)
{
    short happened = 0;
    if (kernel_flags & MH_EVENT_READ)
        happened |= READ_EVENTS;
    if (kernel_flags & MH_EVENT_WRITE)
        happened |= WRITE_EVENTS;
    return (short)(happened & asked);
}

/* Marks the entries for fd with what happened; returns how many entries became ready. */
static int mark(struct pollfd *fds, nfds_t count, int fd, uint64_t kernel_flags)
{
    int newly_ready = 0;
    for (nfds_t i = 0; i < count; i++) {
        if (fds[i].fd != fd)
            continue;
        short before = fds[i].revents;
        fds[i].revents |= poll_events(kernel_flags, fds[i].events);
        newly_ready += before == 0 && fds[i].revents != 0;
    }
    return newly_ready;
}

/* Watches every descriptor of fds on queue; counts those that are ready without waiting
 * (invalid ones, or ones without events). Returns -1 with errno on a failure of the queue. */
static int watch_all(int queue, struct pollfd *fds, nfds_t count)
{
    int ready = 0;
    for (nfds_t i = 0; i < count; i++) {
        fds[i].revents = 0;
        if (fds[i].fd < 0)
            continue;
        uint64_t interest = 0;
        for (nfds_t j = 0; j < count; j++) /* one watch per descriptor: join repeated entries */
            if (fds[j].fd == fds[i].fd)
                interest |= kernel_interest(fds[j].events);
        struct mh_event watch = {.id = (uint64_t)fds[i].fd, .flags = interest, .data = 0};
        long written = mh_syscall3(MH_SYS_WRITE, queue, &watch, sizeof watch);
        if (written == -EBADF)
            fds[i].revents = POLLNVAL;
        else if (written == -EPERM)
            fds[i].revents = (short)(fds[i].events & (READ_EVENTS | WRITE_EVENTS));
        else if (written < 0)
            return (int)__mh_result(written);
        ready += fds[i].revents != 0;
    }
    return ready;
}

/* Reads the queue's records into fds. Returns how many entries became ready, or -1 with errno
 * (EAGAIN: nothing there in non-blocking mode). Sets *timed_out when the timer's record came. */
static int collect(int queue, int timer, struct pollfd *fds, nfds_t count, int *timed_out)
{
    struct mh_event records[16];
    long got = mh_syscall3(MH_SYS_READ, queue, records, sizeof records);
    if (got < 0)
        return (int)__mh_result(got);
    int ready = 0;
    for (size_t i = 0; i < (size_t)got / sizeof records[0]; i++) {
        if (timer >= 0 && records[i].id == (uint64_t)timer)
            *timed_out = 1;
        else
            ready += mark(fds, count, (int)records[i].id, records[i].flags);
    }
    return ready;
}

/* Drains every record already in the (non-blocking) queue. */
static int collect_waiting(int queue, int timer, struct pollfd *fds, nfds_t count, int *timed_out)
{
    int ready = 0;
    for (;;) {
        int got = collect(queue, timer, fds, count, timed_out);
        if (got < 0)
            return errno == EAGAIN ? ready : -1;
        ready += got;
    }
}

/* A time: timer on the monotonic clock, firing milliseconds from now, watched by queue. */
static int start_timer(int queue, int milliseconds)
{
    int timer = open("time:4", O_RDWR | O_CLOEXEC);
    if (timer < 0)
        return -1;
    struct mh_timespec when;
    if (read(timer, &when, sizeof when) != (ssize_t)sizeof when)
        goto failed;
    int64_t nanoseconds = when.nanoseconds + (int64_t)(milliseconds % 1000) * 1000000;
    when.seconds += milliseconds / 1000 + nanoseconds / 1000000000;
    when.nanoseconds = (int32_t)(nanoseconds % 1000000000);
    struct mh_event watch = {.id = (uint64_t)timer, .flags = MH_EVENT_READ, .data = 0};
    if (write(timer, &when, sizeof when) != (ssize_t)sizeof when ||
        write(queue, &watch, sizeof watch) != (ssize_t)sizeof watch)
        goto failed;
    return timer;
failed:
    return (int)__mh_close_after(timer, -1);
}

/* Waits until something is ready or the timer fired; returns entries made ready, or -1. */
static int wait_for_events(int queue, int timer, struct pollfd *fds, nfds_t count)
{
    int timed_out = 0, ready = 0;
    while (ready == 0 && !timed_out) {
        if (fcntl(queue, F_SETFL, 0) < 0)
            return -1;
        int got = collect(queue, timer, fds, count, &timed_out);
        if (got < 0 || fcntl(queue, F_SETFL, O_NONBLOCK) < 0)
            return -1;
        ready += got;
    }
    int more = collect_waiting(queue, timer, fds, count, &timed_out);
    return more < 0 ? -1 : ready + more;
}

static int sleep_milliseconds(int milliseconds)
{
    struct timespec duration = {.tv_sec = milliseconds / 1000,
                                .tv_nsec = (long)(milliseconds % 1000) * 1000000};
    return nanosleep(&duration, NULL);
}

int poll(struct pollfd *fds, nfds_t count, int timeout)
{
    if (count == 0 && timeout >= 0)
        return sleep_milliseconds(timeout);
    int queue = open("event:", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (queue < 0)
        return -1;
    int timer = -1, timed_out = 0;
    int ready = watch_all(queue, fds, count);
    if (ready >= 0) {
        int waiting = collect_waiting(queue, -1, fds, count, &timed_out);
        ready = waiting < 0 ? -1 : ready + waiting;
    }
    if (ready == 0 && timeout != 0) {
        if (timeout > 0)
            timer = start_timer(queue, timeout);
        ready = timeout > 0 && timer < 0 ? -1 : wait_for_events(queue, timer, fds, count);
    }
    int saved_errno = errno;
    if (timer >= 0)
        close(timer);
    close(queue);
    errno = saved_errno;
    return ready;
}

/* select() as poll(): one entry per descriptor in any of the sets. */
int select(int count, fd_set *readable, fd_set *writable, fd_set *exceptional,
           struct timeval *timeout)
{
    if (count < 0 || count > FD_SETSIZE ||
        (timeout != NULL && (timeout->tv_sec < 0 || timeout->tv_usec < 0))) {
        errno = EINVAL;
        return -1;
    }
    struct pollfd entries[FD_SETSIZE];
    nfds_t used = 0;
    for (int fd = 0; fd < count; fd++) {
        short events = 0;
        if (readable != NULL && FD_ISSET(fd, readable))
            events |= POLLIN;
        if (writable != NULL && FD_ISSET(fd, writable))
            events |= POLLOUT;
        if (exceptional != NULL && FD_ISSET(fd, exceptional))
            events |= POLLPRI;
        if (events != 0)
            entries[used++] = (struct pollfd){.fd = fd, .events = events, .revents = 0};
    }
    int milliseconds = -1;
    if (timeout != NULL) {
        long long total = (long long)timeout->tv_sec * 1000 + (timeout->tv_usec + 999) / 1000;
        milliseconds = total > 0x7fffffff ? 0x7fffffff : (int)total;
    }
    int ready = poll(entries, used, milliseconds);
    if (ready < 0)
        return -1;
    for (nfds_t i = 0; i < used; i++) {
        if (entries[i].revents & POLLNVAL) {
            errno = EBADF;
            return -1;
        }
    }
    if (readable != NULL)
        FD_ZERO(readable);
    if (writable != NULL)
        FD_ZERO(writable);
    if (exceptional != NULL)
        FD_ZERO(exceptional);
    int bits = 0;
    for (nfds_t i = 0; i < used; i++) {
        if (entries[i].revents & POLLIN) {
            FD_SET(entries[i].fd, readable);
            bits++;
        }
        if (entries[i].revents & POLLOUT) {
            FD_SET(entries[i].fd, writable);
            bits++;
        }
    }
    if (timeout != NULL && bits == 0)
        timeout->tv_sec = timeout->tv_usec = 0;
    return bits;
}

/* The mask is swapped around the wait, not atomically with it. */
int pselect(int count, fd_set *readable, fd_set *writable, fd_set *exceptional,
            const struct timespec *timeout, const sigset_t *mask)
{
    sigset_t saved;
    if (mask != NULL && sigprocmask(SIG_SETMASK, mask, &saved) != 0)
        return -1;
    struct timeval converted;
    if (timeout != NULL)
        converted = (struct timeval){.tv_sec = timeout->tv_sec, .tv_usec = (timeout->tv_nsec + 999) / 1000};
    int ready = select(count, readable, writable, exceptional, timeout != NULL ? &converted : NULL);
    if (mask != NULL) {
        int saved_errno = errno;
        sigprocmask(SIG_SETMASK, &saved, NULL);
        errno = saved_errno;
    }
    return ready;
}
