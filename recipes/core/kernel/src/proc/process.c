#include "process.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/trap.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"
#include "mm/paging.h"
#include "panic.h"
#include "proc/elf_loader.h"
#include "proc/grants.h"
#include "proc/memory_map.h"
#include "proc/signal.h"
#include "scheme/debug_scheme.h"
#include "scheme/user_scheme.h"
#include "sched/scheduler.h"
#include "sched/thread.h"

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

struct process *process_find(int pid)
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

static struct trap_frame user_entry_frame(const struct user_entry *entry)
{
    return (struct trap_frame){
        .rip = entry->instruction_pointer,
        .rsp = entry->stack_pointer,
        .cs = SELECTOR_USER_CODE,
        .ss = SELECTOR_USER_DATA,
        .rflags = RFLAGS_INTERRUPTS | RFLAGS_RESERVED_ONE,
    };
}

int process_spawn(const void *image, size_t size, const char *name, const char *const *argv,
                  int argc, const char **problem)
{
    *problem = NULL;
    struct process *process = kzalloc(sizeof *process);
    struct exec_arguments *arguments = process != NULL ? exec_arguments_from_kernel(argv, argc) : NULL;
    if (arguments == NULL) {
        kfree(process);
        return -MH_ENOMEM;
    }
    strlcpy(process->name, name, sizeof process->name);
    process->capabilities = MH_CAP_ALL;
    process->address_space = paging_create_user_root();
    struct user_entry entry;
    int result = process->address_space == 0 ? -MH_ENOMEM
                                             : elf_load_user(process->address_space, image, size,
                                                             arguments, name, &entry, problem);
    exec_arguments_free(arguments);
    struct thread *thread = NULL;
    if (result == 0) {
        struct trap_frame frame = user_entry_frame(&entry);
        thread = thread_create_user(process, process->address_space, &frame, name,
                                    THREAD_PRIORITY_NORMAL);
        if (thread == NULL)
            result = -MH_ENOMEM;
    }
    if (result != 0) {
        if (process->address_space != 0)
            paging_destroy_user_root(process->address_space);
        kfree(process);
        return result;
    }
    process->thread = thread;
    process->map_cursor = USER_MAP_BASE;
    int pid = register_child(&kernel_process, process);
    process->pgid = pid;
    process->sid = pid;
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
    child->pgid = parent->pgid;
    child->sid = parent->sid;
    child->capabilities = parent->capabilities;
    child->uid = parent->uid;
    child->euid = parent->euid;
    child->gid = parent->gid;
    child->egid = parent->egid;
    child->signal_mask = parent->signal_mask;
    memcpy(child->signal_actions, parent->signal_actions, sizeof child->signal_actions);
    child->alt_stack_base = parent->alt_stack_base;
    child->alt_stack_size = parent->alt_stack_size;
    if (parent->directory != NULL) {
        child->directory = kmalloc(parent->directory_length + 1);
        if (child->directory == NULL) {
            kfree(child);
            return -MH_ENOMEM;
        }
        memcpy(child->directory, parent->directory, parent->directory_length + 1);
        child->directory_length = parent->directory_length;
    }
    child->address_space = paging_clone_user_space(parent->address_space);
    if (child->address_space == 0) {
        kfree(child->directory);
        kfree(child);
        return -MH_ENOMEM;
    }
    /* The grant windows belong to requests the parent serves. */
    grants_remove_copies(child->address_space, parent);
    struct trap_frame resume = *frame;
    resume.rax = 0;
    struct thread *thread = thread_create_user(child, child->address_space, &resume,
                                               parent_thread->name, parent_thread->priority);
    if (thread == NULL) {
        paging_destroy_user_root(child->address_space);
        kfree(child->directory);
        kfree(child);
        return -MH_ENOMEM;
    }
    files_clone(&child->files, &parent->files);
    /* The kernel never touches the FPU, so the registers still hold the parent's user state. */
    __asm__ volatile("fxsave64 %0" : "=m"(thread->fpu_state));
    thread->fs_base = parent_thread->fs_base;
    child->thread = thread;
    int pid = register_child(parent, child);
    scheduler_add(thread);
    return pid;
}

