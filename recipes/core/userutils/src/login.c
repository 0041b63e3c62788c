/* login [USER]: asks for a user name and password on the terminal (fds 0, 1, 2, as getty set
 * them up), checks the password against /etc/shadow and replaces itself with the user's login
 * shell under the user's ids. A wrong name or password gets "Login incorrect" after a pause
 * and a new prompt. */
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "accounts.h"
#include "terminal_input.h"

#define PROGRAM "login"
#define NAME_SIZE 64
#define PASSWORD_SIZE 256
#define FAILURE_DELAY_SECONDS 2

static void say(const char *text)
{
    fputs(text, stdout);
    fflush(stdout);
}

/* The user's name from the terminal; 0 at the end of input. */
static int ask_name(char *name)
{
    char host[256];
    if (gethostname(host, sizeof host) != 0)
        strcpy(host, "localhost");
    for (;;) {
        printf("%s login: ", host);
        fflush(stdout);
        switch (terminal_read_line(STDIN_FILENO, name, NAME_SIZE)) {
        case TERMINAL_LINE:
            if (name[0] != '\0')
                return 1;
            break;
        case TERMINAL_TOO_LONG:
            say("login: that name is too long\n");
            break;
        case TERMINAL_END:
        case TERMINAL_ERROR:
            return 0;
        }
    }
}

/* Whether name may log in, asking for a password unless the account has none. */
static int authenticate(const char *name)
{
    if (account_has_empty_password(name) && getpwnam(name) != NULL)
        return 1;
    char password[PASSWORD_SIZE];
    enum terminal_read read = terminal_read_secret(STDIN_FILENO, STDOUT_FILENO, "Password: ", password,
                                                   sizeof password);
    int accepted = read == TERMINAL_LINE &&
                   account_check_password(PROGRAM, name, password) == PASSWORD_ACCEPTED &&
                   getpwnam(name) != NULL;
    volatile char *wipe = password;
    for (size_t i = 0; i < sizeof password; i++)
        wipe[i] = 0;
    return accepted;
}

int main(int argc, char **argv)
{
    if (argc > 2) {
        fprintf(stderr, "usage: %s [USER]\n", PROGRAM);
        return 2;
    }
    char name[NAME_SIZE];
    int given = argc == 2;
    for (;;) {
        if (given) {
            snprintf(name, sizeof name, "%s", argv[1]);
            given = 0;
        } else if (!ask_name(name)) {
            return 1;
        }
        if (authenticate(name))
            break;
        sleep(FAILURE_DELAY_SECONDS);
        say("Login incorrect\n");
    }
    /* getpwnam's record is static: nothing else looks up users before the exec. */
    struct passwd *user = getpwnam(name);
    if (user == NULL) {
        fprintf(stderr, "%s: '%s' disappeared from /etc/passwd\n", PROGRAM, name);
        return 1;
    }
    if (account_become(PROGRAM, user) != 0)
        return 1;
    account_exec_shell(PROGRAM, user, 1, NULL);
    return 1;
}
