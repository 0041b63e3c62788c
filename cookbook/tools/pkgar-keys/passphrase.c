#include "passphrase.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "base/strbuf.h"

#define PASSPHRASE_MAX 4096

/* The terminal state to restore if a signal ends the program while echo is off. */
static int saved_tty = -1;
static struct termios saved_termios;

static void restore_and_reraise(int sig) {
    if (saved_tty >= 0)
        tcsetattr(saved_tty, TCSAFLUSH, &saved_termios);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void write_tty(int fd, const char *s) {
    size_t len = strlen(s);
    while (len) {
        ssize_t n = write(fd, s, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        s += n;
        len -= (size_t)n;
    }
}

/* Reads one line from the terminal with echo off. */
static char *read_line_quietly(int fd, const char *prompt, mh_error *err) {
    static const int signals[] = {SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGTSTP};
    struct sigaction old_actions[sizeof signals / sizeof signals[0]];
    struct termios quiet;
    int have_termios = tcgetattr(fd, &saved_termios) == 0;
    if (have_termios) {
        saved_tty = fd;
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = restore_and_reraise;
        for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
            sigaction(signals[i], &sa, &old_actions[i]);
        quiet = saved_termios;
        quiet.c_lflag &= (tcflag_t)~ECHO;
        quiet.c_lflag |= ECHONL;
        tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    write_tty(fd, prompt);
    mh_strbuf line = MH_STRBUF_INIT;
    int rc = 0;
    for (;;) {
        char c;
        ssize_t n = read(fd, &c, 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            rc = mh_error_errno(err, "/dev/tty", errno, "cannot read the passphrase");
            break;
        }
        if (n == 0 || c == '\n')
            break;
        if (line.len >= PASSPHRASE_MAX) {
            rc = mh_error_set(err, NULL, 0, 0, "the passphrase is longer than %d bytes",
                              PASSPHRASE_MAX);
            break;
        }
        mh_strbuf_putc(&line, c);
    }
    if (have_termios) {
        tcsetattr(fd, TCSAFLUSH, &saved_termios);
        saved_tty = -1;
        for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
            sigaction(signals[i], &old_actions[i], NULL);
    }
    char *text = mh_strbuf_detach(&line);
    if (rc != 0) {
        memset(text, 0, strlen(text));
        free(text);
        return NULL;
    }
    return text;
}

char *pkgar_cli_passphrase(const char *env_name, const char *prompt, int confirm, mh_error *err) {
    const char *env = getenv(env_name);
    if (env)
        return mh_xstrdup(env);
    int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        mh_error_set(err, NULL, 0, 0,
                     "cannot ask for a passphrase: no terminal (set %s to give it instead)",
                     env_name);
        return NULL;
    }
    char *first = read_line_quietly(fd, prompt, err);
    if (first && confirm) {
        char *second = read_line_quietly(fd, "Please re-enter the passphrase: ", err);
        if (!second || strcmp(first, second) != 0) {
            if (second)
                mh_error_set(err, NULL, 0, 0, "the passphrases do not match");
            memset(first, 0, strlen(first));
            free(first);
            first = NULL;
        }
        if (second) {
            memset(second, 0, strlen(second));
            free(second);
        }
    }
    close(fd);
    return first;
}

char *pkgar_cli_ask_passphrase(void *ctx, const char *key_path, mh_error *err) {
    (void)ctx;
    char *prompt = mh_xasprintf("Passphrase for %s: ", key_path);
    char *passphrase = pkgar_cli_passphrase(PKGAR_PASSPHRASE_ENV, prompt, 0, err);
    free(prompt);
    return passphrase;
}