void process_replace_image(uint64_t new_space, const char *name)
{
    struct thread *self = thread_current();
    struct process *process = self->process;
    user_scheme_process_leaving(process);
    grants_forget_all(process);
    irq_state state = irq_save();
    uint64_t old_space = process->address_space;
    process->address_space = new_space;
    self->address_space = new_space;
    paging_activate(new_space);
    irq_restore(state);
    paging_destroy_user_root(old_space);
    process->map_cursor = USER_MAP_BASE;
    files_close_on_exec(&process->files);
    signal_reset_for_exec(process);
    strlcpy(process->name, name, sizeof process->name);
    strlcpy(self->name, name, sizeof self->name);
}

/* With interrupts disabled: child's state changed (exit, stop, continue). */
static void tell_parent(struct process *child, int status, bool stop_or_continue)
{
    struct process *parent = child->parent;
    wait_queue_wake_all(&parent->child_changed);
    if (parent == &kernel_process)
        return;
    if (stop_or_continue && (parent->signal_actions[MH_SIGCHLD - 1].flags & MH_SA_NOCLDSTOP))
        return;
    struct mh_siginfo info = {.signal = MH_SIGCHLD, .code = MH_SI_CHILD, .pid = child->pid, .status = status};
    signal_send(parent, MH_SIGCHLD, &info);
}

void process_notify_parent(struct process *process, int status)
{
    irq_state state = irq_save();
    tell_parent(process, status, true);
    irq_restore(state);
}

void process_exit(int wait_status)
{
    struct thread *self = thread_current();
    struct process *process = self->process;
    if (process == NULL)
        panic("process_exit called by kernel thread \"%s\"", self->name);
    if (process->sid == process->pid)
        debug_session_leader_exits(process->sid);
    files_close_all(&process->files);
    user_scheme_process_leaving(process);
    grants_forget_all(process);
    kfree(process->directory);
    process->directory = NULL;

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
        wait_queue_wake_all(&kernel_process.child_changed);
    tell_parent(process, wait_status, false);
    thread_exit();
}

static bool matches(const struct process *parent, const struct process *child, int pid)
{
    if (pid > 0)
        return child->pid == pid;
    if (pid == -1)
        return true;
    if (pid == 0)
        return child->pgid == parent->pgid;
    return child->pgid == -pid;
}

/* With interrupts disabled: whether child has something to report to a waitpid with options
 * (reaping it when it exited). */
static bool take_report(struct process *child, int options, int *wait_status, bool *reap)
{
    *reap = false;
    if (child->exited) {
        *wait_status = child->wait_status;
        *reap = true;
        return true;
    }
    if ((options & MH_WUNTRACED) && child->stopped && child->stop_unreported) {
        child->stop_unreported = false;
        *wait_status = MH_WAIT_STOPPED(child->stop_signal);
        return true;
    }
    if ((options & MH_WCONTINUED) && child->continue_unreported) {
        child->continue_unreported = false;
        *wait_status = MH_WAIT_CONTINUED;
        return true;
    }
    return false;
}

