#include "futex.h"

#include <stdbool.h>
#include <stddef.h>

#include "arch/x86_64/cpu.h"
#include "mm/layout.h"
#include "mm/paging.h"
#include "proc/process.h"
#include "proc/usercopy.h"
#include "sched/scheduler.h"
#include "sched/thread.h"
#include "syscall_abi.h"

#define BUCKETS 64

struct futex_key {
    uint64_t space;   /* address space, or 0 for a shared page */
    uint64_t address; /* virtual address, or physical for a shared page */
};

/* Lives on the sleeping thread's kernel stack while it waits. */
struct futex_waiter {
    struct futex_key key;
    struct thread *thread;
    bool woken;
    struct futex_waiter *next;
};

static struct futex_waiter *buckets[BUCKETS];

static int key_for(struct process *process, uint64_t address, struct futex_key *key)
{
    uint64_t phys, flags;
    if (address % sizeof(uint32_t) != 0)
        return -MH_EINVAL;
    if (address >= USER_SPACE_END || !paging_translate(process->address_space, address, &phys, &flags) ||
        !(flags & PTE_USER))
        return -MH_EFAULT;
    if (flags & PTE_SHARED)
        *key = (struct futex_key){.space = 0, .address = phys};
    else
        *key = (struct futex_key){.space = process->address_space, .address = address};
    return 0;
}

static struct futex_waiter **bucket_for(const struct futex_key *key)
{
    uint64_t hash = (key->address >> 2) ^ (key->space >> 12);
    hash ^= hash >> 17;
    return &buckets[hash % BUCKETS];
}

static void remove_waiter(struct futex_waiter *waiter)
{
    struct futex_waiter **link = bucket_for(&waiter->key);
    while (*link != NULL && *link != waiter)
        link = &(*link)->next;
    if (*link == waiter)
        *link = waiter->next;
}

int futex_wait(struct process *process, uint64_t address, uint32_t expected, uint64_t deadline_ns)
{
    /* Interrupts stay off from reading the word to sleeping, so a wake-up cannot slip in. */
    irq_state state = irq_save();
    struct futex_waiter waiter = {.thread = thread_current()};
    int result = key_for(process, address, &waiter.key);
    uint32_t value;
    if (result == 0 && user_read(process->address_space, &value, address, sizeof value) != 0)
        result = -MH_EFAULT;
    if (result == 0 && value != expected)
        result = -MH_EAGAIN;
    if (result == 0) {
        struct futex_waiter **bucket = bucket_for(&waiter.key);
        waiter.next = *bucket;
        *bucket = &waiter;
        waiter.thread->timed_out = false;
        while (!waiter.woken && !process_signal_pending() && !waiter.thread->timed_out) {
            if (deadline_ns == UINT64_MAX)
                scheduler_block_current();
            else
                scheduler_block_current_until(deadline_ns);
        }
        if (!waiter.woken) {
            remove_waiter(&waiter);
            result = process_signal_pending() ? -MH_EINTR : -MH_ETIMEDOUT;
        }
        waiter.thread->timed_out = false;
    }
    irq_restore(state);
    return result;
}

int futex_wake(struct process *process, uint64_t address, uint32_t count)
{
    struct futex_key key;
    int result = key_for(process, address, &key);
    if (result != 0)
        return result;
    irq_state state = irq_save();
    int woken = 0;
    struct futex_waiter **link = bucket_for(&key);
    while (*link != NULL && (uint32_t)woken < count) {
        struct futex_waiter *waiter = *link;
        if (waiter->key.space == key.space && waiter->key.address == key.address) {
            *link = waiter->next;
            waiter->woken = true;
            scheduler_wake(waiter->thread);
            woken++;
        } else {
            link = &waiter->next;
        }
    }
    irq_restore(state);
    return woken;
}
