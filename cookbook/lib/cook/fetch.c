#include "cook/fetch.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/files.h"
#include "base/strbuf.h"
#include "cook/cache.h"
#include "cook/git.h"
#include "cook/mirrors.h"
#include "cook/patch.h"
#include "cook/process.h"
#include "cook/script.h"
#include "cook/stamp.h"
#include "cook/tree_sync.h"
#include "cook/unpack.h"

typedef struct source_paths {
    char *source, *tmp, *old, *info;
} source_paths;

static void paths_init(source_paths *p, const mh_recipe *r) {
    p->source = mh_path_join(r->dir, "source");
    p->tmp = mh_path_join(r->dir, "source.tmp");
    p->old = mh_path_join(r->dir, "source.old");
    p->info = mh_path_join(r->dir, "source_info.toml");
}

static void paths_free(source_paths *p) {
    free(p->source);
    free(p->tmp);
    free(p->old);
    free(p->info);
}

static bool treeless(const mh_recipe *r, const cook_fetch_options *o) {
    return r->source.shallow_clone >= 0 ? r->source.shallow_clone : o->config->git_treeless;
}

/* Everything the recipe says about its source, hashed: a change means fetching again. */
static int fetch_key(const mh_recipe *r, const cook_fetch_options *o, cook_hex key,
                     mh_error *err) {
    const mh_recipe_source *s = &r->source;
    blake3_hasher h;
    blake3_hasher_init(&h);
    cook_hash_str(&h, "fetch-key-1");
    uint8_t kind = (uint8_t)s->kind;
    cook_hash_field(&h, &kind, 1);
    cook_hash_str(&h, s->git);
    cook_hash_str(&h, s->branch);
    cook_hash_str(&h, s->rev);
    cook_hash_str(&h, s->kind == MH_SOURCE_GIT && treeless(r, o) ? "treeless" : "full");
    cook_hash_str(&h, s->tar);
    cook_hash_str(&h, s->blake3);
    cook_hash_str(&h, s->path);
    cook_hash_str(&h, s->script);
    for (size_t i = 0; i < s->patches.count; i++) {
        cook_hash_str(&h, s->patches.items[i]);
        char *path = mh_path_join(r->dir, s->patches.items[i]);
        uint8_t content[BLAKE3_OUT_LEN];
        int rc = cook_hash_file(path, content, err);
        free(path);
        if (rc != 0)
            return -1;
        cook_hash_field(&h, content, sizeof content);
    }
    cook_hash_finish_hex(&h, key);
    return 0;
}

static void read_state(const char *info_path, cook_source_state *state, char *key_out) {
    toml_value *info = cook_stamp_load(info_path);
    const char *key = info ? cook_stamp_string(info, "fetch_key") : NULL;
    const char *ident = info ? cook_stamp_string(info, "source_identifier") : NULL;
    snprintf(key_out, COOK_HEX_LEN + 1, "%s", key ? key : "");
    snprintf(state->identifier, sizeof state->identifier, "%s", ident ? ident : "");
    state->date_epoch = info ? cook_stamp_int(info, "source_date_epoch", 0) : 0;
    toml_free(info);
}

static int write_state(const char *info_path, const char *key, const cook_source_state *state,
                       mh_error *err) {
    mh_strbuf sb = MH_STRBUF_INIT;
    mh_strbuf_puts(&sb, "# What source/ was fetched from (written by repo; do not edit).\n");
    cook_stamp_put_string(&sb, "fetch_key", key);
    cook_stamp_put_string(&sb, "source_identifier", state->identifier);
    cook_stamp_put_int(&sb, "source_date_epoch", state->date_epoch);
    int rc = cook_stamp_save(info_path, &sb, err);
    mh_strbuf_free(&sb);
    return rc;
}

static int remove_path(const char *path, mh_error *err) {
    if (unlink(path) == 0 || errno == ENOENT)
        return 0;
    if (errno == EISDIR || errno == EPERM)
        return mh_remove_tree(path, err);
    return mh_error_errno(err, path, errno, "cannot remove");
}

