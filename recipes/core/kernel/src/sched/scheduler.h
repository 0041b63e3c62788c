/* The scheduler: strict priorities with round-robin inside a priority level. A thread runs
 * until it blocks, yields, its quantum of QUANTUM_TICKS timer ticks runs out while another
 * thread of its level is ready, or a more urgent thread becomes ready; preemption happens on
 * the way out of any interrupt or system call. One CPU for now: disabling interrupts is the
 * scheduler lock. */
#ifndef KERNEL_SCHEDULER_H
#define KERNEL_SCHEDULER_H

#include <stdbool.h>
#include <stdint.h>

#include "sched/thread.h"

#define QUANTUM_TICKS 10

/* Turns the running boot code into the thread "kernel-main" (on its static stack) and creates
 * the idle thread. */
void scheduler_init(uint64_t boot_stack_top);

/* Makes a new thread runnable (switching to it at once when it is more urgent and the caller
 * has interrupts enabled). */
void scheduler_add(struct thread *thread);

/* Switches to the most urgent ready thread (possibly the caller again). */
void schedule(void);

/* With interrupts disabled: the current thread stops until scheduler_wake(). */
void scheduler_block_current(void);

/* With interrupts disabled: like scheduler_block_current, but also woken at deadline_ns;
 * thread->timed_out tells which happened. */
void scheduler_block_current_until(uint64_t deadline_ns);

/* Makes a blocked thread ready (no effect on threads that are not blocked). */
void scheduler_wake(struct thread *thread);

/* From the timer interrupt: wakes threads whose deadline passed, charges the quantum. */
void scheduler_tick(uint64_t now_ns);

/* Called on the way out of interrupts and system calls. */
void scheduler_preempt_if_needed(void);

/* Ends the current thread for good (its stack is freed by the next thread). */
void scheduler_retire_current(void) __attribute__((noreturn));

/* The first thing a new thread runs (context_switch.S). */
void scheduler_thread_start(void);

/* Context switches since boot (for tests and statistics). */
uint64_t scheduler_switch_count(void);

#endif
