/* repo clean (remove target/), repo unfetch (remove source/ and target/). */
#include <stdlib.h>

#include "base/files.h"
#include "cook/fetch.h"
#include "repo.h"
#include "select.h"

static int clean_or_unfetch(mh_cookbook *cb, const repo_options *o, const char *command,
                            bool unfetch) {
    repo_selection selection;
    int rc = repo_select(cb, o, command, &selection);
    if (rc != 0) {
        repo_selection_free(&selection);
        return rc == 2 ? 2 : 1;
    }
    int status = 0;
    for (size_t i = 0; i < selection.count; i++) {
        mh_cookbook_entry *entry = selection.roots[i].entry;
        mh_error err;
        mh_error_clear(&err);
        char *target = mh_path_join(entry->dir, "target");
        int failed = mh_remove_tree(target, &err);
        free(target);
        if (!failed && unfetch) {
            const mh_error *load_err;
            const mh_recipe *recipe = mh_cookbook_load(cb, entry, &load_err);
            if (!recipe) {
                err = *load_err;
                failed = -1;
            } else {
                failed = cook_unfetch(recipe, &err);
            }
        }
        if (failed) {
            repo_print_error(&err);
            status = 1;
        }
    }
    repo_selection_free(&selection);
    return status;
}

int repo_clean(mh_cookbook *cb, const repo_options *options) {
    return clean_or_unfetch(cb, options, "clean", false);
}

int repo_unfetch(mh_cookbook *cb, const repo_options *options) {
    return clean_or_unfetch(cb, options, "unfetch", true);
}
