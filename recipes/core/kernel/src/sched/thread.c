#include "thread.h"

#include <stddef.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/trap.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"
#include "mm/kstack.h"
#include "mm/paging.h"
#include "panic.h"
#include "sched/scheduler.h"
#include "sched/wait.h"
#include "time.h"

/* Entry trampolines (context_switch.S). */
void thread_entry_kernel(void);
void thread_entry_user(void);

/* The frame context_switch pops: r15, r14, r13, r12, rbx, rbp, return address. */
struct switch_frame {
    uint64_t r15, r14, r13, r12, rbx, rbp, return_address;
};

#define FPU_CONTROL_DEFAULT 0x037f /* all x87 exceptions masked, 64-bit precision */
#define MXCSR_DEFAULT 0x1f80       /* all SSE exceptions masked */
#define FXSAVE_MXCSR_OFFSET 24

static uint64_t next_thread_id = 1;

static struct thread *thread_allocate(const char *name, int priority)
{
    if (priority < 0 || priority >= THREAD_PRIORITY_LEVELS)
        panic("thread \"%s\": priority %d out of range", name, priority);
    struct thread *thread = kzalloc(sizeof *thread);
    if (thread == NULL)
        return NULL;
    thread->stack_top = kstack_alloc();
    if (thread->stack_top == 0) {
        kfree(thread);
        return NULL;
    }
    irq_state state = irq_save();
    thread->id = next_thread_id++;
    irq_restore(state);
    thread->owns_stack = true;
    thread->priority = priority;
    thread->state = THREAD_READY;
    strlcpy(thread->name, name, sizeof thread->name);
    uint16_t control = FPU_CONTROL_DEFAULT;
    uint32_t mxcsr = MXCSR_DEFAULT;
    memcpy(thread->fpu_state, &control, sizeof control);
    memcpy(thread->fpu_state + FXSAVE_MXCSR_OFFSET, &mxcsr, sizeof mxcsr);
    return thread;
}

struct thread *thread_create_kernel(const char *name, int priority, void (*entry)(void *),
                                    void *argument)
{
    struct thread *thread = thread_allocate(name, priority);
    if (thread == NULL)
        return NULL;
    thread->address_space = paging_kernel_root();
    struct switch_frame *frame = (struct switch_frame *)(thread->stack_top - sizeof *frame);
    *frame = (struct switch_frame){
        .r12 = (uint64_t)entry,
        .r13 = (uint64_t)argument,
        .return_address = (uint64_t)thread_entry_kernel,
    };
    thread->saved_rsp = (uint64_t)frame;
    return thread;
}

struct thread *thread_create_user(struct process *process, uint64_t address_space,
                                  const struct trap_frame *initial, const char *name, int priority)
{
    struct thread *thread = thread_allocate(name, priority);
    if (thread == NULL)
        return NULL;
    thread->process = process;
    thread->address_space = address_space;
    struct trap_frame *trap = (struct trap_frame *)(thread->stack_top - sizeof *trap);
    *trap = *initial;
    struct switch_frame *frame = (struct switch_frame *)((uint64_t)trap - sizeof *frame);
    *frame = (struct switch_frame){.return_address = (uint64_t)thread_entry_user};
    thread->saved_rsp = (uint64_t)frame;
    return thread;
}

void thread_destroy(struct thread *thread)
{
    if (thread->owns_stack)
        kstack_free(thread->stack_top);
    kfree(thread);
}

void thread_exit(void)
{
    scheduler_retire_current();
}

void thread_yield(void)
{
    schedule();
}

void thread_sleep_ns(uint64_t ns)
{
    uint64_t deadline = time_monotonic_ns() + ns;
    irq_state state = irq_save();
    while (time_monotonic_ns() < deadline)
        scheduler_block_current_until(deadline);
    irq_restore(state);
}
