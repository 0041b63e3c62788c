/* Run as root from the RedoxFS root by tests/qemu-permissions.sh: prepares files under
 * /perm as root, then a child drops to uid 1000 gid 100 and checks what redoxfsd lets it do.
 * Prints one line per check and "perm-probe: N passed, N failed". */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int passed, failed;

static void check(int ok, const char *what)
{
    printf("perm-probe: %s - %s\n", ok ? "ok" : "FAIL", what);
    fflush(stdout);
    if (ok)
        passed++;
    else
        failed++;
}

static int write_file(const char *path, mode_t mode, const char *text)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
    if (fd < 0)
        return -1;
    ssize_t written = write(fd, text, strlen(text));
    close(fd);
    return written == (ssize_t)strlen(text) && chmod(path, mode) == 0 ? 0 : -1;
}

static int fails_with(int result, int error)
{
    return result == -1 && errno == error;
}

/* As uid 1000 gid 100. */
static void as_user(void)
{
    errno = 0;
    check(fails_with(open("/perm/shadow", O_RDONLY), EACCES), "a user cannot read a 0600 root file");
    errno = 0;
    check(fails_with(access("/perm/shadow", R_OK), EACCES) && access("/perm/public", R_OK) == 0,
          "access() agrees");
    errno = 0;
    check(fails_with(open("/perm/public", O_WRONLY), EACCES), "a user cannot write a 0644 root file");
    int fd = open("/perm/public", O_RDONLY);
    char text[16] = {0};
    check(fd >= 0 && read(fd, text, sizeof text - 1) > 0 && strcmp(text, "public\n") == 0, "but can read it");
    close(fd);
    errno = 0;
    check(fails_with(open("/perm/root/new", O_WRONLY | O_CREAT, 0644), EACCES),
          "a user cannot create files in a 0700 root directory");
    errno = 0;
    check(fails_with(open("/perm/root/existing", O_RDONLY), EACCES), "nor look into it");
    errno = 0;
    check(fails_with(mkdir("/perm/newdir", 0755), EACCES), "nor make directories in a 0755 root directory");
    errno = 0;
    check(fails_with(unlink("/perm/public"), EACCES), "nor remove a file from it");
    check(write_file("/perm/tmp/mine", 0600, "mine\n") == 0, "a user creates a file in a 01777 directory");
    struct stat status;
    check(stat("/perm/tmp/mine", &status) == 0 && status.st_uid == 1000 && status.st_gid == 100 &&
              (status.st_mode & 07777) == 0600,
          "the new file belongs to uid 1000 gid 100");
    errno = 0;
    check(fails_with(unlink("/perm/tmp/roots"), EACCES), "the sticky bit keeps a root file in it");
    errno = 0;
    check(fails_with(chmod("/perm/public", 0666), EPERM), "a user cannot chmod a root file");
    errno = 0;
    check(fails_with(chown("/perm/tmp/mine", 0, 100), EPERM), "nor give a file away");
    check(chmod("/perm/tmp/mine", 0640) == 0 && chown("/perm/tmp/mine", (uid_t)-1, 100) == 0,
          "the owner chmods its file and sets its own group");
    check(unlink("/perm/tmp/mine") == 0, "and removes it");
}

int main(void)
{
    mkdir("/perm", 0755);
    mkdir("/perm/root", 0700);
    mkdir("/perm/tmp", 0777);
    check(chmod("/perm/tmp", 01777) == 0 && write_file("/perm/shadow", 0600, "secret\n") == 0 &&
              write_file("/perm/public", 0644, "public\n") == 0 &&
              write_file("/perm/root/existing", 0644, "x\n") == 0 && write_file("/perm/tmp/roots", 0666, "r\n") == 0,
          "root prepares /perm");
    pid_t child = fork();
    if (child == 0) {
        if (setgid(100) != 0 || setuid(1000) != 0) {
            check(0, "setgid(100) and setuid(1000)");
            _exit(1);
        }
        as_user();
        _exit(failed > 0);
    }
    int status = -1;
    check(waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 0,
          "every check as uid 1000 passed");
    int fd = open("/perm/shadow", O_RDONLY);
    check(fd >= 0, "root still reads the 0600 file");
    close(fd);
    printf("perm-probe: %d passed, %d failed\n", passed, failed);
    return failed > 0;
}
