/* A user-space scheme: a child registers "ktest" and serves it; the parent uses it through
 * the ordinary calls, execs a program from it, watches it with an event queue, and finally
 * makes the server crash in the middle of a request, which must fail with EIO and free the
 * name. */
#include "checks.h"

#define HELLO_TEXT "hello, scheme\n"

enum file_kind { FILE_HELLO = 1, FILE_PROBE, FILE_CRASH };

struct served_file {
    enum file_kind kind;
    uint64_t position;
};

#define SERVED_LIMIT 16

static struct served_file served[SERVED_LIMIT];
static char written[64];
static size_t written_length;

static const char *file_data(enum file_kind kind, size_t *size)
{
    if (kind == FILE_PROBE) {
        *size = (size_t)(probe_image_end - probe_image);
        return (const char *)probe_image;
    }
    *size = sizeof HELLO_TEXT - 1;
    return HELLO_TEXT;
}

static bool path_is(const struct mh_packet *packet, const char *name)
{
    return packet->c == strlen(name) && memcmp((const void *)packet->b, name, packet->c) == 0;
}

static int64_t new_file(enum file_kind kind)
{
    for (int64_t id = 1; id < SERVED_LIMIT; id++) {
        if (served[id].kind == 0) {
            served[id] = (struct served_file){.kind = kind};
            return id;
        }
    }
    return -MH_EMFILE;
}

static int64_t serve_open(const struct mh_packet *packet)
{
    if (path_is(packet, "hello"))
        return new_file(FILE_HELLO);
    if (path_is(packet, "probe"))
        return new_file(FILE_PROBE);
    if (path_is(packet, "crash"))
        return new_file(FILE_CRASH);
    return -MH_ENOENT;
}

static int64_t serve_read(struct served_file *file, const struct mh_packet *packet)
{
    if (file->kind == FILE_CRASH)
        *(volatile int *)0 = 1; /* a driver bug: the kernel must fail the request, not hang */
    size_t size;
    const char *data = file_data(file->kind, &size);
    if (file->position >= size)
        return 0;
    size_t count = size - file->position < packet->d ? size - file->position : packet->d;
    memcpy((void *)packet->c, data + file->position, count);
    file->position += count;
    return (int64_t)count;
}

static int64_t serve_seek(struct served_file *file, const struct mh_packet *packet)
{
    size_t size;
    file_data(file->kind, &size);
    int64_t base = packet->d == MH_SEEK_SET ? 0 : packet->d == MH_SEEK_CUR ? (int64_t)file->position : (int64_t)size;
    int64_t position = base + (int64_t)packet->c;
    if (packet->d > MH_SEEK_END || position < 0)
        return -MH_EINVAL;
    file->position = (uint64_t)position;
    return position;
}

static int64_t serve_fstat(struct served_file *file, const struct mh_packet *packet)
{
    struct mh_stat stat = {.st_mode = MH_MODE_FILE | 0644, .st_nlink = 1};
    size_t size;
    file_data(file->kind, &size);
    stat.st_size = size;
    if (packet->d < sizeof stat)
        return -MH_EINVAL;
    memcpy((void *)packet->c, &stat, sizeof stat);
    return 0;
}

/* Serves one request; returns the result for the reply. */
static int64_t serve(int64_t server, const struct mh_packet *packet)
{
    if (packet->a == MH_SYS_OPEN)
        return serve_open(packet);
    if (packet->a == MH_SYS_UNLINK)
        return path_is(packet, "gone") ? 0 : -MH_ENOENT;
    if (packet->b >= SERVED_LIMIT || served[packet->b].kind == 0)
        return -MH_EBADF;
    struct served_file *file = &served[packet->b];
    switch (packet->a) {
    case MH_SYS_READ:
        return serve_read(file, packet);
    case MH_SYS_WRITE: {
        size_t count = packet->d < sizeof written - written_length ? packet->d : sizeof written - written_length;
        memcpy(written + written_length, (const void *)packet->c, count);
        written_length += count;
        if (packet->d == 5 && memcmp((const void *)packet->c, "event", 5) == 0) {
            struct mh_packet event = {.a = MH_SYS_FEVENT, .b = packet->b, .c = MH_EVENT_READ};
            sys_write(server, &event, sizeof event);
        }
        return (int64_t)count;
    }
    case MH_SYS_LSEEK:
        return serve_seek(file, packet);
    case MH_SYS_FSTAT:
        return serve_fstat(file, packet);
    case MH_SYS_FPATH: {
        static const char path[] = "ktest:hello";
        size_t count = packet->d < sizeof path - 1 ? packet->d : sizeof path - 1;
        memcpy((void *)packet->c, path, count);
        return (int64_t)count;
    }
    case MH_SYS_DUP:
        if (packet->d == 5 && memcmp((const void *)packet->c, "again", 5) == 0)
            return new_file(file->kind);
        return -MH_EINVAL;
    case MH_SYS_FEVENT:
        return MH_EVENT_READ;
    case MH_SYS_FSYNC:
        return 0;
    case MH_SYS_CLOSE:
        served[packet->b].kind = 0;
        return 0;
    default:
        return -MH_ENOSYS;
    }
}

/* The server process: registers the scheme, tells the parent, serves until it crashes on
 * purpose (a read of "crash"). */
