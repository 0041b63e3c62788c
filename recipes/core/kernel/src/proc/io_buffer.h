/* A buffer a system call moves bytes through: user memory of some address space, or kernel
 * memory (exec reads a program into the heap through the same scheme calls a process uses).
 * Schemes copy through these helpers, so they never care which kind they were handed. */
#ifndef KERNEL_IO_BUFFER_H
#define KERNEL_IO_BUFFER_H

#include <stddef.h>
#include <stdint.h>

struct io_buffer {
    uint64_t address_space; /* 0: kernel memory */
    uint64_t address;
    size_t length;
};

/* A buffer in the calling process's memory. */
struct io_buffer io_buffer_user(uint64_t address, size_t length);

struct io_buffer io_buffer_kernel(void *pointer, size_t length);

/* Copies length bytes into the buffer at offset. 0, or -MH_EFAULT (also when the range is
 * outside the buffer). */
int io_buffer_put(const struct io_buffer *buffer, size_t offset, const void *source, size_t length);

/* Copies length bytes out of the buffer at offset. 0 or -MH_EFAULT. */
int io_buffer_get(const struct io_buffer *buffer, size_t offset, void *destination, size_t length);

/* Copies length bytes from source (at source_offset) into destination (at destination_offset),
 * both possibly in other address spaces. 0 or -MH_EFAULT. */
int io_buffer_transfer(const struct io_buffer *destination, size_t destination_offset,
                       const struct io_buffer *source, size_t source_offset, size_t length);

#endif
