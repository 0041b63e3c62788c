#include "cook/patch.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/files.h"
#include "cook/process.h"

int cook_apply_patches(const mh_recipe *recipe, const char *source_dir, int log_fd,
                       mh_error *err) {
    const mh_string_list *patches = &recipe->source.patches;
    for (size_t i = 0; i < patches->count; i++) {
        char *path = mh_path_join(recipe->dir, patches->items[i]);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            mh_error_errno(err, recipe->file, errno, "cannot open patch %s", path);
            free(path);
            return -1;
        }
        cook_log(log_fd, "+ patch --directory=%s --strip=1 < %s\n", source_dir, path);
        const char *argv[] = {"patch", "--directory", source_dir, "--strip=1", "--batch",
                              "--forward", "--no-backup-if-mismatch", "--reject-file=-", NULL};
        cook_spawn s = {.argv = argv, .stdin_fd = fd, .stdout_fd = log_fd, .stderr_fd = -1};
        int status;
        int rc = cook_run(&s, &status, err);
        close(fd);
        if (rc == 0 && status != 0) {
            toml_position pos = patches->positions[i];
            rc = mh_error_set(err, recipe->file, pos.line, pos.column,
                              "patch \"%s\" does not apply to the source (patch exit status %d; "
                              "see the log)", patches->items[i], status);
        }
        free(path);
        if (rc != 0)
            return -1;
    }
    return 0;
}
