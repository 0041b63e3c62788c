#include "cli.h"

#include <stdio.h>
#include <string.h>

int pkgar_cli_option(const char *arg, const char *short_name, const char *long_name,
                     const char **inline_value) {
    *inline_value = NULL;
    if (short_name && strcmp(arg, short_name) == 0)
        return 1;
    size_t n = strlen(long_name);
    if (strncmp(arg, long_name, n) != 0)
        return 0;
    if (arg[n] == '=')
        *inline_value = arg + n + 1;
    return arg[n] == '\0' || arg[n] == '=';
}

int pkgar_cli_usage_error(const char *program, const char *fmt, const char *arg) {
    fprintf(stderr, "%s: ", program);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry '%s --help'.\n", program);
    return 2;
}

int pkgar_cli_print_error(const char *program, const mh_error *err) {
    char text[MH_ERROR_PATH_MAX + MH_ERROR_MESSAGE_MAX + 16];
    mh_error_format(err, text, sizeof text);
    fprintf(stderr, "%s: error: %s\n", program, text);
    return 1;
}
