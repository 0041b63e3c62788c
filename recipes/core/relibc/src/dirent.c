/* Directories: reading a Redox directory descriptor yields the entry names separated by
 * newlines; readdir() splits that stream into entries. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

#define READ_CHUNK 4096

struct __mh_dir {
    int fd;
    char buffer[READ_CHUNK];
    size_t start, end;   /* unread bytes of buffer */
    long position;       /* entries handed out so far (telldir) */
    struct dirent entry;
};

DIR *fdopendir(int fd)
{
    DIR *directory = calloc(1, sizeof *directory);
    if (directory == NULL) {
        errno = ENOMEM;
        return NULL;
    }
    directory->fd = fd;
    return directory;
}

DIR *opendir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    DIR *directory = fdopendir(fd);
    if (directory == NULL)
        close(fd);
    return directory;
}

int closedir(DIR *directory)
{
    int result = close(directory->fd);
    free(directory);
    return result;
}

int dirfd(DIR *directory)
{
    return directory->fd;
}

/* Reads more of the listing; 0 at its end, -1 on error. Keeps an unfinished name. */
static int refill(DIR *directory)
{
    size_t kept = directory->end - directory->start;
    memmove(directory->buffer, directory->buffer + directory->start, kept);
    directory->start = 0;
    directory->end = kept;
    ssize_t got = read(directory->fd, directory->buffer + kept, sizeof directory->buffer - kept);
    if (got < 0)
        return -1;
    directory->end += (size_t)got;
    return got > 0;
}

struct dirent *readdir(DIR *directory)
{
    for (;;) {
        char *line = directory->buffer + directory->start;
        size_t available = directory->end - directory->start;
        char *newline = memchr(line, '\n', available);
        size_t length = newline != NULL ? (size_t)(newline - line) : available;
        if (newline == NULL && available < sizeof directory->buffer) {
            int more = refill(directory);
            if (more < 0)
                return NULL;
            if (more > 0)
                continue;
            if (available == 0)
                return NULL; /* the end; errno untouched */
        }
        directory->start += length + (newline != NULL);
        if (length == 0)
            continue;
        if (length > MAXNAMLEN) {
            errno = ENAMETOOLONG;
            return NULL;
        }
        struct dirent *entry = &directory->entry;
        memset(entry, 0, sizeof *entry);
        memcpy(entry->d_name, line, length);
        entry->d_reclen = sizeof *entry;
        entry->d_type = DT_UNKNOWN;
        entry->d_off = ++directory->position;
        return entry;
    }
}

int readdir_r(DIR *restrict directory, struct dirent *restrict entry,
              struct dirent **restrict result)
{
    int saved = errno;
    errno = 0;
    struct dirent *next = readdir(directory);
    if (next == NULL) {
        int error = errno;
        errno = saved;
        *result = NULL;
        return error;
    }
    errno = saved;
    *entry = *next;
    *result = entry;
    return 0;
}

void rewinddir(DIR *directory)
{
    /* Directory descriptors cannot seek yet: reopening would need fpath. */
    directory->start = directory->end = 0;
    directory->position = 0;
}

long telldir(DIR *directory)
{
    return directory->position;
}

void seekdir(DIR *directory, long position)
{
    if (position < directory->position)
        rewinddir(directory);
    while (directory->position < position && readdir(directory) != NULL) {
    }
}

int alphasort(const struct dirent **a, const struct dirent **b)
{
    return strcoll((*a)->d_name, (*b)->d_name);
}

static int (*scandir_compare)(const struct dirent **, const struct dirent **);

static int compare_entries(const void *a, const void *b)
{
    return scandir_compare((const struct dirent **)a, (const struct dirent **)b);
}

int scandir(const char *path, struct dirent ***list, int (*select)(const struct dirent *),
            int (*compare)(const struct dirent **, const struct dirent **))
{
    DIR *directory = opendir(path);
    if (directory == NULL)
        return -1;
    struct dirent **entries = NULL;
    size_t count = 0, capacity = 0;
    struct dirent *entry;
    int failed = 0;
    errno = 0;
    while ((entry = readdir(directory)) != NULL) {
        if (select != NULL && !select(entry))
            continue;
        if (count == capacity) {
            size_t grown = capacity ? capacity * 2 : 16;
            struct dirent **bigger = realloc(entries, grown * sizeof *entries);
            if (bigger == NULL) {
                failed = 1;
                break;
            }
            entries = bigger;
            capacity = grown;
        }
        entries[count] = malloc(sizeof *entry);
        if (entries[count] == NULL) {
            failed = 1;
            break;
        }
        *entries[count++] = *entry;
    }
    if (failed || errno != 0) {
        int error = failed ? ENOMEM : errno;
        while (count > 0)
            free(entries[--count]);
        free(entries);
        closedir(directory);
        errno = error;
        return -1;
    }
    closedir(directory);
    if (compare != NULL && count > 1) {
        scandir_compare = compare;
        qsort(entries, count, sizeof *entries, compare_entries);
    }
    *list = entries;
    return (int)count;
}
