/* Parsing Redox's account files; pure string work (no system calls), also unit-tested on the
 * host (tests/host/test_account_parse.c).
 *   /etc/passwd  user;uid;gid;name;home;shell
 *   /etc/group   group;x;gid;member,member,...
 * A parsed record points into a caller's buffer, as getpwnam_r() and getgrnam_r() need. */
#ifndef MH_ACCOUNT_PARSE_H
#define MH_ACCOUNT_PARSE_H

#include <stddef.h>

struct mh_user {
    char *name, *full_name, *home, *shell;
    long uid, gid;
};

struct mh_group {
    char *name, *password;
    long gid;
    char **members; /* NULL-terminated */
};

/* Results of the parsers. */
enum { MH_PARSE_OK = 0, MH_PARSE_MALFORMED = 1, MH_PARSE_NO_ROOM = 2 };

/* Parses one line (without its newline; length bytes) into user, copying the strings into
 * buffer (size bytes). */
int mh_parse_user(const char *line, size_t length, struct mh_user *user, char *buffer,
                  size_t size);

/* The same for a group line; the member pointer array also lives in buffer. */
int mh_parse_group(const char *line, size_t length, struct mh_group *group, char *buffer,
                   size_t size);

#endif
