#include "cook/git.h"

#include <stdlib.h>
#include <string.h>

#include "base/files.h"
#include "base/strbuf.h"

void cook_git_init(cook_git *git, bool offline, int log_fd) {
    cook_env_from_environ(&git->env);
    cook_env_set(&git->env, "GIT_TERMINAL_PROMPT", "0");
    cook_env_set(&git->env, "GIT_ASKPASS", "true");
    if (offline)
        cook_env_set(&git->env, "GIT_ALLOW_PROTOCOL", "none-offline");
    git->log_fd = log_fd;
}

void cook_git_free(cook_git *git) {
    cook_env_free(&git->env);
}

bool cook_git_is_clone(const char *dir) {
    char *dotgit = mh_path_join(dir, ".git");
    bool yes = mh_path_exists(dotgit);
    free(dotgit);
    return yes;
}

static int git_run(cook_git *git, const char *dir, const char *const *argv, mh_error *err) {
    char *text = cook_command_text(argv);
    cook_log(git->log_fd, "+ %s\n", text);
    free(text);
    return cook_run_checked(argv, dir, &git->env, git->log_fd, err);
}

int cook_git_clone(cook_git *git, const char *url, const char *dir, const char *branch,
                   bool treeless, mh_error *err) {
    const char *argv[12];
    size_t n = 0;
    argv[n++] = "git";
    argv[n++] = "clone";
    argv[n++] = "--recursive";
    if (branch) {
        argv[n++] = "--branch";
        argv[n++] = branch;
    }
    if (treeless) {
        argv[n++] = "--filter=tree:0";
        argv[n++] = "--also-filter-submodules";
    }
    argv[n++] = "--";
    argv[n++] = url;
    argv[n++] = dir;
    argv[n] = NULL;
    return git_run(git, NULL, argv, err);
}

static bool has_commit(cook_git *git, const char *dir, const char *rev) {
    char *spec = mh_xasprintf("%s^{commit}", rev);
    const char *argv[] = {"git", "rev-parse", "--verify", "--quiet", spec, NULL};
    mh_strbuf out = MH_STRBUF_INIT;
    mh_error ignored;
    bool ok = cook_run_capture(argv, dir, &git->env, -1, &out, &ignored) == 0;
    mh_strbuf_free(&out);
    free(spec);
    return ok;
}

int cook_git_fetch(cook_git *git, const char *dir, const char *rev, mh_error *err) {
    const char *fetch[] = {"git", "fetch", "--tags", "--force", "origin", NULL};
    if (git_run(git, dir, fetch, err) != 0)
        return -1;
    if (rev && !has_commit(git, dir, rev)) {
        const char *fetch_rev[] = {"git", "fetch", "origin", rev, NULL};
        if (git_run(git, dir, fetch_rev, err) != 0)
            return -1;
    }
    return 0;
}

int cook_git_reset(cook_git *git, const char *dir, mh_error *err) {
    const char *reset[] = {"git", "reset", "--hard", "-q", NULL};
    const char *clean[] = {"git", "clean", "-ffdxq", NULL};
    return git_run(git, dir, reset, err) != 0 || git_run(git, dir, clean, err) != 0 ? -1 : 0;
}

/* The name of origin's default branch ("main" for refs/remotes/origin/main). */
static char *default_branch(cook_git *git, const char *dir, mh_error *err) {
    const char *argv[] = {"git", "symbolic-ref", "--short", "refs/remotes/origin/HEAD", NULL};
    mh_strbuf out = MH_STRBUF_INIT;
    if (cook_run_capture(argv, dir, &git->env, git->log_fd, &out, err) != 0) {
        mh_strbuf_free(&out);
        mh_error_prefix(err, "cannot tell the default branch of %s", dir);
        return NULL;
    }
    char *text = mh_strbuf_detach(&out);
    text[strcspn(text, "\r\n")] = '\0';
    const char *slash = strchr(text, '/');
    char *name = mh_xstrdup(slash ? slash + 1 : text);
    free(text);
    return name;
}

int cook_git_checkout(cook_git *git, const char *dir, const char *rev, const char *branch,
                      mh_error *err) {
    if (rev) {
        if (!has_commit(git, dir, rev))
            return mh_error_set(err, dir, 0, 0, "rev \"%s\" is neither a commit nor a tag of the "
                                "repository", rev);
        char *spec = mh_xasprintf("%s^{commit}", rev);
        const char *argv[] = {"git", "checkout", "-q", "--detach", spec, NULL};
        int rc = git_run(git, dir, argv, err);
        free(spec);
        return rc;
    }
    char *name = branch ? mh_xstrdup(branch) : default_branch(git, dir, err);
    if (!name)
        return -1;
    char *remote = mh_xasprintf("refs/remotes/origin/%s", name);
    const char *argv[] = {"git", "checkout", "-q", "-B", name, remote, NULL};
    int rc = git_run(git, dir, argv, err);
    free(remote);
    free(name);
    return rc;
}

int cook_git_submodules(cook_git *git, const char *dir, mh_error *err) {
    char *gitmodules = mh_path_join(dir, ".gitmodules");
    bool any = mh_path_exists(gitmodules);
    free(gitmodules);
    if (!any)
        return 0;
    const char *sync[] = {"git", "submodule", "--quiet", "sync", "--recursive", NULL};
    const char *update[] = {"git", "submodule", "--quiet", "update", "--init", "--recursive", NULL};
    return git_run(git, dir, sync, err) != 0 || git_run(git, dir, update, err) != 0 ? -1 : 0;
}

int cook_git_resolve(cook_git *git, const char *dir, const char *spec, char out[41],
                     mh_error *err) {
    char *full = mh_xasprintf("%s^{commit}", spec);
    const char *argv[] = {"git", "rev-parse", "--verify", full, NULL};
    mh_strbuf text = MH_STRBUF_INIT;
    int rc = cook_run_capture(argv, dir, &git->env, git->log_fd, &text, err);
    free(full);
    if (rc == 0 && text.len >= 40) {
        memcpy(out, text.data, 40);
        out[40] = '\0';
    } else if (rc == 0) {
        rc = mh_error_set(err, dir, 0, 0, "git rev-parse %s printed no commit", spec);
    }
    mh_strbuf_free(&text);
    return rc;
}

int cook_git_remote_head(cook_git *git, const char *dir, const char *branch, char out[41],
                         mh_error *err) {
    char *spec = branch ? mh_xasprintf("refs/remotes/origin/%s", branch)
                        : mh_xstrdup("refs/remotes/origin/HEAD");
    int rc = cook_git_resolve(git, dir, spec, out, err);
    free(spec);
    return rc;
}

int cook_git_commit_time(cook_git *git, const char *dir, int64_t *time, mh_error *err) {
    const char *argv[] = {"git", "log", "-1", "--format=%ct", "HEAD", NULL};
    mh_strbuf text = MH_STRBUF_INIT;
    int rc = cook_run_capture(argv, dir, &git->env, git->log_fd, &text, err);
    if (rc == 0)
        *time = strtoll(mh_strbuf_str(&text), NULL, 10);
    mh_strbuf_free(&text);
    return rc;
}
