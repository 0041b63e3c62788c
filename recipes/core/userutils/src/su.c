/* su [-] [USER] [-c COMMAND]: runs a shell (or COMMAND) as USER (root if not given) after
 * asking for USER's password; root is not asked. With "-" the shell is a login shell in a
 * fresh environment, as login starts it. */
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "accounts.h"
#include "terminal_input.h"

#define PROGRAM "su"
#define PASSWORD_SIZE 256
#define FAILURE_DELAY_SECONDS 2

static int usage(void)
{
    fprintf(stderr, "usage: %s [-] [USER] [-c COMMAND]\n", PROGRAM);
    return 2;
}

int main(int argc, char **argv)
{
    int login = 0;
    const char *name = "root", *command = NULL;
    int have_name = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-") == 0 || strcmp(argv[i], "-l") == 0 || strcmp(argv[i], "--login") == 0) {
            login = 1;
        } else if (strcmp(argv[i], "-c") == 0) {
            if (++i == argc)
                return usage();
            command = argv[i];
        } else if (argv[i][0] != '-' && !have_name) {
            name = argv[i];
            have_name = 1;
        } else {
            return usage();
        }
    }
    if (getuid() != 0 && !account_has_empty_password(name)) {
        char password[PASSWORD_SIZE];
        enum terminal_read read = terminal_read_secret(STDIN_FILENO, STDERR_FILENO, "Password: ", password,
                                                       sizeof password);
        enum password_check verdict = read == TERMINAL_LINE
                                          ? account_check_password(PROGRAM, name, password)
                                          : PASSWORD_REJECTED;
        volatile char *wipe = password;
        for (size_t i = 0; i < sizeof password; i++)
            wipe[i] = 0;
        if (verdict != PASSWORD_ACCEPTED) {
            sleep(FAILURE_DELAY_SECONDS);
            fprintf(stderr, "%s: Authentication failure\n", PROGRAM);
            return 1;
        }
    }
    struct passwd *user = getpwnam(name);
    if (user == NULL) {
        fprintf(stderr, "%s: '%s': no such user\n", PROGRAM, name);
        return 1;
    }
    if (account_become(PROGRAM, user) != 0)
        return 1;
    account_exec_shell(PROGRAM, user, login, command);
    return 1;
}
