/* repo push: cook, then install the packages into a directory. */
#include <stdio.h>
#include <stdlib.h>

#include "base/strbuf.h"
#include "cook.h"
#include "cook/package.h"
#include "cook/push.h"

int repo_push(mh_cookbook *cb, const repo_options *o) {
    repo_selection selection;
    int rc = repo_select(cb, o, "push", &selection);
    if (rc != 0) {
        repo_selection_free(&selection);
        return rc == 2 ? 2 : 1;
    }
    cook_config config;
    if (repo_load_config(cb, &config) != 0) {
        repo_selection_free(&selection);
        return 1;
    }
    /* Runtime dependencies are installed too, so they must be cooked. */
    repo_options cook_options = *o;
    cook_options.with_package_deps = true;
    int status = repo_run(cb, &cook_options, &config, &selection, "push", false);
    if (status == 0) {
        char *repo_dir = mh_xasprintf("%s/repo/%s", cb->root, repo_target(o));
        pkgar_public_key key;
        mh_error err;
        mh_error_clear(&err);
        cook_push_options push = {repo_dir, o->sysroot ? o->sysroot : "sysroot", &key,
                                  !o->no_metadata, -1};
        size_t installed = 0;
        if (cook_public_key(cb->root, &key, &err) != 0 ||
            cook_push(&push, (const char *const *)selection.packages, selection.package_count,
                      &installed, &err) != 0) {
            repo_print_error(&err);
            status = 1;
        } else {
            printf("repo push: %zu package%s installed into %s\n", installed,
                   installed == 1 ? "" : "s", push.sysroot);
        }
        free(repo_dir);
    }
    cook_config_free(&config);
    repo_selection_free(&selection);
    return status;
}
