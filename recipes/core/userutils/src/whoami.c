/* whoami: the name of the effective user. */
#include <pwd.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    (void)argv;
    if (argc != 1) {
        fprintf(stderr, "usage: whoami\n");
        return 2;
    }
    uid_t uid = geteuid();
    struct passwd *user = getpwuid(uid);
    if (user == NULL) {
        fprintf(stderr, "whoami: no user with id %d in /etc/passwd\n", (int)uid);
        return 1;
    }
    printf("%s\n", user->pw_name);
    return fflush(stdout) == 0 ? 0 : 1;
}
