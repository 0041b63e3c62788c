/* Users and groups from Redox's /etc/passwd and /etc/group (formats in account_parse.h). */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "account_parse.h"

#define PASSWD_FILE "/etc/passwd"
#define GROUP_FILE "/etc/group"
#define RECORD_BUFFER 4096

static void to_passwd(const struct mh_user *user, struct passwd *entry)
{
    entry->pw_name = user->name;
    entry->pw_passwd = (char *)"x"; /* hashes live in /etc/shadow */
    entry->pw_uid = (uid_t)user->uid;
    entry->pw_gid = (gid_t)user->gid;
    entry->pw_comment = (char *)"";
    entry->pw_gecos = user->full_name;
    entry->pw_dir = user->home;
    entry->pw_shell = user->shell;
}

static void to_group(const struct mh_group *group, struct group *entry)
{
    entry->gr_name = group->name;
    entry->gr_passwd = group->password;
    entry->gr_gid = (gid_t)group->gid;
    entry->gr_mem = group->members;
}

/* Parses one line into an entry (a struct passwd or struct group): an MH_PARSE_* result. */
typedef int parse_entry(const char *line, size_t length, void *entry, char *buffer, size_t size);

static int parse_passwd(const char *line, size_t length, void *entry, char *buffer, size_t size)
{
    struct mh_user user;
    int parsed = mh_parse_user(line, length, &user, buffer, size);
    if (parsed == MH_PARSE_OK)
        to_passwd(&user, entry);
    return parsed;
}

static int parse_group(const char *line, size_t length, void *entry, char *buffer, size_t size)
{
    struct mh_group group;
    int parsed = mh_parse_group(line, length, &group, buffer, size);
    if (parsed == MH_PARSE_OK)
        to_group(&group, entry);
    return parsed;
}

/* The next well-formed record of file into entry: -1 when there is one, 0 at the end, ERANGE
 * when buffer is too small, another errno on a read error. Malformed lines are skipped. */
static int next_record(FILE *file, parse_entry *parse, void *entry, char *buffer, size_t size)
{
    char *line = NULL;
    size_t capacity = 0;
    ssize_t length;
    int result = 0;
    errno = 0;
    while ((length = getline(&line, &capacity, file)) >= 0) {
        if (length > 0 && line[length - 1] == '\n')
            length--;
        int parsed = parse(line, (size_t)length, entry, buffer, size);
        if (parsed == MH_PARSE_NO_ROOM) {
            result = ERANGE;
            break;
        }
        if (parsed == MH_PARSE_OK) {
            result = -1;
            break;
        }
    }
    if (length < 0 && errno != 0)
        result = errno;
    free(line);
    return result;
}

static int next_user(FILE *file, struct passwd *entry, char *buffer, size_t size)
{
    return next_record(file, parse_passwd, entry, buffer, size);
}

static int next_group(FILE *file, struct group *entry, char *buffer, size_t size)
{
    return next_record(file, parse_group, entry, buffer, size);
}

/* Finds the user with the name or uid; the POSIX _r convention: 0 and *result NULL when there
 * is none, an errno value on failure. */
static int find_user(const char *name, uid_t uid, struct passwd *entry, char *buffer,
                     size_t size, struct passwd **result)
{
    *result = NULL;
    int saved = errno;
    FILE *file = fopen(PASSWD_FILE, "r");
    if (file == NULL) {
        int error = errno == ENOENT ? 0 : errno;
        errno = saved;
        return error;
    }
    int found;
    while ((found = next_user(file, entry, buffer, size)) == -1) {
        if (name != NULL ? strcmp(entry->pw_name, name) == 0 : entry->pw_uid == uid) {
            *result = entry;
            break;
        }
    }
    fclose(file);
    errno = saved;
    return found == -1 ? 0 : found;
}

static int find_group(const char *name, gid_t gid, struct group *entry, char *buffer,
                      size_t size, struct group **result)
{
    *result = NULL;
    int saved = errno;
    FILE *file = fopen(GROUP_FILE, "r");
    if (file == NULL) {
        int error = errno == ENOENT ? 0 : errno;
        errno = saved;
        return error;
    }
    int found;
    while ((found = next_group(file, entry, buffer, size)) == -1) {
        if (name != NULL ? strcmp(entry->gr_name, name) == 0 : entry->gr_gid == gid) {
            *result = entry;
            break;
        }
    }
    fclose(file);
    errno = saved;
    return found == -1 ? 0 : found;
}

int getpwnam_r(const char *name, struct passwd *entry, char *buffer, size_t size,
               struct passwd **result)
{
    return find_user(name, 0, entry, buffer, size, result);
}

int getpwuid_r(uid_t uid, struct passwd *entry, char *buffer, size_t size,
               struct passwd **result)
{
    return find_user(NULL, uid, entry, buffer, size, result);
}

int getgrnam_r(const char *name, struct group *entry, char *buffer, size_t size,
               struct group **result)
{
    return find_group(name, 0, entry, buffer, size, result);
}

int getgrgid_r(gid_t gid, struct group *entry, char *buffer, size_t size,
               struct group **result)
{
    return find_group(NULL, gid, entry, buffer, size, result);
}

static struct passwd static_user;
static struct group static_group;
static char user_buffer[RECORD_BUFFER], group_buffer[RECORD_BUFFER];

static struct passwd *static_user_result(int error, struct passwd *result)
{
    if (error != 0)
        errno = error;
    return result;
}

struct passwd *getpwnam(const char *name)
{
    struct passwd *result;
    int error = getpwnam_r(name, &static_user, user_buffer, sizeof user_buffer, &result);
    return static_user_result(error, result);
}

struct passwd *getpwuid(uid_t uid)
{
    struct passwd *result;
    int error = getpwuid_r(uid, &static_user, user_buffer, sizeof user_buffer, &result);
    return static_user_result(error, result);
}

struct group *getgrnam(const char *name)
{
    struct group *result;
    int error = getgrnam_r(name, &static_group, group_buffer, sizeof group_buffer, &result);
    if (error != 0)
        errno = error;
    return result;
}

struct group *getgrgid(gid_t gid)
{
    struct group *result;
    int error = getgrgid_r(gid, &static_group, group_buffer, sizeof group_buffer, &result);
    if (error != 0)
        errno = error;
    return result;
}

/* Sequential access keeps the file open between calls. */
static FILE *user_file, *group_file;

void setpwent(void)
{
    if (user_file != NULL)
        rewind(user_file);
}

void endpwent(void)
{
    if (user_file != NULL)
        fclose(user_file);
    user_file = NULL;
}

struct passwd *getpwent(void)
{
    if (user_file == NULL && (user_file = fopen(PASSWD_FILE, "r")) == NULL)
        return NULL;
    int found = next_user(user_file, &static_user, user_buffer, sizeof user_buffer);
    if (found == -1)
        return &static_user;
    if (found != 0)
        errno = found;
    return NULL;
}

void setgrent(void)
{
    if (group_file != NULL)
        rewind(group_file);
}

void endgrent(void)
{
    if (group_file != NULL)
        fclose(group_file);
    group_file = NULL;
}

struct group *getgrent(void)
{
    if (group_file == NULL && (group_file = fopen(GROUP_FILE, "r")) == NULL)
        return NULL;
    int found = next_group(group_file, &static_group, group_buffer, sizeof group_buffer);
    if (found == -1)
        return &static_group;
    if (found != 0)
        errno = found;
    return NULL;
}

char *getlogin(void)
{
    struct passwd *user = getpwuid(getuid());
    return user != NULL ? user->pw_name : NULL;
}
