/* zerod: the null: and zero: schemes behind /dev/null and /dev/zero (upstream Redox's zerod
 * serves both too). `zerod null`: reads give end of file, writes swallow everything.
 * `zerod zero`: reads give zero bytes, writes swallow everything. */
#include <stdio.h>
#include <string.h>

#include "scheme_server.h"

static long read_nothing(uint8_t *buffer, uint64_t length)
{
    (void)buffer;
    (void)length;
    return 0;
}

static long read_zeros(uint8_t *buffer, uint64_t length)
{
    memset(buffer, 0, length);
    return (long)length;
}

static long swallow(const uint8_t *buffer, uint64_t length)
{
    (void)buffer;
    return (long)length;
}

int main(int argc, char **argv)
{
    static const struct device_file null_device = {"null", read_nothing, swallow};
    static const struct device_file zero_device = {"zero", read_zeros, swallow};
    if (argc == 2 && strcmp(argv[1], "null") == 0)
        return serve_device_file("zerod", &null_device);
    if (argc == 2 && strcmp(argv[1], "zero") == 0)
        return serve_device_file("zerod", &zero_device);
    fprintf(stderr, "usage: zerod null|zero\n");
    return 2;
}
