/* Unit tests of the C library on MACROHARD: newlib's string, stdio and stdlib functions and the
 * system layer as far as the kernel supports it. Prints one line per check and ends with
 * "N passed, N failed"; the exit status is the number of failures (capped at 255).
 * `libc-tests --files DIR` checks only the calls that need real files, under DIR. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <locale.h>
#include <math.h>
#include <regex.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "checks.h"

static void test_strings(void)
{
    char buffer[64];
    check(strlen("macrohard") == 9, "strlen");
    check(strcmp("abc", "abd") < 0 && strcmp("b", "a") > 0, "strcmp orders");
    strcpy(buffer, "0123456789");
    memmove(buffer + 2, buffer, 5);
    check(memcmp(buffer, "0101234789", 10) == 0, "memmove with overlap");
    char text[] = "a,b;;c";
    char *state, *first = strtok_r(text, ",;", &state), *second = strtok_r(NULL, ",;", &state);
    char *third = strtok_r(NULL, ",;", &state);
    check(first && second && third && strcmp(first, "a") == 0 && strcmp(second, "b") == 0 &&
              strcmp(third, "c") == 0 && strtok_r(NULL, ",;", &state) == NULL,
          "strtok_r splits and skips empty fields");
    check(strstr("hello world", "o w") != NULL && strstr("abc", "x") == NULL, "strstr");
    check(strstr(strerror(ENOSYS), "mplemented") != NULL, "strerror knows Linux's ENOSYS (38)");
    check(ENOSYS == 38 && ENOTSUP == 95 && ETIMEDOUT == 110, "errno values are Linux's");
}

static void test_formatting(void)
{
    char out[160];
    int length = snprintf(out, sizeof out, "%d|%5.2f|%s|%x|%lld|%zu|%-4s|%c|%%|%e|%g", -42,
                          3.14159, "str", 255u, -1234567890123ll, (size_t)77, "ab", 'z', 12345.678,
                          0.0001);
    const char *expected = "-42| 3.14|str|ff|-1234567890123|77|ab  |z|%|1.234568e+04|0.0001";
    check(length == (int)strlen(expected) && strcmp(out, expected) == 0, "snprintf formats");
    const char *volatile long_text = "truncated"; /* not a constant: no compile-time warning */
    check(snprintf(out, 4, "%s", long_text) == 9 && strcmp(out, "tru") == 0,
          "snprintf truncates and returns the full length");
    int number;
    char word[16];
    double real;
    check(sscanf("17 apples 2.5", "%d %15s %lf", &number, word, &real) == 3 && number == 17 &&
              strcmp(word, "apples") == 0 && real == 2.5,
          "sscanf parses");
    check(strtol("-0x1f", NULL, 16) == -31 && strtoul("777", NULL, 8) == 511, "strtol, strtoul");
    check(fabs(strtod("6.02e23", NULL) - 6.02e23) < 1e10, "strtod");
    char *memory = NULL;
    size_t size = 0;
    FILE *stream = open_memstream(&memory, &size);
    fprintf(stream, "%s-%04d", "mem", 7);
    fclose(stream);
    check(memory != NULL && strcmp(memory, "mem-0007") == 0 && size == 8, "open_memstream");
    free(memory);
    char source[] = "line one\nline two\n";
    stream = fmemopen(source, strlen(source), "r");
    char *line = NULL;
    size_t capacity = 0;
    ssize_t got1 = getline(&line, &capacity, stream);
    ssize_t got2 = getline(&line, &capacity, stream);
    check(got1 == 9 && got2 == 9 && strcmp(line, "line two\n") == 0 &&
              getline(&line, &capacity, stream) == -1,
          "fmemopen and getline");
    free(line);
    fclose(stream);
}

