#include "base/process.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* The last `lines` lines of text, without the final newlines (for error messages); *tail_len
 * receives the length. */
static const char *tail_lines(const char *text, size_t len, int lines, int *tail_len) {
    const char *end = text + len;
    while (end > text && end[-1] == '\n')
        end--;
    const char *p = end;
    *tail_len = 0;
    while (p > text) {
        if (p[-1] == '\n' && --lines == 0)
            break;
        p--;
    }
    *tail_len = (int)(end - p);
    return p;
}

int mh_run(char *const argv[], mh_strbuf *output, mh_error *err) {
    int pipefd[2];
    if (pipe2(pipefd, O_CLOEXEC) != 0)
        return mh_error_errno(err, NULL, errno, "cannot create a pipe to run %s", argv[0]);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, pipefd[1], 1);
    posix_spawn_file_actions_adddup2(&actions, pipefd[1], 2);
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &actions, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(pipefd[1]);
    if (rc != 0) {
        close(pipefd[0]);
        return mh_error_errno(err, NULL, rc, "cannot run %s (is it installed? see scripts/bootstrap.sh)",
                              argv[0]);
    }
    mh_strbuf captured = MH_STRBUF_INIT;
    char buf[4096];
    for (;;) {
        ssize_t n = read(pipefd[0], buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        mh_strbuf_append(&captured, buf, (size_t)n);
    }
    close(pipefd[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    int ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (!ok) {
        const char *text = mh_strbuf_str(&captured);
        int tail_len;
        const char *tail = tail_lines(text, captured.len, 5, &tail_len);
        if (WIFEXITED(status))
            mh_error_set(err, NULL, 0, 0, "%s failed (exit status %d): %.*s", argv[0],
                         WEXITSTATUS(status), tail_len ? tail_len : 11,
                         tail_len ? tail : "(no output)");
        else
            mh_error_set(err, NULL, 0, 0, "%s was killed by signal %d (%s)", argv[0],
                         WTERMSIG(status), strsignal(WTERMSIG(status)));
    }
    if (output)
        mh_strbuf_append(output, mh_strbuf_str(&captured), captured.len);
    mh_strbuf_free(&captured);
    return ok ? 0 : -1;
}
