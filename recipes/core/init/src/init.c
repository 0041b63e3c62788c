/* init: process 1 after the bootstrap. Runs the script initfs:etc/init.rc (or argv[1]) line
 * by line (README.md lists the commands), then reaps orphans for the rest of the system's
 * life. Output goes to the console prefixed with "init: ". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mh_sys.h"

#define MAX_ARGS 32
#define MAX_LINE 1024
#define MAX_SCRIPT (64 * 1024)

static int run_script(const char *path);

/* The last program `run` started: wait-scheme gives up early when it has ended. */
static pid_t last_started = -1;
static char last_started_name[64];

/* Reads all of path (through any scheme) into a new NUL-terminated buffer. */
static char *read_whole(const char *path, size_t limit, long *error)
{
    long fd = mh_open(path, MH_O_RDONLY);
    if (fd < 0) {
        *error = fd;
        return NULL;
    }
    char *data = malloc(limit + 1);
    size_t len = 0;
    long n = 0;
    while (data && len < limit && (n = mh_read(fd, data + len, limit - len)) > 0)
        len += (size_t)n;
    mh_close(fd);
    if (!data || n < 0) {
        free(data);
        *error = data ? n : -MH_ENOMEM;
        return NULL;
    }
    data[len] = '\0';
    return data;
}

/* The paths tried for a program name: as given if it names a path or scheme, else in the
 * initfs and then in /usr/bin of the root filesystem. */
static void exec_program(char **argv)
{
    static const char *const dirs[] = {"initfs:bin/", "/usr/bin/"};
    char *envp[] = {"PATH=/usr/bin", NULL};
    char path[512];
    long err = -MH_ENOENT;
    if (strchr(argv[0], '/') || strchr(argv[0], ':')) {
        err = mh_call(MH_SYS_EXECVE, (uint64_t)argv[0], strlen(argv[0]), (uint64_t)argv,
                      (uint64_t)envp, 0);
    } else {
        for (size_t i = 0; i < sizeof dirs / sizeof dirs[0] && err == -MH_ENOENT; i++) {
            snprintf(path, sizeof path, "%s%s", dirs[i], argv[0]);
            err = mh_call(MH_SYS_EXECVE, (uint64_t)path, strlen(path), (uint64_t)argv,
                          (uint64_t)envp, 0);
        }
    }
    printf("init: cannot run %s (error %ld)\n", argv[0], -err);
    fflush(stdout);
    _exit(127);
}

static pid_t start(char **argv)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0)
        exec_program(argv);
    if (pid < 0)
        printf("init: fork for %s failed\n", argv[0]);
    return pid;
}

static int scheme_registered(const char *name)
{
    long error;
    char *list = read_whole("sys:scheme", MAX_SCRIPT, &error);
    if (!list)
        return 0;
    int found = 0;
    char *cursor;
    for (char *line = strtok_r(list, "\n", &cursor); line && !found; line = strtok_r(NULL, "\n", &cursor))
        found = strcmp(line, name) == 0;
    free(list);
    return found;
}