static int compare_ints(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

static void test_stdlib(void)
{
    void *blocks[64];
    int ok = 1;
    for (int i = 0; i < 64; i++) {
        size_t size = (size_t)(i * 97 % 5000) + 1;
        blocks[i] = malloc(size);
        if (blocks[i] == NULL)
            ok = 0;
        else
            memset(blocks[i], i, size);
    }
    for (int i = 0; i < 64; i += 2)
        free(blocks[i]);
    for (int i = 1; i < 64; i += 2) {
        unsigned char *bytes = blocks[i];
        if (bytes != NULL && bytes[0] != (unsigned char)i)
            ok = 0;
        free(blocks[i]);
    }
    check(ok, "malloc and free of 64 blocks keep their contents");
    size_t big = 24u << 20;
    unsigned char *large = malloc(big);
    if (large != NULL) {
        memset(large, 0xa5, big);
    }
    check(large != NULL && large[0] == 0xa5 && large[big - 1] == 0xa5, "malloc of 24 MiB");
    free(large);
    char *grown = malloc(8);
    strcpy(grown, "keep");
    grown = realloc(grown, 100000);
    check(grown != NULL && strcmp(grown, "keep") == 0, "realloc keeps the contents");
    free(grown);
    int *zeros = calloc(1000, sizeof *zeros);
    int all_zero = zeros != NULL;
    for (int i = 0; all_zero && i < 1000; i++)
        all_zero = zeros[i] == 0;
    check(all_zero, "calloc zeroes");
    free(zeros);
    void *aligned = NULL;
    check(posix_memalign(&aligned, 4096, 100) == 0 && ((uintptr_t)aligned & 4095) == 0,
          "posix_memalign");
    free(aligned);
    int values[] = {5, 3, 9, 1, 7};
    qsort(values, 5, sizeof values[0], compare_ints);
    int key = 7;
    check(values[0] == 1 && values[4] == 9 &&
              bsearch(&key, values, 5, sizeof values[0], compare_ints) == &values[3],
          "qsort and bsearch");
    check(setenv("MH_TEST", "value", 1) == 0 && strcmp(getenv("MH_TEST"), "value") == 0 &&
              unsetenv("MH_TEST") == 0 && getenv("MH_TEST") == NULL,
          "setenv, getenv, unsetenv");
    check(fabs(sqrt(2.0) - 1.41421356) < 1e-6 && pow(2, 10) == 1024 && floor(-1.5) == -2,
          "libm: sqrt, pow, floor");
}

static void test_time(void)
{
    struct timespec before, after;
    check(clock_gettime(CLOCK_MONOTONIC, &before) == 0, "clock_gettime(CLOCK_MONOTONIC)");
    struct timespec pause = {.tv_sec = 0, .tv_nsec = 20 * 1000 * 1000};
    check(nanosleep(&pause, NULL) == 0, "nanosleep 20 ms");
    clock_gettime(CLOCK_MONOTONIC, &after);
    long long elapsed = (after.tv_sec - before.tv_sec) * 1000000000ll + after.tv_nsec - before.tv_nsec;
    check(elapsed >= 20000000ll, "the monotonic clock advanced by the sleep");
    check(time(NULL) > 1577836800, "time() is after 2020 (the RTC)");
    time_t epoch = 86400 * 365;
    struct tm broken;
    char date[32];
    gmtime_r(&epoch, &broken);
    strftime(date, sizeof date, "%Y-%m-%d %H:%M", &broken);
    check(strcmp(date, "1971-01-01 00:00") == 0, "gmtime_r and strftime");
    check(clock() != (clock_t)-1, "clock()");
}

static void test_processes(void)
{
    pid_t self = getpid();
    check(self > 0, "getpid");
    pid_t child = fork();
    if (child == 0)
        _exit(getppid() == self ? 42 : 1);
    int status = 0;
    check(child > 0 && waitpid(child, &status, 0) == child && WIFEXITED(status) &&
              WEXITSTATUS(status) == 42,
          "fork, getppid in the child, waitpid sees exit status 42");
    child = fork();
    if (child == 0) {
        struct timespec long_sleep = {.tv_sec = 60, .tv_nsec = 0};
        nanosleep(&long_sleep, NULL);
        _exit(0);
    }
    check(child > 0 && kill(child, SIGTERM) == 0 && waitpid(child, &status, 0) == child &&
              WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM,
          "kill(SIGTERM) ends a sleeping child");
    errno = 0;
    check(waitpid(-1, &status, WNOHANG) == -1 && errno == ECHILD, "waitpid with no children: ECHILD");
    int *shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    check(shared != MAP_FAILED, "mmap of shared anonymous memory");
    if (shared != MAP_FAILED) {
        *shared = 0;
        child = fork();
        if (child == 0) {
            *shared = 1234;
            _exit(0);
        }
        waitpid(child, &status, 0);
        check(*shared == 1234, "a shared mapping is shared with a forked child");
        check(munmap(shared, 4096) == 0, "munmap");
    }
}

static volatile sig_atomic_t handled;
static volatile pid_t sender;

static void on_signal(int signal_number)
{
    handled = signal_number;
}

static void on_signal_with_info(int signal_number, siginfo_t *info, void *context)
{
    (void)context;
    handled = signal_number;
    sender = info->si_pid;
}

static void test_signals(void)
{
    check(signal(SIGUSR1, on_signal) == SIG_DFL, "signal() installs a handler");
    check(raise(SIGUSR1) == 0 && handled == SIGUSR1, "raise() runs the handler (kernel delivery)");
    check(signal(SIGUSR1, on_signal) == on_signal, "signal() returns the previous handler");
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    signal(SIGUSR2, on_signal);
    handled = 0;
    sigprocmask(SIG_BLOCK, &set, &old);
    raise(SIGUSR2);
    check(handled == 0, "a blocked signal is not delivered");
    sigprocmask(SIG_SETMASK, &old, NULL);
    check(handled == SIGUSR2, "unblocking delivers the pending signal");
    signal(SIGUSR1, SIG_IGN);
    check(raise(SIGUSR1) == 0, "an ignored signal is ignored");
    struct sigaction action = {0};
    action.sa_handler = on_signal;
    errno = 0;
    check(sigaction(SIGKILL, &action, NULL) == -1 && errno == EINVAL, "SIGKILL cannot be caught");
    check(SIGCHLD == 17 && SIGBUS == 7 && SIGUSR1 == 10, "signal numbers are Linux's");

    /* Another process's signal, waited for with sigsuspend, with SA_SIGINFO. */
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_signal_with_info;
    action.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &action, NULL);
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, &old);
    handled = 0;
    sender = 0;
    pid_t parent = getpid();
    pid_t child = fork();
    if (child == 0)
        _exit(kill(parent, SIGUSR1) == 0 ? 0 : 1);
    sigset_t waiting = old;
    sigdelset(&waiting, SIGUSR1);
    errno = 0;
    int suspended = sigsuspend(&waiting);
    check(suspended == -1 && errno == EINTR && handled == SIGUSR1 && sender == child,
          "sigsuspend wakes for a child's kill; SA_SIGINFO gets its pid");
    int status = 0;
    waitpid(child, &status, 0);
    sigprocmask(SIG_SETMASK, &old, NULL);

    /* A handler without SA_RESTART interrupts a sleep. */
    memset(&action, 0, sizeof action);
    action.sa_handler = on_signal;
    sigaction(SIGUSR2, &action, NULL);
    child = fork();
    if (child == 0) {
        struct timespec short_sleep = {.tv_sec = 0, .tv_nsec = 50 * 1000 * 1000};
        nanosleep(&short_sleep, NULL);
        _exit(kill(parent, SIGUSR2) == 0 ? 0 : 1);
    }
    struct timespec long_sleep = {.tv_sec = 30, .tv_nsec = 0}, left = {0, 0};
    handled = 0;
    errno = 0;
    check(nanosleep(&long_sleep, &left) == -1 && errno == EINTR && handled == SIGUSR2 &&
              left.tv_sec > 20,
          "a handled signal interrupts nanosleep with EINTR and the time left");
    waitpid(child, &status, 0);
    child = fork();
    if (child == 0) {
        setpgid(0, 0);
        struct timespec sleep_long = {.tv_sec = 60, .tv_nsec = 0};
        nanosleep(&sleep_long, NULL);
        _exit(0);
    }
    check(setpgid(child, child) == 0 && getpgid(child) == child && getpgid(0) == getpgrp() &&
              getpgrp() != child,
          "setpgid puts a child into its own process group; getpgid");
    check(killpg(child, SIGTERM) == 0 && waitpid(child, &status, 0) == child && WIFSIGNALED(status) &&
              WTERMSIG(status) == SIGTERM,
          "killpg ends the child's process group");
    signal(SIGUSR1, SIG_DFL);
    signal(SIGUSR2, SIG_DFL);
}

/* sigaltstack: the stack handlers with SA_ONSTACK run on, and what they see there. */
static char alternate_stack[64 * 1024] __attribute__((aligned(16)));
static volatile int local_on_alternate_stack, reported_on_stack, change_refused_on_stack;

static int inside_alternate_stack(const void *address)
{
    const char *byte = address;
    return byte >= alternate_stack && byte < alternate_stack + sizeof alternate_stack;
}

static void on_alternate_stack_signal(int signal_number)
{
    (void)signal_number;
    char local = 0;
    local_on_alternate_stack = inside_alternate_stack(&local);
    stack_t now;
    reported_on_stack = sigaltstack(NULL, &now) == 0 && (now.ss_flags & SS_ONSTACK) != 0;
    stack_t other = {.ss_sp = alternate_stack, .ss_size = sizeof alternate_stack / 2, .ss_flags = 0};
    errno = 0;
    change_refused_on_stack = sigaltstack(&other, NULL) == -1 && errno == EPERM;
}

static void exit_from_overflow(int signal_number)
{
    char local = 0;
    _exit(signal_number == SIGSEGV && inside_alternate_stack(&local) ? 77 : 78);
}

/* Recursion without end (the volatile flag keeps the compiler from seeing that), each level
 * with a frame of its own that the addition after the call keeps alive. */
static volatile int recursion_stops;
static int recurse_deeply(volatile char *previous)
{
    volatile char frame[512];
    frame[0] = (char)(previous != NULL ? previous[0] + 1 : 0);
    if (recursion_stops)
        return frame[0];
    return recurse_deeply(frame) + frame[1];
}

