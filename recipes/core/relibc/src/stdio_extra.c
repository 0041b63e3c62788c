/* Standard names of newlib's line readers (declared in include/sys/stdio.h) and stream locks. */
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

/* Stream locks for callers that lock around several calls (Lua's readers do). There are no
 * threads yet, so a stream is never shared between threads and there is nothing to wait for. */
void flockfile(FILE *stream)
{
    (void)stream;
}

int ftrylockfile(FILE *stream)
{
    (void)stream;
    return 0;
}

void funlockfile(FILE *stream)
{
    (void)stream;
}
