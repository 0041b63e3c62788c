/* The system calls on paths and file descriptors: the scheme layer seen from user space. */
#include <stdbool.h>
#include <stddef.h>

#include "lib/kstring.h"
#include "lib/scheme_path.h"
#include "mm/kmalloc.h"
#include "proc/exec.h"
#include "proc/files.h"
#include "proc/memory_map.h"
#include "proc/process.h"
#include "proc/syscall_handlers.h"
#include "proc/usercopy.h"
#include "scheme/pipe_scheme.h"
#include "scheme/scheme.h"
#include "syscall_abi.h"

#define PATH_LIMIT 4096
#define LENGTH_LIMIT ((uint64_t)INT64_MAX)
#define OPEN_FLAGS_KEPT (MH_O_ACCMODE | FILE_STATUS_FLAGS)

static struct file_table *table(void)
{
    return &process_current()->files;
}

/* A kmalloc'd copy of a user string of length bytes (no terminator needed; one is added). */
static int64_t copy_in_string(uint64_t address, uint64_t length, uint64_t limit, char **copy)
{
    if (length > limit)
        return -MH_ENAMETOOLONG;
    char *text = kmalloc(length + 1);
    if (text == NULL)
        return -MH_ENOMEM;
    if (user_read(process_current()->address_space, text, address, length) != 0) {
        kfree(text);
        return -MH_EFAULT;
    }
    text[length] = '\0';
    *copy = text;
    return 0;
}

/* A kmalloc'd copy of a path argument; an empty path names nothing (ENOENT). */
static int64_t copy_in_path(uint64_t address, uint64_t length, char **path)
{
    if (length == 0)
        return -MH_ENOENT;
    return copy_in_string(address, length, PATH_LIMIT, path);
}

/* Opens path (kernel memory) into a new description. */
static int64_t open_file(const char *path, size_t length, unsigned flags, struct file **opened)
{
    struct resolved_path resolved;
    int64_t result = scheme_resolve(path, length, (flags & MH_O_CREAT) != 0, &resolved);
    if (result != 0)
        return result;
    void *handle = NULL;
    result = resolved.scheme->ops->open(resolved.scheme, resolved.reference, resolved.length, &flags, &handle);
    if (result != 0) {
        scheme_release(resolved.scheme);
        return result;
    }
    *opened = file_create(resolved.scheme, handle, flags & OPEN_FLAGS_KEPT);
    if (*opened == NULL) {
        if (resolved.scheme->ops->close != NULL)
            resolved.scheme->ops->close(handle);
        scheme_release(resolved.scheme);
        return -MH_ENOMEM;
    }
    return 0;
}

static int64_t install(struct file *file, bool close_on_exec)
{
    int fd = files_install(table(), file, close_on_exec, 0);
    if (fd < 0)
        file_release(file);
    return fd;
}

int64_t sys_open(uint64_t path_address, uint64_t length, uint64_t flags)
{
    char *path;
    int64_t result = copy_in_path(path_address, length, &path);
    if (result != 0)
        return result;
    struct file *file;
    result = open_file(path, length, (unsigned)flags, &file);
    kfree(path);
    return result != 0 ? result : install(file, (flags & MH_O_CLOEXEC) != 0);
}

int64_t sys_close(uint64_t fd)
{
    return files_close(table(), (int64_t)fd);
}

static bool access_allows(unsigned flags, bool write)
{
    unsigned mode = flags & MH_O_ACCMODE;
    return write ? (mode == MH_O_WRONLY || mode == MH_O_RDWR) : (mode == MH_O_RDONLY || mode == MH_O_RDWR);
}

/* The description behind fd with a reference for the duration of a call, or NULL. */
static struct file *take(uint64_t fd)
{
    struct file *file = files_get(table(), (int64_t)fd);
    if (file != NULL)
        file_retain(file);
    return file;
}