static void test_alternate_stack(void)
{
    stack_t current;
    check(sigaltstack(NULL, &current) == 0 && (current.ss_flags & SS_DISABLE) != 0,
          "sigaltstack: no alternate stack at first (SS_DISABLE)");
    stack_t wanted = {.ss_sp = alternate_stack, .ss_size = MINSIGSTKSZ - 1, .ss_flags = 0};
    errno = 0;
    check(sigaltstack(&wanted, NULL) == -1 && errno == ENOMEM, "sigaltstack below MINSIGSTKSZ: ENOMEM");
    wanted.ss_size = sizeof alternate_stack;
    wanted.ss_flags = SS_ONSTACK;
    errno = 0;
    check(sigaltstack(&wanted, NULL) == -1 && errno == EINVAL, "sigaltstack with SS_ONSTACK asked for: EINVAL");
    wanted.ss_flags = 0;
    check(sigaltstack(&wanted, NULL) == 0 && sigaltstack(NULL, &current) == 0 && current.ss_sp == alternate_stack &&
              current.ss_size == sizeof alternate_stack && current.ss_flags == 0,
          "sigaltstack sets the stack and reports it back (not on it: flags 0)");
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_alternate_stack_signal;
    action.sa_flags = SA_ONSTACK;
    sigaction(SIGUSR1, &action, NULL);
    raise(SIGUSR1);
    check(local_on_alternate_stack, "an SA_ONSTACK handler's local variable is inside the alternate stack");
    check(reported_on_stack, "sigaltstack reports SS_ONSTACK inside that handler");
    check(change_refused_on_stack, "changing the alternate stack while on it: EPERM");
    action.sa_flags = 0;
    sigaction(SIGUSR1, &action, NULL);
    raise(SIGUSR1);
    check(!local_on_alternate_stack, "a handler without SA_ONSTACK runs on the normal stack");
    signal(SIGUSR1, SIG_DFL);

    /* The alternate stack is inherited over fork: a child overflows its stack and its SIGSEGV
     * handler, which has no room on the normal stack, runs on the alternate one. */
    pid_t child = fork();
    if (child == 0) {
        stack_t inherited;
        if (sigaltstack(NULL, &inherited) != 0 || inherited.ss_sp != alternate_stack)
            _exit(79);
        struct sigaction on_overflow;
        memset(&on_overflow, 0, sizeof on_overflow);
        on_overflow.sa_handler = exit_from_overflow;
        on_overflow.sa_flags = SA_ONSTACK;
        sigaction(SIGSEGV, &on_overflow, NULL);
        recurse_deeply(NULL);
        _exit(80);
    }
    int status = 0;
    check(waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 77,
          "a stack overflow in a forked child is caught by a SIGSEGV handler on the inherited alternate stack");
    wanted.ss_flags = SS_DISABLE;
    check(sigaltstack(&wanted, NULL) == 0 && sigaltstack(NULL, &current) == 0 && (current.ss_flags & SS_DISABLE) != 0,
          "SS_DISABLE removes the alternate stack");
}

static void test_files(void)
{
    int fd = open("debug:", O_WRONLY);
    static const char message[] = "libc-tests: written through open(\"debug:\") and write()\n";
    check(fd >= 0 && write(fd, message, sizeof message - 1) == (ssize_t)(sizeof message - 1),
          "open and write debug:");
    check(close(fd) == 0, "close");
    errno = 0;
    check(close(fd) == -1 && errno == EBADF, "close twice: EBADF");
    errno = 0;
    check(open("nosuchscheme:x", O_RDONLY) == -1 && errno == ENOENT, "unknown scheme: ENOENT");
    char cwd[64];
    struct stat status;
    check(getcwd(cwd, sizeof cwd) != NULL && strcmp(cwd, "/") == 0, "getcwd starts at /");
    errno = 0;
    check(getcwd(cwd, 1) == NULL && errno == ERANGE, "getcwd with a short buffer: ERANGE");
    errno = 0;
    check(chdir("nosuchscheme:/dir") == -1 && errno == ENOENT && strcmp(getcwd(cwd, sizeof cwd), "/") == 0,
          "chdir to a missing directory fails and keeps the current one");
    errno = 0;
    check(chdir("sys:uname") == -1 && errno == ENOTDIR && strcmp(getcwd(cwd, sizeof cwd), "/") == 0,
          "chdir to a file: ENOTDIR");
    check(chdir("sys:") == 0 && strcmp(getcwd(cwd, sizeof cwd), "sys:") == 0 && stat("uname", &status) == 0 &&
              S_ISREG(status.st_mode),
          "chdir to sys:, then a relative path names sys:uname");
    /* No file: scheme here: the other directory is the root scheme, /scheme (":"). */
    pid_t child = fork();
    if (child == 0)
        _exit(strcmp(getcwd(cwd, sizeof cwd), "sys:") == 0 && chdir("/scheme") == 0 &&
                      strcmp(getcwd(cwd, sizeof cwd), ":") == 0
                  ? 0
                  : 1);
    int child_status = 0;
    check(waitpid(child, &child_status, 0) == child && WIFEXITED(child_status) &&
              WEXITSTATUS(child_status) == 0 && strcmp(getcwd(cwd, sizeof cwd), "sys:") == 0,
          "a forked child starts in the parent's directory; its chdir leaves the parent's alone");
    int directory = open("sys:", O_RDONLY | O_DIRECTORY);
    check(chdir(":") == 0 && fchdir(directory) == 0 && strcmp(getcwd(cwd, sizeof cwd), "sys:") == 0,
          "fchdir to a directory descriptor");
    close(directory);
    check(chdir(":") == 0 && chdir("/scheme/sys") == 0 && strcmp(getcwd(cwd, sizeof cwd), "sys:") == 0,
          "/scheme/sys names the sys: scheme");
    errno = 0;
    check(opendir("nosuchscheme:/") == NULL && errno == ENOENT, "opendir of a missing directory");
    check(fstat(1, &status) == 0 && S_ISCHR(status.st_mode), "fstat of debug: says character device");
    check(isatty(1) == 1, "isatty: the debug console is a terminal");
    int pipe_ends[2];
    errno = 0;
    check(pipe(pipe_ends) == 0 && isatty(pipe_ends[0]) == 0 && errno == ENOTTY, "isatty: a pipe is not a terminal");
    close(pipe_ends[0]);
    close(pipe_ends[1]);
    errno = 0;
    check(lseek(1, 0, SEEK_CUR) == -1 && errno == ESPIPE, "lseek on debug:: ESPIPE");
    fd = open("sys:uname", O_RDONLY);
    char first[64] = {0}, again[64] = {0};
    ssize_t length = read(fd, first, sizeof first - 1);
    check(fd >= 0 && length > 0 && strncmp(first, "MACROHARD\n", 10) == 0, "open and read sys:uname");
    check(fstat(fd, &status) == 0 && S_ISREG(status.st_mode) && status.st_size == length,
          "fstat of sys:uname: a regular file of the size read");
    check(lseek(fd, 0, SEEK_CUR) == length && lseek(fd, 0, SEEK_SET) == 0 &&
              read(fd, again, sizeof again - 1) == length && strcmp(first, again) == 0,
          "lseek back to 0 reads the same bytes");
    check(pread(fd, again, 5, 4) == 5 && memcmp(again, "OHARD", 5) == 0 && lseek(fd, 0, SEEK_CUR) == length,
          "pread at an offset keeps the file position");
    close(fd);
    check(stat("sys:uname", &status) == 0 && S_ISREG(status.st_mode), "stat of a path");
    FILE *file = fopen("sys:uname", "r");
    char line[32];
    check(file != NULL && fgets(line, sizeof line, file) != NULL && strcmp(line, "MACROHARD\n") == 0 &&
              fseek(file, 0, SEEK_SET) == 0 && ftell(file) == 0,
          "fopen, fgets, fseek, ftell on sys:uname");
    if (file != NULL)
        fclose(file);
}

