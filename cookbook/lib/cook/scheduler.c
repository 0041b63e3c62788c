#include "cook/scheduler.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/files.h"
#include "base/strbuf.h"
#include "cook/build.h"
#include "cook/download.h"
#include "cook/fetch.h"
#include "cook/inputs.h"
#include "cook/jobserver.h"
#include "cook/log_filter.h"
#include "cook/package.h"
#include "cook/process.h"
#include "cook/publish.h"
#include "cook/output_channel.h"
#include "cook/toolchain.h"

enum {
    FETCH_LIMIT = 4,
    DRAIN_IDLE_MS = 200,   /* after a task ended: how long to wait for more of its output... */
    DRAIN_TOTAL_MS = 2000, /* ...and at most (a daemon it started may keep the terminal open) */
};

typedef struct task {
    cook_task_kind kind;
    size_t index;            /* into the plan's fetches or nodes */
    cook_outcome outcome;
    bool ready;              /* has work to do; waits for a slot */
    int pid;
    int pipe_fd;             /* messages from the child */
    mh_strbuf messages;
    int output_fd;           /* the child's terminal (or pipe), read here; -1 when closed */
    int log_fd;              /* the log, written here through the filter */
    cook_log_filter filter;
    double started;
    double seconds;
    mh_error error;
    char *log;
    char *script;
    bool unchanged;          /* a fetch that found nothing to change */
} task;

typedef struct scheduler {
    const cook_run_options *o;
    const cook_plan *plan;
    task *fetches;
    task *builds;
    cook_source_state *sources;   /* per fetch, once finished */
    char **package_hashes;        /* per node, once finished */
    cook_hex *inputs;             /* per node, once checked */
    cook_inputs input_ctx;
    cook_jobserver js;
    bool js_open;
    pkgar_secret_key sk;
    pkgar_public_key pk;
    char *commit_identifier;
    size_t running_fetches, running_builds, finished_builds;
    bool stopping;
    bool interrupted;
} scheduler;

/* ---- signals ---- */

static int signal_pipe[2] = {-1, -1};
static volatile sig_atomic_t signal_received;

static void on_signal(int sig) {
    int saved = errno;
    signal_received = sig;
    if (signal_pipe[1] >= 0) {
        ssize_t ignored = write(signal_pipe[1], "s", 1);
        (void)ignored;
    }
    errno = saved;
}

static const int HANDLED_SIGNALS[] = {SIGINT, SIGTERM, SIGHUP};
#define HANDLED_COUNT (sizeof HANDLED_SIGNALS / sizeof HANDLED_SIGNALS[0])