static int64_t transfer(uint64_t fd, uint64_t buffer, uint64_t length, bool write)
{
    struct file *file = take(fd);
    if (file == NULL)
        return -MH_EBADF;
    int64_t result;
    if (!access_allows(file->flags, write))
        result = -MH_EBADF;
    else if (length > LENGTH_LIMIT)
        result = -MH_EINVAL;
    else if ((write ? file->scheme->ops->write : file->scheme->ops->read) == NULL)
        result = -MH_EINVAL;
    else {
        struct io_buffer user = io_buffer_user(buffer, (size_t)length);
        result = write ? file->scheme->ops->write(file->handle, &user, file->flags)
                       : file->scheme->ops->read(file->handle, &user, file->flags);
    }
    file_release(file);
    return result;
}

int64_t sys_read(uint64_t fd, uint64_t buffer, uint64_t length)
{
    return transfer(fd, buffer, length, false);
}

int64_t sys_write(uint64_t fd, uint64_t buffer, uint64_t length)
{
    return transfer(fd, buffer, length, true);
}

int64_t sys_lseek(uint64_t fd, uint64_t offset, uint64_t whence)
{
    struct file *file = take(fd);
    if (file == NULL)
        return -MH_EBADF;
    int64_t result;
    if (whence > MH_SEEK_END)
        result = -MH_EINVAL;
    else if (file->scheme->ops->seek == NULL)
        result = -MH_ESPIPE;
    else
        result = file->scheme->ops->seek(file->handle, (int64_t)offset, (int)whence);
    file_release(file);
    return result;
}

int64_t sys_fcntl(uint64_t fd, uint64_t command, uint64_t argument)
{
    struct file_slot *slot = files_slot(table(), (int64_t)fd);
    if (slot == NULL)
        return -MH_EBADF;
    switch (command) {
    case MH_F_DUPFD:
    case MH_F_DUPFD_CLOEXEC: {
        if (argument >= PROCESS_FILE_LIMIT)
            return -MH_EINVAL;
        struct file *file = slot->file;
        file_retain(file);
        int result = files_install(table(), file, command == MH_F_DUPFD_CLOEXEC, (int)argument);
        if (result < 0)
            file_release(file);
        return result;
    }
    case MH_F_GETFD:
        return slot->close_on_exec ? MH_FD_CLOEXEC : 0;
    case MH_F_SETFD:
        slot->close_on_exec = (argument & MH_FD_CLOEXEC) != 0;
        return 0;
    case MH_F_GETFL:
        return slot->file->flags;
    case MH_F_SETFL:
        slot->file->flags = (slot->file->flags & ~FILE_STATUS_FLAGS) | ((unsigned)argument & FILE_STATUS_FLAGS);
        return 0;
    default:
        return -MH_EINVAL;
    }
}

int64_t sys_fstat(uint64_t fd, uint64_t buffer, uint64_t length)
{
    if (length < sizeof(struct mh_stat))
        return -MH_EINVAL;
    struct file *file = take(fd);
    if (file == NULL)
        return -MH_EBADF;
    struct mh_stat stat;
    int64_t result = file->scheme->ops->fstat != NULL ? file->scheme->ops->fstat(file->handle, &stat) : -MH_EINVAL;
    file_release(file);
    if (result == 0 && user_write(process_current()->address_space, buffer, &stat, sizeof stat) != 0)
        result = -MH_EFAULT;
    return result;
}

int64_t sys_fpath(uint64_t fd, uint64_t buffer, uint64_t length)
{
    struct file *file = take(fd);
    if (file == NULL)
        return -MH_EBADF;
    struct io_buffer user = io_buffer_user(buffer, length > LENGTH_LIMIT ? 0 : (size_t)length);
    int64_t result = file->scheme->ops->fpath != NULL ? file->scheme->ops->fpath(file->handle, &user)
                                                      : -MH_EINVAL;
    file_release(file);
    return result;
}

/* The description dup(fd, request) gives: fd's own for an empty request, else a new one the
 * scheme derives from fd's handle. */
