/* Lines from the terminal, one byte per read so that nothing after the line end is consumed
 * (the shell started next reads the rest). */
#include "terminal_input.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

enum terminal_read terminal_read_line(int fd, char *line, size_t size)
{
    size_t length = 0;
    int too_long = 0, got_any = 0;
    for (;;) {
        char c;
        ssize_t got = read(fd, &c, 1);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            return TERMINAL_ERROR;
        if (got == 0) {
            if (!got_any)
                return TERMINAL_END;
            break;
        }
        got_any = 1;
        if (c == '\n' || c == '\r')
            break;
        if (length + 1 < size)
            line[length++] = c;
        else
            too_long = 1;
    }
    line[length] = '\0';
    return too_long ? TERMINAL_TOO_LONG : TERMINAL_LINE;
}

enum terminal_read terminal_read_secret(int fd, int prompt_fd, const char *prompt, char *line, size_t size)
{
    struct termios saved, quiet;
    int is_terminal = tcgetattr(fd, &saved) == 0;
    if (is_terminal) {
        quiet = saved;
        quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHOE | ECHOK);
        quiet.c_lflag |= ECHONL; /* the line end still shows, so the next output starts anew */
        tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    (void)write(prompt_fd, prompt, strlen(prompt));
    enum terminal_read result = terminal_read_line(fd, line, size);
    if (is_terminal)
        tcsetattr(fd, TCSANOW, &saved);
    else
        (void)write(fd, "\n", 1);
    return result;
}
