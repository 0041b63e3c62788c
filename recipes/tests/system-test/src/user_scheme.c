/* A user-space scheme: this process registers "systest" and serves one file, "greeting",
 * while a child uses it through the ordinary POSIX calls (open, read, write, lseek, fstat,
 * close) and checks every answer; opening "quit" ends the service. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "checks.h"
#include "mh_sys.h"

#define GREETING "hello from a user scheme\n"
#define FILE_CAPACITY 64
#define MAX_OPEN 8

struct served_file {
    char content[FILE_CAPACITY];
    uint64_t size;
    uint64_t position[MAX_OPEN];
    bool open[MAX_OPEN];
};

static bool path_is(const struct mh_packet *p, const char *name)
{
    return p->c == strlen(name) && memcmp((const void *)p->b, name, p->c) == 0;
}

static long serve_open(struct served_file *file, const struct mh_packet *p, bool *quit)
{
    if (path_is(p, "quit")) {
        *quit = true;
        return -MH_ENOENT;
    }
    if (!path_is(p, "greeting"))
        return -MH_ENOENT;
    for (int i = 0; i < MAX_OPEN; i++)
        if (!file->open[i]) {
            file->open[i] = true;
            file->position[i] = 0;
            return i;
        }
    return -MH_EMFILE;
}

static long serve(struct served_file *file, const struct mh_packet *p, bool *quit)
{
    if (p->a == MH_SYS_OPEN)
        return serve_open(file, p, quit);
    if (p->b >= MAX_OPEN || !file->open[p->b])
        return -MH_EBADF;
    uint64_t *position = &file->position[p->b];
    switch (p->a) {
    case MH_SYS_READ: {
        uint64_t n = *position >= file->size ? 0 : file->size - *position;
        n = n < p->d ? n : p->d;
        memcpy((void *)p->c, file->content + *position, n);
        *position += n;
        return (long)n;
    }
    case MH_SYS_WRITE: {
        if (*position >= FILE_CAPACITY)
            return -MH_ENOSPC;
        uint64_t n = FILE_CAPACITY - *position < p->d ? FILE_CAPACITY - *position : p->d;
        memcpy(file->content + *position, (const void *)p->c, n);
        *position += n;
        if (*position > file->size)
            file->size = *position;
        return (long)n;
    }
    case MH_SYS_LSEEK: {
        int64_t base = p->d == MH_SEEK_SET ? 0 : p->d == MH_SEEK_CUR ? (int64_t)*position
                     : p->d == MH_SEEK_END ? (int64_t)file->size : -1;
        if (base < 0 || base + (int64_t)p->c < 0)
            return -MH_EINVAL;
        *position = (uint64_t)(base + (int64_t)p->c);
        return (long)*position;
    }
    case MH_SYS_FSTAT: {
        struct mh_stat *st = (struct mh_stat *)p->c;
        st->st_mode = (uint16_t)(MH_MODE_FILE | 0640);
        st->st_size = file->size;
        st->st_blksize = 512;
        st->st_nlink = 1;
        return 0;
    }
    case MH_SYS_CLOSE:
        file->open[p->b] = false;
        return 0;
    default:
        return -MH_ENOSYS;
    }
}

/* The client: every answer is checked here (the lines appear on the console); the exit status
 * is the number of failures. */
static int client(void)
{
    int fd = open("systest:greeting", O_RDWR);
    check(fd >= 0, "scheme client: open systest:greeting");
    char buffer[FILE_CAPACITY + 1] = {0};
    check(read(fd, buffer, sizeof buffer - 1) == (ssize_t)strlen(GREETING) && strcmp(buffer, GREETING) == 0,
          "scheme client: read gives the server's text");
    check(read(fd, buffer, 1) == 0, "scheme client: then end of file");
    check(lseek(fd, 6, SEEK_SET) == 6 && write(fd, "FROM", 4) == 4, "scheme client: lseek to 6 and write 4 bytes");
    check(lseek(fd, 0, SEEK_END) == (off_t)strlen(GREETING), "scheme client: lseek to the end gives the size");
    check(write(fd, "more\n", 5) == 5, "scheme client: write at the end grows the file");
    struct stat st;
    check(fstat(fd, &st) == 0 && st.st_size == (off_t)strlen(GREETING) + 5 && S_ISREG(st.st_mode) &&
              (st.st_mode & 0777) == 0640,
          "scheme client: fstat gives the new size and the server's mode");
    memset(buffer, 0, sizeof buffer);
    check(lseek(fd, 0, SEEK_SET) == 0 && read(fd, buffer, sizeof buffer - 1) == (ssize_t)st.st_size &&
              strcmp(buffer, "hello FROM a user scheme\nmore\n") == 0,
          "scheme client: reading again shows both writes");
    int second = open("systest:greeting", O_RDONLY);
    char first_byte = 0;
    check(second >= 0 && read(second, &first_byte, 1) == 1 && first_byte == 'h',
          "scheme client: a second open has its own position");
    check(close(fd) == 0 && close(second) == 0, "scheme client: close");
    errno = 0;
    check(open("systest:missing", O_RDONLY) < 0 && errno == ENOENT, "scheme client: a missing file is ENOENT");
    open("systest:quit", O_RDONLY);
    return checks_failed;
}

/* SIGCHLD only interrupts the server's read, so a client that dies early ends the service. */
static void on_child(int signal)
{
    (void)signal;
}

void check_user_scheme(void)
{
    long server = mh_register_scheme("systest");
    check(server >= 0, "registering the scheme systest");
    if (server < 0)
        return;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        mh_close(server);
        checks_failed = 0;
        _exit(client());
    }
    struct sigaction action = {.sa_handler = on_child}, previous;
    sigemptyset(&action.sa_mask);
    sigaction(SIGCHLD, &action, &previous);
    struct served_file file = {.size = strlen(GREETING)};
    memcpy(file.content, GREETING, file.size);
    bool quit = false;
    long problem = 0;
    int status = -1;
    while (!quit) {
        struct mh_packet packet;
        long n = mh_read(server, &packet, sizeof packet);
        if (n == -MH_EINTR) {
            if (waitpid(pid, &status, WNOHANG) == pid) {
                problem = -MH_ECHILD; /* the client ended without saying quit */
                break;
            }
            continue;
        }
        if (n != (long)sizeof packet) {
            problem = n;
            break;
        }
        packet.a = (uint64_t)serve(&file, &packet, &quit);
        mh_write(server, &packet, sizeof packet);
    }
    if (problem == 0)
        status = wait_status(pid);
    sigaction(SIGCHLD, &previous, NULL);
    check(problem == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0,
          "the scheme's client got the right answer to every call");
    mh_close(server);
    errno = 0;
    check(open("systest:greeting", O_RDONLY) < 0, "once its server closed it, the scheme is gone");
}
