/* What `repo fetch/cook` shows while it works. On a terminal: a status line redrawn in place
 * ("[12/40] building a, b | fetching c 45%") above which finished work is listed; otherwise
 * plain lines as tasks start and end. Up-to-date work is not listed (a no-op prints only the
 * summary). Then the summary: counts, and each failure with the last lines of its log. */
#ifndef MH_REPO_PROGRESS_H
#define MH_REPO_PROGRESS_H

#include <stdbool.h>
#include <stdio.h>

#include "cook/scheduler.h"

typedef struct repo_progress_task {
    char *label;
    cook_task_kind kind;
    unsigned long long done, total;
} repo_progress_task;

typedef struct repo_progress {
    FILE *out;
    bool tty;
    bool line_shown;          /* a status line is on screen */
    repo_progress_task *running;
    size_t running_count;
    size_t finished_builds, total_builds;
    double last_draw;
} repo_progress;

void repo_progress_init(repo_progress *p, FILE *out);
/* A cook_event_fn. */
void repo_progress_event(void *ctx, const cook_event *event);
/* Clears the status line and frees. */
void repo_progress_end(repo_progress *p);

/* Prints the closing summary of a run that took seconds; returns the exit status (0 when
 * everything succeeded, 130 when interrupted, else 1). */
int repo_print_summary(FILE *out, const char *command, const cook_run_result *result,
                       double seconds);

#endif
