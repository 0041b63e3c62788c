/* The C string and memory functions the kernel uses (gcc may also emit calls to memcpy,
 * memmove, memset and memcmp on its own, so these exact names must exist). */
#ifndef KERNEL_KSTRING_H
#define KERNEL_KSTRING_H

#include <stddef.h>

void *memcpy(void *restrict destination, const void *restrict source, size_t length);
void *memmove(void *destination, const void *source, size_t length);
void *memset(void *destination, int value, size_t length);
int memcmp(const void *a, const void *b, size_t length);
void *memchr(const void *memory, int value, size_t length);
size_t strlen(const char *text);
int strcmp(const char *a, const char *b);

/* Copies at most size-1 bytes and always terminates (when size > 0); returns strlen(source). */
size_t strlcpy(char *destination, const char *source, size_t size);

#endif
