/* The kernel heap: heap.c over KERNEL_HEAP_BASE, grown page by page from the frame allocator. */
#ifndef KERNEL_KMALLOC_H
#define KERNEL_KMALLOC_H

#include <stddef.h>

void kmalloc_init(void);

/* 16-byte aligned memory or NULL; kzalloc zeroes it. */
void *kmalloc(size_t size);
void *kzalloc(size_t size);

/* kfree(NULL) does nothing; freeing anything else that is not a live block panics. */
void kfree(void *pointer);

/* NULL when the heap is consistent, else what is broken. */
const char *kmalloc_check(void);

size_t kmalloc_used_bytes(void);

#endif