static int wait_scheme(const char *name, int seconds)
{
    struct timespec tick = {.tv_sec = 0, .tv_nsec = 20 * 1000 * 1000};
    for (int i = 0; i < seconds * 50; i++) {
        if (scheme_registered(name))
            return 0;
        int status;
        if (last_started > 0 && waitpid(last_started, &status, WNOHANG) == last_started) {
            printf("init: %s ended (status 0x%x) before scheme %s appeared\n", last_started_name,
                   status, name);
            last_started = -1;
            return -1;
        }
        nanosleep(&tick, NULL);
    }
    printf("init: scheme %s did not appear within %d s\n", name, seconds);
    return -1;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs every script in dir (one name per line when read) in name order. */
static int run_dir(const char *dir)
{
    long error;
    char path[512];
    long fd = mh_open(dir, MH_O_RDONLY | MH_O_DIRECTORY);
    if (fd == -MH_ENOENT) {
        printf("init: no %s: nothing to run\n", dir);
        return 0;
    }
    if (fd < 0) {
        printf("init: cannot open directory %s (error %ld)\n", dir, -fd);
        return -1;
    }
    mh_close(fd);
    char *list = read_whole(dir, MAX_SCRIPT, &error);
    if (!list) {
        printf("init: cannot list %s (error %ld)\n", dir, -error);
        return -1;
    }
    char *names[256];
    size_t count = 0;
    char *cursor;
    for (char *name = strtok_r(list, "\n", &cursor); name && count < 256; name = strtok_r(NULL, "\n", &cursor))
        if (name[0] != '.')
            names[count++] = name;
    qsort(names, count, sizeof names[0], compare_names);
    int status = 0;
    for (size_t i = 0; i < count; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        status |= run_script(path);
    }
    free(list);
    return status;
}

static int cat(const char *path)
{
    long error;
    char *data = read_whole(path, MAX_SCRIPT, &error);
    if (!data) {
        printf("init: cannot read %s (error %ld)\n", path, -error);
        return -1;
    }
    printf("init: %s: %s%s", path, data, data[0] && data[strlen(data) - 1] == '\n' ? "" : "\n");
    free(data);
    return 0;
}

static int append(const char *path, char **words)
{
    long fd = mh_open(path, MH_O_WRONLY | MH_O_CREAT | MH_O_APPEND);
    if (fd < 0) {
        printf("init: cannot open %s for appending (error %ld)\n", path, -fd);
        return -1;
    }
    char line[MAX_LINE] = "";
    for (size_t i = 0; words[i]; i++) {
        strncat(line, words[i], sizeof line - strlen(line) - 2);
        strncat(line, words[i + 1] ? " " : "\n", sizeof line - strlen(line) - 1);
    }
    long n = mh_write(fd, line, strlen(line));
    mh_close(fd);
    if (n != (long)strlen(line)) {
        printf("init: writing %s failed (%ld)\n", path, n);
        return -1;
    }
    return 0;
}

static int run_command(char **argv, int argc, const char *where)
{
    const char *cmd = argv[0];
    if (strcmp(cmd, "echo") == 0) {
        printf("init:");
        for (int i = 1; i < argc; i++)
            printf(" %s", argv[i]);
        printf("\n");
        return 0;
    }
    if (strcmp(cmd, "run") == 0 && argc >= 2) {
        last_started = start(argv + 1);
        snprintf(last_started_name, sizeof last_started_name, "%s", argv[1]);
        return last_started > 0 ? 0 : -1;
    }
    if (strcmp(cmd, "run-wait") == 0 && argc >= 2) {
        pid_t pid = start(argv + 1);
        int status = 0;
        if (pid < 0 || waitpid(pid, &status, 0) != pid)
            return -1;
        return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
    }
    if (strcmp(cmd, "wait-scheme") == 0 && (argc == 2 || argc == 3))
        return wait_scheme(argv[1], argc == 3 ? atoi(argv[2]) : 10);
    if (strcmp(cmd, "run-dir") == 0 && argc == 2)
        return run_dir(argv[1]);
    if (strcmp(cmd, "cat") == 0 && argc == 2)
        return cat(argv[1]);
    if (strcmp(cmd, "append") == 0 && argc >= 3)
        return append(argv[1], argv + 2);
    printf("init: %s: unknown command or wrong arguments: %s\n", where, cmd);
    return -1;
}

static int run_script(const char *path)
{
    long error;
    char *script = read_whole(path, MAX_SCRIPT, &error);
    if (!script) {
        printf("init: cannot read %s (error %ld)\n", path, -error);
        return -1;
    }
    printf("init: running %s\n", path);
    int status = 0;
    unsigned number = 0;
    for (char *line = script; *line;) {
        size_t len = strcspn(line, "\n");
        char *next = line + len + (line[len] != '\0');
        line[len] = '\0';
        number++;
        char *argv[MAX_ARGS + 1];
        int argc = 0;
        char *cursor;
        for (char *word = strtok_r(line, " \t", &cursor); word && word[0] != '#' && argc < MAX_ARGS;
             word = strtok_r(NULL, " \t", &cursor))
            argv[argc++] = word;
        argv[argc] = NULL;
        char where[600];
        snprintf(where, sizeof where, "%s:%u", path, number);
        /* a leading '-' (as in make) tolerates the command's failure */
        int tolerate = argc > 0 && argv[0][0] == '-';
        if (tolerate)
            argv[0]++;
        if (argc > 0 && run_command(argv, argc, where) != 0 && !tolerate) {
            printf("init: %s: %s failed\n", where, argv[0]);
            status = -1;
        }
        fflush(stdout);
        line = next;
    }
    free(script);
    return status;
}

int main(int argc, char **argv)
{
    printf("init: hello from user space, pid %d\n", (int)getpid());
    int status = run_script(argc > 1 ? argv[1] : "initfs:etc/init.rc");
    printf("init: startup %s\n", status == 0 ? "complete" : "finished with errors");
    fflush(stdout);
    /* Process 1 stays: it adopts nothing yet (the kernel reaps orphans) but its children
     * are the system's daemons. */
    for (;;) {
        int child_status;
        pid_t pid = waitpid(-1, &child_status, 0);
        if (pid < 0) {
            struct timespec second = {.tv_sec = 1, .tv_nsec = 0};
            nanosleep(&second, NULL);
        } else if (!WIFEXITED(child_status) || WEXITSTATUS(child_status) != 0) {
            printf("init: process %d ended with status 0x%x\n", (int)pid, child_status);
            fflush(stdout);
        }
    }
}