/* openat and fstatat relative to a directory descriptor (sys: has a directory and files here;
 * there is no file: scheme). */
static void test_at_paths(void)
{
    struct stat by_path, by_descriptor;
    int directory = open("sys:", O_RDONLY | O_DIRECTORY);
    int fd = openat(directory, "uname", O_RDONLY);
    char text[16] = {0};
    check(directory >= 0 && fd >= 0 && read(fd, text, 10) == 10 && strcmp(text, "MACROHARD\n") == 0,
          "openat of a name in a directory descriptor");
    close(fd);
    check(stat("sys:uname", &by_path) == 0 && fstatat(directory, "uname", &by_descriptor, 0) == 0 &&
              S_ISREG(by_descriptor.st_mode) && by_descriptor.st_size == by_path.st_size &&
              by_descriptor.st_ino == by_path.st_ino,
          "fstatat of a name in a directory descriptor: the same file as stat");
    check(fstatat(directory, ".", &by_descriptor, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(by_descriptor.st_mode),
          "fstatat of . with AT_SYMLINK_NOFOLLOW: the directory");
    fd = openat(directory, "./../uname", O_RDONLY);
    check(fd >= 0, "openat: . and .. are resolved, never above the scheme's root");
    close(fd);
    errno = 0;
    check(openat(directory, "no-such-file", O_RDONLY) == -1 && errno == ENOENT, "openat of a missing name: ENOENT");
    errno = 0;
    check(fstatat(directory, "", &by_descriptor, 0) == -1 && errno == ENOENT, "fstatat of \"\": ENOENT");
    errno = 0;
    check(fstatat(directory, "uname", &by_descriptor, AT_EMPTY_PATH) == -1 && errno == EINVAL,
          "fstatat with an unsupported flag: EINVAL");
    int file = open("sys:uname", O_RDONLY);
    errno = 0;
    check(openat(file, "x", O_RDONLY) == -1 && errno == ENOTDIR, "openat relative to a file: ENOTDIR");
    close(file);
    close(directory);
    errno = 0;
    check(openat(directory, "uname", O_RDONLY) == -1 && errno == EBADF, "openat relative to a closed descriptor: EBADF");
    fd = openat(directory, "sys:uname", O_RDONLY);
    check(fd >= 0, "openat of a scheme path ignores the descriptor");
    close(fd);
    check(chdir("sys:") == 0 && fstatat(AT_FDCWD, "uname", &by_descriptor, 0) == 0 &&
              by_descriptor.st_ino == by_path.st_ino && chdir(":") == 0,
          "fstatat with AT_FDCWD: relative to the current directory");
}

/* The rest of the *at family relative to a directory descriptor. Here (no file: scheme) the
 * calls reach sys:, which refuses changes with its own answers (EACCES for creating an existing
 * name, EPERM for unlink and rmdir, EINVAL for the calls it has no handler for): those answers, and ENOENT for
 * missing names, show which file each call reached. Unsupported flags are refused before the
 * descriptor is looked at (EINVAL, not EBADF). */
static void test_at_calls(void)
{
    int directory = open("sys:", O_RDONLY | O_DIRECTORY);
    int file = open("sys:uname", O_RDONLY);
    struct stat status;
    char link_text[16];
    check(stat("sys:uname", &status) == 0 && faccessat(directory, "uname", R_OK, 0) == 0 &&
              faccessat(directory, "uname", F_OK, AT_EACCESS) == 0,
          "faccessat of a readable name in a directory descriptor, also with AT_EACCESS");
    errno = 0;
    check(faccessat(directory, "uname", X_OK, 0) == ((status.st_mode & 0111) ? 0 : -1) &&
              ((status.st_mode & 0111) || errno == EACCES),
          "faccessat X_OK follows the file's execute bits (root)");
    errno = 0;
    check(faccessat(directory, "no-such-file", F_OK, 0) == -1 && errno == ENOENT, "faccessat of a missing name: ENOENT");
    errno = 0;
    check(access("sys:uname", R_OK) == 0 && access("sys:no-such-file", F_OK) == -1 && errno == ENOENT,
          "access (faccessat with AT_FDCWD)");
    errno = 0;
    check(unlinkat(directory, "uname", 0) == -1 && errno == EPERM, "unlinkat reaches sys:, which refuses: EPERM");
    errno = 0;
    check(unlinkat(directory, "uname", AT_REMOVEDIR) == -1 && errno == EPERM, "unlinkat with AT_REMOVEDIR: EPERM from sys:");
    errno = 0;
    check(mkdirat(directory, "uname", 0755) == -1 && errno == EACCES, "mkdirat reaches sys:uname, which refuses creating: EACCES");
    errno = 0;
    check(symlinkat("target", directory, "uname") == -1 && errno == EACCES, "symlinkat reaches sys:uname: EACCES");
    errno = 0;
    check(readlinkat(directory, "no-such-link", link_text, sizeof link_text) == -1 && errno == ENOENT,
          "readlinkat of a missing name: ENOENT");
    errno = 0;
    check(renameat(directory, "no-such-file", directory, "other") == -1 && errno == ENOENT,
          "renameat of a missing name: ENOENT");
    errno = 0;
    check(renameat(directory, "uname", directory, "other") == -1 && errno == EINVAL,
          "renameat reaches sys:uname, which has no rename: EINVAL");
    errno = 0;
    check(fchmodat(directory, "uname", 0600, 0) == -1 && errno == EINVAL &&
              fchownat(directory, "uname", 0, 0, AT_SYMLINK_NOFOLLOW) == -1 && errno == EINVAL &&
              utimensat(directory, "uname", NULL, AT_SYMLINK_NOFOLLOW) == -1 && errno == EINVAL,
          "fchmodat, fchownat, utimensat reach sys:uname, which has no such calls: EINVAL");
    errno = 0;
    check(fchmodat(directory, "no-such-file", 0600, 0) == -1 && errno == ENOENT &&
              fchownat(directory, "no-such-file", 0, 0, 0) == -1 && errno == ENOENT &&
              utimensat(directory, "no-such-file", NULL, 0) == -1 && errno == ENOENT,
          "fchmodat, fchownat, utimensat of a missing name: ENOENT");
    errno = 0;
    check(linkat(directory, "uname", directory, "hard-link", AT_SYMLINK_FOLLOW) == -1 && errno == ENOSYS,
          "linkat: no hard links yet (ENOSYS)");
    errno = 0;
    check(unlinkat(file, "x", 0) == -1 && errno == ENOTDIR && mkdirat(file, "x", 0755) == -1 && errno == ENOTDIR,
          "unlinkat and mkdirat relative to a file: ENOTDIR");
    close(file);
    close(directory);
    errno = 0;
    check(unlinkat(directory, "uname", 0) == -1 && errno == EBADF && fchmodat(directory, "uname", 0600, 0) == -1 &&
              errno == EBADF && renameat(AT_FDCWD, "sys:uname", directory, "x") == -1 && errno == EBADF,
          "*at calls relative to a closed descriptor: EBADF (either side of renameat)");
    int refused = 0;
    errno = 0;
    refused += unlinkat(directory, "uname", AT_SYMLINK_NOFOLLOW) == -1 && errno == EINVAL;
    errno = 0;
    refused += fchmodat(directory, "uname", 0600, AT_REMOVEDIR) == -1 && errno == EINVAL;
    errno = 0;
    refused += fchownat(directory, "uname", 0, 0, AT_EMPTY_PATH) == -1 && errno == EINVAL;
    errno = 0;
    refused += utimensat(directory, "uname", NULL, AT_SYMLINK_FOLLOW) == -1 && errno == EINVAL;
    errno = 0;
    refused += faccessat(directory, "uname", F_OK, AT_SYMLINK_FOLLOW) == -1 && errno == EINVAL;
    errno = 0;
    refused += linkat(directory, "uname", directory, "x", AT_SYMLINK_NOFOLLOW) == -1 && errno == EINVAL;
    check(refused == 6, "unsupported flags: EINVAL before the descriptor is looked at");
    check(chdir("sys:") == 0 && faccessat(AT_FDCWD, "uname", R_OK, 0) == 0 && unlinkat(AT_FDCWD, "uname", 0) == -1 &&
              errno == EPERM && chdir(":") == 0,
          "AT_FDCWD: relative to the current directory");
}

/* The *at calls on real files and directories, made under base on the RedoxFS root of a
 * booted system (`libc-tests --files DIR`, run by tests/qemu-libc-files.sh), as root. */
static void test_at_calls_on_files(const char *base)
{
    struct stat status, other;
    char text[16] = {0};
    check(mkdir(base, 0755) == 0, "mkdir of the work directory");
    int directory = open(base, O_RDONLY | O_DIRECTORY);
    check(directory >= 0 && mkdirat(directory, "sub", 0750) == 0 && fstatat(directory, "sub", &status, 0) == 0 &&
              S_ISDIR(status.st_mode) && (status.st_mode & 0777) == 0750,
          "mkdirat makes a directory with the mode asked for");
    errno = 0;
    check(mkdirat(directory, "sub", 0750) == -1 && errno == EEXIST, "mkdirat of an existing name: EEXIST");
    int sub = openat(directory, "sub", O_RDONLY | O_DIRECTORY);
    int fd = openat(sub, "file", O_CREAT | O_EXCL | O_WRONLY, 0644);
    check(fd >= 0 && write(fd, "hello", 5) == 5 && close(fd) == 0, "a file made with openat in the subdirectory");
    check(symlinkat("file", sub, "link") == 0 && readlinkat(sub, "link", text, sizeof text) == 4 &&
              memcmp(text, "file", 4) == 0,
          "symlinkat, then readlinkat gives the target back");
    check(fstatat(sub, "link", &status, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(status.st_mode) &&
              fstatat(sub, "link", &other, 0) == 0 && S_ISREG(other.st_mode) && other.st_size == 5,
          "the link is followed relative to its directory unless AT_SYMLINK_NOFOLLOW");
    errno = 0;
    check(readlinkat(sub, "missing", text, sizeof text) == -1 && errno == ENOENT, "readlinkat of a missing name: ENOENT");
    check(fchmodat(sub, "file", 0600, 0) == 0 && fstatat(sub, "file", &status, 0) == 0 &&
              (status.st_mode & 07777) == 0600,
          "fchmodat changes the file's mode");
    check(fchmodat(sub, "link", 0640, 0) == 0 && fstatat(sub, "file", &status, 0) == 0 &&
              (status.st_mode & 07777) == 0640,
          "fchmodat without AT_SYMLINK_NOFOLLOW changes the link's target");
    check(fchownat(sub, "file", 1000, 1000, 0) == 0 && fstatat(sub, "file", &status, 0) == 0 &&
              status.st_uid == 1000 && status.st_gid == 1000,
          "fchownat changes the file's owner and group (root)");
    check(fchownat(sub, "link", 2000, 2000, AT_SYMLINK_NOFOLLOW) == 0 &&
              fstatat(sub, "link", &status, AT_SYMLINK_NOFOLLOW) == 0 && status.st_uid == 2000 &&
              fstatat(sub, "file", &other, 0) == 0 && other.st_uid == 1000,
          "fchownat with AT_SYMLINK_NOFOLLOW changes the link, not its target");
    const struct timespec times[2] = {{.tv_sec = 1000000, .tv_nsec = 0}, {.tv_sec = 2000000, .tv_nsec = 0}};
    check(utimensat(sub, "file", times, 0) == 0 && fstatat(sub, "file", &status, 0) == 0 &&
              status.st_mtim.tv_sec == 2000000,
          "utimensat sets the file's modification time");
    const struct timespec link_times[2] = {{.tv_sec = 3000000, .tv_nsec = 0}, {.tv_sec = 4000000, .tv_nsec = 0}};
    check(utimensat(sub, "link", link_times, AT_SYMLINK_NOFOLLOW) == 0 &&
              fstatat(sub, "link", &status, AT_SYMLINK_NOFOLLOW) == 0 && status.st_mtim.tv_sec == 4000000 &&
              fstatat(sub, "file", &other, 0) == 0 && other.st_mtim.tv_sec == 2000000,
          "utimensat with AT_SYMLINK_NOFOLLOW sets the link's time, not its target's");
    check(faccessat(sub, "file", R_OK | W_OK, 0) == 0 && faccessat(sub, "file", F_OK, AT_EACCESS) == 0,
          "faccessat of the file: readable and writable by root");
    errno = 0;
    check(faccessat(sub, "file", X_OK, 0) == -1 && errno == EACCES, "faccessat X_OK without execute bits: EACCES");
    check(renameat(sub, "file", directory, "moved") == 0 && fstatat(directory, "moved", &status, 0) == 0 &&
              status.st_size == 5 && fstatat(sub, "file", &other, 0) == -1 && errno == ENOENT,
          "renameat moves the file between two directory descriptors");
    errno = 0;
    check(renameat(sub, "file", directory, "again") == -1 && errno == ENOENT, "renameat of a missing name: ENOENT");
    errno = 0;
    check(unlinkat(directory, "sub", AT_REMOVEDIR) == -1 && errno == ENOTEMPTY &&
              fstatat(directory, "sub", &status, 0) == 0,
          "unlinkat AT_REMOVEDIR of a directory that is not empty: ENOTEMPTY");
    check(unlinkat(directory, "sub", 0) == -1 && fstatat(directory, "sub", &status, 0) == 0,
          "unlinkat without AT_REMOVEDIR leaves a directory");
    errno = 0;
    check(unlinkat(directory, "moved", AT_REMOVEDIR) == -1 && errno == ENOTDIR &&
              fstatat(directory, "moved", &status, 0) == 0,
          "unlinkat AT_REMOVEDIR of a file: ENOTDIR");
    errno = 0;
    check(linkat(directory, "moved", directory, "hard", 0) == -1 && errno == ENOSYS,
          "linkat: no hard links yet (ENOSYS)");
    check(unlinkat(sub, "link", 0) == 0 && unlinkat(directory, "moved", 0) == 0 &&
              fstatat(directory, "moved", &status, 0) == -1 && errno == ENOENT,
          "unlinkat removes a link and a file");
    close(sub);
    check(unlinkat(directory, "sub", AT_REMOVEDIR) == 0 && fstatat(directory, "sub", &status, 0) == -1 &&
              errno == ENOENT,
          "unlinkat AT_REMOVEDIR removes the empty directory");
    errno = 0;
    check(unlinkat(directory, "sub", AT_REMOVEDIR) == -1 && errno == ENOENT, "unlinkat of a missing name: ENOENT");
    close(directory);
    check(rmdir(base) == 0, "the work directory is removed again");
}

/* The console through termios (the kernel's line discipline on debug:). */
static void test_terminal(void)
{
    struct termios original, changed, back;
    check(sizeof(struct termios) == 48, "struct termios has Redox's 48-byte layout");
    check(tcgetattr(0, &original) == 0 && (original.c_lflag & (ICANON | ECHO | ISIG)) == (ICANON | ECHO | ISIG) &&
              (original.c_iflag & ICRNL) && (original.c_oflag & ONLCR) && original.c_cc[VINTR] == 3 &&
              original.c_cc[VEOF] == 4 && cfgetospeed(&original) == B115200,
          "tcgetattr: the console starts cooked at 115200");
    changed = original;
    changed.c_lflag &= ~(tcflag_t)ECHO;
    check(tcsetattr(0, TCSANOW, &changed) == 0 && tcgetattr(0, &back) == 0 && !(back.c_lflag & ECHO),
          "tcsetattr turns echo off");
    check(tcsetattr(0, TCSAFLUSH, &original) == 0 && tcgetattr(0, &back) == 0 && (back.c_lflag & ECHO),
          "tcsetattr (TCSAFLUSH) turns it on again");
    errno = 0;
    check(tcsetattr(0, 7, &original) == -1 && errno == EINVAL, "tcsetattr: an unknown action is EINVAL");
    int pipe_ends[2];
    check(pipe(pipe_ends) == 0, "pipe for the ENOTTY checks");
    errno = 0;
    check(tcgetattr(pipe_ends[0], &back) == -1 && errno == ENOTTY, "tcgetattr of a pipe: ENOTTY");
    errno = 0;
    check(tcgetpgrp(pipe_ends[1]) == -1 && errno == ENOTTY, "tcgetpgrp of a pipe: ENOTTY");
    close(pipe_ends[0]);
    close(pipe_ends[1]);
    errno = 0;
    check(tcgetattr(99, &back) == -1 && errno == EBADF, "tcgetattr of a closed descriptor: EBADF");
    pid_t group = getpgrp();
    check(tcsetpgrp(0, group) == 0 && tcgetpgrp(0) == group, "tcsetpgrp and tcgetpgrp");
    errno = 0;
    check(tcsetpgrp(0, 99999) == -1 && errno == EPERM, "tcsetpgrp to a group that does not exist: EPERM");
    struct winsize size = {0};
    check(ioctl(1, TIOCGWINSZ, &size) == 0 && size.ws_row == 24 && size.ws_col == 80, "ioctl TIOCGWINSZ: 24x80");
    check(ioctl(0, TCGETS, &back) == 0 && back.c_lflag == original.c_lflag, "ioctl TCGETS");
    check(tcflush(0, TCIFLUSH) == 0 && tcdrain(1) == 0 && tcflow(1, TCOON) == 0, "tcflush, tcdrain, tcflow");
    char *name = ttyname(0);
    check(name != NULL && strcmp(name, "debug:") == 0, "ttyname names the console");
    changed = original;
    cfmakeraw(&changed);
    check(!(changed.c_lflag & (ICANON | ECHO)) && changed.c_cc[VMIN] == 1 && cfsetspeed(&changed, B9600) == 0 &&
              cfgetispeed(&changed) == B9600,
          "cfmakeraw, cfsetspeed, cfgetispeed");
    changed.c_cc[VMIN] = 0;
    changed.c_cc[VTIME] = 0;
    char byte;
    check(tcsetattr(0, TCSANOW, &changed) == 0 && read(0, &byte, 1) == 0, "raw VMIN 0 VTIME 0: read returns 0");
    tcsetattr(0, TCSANOW, &original);
}

/* Credentials: root drops to 1000 in a child, which then cannot regain root. */
/* In a child that starts a session: returns 0, or the number of the first step that failed. */
static int session_leader_steps(pid_t parent_session, int report_fd, int release_fd)
{
    pid_t self = getpid();
    if (getsid(0) != parent_session)
        return 1; /* fork keeps the session */
    if (setsid() != self || getsid(0) != self || getsid(self) != self || getpgrp() != self)
        return 2;
    errno = 0;
    if (setsid() != -1 || errno != EPERM)
        return 3; /* a group leader cannot start another session */
    errno = 0;
    if (tcgetsid(0) != -1 || errno != ENOTTY)
        return 4; /* no controlling terminal yet */
    errno = 0;
    if (open("/scheme/tty", O_RDWR) != -1 || errno != ENXIO)
        return 5;
    if (ioctl(0, TIOCSCTTY, 0) != 0 || tcgetsid(0) != self || tcgetpgrp(0) != self)
        return 6; /* the leader's group becomes the foreground */
    int controlling = open("/scheme/tty", O_RDWR);
    if (controlling < 0 || write(controlling, "", 0) != 0 || !isatty(controlling))
        return 7;
    close(controlling);
    char name[L_ctermid];
    if (strcmp(ctermid(name), "/dev/tty") != 0 || strcmp(ctermid(NULL), "/dev/tty") != 0)
        return 8;
    char release;
    if (write(report_fd, "s", 1) != 1 || read(release_fd, &release, 1) != 0)
        return 9; /* alive until the parent has looked at it */
    return 0;
}

static void test_sessions(void)
{
    pid_t own = getsid(0);
    check(own > 0 && getsid(getpid()) == own, "getsid(0) is the caller's session");
    errno = 0;
    check(getsid(999999) == -1 && errno == ESRCH, "getsid of no process: ESRCH");
    errno = 0;
    check(getpgrp() != getpid() || (setsid() == -1 && errno == EPERM), "setsid in a group leader: EPERM");
    int fds[2], release[2];
    check(pipe(fds) == 0 && pipe(release) == 0, "pipes for the session child");
    pid_t child = fork();
    if (child == 0) {
        close(release[1]);
        _exit(session_leader_steps(own, fds[1], release[0]));
    }
    close(release[0]);
    char byte = 0;
    check(read(fds[0], &byte, 1) == 1 && byte == 's' && getsid(child) == child && getpgid(child) == child,
          "the child's session and group are its pid, seen from the parent");
    close(release[1]);
    int status = 0;
    waitpid(child, &status, 0);
    check(WIFEXITED(status) && WEXITSTATUS(status) == 0,
          "setsid, getsid, tcgetsid, TIOCSCTTY, /scheme/tty and ctermid in a new session");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        printf("session child: status %#x\n", status);
    close(fds[0]);
    close(fds[1]);
    errno = 0;
    check(tcgetsid(0) == -1 && errno == ENOTTY, "tcgetsid without a controlling terminal: ENOTTY");
    errno = 0;
    check(open("/scheme/tty", O_RDWR) == -1 && errno == ENXIO, "/scheme/tty without a controlling terminal: ENXIO");
}

static void test_credentials(void)
{
    check(getuid() == 0 && geteuid() == 0 && getgid() == 0 && getegid() == 0, "the first process runs as root");
    gid_t groups[4];
    check(getgroups(4, groups) == 1 && groups[0] == 0 && getgroups(0, NULL) == 1,
          "getgroups reports the effective gid");
    pid_t child = fork();
    if (child == 0) {
        int failures = 0;
        if (initgroups("user", 100) != 0 || setgid(100) != 0 || setuid(1000) != 0)
            failures |= 1;
        if (getuid() != 1000 || geteuid() != 1000 || getgid() != 100 || getegid() != 100)
            failures |= 2;
        errno = 0;
        if (setuid(0) != -1 || errno != EPERM || seteuid(0) != -1 || setgid(0) != -1)
            failures |= 4;
        if (setgroups(0, NULL) != -1 || errno != EPERM)
            failures |= 8;
        if (kill(1, 0) != -1 || errno != EPERM)
            failures |= 16;
        if (access("sys:uname", R_OK) != 0 || access("sys:uname", W_OK) != -1 || errno != EACCES)
            failures |= 32;
        _exit(failures);
    }
    int status = -1;
    check(child > 0 && waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 0,
          "setgid(100), setuid(1000) drop root for good (setuid(0), setgroups, kill of root: EPERM; "
          "access by mode bits)");
    errno = 0;
    check(access("sys:uname", R_OK | W_OK) == 0 && access("sys:uname", X_OK) == -1 && errno == EACCES &&
              access("sys:", X_OK) == 0,
          "access as root: read and write anything, execute only with an execute bit or a directory");
    child = fork();
    if (child == 0)
        _exit(seteuid(1000) == 0 && geteuid() == 1000 && getuid() == 0 && seteuid(0) == 0 && geteuid() == 0 &&
                      setreuid(-1, -1) == 0
                  ? 0
                  : 1);
    check(child > 0 && waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 0,
          "seteuid drops and regains root while the real uid is 0");
}

static sigjmp_buf jump_back;

static void jump_out(int signal_number)
{
    siglongjmp(jump_back, signal_number);
}

static void test_sigsetjmp(void)
{
    signal(SIGUSR1, jump_out);
    volatile int came_back = 0;
    int value = sigsetjmp(jump_back, 1);
    if (value == 0) {
        raise(SIGUSR1); /* the handler runs with SIGUSR1 blocked and never returns */
    } else {
        came_back = value;
    }
    sigset_t mask;
    sigprocmask(SIG_BLOCK, NULL, &mask);
    check(came_back == SIGUSR1 && !sigismember(&mask, SIGUSR1), "siglongjmp out of a handler restores the mask");
    value = sigsetjmp(jump_back, 0);
    if (value == 0) {
        raise(SIGUSR1);
        came_back = 0;
    } else {
        came_back = value;
    }
    sigprocmask(SIG_BLOCK, NULL, &mask);
    check(came_back == SIGUSR1 && sigismember(&mask, SIGUSR1), "sigsetjmp without savemask leaves the mask alone");
    sigprocmask(SIG_UNBLOCK, &mask, NULL);
    signal(SIGUSR1, SIG_DFL);
    check(NSIG == 64 && sigaddset(&mask, 63) == 0 && sigismember(&mask, 63) == 1 && sigaddset(&mask, 64) == -1,
          "NSIG is 64: signals 1..63 as the kernel has them");
    check(UTIME_NOW != UTIME_OMIT && WCONTINUED == 8, "UTIME_NOW, UTIME_OMIT and WCONTINUED are declared");
    struct rusage usage;
    check(wait4(-1, NULL, WNOHANG, &usage) == -1 && errno == ECHILD && wait3(NULL, WNOHANG, &usage) == -1,
          "wait3 and wait4 are declared in <sys/wait.h>");
}

static __thread int thread_counter = 41;
static __thread char thread_buffer[100];
static __thread long __attribute__((aligned(64))) thread_aligned;

static void test_thread_local(void)
{
    thread_counter++;
    thread_buffer[99] = 'x';
    thread_aligned = 7;
    check(thread_counter == 42, "__thread: initialised from .tdata and writable");
    check(thread_buffer[0] == 0 && thread_buffer[99] == 'x', "__thread: .tbss starts zeroed");
    check(((uintptr_t)&thread_aligned & 63) == 0 && thread_aligned == 7, "__thread: alignment is kept");
    void *self;
    __asm__("mov %%fs:0, %0" : "=r"(self));
    check(self != NULL && (char *)&thread_counter < (char *)self, "%fs:0 points at the TCB above the TLS block");
    pid_t child = fork();
    if (child == 0)
        _exit(thread_counter == 42 ? 0 : 1);
    int status = -1;
    check(waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 0,
          "__thread: a forked child sees the parent's values");
}

static long long milliseconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - start->tv_sec) * 1000ll + (now.tv_nsec - start->tv_nsec) / 1000000;
}

