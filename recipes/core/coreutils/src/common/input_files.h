/* The FILE operands of head and tail: each file in turn, "-" meaning standard input, with a
 * "==> FILE <==" header before each when there are several (GNU's format). */
#ifndef COREUTILS_INPUT_FILES_H
#define COREUTILS_INPUT_FILES_H

#include <stdio.h>

/* Calls show(file, name, options) for standard input ("standard input") when count is 0,
 * else for each of the count operands opened for reading. An operand that cannot be opened is
 * reported as "PROGRAM: cannot open ..." on standard error and makes the result 1; otherwise
 * the result is the calls' results ORed, and 1 when standard output cannot be flushed. */
int for_each_input_file(const char *program, int count, char *const *operands,
                        int (*show)(FILE *file, const char *name, const void *options),
                        const void *options);

#endif
