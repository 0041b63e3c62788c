/* Boot-time checks of the first ports: a zlib compress/uncompress round trip, and the lua
 * interpreter run with `-e 'print(2^10)'` (fexecve of its image through a pipe, its output
 * read through another). Prints one line per check and "N passed, N failed"; the exit status
 * is the number of failures. */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "checks.h"

static void test_zlib(void)
{
    static unsigned char original[64 * 1024], packed[80 * 1024], unpacked[64 * 1024];
    for (size_t i = 0; i < sizeof original; i++) /* compressible, not trivial */
        original[i] = (unsigned char)("MACROHARD zlib round trip "[i % 26] + (i / 4096));
    uLongf packed_size = sizeof packed, unpacked_size = sizeof unpacked;
    int packed_ok = compress2(packed, &packed_size, original, sizeof original, 9) == Z_OK;
    check(packed_ok && packed_size < sizeof original / 4, "zlib compress2 shrinks 64 KiB of text");
    check(packed_ok && uncompress(unpacked, &unpacked_size, packed, packed_size) == Z_OK &&
              unpacked_size == sizeof original && memcmp(unpacked, original, sizeof original) == 0,
          "zlib uncompress gives the original bytes back");
    check(strcmp(zlibVersion(), ZLIB_VERSION) == 0, "zlibVersion matches the header");
}

extern const char lua_image[], lua_image_end[];

/* Runs the embedded lua with arguments; its standard output goes into output. Returns the
 * wait status, or -1. */
static int run_lua(char *const arguments[], char *output, size_t capacity)
{
    int program[2], result[2];
    if (pipe(program) != 0 || pipe(result) != 0)
        return -1;
    pid_t child = fork();
    if (child == 0) {
        pid_t writer = fork();
        if (writer == 0) {
            close(program[0]);
            size_t size = (size_t)(lua_image_end - lua_image);
            _exit(write(program[1], lua_image, size) == (ssize_t)size ? 0 : 1);
        }
        close(program[1]);
        dup2(result[1], 1);
        close(result[0]);
        close(result[1]);
        char *environment[] = {"LUA_INIT=", NULL};
        fexecve(program[0], arguments, environment);
        _exit(127);
    }
    close(program[0]);
    close(program[1]);
    close(result[1]);
    size_t used = 0;
    ssize_t got;
    while (used < capacity - 1 && (got = read(result[0], output + used, capacity - 1 - used)) > 0)
        used += (size_t)got;
    output[used] = '\0';
    close(result[0]);
    int status = 0;
    return waitpid(child, &status, 0) == child ? status : -1;
}

static void test_lua(void)
{
    char output[256];
    char *power[] = {"lua", "-e", "print(2^10)", NULL};
    int status = run_lua(power, output, sizeof output);
    check(status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
              strcmp(output, "1024.0\n") == 0,
          "lua -e 'print(2^10)' prints 1024.0");
    char *program[] = {"lua", "-e",
                       "local t = {} for i = 1, 100 do t[#t + 1] = i * i end "
                       "print(#t, table.concat({string.format('%5.2f', math.pi), ('x'):rep(3)}, ' '))",
                       NULL};
    status = run_lua(program, output, sizeof output);
    check(status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
              strcmp(output, "100\t 3.14 xxx\n") == 0,
          "lua: tables, string.format, string.rep");
    char *failing[] = {"lua", "-e", "error('expected')", NULL};
    status = run_lua(failing, output, sizeof output);
    check(status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 1, "lua exits with 1 on an error");
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0); /* whole lines before each fork */
    printf("ports-check: zlib and lua on MACROHARD\n");
    test_zlib();
    test_lua();
    return report_checks();
}