/* source.tmp becomes source (the old one, if any, is removed afterwards). */
static int install_source(const source_paths *p, mh_error *err) {
    if (mh_remove_tree(p->old, err) != 0)
        return -1;
    bool had = mh_path_exists(p->source);
    if (had && rename(p->source, p->old) != 0)
        return mh_error_errno(err, p->source, errno, "cannot rename to %s", p->old);
    if (rename(p->tmp, p->source) != 0)
        return mh_error_errno(err, p->tmp, errno, "cannot rename to %s", p->source);
    return had ? mh_remove_tree(p->old, err) : 0;
}

static int run_source_script(const mh_recipe *r, const cook_fetch_options *o, const char *dir,
                             int64_t date_epoch, mh_error *err) {
    if (!r->source.script)
        return 0;
    cook_script_vars vars = {
        .name = r->name, .recipe_dir = r->dir, .root = o->root, .source = dir,
        .target = o->target, .host_target = o->host_target, .jobs = o->jobs,
        .source_date_epoch = date_epoch,
    };
    cook_env env;
    cook_script_env(&env, &vars);
    cook_script_run run = {.body = r->source.script, .script_path = o->script_path, .cwd = dir,
                           .env = &env, .log_fd = o->log_fd};
    int rc = cook_run_script(&run, err);
    cook_env_free(&env);
    if (rc != 0 && !err->path[0]) {
        char message[MH_ERROR_MESSAGE_MAX];
        snprintf(message, sizeof message, "%s", err->message);
        mh_error_set(err, r->file, 0, 0, "[source] %s", message);
    }
    return rc;
}

static int patch_and_script(const mh_recipe *r, const cook_fetch_options *o, const char *dir,
                            int64_t date_epoch, mh_error *err) {
    if (cook_apply_patches(r, dir, o->log_fd, err) != 0)
        return -1;
    return run_source_script(r, o, dir, date_epoch, err);
}

/* ---- tar ---- */

static int fetch_tar(const mh_recipe *r, const cook_fetch_options *o, const source_paths *p,
                     const char *key, cook_source_state *state, mh_error *err) {
    const mh_recipe_source *s = &r->source;
    if (!s->blake3 && !o->allow_unverified)
        return mh_error_set(err, r->file, s->pos.line, s->pos.column,
                            "tar source %s has no blake3; add `blake3 = \"...\"` (blake3sum "
                            "FILE) or cook with --allow-unverified",
                            s->tar);
    cook_cache_request request = {
        .sources_dir = o->sources_dir, .url = s->tar, .blake3 = s->blake3, .config = o->config,
        .offline = o->offline,
        .download = {.retry_delay_ms = o->retry_delay_ms, .progress = o->progress,
                     .progress_ctx = o->progress_ctx, .log_fd = o->log_fd},
    };
    char *archive;
    cook_hex hash;
    if (cook_cache_get(&request, &archive, hash, err) != 0)
        return -1;
    if (!s->blake3)
        cook_log(o->log_fd, "warning: %s has no blake3; the file downloaded has blake3 = \"%s\"\n",
                 r->file, hash);
    int64_t newest = 0;
    int rc = mh_remove_tree(p->tmp, err);
    if (rc == 0) {
        cook_log(o->log_fd, "unpacking %s (%s)\n", s->tar, archive);
        rc = cook_unpack(archive, p->tmp, &newest, err);
    }
    free(archive);
    if (rc == 0)
        rc = patch_and_script(r, o, p->tmp, newest, err);
    if (rc == 0)
        rc = remove_path(p->info, err);
    if (rc == 0)
        rc = install_source(p, err);
    if (rc != 0)
        return -1;
    snprintf(state->identifier, sizeof state->identifier, "%s", hash);
    state->date_epoch = newest;
    state->changed = true;
    return write_state(p->info, key, state, err);
}

/* ---- git ---- */

