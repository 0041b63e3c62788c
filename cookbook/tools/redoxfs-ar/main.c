/* redoxfs-ar [--uuid UUID] [--owner UID:GID] DISK FOLDER [BOOTLOADER]: creates a RedoxFS v8
 * filling DISK (which must exist) and copies FOLDER's contents into its root, keeping modes,
 * owners, symlinks and timestamps. Entries are added in name order; with SOURCE_DATE_EPOCH
 * (timestamps are clamped to it), --uuid and --owner the same tree always gives the same
 * image, whoever builds it. --uuid and --owner are MACROHARD additions to upstream's CLI. */
#include <stdio.h>
#include <string.h>

#include "base/error.h"
#include "redoxfs/host/staging.h"
#include "redoxfs/host/tree.h"
#include "redoxfs/host/volume.h"

static int usage(void) {
    fprintf(stderr, "usage: redoxfs-ar [--uuid UUID] [--owner UID:GID] DISK FOLDER [BOOTLOADER]\n");
    return 2;
}

static int fail(const mh_error *err) {
    mh_error_print("redoxfs-ar", err);
    return 1;
}

/* Creates the volume in `image` and fills it from folder. */
static int build(const char *image, const char *folder, const rfs_create_options *opt,
                 const rfs_import_options *io, mh_error *err) {
    if (rfs_volume_create(image, opt, err) < 0)
        return -1;
    rfs_volume v;
    rfs_volume_options vo = {.writable = true};
    if (rfs_volume_open(&v, image, &vo, err) < 0)
        return -1;
    int rc = rfs_import_tree(v.fs, RFS_ROOT_ID, folder, io, err);
    if (rc == 0) {
        /* The image is useless until it is complete, so only this last commit syncs. */
        v.image.sync = true;
        if (rfs_commit(v.fs, true) < 0)
            rc = rfs_host_error(err, image, rfs_last_error(v.fs));
    }
    rfs_volume_close(&v);
    return rc;
}

int main(int argc, char **argv) {
    const char *uuid = NULL;
    rfs_import_options io = {0};
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        unsigned uid, gid;
        char end;
        if (!strcmp(argv[i], "--uuid") && i + 1 < argc) {
            uuid = argv[++i];
        } else if (!strcmp(argv[i], "--owner") && i + 1 < argc &&
                   sscanf(argv[++i], "%u:%u%c", &uid, &gid, &end) == 2) {
            io.force_owner = true;
            io.uid = uid;
            io.gid = gid;
        } else {
            return usage();
        }
    }
    if (argc - i < 2 || argc - i > 3)
        return usage();
    const char *disk = argv[i], *folder = argv[i + 1], *bootloader = i + 2 < argc ? argv[i + 2] : NULL;
    mh_error err;
    mh_error_clear(&err);
    rfs_create_options opt;
    if (rfs_create_options_init(&opt, uuid, &err) < 0)
        return fail(&err);
    opt.bootloader = bootloader;
    io.clamp_times = opt.have_time;
    io.clamp_sec = opt.time_sec;
    rfs_staging st;
    if (rfs_staging_begin(&st, disk, &err) < 0)
        return fail(&err);
    if (build(st.work, folder, &opt, &io, &err) < 0) {
        rfs_staging_abort(&st);
        return fail(&err);
    }
    if (rfs_staging_finish(&st, &err) < 0)
        return fail(&err);
    return 0;
}
