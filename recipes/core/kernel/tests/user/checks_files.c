/* Descriptors on the kernel's schemes: dup, dup2, fcntl, lseek, fstat, fpath, sys:, the root
 * listing, pipes between a parent and a child, and event queues waiting on pipes and timers. */
#include "checks.h"

static bool read_text(const char *path, char *buffer, size_t size, int64_t *length)
{
    int64_t fd = open_path(path, MH_O_RDONLY);
    if (fd < 0)
        return false;
    *length = read_fully(fd, buffer, size - 1);
    buffer[*length > 0 ? *length : 0] = '\0';
    sys_close(fd);
    return *length > 0;
}

void check_descriptors(void)
{
    int64_t fd = open_path("sys:uname", MH_O_RDONLY);
    check(fd >= 0, "open(sys:uname) succeeds");
    char text[16] = {0};
    int64_t copy = sys_dup(fd, NULL, 0);
    check(sys_read(fd, text, 3) == 3 && sys_read(copy, text + 3, 3) == 3 && memcmp(text, "MACROH", 6) == 0,
          "dup() shares the file position");
    check(sys_lseek(copy, 0, MH_SEEK_SET) == 0 && sys_read(fd, text, 3) == 3 && memcmp(text, "MAC", 3) == 0,
          "lseek() on a duplicate moves the shared position");
    check(sys_lseek(fd, 0, 7) == -MH_EINVAL, "lseek() with an unknown whence is EINVAL");
    struct mh_stat stat;
    check(sys_fstat(fd, &stat) == 0 && (stat.st_mode & MH_MODE_TYPE) == MH_MODE_FILE && stat.st_size > 10,
          "fstat() reports a regular file with its size");
    char path[32] = {0};
    int64_t length = sys_fpath(fd, path, sizeof path);
    check(length == 9 && memcmp(path, "sys:uname", 9) == 0, "fpath() names the file");
    check(sys_dup2(fd, 50, NULL, 0) == 50 && sys_lseek(50, 0, MH_SEEK_CUR) == 3, "dup2() installs at the number asked");
    check(sys_dup2(copy, 50, NULL, 0) == 50 && sys_fcntl(50, MH_F_GETFD, 0) == 0,
          "dup2() onto an open descriptor replaces it");
    check(sys_dup2(fd, fd, NULL, 0) == fd, "dup2(fd, fd) returns fd");
    check(sys_dup2(fd, 4096, NULL, 0) == -MH_EBADF, "dup2() beyond the table is EBADF");
    check(sys_fcntl(fd, MH_F_SETFD, MH_FD_CLOEXEC) == 0 && sys_fcntl(fd, MH_F_GETFD, 0) == MH_FD_CLOEXEC &&
              sys_fcntl(copy, MH_F_GETFD, 0) == 0,
          "close-on-exec belongs to the descriptor");
    int64_t high = sys_fcntl(fd, MH_F_DUPFD, 60);
    check(high >= 60 && sys_fcntl(high, MH_F_GETFD, 0) == 0, "F_DUPFD picks a number at least the one asked");
    check((sys_fcntl(fd, MH_F_GETFL, 0) & MH_O_ACCMODE) == MH_O_RDONLY, "F_GETFL gives the access mode");
    check(sys_fcntl(fd, MH_F_SETFL, MH_O_NONBLOCK) == 0 && (sys_fcntl(copy, MH_F_GETFL, 0) & MH_O_NONBLOCK),
          "status flags belong to the shared description");
    check(sys_write(fd, "x", 1) == -MH_EBADF, "write() to a read-only descriptor is EBADF");
    check(sys_fcntl(fd, 999, 0) == -MH_EINVAL, "an unknown fcntl command is EINVAL");
    sys_close(high);
    sys_close(50);
    sys_close(copy);
    sys_close(fd);
    check(sys_fcntl(fd, MH_F_GETFD, 0) == -MH_EBADF, "fcntl() on a closed descriptor is EBADF");

    check(open_path("sys:uname", MH_O_WRONLY) == -MH_EACCES, "sys: files are read-only");
    check(open_path("sys:nosuch", MH_O_RDONLY) == -MH_ENOENT, "a missing sys: file is ENOENT");
    check(open_path("/etc/passwd", MH_O_RDONLY) == -MH_ENOENT, "absolute paths need a file scheme");
    char buffer[512];
    check(read_text("/scheme/sys/uname", buffer, sizeof buffer, &length) && has_prefix(buffer, "MACROHARD\n"),
          "/scheme/NAME/path reaches the same file");
    check(read_text("sys:", buffer, sizeof buffer, &length) && contains(buffer, (size_t)length, "context\n"),
          "sys: lists its files");
    check(read_text("sys:memory", buffer, sizeof buffer, &length) && contains(buffer, (size_t)length, "MemFree:"),
          "sys:memory reports free memory");
    check(read_text(":", buffer, sizeof buffer, &length) && contains(buffer, (size_t)length, "debug\n") &&
              contains(buffer, (size_t)length, "pipe\n") && contains(buffer, (size_t)length, "irq\n"),
          "the root scheme lists the kernel's schemes");
    char line[32] = "\n";
    size_t at = 1 + format_number(line + 1, sys_getpid());
    line[at++] = ' ';
    line[at] = '\0';
    check(read_text("sys:context", buffer, sizeof buffer, &length) && contains(buffer, (size_t)length, line),
          "sys:context lists this process");
    fd = open_path("debug:", MH_O_RDWR);
    check(fd >= 0 && sys_lseek(fd, 0, MH_SEEK_SET) == -MH_ESPIPE, "debug: opens for reading and cannot seek");
    check(sys_fcntl(fd, MH_F_SETFL, MH_O_NONBLOCK) == 0 && sys_read(fd, buffer, 1) == -MH_EAGAIN,
          "a non-blocking read of debug: without input is EAGAIN");
    sys_close(fd);
}

