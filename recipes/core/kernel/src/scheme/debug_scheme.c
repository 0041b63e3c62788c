#include "debug_scheme.h"

#include "arch/x86_64/cpu.h"
#include "console.h"
#include "console_input.h"
#include "proc/process.h"
#include "scheme/scheme_util.h"

#define READ_CHUNK 128

const char debug_console_handle = 'd';

static int debug_open(struct scheme *scheme, const char *path, size_t length, unsigned *flags, void **handle)
{
    (void)scheme;
    (void)path;
    (void)length;
    (void)flags;
    *handle = (void *)&debug_console_handle;
    return 0;
}

static int64_t debug_read(void *handle, const struct io_buffer *buffer, unsigned flags)
{
    (void)handle;
    if (buffer->length == 0)
        return 0;
    char chunk[READ_CHUNK];
    size_t wanted = buffer->length < READ_CHUNK ? buffer->length : READ_CHUNK;
    irq_state state = irq_save();
    while (!console_input_available()) {
        if ((flags & MH_O_NONBLOCK) || process_signal_pending()) {
            irq_restore(state);
            return (flags & MH_O_NONBLOCK) ? -MH_EAGAIN : -MH_EINTR;
        }
        wait_queue_block(console_input_waiters());
    }
    size_t count = console_input_take(chunk, wanted);
    irq_restore(state);
    int result = io_buffer_put(buffer, 0, chunk, count);
    return result < 0 ? result : (int64_t)count;
}

static int64_t debug_write(void *handle, const struct io_buffer *buffer, unsigned flags)
{
    (void)handle;
    (void)flags;
    char chunk[READ_CHUNK];
    for (size_t done = 0; done < buffer->length;) {
        size_t piece = buffer->length - done < READ_CHUNK ? buffer->length - done : READ_CHUNK;
        if (io_buffer_get(buffer, done, chunk, piece) != 0)
            return done > 0 ? (int64_t)done : -MH_EFAULT;
        console_write(chunk, piece);
        done += piece;
    }
    return (int64_t)buffer->length;
}

static int64_t debug_poll(void *handle, unsigned interest)
{
    (void)handle;
    (void)interest;
    return MH_EVENT_WRITE | (console_input_available() ? MH_EVENT_READ : 0);
}

static int debug_fstat(void *handle, struct mh_stat *stat)
{
    (void)handle;
    scheme_stat_fill(stat, MH_MODE_CHR | 0620, 0);
    return 0;
}

static int64_t debug_fpath(void *handle, const struct io_buffer *buffer)
{
    (void)handle;
    return scheme_put_path(buffer, "debug:", "");
}

static const struct scheme_ops debug_ops = {
    .open = debug_open,
    .read = debug_read,
    .write = debug_write,
    .fstat = debug_fstat,
    .fpath = debug_fpath,
    .poll = debug_poll,
};

struct scheme debug_scheme = {.name = "debug", .ops = &debug_ops};
