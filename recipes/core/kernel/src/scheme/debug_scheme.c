#include "debug_scheme.h"

#include "arch/x86_64/cpu.h"
#include "console_input.h"
#include "lib/kstring.h"
#include "proc/process.h"
#include "scheme/scheme_util.h"
#include "time.h"

#define CHUNK 128
#define VTIME_UNIT_NS 100000000ull /* VTIME counts tenths of a second */

const char debug_console_handle = 'd';

/* The attribute handles dup(console, name) returns; each reads and writes one value. */
enum attribute { ATTRIBUTE_TERMIOS, ATTRIBUTE_PGRP, ATTRIBUTE_WINSIZE, ATTRIBUTE_FLUSH };

struct attribute_handle {
    enum attribute attribute;
    const char *name;
    size_t size; /* of the value read or written */
};

static const struct attribute_handle attribute_handles[] = {
    {ATTRIBUTE_TERMIOS, "termios", sizeof(struct mh_termios)},
    {ATTRIBUTE_PGRP, "pgrp", sizeof(int32_t)},
    {ATTRIBUTE_WINSIZE, "winsize", sizeof(struct mh_winsize)},
    {ATTRIBUTE_FLUSH, "flush", sizeof(int32_t)},
};

static bool is_console(const void *handle)
{
    return handle == &debug_console_handle;
}

static int debug_open(struct scheme *scheme, const char *path, size_t length, unsigned *flags, void **handle)
{
    (void)scheme;
    (void)path;
    (void)length;
    (void)flags;
    *handle = (void *)&debug_console_handle;
    return 0;
}

static int debug_dup(void *handle, const char *request, size_t length, unsigned *flags, void **copy)
{
    (void)flags;
    if (!is_console(handle))
        return -MH_EINVAL;
    for (size_t i = 0; i < sizeof attribute_handles / sizeof attribute_handles[0]; i++) {
        const char *name = attribute_handles[i].name;
        if (strlen(name) == length && memcmp(name, request, length) == 0) {
            *copy = (void *)&attribute_handles[i];
            return 0;
        }
    }
    return -MH_EINVAL;
}

/* With interrupts disabled: whether a read of length bytes may return now, as the terminal's
 * mode says; *deadline is when it may return anyway (VTIME), UINT64_MAX for never. */
static bool input_ready(size_t length, uint64_t started, uint64_t *deadline)
{
    struct line_discipline *terminal = console_terminal();
    *deadline = UINT64_MAX;
    if (terminal->termios.c_lflag & MH_ICANON)
        return ld_readable(terminal);
    size_t minimum = terminal->termios.c_cc[MH_VMIN];
    uint64_t interval = terminal->termios.c_cc[MH_VTIME] * VTIME_UNIT_NS;
    size_t pending = ld_pending(terminal);
    if (minimum == 0) {
        /* VTIME counts from the read; 0 and 0 is a poll. */
        *deadline = started + interval;
        return pending > 0 || time_monotonic_ns() >= *deadline;
    }
    if (pending >= (minimum < length ? minimum : length))
        return true;
    if (interval == 0 || pending == 0)
        return false;
    /* VTIME is the longest gap between bytes once the first has come. */
    *deadline = console_input_last_arrival() + interval;
    return time_monotonic_ns() >= *deadline;
}

static int64_t read_console(const struct io_buffer *buffer, unsigned flags)
{
    if (buffer->length == 0)
        return 0;
    char chunk[CHUNK];
    size_t wanted = buffer->length < CHUNK ? buffer->length : CHUNK;
    uint64_t started = time_monotonic_ns();
    uint64_t deadline;
    irq_state state = irq_save();
    while (!input_ready(wanted, started, &deadline)) {
        if ((flags & MH_O_NONBLOCK) || process_signal_pending()) {
            irq_restore(state);
            return (flags & MH_O_NONBLOCK) ? -MH_EAGAIN : -MH_EINTR;
        }
        if (deadline == UINT64_MAX)
            wait_queue_block(console_input_waiters());
        else
            wait_queue_block_until(console_input_waiters(), deadline);
    }
    size_t count = ld_take(console_terminal(), chunk, wanted);
    irq_restore(state);
    int result = io_buffer_put(buffer, 0, chunk, count);
    return result < 0 ? result : (int64_t)count;
}

