#include "kstring.h"

#include <stdint.h>

void *memcpy(void *restrict destination, const void *restrict source, size_t length)
{
    void *cursor = destination;
    __asm__ volatile("rep movsb" : "+D"(cursor), "+S"(source), "+c"(length) : : "memory");
    return destination;
}

void *memmove(void *destination, const void *source, size_t length)
{
    uint8_t *to = destination;
    const uint8_t *from = source;
    if (to == from || length == 0)
        return destination;
    if (to < from || to >= from + length) {
        for (size_t i = 0; i < length; i++)
            to[i] = from[i];
    } else {
        for (size_t i = length; i > 0; i--)
            to[i - 1] = from[i - 1];
    }
    return destination;
}

void *memset(void *destination, int value, size_t length)
{
    void *cursor = destination;
    __asm__ volatile("rep stosb" : "+D"(cursor), "+c"(length) : "a"(value) : "memory");
    return destination;
}

int memcmp(const void *a, const void *b, size_t length)
{
    const uint8_t *left = a, *right = b;
    for (size_t i = 0; i < length; i++) {
        if (left[i] != right[i])
            return left[i] < right[i] ? -1 : 1;
    }
    return 0;
}

void *memchr(const void *memory, int value, size_t length)
{
    const uint8_t *bytes = memory;
    for (size_t i = 0; i < length; i++) {
        if (bytes[i] == (uint8_t)value)
            return (void *)(bytes + i);
    }
    return NULL;
}

size_t strlen(const char *text)
{
    size_t length = 0;
    while (text[length] != '\0')
        length++;
    return length;
}

int strcmp(const char *a, const char *b)
{
    while (*a != '\0' && *a == *b) {
        a++;
        b++;
    }
    return (unsigned char)*a - (unsigned char)*b;
}

size_t strlcpy(char *destination, const char *source, size_t size)
{
    size_t length = strlen(source);
    if (size > 0) {
        size_t copied = length < size - 1 ? length : size - 1;
        memcpy(destination, source, copied);
        destination[copied] = '\0';
    }
    return length;
}