static void __attribute__((noreturn)) run_server(int64_t ready_fd)
{
    int64_t server = open_path(":ktest", MH_O_CREAT | MH_O_RDWR | MH_O_CLOEXEC);
    sys_write(ready_fd, server >= 0 ? "r" : "f", 1);
    sys_close(ready_fd);
    if (server < 0)
        sys_exit(1);
    for (;;) {
        struct mh_packet packets[4];
        int64_t count = sys_read(server, packets, sizeof packets);
        if (count < 0)
            sys_exit(2);
        for (int64_t i = 0; i < count / (int64_t)sizeof packets[0]; i++) {
            packets[i].a = (uint64_t)serve(server, &packets[i]);
            if (sys_write(server, &packets[i], sizeof packets[i]) != (int64_t)sizeof packets[i])
                sys_exit(3);
        }
    }
}

static int64_t start_server(void)
{
    int32_t ready[2];
    sys_pipe2(ready, 0);
    int64_t pid = sys_clone(0);
    if (pid == 0) {
        sys_close(ready[0]);
        run_server(ready[1]);
    }
    sys_close(ready[1]);
    char answer = 0;
    sys_read(ready[0], &answer, 1);
    sys_close(ready[0]);
    check(answer == 'r', "a child registers a scheme by opening \":ktest\" with O_CREAT");
    return pid;
}

static void check_file_calls(void)
{
    int64_t fd = open_path("/scheme/ktest/hello", MH_O_RDWR);
    check(fd >= 0, "the parent opens a file of the child's scheme");
    char text[32] = {0};
    check(sys_read(fd, text, sizeof text) == 14 && memcmp(text, HELLO_TEXT, 14) == 0,
          "read() is served by the child");
    check(sys_lseek(fd, 7, MH_SEEK_SET) == 7 && sys_read(fd, text, sizeof text) == 7 && memcmp(text, "scheme\n", 7) == 0,
          "lseek() is served by the child");
    struct mh_stat stat;
    check(sys_fstat(fd, &stat) == 0 && (stat.st_mode & MH_MODE_TYPE) == MH_MODE_FILE && stat.st_size == 14,
          "fstat() is served by the child");
    check(sys_fpath(fd, text, sizeof text) == 11 && memcmp(text, "ktest:hello", 11) == 0, "fpath() is served by the child");
    check(sys_write(fd, "abc", 3) == 3, "write() is served by the child");
    int64_t again = sys_dup(fd, "again", 5);
    check(again >= 0 && sys_read(again, text, 5) == 5 && memcmp(text, "hello", 5) == 0,
          "dup(fd, request) opens a new file through the child");
    check(sys_dup(fd, "bogus", 5) == -MH_EINVAL, "the child's errors come back");
    check(syscall3(MH_SYS_FSYNC, (uint64_t)fd, 0, 0) == 0 && syscall3(MH_SYS_FTRUNCATE, (uint64_t)fd, 0, 0) == -MH_ENOSYS,
          "other file calls reach the child");
    check(sys_open("ktest:nothing", 13, MH_O_RDONLY) == -MH_ENOENT, "opening a missing file is the child's ENOENT");
    check(syscall3(MH_SYS_UNLINK, (uint64_t)"ktest:gone", 10, 0) == 0 &&
              syscall3(MH_SYS_UNLINK, (uint64_t)"/scheme/ktest/other", 19, 0) == -MH_ENOENT,
          "unlink() reaches the child");
    char listing[512];
    int64_t root = open_path(":", MH_O_RDONLY);
    int64_t length = read_fully(root, listing, sizeof listing);
    sys_close(root);
    check(length > 0 && contains(listing, (size_t)length, "ktest\n"), "the root scheme lists the new scheme");
    check(open_path(":ktest", MH_O_CREAT | MH_O_RDWR) == -MH_EEXIST, "a scheme name can be registered once");

    int64_t queue = open_path("event:", MH_O_RDWR);
    struct mh_event event = {.id = (uint64_t)fd, .flags = MH_EVENT_READ, .data = 9};
    check(sys_write(queue, &event, sizeof event) == (int64_t)sizeof event &&
              sys_read(queue, &event, sizeof event) == (int64_t)sizeof event && event.data == 9,
          "an event queue asks the child for the file's state");
    check(sys_write(fd, "event", 5) == 5 && sys_read(queue, &event, sizeof event) == (int64_t)sizeof event &&
              event.id == (uint64_t)fd && event.flags == MH_EVENT_READ,
          "the child raises events on its own");
    sys_close(queue);
    sys_close(again);
    sys_close(fd);
}

static void check_exec_from_scheme(void)
{
    int64_t pid = sys_clone(0);
    if (pid == 0) {
        char *argv[] = {"kprobe", NULL};
        sys_execve("/scheme/ktest/probe", 19, argv, NULL);
        sys_exit(70);
    }
    check(wait_for(pid) == MH_WAIT_EXITED(42), "execve() runs a program the child's scheme serves");
}

static void check_server_crash(int64_t server_pid)
{
    int64_t fd = open_path("ktest:hello", MH_O_RDONLY);
    int64_t crash = open_path("ktest:crash", MH_O_RDONLY);
    char byte;
    check(crash >= 0 && sys_read(crash, &byte, 1) == -MH_EIO, "a request whose server crashes fails with EIO");
    check(wait_for(server_pid) == MH_WAIT_SIGNALED(MH_SIGSEGV), "the server died of its fault");
    check(sys_read(fd, &byte, 1) == -MH_EIO, "files of a dead scheme fail with EIO");
    check(open_path("/scheme/ktest/hello", MH_O_RDONLY) == -MH_ENOENT, "a dead scheme's name is gone");
    sys_close(crash);
    sys_close(fd);
    int64_t again = open_path("/scheme/ktest", MH_O_CREAT | MH_O_RDWR);
    check(again >= 0, "the name can be registered again (as /scheme/NAME)");
    sys_close(again);
}

void check_user_schemes(void)
{
    int64_t server = start_server();
    check_file_calls();
    check_exec_from_scheme();
    check_server_crash(server);
}
