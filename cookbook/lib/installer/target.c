#include "installer/target.h"

#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"

char *mh_target_path(const char *dir, const char *name) {
    return dir[0] ? mh_xasprintf("%s/%s", dir, name) : mh_xstrdup(name);
}

int mh_target_make_dirs(mh_install_target *t, const char *rel, mh_error *err) {
    char *copy = mh_xstrdup(rel);
    int rc = 0;
    char *slash = copy;
    for (;;) {
        slash = strchr(slash, '/');
        if (slash)
            *slash = '\0';
        mh_node_kind kind;
        rc = t->ops->kind(t, copy, &kind, err);
        if (rc == 0 && kind == MH_NODE_MISSING)
            rc = t->ops->make_dir(t, copy, 0755, err);
        else if (rc == 0 && kind != MH_NODE_DIR)
            rc = mh_error_set(err, t->shown, 0, 0, "/%s is %s, not a directory", copy,
                              kind == MH_NODE_SYMLINK ? "a symlink" : "a file");
        if (rc != 0 || !slash)
            break;
        *slash++ = '/';
    }
    free(copy);
    return rc;
}
