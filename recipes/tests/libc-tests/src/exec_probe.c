/* The program libc-tests runs with fexecve: prints its first argument, the environment
 * variable MH_PROBE, its current directory and its name (program_invocation_name and
 * program_invocation_short_name, from argv[0]) to standard output and exits with status 7, so
 * the caller can check that arguments, environment, descriptors, the directory and the exit
 * status all crossed the exec. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    const char *probe = getenv("MH_PROBE");
    char directory[64];
    printf("probe %s %s %s %s %s\n", argc > 1 ? argv[1] : "(none)", probe != NULL ? probe : "(unset)",
           getcwd(directory, sizeof directory) != NULL ? directory : "(unknown)",
           program_invocation_name, program_invocation_short_name);
    return 7;
}
