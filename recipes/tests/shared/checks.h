/* The check counter of the boot-time test programs that report on the console (libc-tests,
 * ports-check): one line per check, then the totals, which the QEMU tests read. */
#ifndef TESTS_SHARED_CHECKS_H
#define TESTS_SHARED_CHECKS_H

/* Prints "ok - WHAT" or "FAIL - WHAT" and counts it. */
void check(int ok, const char *what);

/* Prints "N passed, N failed"; returns the program's exit status: the number of failures,
 * capped at 255. */
int report_checks(void);

#endif
