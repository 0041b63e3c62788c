/* id [-u | -g | -G] [-n] [USER]: the user and group ids of this process or of USER, in
 * POSIX's format: uid=0(root) gid=0(root) groups=0(root),1(sudo). */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PROGRAM "id"
#define MAX_GROUPS 64

static void print_user(uid_t uid, int names_only)
{
    struct passwd *user = getpwuid(uid);
    if (names_only && user != NULL)
        printf("%s", user->pw_name);
    else if (names_only || user == NULL)
        printf("%d", (int)uid);
    else
        printf("%d(%s)", (int)uid, user->pw_name);
}

static void print_group(gid_t gid, int names_only)
{
    struct group *group = getgrgid(gid);
    if (names_only && group != NULL)
        printf("%s", group->gr_name);
    else if (names_only || group == NULL)
        printf("%d", (int)gid);
    else
        printf("%d(%s)", (int)gid, group->gr_name);
}

/* USER's groups: the primary one first, then every group listing USER as a member. */
static int groups_of(const char *name, gid_t primary, gid_t *groups)
{
    int count = 0;
    groups[count++] = primary;
    setgrent();
    struct group *group;
    while ((group = getgrent()) != NULL && count < MAX_GROUPS) {
        if (group->gr_gid == primary)
            continue;
        for (char **member = group->gr_mem; member != NULL && *member != NULL; member++) {
            if (strcmp(*member, name) == 0) {
                groups[count++] = group->gr_gid;
                break;
            }
        }
    }
    endgrent();
    return count;
}

/* This process's groups: the group id first, then the supplementary ones. */
static int own_groups(gid_t primary, gid_t *groups)
{
    gid_t supplementary[MAX_GROUPS];
    int found = getgroups(MAX_GROUPS, supplementary);
    int count = 0;
    groups[count++] = primary;
    for (int i = 0; i < found && count < MAX_GROUPS; i++)
        if (supplementary[i] != primary)
            groups[count++] = supplementary[i];
    return count;
}

int main(int argc, char **argv)
{
    int only = 0, names_only = 0, option;
    while ((option = getopt(argc, argv, "ugGn")) != -1) {
        switch (option) {
        case 'u':
        case 'g':
        case 'G':
            if (only != 0 && only != option) {
                fprintf(stderr, "%s: only one of -u, -g and -G may be given\n", PROGRAM);
                return 2;
            }
            only = option;
            break;
        case 'n':
            names_only = 1;
            break;
        default:
            fprintf(stderr, "usage: %s [-u | -g | -G] [-n] [USER]\n", PROGRAM);
            return 2;
        }
    }
    if (argc - optind > 1 || (names_only && only == 0)) {
        fprintf(stderr, "usage: %s [-u | -g | -G] [-n] [USER]\n", PROGRAM);
        return 2;
    }
    uid_t uid, euid;
    gid_t gid, egid, groups[MAX_GROUPS];
    int count;
    if (optind < argc) {
        struct passwd *user = getpwnam(argv[optind]);
        if (user == NULL) {
            fprintf(stderr, "%s: '%s': no such user\n", PROGRAM, argv[optind]);
            return 1;
        }
        uid = euid = user->pw_uid;
        gid = egid = user->pw_gid;
        char *name = strdup(user->pw_name);
        if (name == NULL) {
            fprintf(stderr, "%s: out of memory\n", PROGRAM);
            return 1;
        }
        count = groups_of(name, gid, groups);
        free(name);
    } else {
        uid = getuid();
        euid = geteuid();
        gid = getgid();
        egid = getegid();
        count = own_groups(egid, groups);
    }

    if (only == 'u') {
        print_user(euid, names_only);
    } else if (only == 'g') {
        print_group(egid, names_only);
    } else if (only == 'G') {
        for (int i = 0; i < count; i++) {
            printf(i ? " " : "");
            print_group(groups[i], names_only);
        }
    } else {
        printf("uid=");
        print_user(uid, 0);
        printf(" gid=");
        print_group(gid, 0);
        if (euid != uid) {
            printf(" euid=");
            print_user(euid, 0);
        }
        if (egid != gid) {
            printf(" egid=");
            print_group(egid, 0);
        }
        printf(" groups=");
        for (int i = 0; i < count; i++) {
            printf(i ? "," : "");
            print_group(groups[i], 0);
        }
    }
    printf("\n");
    return fflush(stdout) == 0 ? 0 : 1;
}
