/* poll() and select(). Waiting for descriptors needs the event: scheme, which the kernel does
 * not have yet; waiting for nothing (a sleep, a common idiom) works. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/select.h>
#include <time.h>

#include "internal.h"

/* Sleeps for a timeout in milliseconds (negative: forever, which cannot end without signals). */
static int sleep_milliseconds(long milliseconds)
{
    if (milliseconds < 0)
        return __mh_unsupported();
    struct timespec duration = {.tv_sec = milliseconds / 1000,
                                .tv_nsec = (milliseconds % 1000) * 1000000};
    return nanosleep(&duration, NULL);
}

int poll(struct pollfd *fds, nfds_t count, int timeout)
{
    (void)fds;
    if (count != 0)
        return __mh_unsupported();
    return sleep_milliseconds(timeout);
}

static int any_set(int count, const fd_set *set)
{
    if (set == NULL)
        return 0;
    for (int fd = 0; fd < count; fd++) {
        if (FD_ISSET(fd, set))
            return 1;
    }
    return 0;
}

int select(int count, fd_set *readable, fd_set *writable, fd_set *exceptional,
           struct timeval *timeout)
{
    if (count < 0 || count > FD_SETSIZE) {
        errno = EINVAL;
        return -1;
    }
    if (any_set(count, readable) || any_set(count, writable) || any_set(count, exceptional))
        return __mh_unsupported();
    if (timeout == NULL)
        return sleep_milliseconds(-1);
    struct timespec duration = {.tv_sec = timeout->tv_sec, .tv_nsec = timeout->tv_usec * 1000};
    return nanosleep(&duration, NULL);
}

int pselect(int count, fd_set *readable, fd_set *writable, fd_set *exceptional,
            const struct timespec *timeout, const sigset_t *mask)
{
    (void)mask;
    if (timeout == NULL)
        return select(count, readable, writable, exceptional, NULL);
    struct timeval converted = {.tv_sec = timeout->tv_sec, .tv_usec = timeout->tv_nsec / 1000};
    return select(count, readable, writable, exceptional, &converted);
}
