/* An NVMe controller: admin queue, one I/O queue pair, namespace 1. Completions are waited
 * for on the controller's message-signalled interrupt (irq:msi) when it has one, else polled. */
#ifndef NVMED_NVME_H
#define NVMED_NVME_H

#include <stddef.h>
#include <stdint.h>

#include "mh_sys.h"

#define NVME_QUEUE_ENTRIES 64
#define NVME_BOUNCE_PAGES 16 /* the largest transfer: 64 KiB */

struct nvme_queue {
    volatile uint8_t *sq;  /* 64-byte submission entries */
    volatile uint8_t *cq;  /* 16-byte completion entries */
    uint64_t sq_phys, cq_phys;
    volatile uint32_t *sq_doorbell, *cq_doorbell;
    uint16_t id, sq_tail, cq_head, next_command;
    uint8_t phase;
};

struct nvme_controller {
    volatile uint8_t *registers;
    unsigned doorbell_stride; /* bytes */
    uint32_t timeout_ms;
    char name[16];                       /* bus:device.function, for messages */
    long irq;                            /* irq: descriptor of the MSI vector; -1: polling */
    long events, timer;                  /* event queue watching irq and a time:4 timer */
    struct mh_timespec timer_deadline;   /* when the timer was last armed to fire */
    uint64_t interrupts;                 /* interrupts taken */
    struct nvme_queue admin, io;
    uint8_t *bounce[NVME_BOUNCE_PAGES]; /* DMA pages for data */
    uint64_t bounce_phys[NVME_BOUNCE_PAGES];
    uint64_t *prp_list;                  /* one page of physical addresses */
    uint64_t prp_list_phys;
    uint64_t blocks;                     /* namespace 1 size in logical blocks */
    uint32_t block_size;
    char model[41];
};

/* Resets and enables the controller mapped at registers, creates the I/O queues and
 * identifies namespace 1. irq is a non-blocking irq: descriptor on which the controller's
 * vector 0 arrives, or -1 to poll; c->name must be set. If a command completes but its
 * interrupt never comes, the controller is polled from then on (and that is reported), and
 * c->irq becomes -1. Returns 0 or -errno; *problem says what failed. */
int nvme_init(struct nvme_controller *c, volatile uint8_t *registers, long irq, const char **problem);

/* Transfers count blocks (count * block_size <= NVME_BOUNCE_PAGES * 4096) between block lba
 * and the bounce pages. Returns 0 or -MH_EIO. */
int nvme_read(struct nvme_controller *c, uint64_t lba, uint32_t count);
int nvme_write(struct nvme_controller *c, uint64_t lba, uint32_t count);
int nvme_flush(struct nvme_controller *c);

#endif
