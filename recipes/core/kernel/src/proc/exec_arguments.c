#include "exec_arguments.h"

#include <stdbool.h>

#include "lib/kstring.h"
#include "mm/kmalloc.h"
#include "mm/layout.h"
#include "proc/usercopy.h"
#include "syscall_abi.h"

#define STRING_CHUNK 256

static struct exec_arguments *create(void)
{
    struct exec_arguments *arguments = kzalloc(sizeof *arguments);
    if (arguments == NULL)
        return NULL;
    arguments->capacity = 1024;
    arguments->strings = kmalloc(arguments->capacity);
    if (arguments->strings == NULL) {
        kfree(arguments);
        return NULL;
    }
    return arguments;
}

void exec_arguments_free(struct exec_arguments *arguments)
{
    if (arguments == NULL)
        return;
    kfree(arguments->strings);
    kfree(arguments);
}

/* Makes room for length more bytes. 0, -MH_E2BIG or -MH_ENOMEM. */
static int reserve(struct exec_arguments *arguments, size_t length)
{
    if (length > EXEC_STRING_BYTES_LIMIT - arguments->length)
        return -MH_E2BIG;
    if (length <= arguments->capacity - arguments->length)
        return 0;
    size_t capacity = arguments->capacity * 2;
    while (capacity - arguments->length < length)
        capacity *= 2;
    char *strings = kmalloc(capacity);
    if (strings == NULL)
        return -MH_ENOMEM;
    memcpy(strings, arguments->strings, arguments->length);
    kfree(arguments->strings);
    arguments->strings = strings;
    arguments->capacity = capacity;
    return 0;
}

struct exec_arguments *exec_arguments_from_kernel(const char *const *argv, int argc)
{
    struct exec_arguments *arguments = create();
    if (arguments == NULL)
        return NULL;
    for (int i = 0; i < argc; i++) {
        size_t length = strlen(argv[i]) + 1;
        if (i >= EXEC_STRING_COUNT_LIMIT || reserve(arguments, length) != 0) {
            exec_arguments_free(arguments);
            return NULL;
        }
        memcpy(arguments->strings + arguments->length, argv[i], length);
        arguments->length += length;
        arguments->argc++;
    }
    return arguments;
}

/* Appends the NUL-terminated string at address, reading it in pieces that never cross into
 * the next page before the terminator is found. */
static int append_user_string(struct exec_arguments *arguments, uint64_t address_space, uint64_t address)
{
    for (;;) {
        size_t piece = STRING_CHUNK;
        size_t to_page_end = PAGE_SIZE - (address & PAGE_MASK);
        if (piece > to_page_end)
            piece = to_page_end;
        int result = reserve(arguments, piece);
        if (result == -MH_E2BIG && EXEC_STRING_BYTES_LIMIT > arguments->length) {
            piece = EXEC_STRING_BYTES_LIMIT - arguments->length;
            result = reserve(arguments, piece);
        }
        if (result != 0)
            return result;
        char *destination = arguments->strings + arguments->length;
        if (user_read(address_space, destination, address, piece) != 0)
            return -MH_EFAULT;
        const char *end = memchr(destination, '\0', piece);
        if (end != NULL) {
            arguments->length += (size_t)(end - destination) + 1;
            return 0;
        }
        arguments->length += piece;
        address += piece;
        if (arguments->length >= EXEC_STRING_BYTES_LIMIT)
            return -MH_E2BIG;
    }
}

static int append_user_vector(struct exec_arguments *arguments, uint64_t address_space, uint64_t vector,
                              int *count)
{
    if (vector == 0)
        return 0;
    for (;;) {
        uint64_t pointer;
        if (user_read(address_space, &pointer, vector + (uint64_t)*count * sizeof pointer, sizeof pointer) != 0)
            return -MH_EFAULT;
        if (pointer == 0)
            return 0;
        if (arguments->argc + arguments->envc >= EXEC_STRING_COUNT_LIMIT)
            return -MH_E2BIG;
        int result = append_user_string(arguments, address_space, pointer);
        if (result != 0)
            return result;
        (*count)++;
    }
}

int exec_arguments_from_user(uint64_t address_space, uint64_t argv, uint64_t envp,
                             struct exec_arguments **arguments)
{
    struct exec_arguments *gathered = create();
    if (gathered == NULL)
        return -MH_ENOMEM;
    int result = append_user_vector(gathered, address_space, argv, &gathered->argc);
    if (result == 0)
        result = append_user_vector(gathered, address_space, envp, &gathered->envc);
    if (result != 0) {
        exec_arguments_free(gathered);
        return result;
    }
    *arguments = gathered;
    return 0;
}