static void test_pipes(void)
{
    int fds[2];
    check(pipe(fds) == 0 && fds[0] >= 0 && fds[1] >= 0 && fds[0] != fds[1], "pipe");
    struct stat status;
    check(write(fds[1], "abc", 3) == 3 && fstat(fds[0], &status) == 0 && S_ISFIFO(status.st_mode) &&
              status.st_size == 3,
          "fstat of a pipe: FIFO with the bytes waiting");
    errno = 0;
    check(lseek(fds[0], 0, SEEK_SET) == -1 && errno == ESPIPE, "lseek on a pipe: ESPIPE");
    char buffer[64] = {0};
    check(read(fds[0], buffer, sizeof buffer) == 3 && memcmp(buffer, "abc", 3) == 0, "read what was written");
    check(fcntl(fds[0], F_SETFL, O_NONBLOCK) == 0 && (fcntl(fds[0], F_GETFL) & O_NONBLOCK), "fcntl F_SETFL O_NONBLOCK");
    errno = 0;
    check(read(fds[0], buffer, sizeof buffer) == -1 && errno == EAGAIN, "non-blocking read of an empty pipe: EAGAIN");
    fcntl(fds[0], F_SETFL, 0);
    check(fcntl(fds[0], F_SETFD, FD_CLOEXEC) == 0 && fcntl(fds[0], F_GETFD) == FD_CLOEXEC, "fcntl FD_CLOEXEC");
    int copy = dup(fds[1]);
    check(copy >= 0 && write(copy, "x", 1) == 1 && read(fds[0], buffer, 1) == 1 && buffer[0] == 'x',
          "dup shares the pipe's write end");
    close(copy);
    char first[3], second[4];
    struct iovec out[2] = {{.iov_base = "one", .iov_len = 3}, {.iov_base = "two!", .iov_len = 4}};
    struct iovec in[2] = {{.iov_base = first, .iov_len = sizeof first}, {.iov_base = second, .iov_len = sizeof second}};
    check(writev(fds[1], out, 2) == 7 && readv(fds[0], in, 2) == 7 && memcmp(first, "one", 3) == 0 &&
              memcmp(second, "two!", 4) == 0,
          "writev and readv move several buffers through a pipe");

    /* poll and select on the event: scheme. */
    struct pollfd entries[2] = {{.fd = fds[0], .events = POLLIN}, {.fd = fds[1], .events = POLLOUT}};
    check(poll(entries, 2, 0) == 1 && entries[0].revents == 0 && (entries[1].revents & POLLOUT),
          "poll: an empty pipe is writable, not readable");
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    check(poll(entries, 1, 100) == 0 && milliseconds_since(&start) >= 100, "poll times out after 100 ms");
    write(fds[1], "y", 1);
    check(poll(entries, 1, -1) == 1 && (entries[0].revents & POLLIN), "poll: readable after a write");
    fd_set readable;
    FD_ZERO(&readable);
    FD_SET(fds[0], &readable);
    struct timeval no_wait = {0, 0};
    check(select(fds[0] + 1, &readable, NULL, NULL, &no_wait) == 1 && FD_ISSET(fds[0], &readable),
          "select: readable");
    read(fds[0], buffer, 1);
    pid_t child = fork();
    if (child == 0) {
        close(fds[0]);
        struct timespec pause = {.tv_sec = 0, .tv_nsec = 50 * 1000 * 1000};
        nanosleep(&pause, NULL);
        static const char message[] = "from the child";
        _exit(write(fds[1], message, sizeof message) == (ssize_t)sizeof message ? 0 : 1);
    }
    close(fds[1]);
    entries[0].revents = 0;
    check(poll(entries, 1, 5000) == 1 && (entries[0].revents & POLLIN), "poll waits for a forked child's write");
    memset(buffer, 0, sizeof buffer);
    check(read(fds[0], buffer, sizeof buffer) == 15 && strcmp(buffer, "from the child") == 0,
          "a pipe carries data from a forked child");
    int status_word = 0;
    check(waitpid(child, &status_word, 0) == child && read(fds[0], buffer, sizeof buffer) == 0,
          "end of file once every writer is gone");
    close(fds[0]);
}

