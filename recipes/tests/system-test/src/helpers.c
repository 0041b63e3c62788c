/* The modes in which the checks exec this program again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"

int helper_main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "exit-with") == 0)
        return atoi(argv[2]);
    if (strcmp(argv[1], "print-args") == 0) {
        for (int i = 2; i < argc; i++)
            printf("%s|", argv[i]);
        printf("\n");
        return 0;
    }
    fprintf(stderr, "system-test: unknown mode %s\n", argv[1]);
    return 2;
}
