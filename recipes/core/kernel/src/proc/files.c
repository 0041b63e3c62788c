#include "files.h"

#include <stddef.h>

#include "arch/x86_64/cpu.h"
#include "mm/kmalloc.h"
#include "scheme/events.h"
#include "scheme/scheme.h"
#include "syscall_abi.h"

struct file *file_create(struct scheme *scheme, void *handle, unsigned flags)
{
    struct file *file = kmalloc(sizeof *file);
    if (file == NULL)
        return NULL;
    *file = (struct file){.references = 1, .scheme = scheme, .handle = handle, .flags = flags};
    return file;
}

void file_retain(struct file *file)
{
    irq_state state = irq_save();
    file->references++;
    irq_restore(state);
}

void file_release(struct file *file)
{
    irq_state state = irq_save();
    bool last = --file->references == 0;
    irq_restore(state);
    if (!last)
        return;
    events_forget_file(file);
    if (file->scheme->ops->close != NULL)
        file->scheme->ops->close(file->handle);
    scheme_release(file->scheme);
    kfree(file);
}

int files_install(struct file_table *table, struct file *file, bool close_on_exec, int minimum)
{
    for (int fd = minimum < 0 ? 0 : minimum; fd < PROCESS_FILE_LIMIT; fd++) {
        if (table->slots[fd].file == NULL) {
            table->slots[fd] = (struct file_slot){.file = file, .close_on_exec = close_on_exec};
            return fd;
        }
    }
    return -MH_EMFILE;
}

int files_install_at(struct file_table *table, int fd, struct file *file, bool close_on_exec)
{
    if (fd < 0 || fd >= PROCESS_FILE_LIMIT)
        return -MH_EBADF;
    struct file *previous = table->slots[fd].file;
    table->slots[fd] = (struct file_slot){.file = file, .close_on_exec = close_on_exec};
    if (previous != NULL)
        file_release(previous);
    return fd;
}

struct file_slot *files_slot(struct file_table *table, int64_t fd)
{
    if (fd < 0 || fd >= PROCESS_FILE_LIMIT || table->slots[fd].file == NULL)
        return NULL;
    return &table->slots[fd];
}

struct file *files_get(struct file_table *table, int64_t fd)
{
    struct file_slot *slot = files_slot(table, fd);
    return slot != NULL ? slot->file : NULL;
}

int files_close(struct file_table *table, int64_t fd)
{
    struct file_slot *slot = files_slot(table, fd);
    if (slot == NULL)
        return -MH_EBADF;
    struct file *file = slot->file;
    *slot = (struct file_slot){0};
    file_release(file);
    return 0;
}

void files_close_all(struct file_table *table)
{
    for (int fd = 0; fd < PROCESS_FILE_LIMIT; fd++)
        files_close(table, fd);
}

void files_close_on_exec(struct file_table *table)
{
    for (int fd = 0; fd < PROCESS_FILE_LIMIT; fd++) {
        if (table->slots[fd].file != NULL && table->slots[fd].close_on_exec)
            files_close(table, fd);
    }
}

void files_clone(struct file_table *copy, const struct file_table *table)
{
    for (int fd = 0; fd < PROCESS_FILE_LIMIT; fd++) {
        copy->slots[fd] = table->slots[fd];
        if (copy->slots[fd].file != NULL)
            file_retain(copy->slots[fd].file);
    }
}