static int install_signals(struct sigaction *saved, mh_error *err) {
    if (pipe2(signal_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
        return mh_error_errno(err, NULL, errno, "cannot create a pipe");
    signal_received = 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < HANDLED_COUNT; i++)
        sigaction(HANDLED_SIGNALS[i], &sa, &saved[i]);
    return 0;
}

static void restore_signals(const struct sigaction *saved) {
    for (size_t i = 0; i < HANDLED_COUNT; i++)
        sigaction(HANDLED_SIGNALS[i], &saved[i], NULL);
    close(signal_pipe[0]);
    close(signal_pipe[1]);
    signal_pipe[0] = signal_pipe[1] = -1;
}

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- events ---- */

static const char *task_label(const scheduler *s, const task *t) {
    return t->kind == COOK_TASK_FETCH ? s->plan->fetches[t->index].entry->name
                                      : s->plan->nodes[t->index].label;
}

static void emit(scheduler *s, const task *t, cook_event_type type, uint64_t done,
                 uint64_t total) {
    if (!s->o->on_event)
        return;
    cook_event e = {
        .type = type, .kind = t->kind, .label = task_label(s, t), .outcome = t->outcome,
        .done = done, .total = total, .seconds = t->seconds,
        .error = t->error.set ? &t->error : NULL, .running_fetches = s->running_fetches,
        .running_builds = s->running_builds, .finished_builds = s->finished_builds,
        .total_builds = s->o->fetch_only ? 0 : s->plan->node_count,
    };
    s->o->on_event(s->o->event_ctx, &e);
}

static void finish(scheduler *s, task *t, cook_outcome outcome) {
    t->outcome = outcome;
    t->ready = false;
    if (t->kind == COOK_TASK_BUILD)
        s->finished_builds++;
    if (outcome == COOK_FAILED && !s->o->keep_going)
        s->stopping = true;
    emit(s, t, COOK_EVENT_FINISH, 0, 0);
}

static bool finished_ok(const task *t) {
    return t->outcome == COOK_DONE || t->outcome == COOK_CACHED;
}

static bool finished_bad(const task *t) {
    return t->outcome == COOK_FAILED || t->outcome == COOK_SKIPPED ||
           t->outcome == COOK_NOT_STARTED;
}

/* ---- fetch options ---- */

static void fetch_options(const scheduler *s, size_t f, bool update, cook_fetch_options *fo) {
    const cook_run_options *o = s->o;
    memset(fo, 0, sizeof *fo);
    char *sources = mh_path_join(o->root, "sources");
    *fo = (cook_fetch_options){
        .root = o->root, .sources_dir = sources, .config = o->config, .target = o->target,
        .host_target = o->host_target, .jobs = o->jobs, .offline = o->offline,
        .allow_unverified = o->allow_unverified,
        .update = update && !o->offline && (o->fetch_only || s->plan->fetches[f].named),
        .log_fd = -1, .script_path = s->fetches[f].script, .retry_delay_ms = o->retry_delay_ms,
    };
}

static void free_fetch_options(cook_fetch_options *fo) {
    free((char *)fo->sources_dir);
}

/* ---- children ---- */

typedef struct child_context {
    int fd;
    double last;
} child_context;

static void child_message(int fd, const char *text) {
    size_t len = strlen(text);
    while (len) {
        ssize_t n = write(fd, text, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        text += n;
        len -= (size_t)n;
    }
}

static void child_progress(void *ctx, uint64_t done, uint64_t total) {
    child_context *c = ctx;
    double t = now_seconds();
    if (t - c->last < 0.1 && done != total)
        return;
    c->last = t;
    char line[64];
    snprintf(line, sizeof line, "P %llu %llu\n", (unsigned long long)done,
             (unsigned long long)total);
    child_message(c->fd, line);
}

static int run_fetch_child(scheduler *s, task *t, int msg_fd, mh_error *err) {
    const cook_plan_fetch *f = &s->plan->fetches[t->index];
    cook_fetch_options fo;
    fetch_options(s, t->index, true, &fo);
    child_context ctx = {msg_fd, 0};
    fo.log_fd = 1;
    fo.progress = child_progress;
    fo.progress_ctx = &ctx;
    cook_source_state state;
    int rc = cook_fetch(f->recipe, &fo, &state, err);
    free_fetch_options(&fo);
    if (rc == 0 && !state.changed)
        child_message(msg_fd, "U\n"); /* a tracked branch had not moved */
    return rc;
}

static int run_build_child(scheduler *s, task *t, mh_error *err) {
    const cook_plan_node *n = &s->plan->nodes[t->index];
    const int *fds;
    size_t fd_count = cook_jobserver_fds(&s->js, &fds);
    cook_hex dependencies;
    cook_node_dependencies(&s->input_ctx, s->plan, t->index, s->package_hashes, dependencies);
    cook_build_request q = {
        .plan = s->plan, .index = t->index, .root = s->o->root,
        .host_target = s->o->host_target, .config = s->o->config,
        .source = &s->sources[n->fetch], .inputs = s->inputs[t->index],
        .dependencies = dependencies, .package_hashes = s->package_hashes,
        .commit_identifier = s->commit_identifier, .jobs = s->o->jobs,
        .makeflags = s->js.makeflags, .keep_fds = fds, .keep_count = fd_count, .log_fd = 1,
        .script_path = t->script, .key = &s->sk, .public_key = &s->pk,
    };
    return cook_build(&q, err);
}

static task *task_at(scheduler *s, size_t i) {
    return i < s->plan->fetch_count ? &s->fetches[i] : &s->builds[i - s->plan->fetch_count];
}

static size_t task_count(const scheduler *s) {
    return s->plan->fetch_count + (s->o->fetch_only ? 0 : s->plan->node_count);
}

/* In a child: the descriptors of the other tasks are not its business. */
static void close_task_pipes(scheduler *s) {
    for (size_t i = 0; i < task_count(s); i++) {
        task *t = task_at(s, i);
        int fds[] = {t->pipe_fd, t->output_fd, t->log_fd};
        for (size_t k = 0; k < sizeof fds / sizeof *fds; k++)
            if (fds[k] >= 0)
                close(fds[k]);
    }
}

static void write_all(int fd, const char *data, size_t len) {
    while (len) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return; /* logs are best effort */
        data += n;
        len -= (size_t)n;
    }
}

/* Reads what the task's output has into the log; at its end (end of file, or EIO from a
 * terminal nobody holds any more) the output is closed. */
static void read_output(task *t) {
    char buf[65536];
    ssize_t n = read(t->output_fd, buf, sizeof buf);
    if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return;
    mh_strbuf text = MH_STRBUF_INIT;
    if (n > 0)
        cook_log_filter_feed(&t->filter, buf, (size_t)n, &text);
    else
        cook_log_filter_finish(&t->filter, &text);
    write_all(t->log_fd, text.data ? text.data : "", text.len);
    mh_strbuf_free(&text);
    if (n <= 0) {
        close(t->output_fd);
        t->output_fd = -1;
    }
}

/* After the task's process ended: the rest of its output, then the log is complete. */
static void finish_output(task *t) {
    double start = now_seconds();
    while (t->output_fd >= 0) {
        struct pollfd p = {t->output_fd, POLLIN, 0};
        int left = DRAIN_TOTAL_MS - (int)((now_seconds() - start) * 1000);
        int ready = left > 0 ? poll(&p, 1, left < DRAIN_IDLE_MS ? left : DRAIN_IDLE_MS) : 0;
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0) {
            mh_strbuf text = MH_STRBUF_INIT;
            cook_log_filter_finish(&t->filter, &text);
            write_all(t->log_fd, text.data ? text.data : "", text.len);
            mh_strbuf_free(&text);
            close(t->output_fd);
            t->output_fd = -1;
        } else {
            read_output(t);
        }
    }
    cook_log_filter_free(&t->filter);
    if (t->log_fd >= 0)
        close(t->log_fd);
    t->log_fd = -1;
}

