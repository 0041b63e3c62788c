/* Running a helper program (mkfs.fat, mcopy, git, patch, …) and capturing what it printed,
 * so a library can report a failure with the program's own words instead of printing. */
#ifndef MH_BASE_PROCESS_H
#define MH_BASE_PROCESS_H

#include "base/error.h"
#include "base/strbuf.h"

/* Runs argv[0] (searched in PATH) with argv, stdin from /dev/null, stdout and stderr captured
 * into output (may be NULL to discard). Returns 0 when it exited with status 0; otherwise -1
 * with err naming the program, how it ended and the last lines it printed. */
int mh_run(char *const argv[], mh_strbuf *output, mh_error *err);

#endif
