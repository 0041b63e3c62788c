#include "ulib.h"

int64_t console = -1;
bool quiet;
int passed, failed;

bool same_string(const char *a, const char *b)
{
    return strcmp(a, b) == 0;
}

bool has_prefix(const char *text, const char *prefix)
{
    while (*prefix != '\0') {
        if (*text++ != *prefix++)
            return false;
    }
    return true;
}

bool contains(const char *haystack, size_t length, const char *needle)
{
    size_t needle_length = strlen(needle);
    for (size_t i = 0; i + needle_length <= length; i++) {
        if (memcmp(haystack + i, needle, needle_length) == 0)
            return true;
    }
    return false;
}

void print(const char *text)
{
    sys_write(console, text, strlen(text));
}

size_t format_number(char *buffer, int64_t value)
{
    char digits[24];
    int position = sizeof digits;
    bool negative = value < 0;
    uint64_t magnitude = negative ? 0 - (uint64_t)value : (uint64_t)value;
    do {
        digits[--position] = (char)('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude != 0);
    if (negative)
        digits[--position] = '-';
    size_t length = sizeof digits - (size_t)position;
    memcpy(buffer, digits + position, length);
    buffer[length] = '\0';
    return length;
}

void print_number(int64_t value)
{
    char text[24];
    sys_write(console, text, format_number(text, value));
}

void check(bool ok, const char *what)
{
    if (!ok || !quiet) {
        print(ok ? "user: ok - " : "user: FAIL - ");
        print(what);
        print("\n");
    }
    if (ok)
        passed++;
    else
        failed++;
}

uint64_t nanoseconds(const struct mh_timespec *time)
{
    return (uint64_t)time->seconds * 1000000000u + (uint64_t)time->nanoseconds;
}

uint64_t monotonic_ns(void)
{
    struct mh_timespec now;
    sys_clock_gettime(MH_CLOCK_MONOTONIC, &now);
    return nanoseconds(&now);
}

void sleep_ms(int64_t milliseconds)
{
    struct mh_timespec request = {.seconds = milliseconds / 1000,
                                  .nanoseconds = (int32_t)(milliseconds % 1000 * 1000000)};
    sys_nanosleep(&request, NULL);
}

int32_t wait_for(int64_t pid)
{
    int32_t status = -1;
    return sys_waitpid(pid, &status, 0) == pid ? status : -1;
}

int64_t open_path(const char *path, unsigned flags)
{
    return sys_open(path, strlen(path), flags);
}

int64_t read_fully(int64_t fd, void *buffer, size_t length)
{
    size_t done = 0;
    while (done < length) {
        int64_t count = sys_read(fd, (uint8_t *)buffer + done, length - done);
        if (count < 0)
            return done > 0 ? (int64_t)done : count;
        if (count == 0)
            break;
        done += (size_t)count;
    }
    return (int64_t)done;
}

int64_t write_fully(int64_t fd, const void *buffer, size_t length)
{
    size_t done = 0;
    while (done < length) {
        int64_t count = sys_write(fd, (const uint8_t *)buffer + done, length - done);
        if (count <= 0)
            return done > 0 ? (int64_t)done : count;
        done += (size_t)count;
    }
    return (int64_t)done;
}

int64_t map_anonymous(uint64_t size, uint64_t flags, uint64_t address)
{
    struct mh_map request = {.size = size, .flags = flags, .address = address};
    return sys_fmap(MH_MAP_ANONYMOUS_FD, &request);
}