static int clone_candidates(const mh_recipe *r, const cook_fetch_options *o, cook_git *git,
                            const char *dir, mh_error *err) {
    size_t count;
    char **urls = cook_mirror_candidates(o->config, r->source.git, &count);
    int rc = -1;
    for (size_t i = 0; i < count && rc != 0; i++) {
        if (mh_remove_tree(dir, err) != 0)
            break;
        rc = cook_git_clone(git, urls[i], dir, r->source.branch, treeless(r, o), err);
    }
    if (rc != 0)
        mh_error_prefix(err, "cannot clone %s", r->source.git);
    cook_strings_free(urls, count);
    return rc;
}

/* 1 when the tracked branch has not moved since the last fetch, 0 when it has. */
static int branch_unchanged(const mh_recipe *r, cook_git *git, const source_paths *p,
                            const cook_source_state *state, mh_error *err) {
    if (cook_git_fetch(git, p->source, NULL, err) != 0)
        return -1;
    char remote[41];
    if (cook_git_remote_head(git, p->source, r->source.branch, remote, err) != 0)
        return -1;
    return strcmp(remote, state->identifier) == 0;
}

static int fetch_git(const mh_recipe *r, const cook_fetch_options *o, const source_paths *p,
                     const char *key, const char *stored_key, cook_source_state *state,
                     mh_error *err) {
    const mh_recipe_source *s = &r->source;
    cook_git git;
    cook_git_init(&git, o->offline, o->log_fd);
    bool have_source = cook_git_is_clone(p->source);
    bool fetched = false;
    int rc = 0;
    if (have_source && strcmp(key, stored_key) == 0) {
        /* Only a tracked branch can have moved; look when asked to and allowed to. */
        if (s->rev || o->offline || !o->update)
            goto done;
        rc = branch_unchanged(r, &git, p, state, err);
        if (rc != 0)
            goto done; /* unchanged (1 → 0 below) or failed */
        fetched = true;
    }
    if (!have_source && !cook_git_is_clone(p->tmp) && o->offline) {
        rc = mh_error_set(err, r->file, s->pos.line, s->pos.column,
                          "offline: git source %s has not been cloned yet (no %s); run `repo "
                          "fetch %s` online first",
                          s->git, p->source, r->name);
        goto done;
    }
    if ((rc = remove_path(p->info, err)) != 0)
        goto done;
    bool cloned = false;
    if (have_source) {
        if ((rc = mh_remove_tree(p->tmp, err)) != 0)
            goto done;
        if (rename(p->source, p->tmp) != 0) {
            rc = mh_error_errno(err, p->source, errno, "cannot rename to %s", p->tmp);
            goto done;
        }
    } else if (!cook_git_is_clone(p->tmp)) {
        if ((rc = clone_candidates(r, o, &git, p->tmp, err)) != 0)
            goto done;
        cloned = true;
    }
    if (!cloned) {
        if (!o->offline && !fetched && (rc = cook_git_fetch(&git, p->tmp, s->rev, err)) != 0)
            goto done;
        if ((rc = cook_git_reset(&git, p->tmp, err)) != 0)
            goto done;
    }
    if ((rc = cook_git_checkout(&git, p->tmp, s->rev, s->branch, err)) != 0 ||
        (rc = cook_git_submodules(&git, p->tmp, err)) != 0)
        goto done;
    char head[41];
    if ((rc = cook_git_resolve(&git, p->tmp, "HEAD", head, err)) != 0 ||
        (rc = cook_git_commit_time(&git, p->tmp, &state->date_epoch, err)) != 0)
        goto done;
    snprintf(state->identifier, sizeof state->identifier, "%s", head);
    if ((rc = patch_and_script(r, o, p->tmp, state->date_epoch, err)) != 0 ||
        (rc = install_source(p, err)) != 0)
        goto done;
    state->changed = true;
    rc = write_state(p->info, key, state, err);
done:
    cook_git_free(&git);
    return rc < 0 ? -1 : 0;
}

/* ---- local kinds ---- */

