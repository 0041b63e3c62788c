/* The program libc-tests runs with fexecve: prints its first argument and the environment
 * variable MH_PROBE to standard output and exits with status 7, so the caller can check that
 * arguments, environment, descriptors and the exit status all crossed the exec. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    const char *probe = getenv("MH_PROBE");
    printf("probe %s %s\n", argc > 1 ? argv[1] : "(none)", probe != NULL ? probe : "(unset)");
    return 7;
}