/* Holds no more tokens than the running builds need (one of them runs on repo's own job). */
static void balance_tokens(scheduler *s) {
    while (s->js_open && s->js.held_count + 1 > (s->running_builds ? s->running_builds : 1))
        cook_jobserver_give(&s->js);
}

static int start_task(scheduler *s, task *t) {
    char *dir = mh_xstrdup(t->log);
    *strrchr(dir, '/') = '\0';
    int rc = mh_mkdir_p(dir, &t->error);
    free(dir);
    int log_fd = rc == 0 ? open(t->log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644) : -1;
    int fds[2] = {-1, -1};
    cook_output_channel output = {-1, -1, false};
    if (rc == 0 && log_fd < 0)
        rc = mh_error_errno(&t->error, t->log, errno, "cannot create the log");
    if (rc == 0)
        rc = cook_output_open(&output, &t->error);
    if (rc == 0 && pipe2(fds, O_CLOEXEC) != 0)
        rc = mh_error_errno(&t->error, NULL, errno, "cannot create a pipe");
    if (rc != 0) {
        int opened[] = {log_fd, output.read_fd, output.write_fd};
        for (size_t i = 0; i < sizeof opened / sizeof *opened; i++)
            if (opened[i] >= 0)
                close(opened[i]);
        finish(s, t, COOK_FAILED);
        balance_tokens(s);
        return -1;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        for (size_t i = 0; i < HANDLED_COUNT; i++)
            signal(HANDLED_SIGNALS[i], SIG_DFL);
        /* A session of its own: its process group can be signalled as a whole, and it has no
         * controlling terminal, so nothing it runs can read from or stop on the user's. */
        setsid();
        close(fds[0]);
        close_task_pipes(s);
        close(output.read_fd);
        close(log_fd);
        int null_fd = open("/dev/null", O_RDONLY);
        dup2(null_fd, 0);
        dup2(output.write_fd, 1);
        dup2(output.write_fd, 2);
        /* Its output is a terminal nobody types on: a pager would wait forever. */
        setenv("PAGER", "cat", 1);
        setenv("GIT_PAGER", "cat", 1);
        mh_error err;
        mh_error_clear(&err);
        int status = t->kind == COOK_TASK_FETCH ? run_fetch_child(s, t, fds[1], &err)
                                                : run_build_child(s, t, &err);
        if (status != 0) {
            char text[MH_ERROR_PATH_MAX + MH_ERROR_MESSAGE_MAX + 64];
            mh_error_format(&err, text, sizeof text);
            dprintf(1, "error: %s\n", text);
            for (char *p = text; *p; p++)
                if (*p == '\n')
                    *p = ' ';
            child_message(fds[1], "E ");
            child_message(fds[1], text);
            child_message(fds[1], "\n");
        }
        cook_download_cleanup();
        exit(status == 0 ? 0 : 1);
    }
    close(fds[1]);
    close(output.write_fd);
    if (pid < 0) {
        close(fds[0]);
        close(output.read_fd);
        close(log_fd);
        mh_error_errno(&t->error, NULL, errno, "cannot fork");
        finish(s, t, COOK_FAILED);
        balance_tokens(s);
        return -1;
    }
    t->pid = pid;
    t->pipe_fd = fds[0];
    t->output_fd = output.read_fd;
    t->log_fd = log_fd;
    cook_log_filter_init(&t->filter);
    t->started = now_seconds();
    t->ready = false;
    t->outcome = COOK_RUNNING;
    if (t->kind == COOK_TASK_FETCH)
        s->running_fetches++;
    else
        s->running_builds++;
    emit(s, t, COOK_EVENT_START, 0, 0);
    return 0;
}

