#include "nvme.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "mh_sys.h"

enum {
    REG_CAP = 0x00,
    REG_CC = 0x14,
    REG_CSTS = 0x1c,
    REG_AQA = 0x24,
    REG_ASQ = 0x28,
    REG_ACQ = 0x30,
    REG_DOORBELLS = 0x1000,
};

enum {
    ADMIN_CREATE_IO_SQ = 0x01,
    ADMIN_CREATE_IO_CQ = 0x05,
    ADMIN_IDENTIFY = 0x06,
    IO_FLUSH = 0x00,
    IO_WRITE = 0x01,
    IO_READ = 0x02,
};

#define PAGE 4096u

static uint32_t reg32(struct nvme_controller *c, unsigned offset)
{
    return *(volatile uint32_t *)(c->registers + offset);
}

static void set_reg32(struct nvme_controller *c, unsigned offset, uint32_t value)
{
    *(volatile uint32_t *)(c->registers + offset) = value;
}

static void set_reg64(struct nvme_controller *c, unsigned offset, uint64_t value)
{
    set_reg32(c, offset, (uint32_t)value);
    set_reg32(c, offset + 4, (uint32_t)(value >> 32));
}

/* One page of zeroed memory that stays put, and its physical address. */
static void *dma_page(uint64_t *phys)
{
    long address = mh_fmap(MH_MAP_ANONYMOUS_FD, 0, PAGE,
                           MH_PROT_READ | MH_PROT_WRITE | MH_MAP_SHARED);
    if (address < 0)
        return NULL;
    long physical = mh_call(MH_SYS_VIRTTOPHYS, (uint64_t)address, 0, 0, 0, 0);
    if (physical < 0)
        return NULL;
    *phys = (uint64_t)physical;
    return (void *)address;
}

static void sleep_ms(unsigned ms)
{
    struct timespec t = {.tv_sec = 0, .tv_nsec = (long)ms * 1000000L};
    nanosleep(&t, NULL);
}

static int wait_ready(struct nvme_controller *c, uint32_t ready)
{
    for (uint32_t waited = 0; waited <= c->timeout_ms; waited++) {
        uint32_t status = reg32(c, REG_CSTS);
        if (status & 2)
            return -1; /* controller fatal status */
        if ((status & 1) == ready)
            return 0;
        sleep_ms(1);
    }
    return -1;
}

static int queue_setup(struct nvme_controller *c, struct nvme_queue *q, uint16_t id)
{
    q->sq = dma_page(&q->sq_phys);
    q->cq = dma_page(&q->cq_phys);
    if (!q->sq || !q->cq)
        return -1;
    q->id = id;
    q->sq_tail = q->cq_head = 0;
    q->phase = 1;
    q->sq_doorbell = (volatile uint32_t *)(c->registers + REG_DOORBELLS + (2u * id) * c->doorbell_stride);
    q->cq_doorbell = (volatile uint32_t *)(c->registers + REG_DOORBELLS + (2u * id + 1) * c->doorbell_stride);
    return 0;
}

static bool completed(const struct nvme_queue *q, volatile uint32_t *entry)
{
    return ((entry[3] >> 16) & 1) == q->phase;
}

static int poll_completion(struct nvme_controller *c, const struct nvme_queue *q,
                           volatile uint32_t *entry)
{
    for (uint64_t spins = 0; !completed(q, entry); spins++) {
        if (spins > 1000 && spins % 1000 == 0) {
            if (spins / 1000 > c->timeout_ms)
                return -1;
            sleep_ms(1);
        }
    }
    return 0;
}

/* Arms the timer ms milliseconds from now. */
static int arm_timer(struct nvme_controller *c, uint32_t ms)
{
    struct mh_timespec now;
    if (mh_read(c->timer, &now, sizeof now) != (long)sizeof now)
        return -1;
    int64_t nanoseconds = now.nanoseconds + (int64_t)(ms % 1000) * 1000000;
    now.seconds += ms / 1000 + nanoseconds / 1000000000;
    now.nanoseconds = (int32_t)(nanoseconds % 1000000000);
    c->timer_deadline = now;
    return mh_write(c->timer, &now, sizeof now) == (long)sizeof now ? 0 : -1;
}

/* Whether the deadline last armed has passed. A wait that ends by its interrupt leaves its
 * timer armed, so a later wait can read that earlier timer's event: only the clock says
 * whether this wait's own grace period is over. */
