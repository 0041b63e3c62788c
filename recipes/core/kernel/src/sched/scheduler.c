#include "scheduler.h"

#include <stddef.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/percpu.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"
#include "mm/paging.h"
#include "panic.h"
#include "sched/wait.h"

void context_switch(uint64_t *save_rsp, uint64_t next_rsp);

struct run_queue {
    struct thread *head;
    struct thread *tail;
};

static struct run_queue run_queues[THREAD_PRIORITY_LEVELS];
static struct thread *current_thread;
static struct thread *idle_thread;
static struct thread *sleepers;     /* sorted by wake_deadline_ns */
static struct thread *dead_threads;
static bool resched_needed;
static uint64_t switch_count;

struct thread *thread_current(void)
{
    return current_thread;
}

uint64_t scheduler_switch_count(void)
{
    return switch_count;
}

static void run_queue_push(struct thread *thread)
{
    struct run_queue *queue = &run_queues[thread->priority];
    thread->run_next = NULL;
    if (queue->tail != NULL)
        queue->tail->run_next = thread;
    else
        queue->head = thread;
    queue->tail = thread;
}

static struct thread *run_queue_pop(void)
{
    for (int priority = 0; priority < THREAD_PRIORITY_LEVELS; priority++) {
        struct run_queue *queue = &run_queues[priority];
        struct thread *thread = queue->head;
        if (thread != NULL) {
            queue->head = thread->run_next;
            if (queue->head == NULL)
                queue->tail = NULL;
            thread->run_next = NULL;
            return thread;
        }
    }
    return NULL;
}

static void sleepers_remove(struct thread *thread)
{
    struct thread **link = &sleepers;
    while (*link != NULL && *link != thread)
        link = &(*link)->sleep_next;
    if (*link == thread)
        *link = thread->sleep_next;
    thread->sleep_next = NULL;
    thread->sleeping = false;
}

static void sleepers_insert(struct thread *thread)
{
    struct thread **link = &sleepers;
    while (*link != NULL && (*link)->wake_deadline_ns <= thread->wake_deadline_ns)
        link = &(*link)->sleep_next;
    thread->sleep_next = *link;
    *link = thread;
    thread->sleeping = true;
}

/* Frees threads that died, except one we might still be running on. */
static void reap_dead_threads(void)
{
    struct thread **link = &dead_threads;
    while (*link != NULL) {
        struct thread *thread = *link;
        if (thread == current_thread) {
            link = &thread->run_next;
            continue;
        }
        *link = thread->run_next;
        thread_destroy(thread);
    }
}

static void switch_to(struct thread *previous, struct thread *next)
{
    __asm__ volatile("fxsave64 %0" : "=m"(previous->fpu_state));
    __asm__ volatile("fxrstor64 %0" : : "m"(next->fpu_state));
    if (next->fs_base != previous->fs_base)
        cpu_write_msr(MSR_FS_BASE, next->fs_base);
    current_thread = next;
    switch_count++;
    cpu_set_kernel_stack(next->stack_top);
    paging_activate(next->address_space);
    context_switch(&previous->saved_rsp, next->saved_rsp);
}

void schedule(void)
{
    irq_state state = irq_save();
    resched_needed = false;
    struct thread *previous = current_thread;
    if (previous->state == THREAD_RUNNING) {
        previous->state = THREAD_READY;
        if (previous != idle_thread)
            run_queue_push(previous);
    }
    struct thread *next = run_queue_pop();
    if (next == NULL)
        next = idle_thread;
    next->state = THREAD_RUNNING;
    next->quantum_left = QUANTUM_TICKS;
    if (next != previous)
        switch_to(previous, next);
    reap_dead_threads();
    irq_restore(state);
}

void scheduler_thread_start(void)
{
    reap_dead_threads();
}

/* Called with interrupts enabled, i.e. from a thread rather than an interrupt handler or a
 * critical section, a wake-up of a more urgent thread switches right away; otherwise the
 * switch waits for the next preemption point. */
static void preempt_now_if_allowed(irq_state state)
{
    if ((state & RFLAGS_INTERRUPTS) && resched_needed)
        schedule();
}

void scheduler_add(struct thread *thread)
{
    irq_state state = irq_save();
    thread->state = THREAD_READY;
    run_queue_push(thread);
    if (current_thread == idle_thread || thread->priority < current_thread->priority)
        resched_needed = true;
    irq_restore(state);
    preempt_now_if_allowed(state);
}

void scheduler_block_current(void)
{
    current_thread->state = THREAD_BLOCKED;
    schedule();
}

void scheduler_block_current_until(uint64_t deadline_ns)
{
    struct thread *self = current_thread;
    self->timed_out = false;
    self->wake_deadline_ns = deadline_ns;
    sleepers_insert(self);
    self->state = THREAD_BLOCKED;
    schedule();
}

void scheduler_wake(struct thread *thread)
{
    irq_state state = irq_save();
    if (thread->state == THREAD_BLOCKED) {
        if (thread->sleeping)
            sleepers_remove(thread);
        scheduler_add(thread);
    }
    irq_restore(state);
    preempt_now_if_allowed(state);
}

void scheduler_tick(uint64_t now_ns)
{
    while (sleepers != NULL && sleepers->wake_deadline_ns <= now_ns) {
        struct thread *thread = sleepers;
        sleepers_remove(thread);
        thread->timed_out = true;
        scheduler_wake(thread);
    }
    if (current_thread != idle_thread && current_thread->quantum_left > 0 &&
        --current_thread->quantum_left == 0)
        resched_needed = true;
}

void scheduler_preempt_if_needed(void)
{
    if (resched_needed)
        schedule();
}

void scheduler_retire_current(void)
{
    cpu_disable_interrupts();
    struct thread *self = current_thread;
    if (self == idle_thread)
        panic("the idle thread tried to exit");
    self->state = THREAD_DEAD;
    self->run_next = dead_threads;
    dead_threads = self;
    schedule();
    panic("dead thread %llu was scheduled again", (unsigned long long)self->id);
}

static void idle_loop(void *unused)
{
    (void)unused;
    for (;;)
        cpu_wait_for_interrupt();
}

void scheduler_init(uint64_t boot_stack_top)
{
    struct thread *boot = kzalloc(sizeof *boot);
    if (boot == NULL)
        panic("out of memory creating the boot thread");
    strlcpy(boot->name, "kernel-main", sizeof boot->name);
    boot->priority = THREAD_PRIORITY_NORMAL;
    boot->state = THREAD_RUNNING;
    boot->stack_top = boot_stack_top;
    boot->owns_stack = false;
    boot->address_space = paging_kernel_root();
    boot->quantum_left = QUANTUM_TICKS;
    __asm__ volatile("fxsave64 %0" : "=m"(boot->fpu_state));
    current_thread = boot;
    cpu_set_kernel_stack(boot_stack_top);

    idle_thread = thread_create_kernel("idle", THREAD_PRIORITY_LEVELS - 1, idle_loop, NULL);
    if (idle_thread == NULL)
        panic("out of memory creating the idle thread");
}
