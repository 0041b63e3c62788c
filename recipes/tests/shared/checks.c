#include "checks.h"

#include <stdio.h>

static int passed, failed;

void check(int ok, const char *what)
{
    printf("%s - %s\n", ok ? "ok" : "FAIL", what);
    if (ok)
        passed++;
    else
        failed++;
}

int report_checks(void)
{
    printf("%d passed, %d failed\n", passed, failed);
    return failed > 255 ? 255 : failed;
}