/* Handles the complete lines received from a child. */
static void read_messages(scheduler *s, task *t) {
    char *start = t->messages.data;
    for (;;) {
        char *nl = memchr(start, '\n', t->messages.len - (size_t)(start - t->messages.data));
        if (!nl)
            break;
        *nl = '\0';
        unsigned long long done, total;
        if (start[0] == 'P' && sscanf(start, "P %llu %llu", &done, &total) == 2)
            emit(s, t, COOK_EVENT_PROGRESS, done, total);
        else if (start[0] == 'E' && start[1] == ' ')
            mh_error_set(&t->error, NULL, 0, 0, "%s", start + 2);
        else if (start[0] == 'U')
            t->unchanged = true;
        start = nl + 1;
    }
    size_t used = (size_t)(start - t->messages.data);
    memmove(t->messages.data, start, t->messages.len - used);
    mh_strbuf_truncate(&t->messages, t->messages.len - used);
}

static void task_ended(scheduler *s, task *t) {
    close(t->pipe_fd);
    t->pipe_fd = -1;
    finish_output(t);
    int status = 0;
    mh_error ignored;
    cook_spawn_wait(t->pid, &status, &ignored);
    t->pid = 0;
    t->seconds = now_seconds() - t->started;
    mh_strbuf_free(&t->messages);
    if (t->kind == COOK_TASK_FETCH)
        s->running_fetches--;
    else
        s->running_builds--;
    balance_tokens(s);
    if (status != 0 && !t->error.set)
        mh_error_set(&t->error, t->log, 0, 0, "%s",
                     status > 128 ? "killed by a signal" : "failed; see the log");
    if (status == 0 && t->kind == COOK_TASK_FETCH) {
        cook_fetch_options fo;
        fetch_options(s, t->index, false, &fo);
        cook_source_state *state = &s->sources[t->index];
        if (cook_fetch_state(s->plan->fetches[t->index].recipe, &fo, state, &t->error) == 0 &&
            !state->ready)
            mh_error_set(&t->error, t->log, 0, 0, "the fetch left no complete source");
        free_fetch_options(&fo);
        status = t->error.set;
    } else if (status == 0) {
        cook_build_stamp stamp;
        if (cook_build_stamp_read(s->plan->nodes[t->index].target_dir, &stamp) == 0)
            s->package_hashes[t->index] = mh_xstrdup(stamp.package);
        else
            status = mh_error_set(&t->error, t->log, 0, 0, "the build left no stamp");
    }
    finish(s, t, status != 0 ? COOK_FAILED : t->unchanged ? COOK_CACHED : COOK_DONE);
}

