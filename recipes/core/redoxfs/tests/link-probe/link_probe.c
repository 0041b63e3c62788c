/* Run as root from the RedoxFS root by tests/qemu-permissions.sh: symbolic links that lead
 * out of the file: scheme. redoxfsd answers EXDEV for them and the C library resolves the path
 * itself; every way in (open, stat, access, chdir, exec, unlink) must get through, and a loop
 * through another scheme must end in ELOOP. Prints one line per check and
 * "link-probe: N passed, N failed". With the argument "exec-check" it only prints that it ran
 * (the exec check runs it through a link). */
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
    printf("link-probe: %s - %s\n", ok ? "ok" : "FAIL", what);
    fflush(stdout);
    if (ok)
        passed++;
    else
        failed++;
}

static int make_links(void)
{
    /* "/scheme/sys/../../links" is file:/links seen from another scheme: redoxfsd cannot
     * follow it, the library's resolution comes back to this volume. */
    static const char *const links[][2] = {
        {"/scheme/null", "/links/null"},
        {"zero:", "/links/zero"},
        {"/scheme/rand", "/links/random"},
        {"/scheme/sys", "/links/sys"},
        {"null", "/links/relative"},
        {"/scheme/sys/../../links", "/links/back"},
        {"/scheme/sys/../../links/loop", "/links/loop"},
        {"/scheme/sys/../../usr/bin", "/links/bin"},
    };
    if (mkdir("/links", 0755) != 0 || mkdir("/links/dir", 0755) != 0)
        return -1;
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
        if (symlink(links[i][0], links[i][1]) != 0)
            return -1;
    }
    int fd = open("/links/dir/victim", O_WRONLY | O_CREAT, 0644);
    return fd < 0 ? -1 : close(fd);
}

static void check_files(void)
{
    int fd = open("/links/null", O_WRONLY);
    check(fd >= 0 && write(fd, "lost", 4) == 4, "a link to /scheme/null opens and takes writes");
    close(fd);
    char bytes[16];
    memset(bytes, 0x55, sizeof bytes);
    fd = open("/links/zero", O_RDONLY);
    int zeros = fd >= 0 && read(fd, bytes, sizeof bytes) == (ssize_t)sizeof bytes;
    for (size_t i = 0; i < sizeof bytes; i++)
        zeros = zeros && bytes[i] == 0;
    check(zeros, "a link to zero: reads zeros");
    close(fd);
    fd = open("/links/random", O_RDONLY);
    check(fd >= 0 && read(fd, bytes, 8) == 8, "a link to /scheme/rand reads 8 bytes");
    close(fd);
    fd = open("/links/relative", O_RDONLY);
    check(fd >= 0 && read(fd, bytes, sizeof bytes) == 0, "a relative link to such a link: the null: end of file");
    close(fd);
    fd = open("/links/sys/uname", O_RDONLY);
    char text[16] = {0};
    check(fd >= 0 && read(fd, text, 10) == 10 && strcmp(text, "MACROHARD\n") == 0,
          "a directory link into sys: on the way to a file");
    close(fd);
}

static void check_metadata(void)
{
    struct stat status;
    check(stat("/links/null", &status) == 0 && !S_ISLNK(status.st_mode), "stat follows the link into null:");
    check(lstat("/links/null", &status) == 0 && S_ISLNK(status.st_mode), "lstat shows the link itself");
    char target[32] = {0};
    check(readlink("/links/null", target, sizeof target - 1) == 12 && strcmp(target, "/scheme/null") == 0,
          "readlink gives the target");
    check(access("/links/sys/uname", R_OK) == 0, "access through the directory link");
    errno = 0;
    check(open("/links/loop", O_RDONLY) == -1 && errno == ELOOP, "a link loop through another scheme: ELOOP");
    check(unlink("/links/back/dir/victim") == 0 && access("/links/dir/victim", F_OK) == -1,
          "unlink through a directory link that leaves and comes back");
}

static void check_directory_and_exec(void)
{
    char cwd[64];
    int fd = -1;
    check(chdir("/links/sys") == 0 && getcwd(cwd, sizeof cwd) != NULL && strcmp(cwd, "sys:") == 0 &&
              (fd = open("uname", O_RDONLY)) >= 0,
          "chdir through the link lands in sys:, where relative paths resolve");
    close(fd);
    check(chdir("/") == 0, "chdir back to /");
    pid_t child = fork();
    if (child == 0) {
        execl("/links/bin/link-probe", "link-probe", "exec-check", (char *)NULL);
        _exit(127);
    }
    int status = -1;
    check(waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 42,
          "exec of a program through a directory link");
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "exec-check") == 0)
        return 42;
    check(make_links() == 0, "root makes /links");
    check_files();
    check_metadata();
    check_directory_and_exec();
    printf("link-probe: %d passed, %d failed\n", passed, failed);
    return failed > 0;
}
