/* Reading a line typed on a terminal, with or without echo. */
#ifndef USERUTILS_TERMINAL_INPUT_H
#define USERUTILS_TERMINAL_INPUT_H

#include <stddef.h>

enum terminal_read { TERMINAL_LINE, TERMINAL_END, TERMINAL_TOO_LONG, TERMINAL_ERROR };

/* Reads one line from fd into line (at most size - 1 bytes, NUL-terminated, without the line
 * end). Enter may arrive as '\n' or '\r' (a console without CR translation). A longer line is
 * read to its end and reported as TERMINAL_TOO_LONG; end of input before any byte as
 * TERMINAL_END. */
enum terminal_read terminal_read_line(int fd, char *line, size_t size);

/* The same with echo turned off for the line, as for a password (a descriptor that is no
 * terminal is read as it is). prompt is written to prompt_fd once echo is off and what was
 * typed before is discarded, so that nothing typed after the prompt can be echoed or lost;
 * echo comes back without discarding what is typed after the line. */
enum terminal_read terminal_read_secret(int fd, int prompt_fd, const char *prompt, char *line, size_t size);

#endif