static bool timer_deadline_passed(const struct nvme_controller *c)
{
    struct mh_timespec now;
    if (mh_read(c->timer, &now, sizeof now) != (long)sizeof now)
        return true;
    if (now.seconds != c->timer_deadline.seconds)
        return now.seconds > c->timer_deadline.seconds;
    return now.nanoseconds >= c->timer_deadline.nanoseconds;
}

static void stop_interrupts(struct nvme_controller *c, const char *why)
{
    fprintf(stderr, "nvmed: %s: %s; polling for completions from now on\n", c->name, why);
    mh_close(c->events);
    mh_close(c->timer);
    /* c->irq is left open on purpose: the I/O queue was created with interrupts on, so the
     * controller goes on signalling its vector, which must stay ours (the kernel counts what
     * nobody waits for) rather than become free under a live device. */
    c->irq = c->events = c->timer = -1;
}

/* How long a finished command may wait for its interrupt before the interrupt is given up. */
#define INTERRUPT_GRACE_MS 500u

enum wake { WAKE_INTERRUPT, WAKE_TIMER, WAKE_FAILED };

/* Sleeps on the event queue until the controller's interrupt or the end of the armed grace
 * period. Every interrupt is acknowledged at once (MSI is edge triggered: nothing to mask)
 * and counted in c->interrupts. */
static enum wake sleep_for_event(struct nvme_controller *c)
{
    struct mh_event happened[2];
    long n = mh_read(c->events, happened, sizeof happened);
    if (n == -MH_EINTR)
        return WAKE_INTERRUPT; /* the caller looks at the queue again */
    if (n <= 0)
        return WAKE_FAILED;
    /* Interrupts first: a timer record read in the same batch as the interrupt that
     * answered the command must not count as "no interrupt came". */
    bool timer_fired = false, interrupted = false;
    for (long i = 0; i < n / (long)sizeof happened[0]; i++) {
        if (happened[i].id != (uint64_t)c->irq) {
            timer_fired = true;
            continue;
        }
        uint64_t count;
        if (mh_read(c->irq, &count, sizeof count) == (long)sizeof count) {
            c->interrupts = count;
            mh_write(c->irq, &count, sizeof count);
        }
        interrupted = true;
    }
    if (interrupted || !timer_fired || !timer_deadline_passed(c))
        return WAKE_INTERRUPT;
    return WAKE_TIMER;
}

/* A command was found complete at the end of a grace period with no interrupt counted since
 * it was submitted. The interrupt may still be on its way: it gets one more grace period. */
static bool interrupt_arrives(struct nvme_controller *c, uint64_t seen)
{
    if (arm_timer(c, INTERRUPT_GRACE_MS) != 0)
        return false;
    while (c->interrupts == seen) {
        if (sleep_for_event(c) != WAKE_INTERRUPT)
            return false;
    }
    return true;
}

/* Waits for entry to complete, sleeping on the controller's interrupt with a timer as the
 * fallback. Returns 0 once entry is complete, -1 on a timeout. */
static int wait_completion(struct nvme_controller *c, const struct nvme_queue *q,
                           volatile uint32_t *entry)
{
    uint64_t seen = c->interrupts;
    uint32_t waited_ms = 0;
    if (!completed(q, entry) && arm_timer(c, INTERRUPT_GRACE_MS) != 0) {
        stop_interrupts(c, "the timer for interrupt waits failed");
        return poll_completion(c, q, entry);
    }
    while (!completed(q, entry)) {
        enum wake woken = sleep_for_event(c);
        if (woken == WAKE_FAILED) {
            stop_interrupts(c, "reading the event queue failed");
            return poll_completion(c, q, entry);
        }
        if (woken == WAKE_INTERRUPT)
            continue;
        waited_ms += INTERRUPT_GRACE_MS;
        if (completed(q, entry) && c->interrupts == seen) {
            if (!interrupt_arrives(c, seen))
                stop_interrupts(c, "a command finished without an interrupt");
            return 0;
        }
        if (waited_ms > c->timeout_ms)
            return -1;
        if (arm_timer(c, INTERRUPT_GRACE_MS) != 0) {
            stop_interrupts(c, "the timer for interrupt waits failed");
            return poll_completion(c, q, entry);
        }
    }
    return 0;
}

/* Submits the 16 command dwords (dword 0's command id is filled in) and waits for the
 * completion. Returns the status field (0 = success) or -1 on a timeout. */
