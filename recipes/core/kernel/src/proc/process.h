/* User processes: an address space, a thread (one per process for now), file descriptors,
 * and the parent/child links for waitpid. The kernel itself is process 0, the parent of the
 * processes it starts (init) and of orphans. Signals have only their default action so far:
 * a pending signal terminates the process when it next returns to user mode. */
#ifndef KERNEL_PROCESS_H
#define KERNEL_PROCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "proc/files.h"
#include "sched/wait.h"

#define PROCESS_NAME_LIMIT 32

struct trap_frame;
struct thread;

struct process {
    int pid;
    char name[PROCESS_NAME_LIMIT];
    struct process *parent;
    struct process *children;      /* first child */
    struct process *next_sibling;
    struct process *next_in_table;
    uint64_t address_space;        /* 0 once the process has exited */
    uint64_t map_cursor;           /* where the next mapping without an address goes */
    struct thread *thread;         /* NULL once the process has exited */
    struct file_table files;
    bool exited;
    int wait_status;               /* POSIX encoding, valid once exited */
    int pending_signal;            /* 0: none */
    struct wait_queue child_exited; /* where this process's waitpid() sleeps */
};

void process_init(void);

/* Process 0, the kernel. */
struct process *process_kernel(void);

/* The process of the calling thread, or NULL for kernel threads. */
struct process *process_current(void);

/* Starts a program as a child of the kernel. Returns its pid, or a negated error; for
 * -MH_ENOEXEC *problem says what is wrong with the image (which must be 8-byte aligned). */
int process_spawn(const void *image, size_t size, const char *name, const char *const *argv,
                  int argc, const char **problem);

/* Forks the calling process: the child gets a copy-on-write copy of the address space, copies
 * of the file descriptors and a thread that resumes from frame (the caller's system-call
 * frame) with 0 as the result. Returns the child's pid or -MH_ENOMEM. */
int process_fork(const struct trap_frame *frame);

/* Ends the calling process with a POSIX wait status. */
void process_exit(int wait_status) __attribute__((noreturn));

/* waitpid for parent: pid -1 means any child. Returns the pid of a reaped child, 0 when
 * MH_WNOHANG finds none exited, -MH_ECHILD without matching children, or -MH_EINTR when a
 * signal arrived for the caller. */
int process_wait(struct process *parent, int pid, int options, int *wait_status);

/* Sends signal (0 only checks that pid exists). Returns 0, -MH_ESRCH or -MH_EINVAL. */
int process_kill(int pid, int signal);

/* Whether the calling thread's process has a signal waiting (blocking calls return EINTR). */
bool process_signal_pending(void);

/* On the way back to user mode: acts on a pending signal. */
void process_deliver_pending_signal(void);

/* A CPU exception in user mode: reports it on the console and ends the process. */
void process_fault(const struct trap_frame *frame, int signal) __attribute__((noreturn));

#endif
