/* The standard names of newlib's line readers (declared in include/sys/stdio.h). */
#include <stdio.h>

ssize_t __getdelim(char **, size_t *, int, FILE *);
ssize_t __getline(char **, size_t *, FILE *);

ssize_t getdelim(char **restrict line, size_t *restrict capacity, int delimiter,
                 FILE *restrict stream)
{
    return __getdelim(line, capacity, delimiter, stream);
}

ssize_t getline(char **restrict line, size_t *restrict capacity, FILE *restrict stream)
{
    return __getline(line, capacity, stream);
}
