/* Clocks and sleeping on the kernel's clock_gettime and nanosleep. */
#include <errno.h>
#include <stdint.h>
#include <sys/time.h>
#include <signal.h>
#include <sys/times.h>
#include <time.h>

#include "internal.h"

#define NANOSECONDS 1000000000l

static int kernel_clock(clockid_t clock, unsigned *kernel)
{
    if (clock == CLOCK_REALTIME)
        *kernel = MH_CLOCK_REALTIME;
    else if (clock == CLOCK_MONOTONIC)
        *kernel = MH_CLOCK_MONOTONIC;
    else {
        errno = EINVAL;
        return -1;
    }
    return 0;
}

int clock_gettime(clockid_t clock, struct timespec *now)
{
    unsigned kernel;
    if (kernel_clock(clock, &kernel) != 0)
        return -1;
    struct mh_timespec time;
    if (__mh_result(mh_syscall2(MH_SYS_CLOCK_GETTIME, kernel, &time)) != 0)
        return -1;
    now->tv_sec = (time_t)time.seconds;
    now->tv_nsec = time.nanoseconds;
    return 0;
}

/* Both clocks are read from the TSC in nanoseconds. */
int clock_getres(clockid_t clock, struct timespec *resolution)
{
    unsigned kernel;
    if (kernel_clock(clock, &kernel) != 0)
        return -1;
    if (resolution != NULL) {
        resolution->tv_sec = 0;
        resolution->tv_nsec = 1;
    }
    return 0;
}

int gettimeofday(struct timeval *restrict now, void *restrict zone)
{
    (void)zone;
    struct timespec time;
    if (clock_gettime(CLOCK_REALTIME, &time) != 0)
        return -1;
    if (now != NULL) {
        now->tv_sec = time.tv_sec;
        now->tv_usec = time.tv_nsec / 1000;
    }
    return 0;
}

int nanosleep(const struct timespec *request, struct timespec *remaining)
{
    if (request->tv_nsec < 0 || request->tv_nsec >= NANOSECONDS || request->tv_sec < 0) {
        errno = EINVAL;
        return -1;
    }
    struct mh_timespec wanted = {.seconds = request->tv_sec,
                                 .nanoseconds = (int32_t)request->tv_nsec};
    struct mh_timespec left = {0};
    long result = __mh_result(mh_syscall2(MH_SYS_NANOSLEEP, &wanted, &left));
    if (result != 0 && errno == EINTR && remaining != NULL) {
        remaining->tv_sec = (time_t)left.seconds;
        remaining->tv_nsec = left.nanoseconds;
    }
    return (int)result;
}

/* The kernel does not account CPU time per process yet: times() reports the time since the
 * process's first call as user time (clock() builds on it), in CLOCKS_PER_SEC ticks. */
clock_t times(struct tms *buffer)
{
    static int64_t first;
    struct timespec now;
    if (clock_gettime(CLOCK_MONOTONIC, &now) != 0)
        return (clock_t)-1;
    int64_t ticks = (int64_t)now.tv_sec * CLOCKS_PER_SEC +
                    now.tv_nsec / (NANOSECONDS / CLOCKS_PER_SEC);
    if (first == 0)
        first = ticks;
    buffer->tms_utime = (clock_t)(ticks - first);
    buffer->tms_stime = 0;
    buffer->tms_cutime = 0;
    buffer->tms_cstime = 0;
    return (clock_t)ticks;
}

int clock_settime(clockid_t clock, const struct timespec *time)
{
    (void)clock, (void)time;
    return __mh_unsupported();
}

int timer_create(clockid_t clock, struct sigevent *event, timer_t *timer)
{
    (void)clock, (void)event, (void)timer;
    return __mh_unsupported();
}

int timer_delete(timer_t timer)
{
    (void)timer;
    return __mh_unsupported();
}

int timer_settime(timer_t timer, int flags, const struct itimerspec *restrict value,
                  struct itimerspec *restrict previous)
{
    (void)timer, (void)flags, (void)value, (void)previous;
    return __mh_unsupported();
}

int timer_gettime(timer_t timer, struct itimerspec *value)
{
    (void)timer, (void)value;
    return __mh_unsupported();
}

int timer_getoverrun(timer_t timer)
{
    (void)timer;
    return __mh_unsupported();
}