/* A child writes more than the pipe holds; the parent reads it all, then sees end of file. */
static void check_pipe_between_processes(void)
{
    enum { TOTAL = 40000 };
    int32_t fds[2];
    check(sys_pipe2(fds, 0) == 0, "pipe2() creates a pipe");
    int64_t pid = sys_clone(0);
    if (pid == 0) {
        sys_close(fds[0]);
        static uint8_t pattern[TOTAL];
        for (int i = 0; i < TOTAL; i++)
            pattern[i] = (uint8_t)(i * 13 + 7);
        sys_exit(write_fully(fds[1], pattern, TOTAL) == TOTAL ? 0 : 1);
    }
    sys_close(fds[1]);
    static uint8_t received[TOTAL + 16];
    int64_t count = read_fully(fds[0], received, sizeof received);
    bool same = count == TOTAL;
    for (int i = 0; same && i < TOTAL; i++)
        same = received[i] == (uint8_t)(i * 13 + 7);
    check(same, "a child's writes through a pipe arrive complete and in order");
    check(sys_read(fds[0], received, 1) == 0, "reading a pipe without writers gives end of file");
    check(wait_for(pid) == MH_WAIT_EXITED(0), "the writer blocked until the reader caught up");
    sys_close(fds[0]);
}

void check_pipes(void)
{
    int32_t fds[2] = {-1, -1};
    char buffer[16] = {0};
    check(sys_pipe2(fds, MH_O_CLOEXEC) == 0 && sys_fcntl(fds[0], MH_F_GETFD, 0) == MH_FD_CLOEXEC,
          "pipe2(O_CLOEXEC) marks both ends");
    check(sys_write(fds[1], "hello", 5) == 5 && sys_read(fds[0], buffer, sizeof buffer) == 5 &&
              memcmp(buffer, "hello", 5) == 0,
          "bytes written to a pipe can be read back");
    struct mh_stat stat;
    check(sys_fstat(fds[0], &stat) == 0 && (stat.st_mode & MH_MODE_TYPE) == MH_MODE_FIFO, "a pipe is a FIFO");
    check(sys_lseek(fds[0], 0, MH_SEEK_SET) == -MH_ESPIPE, "pipes cannot seek");
    check(sys_write(fds[0], "x", 1) == -MH_EBADF && sys_read(fds[1], buffer, 1) == -MH_EBADF,
          "each end of a pipe works in one direction only");
    check(sys_fcntl(fds[0], MH_F_SETFL, MH_O_NONBLOCK) == 0 && sys_read(fds[0], buffer, 1) == -MH_EAGAIN,
          "an empty non-blocking pipe is EAGAIN");
    sys_close(fds[0]);
    struct mh_sigaction ignore = {.handler = MH_SIG_IGN}, previous;
    sys_sigaction(MH_SIGPIPE, &ignore, &previous, NULL);
    check(sys_write(fds[1], "x", 1) == -MH_EPIPE, "writing a pipe without readers is EPIPE");
    sys_sigaction(MH_SIGPIPE, &previous, NULL, NULL);
    int64_t pid = sys_clone(0);
    if (pid == 0) {
        sys_write(fds[1], "x", 1);
        sys_exit(0);
    }
    check(wait_for(pid) == MH_WAIT_SIGNALED(MH_SIGPIPE), "... and raises SIGPIPE");
    sys_close(fds[1]);

    int64_t reader = open_path("pipe:", MH_O_RDWR);
    int64_t writer = sys_dup(reader, "write", 5);
    check(reader >= 0 && writer >= 0 && (sys_fcntl(reader, MH_F_GETFL, 0) & MH_O_ACCMODE) == MH_O_RDONLY,
          "open(pipe:) and dup(fd, \"write\") make a pipe as Redox's C library does");
    check(sys_write(writer, "abc", 3) == 3 && sys_read(reader, buffer, 3) == 3 && memcmp(buffer, "abc", 3) == 0,
          "... that carries data");
    check(sys_dup(reader, "sideways", 8) == -MH_EINVAL, "dup() of a pipe with an unknown request is EINVAL");
    sys_close(writer);
    sys_close(reader);
    check_pipe_between_processes();
}

