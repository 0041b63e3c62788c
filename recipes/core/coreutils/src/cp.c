/* cp [-r | -R] SOURCE DEST, cp [-r | -R] SOURCE... DIRECTORY: copies files; -r copies
 * directories with everything in them (symbolic links inside are copied as links). New files
 * get the source's permissions less the umask. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "destination.h"

#define PROGRAM "cp"

static int recursive;

static char *join(const char *directory, const char *name)
{
    size_t length = strlen(directory);
    char *path = malloc(length + strlen(name) + 2);
    if (path == NULL) {
        fprintf(stderr, "%s: out of memory\n", PROGRAM);
        exit(1);
    }
    sprintf(path, "%s%s%s", directory, length > 0 && directory[length - 1] == '/' ? "" : "/", name);
    return path;
}

static int copy_contents(const char *source, const char *target, mode_t mode)
{
    int in = open(source, O_RDONLY);
    if (in < 0) {
        fprintf(stderr, "%s: cannot open '%s' for reading: %s\n", PROGRAM, source, strerror(errno));
        return 1;
    }
    int out = open(target, O_WRONLY | O_CREAT | O_TRUNC, mode & 0777);
    if (out < 0) {
        fprintf(stderr, "%s: cannot create regular file '%s': %s\n", PROGRAM, target, strerror(errno));
        close(in);
        return 1;
    }
    char buffer[65536];
    int status = 0;
    for (;;) {
        ssize_t got = read(in, buffer, sizeof buffer);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            fprintf(stderr, "%s: error reading '%s': %s\n", PROGRAM, source, strerror(errno));
            status = 1;
            break;
        }
        if (got == 0)
            break;
        for (ssize_t done = 0; done < got;) {
            ssize_t written = write(out, buffer + done, (size_t)(got - done));
            if (written < 0 && errno == EINTR)
                continue;
            if (written <= 0) {
                fprintf(stderr, "%s: error writing '%s': %s\n", PROGRAM, target, strerror(errno));
                status = 1;
                break;
            }
            done += written;
        }
        if (status != 0)
            break;
    }
    close(in);
    if (close(out) != 0 && status == 0) {
        fprintf(stderr, "%s: error writing '%s': %s\n", PROGRAM, target, strerror(errno));
        status = 1;
    }
    return status;
}

static int copy(const char *source, const char *target);

static int copy_directory(const char *source, const char *target, const struct stat *status)
{
    /* Copying a directory into itself would never end. */
    char source_real[PATH_MAX], target_parent[PATH_MAX];
    char *parent = join(target, "");
    char *slash = strrchr(parent, '/');
    while (slash > parent && slash[-1] == '/') /* the target's own trailing slashes */
        slash--;
    *slash = '\0';
    slash = strrchr(parent, '/');
    if (slash != NULL)
        slash[slash == parent ? 1 : 0] = '\0';
    else
        strcpy(parent, ".");
    if (realpath(source, source_real) != NULL && realpath(parent, target_parent) != NULL) {
        size_t length = strlen(source_real);
        if (strncmp(target_parent, source_real, length) == 0 &&
            (target_parent[length] == '\0' || target_parent[length] == '/')) {
            fprintf(stderr, "%s: cannot copy a directory, '%s', into itself, '%s'\n", PROGRAM, source, target);
            free(parent);
            return 1;
        }
    }
    free(parent);
    struct stat existing;
    if (stat(target, &existing) != 0) {
        if (mkdir(target, (status->st_mode & 07777) | 0700) != 0) {
            fprintf(stderr, "%s: cannot create directory '%s': %s\n", PROGRAM, target, strerror(errno));
            return 1;
        }
    } else if (!S_ISDIR(existing.st_mode)) {
        fprintf(stderr, "%s: cannot overwrite non-directory '%s' with directory '%s'\n", PROGRAM, target, source);
        return 1;
    }
    DIR *directory = opendir(source);
    if (directory == NULL) {
        fprintf(stderr, "%s: cannot access '%s': %s\n", PROGRAM, source, strerror(errno));
        return 1;
    }
    int result = 0;
    struct dirent *entry;
    while ((entry = readdir(directory)) != NULL) {
        if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
            continue;
        char *from = join(source, entry->d_name), *to = join(target, entry->d_name);
        result |= copy(from, to);
        free(from);
        free(to);
    }
    closedir(directory);
    /* The new directory had owner access for filling it; now the source's mode less umask. */
    mode_t mask = umask(0);
    umask(mask);
    chmod(target, status->st_mode & 07777 & ~mask);
    return result;
}

static int copy(const char *source, const char *target)
{
    struct stat status, existing;
    if ((recursive ? lstat(source, &status) : stat(source, &status)) != 0) {
        fprintf(stderr, "%s: cannot stat '%s': %s\n", PROGRAM, source, strerror(errno));
        return 1;
    }
    if (S_ISDIR(status.st_mode)) {
        if (!recursive) {
            fprintf(stderr, "%s: -r not specified; omitting directory '%s'\n", PROGRAM, source);
            return 1;
        }
        return copy_directory(source, target, &status);
    }
    if (stat(target, &existing) == 0 && existing.st_dev == status.st_dev && existing.st_ino == status.st_ino) {
        fprintf(stderr, "%s: '%s' and '%s' are the same file\n", PROGRAM, source, target);
        return 1;
    }
    if (S_ISLNK(status.st_mode)) {
        char link[PATH_MAX];
        ssize_t length = readlink(source, link, sizeof link - 1);
        if (length < 0) {
            fprintf(stderr, "%s: cannot read symbolic link '%s': %s\n", PROGRAM, source, strerror(errno));
            return 1;
        }
        link[length] = '\0';
        unlink(target);
        if (symlink(link, target) != 0) {
            fprintf(stderr, "%s: cannot create symbolic link '%s': %s\n", PROGRAM, target, strerror(errno));
            return 1;
        }
        return 0;
    }
    return copy_contents(source, target, status.st_mode);
}

int main(int argc, char **argv)
{
    int option;
    while ((option = getopt(argc, argv, "rRf")) != -1) {
        if (option == 'r' || option == 'R') {
            recursive = 1;
        } else if (option != 'f') { /* -f: files are replaced anyway */
            fprintf(stderr, "usage: %s [-r] SOURCE DEST | %s [-r] SOURCE... DIRECTORY\n", PROGRAM, PROGRAM);
            return 2;
        }
    }
    return for_each_destination(PROGRAM, argc - optind, argv + optind, copy);
}
