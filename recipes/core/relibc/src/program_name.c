/* The program's name as glibc and upstream relibc publish it (<errno.h> with _GNU_SOURCE):
 * program_invocation_name is argv[0], program_invocation_short_name its part after the last
 * '/'. gnulib's getprogname, error() and the GNU tools built on them read these. */
#include <errno.h>
#include <string.h>

#include "internal.h"

/* Before start-up sets them (and for a process started without argv[0]) they are "". */
static char no_name[] = "";
char *program_invocation_name = no_name;
char *program_invocation_short_name = no_name;

void __mh_init_program_name(char *argv0)
{
    if (argv0 == NULL)
        return;
    program_invocation_name = argv0;
    char *last_slash = strrchr(argv0, '/');
    program_invocation_short_name = last_slash != NULL ? last_slash + 1 : argv0;
}
