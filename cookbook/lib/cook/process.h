/* Running other programs (git, patch, bash) for the cook: an environment list to build up, and
 * spawn-and-wait with the child's output sent to a log file descriptor. */
#ifndef MH_COOK_PROCESS_H
#define MH_COOK_PROCESS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"
#include "base/strbuf.h"

/* An environment as "KEY=VALUE" strings, NULL-terminated, with set/unset by key. */
typedef struct cook_env {
    char **vars;
    size_t count, cap;
} cook_env;

/* A copy of this process's environment. */
void cook_env_from_environ(cook_env *env);
void cook_env_set(cook_env *env, const char *key, const char *value);
void cook_env_setf(cook_env *env, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void cook_env_unset(cook_env *env, const char *key);
/* The value of key, or NULL. */
const char *cook_env_get(const cook_env *env, const char *key);
void cook_env_free(cook_env *env);

typedef struct cook_spawn {
    const char *const *argv;  /* argv[0] is looked up in PATH (of env when given) */
    const cook_env *env;      /* NULL: this process's environment */
    const char *cwd;          /* NULL: this process's */
    int stdin_fd;             /* -1: /dev/null */
    int stdout_fd;            /* -1: /dev/null */
    int stderr_fd;            /* -1: same as stdout */
    const int *keep_fds;      /* descriptors the child inherits as they are (jobserver) */
    size_t keep_count;
    bool new_process_group;   /* so the whole tree can be signalled at once */
} cook_spawn;

/* Starts the child; *pid receives its id. */
int cook_spawn_start(const cook_spawn *spawn, int *pid, mh_error *err);
/* Waits for pid; *status is the exit code, or 128 + signal number when killed. */
int cook_spawn_wait(int pid, int *status, mh_error *err);

/* Start + wait. Returns -1 only when the program could not be run at all; a non-zero exit is
 * reported through *status. */
int cook_run(const cook_spawn *spawn, int *status, mh_error *err);

/* Runs argv in cwd with stdout captured into out (stderr to log_fd, or /dev/null when -1). A
 * non-zero exit is an error naming the command; the captured text's trailing newline is kept. */
int cook_run_capture(const char *const *argv, const char *cwd, const cook_env *env, int log_fd,
                     mh_strbuf *out, mh_error *err);

/* Runs argv and requires exit status 0 (output to log_fd); the error names the command. */
int cook_run_checked(const char *const *argv, const char *cwd, const cook_env *env, int log_fd,
                     mh_error *err);

/* "git clone -q URL DIR": argv joined with spaces, for messages. The caller frees. */
char *cook_command_text(const char *const *argv);

/* Writes all of text to fd (a log), ignoring errors: logs are best effort. */
void cook_log(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
