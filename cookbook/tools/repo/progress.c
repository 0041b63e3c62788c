/* Live progress and the closing summary of fetch and cook. */
#include "progress.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "base/strbuf.h"

enum { LOG_TAIL_LINES = 20 };

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void repo_progress_init(repo_progress *p, FILE *out) {
    memset(p, 0, sizeof *p);
    p->out = out;
    p->tty = isatty(fileno(out)) && getenv("TERM") && strcmp(getenv("TERM"), "dumb") != 0;
}

static size_t terminal_width(const repo_progress *p) {
    struct winsize ws;
    if (ioctl(fileno(p->out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
        return ws.ws_col;
    return 80;
}

static void clear_line(repo_progress *p) {
    if (p->line_shown) {
        fputs("\r\033[K", p->out);
        p->line_shown = false;
    }
}

static void draw(repo_progress *p) {
    mh_strbuf sb = MH_STRBUF_INIT;
    if (p->total_builds)
        mh_strbuf_printf(&sb, "[%zu/%zu]", p->finished_builds, p->total_builds);
    for (int kind = COOK_TASK_BUILD; kind >= COOK_TASK_FETCH; kind--) {
        bool first = true;
        for (size_t i = 0; i < p->running_count; i++) {
            const repo_progress_task *t = &p->running[i];
            if ((int)t->kind != kind)
                continue;
            mh_strbuf_printf(&sb, "%s%s%s", first ? (sb.len ? "  " : "") : ", ",
                             first ? (kind == COOK_TASK_BUILD ? "building " : "fetching ") : "",
                             t->label);
            if (t->total)
                mh_strbuf_printf(&sb, " %llu%%", t->done * 100 / t->total);
            else if (t->done)
                mh_strbuf_printf(&sb, " %.1f MB", (double)t->done / 1e6);
            first = false;
        }
    }
    size_t width = terminal_width(p) - 1;
    if (sb.len > width)
        mh_strbuf_truncate(&sb, width);
    clear_line(p);
    fputs(mh_strbuf_str(&sb), p->out);
    fflush(p->out);
    p->line_shown = sb.len > 0;
    p->last_draw = now_seconds();
    mh_strbuf_free(&sb);
}

static const char *verb(cook_task_kind kind) {
    return kind == COOK_TASK_FETCH ? "fetch" : "cook";
}

static void remove_running(repo_progress *p, const char *label, cook_task_kind kind) {
    for (size_t i = 0; i < p->running_count; i++) {
        if (p->running[i].kind != kind || strcmp(p->running[i].label, label) != 0)
            continue;
        free(p->running[i].label);
        p->running[i] = p->running[--p->running_count];
        return;
    }
}

static void print_finished(repo_progress *p, const cook_event *e) {
    char text[MH_ERROR_PATH_MAX + MH_ERROR_MESSAGE_MAX + 64] = "";
    if (e->error)
        mh_error_format(e->error, text, sizeof text);
    switch (e->outcome) {
    case COOK_DONE:
        fprintf(p->out, "%s %s: done (%.1f s)\n", verb(e->kind), e->label, e->seconds);
        break;
    case COOK_FAILED:
        fprintf(p->out, "%s %s: FAILED: %s\n", verb(e->kind), e->label, text);
        break;
    case COOK_SKIPPED:
        fprintf(p->out, "%s %s: skipped: %s\n", verb(e->kind), e->label, text);
        break;
    default:
        break;
    }
}

void repo_progress_event(void *ctx, const cook_event *e) {
    repo_progress *p = ctx;
    p->finished_builds = e->finished_builds;
    p->total_builds = e->total_builds;
    if (e->type == COOK_EVENT_START) {
        p->running = mh_xrealloc(p->running, (p->running_count + 1) * sizeof *p->running);
        p->running[p->running_count++] = (repo_progress_task){mh_xstrdup(e->label), e->kind, 0, 0};
        if (!p->tty)
            fprintf(p->out, "%s %s\n", verb(e->kind), e->label);
    } else if (e->type == COOK_EVENT_PROGRESS) {
        for (size_t i = 0; i < p->running_count; i++) {
            if (p->running[i].kind == e->kind && strcmp(p->running[i].label, e->label) == 0) {
                p->running[i].done = e->done;
                p->running[i].total = e->total;
            }
        }
        if (!p->tty || now_seconds() - p->last_draw < 0.1)
            return;
    } else {
        remove_running(p, e->label, e->kind);
        clear_line(p);
        print_finished(p, e);
    }
    if (p->tty)
        draw(p);
    else
        fflush(p->out);
}

void repo_progress_end(repo_progress *p) {
    clear_line(p);
    for (size_t i = 0; i < p->running_count; i++)
        free(p->running[i].label);
    free(p->running);
    fflush(p->out);
    memset(p, 0, sizeof *p);
}

/* Prints the last lines of a log file. */
static void print_tail(FILE *out, const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(out, "    (no log at %s)\n", path);
        return;
    }
    char *lines[LOG_TAIL_LINES] = {0};
    size_t next = 0, total = 0;
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0) {
        free(lines[next]);
        lines[next] = line;
        line = NULL;
        cap = 0;
        next = (next + 1) % LOG_TAIL_LINES;
        total++;
    }
    free(line);
    fclose(f);
    fprintf(out, "--- last %zu lines of %s:\n", total < LOG_TAIL_LINES ? total : (size_t)LOG_TAIL_LINES,
            path);
    for (size_t i = 0; i < LOG_TAIL_LINES; i++) {
        char *l = lines[(next + i) % LOG_TAIL_LINES];
        if (l) {
            fputs("    ", out);
            fputs(l, out);
            if (l[strlen(l) - 1] != '\n')
                fputc('\n', out);
        }
        free(l);
    }
}

int repo_print_summary(FILE *out, const char *command, const cook_run_result *r,
                       double seconds) {
    size_t built = r->counts[COOK_DONE][COOK_TASK_BUILD];
    size_t cached = r->counts[COOK_CACHED][COOK_TASK_BUILD];
    size_t fetched = r->counts[COOK_DONE][COOK_TASK_FETCH];
    size_t failed = r->counts[COOK_FAILED][0] + r->counts[COOK_FAILED][1];
    size_t skipped = r->counts[COOK_SKIPPED][0] + r->counts[COOK_SKIPPED][1];
    size_t not_started = r->counts[COOK_NOT_STARTED][0] + r->counts[COOK_NOT_STARTED][1];
    if (strcmp(command, "fetch") == 0)
        fprintf(out, "repo fetch: %zu fetched, %zu up to date", fetched,
                r->counts[COOK_CACHED][COOK_TASK_FETCH]);
    else
        fprintf(out, "repo %s: %zu cooked, %zu up to date, %zu fetched", command, built, cached,
                fetched);
    if (failed)
        fprintf(out, ", %zu FAILED", failed);
    if (skipped)
        fprintf(out, ", %zu skipped", skipped);
    if (not_started)
        fprintf(out, ", %zu not started", not_started);
    fprintf(out, " (%.2f s)%s\n", seconds, r->interrupted ? " -- interrupted" : "");
    for (size_t i = 0; i < r->count; i++) {
        const cook_task_report *t = &r->reports[i];
        if (t->outcome != COOK_FAILED)
            continue;
        char text[MH_ERROR_PATH_MAX + MH_ERROR_MESSAGE_MAX + 64];
        mh_error_format(&t->error, text, sizeof text);
        fprintf(out, "\n=== %s %s FAILED: %s\n", verb(t->kind), t->label, text);
        if (t->log)
            print_tail(out, t->log);
    }
    if (skipped) {
        fprintf(out, "\nskipped:");
        for (size_t i = 0; i < r->count; i++)
            if (r->reports[i].outcome == COOK_SKIPPED)
                fprintf(out, " %s", r->reports[i].label);
        fprintf(out, "\n");
    }
    if (not_started) {
        fprintf(out, "not started (stopped after a failure; --keep-going goes on):");
        for (size_t i = 0; i < r->count; i++)
            if (r->reports[i].outcome == COOK_NOT_STARTED)
                fprintf(out, " %s", r->reports[i].label);
        fprintf(out, "\n");
    }
    fflush(out);
    if (r->interrupted)
        return 130;
    return failed || skipped || not_started ? 1 : 0;
}
