/* Event queues (Redox's event: scheme): a queue watches open files for conditions (readable,
 * writable) and reports each as an struct mh_event when it starts to hold, i.e. edge
 * triggered, with the level checked once when watching starts. Schemes call events_trigger()
 * with the handle whose condition changed; watches end when the queue or the watched file
 * description goes away. */
#ifndef KERNEL_EVENTS_H
#define KERNEL_EVENTS_H

#include <stdbool.h>
#include <stdint.h>

#include "proc/io_buffer.h"

struct file;
struct event_queue;

/* NULL when out of memory. */
struct event_queue *event_queue_create(void);

/* Ends every watch of the queue and frees it. */
void event_queue_destroy(struct event_queue *queue);

/* Watches file under the caller's id for the MH_EVENT_* conditions in interest, replacing the
 * queue's previous watch with that id; interest 0 only ends it. Returns 0, -MH_ENOMEM, or the
 * error of the file's scheme when its files cannot be watched. */
int event_queue_watch(struct event_queue *queue, struct file *file, uint64_t id, unsigned interest,
                      uint64_t data);

/* Moves pending events into buffer (whole struct mh_event records). Blocks until there is one
 * unless nonblocking; returns bytes written, -MH_EAGAIN, -MH_EINTR, -MH_EINVAL (buffer smaller
 * than one event) or -MH_EFAULT. */
int64_t event_queue_read(struct event_queue *queue, const struct io_buffer *buffer, bool nonblocking);

bool event_queue_ready(struct event_queue *queue);

/* The conditions in flags now hold for handle. Safe from interrupt handlers. */
void events_trigger(const void *handle, unsigned flags);

/* file is being closed for good: its watches end. */
void events_forget_file(struct file *file);

/* Watches that exist (tests check they are all gone after a run). */
unsigned events_watch_count(void);

#endif
