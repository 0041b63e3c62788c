#include "process.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/trap.h"
#include "console.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"
#include "mm/paging.h"
#include "panic.h"
#include "proc/elf_loader.h"
#include "proc/memory_map.h"
#include "sched/scheduler.h"
#include "sched/thread.h"
#include "syscall_abi.h"

static struct process kernel_process = {.pid = 0, .name = "kernel"};
static struct process *process_table; /* every process but the kernel, newest first */
static int next_pid = 1;

void process_init(void)
{
    process_table = NULL;
}

struct process *process_kernel(void)
{
    return &kernel_process;
}

struct process *process_current(void)
{
    struct thread *thread = thread_current();
    return thread != NULL ? thread->process : NULL;
}

static struct process *find_live(int pid)
{
    for (struct process *process = process_table; process != NULL; process = process->next_in_table) {
        if (process->pid == pid && !process->exited)
            return process;
    }
    return NULL;
}

static void adopt(struct process *parent, struct process *child)
{
    child->parent = parent;
    child->next_sibling = parent->children;
    parent->children = child;
}

static void unlink_child(struct process *child)
{
    struct process **link = &child->parent->children;
    while (*link != child)
        link = &(*link)->next_sibling;
    *link = child->next_sibling;
    struct process **entry = &process_table;
    while (*entry != child)
        entry = &(*entry)->next_in_table;
    *entry = child->next_in_table;
}

/* Makes process a live child of parent with a fresh pid. */
static int register_child(struct process *parent, struct process *process)
{
    irq_state state = irq_save();
    process->pid = next_pid++;
    process->next_in_table = process_table;
    process_table = process;
    adopt(parent, process);
    irq_restore(state);
    return process->pid;
}

int process_spawn(const void *image, size_t size, const char *name, const char *const *argv,
                  int argc, const char **problem)
{
    *problem = NULL;
    struct process *process = kzalloc(sizeof *process);
    if (process == NULL)
        return -MH_ENOMEM;
    strlcpy(process->name, name, sizeof process->name);
    process->address_space = paging_create_user_root();
    if (process->address_space == 0) {
        kfree(process);
        return -MH_ENOMEM;
    }
    struct user_entry entry;
    int result = elf_load_user(process->address_space, image, size, argv, argc, &entry, problem);
    struct thread *thread = NULL;
    if (result == 0) {
        struct trap_frame frame = {
            .rip = entry.instruction_pointer,
            .rsp = entry.stack_pointer,
            .cs = SELECTOR_USER_CODE,
            .ss = SELECTOR_USER_DATA,
            .rflags = RFLAGS_INTERRUPTS | RFLAGS_RESERVED_ONE,
        };
        thread = thread_create_user(process, process->address_space, &frame, name,
                                    THREAD_PRIORITY_NORMAL);
        if (thread == NULL)
            result = -MH_ENOMEM;
    }
    if (result != 0) {
        paging_destroy_user_root(process->address_space);
        kfree(process);
        return result;
    }
    process->thread = thread;
    process->map_cursor = USER_MAP_BASE;
    int pid = register_child(&kernel_process, process);
    scheduler_add(thread);
    return pid;
}

int process_fork(const struct trap_frame *frame)
{
    struct thread *parent_thread = thread_current();
    struct process *parent = parent_thread->process;
    struct process *child = kzalloc(sizeof *child);
    if (child == NULL)
        return -MH_ENOMEM;
    strlcpy(child->name, parent->name, sizeof child->name);
    child->map_cursor = parent->map_cursor;
    child->address_space = paging_clone_user_space(parent->address_space);
    if (child->address_space == 0) {
        kfree(child);
        return -MH_ENOMEM;
    }
    int result = files_clone(&child->files, &parent->files);
    struct trap_frame resume = *frame;
    resume.rax = 0;
    struct thread *thread = NULL;
    if (result == 0) {
        thread = thread_create_user(child, child->address_space, &resume, parent_thread->name,
                                    parent_thread->priority);
        if (thread == NULL) {
            files_close_all(&child->files);
            result = -MH_ENOMEM;
        }
    }
    if (result != 0) {
        paging_destroy_user_root(child->address_space);
        kfree(child);
        return result;
    }
    /* The kernel never touches the FPU, so the registers still hold the parent's user state. */
    __asm__ volatile("fxsave64 %0" : "=m"(thread->fpu_state));
    child->thread = thread;
    int pid = register_child(parent, child);
    scheduler_add(thread);
    return pid;
}

