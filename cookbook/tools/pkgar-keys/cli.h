/* Command-line plumbing shared by the pkgar tools (pkgar, pkgar-keys): option matching and
 * the messages for usage and run-time errors, prefixed with the program's name. */
#ifndef MH_PKGAR_CLI_H
#define MH_PKGAR_CLI_H

#include "base/error.h"

/* Matches "-x", "--long" or "--long=value"; *inline_value gets the part after '='. */
int pkgar_cli_option(const char *arg, const char *short_name, const char *long_name,
                     const char **inline_value);

/* "PROGRAM: <fmt with arg>" and a hint to --help on stderr; returns 2 (usage error). */
int pkgar_cli_usage_error(const char *program, const char *fmt, const char *arg);

/* "PROGRAM: error: path:line:col: message" on stderr; returns 1. */
int pkgar_cli_print_error(const char *program, const mh_error *err);

#endif
