#include "wait.h"

#include <stddef.h>

#include "arch/x86_64/cpu.h"
#include "sched/scheduler.h"
#include "sched/thread.h"

static void enqueue(struct wait_queue *queue, struct thread *thread)
{
    thread->waiting_on = queue;
    thread->wait_next = NULL;
    if (queue->tail != NULL)
        queue->tail->wait_next = thread;
    else
        queue->head = thread;
    queue->tail = thread;
}

void wait_queue_leave(struct thread *thread)
{
    struct wait_queue *queue = thread->waiting_on;
    if (queue == NULL)
        return;
    struct thread *previous = NULL;
    for (struct thread *cursor = queue->head; cursor != NULL; cursor = cursor->wait_next) {
        if (cursor == thread) {
            if (previous != NULL)
                previous->wait_next = cursor->wait_next;
            else
                queue->head = cursor->wait_next;
            if (queue->tail == cursor)
                queue->tail = previous;
            break;
        }
        previous = cursor;
    }
    thread->waiting_on = NULL;
    thread->wait_next = NULL;
}

void wait_queue_block(struct wait_queue *queue)
{
    struct thread *self = thread_current();
    enqueue(queue, self);
    scheduler_block_current();
    wait_queue_leave(self);
}

void wait_queue_block_until(struct wait_queue *queue, uint64_t deadline_ns)
{
    struct thread *self = thread_current();
    enqueue(queue, self);
    scheduler_block_current_until(deadline_ns);
    wait_queue_leave(self);
}

void wait_queue_wake_all(struct wait_queue *queue)
{
    irq_state state = irq_save();
    while (queue->head != NULL) {
        struct thread *thread = queue->head;
        queue->head = thread->wait_next;
        thread->waiting_on = NULL;
        thread->wait_next = NULL;
        scheduler_wake(thread);
    }
    queue->tail = NULL;
    irq_restore(state);
}