static int submit(struct nvme_controller *c, struct nvme_queue *q, uint32_t command[16])
{
    uint16_t id = q->next_command++;
    command[0] = (command[0] & 0xffff) | (uint32_t)id << 16;
    memcpy((void *)(q->sq + (size_t)q->sq_tail * 64), command, 64);
    q->sq_tail = (uint16_t)((q->sq_tail + 1) % NVME_QUEUE_ENTRIES);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    *q->sq_doorbell = q->sq_tail;
    volatile uint32_t *entry = (volatile uint32_t *)(q->cq + (size_t)q->cq_head * 16);
    int waited = c->irq >= 0 ? wait_completion(c, q, entry) : poll_completion(c, q, entry);
    if (waited != 0)
        return -1;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    uint32_t status = (entry[3] >> 17) & 0x7fff;
    q->cq_head = (uint16_t)((q->cq_head + 1) % NVME_QUEUE_ENTRIES);
    if (q->cq_head == 0)
        q->phase ^= 1;
    *q->cq_doorbell = q->cq_head;
    return (int)status;
}

static int identify(struct nvme_controller *c, uint32_t cns, uint32_t namespace_id)
{
    uint32_t command[16] = {0};
    command[0] = ADMIN_IDENTIFY;
    command[1] = namespace_id;
    command[6] = (uint32_t)c->bounce_phys[0];
    command[7] = (uint32_t)(c->bounce_phys[0] >> 32);
    command[10] = cns;
    return submit(c, &c->admin, command);
}

static int create_io_queues(struct nvme_controller *c)
{
    uint32_t command[16] = {0};
    command[0] = ADMIN_CREATE_IO_CQ;
    command[6] = (uint32_t)c->io.cq_phys;
    command[7] = (uint32_t)(c->io.cq_phys >> 32);
    command[10] = (uint32_t)(NVME_QUEUE_ENTRIES - 1) << 16 | c->io.id;
    /* physically contiguous; interrupts on (vector 0) unless we poll */
    command[11] = 1u | (c->irq >= 0 ? 2u : 0u);
    if (submit(c, &c->admin, command) != 0)
        return -1;
    memset(command, 0, sizeof(uint32_t) * 16);
    command[0] = ADMIN_CREATE_IO_SQ;
    command[6] = (uint32_t)c->io.sq_phys;
    command[7] = (uint32_t)(c->io.sq_phys >> 32);
    command[10] = (uint32_t)(NVME_QUEUE_ENTRIES - 1) << 16 | c->io.id;
    command[11] = (uint32_t)c->io.id << 16 | 1;
    return submit(c, &c->admin, command) == 0 ? 0 : -1;
}

/* The event queue and timer that interrupt waits sleep on; without them the controller is
 * polled. */
static void set_up_interrupt_waits(struct nvme_controller *c, long irq)
{
    c->irq = irq;
    c->events = c->timer = -1;
    if (irq < 0)
        return;
    c->events = mh_open("event:", MH_O_RDWR | MH_O_CLOEXEC);
    c->timer = mh_open("time:4", MH_O_RDWR | MH_O_CLOEXEC);
    struct mh_event watches[2] = {
        {.id = (uint64_t)irq, .flags = MH_EVENT_READ},
        {.id = (uint64_t)c->timer, .flags = MH_EVENT_READ},
    };
    if (c->events < 0 || c->timer < 0 ||
        mh_write(c->events, watches, sizeof watches) != (long)sizeof watches)
        stop_interrupts(c, "no event queue or timer for interrupt waits");
}