void process_exit(int wait_status)
{
    struct thread *self = thread_current();
    struct process *process = self->process;
    if (process == NULL)
        panic("process_exit called by kernel thread \"%s\"", self->name);
    files_close_all(&process->files);

    cpu_disable_interrupts(); /* from here on nothing may switch back to the dying space */
    self->address_space = paging_kernel_root();
    paging_activate(self->address_space);
    paging_destroy_user_root(process->address_space);
    process->address_space = 0;
    process->thread = NULL;
    process->exited = true;
    process->wait_status = wait_status;

    /* Orphans go to the kernel, which reaps them. */
    bool orphan_exited = false;
    while (process->children != NULL) {
        struct process *child = process->children;
        process->children = child->next_sibling;
        adopt(&kernel_process, child);
        orphan_exited |= child->exited;
    }
    if (orphan_exited)
        wait_queue_wake_all(&kernel_process.child_exited);
    wait_queue_wake_all(&process->parent->child_exited);
    thread_exit();
}

int process_wait(struct process *parent, int pid, int options, int *wait_status)
{
    irq_state state = irq_save();
    int result;
    for (;;) {
        bool has_match = false;
        struct process *reaped = NULL;
        for (struct process *child = parent->children; child != NULL; child = child->next_sibling) {
            if (pid != -1 && child->pid != pid)
                continue;
            has_match = true;
            if (child->exited) {
                reaped = child;
                break;
            }
        }
        if (reaped != NULL) {
            unlink_child(reaped);
            *wait_status = reaped->wait_status;
            result = reaped->pid;
            kfree(reaped);
            break;
        }
        if (!has_match) {
            result = -MH_ECHILD;
            break;
        }
        if (options & MH_WNOHANG) {
            result = 0;
            break;
        }
        if (process_signal_pending()) {
            result = -MH_EINTR;
            break;
        }
        wait_queue_block(&parent->child_exited);
    }
    irq_restore(state);
    return result;
}

int process_kill(int pid, int signal)
{
    if (signal < 0 || signal > 31)
        return -MH_EINVAL;
    irq_state state = irq_save();
    struct process *target = find_live(pid);
    int result = target == NULL ? -MH_ESRCH : 0;
    if (target != NULL && signal != 0) {
        if (target->pending_signal == 0)
            target->pending_signal = signal;
        /* Interrupt a blocking call; the thread acts on the signal on its way out. */
        scheduler_wake(target->thread);
    }
    irq_restore(state);
    return result;
}

bool process_signal_pending(void)
{
    struct process *process = process_current();
    return process != NULL && process->pending_signal != 0;
}

void process_deliver_pending_signal(void)
{
    struct process *process = process_current();
    if (process != NULL && process->pending_signal != 0)
        process_exit(MH_WAIT_SIGNALED(process->pending_signal));
}

void process_fault(const struct trap_frame *frame, int signal)
{
    struct process *process = process_current();
    if (process == NULL)
        panic_trap(frame);
    kprintf("kernel: process %d (%s): %s at rip %p", process->pid, process->name,
            trap_exception_name(frame->vector), (void *)frame->rip);
    if (frame->vector == VECTOR_PAGE_FAULT)
        kprintf(", address %p", (void *)cpu_read_cr2());
    kprintf(" (error code 0x%llx); killed by signal %d\n", (unsigned long long)frame->error_code,
            signal);
    process_exit(MH_WAIT_SIGNALED(signal));
}
