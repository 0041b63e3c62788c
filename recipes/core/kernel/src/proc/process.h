/* User processes: an address space, a thread (one per process for now), file descriptors,
 * signal state, driver capabilities, and the parent/child links for waitpid. The kernel itself
 * is process 0, the parent of the processes it starts (init) and of orphans. */
#ifndef KERNEL_PROCESS_H
#define KERNEL_PROCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "proc/files.h"
#include "sched/wait.h"
#include "syscall_abi.h"

#define PROCESS_NAME_LIMIT 32

struct trap_frame;
struct thread;
struct grant_range;
struct exec_arguments;

struct signal_action {
    uint64_t handler;  /* MH_SIG_DFL, MH_SIG_IGN or an address */
    uint64_t mask;
    uint64_t flags;    /* MH_SA_* */
    uint64_t restorer;
};

struct process {
    int pid;
    int pgid;                      /* process group */
    int sid;                       /* session: the pid of its leader */
    char name[PROCESS_NAME_LIMIT];
    struct process *parent;
    struct process *children;      /* first child */
    struct process *next_sibling;
    struct process *next_in_table;
    uint64_t address_space;        /* 0 once the process has exited */
    uint64_t map_cursor;           /* where the next mapping without an address goes */
    struct grant_range *grants;    /* windows of requests this process serves */
    struct thread *thread;         /* NULL once the process has exited */
    struct file_table files;
    uint32_t capabilities;         /* MH_CAP_* */
    uint32_t uid, euid;            /* real and effective user id (0: root) */
    uint32_t gid, egid;            /* real and effective group id */
    char *directory;               /* the current directory (kmalloc'd scheme path), NULL: "file:/" */
    size_t directory_length;

    bool exited;
    int wait_status;               /* POSIX encoding, valid once exited */
    bool stopped;                  /* by a stop signal, until SIGCONT */
    int stop_signal;
    bool stop_unreported;          /* waitpid(WUNTRACED) has not seen the stop yet */
    bool continue_unreported;      /* waitpid(WCONTINUED) has not seen the continuation yet */
    struct wait_queue child_changed; /* where this process's waitpid() sleeps */

    uint64_t signals_pending;      /* MH_SIGNAL_BIT() of each pending signal */
    uint64_t signal_mask;          /* blocked signals */
    bool suspended;                /* in sigsuspend: signal_mask is temporary */
    uint64_t mask_before_suspend;  /* what the next handler's frame saves (and sigsuspend restores) */
    struct mh_siginfo signal_info[MH_NSIG]; /* for each pending signal */
    struct signal_action signal_actions[MH_NSIG];
    uint64_t alt_stack_base;       /* the alternate signal stack; alt_stack_size 0: none */
    uint64_t alt_stack_size;
};

/* What sys:context shows of a process. */
struct process_info {
    int pid, ppid, pgid;
    char state; /* R, S, T or Z */
    uint32_t capabilities;
    char name[PROCESS_NAME_LIMIT];
};

void process_init(void);

/* Process 0, the kernel. */
struct process *process_kernel(void);

/* The process of the calling thread, or NULL for kernel threads. */
struct process *process_current(void);

/* The live process pid, or NULL. */
struct process *process_find(int pid);

/* Starts a program (an ELF image in kernel memory, 8-byte aligned) as a child of the kernel
 * with every capability and no open files. Returns its pid, or a negated error; for
 * -MH_ENOEXEC *problem says what is wrong with the image. */
int process_spawn(const void *image, size_t size, const char *name, const char *const *argv,
                  int argc, const char **problem);

/* Forks the calling process: the child gets a copy-on-write copy of the address space, the
 * file descriptors, signal actions and mask, capabilities, process group, session, ids and current
 * directory, and a thread that
 * resumes from frame (the caller's system-call frame) with 0 as the result. Returns the
 * child's pid or -MH_ENOMEM. */
int process_fork(const struct trap_frame *frame);

/* Replaces the calling process's address space with the one prepared in new_space (ELF
 * loaded, stack built): the point of no return of exec. Closes close-on-exec descriptors,
 * resets handled signals to their default action and renames the process. */
void process_replace_image(uint64_t new_space, const char *name);

/* Ends the calling process with a POSIX wait status. */
void process_exit(int wait_status) __attribute__((noreturn));

/* waitpid for parent: pid > 0 one child, -1 any child, 0 any child in parent's process
 * group, < -1 any child in group -pid. Returns the pid of a child that exited (reaped),
 * stopped (MH_WUNTRACED) or continued (MH_WCONTINUED), 0 when MH_WNOHANG finds none,
 * -MH_ECHILD without matching children, or -MH_EINTR when a signal arrived for the caller. */
int process_wait(struct process *parent, int pid, int options, int *wait_status);

/* kill(): pid > 0 one process, 0 the caller's group, -1 every process but init and the
 * caller, < -1 group -pid. Signal 0 only checks existence. 0, -MH_ESRCH or -MH_EINVAL. */
int process_kill(int pid, int signal);

/* Sends signal to every process of group pgid on the kernel's behalf (MH_SI_KERNEL; the
 * terminal's signal characters). Safe from interrupt handlers. */
void process_signal_group(int pgid, int signal);

/* setreuid()/setregid() for the calling process: real and effective id, MH_ID_UNCHANGED
 * keeps one. An effective uid 0 may set anything; others only their current real or effective
 * id (POSIX without saved ids). 0, -MH_EPERM or -MH_EINVAL. */
int process_set_user(uint64_t real, uint64_t effective);
int process_set_group_id(uint64_t real, uint64_t effective);

/* The calling process's current directory: a scheme path the C library resolves relative
 * paths against (the kernel only keeps it, over fork and exec). process_set_directory takes a
 * kmalloc'd string of length bytes; process_directory gives the default "file:/" when none
 * was set. */
void process_set_directory(char *path, size_t length);
const char *process_directory(size_t *length);

/* Whether the calling process may signal target (POSIX: root, or a real or effective uid
 * equal to the target's real or effective uid). */
bool process_may_signal(const struct process *sender, const struct process *target);

/* Whether a live process is in group pgid. */
bool process_group_exists(int pgid);

/* setpgid(pid, pgid) with POSIX's defaults for 0. */
int process_set_group(int pid, int pgid);
int process_get_group(int pid);

/* setsid(): the caller, unless it leads a process group (-MH_EPERM), leads a new session and
 * a new group, both numbered by its pid, and has no controlling terminal. Returns the id. */
int process_new_session(void);

/* getsid(pid) (0 = caller): the session id, or -MH_ESRCH. */
int process_get_session(int pid);

/* With interrupts disabled: whether group pgid is orphaned (POSIX: no member has a parent in
 * another group of the same session), so that job-control stops would strand it. */
bool process_group_orphaned(int pgid);

/* With interrupts disabled: whether a process of session sid is in group pgid. */
bool process_group_in_session(int pgid, int sid);

/* Whether the calling thread's process has a signal that is not blocked waiting, so blocking
 * calls must return EINTR. */
bool process_signal_pending(void);

bool process_has_capability(const struct process *process, uint32_t capability);

/* Tells process's parent that it stopped or continued (waitpid, SIGCHLD). */
void process_notify_parent(struct process *process, int code_status);

size_t process_count(void);

/* Fills up to capacity entries; returns how many processes there are (at most capacity). */
size_t process_snapshot(struct process_info *info, size_t capacity);

#endif
