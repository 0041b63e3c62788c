/* Wait queues: a thread blocks on a queue until another thread (or an interrupt handler) wakes
 * the queue. Wake-ups can be spurious; callers re-check their condition in a loop, with
 * interrupts disabled between the check and the block so no wake-up is lost. */
#ifndef KERNEL_WAIT_H
#define KERNEL_WAIT_H

#include <stdint.h>

struct thread;

struct wait_queue {
    struct thread *head;
    struct thread *tail;
};

/* Requires interrupts to be disabled. The thread is off the queue when it returns. */
void wait_queue_block(struct wait_queue *queue);

/* Like wait_queue_block, but also returns at deadline_ns (monotonic). */
void wait_queue_block_until(struct wait_queue *queue, uint64_t deadline_ns);

/* Safe from any context, including interrupt handlers. */
void wait_queue_wake_all(struct wait_queue *queue);

/* Takes a thread off whatever queue it waits on (used when it is woken another way). */
void wait_queue_leave(struct thread *thread);

#endif
