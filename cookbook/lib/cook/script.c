#include "cook/script.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "base/files.h"
#include "base/strbuf.h"
#include "cook/prelude.h"

char *cook_gnu_target(const char *target) {
    size_t len = strlen(target);
    const char *linux_gnu = "-unknown-linux-gnu";
    size_t suffix = strlen(linux_gnu);
    if (len > suffix && strcmp(target + len - suffix, linux_gnu) == 0)
        return mh_xasprintf("%.*s-linux-gnu", (int)(len - suffix), target);
    return mh_xstrdup(target);
}

static void set_if(cook_env *env, const char *key, const char *value) {
    if (value)
        cook_env_set(env, key, value);
}

void cook_script_env(cook_env *env, const cook_script_vars *v) {
    cook_env_from_environ(env);
    char *gnu = cook_gnu_target(v->target);
    cook_env_set(env, "TARGET", v->target);
    cook_env_set(env, "GNU_TARGET", gnu);
    free(gnu);
    cook_env_set(env, "COOKBOOK_NAME", v->name);
    cook_env_set(env, "COOKBOOK_RECIPE", v->recipe_dir);
    cook_env_set(env, "COOKBOOK_ROOT", v->root);
    cook_env_set(env, "COOKBOOK_SOURCE", v->source);
    cook_env_set(env, "COOKBOOK_HOST_TARGET", v->host_target);
    cook_env_setf(env, "COOKBOOK_MAKE_JOBS", "%ld", v->jobs > 0 ? v->jobs : 1);
    cook_env_setf(env, "SOURCE_DATE_EPOCH", "%" PRId64, v->source_date_epoch);
    cook_env_set(env, "TZ", "UTC");
    cook_env_set(env, "LC_ALL", "C.UTF-8");
    set_if(env, "COOKBOOK_BUILD", v->build);
    set_if(env, "COOKBOOK_STAGE", v->stage);
    set_if(env, "COOKBOOK_SYSROOT", v->sysroot);
    set_if(env, "COOKBOOK_TOOLCHAIN", v->toolchain);
    set_if(env, "COOKBOOK_SOURCE_IDENT", v->source_ident);
    set_if(env, "COOKBOOK_COMMIT_IDENT", v->commit_ident);
    if (v->makeflags)
        cook_env_set(env, "MAKEFLAGS", v->makeflags);
    /* Variables of the user's shell that would change what the prelude decides. */
    if (!v->build) {
        cook_env_unset(env, "COOKBOOK_BUILD");
        cook_env_unset(env, "COOKBOOK_STAGE");
        cook_env_unset(env, "COOKBOOK_SYSROOT");
        cook_env_unset(env, "COOKBOOK_TOOLCHAIN");
    }
}

int cook_run_script(const cook_script_run *run, mh_error *err) {
    mh_strbuf text = MH_STRBUF_INIT;
    mh_strbuf_puts(&text, "# Written by repo: the cook prelude, then the recipe's script.\n");
    mh_strbuf_puts(&text, cook_prelude_text);
    mh_strbuf_puts(&text, "\n# --- the recipe's script ---\n");
    mh_strbuf_puts(&text, run->body);
    mh_strbuf_putc(&text, '\n');
    int rc = mh_write_file_atomic(run->script_path, text.data, text.len, 0755, err);
    mh_strbuf_free(&text);
    if (rc != 0)
        return -1;
    const char *argv[] = {"bash", "-e", run->script_path, NULL};
    cook_spawn s = {.argv = argv, .env = run->env, .cwd = run->cwd, .stdin_fd = -1,
                    .stdout_fd = run->log_fd, .stderr_fd = -1, .keep_fds = run->keep_fds,
                    .keep_count = run->keep_count};
    int status;
    if (cook_run(&s, &status, err) != 0)
        return -1;
    if (status != 0)
        return mh_error_set(err, NULL, 0, 0, "script failed with exit status %d%s (the script: %s)",
                            status, status > 128 ? ", killed by a signal" : "",
                            run->script_path);
    return 0;
}
