#include "pipe_scheme.h"

#include <stdbool.h>

#include "arch/x86_64/cpu.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"
#include "proc/process.h"
#include "proc/signal.h"
#include "scheme/events.h"
#include "scheme/scheme_util.h"
#include "sched/wait.h"

#define COPY_CHUNK 512

struct pipe_end;

struct pipe {
    uint8_t *ring;
    size_t start, used;
    unsigned readers, writers;
    struct wait_queue readable, writable;
    struct pipe_end *ends;
    uint64_t id; /* st_ino */
};

struct pipe_end {
    struct pipe *pipe;
    bool writes;
    struct pipe_end *next;
};

static uint64_t next_pipe_id = 1;

/* With interrupts disabled. */
static void notify(struct pipe *pipe)
{
    wait_queue_wake_all(&pipe->readable);
    wait_queue_wake_all(&pipe->writable);
    for (struct pipe_end *end = pipe->ends; end != NULL; end = end->next) {
        if (end->writes && (pipe->used < PIPE_CAPACITY || pipe->readers == 0))
            events_trigger(end, MH_EVENT_WRITE);
        if (!end->writes && (pipe->used > 0 || pipe->writers == 0))
            events_trigger(end, MH_EVENT_READ);
    }
}

static struct pipe_end *add_end(struct pipe *pipe, bool writes)
{
    struct pipe_end *end = kmalloc(sizeof *end);
    if (end == NULL)
        return NULL;
    irq_state state = irq_save();
    *end = (struct pipe_end){.pipe = pipe, .writes = writes, .next = pipe->ends};
    pipe->ends = end;
    if (writes)
        pipe->writers++;
    else
        pipe->readers++;
    irq_restore(state);
    return end;
}

static void pipe_close(void *handle)
{
    struct pipe_end *end = handle;
    struct pipe *pipe = end->pipe;
    irq_state state = irq_save();
    struct pipe_end **link = &pipe->ends;
    while (*link != end)
        link = &(*link)->next;
    *link = end->next;
    if (end->writes)
        pipe->writers--;
    else
        pipe->readers--;
    bool last = pipe->ends == NULL;
    if (!last)
        notify(pipe);
    irq_restore(state);
    kfree(end);
    if (last) {
        kfree(pipe->ring);
        kfree(pipe);
    }
}

int pipe_create(void **read_end, void **write_end)
{
    struct pipe *pipe = kzalloc(sizeof *pipe);
    uint8_t *ring = kmalloc(PIPE_CAPACITY);
    if (pipe == NULL || ring == NULL) {
        kfree(pipe);
        kfree(ring);
        return -MH_ENOMEM;
    }
    pipe->ring = ring;
    irq_state state = irq_save();
    pipe->id = next_pipe_id++;
    irq_restore(state);
    struct pipe_end *reader = add_end(pipe, false);
    if (reader == NULL) {
        kfree(ring);
        kfree(pipe);
        return -MH_ENOMEM;
    }
    *read_end = reader;
    if (write_end == NULL)
        return 0;
    struct pipe_end *writer = add_end(pipe, true);
    if (writer == NULL) {
        pipe_close(reader);
        return -MH_ENOMEM;
    }
    *write_end = writer;
    return 0;
}

static int pipe_open(struct scheme *scheme, const char *path, size_t length, unsigned *flags, void **handle)
{
    (void)scheme;
    (void)path;
    if (length != 0)
        return -MH_ENOENT;
    *flags = (*flags & ~MH_O_ACCMODE) | MH_O_RDONLY;
    return pipe_create(handle, NULL);
}

static int pipe_dup(void *handle, const char *request, size_t length, unsigned *flags, void **copy)
{
    struct pipe_end *end = handle;
    bool writes;
    if (length == 5 && memcmp(request, "write", 5) == 0)
        writes = true;
    else if (length == 4 && memcmp(request, "read", 4) == 0)
        writes = false;
    else
        return -MH_EINVAL;
    struct pipe_end *added = add_end(end->pipe, writes);
    if (added == NULL)
        return -MH_ENOMEM;
    *flags = (*flags & ~MH_O_ACCMODE) | (writes ? MH_O_WRONLY : MH_O_RDONLY);
    *copy = added;
    return 0;
}

/* Copies up to count bytes from the ring (from its start) into buffer at offset; the bytes
 * stay in the ring. */
static int copy_out(struct pipe *pipe, const struct io_buffer *buffer, size_t offset, size_t count)
{
    size_t first = PIPE_CAPACITY - pipe->start < count ? PIPE_CAPACITY - pipe->start : count;
    int result = io_buffer_put(buffer, offset, pipe->ring + pipe->start, first);
    if (result == 0 && first < count)
        result = io_buffer_put(buffer, offset + first, pipe->ring, count - first);
    return result;
}