static int64_t watch(int64_t queue, int64_t fd, uint64_t flags, uint64_t data)
{
    struct mh_event event = {.id = (uint64_t)fd, .flags = flags, .data = data};
    return sys_write(queue, &event, sizeof event);
}

void check_events(void)
{
    int64_t queue = open_path("event:", MH_O_RDWR);
    int32_t fds[2];
    sys_pipe2(fds, 0);
    check(queue >= 0 && watch(queue, fds[0], MH_EVENT_READ, 77) == (int64_t)sizeof(struct mh_event),
          "an event queue watches a pipe");
    struct mh_event event = {0};
    sys_fcntl(queue, MH_F_SETFL, MH_O_NONBLOCK);
    check(sys_read(queue, &event, sizeof event) == -MH_EAGAIN, "no event before anything happens");
    sys_fcntl(queue, MH_F_SETFL, 0);
    uint64_t start = monotonic_ns();
    int64_t pid = sys_clone(0);
    if (pid == 0) {
        sleep_ms(20);
        sys_write(fds[1], "x", 1);
        sys_exit(0);
    }
    int64_t count = sys_read(queue, &event, sizeof event);
    check(count == (int64_t)sizeof event && event.id == (uint64_t)fds[0] && event.flags == MH_EVENT_READ &&
              event.data == 77 && monotonic_ns() - start >= 15000000u,
          "reading the queue waits until the child writes to the pipe");
    wait_for(pid);
    check(watch(queue, fds[0], MH_EVENT_READ, 78) > 0 && sys_read(queue, &event, sizeof event) > 0 &&
              event.data == 78,
          "watching a pipe that already holds data reports it at once");
    check(watch(queue, fds[0], 0, 0) > 0, "a watch ends with flags 0");
    check(watch(queue, 99, MH_EVENT_READ, 0) == -MH_EBADF, "watching a closed descriptor is EBADF");
    int64_t memory = open_path("memory:zeroed", MH_O_RDWR);
    check(watch(queue, memory, MH_EVENT_READ, 0) == -MH_EPERM, "memory: cannot be watched");
    sys_close(memory);

    int64_t timer = open_path("time:4", MH_O_RDWR);
    struct mh_timespec now, deadline;
    check(timer >= 0 && sys_read(timer, &now, sizeof now) == (int64_t)sizeof now && now.seconds >= 0,
          "reading time:4 gives the monotonic time");
    uint64_t wanted = nanoseconds(&now) + 30000000u;
    deadline = (struct mh_timespec){.seconds = (int64_t)(wanted / 1000000000u),
                                    .nanoseconds = (int32_t)(wanted % 1000000000u)};
    check(sys_write(timer, &deadline, sizeof deadline) == (int64_t)sizeof deadline &&
              watch(queue, timer, MH_EVENT_READ, 5) > 0,
          "a timer is armed by writing a deadline");
    count = sys_read(queue, &event, sizeof event);
    check(count > 0 && event.data == 5 && monotonic_ns() >= wanted, "the timer's event comes at the deadline");
    sys_close(timer);
    sys_close(fds[0]);
    sys_close(fds[1]);
    sys_close(queue);
}
