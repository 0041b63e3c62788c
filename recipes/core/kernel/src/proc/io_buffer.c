#include "io_buffer.h"

#include <stdbool.h>

#include "lib/kstring.h"
#include "proc/process.h"
#include "proc/usercopy.h"
#include "syscall_abi.h"

#define BOUNCE_BYTES 256

struct io_buffer io_buffer_user(uint64_t address, size_t length)
{
    struct process *process = process_current();
    return (struct io_buffer){.address_space = process->address_space, .address = address, .length = length};
}

struct io_buffer io_buffer_kernel(void *pointer, size_t length)
{
    return (struct io_buffer){.address_space = 0, .address = (uint64_t)pointer, .length = length};
}

static bool within(const struct io_buffer *buffer, size_t offset, size_t length)
{
    return offset <= buffer->length && length <= buffer->length - offset;
}

int io_buffer_put(const struct io_buffer *buffer, size_t offset, const void *source, size_t length)
{
    if (!within(buffer, offset, length))
        return -MH_EFAULT;
    if (buffer->address_space == 0) {
        memcpy((uint8_t *)buffer->address + offset, source, length);
        return 0;
    }
    return user_write(buffer->address_space, buffer->address + offset, source, length);
}

int io_buffer_get(const struct io_buffer *buffer, size_t offset, void *destination, size_t length)
{
    if (!within(buffer, offset, length))
        return -MH_EFAULT;
    if (buffer->address_space == 0) {
        memcpy(destination, (const uint8_t *)buffer->address + offset, length);
        return 0;
    }
    return user_read(buffer->address_space, destination, buffer->address + offset, length);
}

int io_buffer_transfer(const struct io_buffer *destination, size_t destination_offset,
                       const struct io_buffer *source, size_t source_offset, size_t length)
{
    if (!within(destination, destination_offset, length) || !within(source, source_offset, length))
        return -MH_EFAULT;
    if (source->address_space == 0)
        return io_buffer_put(destination, destination_offset,
                             (const uint8_t *)source->address + source_offset, length);
    if (destination->address_space == 0)
        return io_buffer_get(source, source_offset, (uint8_t *)destination->address + destination_offset,
                             length);
    uint8_t bounce[BOUNCE_BYTES];
    for (size_t done = 0; done < length;) {
        size_t piece = length - done < BOUNCE_BYTES ? length - done : BOUNCE_BYTES;
        int result = io_buffer_get(source, source_offset + done, bounce, piece);
        if (result == 0)
            result = io_buffer_put(destination, destination_offset + done, bounce, piece);
        if (result != 0)
            return result;
        done += piece;
    }
    return 0;
}