static int64_t pipe_read(void *handle, const struct io_buffer *buffer, unsigned flags)
{
    struct pipe_end *end = handle;
    struct pipe *pipe = end->pipe;
    if (end->writes)
        return -MH_EBADF;
    if (buffer->length == 0)
        return 0;
    irq_state state = irq_save();
    while (pipe->used == 0 && pipe->writers > 0) {
        if ((flags & MH_O_NONBLOCK) || process_signal_pending()) {
            irq_restore(state);
            return (flags & MH_O_NONBLOCK) ? -MH_EAGAIN : -MH_EINTR;
        }
        wait_queue_block(&pipe->readable);
    }
    size_t count = pipe->used < buffer->length ? pipe->used : buffer->length;
    /* The copy happens with interrupts off, so no other reader takes the same bytes. */
    int result = copy_out(pipe, buffer, 0, count);
    if (result == 0 && count > 0) {
        pipe->start = (pipe->start + count) % PIPE_CAPACITY;
        pipe->used -= count;
        notify(pipe);
    }
    irq_restore(state);
    return result < 0 ? result : (int64_t)count;
}

/* Appends up to count bytes of buffer (from offset) to the ring, which has room for them.
 * Returns the bytes appended, or -MH_EFAULT when the first piece could not be read. */
static int64_t copy_in(struct pipe *pipe, const struct io_buffer *buffer, size_t offset, size_t count)
{
    uint8_t chunk[COPY_CHUNK];
    size_t done = 0;
    while (done < count) {
        size_t piece = count - done < COPY_CHUNK ? count - done : COPY_CHUNK;
        if (io_buffer_get(buffer, offset + done, chunk, piece) != 0)
            return done > 0 ? (int64_t)done : -MH_EFAULT;
        for (size_t i = 0; i < piece; i++)
            pipe->ring[(pipe->start + pipe->used + i) % PIPE_CAPACITY] = chunk[i];
        pipe->used += piece;
        done += piece;
    }
    return (int64_t)done;
}

static int64_t pipe_write(void *handle, const struct io_buffer *buffer, unsigned flags)
{
    struct pipe_end *end = handle;
    struct pipe *pipe = end->pipe;
    if (!end->writes)
        return -MH_EBADF;
    size_t done = 0;
    int64_t result = 0;
    irq_state state = irq_save();
    while (done < buffer->length) {
        if (pipe->readers == 0) {
            signal_send_self(MH_SIGPIPE);
            result = -MH_EPIPE;
            break;
        }
        size_t room = PIPE_CAPACITY - pipe->used;
        size_t left = buffer->length - done;
        /* Small writes go in whole or wait: they must not be interleaved with others. */
        bool fits = left <= PIPE_ATOMIC_BYTES ? room >= left : room > 0;
        if (!fits) {
            if ((flags & MH_O_NONBLOCK) || process_signal_pending()) {
                result = (flags & MH_O_NONBLOCK) ? -MH_EAGAIN : -MH_EINTR;
                break;
            }
            wait_queue_block(&pipe->writable);
            continue;
        }
        size_t count = left < room ? left : room;
        int64_t copied = copy_in(pipe, buffer, done, count);
        if (copied > 0) {
            done += (size_t)copied;
            notify(pipe);
        }
        if (copied < (int64_t)count) {
            result = -MH_EFAULT;
            break;
        }
    }
    irq_restore(state);
    return done > 0 ? (int64_t)done : result;
}

static int64_t pipe_poll(void *handle, unsigned interest)
{
    (void)interest;
    struct pipe_end *end = handle;
    struct pipe *pipe = end->pipe;
    irq_state state = irq_save();
    int64_t ready = 0;
    if (end->writes && (pipe->used < PIPE_CAPACITY || pipe->readers == 0))
        ready = MH_EVENT_WRITE;
    if (!end->writes && (pipe->used > 0 || pipe->writers == 0))
        ready = MH_EVENT_READ;
    irq_restore(state);
    return ready;
}

static int64_t pipe_seek(void *handle, int64_t offset, int whence)
{
    (void)handle;
    (void)offset;
    (void)whence;
    return -MH_ESPIPE;
}

static int pipe_fstat(void *handle, struct mh_stat *stat)
{
    struct pipe_end *end = handle;
    scheme_stat_fill(stat, MH_MODE_FIFO | 0600, end->pipe->used);
    stat->st_ino = end->pipe->id;
    stat->st_blocks = 0;
    return 0;
}

static int64_t pipe_fpath(void *handle, const struct io_buffer *buffer)
{
    struct pipe_end *end = handle;
    return scheme_put_path(buffer, "pipe:", end->writes ? "write" : "read");
}

static const struct scheme_ops pipe_ops = {
    .open = pipe_open,
    .read = pipe_read,
    .write = pipe_write,
    .seek = pipe_seek,
    .fstat = pipe_fstat,
    .fpath = pipe_fpath,
    .dup = pipe_dup,
    .poll = pipe_poll,
    .close = pipe_close,
};

struct scheme pipe_scheme = {.name = "pipe", .ops = &pipe_ops};