/* ---- deciding ---- */

static bool check_fetch(scheduler *s, task *t) {
    const cook_plan_fetch *f = &s->plan->fetches[t->index];
    if (!f->recipe) {
        t->outcome = COOK_SKIPPED; /* the node reports why the recipe does not load */
        return true;
    }
    if (f->same_as >= 0) {
        const task *other = &s->fetches[f->same_as];
        if (finished_bad(other)) {
            mh_error_set(&t->error, f->recipe->file, 0, 0, "the source it is the same as (%s) "
                         "could not be fetched", s->plan->fetches[f->same_as].entry->name);
            finish(s, t, COOK_SKIPPED);
            return true;
        }
        if (!finished_ok(other))
            return false;
    }
    cook_fetch_options fo;
    fetch_options(s, t->index, true, &fo);
    cook_source_state *state = &s->sources[t->index];
    int rc = cook_fetch_state(f->recipe, &fo, state, &t->error);
    free_fetch_options(&fo);
    if (rc != 0)
        finish(s, t, COOK_FAILED);
    else if (state->ready)
        finish(s, t, COOK_CACHED);
    else
        t->ready = true;
    return true;
}

static const char *commit_identifier(scheduler *s) {
    if (!s->commit_identifier) {
        const char *argv[] = {"git", "rev-parse", "HEAD", NULL};
        mh_strbuf out = MH_STRBUF_INIT;
        mh_error ignored;
        char *dotgit = mh_path_join(s->o->root, ".git");
        if (mh_path_exists(dotgit) &&
            cook_run_capture(argv, s->o->root, NULL, -1, &out, &ignored) == 0 && out.len >= 40)
            s->commit_identifier = mh_xstrndup(out.data, 40);
        else
            s->commit_identifier = mh_xstrdup("");
        free(dotgit);
        mh_strbuf_free(&out);
    }
    return s->commit_identifier;
}

