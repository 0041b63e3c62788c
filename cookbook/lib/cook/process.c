#include "cook/process.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static size_t key_length(const char *var) {
    const char *eq = strchr(var, '=');
    return eq ? (size_t)(eq - var) : strlen(var);
}

static long find_key(const cook_env *env, const char *key) {
    size_t len = strlen(key);
    for (size_t i = 0; i < env->count; i++)
        if (key_length(env->vars[i]) == len && memcmp(env->vars[i], key, len) == 0)
            return (long)i;
    return -1;
}

static void push_var(cook_env *env, char *var) {
    if (env->count + 2 > env->cap) {
        env->cap = env->cap ? env->cap * 2 : 64;
        env->vars = mh_xrealloc(env->vars, env->cap * sizeof *env->vars);
    }
    env->vars[env->count++] = var;
    env->vars[env->count] = NULL;
}

void cook_env_from_environ(cook_env *env) {
    memset(env, 0, sizeof *env);
    env->cap = 64;
    env->vars = mh_xcalloc(env->cap, sizeof *env->vars); /* always NULL-terminated */
    for (char **e = environ; *e; e++)
        push_var(env, mh_xstrdup(*e));
}

void cook_env_set(cook_env *env, const char *key, const char *value) {
    char *var = mh_xasprintf("%s=%s", key, value);
    long at = find_key(env, key);
    if (at >= 0) {
        free(env->vars[at]);
        env->vars[at] = var;
    } else {
        push_var(env, var);
    }
}

void cook_env_setf(cook_env *env, const char *key, const char *fmt, ...) {
    mh_strbuf sb = MH_STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    mh_strbuf_vprintf(&sb, fmt, ap);
    va_end(ap);
    cook_env_set(env, key, mh_strbuf_str(&sb));
    mh_strbuf_free(&sb);
}

void cook_env_unset(cook_env *env, const char *key) {
    long at = find_key(env, key);
    if (at < 0)
        return;
    free(env->vars[at]);
    memmove(&env->vars[at], &env->vars[at + 1], (env->count - (size_t)at) * sizeof *env->vars);
    env->count--;
}

const char *cook_env_get(const cook_env *env, const char *key) {
    long at = find_key(env, key);
    return at >= 0 ? env->vars[at] + strlen(key) + 1 : NULL;
}

void cook_env_free(cook_env *env) {
    for (size_t i = 0; i < env->count; i++)
        free(env->vars[i]);
    free(env->vars);
    memset(env, 0, sizeof *env);
}

char *cook_command_text(const char *const *argv) {
    mh_strbuf sb = MH_STRBUF_INIT;
    for (size_t i = 0; argv[i]; i++) {
        if (i)
            mh_strbuf_putc(&sb, ' ');
        mh_strbuf_puts(&sb, argv[i]);
    }
    return mh_strbuf_detach(&sb);
}

