#include "exec.h"

#include <stddef.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/trap.h"
#include "console.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"
#include "mm/paging.h"
#include "proc/elf_loader.h"
#include "proc/exec_arguments.h"
#include "proc/files.h"
#include "proc/process.h"
#include "sched/thread.h"
#include "scheme/scheme.h"
#include "syscall_abi.h"

#define FIRST_READ_CAPACITY (64u * 1024)
#define MXCSR_DEFAULT 0x1f80

/* The whole rest of file in a kmalloc'd buffer. */
static int64_t read_whole(struct file *file, uint8_t **image, size_t *size)
{
    if (file->scheme->ops->read == NULL ||
        ((file->flags & MH_O_ACCMODE) != MH_O_RDONLY && (file->flags & MH_O_ACCMODE) != MH_O_RDWR))
        return -MH_EACCES;
    size_t capacity = FIRST_READ_CAPACITY, used = 0;
    struct mh_stat stat;
    if (file->scheme->ops->fstat != NULL && file->scheme->ops->fstat(file->handle, &stat) == 0 &&
        stat.st_size > 0 && stat.st_size < EXEC_IMAGE_LIMIT)
        capacity = (size_t)stat.st_size + 1; /* + 1: the read that finds the end */
    uint8_t *buffer = kmalloc(capacity);
    if (buffer == NULL)
        return -MH_ENOMEM;
    for (;;) {
        if (used == capacity) {
            if (capacity >= EXEC_IMAGE_LIMIT) {
                kfree(buffer);
                return -MH_EFBIG;
            }
            uint8_t *bigger = kmalloc(capacity * 2);
            if (bigger == NULL) {
                kfree(buffer);
                return -MH_ENOMEM;
            }
            memcpy(bigger, buffer, used);
            kfree(buffer);
            buffer = bigger;
            capacity *= 2;
        }
        struct io_buffer piece = io_buffer_kernel(buffer + used, capacity - used);
        int64_t count = file->scheme->ops->read(file->handle, &piece, file->flags & ~MH_O_NONBLOCK);
        if (count < 0) {
            kfree(buffer);
            return count;
        }
        if (count == 0)
            break;
        used += (size_t)count;
    }
    *image = buffer;
    *size = used;
    return 0;
}

/* The new program starts with clean registers, default FPU state, no thread pointer and no I/O
 * privilege. */
static void reset_user_state(struct trap_frame *frame, const struct user_entry *entry)
{
    *frame = (struct trap_frame){
        .rip = entry->instruction_pointer,
        .rsp = entry->stack_pointer,
        .cs = SELECTOR_USER_CODE,
        .ss = SELECTOR_USER_DATA,
        .rflags = RFLAGS_INTERRUPTS | RFLAGS_RESERVED_ONE,
        .vector = TRAP_VECTOR_SYSCALL,
    };
    uint32_t mxcsr = MXCSR_DEFAULT;
    __asm__ volatile("fninit; ldmxcsr %0" : : "m"(mxcsr));
    irq_state state = irq_save();
    thread_current()->fs_base = 0;
    cpu_write_msr(MSR_FS_BASE, 0);
    irq_restore(state);
}

static const char *base_name(const char *path)
{
    const char *name = path;
    for (const char *cursor = path; *cursor != '\0'; cursor++) {
        if (*cursor == '/' || *cursor == ':')
            name = cursor + 1;
    }
    return *name != '\0' ? name : path;
}

int64_t exec_file(struct trap_frame *frame, struct file *file, uint64_t argv, uint64_t envp, const char *path)
{
    struct process *process = process_current();
    struct exec_arguments *arguments = NULL;
    int64_t result = exec_arguments_from_user(process->address_space, argv, envp, &arguments);
    if (result != 0)
        return result;
    uint8_t *image = NULL;
    size_t size = 0;
    result = read_whole(file, &image, &size);
    if (result != 0) {
        exec_arguments_free(arguments);
        return result;
    }
    const char *program = path != NULL ? path : arguments->argc > 0 ? arguments->strings : "fexec";
    uint64_t space = paging_create_user_root();
    struct user_entry entry;
    const char *problem = NULL;
    result = space == 0 ? -MH_ENOMEM
                        : elf_load_user(space, image, size, arguments, program, &entry, &problem);
    kfree(image);
    char name[PROCESS_NAME_LIMIT];
    strlcpy(name, base_name(program), sizeof name);
    exec_arguments_free(arguments);
    if (result != 0) {
        if (problem != NULL)
            kprintf("kernel: process %d (%s): cannot exec %s: %s\n", process->pid, process->name, name, problem);
        if (space != 0)
            paging_destroy_user_root(space);
        return result;
    }
    process_replace_image(space, name);
    reset_user_state(frame, &entry);
    return 0;
}
