/* Runs on MACROHARD from the RedoxFS root (/usr/bin/fs-ops, started by an /etc/init.d script
 * of tests/boot-root.sh): file operations through relibc's POSIX calls down to redoxfsd.
 * Prints one line per check and "fs-ops: N passed, N failed"; exits 0 only if all passed. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DIR_PATH "/var/fs-ops"
#define FILE_SIZE 100000

static int passed, failed;

static void check(int ok, const char *what)
{
    printf("fs-ops: %s - %s", ok ? "ok" : "FAIL", what);
    if (!ok)
        printf(" (errno %d)", errno);
    printf("\n");
    if (ok)
        passed++;
    else
        failed++;
}

static unsigned char pattern_byte(size_t i)
{
    return (unsigned char)(i * 7 + i / 4096);
}

static int write_pattern(const char *path)
{
    static unsigned char data[FILE_SIZE];
    for (size_t i = 0; i < FILE_SIZE; i++)
        data[i] = pattern_byte(i);
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    if (fd < 0)
        return 0;
    ssize_t n = write(fd, data, FILE_SIZE);
    return close(fd) == 0 && n == FILE_SIZE;
}

static int read_back_middle(const char *path)
{
    unsigned char buf[1000];
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return 0;
    int ok = lseek(fd, 50000, SEEK_SET) == 50000 && read(fd, buf, sizeof buf) == (ssize_t)sizeof buf;
    close(fd);
    for (size_t i = 0; ok && i < sizeof buf; i++)
        ok = buf[i] == pattern_byte(50000 + i);
    return ok;
}

static int directory_lists(const char *dir, const char *name)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int found = 0;
    struct dirent *entry;
    while ((entry = readdir(d)) != NULL)
        found |= strcmp(entry->d_name, name) == 0;
    closedir(d);
    return found;
}

static int hostname_is_macrohard(void)
{
    char line[64] = "";
    FILE *f = fopen("/etc/hostname", "r");
    if (!f)
        return 0;
    int ok = fgets(line, sizeof line, f) != NULL && strcmp(line, "macrohard\n") == 0;
    fclose(f);
    return ok;
}

int main(void)
{
    struct stat st;
    char target[16] = "";
    check(hostname_is_macrohard(), "fopen/fgets /etc/hostname reads \"macrohard\"");
    check(mkdir(DIR_PATH, 0755) == 0, "mkdir " DIR_PATH);
    check(stat(DIR_PATH, &st) == 0 && S_ISDIR(st.st_mode), "stat says it is a directory");
    check(mkdir(DIR_PATH, 0755) != 0 && errno == EEXIST, "mkdir again fails with EEXIST");
    check(write_pattern(DIR_PATH "/a"), "write 100000 bytes to a new file");
    check(stat(DIR_PATH "/a", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == FILE_SIZE,
          "stat gives a regular file of 100000 bytes");
    check(read_back_middle(DIR_PATH "/a"), "lseek + read returns the bytes written");
    check(directory_lists(DIR_PATH, "a"), "readdir lists the file");
    check(rename(DIR_PATH "/a", DIR_PATH "/b") == 0, "rename a to b");
    check(stat(DIR_PATH "/a", &st) != 0 && errno == ENOENT, "a is gone after the rename");
    check(read_back_middle(DIR_PATH "/b"), "b has a's contents");
    check(symlink("b", DIR_PATH "/link") == 0, "symlink link -> b");
    check(readlink(DIR_PATH "/link", target, sizeof target - 1) == 1 && target[0] == 'b',
          "readlink gives b");
    check(stat(DIR_PATH "/link", &st) == 0 && st.st_size == FILE_SIZE, "stat follows the link");
    check(rmdir(DIR_PATH) != 0 && errno == ENOTEMPTY, "rmdir of a non-empty directory: ENOTEMPTY");
    check(unlink(DIR_PATH "/link") == 0 && unlink(DIR_PATH "/b") == 0, "unlink link and b");
    check(open(DIR_PATH "/b", O_RDONLY) < 0 && errno == ENOENT, "open of the removed file: ENOENT");
    check(rmdir(DIR_PATH) == 0, "rmdir the empty directory");
    check(stat(DIR_PATH, &st) != 0 && errno == ENOENT, "the directory is gone");
    printf("fs-ops: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
