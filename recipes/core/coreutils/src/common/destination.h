/* The operands of cp, mv and ln: SOURCE DEST, or SOURCE... DIRECTORY, where each source goes
 * into DIRECTORY under its last path component (trailing slashes ignored). */
#ifndef COREUTILS_DESTINATION_H
#define COREUTILS_DESTINATION_H

/* Calls act(source, target) for each source of the count operands; returns 0 when every call
 * returned 0, else 1. Missing operands (2) and several sources with a destination that is not a
 * directory (1) are reported as "PROGRAM: ..." on standard error. */
int for_each_destination(const char *program, int count, char *const *operands,
                         int (*act)(const char *source, const char *target));

#endif
