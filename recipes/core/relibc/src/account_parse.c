#include "account_parse.h"

#include <stdint.h>
#include <string.h>

/* Splits line into at most count fields at ';'. Returns how many there were. */
static size_t split(const char *line, size_t length, const char **fields, size_t *lengths,
                    size_t count)
{
    size_t found = 0, start = 0;
    for (size_t i = 0; i <= length; i++) {
        if (i == length || line[i] == ';') {
            if (found < count) {
                fields[found] = line + start;
                lengths[found] = i - start;
            }
            found++;
            start = i + 1;
        }
    }
    return found;
}

/* A decimal id of at most 9 digits (ids are ints); -1 if malformed. */
static long parse_id(const char *text, size_t length)
{
    if (length == 0 || length > 9)
        return -1;
    long value = 0;
    for (size_t i = 0; i < length; i++) {
        if (text[i] < '0' || text[i] > '9')
            return -1;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

/* Copies a field into the buffer as a string; NULL when it does not fit. */
static char *copy_field(const char *field, size_t length, char **cursor, char *end)
{
    if ((size_t)(end - *cursor) < length + 1)
        return NULL;
    char *copy = *cursor;
    memcpy(copy, field, length);
    copy[length] = '\0';
    *cursor += length + 1;
    return copy;
}

int mh_parse_user(const char *line, size_t length, struct mh_user *user, char *buffer,
                  size_t size)
{
    const char *fields[6];
    size_t lengths[6];
    if (split(line, length, fields, lengths, 6) != 6 || lengths[0] == 0)
        return MH_PARSE_MALFORMED;
    user->uid = parse_id(fields[1], lengths[1]);
    user->gid = parse_id(fields[2], lengths[2]);
    if (user->uid < 0 || user->gid < 0)
        return MH_PARSE_MALFORMED;
    char *cursor = buffer, *end = buffer + size;
    user->name = copy_field(fields[0], lengths[0], &cursor, end);
    user->full_name = copy_field(fields[3], lengths[3], &cursor, end);
    user->home = copy_field(fields[4], lengths[4], &cursor, end);
    user->shell = copy_field(fields[5], lengths[5], &cursor, end);
    if (user->name == NULL || user->full_name == NULL || user->home == NULL || user->shell == NULL)
        return MH_PARSE_NO_ROOM;
    return MH_PARSE_OK;
}

int mh_parse_group(const char *line, size_t length, struct mh_group *group, char *buffer,
                   size_t size)
{
    const char *fields[4];
    size_t lengths[4];
    if (split(line, length, fields, lengths, 4) != 4 || lengths[0] == 0)
        return MH_PARSE_MALFORMED;
    group->gid = parse_id(fields[2], lengths[2]);
    if (group->gid < 0)
        return MH_PARSE_MALFORMED;
    size_t members = 0;
    for (size_t i = 0; i < lengths[3]; i++) {
        if (fields[3][i] != ',' && (i == 0 || fields[3][i - 1] == ','))
            members++;
    }
    /* The pointer array first, aligned, then the strings. */
    uintptr_t misalignment = (uintptr_t)buffer % sizeof(char *);
    size_t skip = misalignment ? sizeof(char *) - misalignment : 0;
    size_t array_size = (members + 1) * sizeof(char *);
    if (size < skip || size - skip < array_size)
        return MH_PARSE_NO_ROOM;
    group->members = (char **)(void *)(buffer + skip);
    char *cursor = buffer + skip + array_size, *end = buffer + size;
    group->name = copy_field(fields[0], lengths[0], &cursor, end);
    group->password = copy_field(fields[1], lengths[1], &cursor, end);
    if (group->name == NULL || group->password == NULL)
        return MH_PARSE_NO_ROOM;
    size_t member = 0, start = 0;
    for (size_t i = 0; i <= lengths[3]; i++) {
        if (i == lengths[3] || fields[3][i] == ',') {
            if (i > start) {
                group->members[member] = copy_field(fields[3] + start, i - start, &cursor, end);
                if (group->members[member] == NULL)
                    return MH_PARSE_NO_ROOM;
                member++;
            }
            start = i + 1;
        }
    }
    group->members[member] = NULL;
    return MH_PARSE_OK;
}
