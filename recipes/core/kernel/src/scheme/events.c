#include "events.h"

#include <stddef.h>

#include "arch/x86_64/cpu.h"
#include "mm/kmalloc.h"
#include "proc/files.h"
#include "proc/process.h"
#include "scheme/scheme.h"
#include "sched/wait.h"
#include "syscall_abi.h"

#define READ_BATCH 16

struct watch {
    struct event_queue *queue;
    struct file *file;   /* no reference: the file ends the watch when it goes away */
    const void *handle;  /* what events_trigger() names */
    uint64_t id, data;
    unsigned interest;
    unsigned pending;    /* conditions reported but not yet read */
    bool queued;
    struct watch *next, *previous; /* every watch */
    struct watch *ready_next;      /* the queue's pending watches */
};

struct event_queue {
    struct watch *ready_head, *ready_tail;
    struct wait_queue readers;
};

static struct watch *watches;
static unsigned watch_count;

struct event_queue *event_queue_create(void)
{
    return kzalloc(sizeof(struct event_queue));
}

/* With interrupts disabled. */
static void unqueue(struct watch *watch)
{
    if (!watch->queued)
        return;
    struct event_queue *queue = watch->queue;
    struct watch *previous = NULL;
    for (struct watch *cursor = queue->ready_head; cursor != NULL; cursor = cursor->ready_next) {
        if (cursor == watch) {
            if (previous != NULL)
                previous->ready_next = cursor->ready_next;
            else
                queue->ready_head = cursor->ready_next;
            if (queue->ready_tail == cursor)
                queue->ready_tail = previous;
            break;
        }
        previous = cursor;
    }
    watch->queued = false;
    watch->ready_next = NULL;
}

/* With interrupts disabled; the caller frees the watch. */
static void unlink_watch(struct watch *watch)
{
    unqueue(watch);
    if (watch->previous != NULL)
        watch->previous->next = watch->next;
    else
        watches = watch->next;
    if (watch->next != NULL)
        watch->next->previous = watch->previous;
    watch_count--;
}

/* Removes (and frees) every watch for which matches() holds. */
static void remove_watches(bool (*matches)(const struct watch *, const void *), const void *key)
{
    for (;;) {
        irq_state state = irq_save();
        struct watch *found = NULL;
        for (struct watch *watch = watches; watch != NULL; watch = watch->next) {
            if (matches(watch, key)) {
                found = watch;
                unlink_watch(watch);
                break;
            }
        }
        irq_restore(state);
        if (found == NULL)
            return;
        kfree(found);
    }
}

static bool of_queue(const struct watch *watch, const void *queue)
{
    return watch->queue == queue;
}

static bool of_file(const struct watch *watch, const void *file)
{
    return watch->file == file;
}

void event_queue_destroy(struct event_queue *queue)
{
    remove_watches(of_queue, queue);
    kfree(queue);
}

void events_forget_file(struct file *file)
{
    remove_watches(of_file, file);
}

/* With interrupts disabled. */
static void report(struct watch *watch, unsigned flags)
{
    unsigned relevant = flags & watch->interest;
    if (relevant == 0)
        return;
    watch->pending |= relevant;
    if (watch->queued)
        return;
    struct event_queue *queue = watch->queue;
    bool was_empty = queue->ready_head == NULL;
    watch->queued = true;
    watch->ready_next = NULL;
    if (queue->ready_tail != NULL)
        queue->ready_tail->ready_next = watch;
    else
        queue->ready_head = watch;
    queue->ready_tail = watch;
    wait_queue_wake_all(&queue->readers);
    /* Queues can watch queues; a queue only reports becoming non-empty, so cycles end. */
    if (was_empty)
        events_trigger(queue, MH_EVENT_READ);
}

void events_trigger(const void *handle, unsigned flags)
{
    irq_state state = irq_save();
    for (struct watch *watch = watches; watch != NULL; watch = watch->next) {
        if (watch->handle == handle)
            report(watch, flags);
    }
    irq_restore(state);
}

struct queue_and_id {
    const struct event_queue *queue;
    uint64_t id;
};

static bool of_queue_and_id(const struct watch *watch, const void *key)
{
    const struct queue_and_id *wanted = key;
    return watch->queue == wanted->queue && watch->id == wanted->id;
}

int event_queue_watch(struct event_queue *queue, struct file *file, uint64_t id, unsigned interest,
                      uint64_t data)
{
    struct queue_and_id key = {.queue = queue, .id = id};
    remove_watches(of_queue_and_id, &key);
    interest &= MH_EVENT_READ | MH_EVENT_WRITE;
    if (interest == 0)
        return 0;
    if (file->scheme->ops->poll == NULL)
        return -MH_EPERM;
    struct watch *watch = kzalloc(sizeof *watch);
    if (watch == NULL)
        return -MH_ENOMEM;
    *watch = (struct watch){.queue = queue, .file = file, .handle = file->handle, .id = id,
                            .data = data, .interest = interest};
    irq_state state = irq_save();
    watch->next = watches;
    if (watches != NULL)
        watches->previous = watch;
    watches = watch;
    watch_count++;
    irq_restore(state);

    /* Registered first, so a change between the poll and now is not lost. The poll may block
     * (user-space schemes answer it), during which the file may be closed: it holds a
     * reference only through the caller's descriptor, so take one. */
    file_retain(file);
    int64_t ready = file->scheme->ops->poll(file->handle, interest);
    int result = 0;
    if (ready < 0) {
        result = (int)ready;
        remove_watches(of_queue_and_id, &key);
    } else if (ready > 0) {
        state = irq_save();
        for (struct watch *cursor = watches; cursor != NULL; cursor = cursor->next) {
            if (cursor == watch)
                report(watch, (unsigned)ready);
        }
        irq_restore(state);
    }
    file_release(file);
    return result;
}

bool event_queue_ready(struct event_queue *queue)
{
    return queue->ready_head != NULL;
}

int64_t event_queue_read(struct event_queue *queue, const struct io_buffer *buffer, bool nonblocking)
{
    size_t capacity = buffer->length / sizeof(struct mh_event);
    if (capacity == 0)
        return -MH_EINVAL;
    if (capacity > READ_BATCH)
        capacity = READ_BATCH;
    struct mh_event events[READ_BATCH];
    size_t count = 0;
    irq_state state = irq_save();
    while (queue->ready_head == NULL) {
        if (nonblocking || process_signal_pending()) {
            irq_restore(state);
            return nonblocking ? -MH_EAGAIN : -MH_EINTR;
        }
        wait_queue_block(&queue->readers);
    }
    while (count < capacity && queue->ready_head != NULL) {
        struct watch *watch = queue->ready_head;
        unqueue(watch);
        events[count++] = (struct mh_event){.id = watch->id, .flags = watch->pending, .data = watch->data};
        watch->pending = 0;
    }
    irq_restore(state);
    int result = io_buffer_put(buffer, 0, events, count * sizeof events[0]);
    return result < 0 ? result : (int64_t)(count * sizeof events[0]);
}

unsigned events_watch_count(void)
{
    return watch_count;
}
