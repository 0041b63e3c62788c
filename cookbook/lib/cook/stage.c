#include "cook/stage.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/files.h"
#include "base/strbuf.h"
#include "cook/glob.h"

/* Calls visit(rel, full, is_dir) for each entry below dir, parents before children (directory
 * entries are listed before descending, then visited again after with post = 1). */
typedef int (*visit_fn)(void *ctx, const char *rel, const char *full, bool is_dir, bool post,
                        mh_error *err);

static int walk(const char *root, mh_strbuf *rel, visit_fn visit, void *ctx, mh_error *err) {
    char *full = rel->len ? mh_path_join(root, mh_strbuf_str(rel)) : mh_xstrdup(root);
    char **names;
    size_t count;
    if (mh_list_dir(full, &names, &count) != 0) {
        int rc = mh_error_errno(err, full, errno, "cannot read directory");
        free(full);
        return rc;
    }
    int rc = 0;
    size_t saved = rel->len;
    for (size_t i = 0; i < count; i++) {
        if (rc == 0) {
            if (rel->len)
                mh_strbuf_putc(rel, '/');
            mh_strbuf_puts(rel, names[i]);
            char *path = mh_path_join(root, mh_strbuf_str(rel));
            struct stat st;
            bool is_dir = lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
            rc = visit(ctx, mh_strbuf_str(rel), path, is_dir, false, err);
            if (rc == 0 && is_dir)
                rc = walk(root, rel, visit, ctx, err);
            if (rc == 0 && is_dir)
                rc = visit(ctx, mh_strbuf_str(rel), path, is_dir, true, err);
            free(path);
            mh_strbuf_truncate(rel, saved);
        }
        free(names[i]);
    }
    free(names);
    free(full);
    return rc;
}

typedef struct split_ctx {
    const mh_recipe *recipe;
    char *const *out_dirs;
} split_ctx;

static int split_visit(void *ctx, const char *rel, const char *full, bool is_dir, bool post,
                       mh_error *err) {
    (void)post;
    if (is_dir)
        return 0;
    split_ctx *s = ctx;
    for (size_t i = 0; i < s->recipe->optional_count; i++) {
        const mh_optional_package *o = &s->recipe->optional_packages[i];
        bool match = false;
        for (size_t g = 0; g < o->files.count && !match; g++)
            match = cook_glob_match(o->files.items[g], rel);
        if (!match)
            continue;
        char *to = mh_path_join(s->out_dirs[i], rel);
        char *parent = mh_xstrdup(to);
        *strrchr(parent, '/') = '\0';
        int rc = mh_mkdir_p(parent, err);
        if (rc == 0 && rename(full, to) != 0)
            rc = mh_error_errno(err, to, errno, "cannot move %s to", full);
        free(parent);
        free(to);
        return rc;
    }
    return 0;
}

int cook_stage_split(const char *stage, const mh_recipe *recipe, char *const *out_dirs,
                     mh_error *err) {
    for (size_t i = 0; i < recipe->optional_count; i++)
        if (mh_mkdir_p(out_dirs[i], err) != 0)
            return -1;
    if (!recipe->optional_count)
        return 0;
    split_ctx ctx = {recipe, out_dirs};
    mh_strbuf rel = MH_STRBUF_INIT;
    int rc = walk(stage, &rel, split_visit, &ctx, err);
    mh_strbuf_free(&rel);
    return rc;
}

static int time_visit(void *ctx, const char *rel, const char *full, bool is_dir, bool post,
                      mh_error *err) {
    (void)rel;
    if (is_dir && !post)
        return 0; /* directories after their contents, whose changes touch them */
    const struct timespec *times = ctx;
    if (utimensat(AT_FDCWD, full, times, AT_SYMLINK_NOFOLLOW) != 0)
        return mh_error_errno(err, full, errno, "cannot set the time of");
    return 0;
}

int cook_stage_set_times(const char *dir, int64_t time, mh_error *err) {
    struct timespec times[2] = {{(time_t)time, 0}, {(time_t)time, 0}};
    mh_strbuf rel = MH_STRBUF_INIT;
    int rc = walk(dir, &rel, time_visit, times, err);
    mh_strbuf_free(&rel);
    if (rc == 0 && utimensat(AT_FDCWD, dir, times, AT_SYMLINK_NOFOLLOW) != 0)
        rc = mh_error_errno(err, dir, errno, "cannot set the time of");
    return rc;
}