static int local_state(const mh_recipe *r, const cook_fetch_options *o, const source_paths *p,
                       cook_source_state *state, mh_error *err) {
    const mh_recipe_source *s = &r->source;
    state->ready = true;
    snprintf(state->identifier, sizeof state->identifier, "local_source");
    state->date_epoch = -1;
    if (s->kind == MH_SOURCE_NONE) {
        if (mh_is_directory(p->source))
            return 0;
        return mh_mkdir_p(p->source, err);
    }
    if (s->kind == MH_SOURCE_PATH) {
        char *from = s->path[0] == '/' ? mh_xstrdup(s->path) : mh_path_join(o->root, s->path);
        int rc = cook_sync_tree(from, p->source, &state->date_epoch, err);
        free(from);
        if (rc != 0)
            mh_error_prefix(err, "%s: [source] path", r->file);
        return rc;
    }
    /* same_as: a link to the other recipe's source, which is fetched before this one. */
    char *link = mh_path_join(s->same_as, "source");
    char current[4096];
    ssize_t n = readlink(p->source, current, sizeof current - 1);
    int rc = 0;
    if (n < 0 || (size_t)n != strlen(link) || memcmp(current, link, (size_t)n) != 0) {
        rc = remove_path(p->source, err);
        if (rc == 0 && symlink(link, p->source) != 0)
            rc = mh_error_errno(err, p->source, errno, "cannot create link to %s", link);
    }
    if (rc == 0) {
        char *other_info = mh_path_join(r->dir, s->same_as);
        char *info = mh_path_join(other_info, "source_info.toml");
        char ignored[COOK_HEX_LEN + 1];
        cook_source_state other = {0};
        read_state(info, &other, ignored);
        if (other.identifier[0]) {
            memcpy(state->identifier, other.identifier, sizeof state->identifier);
            state->date_epoch = other.date_epoch;
        }
        free(info);
        free(other_info);
    }
    free(link);
    return rc;
}

static bool is_local(mh_source_kind kind) {
    return kind == MH_SOURCE_NONE || kind == MH_SOURCE_PATH || kind == MH_SOURCE_SAME_AS;
}

/* What cook_fetch_state and cook_fetch share: local sources are the same for both; a download is
 * compared with the key stored by the last one, then (fetch) brought up to date. */
static int source_state(const mh_recipe *r, const cook_fetch_options *o, bool fetch,
                        cook_source_state *state, mh_error *err) {
    memset(state, 0, sizeof *state);
    source_paths p;
    paths_init(&p, r);
    int rc;
    cook_hex key, stored;
    if (is_local(r->source.kind)) {
        rc = local_state(r, o, &p, state, err);
    } else if ((rc = fetch_key(r, o, key, err)) == 0) {
        read_state(p.info, state, stored);
        bool current = strcmp(key, stored) == 0 && mh_is_directory(p.source);
        if (!fetch) {
            /* An unpinned git source follows its branch: an update must ask the remote. */
            state->ready = current && !(r->source.kind == MH_SOURCE_GIT && !r->source.rev &&
                                        o->update && !o->offline);
        } else {
            if (r->source.kind == MH_SOURCE_GIT)
                rc = fetch_git(r, o, &p, key, stored, state, err);
            else if (!current)
                rc = fetch_tar(r, o, &p, key, state, err);
            state->ready = rc == 0;
        }
    }
    paths_free(&p);
    return rc;
}

int cook_fetch_state(const mh_recipe *r, const cook_fetch_options *o, cook_source_state *state,
                     mh_error *err) {
    return source_state(r, o, false, state, err);
}

int cook_fetch(const mh_recipe *r, const cook_fetch_options *o, cook_source_state *state,
               mh_error *err) {
    return source_state(r, o, true, state, err);
}

int cook_unfetch(const mh_recipe *r, mh_error *err) {
    source_paths p;
    paths_init(&p, r);
    int rc = remove_path(p.info, err);
    if (rc == 0)
        rc = remove_path(p.source, err);
    if (rc == 0)
        rc = mh_remove_tree(p.tmp, err);
    if (rc == 0)
        rc = mh_remove_tree(p.old, err);
    paths_free(&p);
    return rc;
}
