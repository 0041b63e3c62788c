#include "cook/jobserver.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/strbuf.h"

/* The value of the last --jobserver-auth= (or --jobserver-fds=) option in makeflags. */
static char *auth_value(const char *makeflags) {
    const char *found = NULL;
    size_t found_len = 0;
    static const char *const OPTIONS[] = {"--jobserver-auth=", "--jobserver-fds="};
    for (size_t k = 0; k < 2 && !found; k++) {
        for (const char *p = makeflags; (p = strstr(p, OPTIONS[k]));) {
            p += strlen(OPTIONS[k]);
            found = p;
            found_len = strcspn(p, " ");
        }
    }
    return found ? mh_xstrndup(found, found_len) : NULL;
}

/* A second, non-blocking open of the pipe or fifo behind fd. */
static int reopen_nonblocking(int fd) {
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    return open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
}

static int join(cook_jobserver *js, const char *auth) {
    if (strncmp(auth, "fifo:", 5) == 0) {
        js->read_fd = open(auth + 5, O_RDWR | O_NONBLOCK | O_CLOEXEC);
        return js->read_fd >= 0 ? 0 : -1;
    }
    int r, w;
    if (sscanf(auth, "%d,%d", &r, &w) != 2 || r < 0 || w < 0)
        return -1;
    if (fcntl(r, F_GETFD) < 0 || fcntl(w, F_GETFD) < 0)
        return -1; /* make did not pass them on */
    js->read_fd = reopen_nonblocking(r);
    if (js->read_fd < 0)
        return -1;
    js->pipe_fds[0] = r;
    js->pipe_fds[1] = w;
    return 0;
}

static int create(cook_jobserver *js, long jobs, mh_error *err) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        return mh_error_errno(err, NULL, errno, "cannot create the jobserver pipe");
    for (long i = 1; i < jobs; i++) {
        if (write(fds[1], "+", 1) != 1) {
            close(fds[0]);
            close(fds[1]);
            return mh_error_errno(err, NULL, errno, "cannot fill the jobserver pipe");
        }
    }
    js->read_fd = reopen_nonblocking(fds[0]);
    if (js->read_fd < 0) {
        close(fds[0]);
        close(fds[1]);
        return mh_error_errno(err, NULL, errno, "cannot open the jobserver pipe");
    }
    js->pipe_fds[0] = fds[0];
    js->pipe_fds[1] = fds[1];
    js->owner = true;
    js->makeflags = mh_xasprintf("-j%ld --jobserver-fds=%d,%d --jobserver-auth=%d,%d", jobs,
                                 fds[0], fds[1], fds[0], fds[1]);
    return 0;
}

int cook_jobserver_open(cook_jobserver *js, const char *makeflags, long jobs, char *warning,
                        size_t warning_size, mh_error *err) {
    memset(js, 0, sizeof *js);
    js->read_fd = js->pipe_fds[0] = js->pipe_fds[1] = -1;
    if (warning_size)
        warning[0] = '\0';
    char *auth = makeflags ? auth_value(makeflags) : NULL;
    if (auth) {
        if (join(js, auth) == 0) {
            js->client = true;
            js->makeflags = mh_xstrdup(makeflags);
            free(auth);
            return 0;
        }
        snprintf(warning, warning_size,
                 "MAKEFLAGS names the jobserver %s but it cannot be used (run repo from make "
                 "with a '+' recipe prefix or $(MAKE) so make passes it on); using a job "
                 "budget of our own", auth);
        js->pipe_fds[0] = js->pipe_fds[1] = -1;
        free(auth);
    }
    return create(js, jobs > 0 ? jobs : 1, err);
}

int cook_jobserver_take(cook_jobserver *js) {
    char token;
    for (;;) {
        ssize_t n = read(js->read_fd, &token, 1);
        if (n == 1) {
            js->held = mh_xrealloc(js->held, js->held_count + 1);
            js->held[js->held_count++] = token;
            return 1;
        }
        if (n < 0 && errno == EINTR)
            continue;
        return 0;
    }
}

void cook_jobserver_give(cook_jobserver *js) {
    if (!js->held_count)
        return;
    char token = js->held[--js->held_count];
    int fd = js->pipe_fds[1] >= 0 ? js->pipe_fds[1] : js->read_fd; /* a fifo is opened O_RDWR */
    while (write(fd, &token, 1) < 0 && errno == EINTR) {
    }
}

void cook_jobserver_close(cook_jobserver *js) {
    while (js->held_count)
        cook_jobserver_give(js);
    if (js->read_fd >= 0)
        close(js->read_fd);
    if (js->owner) {
        close(js->pipe_fds[0]);
        close(js->pipe_fds[1]);
    }
    free(js->held);
    free(js->makeflags);
    memset(js, 0, sizeof *js);
    js->read_fd = js->pipe_fds[0] = js->pipe_fds[1] = -1;
}

size_t cook_jobserver_fds(const cook_jobserver *js, const int **fds) {
    *fds = js->pipe_fds;
    return js->pipe_fds[0] >= 0 ? 2 : 0;
}