static bool check_build(scheduler *s, task *t) {
    const cook_plan_node *n = &s->plan->nodes[t->index];
    if (n->problem) {
        t->error = *n->problem;
        finish(s, t, COOK_FAILED);
        return true;
    }
    const size_t *lists[2] = {n->sysroot, n->toolchain};
    size_t counts[2] = {n->sysroot_count, n->toolchain_count};
    for (int l = 0; l < 2; l++) {
        for (size_t i = 0; i < counts[l]; i++) {
            const task *dep = &s->builds[lists[l][i]];
            if (finished_bad(dep) && dep->outcome != COOK_NOT_STARTED) {
                mh_error_set(&t->error, NULL, 0, 0, "not built: it needs %s, which %s",
                             s->plan->nodes[lists[l][i]].label,
                             dep->outcome == COOK_FAILED ? "failed" : "was not built");
                finish(s, t, COOK_SKIPPED);
                return true;
            }
            if (!finished_ok(dep))
                return false;
        }
    }
    const task *fetch = &s->fetches[n->fetch];
    if (finished_bad(fetch)) {
        mh_error_set(&t->error, NULL, 0, 0, "not built: its source could not be fetched");
        finish(s, t, COOK_SKIPPED);
        return true;
    }
    if (!finished_ok(fetch))
        return false;
    int rc = cook_node_inputs(&s->input_ctx, s->plan, t->index, s->o->root, s->package_hashes,
                              &s->sources[n->fetch], s->inputs[t->index], &t->error);
    if (rc != 0) {
        finish(s, t, COOK_FAILED);
        return true;
    }
    cook_build_stamp stamp;
    if (cook_build_stamp_read(n->target_dir, &stamp) == 0 &&
        strcmp(stamp.inputs, s->inputs[t->index]) == 0) {
        s->package_hashes[t->index] = mh_xstrdup(stamp.package);
        finish(s, t, COOK_CACHED);
    } else {
        commit_identifier(s);
        t->ready = true;
    }
    return true;
}

static bool may_start_build(scheduler *s) {
    if (s->o->jobs_given && s->running_builds >= (size_t)(s->o->jobs > 0 ? s->o->jobs : 1))
        return false;
    if (s->running_builds == 0)
        return true; /* the job repo itself was given */
    return cook_jobserver_take(&s->js) == 1;
}

/* One pass over everything waiting; returns whether anything changed. */
static bool schedule(scheduler *s, bool *waiting_for_token) {
    bool changed = false;
    *waiting_for_token = false;
    size_t builds = s->o->fetch_only ? 0 : s->plan->node_count;
    for (size_t i = 0; i < s->plan->fetch_count && !s->stopping; i++) {
        task *t = &s->fetches[i];
        if (t->outcome == COOK_PENDING && !t->ready)
            changed |= check_fetch(s, t);
        if (t->ready && s->running_fetches < FETCH_LIMIT && !s->stopping) {
            start_task(s, t);
            changed = true;
        }
    }
    for (size_t i = 0; i < builds && !s->stopping; i++) {
        task *t = &s->builds[i];
        if (t->outcome == COOK_PENDING && !t->ready)
            changed |= check_build(s, t);
        if (t->ready && !s->stopping) {
            if (may_start_build(s)) {
                start_task(s, t);
                changed = true;
            } else {
                *waiting_for_token = true;
            }
        }
    }
    return changed;
}

static void forward_signal(scheduler *s, int sig) {
    for (size_t i = 0; i < task_count(s); i++) {
        pid_t pid = task_at(s, i)->pid;
        /* The group exists once the child made its session; before that, the child alone. */
        if (pid > 0 && kill(-pid, sig) != 0 && errno == ESRCH)
            kill(pid, sig);
    }
}

static void wait_for_events(scheduler *s, bool waiting_for_token) {
    size_t cap = 2 * task_count(s) + 2;
    struct pollfd *fds = mh_xcalloc(cap, sizeof *fds);
    task **owners = mh_xcalloc(cap, sizeof *owners);
    bool *is_output = mh_xcalloc(cap, sizeof *is_output);
    size_t n = 0;
    fds[n++] = (struct pollfd){signal_pipe[0], POLLIN, 0};
    if (waiting_for_token && s->js_open)
        fds[n++] = (struct pollfd){s->js.read_fd, POLLIN, 0};
    for (size_t i = 0; i < task_count(s); i++) {
        task *t = task_at(s, i);
        if (t->output_fd >= 0) {
            owners[n] = t;
            is_output[n] = true;
            fds[n++] = (struct pollfd){t->output_fd, POLLIN, 0};
        }
        if (t->pipe_fd >= 0) {
            owners[n] = t;
            fds[n++] = (struct pollfd){t->pipe_fd, POLLIN, 0};
        }
    }
    int ready = poll(fds, n, 1000);
    for (size_t i = 0; ready > 0 && i < n; i++) {
        if (!fds[i].revents || !owners[i])
            continue;
        task *t = owners[i];
        if (is_output[i]) {
            if (t->output_fd >= 0)
                read_output(t);
            continue;
        }
        if (t->pipe_fd < 0)
            continue;
        char buf[4096];
        ssize_t got = read(t->pipe_fd, buf, sizeof buf);
        if (got > 0) {
            mh_strbuf_append(&t->messages, buf, (size_t)got);
            read_messages(s, t);
        } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
            if (t->messages.len) {
                mh_strbuf_putc(&t->messages, '\n');
                read_messages(s, t);
            }
            task_ended(s, t);
        }
    }
    if (fds[0].revents) {
        char drain[64];
        while (read(signal_pipe[0], drain, sizeof drain) > 0) {
        }
    }
    if (signal_received) {
        int sig = signal_received;
        signal_received = 0;
        s->stopping = true;
        s->interrupted = true;
        forward_signal(s, sig);
    }
    free(fds);
    free(owners);
    free(is_output);
}