int nvme_init(struct nvme_controller *c, volatile uint8_t *registers, long irq, const char **problem)
{
    c->registers = registers;
    set_up_interrupt_waits(c, irq);
    uint64_t cap = (uint64_t)reg32(c, REG_CAP) | (uint64_t)reg32(c, REG_CAP + 4) << 32;
    c->doorbell_stride = 4u << ((cap >> 32) & 0xf);
    c->timeout_ms = (uint32_t)((cap >> 24) & 0xff) * 500 + 500;
    if (((cap >> 48) & 0xf) != 0) {
        *problem = "the controller does not support 4 KiB pages";
        return -MH_ENODEV;
    }
    if ((cap & 0xffff) + 1 < NVME_QUEUE_ENTRIES) {
        *problem = "the controller's queues are too small";
        return -MH_ENODEV;
    }
    for (unsigned i = 0; i < NVME_BOUNCE_PAGES; i++)
        if (!(c->bounce[i] = dma_page(&c->bounce_phys[i]))) {
            *problem = "no DMA memory";
            return -MH_ENOMEM;
        }
    c->prp_list = dma_page(&c->prp_list_phys);
    if (!c->prp_list || queue_setup(c, &c->admin, 0) != 0 || queue_setup(c, &c->io, 1) != 0) {
        *problem = "no DMA memory";
        return -MH_ENOMEM;
    }

    set_reg32(c, REG_CC, reg32(c, REG_CC) & ~1u);
    if (wait_ready(c, 0) != 0) {
        *problem = "the controller did not stop";
        return -MH_EIO;
    }
    set_reg32(c, REG_AQA, (uint32_t)(NVME_QUEUE_ENTRIES - 1) << 16 | (NVME_QUEUE_ENTRIES - 1));
    set_reg64(c, REG_ASQ, c->admin.sq_phys);
    set_reg64(c, REG_ACQ, c->admin.cq_phys);
    /* enable, NVM command set, 4 KiB pages, 64-byte SQ and 16-byte CQ entries */
    set_reg32(c, REG_CC, 1u | 6u << 16 | 4u << 20);
    if (wait_ready(c, 1) != 0) {
        *problem = "the controller did not start";
        return -MH_EIO;
    }

    if (identify(c, 1, 0) != 0) {
        *problem = "identify controller failed";
        return -MH_EIO;
    }
    memcpy(c->model, c->bounce[0] + 24, 40);
    c->model[40] = '\0';
    for (int i = 39; i >= 0 && c->model[i] == ' '; i--)
        c->model[i] = '\0';
    if (identify(c, 0, 1) != 0) {
        *problem = "identify namespace 1 failed";
        return -MH_EIO;
    }
    uint64_t size;
    memcpy(&size, c->bounce[0], 8);
    uint8_t format = c->bounce[0][26] & 0xf;
    uint32_t lba_format;
    memcpy(&lba_format, c->bounce[0] + 128 + 4 * format, 4);
    unsigned shift = (lba_format >> 16) & 0xff;
    if (size == 0 || shift < 9 || shift > 12) {
        *problem = "namespace 1 is missing or has an unsupported block size";
        return -MH_ENODEV;
    }
    c->blocks = size;
    c->block_size = 1u << shift;
    if (create_io_queues(c) != 0) {
        *problem = "creating the I/O queues failed";
        return -MH_EIO;
    }
    return 0;
}

static int transfer(struct nvme_controller *c, uint8_t opcode, uint64_t lba, uint32_t count)
{
    uint64_t bytes = (uint64_t)count * c->block_size;
    unsigned pages = (unsigned)((bytes + PAGE - 1) / PAGE);
    if (count == 0 || pages > NVME_BOUNCE_PAGES)
        return -MH_EINVAL;
    uint32_t command[16] = {0};
    command[0] = opcode;
    command[1] = 1; /* namespace */
    command[6] = (uint32_t)c->bounce_phys[0];
    command[7] = (uint32_t)(c->bounce_phys[0] >> 32);
    uint64_t prp2 = 0;
    if (pages == 2) {
        prp2 = c->bounce_phys[1];
    } else if (pages > 2) {
        for (unsigned i = 1; i < pages; i++)
            c->prp_list[i - 1] = c->bounce_phys[i];
        prp2 = c->prp_list_phys;
    }
    command[8] = (uint32_t)prp2;
    command[9] = (uint32_t)(prp2 >> 32);
    command[10] = (uint32_t)lba;
    command[11] = (uint32_t)(lba >> 32);
    command[12] = count - 1;
    return submit(c, &c->io, command) == 0 ? 0 : -MH_EIO;
}

int nvme_read(struct nvme_controller *c, uint64_t lba, uint32_t count)
{
    return transfer(c, IO_READ, lba, count);
}

int nvme_write(struct nvme_controller *c, uint64_t lba, uint32_t count)
{
    return transfer(c, IO_WRITE, lba, count);
}

int nvme_flush(struct nvme_controller *c)
{
    uint32_t command[16] = {0};
    command[0] = IO_FLUSH;
    command[1] = 1;
    return submit(c, &c->io, command) == 0 ? 0 : -MH_EIO;
}