int process_wait(struct process *parent, int pid, int options, int *wait_status)
{
    irq_state state = irq_save();
    int result;
    for (;;) {
        bool has_match = false, reap = false;
        struct process *reported = NULL;
        for (struct process *child = parent->children; child != NULL; child = child->next_sibling) {
            if (!matches(parent, child, pid))
                continue;
            has_match = true;
            if (take_report(child, options, wait_status, &reap)) {
                reported = child;
                break;
            }
        }
        if (reported != NULL) {
            result = reported->pid;
            if (reap) {
                unlink_child(reported);
                kfree(reported);
            }
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
        wait_queue_block(&parent->child_changed);
    }
    irq_restore(state);
    return result;
}

int process_kill(int pid, int signal)
{
    if (signal < 0 || signal >= MH_NSIG)
        return -MH_EINVAL;
    struct process *sender = process_current();
    struct mh_siginfo info = {.signal = signal, .code = MH_SI_USER, .pid = sender != NULL ? sender->pid : 0};
    int sender_group = sender != NULL ? sender->pgid : 0;
    irq_state state = irq_save();
    bool found = false, permitted = false;
    for (struct process *target = process_table; target != NULL; target = target->next_in_table) {
        if (target->exited)
            continue;
        bool selected = pid > 0    ? target->pid == pid
                        : pid == 0 ? target->pgid == sender_group
                        : pid == -1 ? target->pid != 1 && target != sender
                                    : target->pgid == -pid;
        if (!selected)
            continue;
        found = true;
        if (!process_may_signal(sender, target))
            continue;
        permitted = true;
        if (signal != 0)
            signal_send(target, signal, &info);
    }
    irq_restore(state);
    return !found ? -MH_ESRCH : !permitted ? -MH_EPERM : 0;
}

void process_set_directory(char *path, size_t length)
{
    struct process *self = process_current();
    char *previous = self->directory;
    self->directory = path;
    self->directory_length = length;
    kfree(previous);
}

const char *process_directory(size_t *length)
{
    static const char default_directory[] = "file:/";
    const struct process *self = process_current();
    if (self->directory == NULL) {
        *length = sizeof default_directory - 1;
        return default_directory;
    }
    *length = self->directory_length;
    return self->directory;
}

bool process_may_signal(const struct process *sender, const struct process *target)
{
    if (sender == NULL || sender->euid == 0)
        return true;
    return sender->uid == target->uid || sender->uid == target->euid || sender->euid == target->uid ||
           sender->euid == target->euid;
}

/* The id change rule shared by setreuid and setregid. */
static int change_ids(bool privileged, uint32_t *real, uint32_t *effective, uint64_t new_real, uint64_t new_effective)
{
    /* A 32-bit -1 (uid_t passed without sign extension) also means "unchanged". */
    if (new_real == UINT32_MAX)
        new_real = MH_ID_UNCHANGED;
    if (new_effective == UINT32_MAX)
        new_effective = MH_ID_UNCHANGED;
    if ((new_real != MH_ID_UNCHANGED && new_real > UINT32_MAX) ||
        (new_effective != MH_ID_UNCHANGED && new_effective > UINT32_MAX))
        return -MH_EINVAL;
    if (!privileged) {
        if (new_real != MH_ID_UNCHANGED && new_real != *real && new_real != *effective)
            return -MH_EPERM;
        if (new_effective != MH_ID_UNCHANGED && new_effective != *real && new_effective != *effective)
            return -MH_EPERM;
    }
    if (new_real != MH_ID_UNCHANGED)
        *real = (uint32_t)new_real;
    if (new_effective != MH_ID_UNCHANGED)
        *effective = (uint32_t)new_effective;
    return 0;
}

int process_set_user(uint64_t real, uint64_t effective)
{
    struct process *self = process_current();
    return change_ids(self->euid == 0, &self->uid, &self->euid, real, effective);
}

int process_set_group_id(uint64_t real, uint64_t effective)
{
    struct process *self = process_current();
    return change_ids(self->euid == 0, &self->gid, &self->egid, real, effective);
}

void process_signal_group(int pgid, int signal)
{
    struct mh_siginfo info = {.signal = signal, .code = MH_SI_KERNEL};
    irq_state state = irq_save();
    for (struct process *target = process_table; target != NULL; target = target->next_in_table) {
        if (!target->exited && target->pgid == pgid)
            signal_send(target, signal, &info);
    }
    irq_restore(state);
}

/* A group exists while it has a member; as in POSIX, a member that has exited but was not
 * reaped yet still counts (a shell hands the terminal to a short pipeline's group after its
 * processes may have ended). Called with interrupts off. */
static bool group_has_member(int pgid)
{
    for (struct process *other = process_table; other != NULL; other = other->next_in_table)
        if (other->pgid == pgid)
            return true;
    return false;
}

bool process_group_exists(int pgid)
{
    irq_state state = irq_save();
    bool exists = group_has_member(pgid);
    irq_restore(state);
    return exists;
}

int process_set_group(int pid, int pgid)
{
    struct process *caller = process_current();
    if (pid < 0 || pgid < 0)
        return -MH_EINVAL;
    irq_state state = irq_save();
    struct process *target = pid == 0 ? caller : process_find(pid);
    int result = 0;
    if (target == NULL || (target != caller && target->parent != caller))
        result = -MH_ESRCH;
    if (result == 0) {
        int group = pgid == 0 ? target->pid : pgid;
        /* Only the process's own pid or a group of the same session can be joined; a session
         * leader (always in its own group: asking for that is a no-op) and a child in another
         * session cannot move. */
        if (group == target->pgid)
            result = 0;
        else if (target->sid == target->pid || target->sid != caller->sid)
            result = -MH_EPERM;
        else if (group == target->pid || process_group_in_session(group, target->sid))
            target->pgid = group;
        else
            result = -MH_EPERM;
    }
    irq_restore(state);
    return result;
}

int process_get_group(int pid)
{
    irq_state state = irq_save();
    struct process *target = pid == 0 ? process_current() : process_find(pid);
    int result = target != NULL ? target->pgid : -MH_ESRCH;
    irq_restore(state);
    return result;
}

int process_new_session(void)
{
    struct process *caller = process_current();
    irq_state state = irq_save();
    int result = caller->pid;
    if (group_has_member(caller->pid))
        result = -MH_EPERM;
    else
        caller->sid = caller->pgid = caller->pid;
    irq_restore(state);
    return result;
}

int process_get_session(int pid)
{
    irq_state state = irq_save();
    struct process *target = pid == 0 ? process_current() : process_find(pid);
    int result = target != NULL ? target->sid : -MH_ESRCH;
    irq_restore(state);
    return result;
}

bool process_group_orphaned(int pgid)
{
    for (struct process *member = process_table; member != NULL; member = member->next_in_table) {
        if (member->exited || member->pgid != pgid)
            continue;
        const struct process *parent = member->parent;
        if (parent != NULL && parent != &kernel_process && parent->pgid != pgid && parent->sid == member->sid)
            return false;
    }
    return true;
}

bool process_group_in_session(int pgid, int sid)
{
    for (struct process *member = process_table; member != NULL; member = member->next_in_table)
        if (member->pgid == pgid && member->sid == sid)
            return true;
    return false;
}

bool process_signal_pending(void)
{
    struct process *process = process_current();
    return process != NULL && signal_deliverable(process) != 0;
}

bool process_has_capability(const struct process *process, uint32_t capability)
{
    return process != NULL && (process->capabilities & capability) == capability;
}

size_t process_count(void)
{
    irq_state state = irq_save();
    size_t count = 0;
    for (struct process *process = process_table; process != NULL; process = process->next_in_table)
        count++;
    irq_restore(state);
    return count;
}

static char state_letter(const struct process *process)
{
    if (process->exited)
        return 'Z';
    if (process->stopped)
        return 'T';
    return process->thread->state == THREAD_BLOCKED ? 'S' : 'R';
}

size_t process_snapshot(struct process_info *info, size_t capacity)
{
    irq_state state = irq_save();
    size_t count = 0;
    for (struct process *process = process_table; process != NULL && count < capacity;
         process = process->next_in_table) {
        info[count] = (struct process_info){
            .pid = process->pid,
            .ppid = process->parent->pid,
            .pgid = process->pgid,
            .state = state_letter(process),
            .capabilities = process->capabilities,
        };
        strlcpy(info[count].name, process->name, sizeof info[count].name);
        count++;
    }
    irq_restore(state);
    /* Oldest first reads better. */
    for (size_t i = 0; i < count / 2; i++) {
        struct process_info swap = info[i];
        info[i] = info[count - 1 - i];
        info[count - 1 - i] = swap;
    }
    return count;
}
