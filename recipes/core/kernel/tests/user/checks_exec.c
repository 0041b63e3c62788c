/* exec: the embedded probe program (kprobe.c) is fed through a pipe to a child that fexec()s
 * it; the probe checks its arguments, environment, auxiliary vector, descriptors and signal
 * actions, current directory and exits 42 when all are as they should be. */
#include "checks.h"

/* Runs in a fresh child: execs the probe from read_fd with the report and close-on-exec
 * descriptors named in its arguments. */
static void exec_probe(int64_t read_fd, int64_t report_fd)
{
    int64_t secret = open_path("sys:uname", MH_O_RDONLY | MH_O_CLOEXEC);
    struct mh_sigaction handler = {.handler = (uint64_t)exec_probe};
    struct mh_sigaction ignore = {.handler = MH_SIG_IGN};
    sys_sigaction(MH_SIGUSR1, &handler, NULL, signal_restorer);
    sys_sigaction(MH_SIGUSR2, &ignore, NULL, NULL);
    static uint64_t thread_data;
    sys_set_fs_base(&thread_data);
    static const char directory[] = "sys:exec-probe";
    sys_chdir(directory, sizeof directory - 1);
    char report[24], closed[24];
    format_number(report, report_fd);
    format_number(closed, secret);
    char *argv[] = {"kprobe", report, closed, NULL};
    char *envp[] = {"KTEST=exec", "SECOND=2", NULL};
    int64_t result = sys_fexec(read_fd, argv, envp);
    sys_exit(result == 0 ? 71 : 70);
}

static void check_fexec(void)
{
    int32_t image[2], report[2];
    sys_pipe2(image, 0);
    sys_pipe2(report, 0);
    int64_t writer = sys_clone(0);
    if (writer == 0) {
        sys_close(image[0]);
        size_t size = (size_t)(probe_image_end - probe_image);
        sys_exit(write_fully(image[1], probe_image, size) == (int64_t)size ? 0 : 1);
    }
    int64_t child = sys_clone(0);
    if (child == 0) {
        sys_close(image[1]); /* so the exec sees the end of the image */
        sys_close(report[0]);
        exec_probe(image[0], report[1]);
    }
    sys_close(image[0]);
    sys_close(image[1]);
    sys_close(report[1]);
    char text[32] = {0}, expected[32] = "pid=";
    format_number(expected + 4, child);
    int64_t length = read_fully(report[0], text, sizeof text - 1);
    check(wait_for(writer) == MH_WAIT_EXITED(0), "the image went through the pipe");
    int32_t status = wait_for(child);
    check(status == MH_WAIT_EXITED(42), "fexec() runs a program read from a pipe, with argv, envp and auxv");
    if (status != MH_WAIT_EXITED(42)) {
        print("user: the probe exited with ");
        print_number(MH_WEXITSTATUS(status));
        print("\n");
    }
    check(length > 0 && same_string(text, expected), "the new program keeps the pid and the inherited descriptor");
    sys_close(report[0]);
}

static void check_exec_failures(void)
{
    int64_t pid = sys_clone(0);
    if (pid == 0) {
        int32_t fds[2];
        sys_pipe2(fds, 0);
        sys_write(fds[1], "#!not an ELF file", 17);
        sys_close(fds[1]);
        char *argv[] = {"broken", NULL};
        int64_t from_pipe = sys_fexec(fds[0], argv, NULL);
        int64_t missing = sys_execve("sys:nosuch", 10, argv, NULL);
        int64_t writer_only = sys_fexec(console, argv, NULL);
        int64_t bad_argv = sys_execve("sys:uname", 9, (char *const *)8, NULL);
        sys_exit(from_pipe == -MH_ENOEXEC && missing == -MH_ENOENT && writer_only == -MH_EACCES &&
                         bad_argv == -MH_EFAULT
                     ? 0
                     : 1);
    }
    check(wait_for(pid) == MH_WAIT_EXITED(0),
          "exec of a non-ELF file, a missing path, a write-only descriptor or bad argv fails and returns");
}

void check_exec(void)
{
    check_fexec();
    check_exec_failures();
}
