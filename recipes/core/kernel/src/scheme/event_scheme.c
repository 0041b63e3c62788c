#include "event_scheme.h"

#include "proc/files.h"
#include "proc/process.h"
#include "scheme/events.h"
#include "scheme/scheme_util.h"

static int event_open(struct scheme *scheme, const char *path, size_t length, unsigned *flags, void **handle)
{
    (void)scheme;
    (void)path;
    (void)flags;
    if (length != 0)
        return -MH_ENOENT;
    struct event_queue *queue = event_queue_create();
    if (queue == NULL)
        return -MH_ENOMEM;
    *handle = queue;
    return 0;
}

static int64_t event_read(void *handle, const struct io_buffer *buffer, unsigned flags)
{
    return event_queue_read(handle, buffer, (flags & MH_O_NONBLOCK) != 0);
}

/* Each record names a descriptor of the writer. */
static int64_t event_write(void *handle, const struct io_buffer *buffer, unsigned flags)
{
    (void)flags;
    if (buffer->length % sizeof(struct mh_event) != 0)
        return -MH_EINVAL;
    size_t done = 0;
    while (done < buffer->length) {
        struct mh_event event;
        int result = io_buffer_get(buffer, done, &event, sizeof event);
        struct file *file = NULL;
        if (result == 0) {
            file = files_get(&process_current()->files, (int64_t)event.id);
            if (file == NULL)
                result = -MH_EBADF;
        }
        if (result == 0)
            result = event_queue_watch(handle, file, event.id, (unsigned)event.flags, event.data);
        if (result != 0)
            return done > 0 ? (int64_t)done : result;
        done += sizeof event;
    }
    return (int64_t)done;
}

static int64_t event_poll(void *handle, unsigned interest)
{
    (void)interest;
    return event_queue_ready(handle) ? MH_EVENT_READ : 0;
}

static int event_fstat(void *handle, struct mh_stat *stat)
{
    (void)handle;
    scheme_stat_fill(stat, MH_MODE_CHR | 0600, 0);
    return 0;
}

static int64_t event_fpath(void *handle, const struct io_buffer *buffer)
{
    (void)handle;
    return scheme_put_path(buffer, "event:", "");
}

static void event_close(void *handle)
{
    event_queue_destroy(handle);
}

static const struct scheme_ops event_ops = {
    .open = event_open,
    .read = event_read,
    .write = event_write,
    .fstat = event_fstat,
    .fpath = event_fpath,
    .poll = event_poll,
    .close = event_close,
};

struct scheme event_scheme = {.name = "event", .ops = &event_ops};
