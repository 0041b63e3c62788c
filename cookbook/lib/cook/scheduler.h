/* Running a plan: fetches and builds in parallel, dependencies first (spec §2, issue 5.3-5.4).
 *
 * Each fetch or build that has work to do runs in a child process of its own, in a session of
 * its own, so a crash or a kill affects that task only. Its output goes to a pseudo-terminal
 * (output_channel.h), so the tools it runs colour their output and draw progress as for a
 * user; the scheduler reads it and writes it, as plain text (log_filter.h), to the task's log:
 * build/logs/<triple>/<name>.log for builds, build/logs/fetch/<name>.log for fetches.
 * Deciding that there is nothing to do happens here, without a child: a source whose record
 * matches its recipe, a build whose input hash matches its stamp.
 *
 * Builds share one job budget with everything they run (see jobserver.h); fetches run beside
 * them, up to four at a time. A failure stops what depends on it; without keep_going no new
 * task starts after it and the running ones finish. SIGINT, SIGTERM and SIGHUP are passed on to
 * the running tasks, nothing new starts, and nothing is published. Packages of target builds
 * are published to <cookbook>/repo/<target>/ at the end. */
#ifndef MH_COOK_SCHEDULER_H
#define MH_COOK_SCHEDULER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "cook/config.h"
#include "cook/plan.h"

typedef enum cook_task_kind { COOK_TASK_FETCH, COOK_TASK_BUILD } cook_task_kind;

typedef enum cook_outcome {
    COOK_PENDING,
    COOK_RUNNING,
    COOK_DONE,        /* the work was done */
    COOK_CACHED,      /* nothing to do: up to date */
    COOK_FAILED,
    COOK_SKIPPED,     /* something it needs failed */
    COOK_NOT_STARTED, /* stopped before its turn (a failure without keep_going, or a signal) */
} cook_outcome;

typedef enum cook_event_type {
    COOK_EVENT_START,
    COOK_EVENT_PROGRESS, /* download bytes */
    COOK_EVENT_FINISH,
} cook_event_type;

typedef struct cook_event {
    cook_event_type type;
    cook_task_kind kind;
    const char *label;
    cook_outcome outcome;   /* FINISH */
    uint64_t done, total;   /* PROGRESS (total 0 = unknown) */
    double seconds;         /* FINISH of a task that ran */
    const mh_error *error;  /* FINISH of a failed or skipped task */
    size_t running_fetches, running_builds;
    size_t finished_builds, total_builds;
} cook_event;

typedef void (*cook_event_fn)(void *ctx, const cook_event *event);

typedef struct cook_run_options {
    const cook_plan *plan;
    const char *root;
    const char *target;
    const char *host_target;
    const cook_config *config;
    bool offline;
    bool allow_unverified;
    bool fetch_only;          /* `repo fetch`: no builds, every git branch is checked */
    bool keep_going;
    long jobs;                /* the job budget when repo is not under make */
    bool jobs_given;          /* -j was given: also cap parallel builds at jobs */
    unsigned retry_delay_ms;
    cook_event_fn on_event;
    void *event_ctx;
} cook_run_options;

typedef struct cook_task_report {
    cook_task_kind kind;
    char *label;
    cook_outcome outcome;
    mh_error error;           /* FAILED, SKIPPED */
    char *log;                /* the task's log (tasks that ran) */
    double seconds;
} cook_task_report;

typedef struct cook_run_result {
    cook_task_report *reports; /* every task, fetches first */
    size_t count;
    size_t counts[COOK_NOT_STARTED + 1][2]; /* [outcome][kind] */
    bool interrupted;
    char warning[512];         /* about the jobserver, "" when none */
} cook_run_result;

/* Runs the plan. Returns -1 only for a problem of the cook itself (no key, no pipes); task
 * failures are in the result. */
int cook_run_plan(const cook_run_options *options, cook_run_result *result, mh_error *err);
void cook_run_result_free(cook_run_result *result);

#endif