extern const char exec_probe_image[], exec_probe_image_end[];

/* Runs exec_probe through a pipe with fexecve, its output captured with dup2. */
static void test_exec(void)
{
    int program[2], output[2];
    if (pipe(program) != 0 || pipe(output) != 0) {
        check(0, "pipes for fexecve");
        return;
    }
    pid_t child = fork();
    if (child == 0) {
        pid_t writer = fork();
        if (writer == 0) {
            close(program[0]);
            size_t size = (size_t)(exec_probe_image_end - exec_probe_image);
            _exit(write(program[1], exec_probe_image, size) == (ssize_t)size ? 0 : 1);
        }
        close(program[1]);
        dup2(output[1], 1);
        close(output[0]);
        close(output[1]);
        char *arguments[] = {"/usr/libexec/exec-probe", "argument", NULL};
        char *environment[] = {"MH_PROBE=environment", NULL};
        chdir("sys:");
        stack_t alternate = {.ss_sp = alternate_stack, .ss_size = sizeof alternate_stack, .ss_flags = 0};
        sigaltstack(&alternate, NULL);
        fexecve(program[0], arguments, environment);
        _exit(99);
    }
    close(program[0]);
    close(program[1]);
    close(output[1]);
    char buffer[128] = {0};
    size_t used = 0;
    ssize_t got;
    while (used < sizeof buffer - 1 && (got = read(output[0], buffer + used, sizeof buffer - 1 - used)) > 0)
        used += (size_t)got;
    close(output[0]);
    int status = 0;
    check(waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 7,
          "fexecve of a program read from a pipe: it ran and exited with 7");
    check(strncmp(buffer, "probe argument environment sys: /usr/libexec/exec-probe exec-probe ", 67) == 0,
          "the exec'd program got argv, envp, the dup2'd standard output and the current directory");
    check(strstr(buffer, " exec-probe no-altstack\n") != NULL,
          "the alternate signal stack set before fexecve is gone in the new program");
    check(strstr(buffer, " /usr/libexec/exec-probe exec-probe ") != NULL,
          "program_invocation_name is argv[0], program_invocation_short_name its last component");
    errno = 0;
    char *none[] = {"x", NULL};
    check(execv("nosuchscheme:/bin/x", none) == -1 && errno == ENOENT, "execv of a missing file: ENOENT");
}

