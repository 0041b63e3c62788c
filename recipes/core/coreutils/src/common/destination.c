#include "destination.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* DIRECTORY/NAME, where NAME is the last component of source; NULL when out of memory. */
static char *target_in(const char *directory, const char *source)
{
    size_t end = strlen(source);
    while (end > 1 && source[end - 1] == '/')
        end--;
    size_t start = end;
    while (start > 0 && source[start - 1] != '/')
        start--;
    size_t length = strlen(directory);
    const char *separator = length > 0 && directory[length - 1] == '/' ? "" : "/";
    char *target = malloc(length + (end - start) + 2);
    if (target != NULL)
        sprintf(target, "%s%s%.*s", directory, separator, (int)(end - start), source + start);
    return target;
}

int for_each_destination(const char *program, int count, char *const *operands,
                         int (*act)(const char *source, const char *target))
{
    if (count < 2) {
        fprintf(stderr, "%s: missing %s operand\n", program, count == 0 ? "file" : "destination file");
        return 2;
    }
    const char *destination = operands[count - 1];
    struct stat status;
    int into_directory = stat(destination, &status) == 0 && S_ISDIR(status.st_mode);
    if (!into_directory && count > 2) {
        fprintf(stderr, "%s: target '%s' is not a directory\n", program, destination);
        return 1;
    }
    int result = 0;
    for (int i = 0; i < count - 1; i++) {
        if (!into_directory) {
            result |= act(operands[i], destination);
            continue;
        }
        char *target = target_in(destination, operands[i]);
        if (target == NULL) {
            fprintf(stderr, "%s: out of memory\n", program);
            return 1;
        }
        result |= act(operands[i], target);
        free(target);
    }
    return result != 0;
}
