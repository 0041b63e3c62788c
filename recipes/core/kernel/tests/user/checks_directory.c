/* The current directory the kernel keeps for the C library: set by chdir, read by getcwd,
 * copied by fork, kept by exec (checks_exec.c hands the probe a directory, kprobe.c reads it). */
#include "checks.h"

static bool directory_is(const char *expected)
{
    char buffer[64] = {0};
    return sys_getcwd(buffer, sizeof buffer - 1) == (int64_t)strlen(expected) &&
           same_string(buffer, expected);
}

static void check_inherited_by_fork(void)
{
    static const char child_directory[] = "/scheme/sys/child";
    int64_t child = sys_clone(0);
    if (child == 0) {
        bool inherited = directory_is("sys:");
        bool changed = sys_chdir(child_directory, sizeof child_directory - 1) == 0 &&
                       directory_is(child_directory);
        sys_exit(inherited && changed ? 0 : 1);
    }
    check(wait_for(child) == MH_WAIT_EXITED(0) && directory_is("sys:"),
          "fork copies the current directory; the child's chdir leaves the parent's alone");
}

void check_current_directory(void)
{
    check(directory_is("file:/"), "a process the kernel starts has file:/ as its current directory");
    static const char sys_root[] = "sys:";
    check(sys_chdir(sys_root, sizeof sys_root - 1) == 0 && directory_is("sys:"),
          "chdir sets the directory getcwd returns");
    char small[3] = {'x', 'x', 'x'};
    check(sys_getcwd(small, 2) == 4 && small[0] == 's' && small[1] == 'y' && small[2] == 'x',
          "getcwd into a short buffer copies what fits and returns the whole length");
    check(sys_getcwd((char *)8, 4) == -MH_EFAULT, "getcwd into a bad buffer: EFAULT");
    static const char with_nul[] = "sys:a\0b";
    check(sys_chdir(sys_root, 0) == -MH_ENOENT && sys_chdir("relative", 8) == -MH_ENOENT &&
              sys_chdir(with_nul, sizeof with_nul - 1) == -MH_EINVAL &&
              sys_chdir((const char *)8, 4) == -MH_EFAULT && sys_chdir(sys_root, 5000) == -MH_ENAMETOOLONG &&
              directory_is("sys:"),
          "chdir refuses empty, relative, NUL-holding, unreadable and overlong paths, keeping the directory");
    check_inherited_by_fork();
    static const char root[] = "file:/";
    check(sys_chdir(root, sizeof root - 1) == 0 && directory_is("file:/"), "chdir back to file:/");
}
