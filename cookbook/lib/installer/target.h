/* Where an install is written: a host directory (redox_installer DIR) or the RedoxFS volume
 * of a disk image, written through the RedoxFS library without a staging directory.
 *
 * Paths are image-relative and already checked by the caller (no leading '/', no empty, "."
 * or ".." components). No operation follows a symlink in a path: a symlink (or a file) where
 * a directory is needed is an error, so nothing can be written outside the install root. */
#ifndef MH_INSTALLER_TARGET_H
#define MH_INSTALLER_TARGET_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"
#include "pkgar/archive.h"
#include "redoxfs/core/redoxfs.h"

typedef enum mh_node_kind {
    MH_NODE_MISSING,
    MH_NODE_DIR,
    MH_NODE_FILE,
    MH_NODE_SYMLINK,
    MH_NODE_OTHER,
} mh_node_kind;

typedef struct mh_install_target mh_install_target;

typedef struct mh_target_ops {
    /* What rel is (MH_NODE_MISSING when it or a parent does not exist). */
    int (*kind)(mh_install_target *t, const char *rel, mh_node_kind *kind, mh_error *err);
    /* Creates directory rel, whose parent exists and which does not. */
    int (*make_dir)(mh_install_target *t, const char *rel, unsigned mode, mh_error *err);
    /* Sets the permission bits of an existing file or directory. */
    int (*set_mode)(mh_install_target *t, const char *rel, unsigned mode, mh_error *err);
    /* Writes a regular file in an existing directory: replaces rel (a new file with `mode`),
     * or with append adds to its end (a missing file is created with `mode`). */
    int (*write_file)(mh_install_target *t, const char *rel, const void *data, size_t len,
                      unsigned mode, bool append, mh_error *err);
    /* Creates symlink rel to `to`, replacing a file or symlink of that name. */
    int (*make_symlink)(mh_install_target *t, const char *rel, const char *to, mh_error *err);
    /* Reads regular file rel; *data is malloc'd and NUL-terminated. */
    int (*read_file)(mh_install_target *t, const char *rel, char **data, size_t *len,
                     mh_error *err);
    /* Copies the contents of directory `from` into existing directory `to` (cp -a from/. to). */
    int (*copy_tree)(mh_install_target *t, const char *from, const char *to, mh_error *err);
    /* Installs every entry of an opened (signature-verified) archive; each entry's content is
     * checked against its hash as it is written. */
    int (*install_package)(mh_install_target *t, pkgar_archive *archive, mh_error *err);
    void (*free)(mh_install_target *t);
} mh_target_ops;

struct mh_install_target {
    const mh_target_ops *ops;
    const char *shown; /* the output named in messages: the directory or the image file */
};

/* mkdir -p of rel inside the target (mode 0755), refusing to go through anything but
 * directories. */
int mh_target_make_dirs(mh_install_target *t, const char *rel, mh_error *err);

/* "dir/name" (or name when dir is ""); the caller frees. */
char *mh_target_path(const char *dir, const char *name);

/* A host directory as target (target_host.c). root must exist. */
mh_install_target *mh_target_host_new(const char *root);

/* An open, writable RedoxFS volume as target (target_redoxfs.c): new nodes are owned by root
 * and the volume is not committed. image names it in messages. */
mh_install_target *mh_target_redoxfs_new(rfs_fs *fs, const char *image);

#endif