static void test_environment(int argc, char **argv)
{
    check(argc >= 1 && argv[argc] == NULL, "argv is NULL-terminated");
    char *arguments[] = {"prog", "-a", "-b", "value", "file", NULL};
    int a = 0, opt;
    const char *b = NULL;
    optind = 1;
    while ((opt = getopt(5, arguments, "ab:")) != -1) {
        if (opt == 'a')
            a = 1;
        else if (opt == 'b')
            b = optarg;
    }
    check(a && b && strcmp(b, "value") == 0 && optind == 4, "getopt");
    check(setlocale(LC_ALL, "C") != NULL && strcmp(localeconv()->decimal_point, ".") == 0,
          "setlocale C and localeconv");
    wchar_t wide = 0;
    check(setlocale(LC_CTYPE, "C.UTF-8") != NULL && mbtowc(&wide, "\xc3\xa9", 2) == 2 &&
              wide == 0xe9,
          "C.UTF-8 decodes UTF-8");
    setlocale(LC_ALL, "C");
    regex_t regex;
    check(regcomp(&regex, "^ma[a-z]+rd$", REG_EXTENDED | REG_NOSUB) == 0 &&
              regexec(&regex, "macrohard", 0, NULL, 0) == 0 &&
              regexec(&regex, "redox", 0, NULL, 0) == REG_NOMATCH,
          "regcomp and regexec");
    regfree(&regex);
    struct utsname names;
    check(uname(&names) == 0 && strcmp(names.sysname, "MACROHARD") == 0 &&
              strcmp(names.machine, "x86_64") == 0,
          "uname");
    check(sysconf(_SC_PAGESIZE) == 4096 && getpagesize() == 4096, "page size");
    unsigned char one[16] = {0}, two[16] = {0};
    check(getentropy(one, sizeof one) == 0 && getentropy(two, sizeof two) == 0 &&
              memcmp(one, two, sizeof one) != 0,
          "getentropy");
    jmp_buf jump;
    volatile int jumped = 0;
    if (setjmp(jump) == 0) {
        jumped = 1;
        longjmp(jump, 5);
    }
    check(jumped == 1, "setjmp and longjmp");
#ifdef __redox__
    check(1, "__redox__ is defined");
#else
    check(0, "__redox__ is defined");
#endif
#ifdef __linux__
    check(0, "__linux__ is not defined");
#else
    check(1, "__linux__ is not defined");
#endif
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0); /* whole lines before each fork */
    if (argc == 3 && strcmp(argv[1], "--files") == 0) {
        printf("libc-tests: *at calls on files under %s\n", argv[2]);
        test_at_calls_on_files(argv[2]);
        return report_checks();
    }
    printf("libc-tests: C library tests on MACROHARD\n");
    test_strings();
    test_formatting();
    test_stdlib();
    test_time();
    test_processes();
    test_signals();
    test_alternate_stack();
    test_files();
    test_at_paths();
    test_at_calls();
    test_pipes();
    test_exec();
    test_terminal();
    test_sessions();
    test_credentials();
    test_sigsetjmp();
    test_thread_local();
    test_environment(argc, argv);
    return report_checks();
}
