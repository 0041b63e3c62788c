#include "files.h"

#include <stddef.h>

#include "scheme/scheme.h"
#include "syscall_abi.h"

int files_add(struct file_table *table, const struct scheme *scheme, void *handle, unsigned flags)
{
    for (int fd = 0; fd < PROCESS_FILE_LIMIT; fd++) {
        if (table->files[fd].scheme == NULL) {
            table->files[fd] = (struct open_file){.scheme = scheme, .handle = handle, .flags = flags};
            return fd;
        }
    }
    return -MH_EMFILE;
}

struct open_file *files_get(struct file_table *table, int64_t fd)
{
    if (fd < 0 || fd >= PROCESS_FILE_LIMIT || table->files[fd].scheme == NULL)
        return NULL;
    return &table->files[fd];
}

int files_close(struct file_table *table, int64_t fd)
{
    struct open_file *file = files_get(table, fd);
    if (file == NULL)
        return -MH_EBADF;
    struct open_file closing = *file;
    *file = (struct open_file){0};
    if (closing.scheme->close != NULL)
        closing.scheme->close(closing.handle);
    return 0;
}

void files_close_all(struct file_table *table)
{
    for (int fd = 0; fd < PROCESS_FILE_LIMIT; fd++)
        files_close(table, fd);
}

int files_clone(struct file_table *copy, const struct file_table *table)
{
    for (int fd = 0; fd < PROCESS_FILE_LIMIT; fd++) {
        const struct open_file *file = &table->files[fd];
        if (file->scheme == NULL)
            continue;
        void *handle = file->handle;
        if (file->scheme->dup != NULL) {
            int result = file->scheme->dup(file->handle, &handle);
            if (result < 0) {
                files_close_all(copy);
                return result;
            }
        }
        copy->files[fd] = (struct open_file){.scheme = file->scheme, .handle = handle, .flags = file->flags};
    }
    return 0;
}