/* ---- setup, publish, report ---- */

static void init_task(scheduler *s, task *t, cook_task_kind kind, size_t index) {
    memset(t, 0, sizeof *t);
    t->kind = kind;
    t->index = index;
    t->pipe_fd = -1;
    t->output_fd = -1;
    t->log_fd = -1;
    char *logs = mh_xasprintf("%s/build/logs", s->o->root);
    if (kind == COOK_TASK_FETCH) {
        const char *name = s->plan->fetches[index].entry->name;
        t->log = mh_xasprintf("%s/fetch/%s.log", logs, name);
        t->script = mh_xasprintf("%s/fetch/%s.sh", logs, name);
    } else {
        const cook_plan_node *n = &s->plan->nodes[index];
        t->log = mh_xasprintf("%s/%s/%s.log", logs, n->triple, n->node.entry->name);
        t->script = mh_xasprintf("%s/%s/%s.sh", logs, n->triple, n->node.entry->name);
    }
    free(logs);
}

static int publish(scheduler *s, mh_error *err) {
    char *repo = mh_xasprintf("%s/repo/%s", s->o->root, s->o->target);
    pkgar_repo index;
    int rc = cook_publish_open(repo, &index, err);
    for (size_t i = 0; rc == 0 && i < s->plan->node_count; i++) {
        const cook_plan_node *n = &s->plan->nodes[i];
        const task *t = &s->builds[i];
        if (n->node.side != MH_SIDE_TARGET || !n->recipe)
            continue;
        bool changed = false;
        if (finished_ok(t))
            rc = cook_publish_node(repo, n->target_dir, n->recipe, &index, &changed, err);
        else if (t->outcome == COOK_FAILED || t->outcome == COOK_SKIPPED)
            rc = cook_publish_failure(n->recipe, s->sources[n->fetch].identifier, &index, err);
    }
    if (rc == 0)
        rc = cook_publish_close(repo, &index, err);
    pkgar_repo_free(&index);
    free(repo);
    return rc;
}

static void report(scheduler *s, task *t, cook_run_result *result) {
    cook_task_report *r = &result->reports[result->count++];
    r->kind = t->kind;
    r->label = mh_xstrdup(task_label(s, t));
    r->outcome = t->outcome;
    r->error = t->error;
    r->log = t->started > 0 ? mh_xstrdup(t->log) : NULL;
    r->seconds = t->seconds;
    result->counts[t->outcome][t->kind]++;
}

