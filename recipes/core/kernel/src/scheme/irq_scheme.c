#include "irq_scheme.h"

#include <stdbool.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/irq.h"
#include "lib/format.h"
#include "mm/kmalloc.h"
#include "proc/process.h"
#include "scheme/events.h"
#include "scheme/scheme_util.h"
#include "sched/wait.h"

struct irq_handle {
    unsigned irq;          /* the line, or the vector of an MSI handle */
    bool msi;
    uint32_t apic_id;      /* MSI: the CPU whose local APIC the message addresses */
    bool level_triggered;
    uint64_t count;        /* interrupts taken */
    uint64_t acknowledged; /* count the driver last wrote back */
    struct wait_queue readers;
};

static void interrupt(unsigned irq, void *context)
{
    (void)irq;
    struct irq_handle *handle = context;
    handle->count++;
    if (handle->level_triggered)
        irq_set_masked(handle->irq, true);
    wait_queue_wake_all(&handle->readers);
    events_trigger(handle, MH_EVENT_READ);
}

static bool parse_number(const char *text, size_t length, unsigned *value)
{
    if (length == 0 || length > 3)
        return false;
    *value = 0;
    for (size_t i = 0; i < length; i++) {
        if (text[i] < '0' || text[i] > '9')
            return false;
        *value = *value * 10 + (unsigned)(text[i] - '0');
    }
    return true;
}

static bool is_msi_path(const char *path, size_t length)
{
    return length == 3 && path[0] == 'm' && path[1] == 's' && path[2] == 'i';
}

/* "N" claims I/O APIC line N; "msi" allocates a vector for a PCI MSI/MSI-X message. */
static int irq_open(struct scheme *scheme, const char *path, size_t length, unsigned *flags, void **handle)
{
    (void)scheme;
    (void)flags;
    unsigned irq = 0;
    bool msi = is_msi_path(path, length);
    if (!msi && !parse_number(path, length, &irq))
        return -MH_ENOENT;
    if (!process_has_capability(process_current(), MH_CAP_IRQ))
        return -MH_EPERM;
    struct irq_handle *line = kzalloc(sizeof *line);
    if (line == NULL)
        return -MH_ENOMEM;
    line->msi = msi;
    int result;
    if (msi) {
        uint8_t vector;
        result = irq_claim_msi(interrupt, line, &vector, &line->apic_id);
        line->irq = vector;
    } else {
        line->irq = irq;
        result = irq_claim(irq, interrupt, line, &line->level_triggered);
    }
    if (result != 0) {
        kfree(line);
        return result;
    }
    *handle = line;
    return 0;
}

static int64_t irq_read(void *handle, const struct io_buffer *buffer, unsigned flags)
{
    struct irq_handle *line = handle;
    if (buffer->length < sizeof(uint64_t))
        return -MH_EINVAL;
    irq_state state = irq_save();
    while (line->count == line->acknowledged) {
        if ((flags & MH_O_NONBLOCK) || process_signal_pending()) {
            irq_restore(state);
            return (flags & MH_O_NONBLOCK) ? -MH_EAGAIN : -MH_EINTR;
        }
        wait_queue_block(&line->readers);
    }
    uint64_t count = line->count;
    irq_restore(state);
    int result = io_buffer_put(buffer, 0, &count, sizeof count);
    return result < 0 ? result : (int64_t)sizeof count;
}

static int64_t irq_write(void *handle, const struct io_buffer *buffer, unsigned flags)
{
    (void)flags;
    struct irq_handle *line = handle;
    uint64_t count;
    if (buffer->length < sizeof count)
        return -MH_EINVAL;
    int result = io_buffer_get(buffer, 0, &count, sizeof count);
    if (result != 0)
        return result;
    irq_state state = irq_save();
    if (count > line->count || count < line->acknowledged) {
        irq_restore(state);
        return -MH_EINVAL;
    }
    line->acknowledged = count;
    if (line->level_triggered && count == line->count)
        irq_set_masked(line->irq, false);
    irq_restore(state);
    return (int64_t)sizeof count;
}

static int64_t irq_poll(void *handle, unsigned interest)
{
    (void)interest;
    struct irq_handle *line = handle;
    return MH_EVENT_WRITE | (line->count != line->acknowledged ? MH_EVENT_READ : 0);
}

static int irq_fstat(void *handle, struct mh_stat *stat)
{
    (void)handle;
    scheme_stat_fill(stat, MH_MODE_CHR | 0600, sizeof(uint64_t));
    return 0;
}

static int64_t irq_fpath(void *handle, const struct io_buffer *buffer)
{
    struct irq_handle *line = handle;
    char reference[24];
    if (line->msi)
        format_buffer(reference, sizeof reference, "cpu-%02x/%u", line->apic_id, line->irq);
    else
        format_buffer(reference, sizeof reference, "%u", line->irq);
    return scheme_put_path(buffer, "irq:", reference);
}

static void irq_close(void *handle)
{
    struct irq_handle *line = handle;
    if (line->msi)
        irq_release_msi((uint8_t)line->irq);
    else
        irq_release(line->irq);
    kfree(line);
}

static const struct scheme_ops irq_ops = {
    .open = irq_open,
    .read = irq_read,
    .write = irq_write,
    .fstat = irq_fstat,
    .fpath = irq_fpath,
    .poll = irq_poll,
    .close = irq_close,
};

struct scheme irq_scheme = {.name = "irq", .ops = &irq_ops};
