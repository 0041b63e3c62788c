#include "debug_scheme.h"

#include "arch/x86_64/cpu.h"
#include "console_input.h"
#include "lib/kstring.h"
#include "proc/process.h"
#include "proc/signal.h"
#include "scheme/scheme_util.h"
#include "time.h"

#define CHUNK 128
#define VTIME_UNIT_NS 100000000ull /* VTIME counts tenths of a second */

const char debug_console_handle = 'd';

/* The attribute handles dup(console, name) returns; each reads and writes one value. */
enum attribute {
    ATTRIBUTE_TERMIOS,
    ATTRIBUTE_PGRP,
    ATTRIBUTE_WINSIZE,
    ATTRIBUTE_FLUSH,
    ATTRIBUTE_SESSION,         /* read: tcgetsid */
    ATTRIBUTE_CONTROLLING,     /* write: TIOCSCTTY */
};

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
    {ATTRIBUTE_SESSION, "sid", sizeof(int32_t)},
    {ATTRIBUTE_CONTROLLING, "ctty", sizeof(int32_t)},
};

/* The session the console is the controlling terminal of (0: none). Interrupts off to touch. */
static int controlling_session;

/* With interrupts disabled: whether the console is process's controlling terminal. */
static bool controls(const struct process *process)
{
    return process != NULL && controlling_session != 0 && process->sid == controlling_session;
}

static bool signal_refused(const struct process *process, int signal)
{
    return process->signal_actions[signal - 1].handler == MH_SIG_IGN ||
           (process->signal_mask & MH_SIGNAL_BIT(signal));
}

/* With interrupts disabled, POSIX job control for the caller using its controlling terminal:
 * 0 when it may go on (it is not in a background group of the terminal's session); otherwise
 * signal (SIGTTIN for reads, SIGTTOU for output and attribute changes) goes to its group and
 * the call ends with EINTR (so it starts over once the group is continued), or EIO when the
 * stop would strand an orphaned group. A read with SIGTTIN ignored or blocked is EIO; a
 * SIGTTOU case with the signal ignored or blocked goes on. */
static int background_check(int signal)
{
    struct process *caller = process_current();
    int foreground = console_foreground_group();
    if (!controls(caller) || foreground == 0 || caller->pgid == foreground)
        return 0;
    if (signal_refused(caller, signal))
        return signal == MH_SIGTTIN ? -MH_EIO : 0;
    if (process_group_orphaned(caller->pgid))
        return -MH_EIO;
    process_signal_group(caller->pgid, signal);
    return -MH_EINTR;
}

/* TIOCSCTTY: a session leader without a controlling terminal takes the console, unless another
 * session has it (which root takes away with steal set); its group becomes the foreground. */
static int64_t acquire(int32_t steal)
{
    struct process *caller = process_current();
    if (controls(caller))
        return 0;
    if (caller->sid != caller->pid)
        return -MH_EPERM;
    if (controlling_session != 0 && !(steal == 1 && caller->euid == 0))
        return -MH_EPERM;
    controlling_session = caller->sid;
    console_set_foreground_group(caller->pgid);
    return 0;
}

void debug_session_leader_exits(int sid)
{
    irq_state state = irq_save();
    if (sid == controlling_session) {
        /* The session loses its terminal: hang up its foreground (waking it if stopped). */
        int foreground = console_foreground_group();
        controlling_session = 0;
        console_set_foreground_group(0);
        if (foreground > 0) {
            process_signal_group(foreground, MH_SIGHUP);
            process_signal_group(foreground, MH_SIGCONT);
        }
    }
    irq_restore(state);
}

static bool is_console(const void *handle)
{
    return handle == &debug_console_handle;
}

/* debug: is the console for anyone; tty: (the same file) only for a process whose controlling
 * terminal it is. */
static int debug_open(struct scheme *scheme, const char *path, size_t length, unsigned *flags, void **handle)
{
    (void)path;
    (void)length;
    (void)flags;
    if (scheme == &tty_scheme) {
        irq_state state = irq_save();
        bool has_terminal = controls(process_current());
        irq_restore(state);
        if (!has_terminal)
            return -MH_ENXIO;
    }
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
    int refused = background_check(MH_SIGTTIN);
    if (refused != 0) {
        irq_restore(state);
        return refused;
    }
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
    case ATTRIBUTE_SESSION:
        if (!controls(process_current())) {
            irq_restore(state);
            return -MH_ENOTTY;
        }
        value.group = controlling_session;
        break;
    case ATTRIBUTE_FLUSH:
    case ATTRIBUTE_CONTROLLING:
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
    irq_state checking = irq_save();
    int refused = (console_terminal()->termios.c_lflag & MH_TOSTOP) ? background_check(MH_SIGTTOU) : 0;
    irq_restore(checking);
    if (refused != 0)
        return refused;
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
    int64_t result = handle->attribute == ATTRIBUTE_CONTROLLING || handle->attribute == ATTRIBUTE_SESSION
                         ? 0
                         : background_check(MH_SIGTTOU);
    if (result != 0) {
        irq_restore(state);
        return result;
    }
    result = (int64_t)handle->size;
    struct process *caller = process_current();
    switch (handle->attribute) {
    case ATTRIBUTE_TERMIOS:
        ld_set_termios(console_terminal(), &value.termios);
        /* Readers may be able to return under the new mode. */
        wait_queue_wake_all(console_input_waiters());
        break;
    case ATTRIBUTE_PGRP:
        if (value.number <= 0)
            result = -MH_EINVAL;
        else if (controlling_session != 0 && !controls(caller))
            result = -MH_ENOTTY; /* not the caller's controlling terminal */
        else if (controlling_session != 0 ? !process_group_in_session(value.number, controlling_session)
                                          : !process_group_exists(value.number))
            result = -MH_EPERM;
        else
            console_set_foreground_group(value.number);
        break;
    case ATTRIBUTE_CONTROLLING:
        result = acquire(value.number);
        if (result == 0)
            result = (int64_t)handle->size;
        break;
    case ATTRIBUTE_SESSION:
        result = -MH_EBADF;
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

/* tty: opens the caller's controlling terminal (/dev/tty links here); the file is the console
 * itself, so it behaves (and reports its path) as debug: does, through the same operations. */
struct scheme tty_scheme = {.name = "tty", .ops = &debug_ops};
