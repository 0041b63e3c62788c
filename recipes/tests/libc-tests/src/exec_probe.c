/* The program libc-tests runs with fexecve: prints its first argument, the environment
 * variable MH_PROBE, its current directory and its name (program_invocation_name and
 * program_invocation_short_name, from argv[0]) and whether it has an alternate signal stack
 * to standard output and exits with status 7, so the caller can check that arguments,
 * environment, descriptors, the directory and the exit status crossed the exec, and that the
 * alternate stack did not (POSIX). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    const char *probe = getenv("MH_PROBE");
    char directory[64];
    stack_t alternate;
    int no_alternate_stack = sigaltstack(NULL, &alternate) == 0 && (alternate.ss_flags & SS_DISABLE);
    printf("probe %s %s %s %s %s %s\n", argc > 1 ? argv[1] : "(none)", probe != NULL ? probe : "(unset)",
           getcwd(directory, sizeof directory) != NULL ? directory : "(unknown)",
           program_invocation_name, program_invocation_short_name,
           no_alternate_stack ? "no-altstack" : "altstack");
    return 7;
}
