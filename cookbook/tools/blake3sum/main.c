/* blake3sum FILE...: prints "HASH  NAME" for each file, byte for byte like b3sum. No file or
 * "-" reads standard input (named "-"). A file that cannot be read is reported on stderr and
 * makes the exit status 1, after the other files are done. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/error.h"
#include "blake3/blake3.h"
#include "file_hash.h"

/* Like b3sum (and sha256sum): a name with a backslash or newline is printed with those escaped
 * and the line starts with a backslash, so every line stays one line and can be parsed back.
 * Other bytes go out as they are; b3sum alone replaces bytes that are not UTF-8 with U+FFFD,
 * which would name a different file. */
static void print_line(const uint8_t hash[BLAKE3_OUT_LEN], const char *name) {
    char hex[2 * BLAKE3_OUT_LEN + 1];
    blake3_to_hex(hash, hex);
    int escape = strpbrk(name, "\\\n") != NULL;
    if (escape)
        putchar('\\');
    fputs(hex, stdout);
    fputs("  ", stdout);
    for (const char *c = name; *c; c++) {
        if (escape && *c == '\\')
            fputs("\\\\", stdout);
        else if (escape && *c == '\n')
            fputs("\\n", stdout);
        else
            putchar(*c);
    }
    putchar('\n');
}

static int hash_and_print(const char *name) {
    uint8_t hash[BLAKE3_OUT_LEN];
    mh_error err;
    mh_error_clear(&err);
    int rc = strcmp(name, "-") == 0 ? hash_fd(STDIN_FILENO, "-", hash, &err)
                                    : hash_path(name, hash, &err);
    if (rc != 0) {
        /* Earlier lines go out first, so stdout and stderr read in order on a terminal. */
        fflush(stdout);
        mh_error_print("blake3sum", &err);
        return 1;
    }
    print_line(hash, name);
    return 0;
}

int main(int argc, char **argv) {
    int status = 0;
    if (argc < 2)
        status |= hash_and_print("-");
    for (int i = 1; i < argc; i++)
        status |= hash_and_print(argv[i]);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        perror("blake3sum: cannot write output");
        return 1;
    }
    return status;
}