void cook_log(int fd, const char *fmt, ...) {
    if (fd < 0)
        return;
    mh_strbuf sb = MH_STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    mh_strbuf_vprintf(&sb, fmt, ap);
    va_end(ap);
    const char *p = mh_strbuf_str(&sb);
    size_t left = sb.len;
    while (left) {
        ssize_t n = write(fd, p, left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        p += n;
        left -= (size_t)n;
    }
    mh_strbuf_free(&sb);
}

/* In the child: exec argv[0], searching the PATH of the child's environment. */
static void exec_program(const char *const *argv, char *const *envp) {
    const char *name = argv[0];
    if (strchr(name, '/')) {
        execve(name, (char *const *)argv, envp);
        return;
    }
    const char *path = NULL;
    for (char *const *e = envp; *e; e++)
        if (strncmp(*e, "PATH=", 5) == 0)
            path = *e + 5;
    if (!path)
        path = "/usr/local/bin:/usr/bin:/bin";
    char candidate[4096];
    int saved = ENOENT;
    while (*path) {
        const char *colon = strchr(path, ':');
        size_t len = colon ? (size_t)(colon - path) : strlen(path);
        int n = len ? snprintf(candidate, sizeof candidate, "%.*s/%s", (int)len, path, name)
                    : snprintf(candidate, sizeof candidate, "%s", name);
        if (n > 0 && (size_t)n < sizeof candidate) {
            execve(candidate, (char *const *)argv, envp);
            if (errno != ENOENT && errno != ENOTDIR)
                saved = errno;
        }
        path += len + (colon != NULL);
    }
    errno = saved;
}

static void child_setup(const cook_spawn *s, char *const *envp) {
    static const int SIGNALS[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD, SIGTTOU};
    for (size_t i = 0; i < sizeof SIGNALS / sizeof SIGNALS[0]; i++)
        signal(SIGNALS[i], SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    if (s->new_process_group)
        setpgid(0, 0);
    int null_fd = open("/dev/null", O_RDWR);
    int in = s->stdin_fd >= 0 ? s->stdin_fd : null_fd;
    int out = s->stdout_fd >= 0 ? s->stdout_fd : null_fd;
    int errfd = s->stderr_fd >= 0 ? s->stderr_fd : out;
    /* dup2 clears close-on-exec on the copies. */
    if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(errfd, 2) < 0)
        _exit(127);
    for (size_t i = 0; i < s->keep_count; i++) {
        int flags = fcntl(s->keep_fds[i], F_GETFD);
        if (flags >= 0)
            fcntl(s->keep_fds[i], F_SETFD, flags & ~FD_CLOEXEC);
    }
    if (s->cwd && chdir(s->cwd) != 0) {
        dprintf(2, "cannot change directory to %s: %s\n", s->cwd, strerror(errno));
        _exit(127);
    }
    exec_program(s->argv, envp);
    dprintf(2, "cannot run %s: %s\n", s->argv[0], strerror(errno));
    _exit(127);
}

int cook_spawn_start(const cook_spawn *s, int *pid_out, mh_error *err) {
    char *const *envp = s->env ? s->env->vars : environ;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return mh_error_errno(err, NULL, errno, "cannot start %s", s->argv[0]);
    if (pid == 0)
        child_setup(s, envp);
    if (s->new_process_group)
        setpgid(pid, pid); /* also in the parent, so the group exists before anyone signals it */
    *pid_out = pid;
    return 0;
}

int cook_spawn_wait(int pid, int *status, mh_error *err) {
    int ws;
    while (waitpid(pid, &ws, 0) < 0) {
        if (errno != EINTR)
            return mh_error_errno(err, NULL, errno, "cannot wait for process %d", pid);
    }
    *status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
    return 0;
}

int cook_run(const cook_spawn *spawn, int *status, mh_error *err) {
    int pid;
    if (cook_spawn_start(spawn, &pid, err) != 0)
        return -1;
    return cook_spawn_wait(pid, status, err);
}

static int status_error(const char *const *argv, const char *cwd, int status, mh_error *err) {
    char *text = cook_command_text(argv);
    if (status == 127)
        mh_error_set(err, cwd, 0, 0, "`%s` could not be run (is %s installed?)", text, argv[0]);
    else if (status > 128)
        mh_error_set(err, cwd, 0, 0, "`%s` was killed by signal %d", text, status - 128);
    else
        mh_error_set(err, cwd, 0, 0, "`%s` failed with exit status %d", text, status);
    free(text);
    return -1;
}

int cook_run_checked(const char *const *argv, const char *cwd, const cook_env *env, int log_fd,
                     mh_error *err) {
    cook_spawn s = {.argv = argv, .env = env, .cwd = cwd, .stdin_fd = -1, .stdout_fd = log_fd,
                    .stderr_fd = -1};
    int status;
    if (cook_run(&s, &status, err) != 0)
        return -1;
    return status == 0 ? 0 : status_error(argv, cwd, status, err);
}

int cook_run_capture(const char *const *argv, const char *cwd, const cook_env *env, int log_fd,
                     mh_strbuf *out, mh_error *err) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        return mh_error_errno(err, NULL, errno, "cannot create a pipe");
    cook_spawn s = {.argv = argv, .env = env, .cwd = cwd, .stdin_fd = -1, .stdout_fd = fds[1],
                    .stderr_fd = log_fd >= 0 ? log_fd : -1};
    int null_err = -1;
    if (log_fd < 0) {
        null_err = open("/dev/null", O_WRONLY | O_CLOEXEC);
        s.stderr_fd = null_err;
    }
    int pid;
    int rc = cook_spawn_start(&s, &pid, err);
    close(fds[1]);
    if (null_err >= 0)
        close(null_err);
    if (rc != 0) {
        close(fds[0]);
        return -1;
    }
    char buf[4096];
    for (;;) {
        ssize_t n = read(fds[0], buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        mh_strbuf_append(out, buf, (size_t)n);
    }
    close(fds[0]);
    int status;
    if (cook_spawn_wait(pid, &status, err) != 0)
        return -1;
    return status == 0 ? 0 : status_error(argv, cwd, status, err);
}
