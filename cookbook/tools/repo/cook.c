/* repo fetch, repo cook. */
#include "cook.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "base/files.h"
#include "base/strbuf.h"

#include "cook/plan.h"
#include "cook/scheduler.h"
#include "progress.h"

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int repo_load_config(mh_cookbook *cb, cook_config *config) {
    mh_error err;
    mh_error_clear(&err);
    if (cook_config_load(cb->root, config, &err) != 0) {
        repo_print_error(&err);
        return -1;
    }
    for (size_t i = 0; i < config->warning_count; i++)
        repo_print_warning(&config->warnings[i]);
    return 0;
}

/* Two cooks of one cookbook at once would build the same recipes in the same directories:
 * the second waits for the first (<cookbook>/build/repo.lock). Returns the locked descriptor,
 * or -1 after printing why. */
static int lock_cookbook(const mh_cookbook *cb) {
    char *dir = mh_path_join(cb->root, "build");
    char *path = mh_path_join(dir, "repo.lock");
    mh_error err;
    mh_error_clear(&err);
    int fd = mh_mkdir_p(dir, &err) == 0 ? open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644) : -1;
    if (fd < 0) {
        if (!err.set)
            mh_error_errno(&err, path, errno, "cannot open the cookbook lock");
        repo_print_error(&err);
    } else if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        fprintf(stderr, "repo: waiting for another repo working in %s\n", cb->root);
        while (flock(fd, LOCK_EX) != 0 && errno == EINTR) {
        }
    }
    free(dir);
    free(path);
    return fd;
}

int repo_run(mh_cookbook *cb, const repo_options *o, const cook_config *config,
             const repo_selection *selection, const char *command, bool fetch_only) {
    double start = now_seconds();
    int lock = lock_cookbook(cb);
    if (lock < 0)
        return 1;
    char *host = repo_host_target();
    cook_plan_options plan_options = {repo_target(o), host, o->with_package_deps};
    cook_plan plan;
    cook_plan_make(cb, selection->roots, selection->count, &plan_options, &plan);
    int status = 0;
    if (fetch_only) {
        /* Builds report broken recipes; a fetch reports them here. */
        for (size_t i = 0; i < plan.walk.problem_count; i++) {
            repo_print_error(&plan.walk.problems[i].error);
            status = 1;
        }
    }
    long jobs = o->jobs ? o->jobs : config->jobs;
    if (!jobs)
        jobs = sysconf(_SC_NPROCESSORS_ONLN) > 0 ? sysconf(_SC_NPROCESSORS_ONLN) : 1;
    const char *delay = getenv("REPO_RETRY_DELAY_MS");
    repo_progress progress;
    repo_progress_init(&progress, stdout);
    cook_run_options run = {
        .plan = &plan, .root = cb->root, .target = repo_target(o), .host_target = host,
        .config = config, .offline = o->offline || config->offline,
        .allow_unverified = o->allow_unverified, .fetch_only = fetch_only,
        .keep_going = o->keep_going || config->nonstop, .jobs = jobs, .jobs_given = o->jobs > 0,
        .retry_delay_ms = delay ? (unsigned)strtoul(delay, NULL, 10) : 1000,
        .on_event = repo_progress_event, .event_ctx = &progress,
    };
    cook_run_result result;
    mh_error err;
    mh_error_clear(&err);
    int rc = cook_run_plan(&run, &result, &err);
    repo_progress_end(&progress);
    if (rc != 0) {
        repo_print_error(&err);
        status = 1;
    }
    if (result.warning[0])
        fprintf(stderr, "repo: warning: %s\n", result.warning);
    int summary = repo_print_summary(stdout, command, &result, now_seconds() - start);
    if (summary)
        status = summary;
    cook_run_result_free(&result);
    cook_plan_free(&plan);
    free(host);
    close(lock);
    return status;
}

static int fetch_or_cook(mh_cookbook *cb, const repo_options *o, const char *command,
                         bool fetch_only) {
    repo_selection selection;
    int rc = repo_select(cb, o, command, &selection);
    if (rc != 0) {
        repo_selection_free(&selection);
        return rc == 2 ? 2 : 1;
    }
    cook_config config;
    int status = 1;
    if (repo_load_config(cb, &config) == 0) {
        status = repo_run(cb, o, &config, &selection, command, fetch_only);
        cook_config_free(&config);
    }
    repo_selection_free(&selection);
    return status;
}

int repo_fetch(mh_cookbook *cb, const repo_options *options) {
    return fetch_or_cook(cb, options, "fetch", true);
}

int repo_cook(mh_cookbook *cb, const repo_options *options) {
    return fetch_or_cook(cb, options, "cook", false);
}