static int64_t duplicate(uint64_t fd, uint64_t request_address, uint64_t length, struct file **copy)
{
    struct file *file = take(fd);
    if (file == NULL)
        return -MH_EBADF;
    if (length == 0) {
        *copy = file;
        return 0;
    }
    char *request = NULL;
    int64_t result = copy_in_string(request_address, length, PATH_LIMIT, &request);
    if (result == 0 && file->scheme->ops->dup == NULL)
        result = -MH_EINVAL;
    void *handle = NULL;
    unsigned flags = file->flags;
    if (result == 0)
        result = file->scheme->ops->dup(file->handle, request, length, &flags, &handle);
    kfree(request);
    if (result == 0) {
        scheme_retain(file->scheme);
        *copy = file_create(file->scheme, handle, flags & OPEN_FLAGS_KEPT);
        if (*copy == NULL) {
            if (file->scheme->ops->close != NULL)
                file->scheme->ops->close(handle);
            scheme_release(file->scheme);
            result = -MH_ENOMEM;
        }
    }
    file_release(file);
    return result;
}

int64_t sys_dup(uint64_t fd, uint64_t request, uint64_t length)
{
    struct file *copy;
    int64_t result = duplicate(fd, request, length, &copy);
    return result != 0 ? result : install(copy, false);
}

int64_t sys_dup2(uint64_t fd, uint64_t new_fd, uint64_t request, uint64_t length)
{
    if (files_get(table(), (int64_t)fd) == NULL || new_fd >= PROCESS_FILE_LIMIT)
        return -MH_EBADF;
    if (fd == new_fd && length == 0)
        return (int64_t)fd;
    struct file *copy;
    int64_t result = duplicate(fd, request, length, &copy);
    return result != 0 ? result : files_install_at(table(), (int)new_fd, copy, false);
}

int64_t sys_pipe2(uint64_t fds_address, uint64_t flags)
{
    if (flags & ~(uint64_t)(MH_O_CLOEXEC | MH_O_NONBLOCK))
        return -MH_EINVAL;
    void *read_end, *write_end;
    int result = pipe_create(&read_end, &write_end);
    if (result != 0)
        return result;
    unsigned status = (unsigned)flags & MH_O_NONBLOCK;
    struct file *reader = file_create(&pipe_scheme, read_end, MH_O_RDONLY | status);
    struct file *writer = file_create(&pipe_scheme, write_end, MH_O_WRONLY | status);
    if (reader == NULL || writer == NULL) {
        if (reader != NULL)
            file_release(reader);
        else
            pipe_scheme.ops->close(read_end);
        if (writer != NULL)
            file_release(writer);
        else
            pipe_scheme.ops->close(write_end);
        return -MH_ENOMEM;
    }
    bool close_on_exec = (flags & MH_O_CLOEXEC) != 0;
    int fds[2] = {files_install(table(), reader, close_on_exec, 0), -1};
    if (fds[0] >= 0)
        fds[1] = files_install(table(), writer, close_on_exec, 0);
    int32_t words[2] = {fds[0], fds[1]};
    if (fds[1] < 0 || user_write(process_current()->address_space, fds_address, words, sizeof words) != 0) {
        if (fds[0] >= 0)
            files_close(table(), fds[0]);
        else
            file_release(reader);
        if (fds[1] >= 0)
            files_close(table(), fds[1]);
        else
            file_release(writer);
        return fds[1] < 0 ? -MH_EMFILE : -MH_EFAULT;
    }
    return 0;
}

/* fsync, ftruncate, fchmod, fchown, futimens, fstatvfs, frename: the scheme's business. */
int64_t sys_file_call(uint64_t number, uint64_t fd, uint64_t b, uint64_t c)
{
    struct file *file = take(fd);
    if (file == NULL)
        return -MH_EBADF;
    struct file_call call = {.number = number, .arguments = {b, c}};
    bool has_buffer = number == MH_SYS_FUTIMENS || number == MH_SYS_FSTATVFS || number == MH_SYS_FRENAME;
    int64_t result = 0;
    if (has_buffer && c > PATH_LIMIT)
        result = -MH_EINVAL;
    if (has_buffer)
        call.buffer = io_buffer_user(b, (size_t)c);
    if (result == 0)
        result = file->scheme->ops->call != NULL ? file->scheme->ops->call(file->handle, &call) : -MH_EINVAL;
    file_release(file);
    return result;
}

