/* rm [-f] [-r | -R] FILE...: removes files; -r removes directories with their contents, -f
 * ignores files that do not exist. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PROGRAM "rm"

static int force, recursive;

static int fail(const char *path, int error)
{
    if (force && error == ENOENT)
        return 0;
    fprintf(stderr, "%s: cannot remove '%s': %s\n", PROGRAM, path, strerror(error));
    return 1;
}

static int remove_path(const char *path)
{
    struct stat status;
    if (lstat(path, &status) != 0)
        return fail(path, errno);
    if (!S_ISDIR(status.st_mode))
        return unlink(path) == 0 ? 0 : fail(path, errno);
    if (!recursive)
        return fail(path, EISDIR);
    DIR *directory = opendir(path);
    if (directory == NULL)
        return fail(path, errno);
    int result = 0;
    struct dirent *entry;
    while ((entry = readdir(directory)) != NULL) {
        if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
            continue;
        char *child = malloc(strlen(path) + strlen(entry->d_name) + 2);
        if (child == NULL) {
            fprintf(stderr, "%s: out of memory\n", PROGRAM);
            exit(1);
        }
        sprintf(child, "%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/", entry->d_name);
        result |= remove_path(child);
        free(child);
    }
    closedir(directory);
    if (result != 0)
        return result;
    return rmdir(path) == 0 ? 0 : fail(path, errno);
}

/* ".", ".." and "/" are refused as operands, as POSIX asks. */
static int refused(const char *path)
{
    const char *name = strrchr(path, '/');
    name = name != NULL && name[1] != '\0' ? name + 1 : path;
    if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
        fprintf(stderr, "%s: refusing to remove '.' or '..' directory: skipping '%s'\n", PROGRAM, path);
        return 1;
    }
    if (strspn(path, "/") == strlen(path) && path[0] == '/') {
        fprintf(stderr, "%s: it is dangerous to operate recursively on '/'\n", PROGRAM);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    int option;
    while ((option = getopt(argc, argv, "frR")) != -1) {
        if (option == 'f') {
            force = 1;
        } else if (option == 'r' || option == 'R') {
            recursive = 1;
        } else {
            fprintf(stderr, "usage: %s [-f] [-r] FILE...\n", PROGRAM);
            return 2;
        }
    }
    if (optind == argc && !force) {
        fprintf(stderr, "%s: missing operand\n", PROGRAM);
        return 2;
    }
    int result = 0;
    for (int i = optind; i < argc; i++)
        result |= refused(argv[i]) ? 1 : remove_path(argv[i]);
    return result;
}
