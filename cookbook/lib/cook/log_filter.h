/* Turns what programs wrote to a terminal into the text a log file should hold. Builds run on a
 * pseudo-terminal (so tools behave as they do for a user: colours, progress lines), and their
 * logs keep what a terminal would have shown, as plain text:
 *   - escape sequences are removed: CSI (colours, cursor movement), OSC (window titles, links;
 *     ended by BEL or ESC \, or for safety by a newline), DCS/SOS/PM/APC strings, and two- or
 *     three-byte escapes;
 *   - a line that redraws itself keeps what was drawn last: "\r" returns to the start of the
 *     line, "\b" goes back one byte, ESC[K / ESC[1K / ESC[2K erase, ESC[nG moves to column n,
 *     and new text overwrites; "\n" ends the line;
 *   - other control bytes (BEL, NUL, DEL, ...) are dropped; tabs are kept.
 * A line is written out when it ends (or when it grows past 1 MiB, or at the end). The filter
 * works on any chunking of the input: an escape split across two reads is still recognised. */
#ifndef MH_COOK_LOG_FILTER_H
#define MH_COOK_LOG_FILTER_H

#include <stddef.h>

#include "base/strbuf.h"

typedef struct cook_log_filter {
    int state;          /* where in an escape sequence the input is */
    mh_strbuf line;     /* the current line as drawn so far */
    size_t column;      /* the cursor, in bytes from the start of the line */
    unsigned params[4]; /* numeric parameters of the CSI sequence being read */
    size_t param_count;
} cook_log_filter;

void cook_log_filter_init(cook_log_filter *filter);
/* Filters len bytes of output, appending each finished line (with its "\n") to out. */
void cook_log_filter_feed(cook_log_filter *filter, const char *data, size_t len, mh_strbuf *out);
/* Appends the unfinished line, if any, with a "\n" (the output ended). */
void cook_log_filter_finish(cook_log_filter *filter, mh_strbuf *out);
void cook_log_filter_free(cook_log_filter *filter);

#endif
