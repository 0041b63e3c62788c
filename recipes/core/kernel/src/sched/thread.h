/* Kernel threads and the threads of user processes. Each has its own kernel stack (kstack.c),
 * its saved FPU/SSE state and a priority: 0 is the most urgent, THREAD_PRIORITY_LEVELS - 1 the
 * least; the idle thread runs only when nothing else can. */
#ifndef KERNEL_THREAD_H
#define KERNEL_THREAD_H

#include <stdbool.h>
#include <stdint.h>

#define THREAD_PRIORITY_LEVELS 8
#define THREAD_PRIORITY_HIGH 2
#define THREAD_PRIORITY_NORMAL 4
#define THREAD_PRIORITY_LOW 6
#define THREAD_NAME_LIMIT 24

struct process;
struct trap_frame;
struct wait_queue;

enum thread_state {
    THREAD_READY,   /* on a run queue */
    THREAD_RUNNING, /* the current thread */
    THREAD_BLOCKED, /* waiting on a wait queue and/or a deadline */
    THREAD_DEAD,    /* finished; its stack is freed by the next thread to run */
};

struct thread {
    uint64_t saved_rsp;          /* while not running: see context_switch.S */
    uint64_t id;
    enum thread_state state;
    int priority;
    uint64_t stack_top;
    bool owns_stack;             /* false only for the boot thread's static stack */
    uint64_t address_space;      /* CR3 while this thread runs */
    struct process *process;     /* NULL for kernel threads */
    unsigned quantum_left;       /* timer ticks before round-robin preemption */
    struct thread *run_next;     /* run queue or dead list */
    struct thread *sleep_next;   /* deadline list */
    uint64_t wake_deadline_ns;   /* valid while on the deadline list */
    bool sleeping;               /* on the deadline list */
    bool timed_out;              /* the last block ended by its deadline */
    struct wait_queue *waiting_on;
    struct thread *wait_next;
    char name[THREAD_NAME_LIMIT];
    uint64_t fs_base;            /* user thread pointer (MSR_FS_BASE while this thread runs) */
    uint8_t fpu_state[512] __attribute__((aligned(16))); /* FXSAVE area */
};

/* A kernel thread that will run entry(argument) once handed to scheduler_add(); NULL when out
 * of memory. Returning from entry ends the thread. */
struct thread *thread_create_kernel(const char *name, int priority, void (*entry)(void *),
                                    void *argument);

/* A thread of process that enters ring 3 with the registers in frame once handed to
 * scheduler_add(). */
struct thread *thread_create_user(struct process *process, uint64_t address_space,
                                  const struct trap_frame *frame, const char *name, int priority);

/* Ends the calling thread. */
void thread_exit(void) __attribute__((noreturn));

/* Frees a dead thread (the scheduler calls this once nothing runs on its stack). */
void thread_destroy(struct thread *thread);

struct thread *thread_current(void);

void thread_yield(void);

/* Blocks for at least ns nanoseconds. */
void thread_sleep_ns(uint64_t ns);

#endif