int cook_run_plan(const cook_run_options *o, cook_run_result *result, mh_error *err) {
    memset(result, 0, sizeof *result);
    scheduler s = {0};
    s.o = o;
    s.plan = o->plan;
    size_t builds = o->fetch_only ? 0 : s.plan->node_count;
    if (!o->fetch_only) {
        if (cook_signing_key(o->root, &s.sk, &s.pk, err) != 0)
            return -1;
        if (cook_jobserver_open(&s.js, getenv("MAKEFLAGS"), o->jobs, result->warning,
                                sizeof result->warning, err) != 0) {
            pkgar_secret_key_wipe(&s.sk);
            return -1;
        }
        s.js_open = true;
        s.input_ctx.compressed = o->config->compressed;
        cook_toolchain_identity(o->root, o->target, s.input_ctx.toolchain);
        s.input_ctx.cargo_registry = getenv("COOKBOOK_CARGO_REGISTRY") ? getenv(
            "COOKBOOK_CARGO_REGISTRY") : "/usr/share/cargo/registry";
    }
    struct sigaction saved[HANDLED_COUNT];
    if (install_signals(saved, err) != 0) {
        if (s.js_open)
            cook_jobserver_close(&s.js);
        pkgar_secret_key_wipe(&s.sk);
        return -1;
    }
    s.fetches = mh_xcalloc(s.plan->fetch_count + 1, sizeof *s.fetches);
    s.builds = mh_xcalloc(builds + 1, sizeof *s.builds);
    s.sources = mh_xcalloc(s.plan->fetch_count + 1, sizeof *s.sources);
    s.package_hashes = mh_xcalloc(s.plan->node_count + 1, sizeof *s.package_hashes);
    s.inputs = mh_xcalloc(s.plan->node_count + 1, sizeof *s.inputs);
    for (size_t i = 0; i < s.plan->fetch_count; i++)
        init_task(&s, &s.fetches[i], COOK_TASK_FETCH, i);
    for (size_t i = 0; i < builds; i++)
        init_task(&s, &s.builds[i], COOK_TASK_BUILD, i);

    for (;;) {
        bool waiting_for_token = false;
        while (schedule(&s, &waiting_for_token)) {
        }
        if (!s.running_fetches && !s.running_builds)
            break;
        wait_for_events(&s, waiting_for_token);
    }
    /* What never got its turn. Without a stop, that can only be a wait on itself. */
    for (size_t i = 0; i < s.plan->fetch_count + builds; i++) {
        task *t = i < s.plan->fetch_count ? &s.fetches[i] : &s.builds[i - s.plan->fetch_count];
        if (t->outcome != COOK_PENDING)
            continue;
        if (s.stopping) {
            t->outcome = COOK_NOT_STARTED;
        } else {
            mh_error_set(&t->error, NULL, 0, 0, "not built: it depends on itself");
            finish(&s, t, COOK_FAILED);
        }
    }
    int rc = 0;
    if (!o->fetch_only && !s.interrupted)
        rc = publish(&s, err);
    result->interrupted = s.interrupted;
    result->reports = mh_xcalloc(s.plan->fetch_count + builds + 1, sizeof *result->reports);
    for (size_t i = 0; i < s.plan->fetch_count; i++)
        if (s.plan->fetches[i].recipe)
            report(&s, &s.fetches[i], result);
    for (size_t i = 0; i < builds; i++)
        report(&s, &s.builds[i], result);

    restore_signals(saved);
    if (s.js_open)
        cook_jobserver_close(&s.js);
    pkgar_secret_key_wipe(&s.sk);
    for (size_t i = 0; i < s.plan->fetch_count + builds; i++) {
        task *t = i < s.plan->fetch_count ? &s.fetches[i] : &s.builds[i - s.plan->fetch_count];
        free(t->log);
        free(t->script);
        mh_strbuf_free(&t->messages);
    }
    for (size_t i = 0; i < s.plan->node_count; i++)
        free(s.package_hashes[i]);
    free(s.fetches);
    free(s.builds);
    free(s.sources);
    free(s.package_hashes);
    free(s.inputs);
    free(s.commit_identifier);
    return rc;
}

void cook_run_result_free(cook_run_result *result) {
    for (size_t i = 0; i < result->count; i++) {
        free(result->reports[i].label);
        free(result->reports[i].log);
    }
    free(result->reports);
    memset(result, 0, sizeof *result);
}
