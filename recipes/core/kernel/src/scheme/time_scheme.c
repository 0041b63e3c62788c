#include "time_scheme.h"

#include <stdbool.h>

#include "arch/x86_64/cpu.h"
#include "lib/format.h"
#include "mm/kmalloc.h"
#include "scheme/events.h"
#include "scheme/scheme_util.h"
#include "time.h"

struct timer {
    unsigned clock;
    uint64_t deadline_ns; /* monotonic */
    bool armed, fired;
    struct timer *next;   /* armed timers, soonest first */
};

static struct timer *armed_timers;

static bool parse_clock(const char *path, size_t length, unsigned *clock)
{
    if (length == 0) {
        *clock = MH_CLOCK_MONOTONIC;
        return true;
    }
    if (length == 1 && (path[0] == '0' + MH_CLOCK_MONOTONIC || path[0] == '0' + MH_CLOCK_REALTIME)) {
        *clock = (unsigned)(path[0] - '0');
        return true;
    }
    return false;
}

static uint64_t clock_now(unsigned clock)
{
    return clock == MH_CLOCK_REALTIME ? time_realtime_ns() : time_monotonic_ns();
}

static int time_open(struct scheme *scheme, const char *path, size_t length, unsigned *flags, void **handle)
{
    (void)scheme;
    (void)flags;
    unsigned clock;
    if (!parse_clock(path, length, &clock))
        return -MH_ENOENT;
    struct timer *timer = kzalloc(sizeof *timer);
    if (timer == NULL)
        return -MH_ENOMEM;
    timer->clock = clock;
    *handle = timer;
    return 0;
}

static int64_t time_read(void *handle, const struct io_buffer *buffer, unsigned flags)
{
    (void)flags;
    struct timer *timer = handle;
    if (buffer->length < sizeof(struct mh_timespec))
        return -MH_EINVAL;
    uint64_t now = clock_now(timer->clock);
    struct mh_timespec time = {.seconds = (int64_t)(now / NANOSECONDS_PER_SECOND),
                               .nanoseconds = (int32_t)(now % NANOSECONDS_PER_SECOND)};
    int result = io_buffer_put(buffer, 0, &time, sizeof time);
    return result < 0 ? result : (int64_t)sizeof time;
}

/* With interrupts disabled. */
static void disarm(struct timer *timer)
{
    struct timer **link = &armed_timers;
    while (*link != NULL && *link != timer)
        link = &(*link)->next;
    if (*link == timer)
        *link = timer->next;
    timer->next = NULL;
    timer->armed = false;
}

static int64_t time_write(void *handle, const struct io_buffer *buffer, unsigned flags)
{
    (void)flags;
    struct timer *timer = handle;
    struct mh_timespec time;
    if (buffer->length < sizeof time)
        return -MH_EINVAL;
    int result = io_buffer_get(buffer, 0, &time, sizeof time);
    if (result != 0)
        return result;
    if (time.seconds < 0 || time.nanoseconds < 0 || time.nanoseconds >= (int32_t)NANOSECONDS_PER_SECOND)
        return -MH_EINVAL;
    uint64_t wanted = (uint64_t)time.seconds >= UINT64_MAX / NANOSECONDS_PER_SECOND
                          ? UINT64_MAX
                          : (uint64_t)time.seconds * NANOSECONDS_PER_SECOND + (uint64_t)time.nanoseconds;
    irq_state state = irq_save();
    uint64_t now = clock_now(timer->clock), monotonic = time_monotonic_ns();
    /* A deadline on the real-time clock is the same distance away on the monotonic one. */
    uint64_t deadline = wanted <= now ? monotonic
                        : wanted - now > UINT64_MAX - monotonic ? UINT64_MAX
                                                                : monotonic + (wanted - now);
    disarm(timer);
    timer->fired = false;
    timer->deadline_ns = deadline;
    if (wanted <= now) {
        timer->fired = true;
        events_trigger(timer, MH_EVENT_READ);
    } else {
        struct timer **link = &armed_timers;
        while (*link != NULL && (*link)->deadline_ns <= deadline)
            link = &(*link)->next;
        timer->next = *link;
        *link = timer;
        timer->armed = true;
    }
    irq_restore(state);
    return (int64_t)sizeof time;
}

void time_scheme_tick(uint64_t now_ns)
{
    while (armed_timers != NULL && armed_timers->deadline_ns <= now_ns) {
        struct timer *timer = armed_timers;
        disarm(timer);
        timer->fired = true;
        events_trigger(timer, MH_EVENT_READ);
    }
}

static int64_t time_poll(void *handle, unsigned interest)
{
    (void)interest;
    struct timer *timer = handle;
    return timer->fired ? MH_EVENT_READ : 0;
}

static int time_fstat(void *handle, struct mh_stat *stat)
{
    (void)handle;
    scheme_stat_fill(stat, MH_MODE_CHR | 0666, 0);
    return 0;
}

static int64_t time_fpath(void *handle, const struct io_buffer *buffer)
{
    struct timer *timer = handle;
    char clock[4];
    format_buffer(clock, sizeof clock, "%u", timer->clock);
    return scheme_put_path(buffer, "time:", clock);
}

static void time_close(void *handle)
{
    irq_state state = irq_save();
    disarm(handle);
    irq_restore(state);
    kfree(handle);
}

static const struct scheme_ops time_ops = {
    .open = time_open,
    .read = time_read,
    .write = time_write,
    .fstat = time_fstat,
    .fpath = time_fpath,
    .poll = time_poll,
    .close = time_close,
};

struct scheme time_scheme = {.name = "time", .ops = &time_ops};
