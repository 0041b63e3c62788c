#include "scheme_util.h"

#include <stdarg.h>

#include "lib/format.h"
#include "lib/kstring.h"
#include "mm/kmalloc.h"

void scheme_stat_fill(struct mh_stat *stat, unsigned mode, uint64_t size)
{
    memset(stat, 0, sizeof *stat);
    stat->st_mode = (uint16_t)mode;
    stat->st_nlink = 1;
    stat->st_size = size;
    stat->st_blksize = 4096;
    stat->st_blocks = (size + 511) / 512;
}

int64_t scheme_put_path(const struct io_buffer *buffer, const char *prefix, const char *path)
{
    size_t prefix_length = strlen(prefix), path_length = strlen(path);
    size_t first = prefix_length < buffer->length ? prefix_length : buffer->length;
    size_t second = path_length < buffer->length - first ? path_length : buffer->length - first;
    int result = io_buffer_put(buffer, 0, prefix, first);
    if (result == 0)
        result = io_buffer_put(buffer, first, path, second);
    return result < 0 ? result : (int64_t)(first + second);
}

static void append(struct text_file *file, const char *text, size_t length)
{
    if (file->failed != 0)
        return;
    if (length > file->capacity - file->length) {
        size_t capacity = file->capacity < 256 ? 256 : file->capacity;
        while (capacity - file->length < length)
            capacity *= 2;
        char *data = kmalloc(capacity);
        if (data == NULL) {
            file->failed = -MH_ENOMEM;
            return;
        }
        if (file->data != NULL)
            memcpy(data, file->data, file->length);
        kfree(file->data);
        file->data = data;
        file->capacity = capacity;
    }
    memcpy(file->data + file->length, text, length);
    file->length += length;
}

static void append_sink(void *context, const char *text, size_t length)
{
    append(context, text, length);
}

void text_file_printf(struct text_file *file, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    format_va(append_sink, file, format, args);
    va_end(args);
}

int64_t text_file_read(struct text_file *file, const struct io_buffer *buffer)
{
    if (file->position >= file->length)
        return 0;
    size_t available = file->length - (size_t)file->position;
    size_t count = available < buffer->length ? available : buffer->length;
    int result = io_buffer_put(buffer, 0, file->data + file->position, count);
    if (result < 0)
        return result;
    file->position += count;
    return (int64_t)count;
}

int64_t text_file_seek(struct text_file *file, int64_t offset, int whence)
{
    int64_t base;
    switch (whence) {
    case MH_SEEK_SET: base = 0; break;
    case MH_SEEK_CUR: base = (int64_t)file->position; break;
    case MH_SEEK_END: base = (int64_t)file->length; break;
    default: return -MH_EINVAL;
    }
    if ((offset < 0 && base + offset < 0) || (offset > 0 && offset > INT64_MAX - base))
        return -MH_EINVAL;
    file->position = (uint64_t)(base + offset);
    return (int64_t)file->position;
}

void text_file_free(struct text_file *file)
{
    kfree(file->data);
    file->data = NULL;
}
