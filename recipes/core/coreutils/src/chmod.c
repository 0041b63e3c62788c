/* chmod [-R] MODE FILE...: changes permissions. MODE is octal or symbolic:
 * [ugoa]*[+-=][rwxXst]* clauses separated by commas (without ugoa the umask is respected);
 * -R changes directories' contents too. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PROGRAM "chmod"

static mode_t umask_value;

/* The new mode from the old one, or -1 when the mode text is invalid. */
static long apply_mode(const char *text, mode_t old)
{
    if (*text >= '0' && *text <= '7') {
        char *end;
        long value = strtol(text, &end, 8);
        return *end == '\0' && value <= 07777 ? value : -1;
    }
    mode_t mode = old & 07777;
    const char *p = text;
    for (;;) {
        mode_t who = 0;
        for (; *p == 'u' || *p == 'g' || *p == 'o' || *p == 'a'; p++)
            who |= *p == 'u' ? 04700 : *p == 'g' ? 02070 : *p == 'o' ? 01007 : 07777;
        int explicit_who = who != 0;
        if (!explicit_who)
            who = 07777;
        if (*p != '+' && *p != '-' && *p != '=')
            return -1;
        while (*p == '+' || *p == '-' || *p == '=') {
            char operation = *p++;
            mode_t bits = 0;
            for (; strchr("rwxXst", *p) != NULL && *p != '\0'; p++) {
                switch (*p) {
                case 'r': bits |= 0444; break;
                case 'w': bits |= 0222; break;
                case 'x': bits |= 0111; break;
                case 'X':
                    if (S_ISDIR(old) || (mode & 0111))
                        bits |= 0111;
                    break;
                case 's': bits |= 06000; break;
                case 't': bits |= 01000; break;
                }
            }
            bits &= who;
            if (!explicit_who)
                bits &= ~umask_value;
            if (operation == '+')
                mode |= bits;
            else if (operation == '-')
                mode &= ~bits;
            else
                mode = (mode & ~(who & (explicit_who ? 07777 : ~umask_value & 07777))) | bits;
        }
        if (*p == '\0')
            return mode;
        if (*p++ != ',')
            return -1;
    }
}

static int change(const char *path, const char *mode_text, int recursive)
{
    struct stat status;
    if (stat(path, &status) != 0) {
        fprintf(stderr, "%s: cannot access '%s': %s\n", PROGRAM, path, strerror(errno));
        return 1;
    }
    long mode = apply_mode(mode_text, status.st_mode);
    if (mode < 0) {
        fprintf(stderr, "%s: invalid mode: '%s'\n", PROGRAM, mode_text);
        exit(1);
    }
    int result = 0;
    if (chmod(path, (mode_t)mode) != 0) {
        fprintf(stderr, "%s: changing permissions of '%s': %s\n", PROGRAM, path, strerror(errno));
        result = 1;
    }
    if (!recursive || !S_ISDIR(status.st_mode))
        return result;
    DIR *directory = opendir(path);
    if (directory == NULL) {
        fprintf(stderr, "%s: cannot read directory '%s': %s\n", PROGRAM, path, strerror(errno));
        return 1;
    }
    struct dirent *entry;
    while ((entry = readdir(directory)) != NULL) {
        if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
            continue;
        char *child = malloc(strlen(path) + strlen(entry->d_name) + 2);
        if (child == NULL) {
            fprintf(stderr, "%s: out of memory\n", PROGRAM);
            exit(1);
        }
        sprintf(child, "%s/%s", path, entry->d_name);
        struct stat child_status;
        /* Symbolic links met on the way are not followed (nor changed). */
        if (lstat(child, &child_status) == 0 && !S_ISLNK(child_status.st_mode))
            result |= change(child, mode_text, 1);
        free(child);
    }
    closedir(directory);
    return result;
}

int main(int argc, char **argv)
{
    int recursive = 0, first = 1;
    if (argc > 1 && strcmp(argv[1], "-R") == 0) {
        recursive = 1;
        first = 2;
    }
    if (argc - first < 2) {
        fprintf(stderr, "usage: %s [-R] MODE FILE...\n", PROGRAM);
        return 2;
    }
    umask_value = umask(0);
    umask(umask_value);
    if (apply_mode(argv[first], 0) < 0) {
        fprintf(stderr, "%s: invalid mode: '%s'\n", PROGRAM, argv[first]);
        return 1;
    }
    int result = 0;
    for (int i = first + 1; i < argc; i++)
        result |= change(argv[i], argv[first], recursive);
    return result;
}