int64_t sys_path_call(uint64_t number, uint64_t path_address, uint64_t length)
{
    char *path;
    int64_t result = copy_in_path(path_address, length, &path);
    if (result != 0)
        return result;
    struct resolved_path resolved;
    result = scheme_resolve(path, length, false, &resolved);
    if (result == 0) {
        result = resolved.scheme->ops->path_call != NULL
                     ? resolved.scheme->ops->path_call(resolved.scheme, number, resolved.reference, resolved.length)
                     : -MH_EPERM;
        scheme_release(resolved.scheme);
    }
    kfree(path);
    return result;
}

/* The kernel keeps the directory for the C library (which checks that it is one) across fork
 * and exec; it never resolves paths against it. Relative paths and NUL bytes are refused, so
 * what getcwd returns is always an absolute path without a terminator inside. */
int64_t sys_chdir(uint64_t path_address, uint64_t length)
{
    char *path;
    int64_t result = copy_in_path(path_address, length, &path);
    if (result != 0)
        return result;
    struct scheme_path parts;
    if (strlen(path) != length)
        result = -MH_EINVAL;
    else if (scheme_path_split(path, length, &parts) == SCHEME_PATH_RELATIVE)
        result = -MH_ENOENT;
    if (result != 0) {
        kfree(path);
        return result;
    }
    process_set_directory(path, length);
    return 0;
}

int64_t sys_getcwd(uint64_t buffer, uint64_t length)
{
    size_t directory_length;
    const char *directory = process_directory(&directory_length);
    size_t copied = length < directory_length ? (size_t)length : directory_length;
    if (user_write(process_current()->address_space, buffer, directory, copied) != 0)
        return -MH_EFAULT;
    return (int64_t)directory_length;
}

int64_t sys_fmap(uint64_t fd, uint64_t map_address, uint64_t map_length)
{
    if (fd != MH_MAP_ANONYMOUS_FD && files_get(table(), (int64_t)fd) == NULL)
        return -MH_EBADF;
    if (map_length != sizeof(struct mh_map))
        return -MH_EINVAL;
    struct mh_map request;
    if (user_read(process_current()->address_space, &request, map_address, sizeof request) != 0)
        return -MH_EFAULT;
    uint64_t address = 0;
    int64_t result;
    if (fd == MH_MAP_ANONYMOUS_FD) {
        result = memory_map_anonymous(process_current(), &request, &address);
        return result < 0 ? result : (int64_t)address;
    }
    struct file *file = take(fd);
    if (file == NULL)
        return -MH_EBADF;
    if (file->scheme->ops->fmap == NULL)
        result = -MH_ENODEV;
    else if ((request.flags & MH_PROT_WRITE) && (request.flags & MH_MAP_SHARED) && !access_allows(file->flags, true))
        result = -MH_EACCES;
    else
        result = file->scheme->ops->fmap(file->handle, &request, &address);
    file_release(file);
    return result < 0 ? result : (int64_t)address;
}

int64_t sys_execve(struct trap_frame *frame, uint64_t path_address, uint64_t length, uint64_t argv, uint64_t envp)
{
    char *path;
    int64_t result = copy_in_path(path_address, length, &path);
    if (result != 0)
        return result;
    struct file *file;
    result = open_file(path, length, MH_O_RDONLY, &file);
    if (result == 0) {
        result = exec_file(frame, file, argv, envp, path);
        file_release(file);
    }
    kfree(path);
    return result;
}

int64_t sys_fexec(struct trap_frame *frame, uint64_t fd, uint64_t argv, uint64_t envp)
{
    struct file *file = take(fd);
    if (file == NULL)
        return -MH_EBADF;
    int64_t result = exec_file(frame, file, argv, envp, NULL);
    file_release(file);
    return result;
}
