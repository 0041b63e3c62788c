/* more [FILE...]: shows the files (or standard input) a screenful of 24 lines at a time on a
 * terminal, waiting after each for a key read from the terminal itself (standard error):
 * space shows the next screenful, Enter one more line, q quits. When standard output is not
 * a terminal it copies like cat. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define PROGRAM "more"
#define SCREEN_LINES 24
#define PROMPT "--More--"

static int keyboard = STDERR_FILENO;

/* The key pressed, with the terminal in non-canonical mode without echo for the wait;
 * 'q' at the end of input. */
static int wait_for_key(void)
{
    struct termios saved, raw;
    int is_terminal = tcgetattr(keyboard, &saved) == 0;
    if (is_terminal) {
        raw = saved;
        raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
        raw.c_cc[VMIN] = 1;
        raw.c_cc[VTIME] = 0;
        tcsetattr(keyboard, TCSANOW, &raw);
    }
    fputs(PROMPT, stdout);
    fflush(stdout);
    char key = 'q';
    ssize_t got;
    while ((got = read(keyboard, &key, 1)) < 0 && errno == EINTR)
        continue;
    if (got <= 0)
        key = 'q';
    if (is_terminal)
        tcsetattr(keyboard, TCSANOW, &saved);
    /* Erase the prompt. */
    printf("\r%*s\r", (int)strlen(PROMPT), "");
    return key;
}

/* 1 when the reader asked to quit. */
static int page(FILE *file, int paged, int *lines_left)
{
    int c;
    while ((c = getc(file)) != EOF) {
        putchar(c);
        if (c != '\n' || !paged)
            continue;
        if (--*lines_left > 0)
            continue;
        switch (wait_for_key()) {
        case 'q':
        case 'Q':
            return 1;
        case '\n':
        case '\r':
            *lines_left = 1;
            break;
        default:
            *lines_left = SCREEN_LINES - 1;
            break;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    int paged = isatty(STDOUT_FILENO) && isatty(keyboard);
    int lines_left = SCREEN_LINES - 1; /* the last screen line holds the prompt */
    int status = 0;
    if (argc == 1) {
        page(stdin, paged, &lines_left);
        return fflush(stdout) == 0 ? 0 : 1;
    }
    for (int i = 1; i < argc; i++) {
        FILE *file = strcmp(argv[i], "-") == 0 ? stdin : fopen(argv[i], "r");
        if (file == NULL) {
            fprintf(stderr, "%s: cannot open %s: %s\n", PROGRAM, argv[i], strerror(errno));
            status = 1;
            continue;
        }
        int quit = page(file, paged, &lines_left);
        if (file != stdin)
            fclose(file);
        if (quit)
            break;
    }
    return fflush(stdout) == 0 ? status : 1;
}