static int64_t read_attribute(const struct attribute_handle *handle, const struct io_buffer *buffer)
{
    if (buffer->length < handle->size)
        return -MH_EINVAL;
    union {
        struct mh_termios termios;
        int32_t group;
        struct mh_winsize size;
    } value;
    irq_state state = irq_save();
    switch (handle->attribute) {
    case ATTRIBUTE_TERMIOS:
        value.termios = console_terminal()->termios;
        break;
    case ATTRIBUTE_PGRP:
        value.group = console_foreground_group();
        break;
    case ATTRIBUTE_WINSIZE:
        value.size = console_window_size();
        break;
    case ATTRIBUTE_FLUSH:
        irq_restore(state);
        return -MH_EBADF;
    }
    irq_restore(state);
    int result = io_buffer_put(buffer, 0, &value, handle->size);
    return result < 0 ? result : (int64_t)handle->size;
}

static int64_t debug_read(void *handle, const struct io_buffer *buffer, unsigned flags)
{
    if (is_console(handle))
        return read_console(buffer, flags);
    return read_attribute(handle, buffer);
}

static int64_t write_console(const struct io_buffer *buffer)
{
    char chunk[CHUNK];
    for (size_t done = 0; done < buffer->length;) {
        size_t piece = buffer->length - done < CHUNK ? buffer->length - done : CHUNK;
        if (io_buffer_get(buffer, done, chunk, piece) != 0)
            return done > 0 ? (int64_t)done : -MH_EFAULT;
        irq_state state = irq_save();
        ld_output(console_terminal(), chunk, piece);
        irq_restore(state);
        done += piece;
    }
    return (int64_t)buffer->length;
}

static int64_t write_attribute(const struct attribute_handle *handle, const struct io_buffer *buffer)
{
    union {
        struct mh_termios termios;
        int32_t number;
        struct mh_winsize size;
    } value;
    if (buffer->length != handle->size)
        return -MH_EINVAL;
    if (io_buffer_get(buffer, 0, &value, handle->size) != 0)
        return -MH_EFAULT;
    irq_state state = irq_save();
    int64_t result = (int64_t)handle->size;
    switch (handle->attribute) {
    case ATTRIBUTE_TERMIOS:
        ld_set_termios(console_terminal(), &value.termios);
        /* Readers may be able to return under the new mode. */
        wait_queue_wake_all(console_input_waiters());
        break;
    case ATTRIBUTE_PGRP:
        if (value.number <= 0)
            result = -MH_EINVAL;
        else if (!process_group_exists(value.number))
            result = -MH_EPERM;
        else
            console_set_foreground_group(value.number);
        break;
    case ATTRIBUTE_WINSIZE:
        console_set_window_size(&value.size);
        break;
    case ATTRIBUTE_FLUSH:
        if (value.number < MH_TCIFLUSH || value.number > MH_TCIOFLUSH)
            result = -MH_EINVAL;
        else if (value.number != MH_TCOFLUSH)
            ld_flush_input(console_terminal()); /* output is never queued */
        break;
    }
    irq_restore(state);
    return result;
}

static int64_t debug_write(void *handle, const struct io_buffer *buffer, unsigned flags)
{
    (void)flags;
    if (is_console(handle))
        return write_console(buffer);
    return write_attribute(handle, buffer);
}

static int64_t debug_poll(void *handle, unsigned interest)
{
    (void)interest;
    if (!is_console(handle))
        return -MH_EPERM;
    irq_state state = irq_save();
    bool readable = ld_readable(console_terminal());
    irq_restore(state);
    return MH_EVENT_WRITE | (readable ? MH_EVENT_READ : 0);
}

static int debug_fstat(void *handle, struct mh_stat *stat)
{
    (void)handle;
    scheme_stat_fill(stat, MH_MODE_CHR | 0620, 0);
    return 0;
}

static int64_t debug_fpath(void *handle, const struct io_buffer *buffer)
{
    if (is_console(handle))
        return scheme_put_path(buffer, "debug:", "");
    return scheme_put_path(buffer, "debug:", ((const struct attribute_handle *)handle)->name);
}

static const struct scheme_ops debug_ops = {
    .open = debug_open,
    .read = debug_read,
    .write = debug_write,
    .fstat = debug_fstat,
    .fpath = debug_fpath,
    .dup = debug_dup,
    .poll = debug_poll,
};

struct scheme debug_scheme = {.name = "debug", .ops = &debug_ops};
