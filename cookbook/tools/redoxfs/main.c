/* redoxfs [-d|--no-daemon] DISK MOUNTPOINT [BLOCK_HEX]: mounts a RedoxFS v8 volume read-write
 * with FUSE. The volume is found by scanning DISK (or at BLOCK_HEX); nodes left on the
 * release list by a crash are freed first. Unmounting (fusermount3 -u) commits and squashes
 * the allocator log. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mount.h"

static int usage(void) {
    fprintf(stderr, "usage: redoxfs [-d|--no-daemon] DISK MOUNTPOINT [BLOCK_HEX]\n");
    return 2;
}

static int fail(const char *what, const char *message) {
    fprintf(stderr, "redoxfs: %s: %s\n", what, message);
    return 1;
}

/* Runs the FUSE session until unmount; returns the exit status. */
static int serve(mount_state *ms, const char *mountpoint, bool foreground) {
    char *argv[] = {"redoxfs", "-o", "fsname=redoxfs,subtype=redoxfs,default_permissions", NULL};
    struct fuse_args args = FUSE_ARGS_INIT(3, argv);
    struct fuse_session *se = fuse_session_new(&args, &redoxfs_fuse_ops, sizeof redoxfs_fuse_ops, ms);
    fuse_opt_free_args(&args);
    if (!se)
        return fail(mountpoint, "cannot start a FUSE session");
    int status = 1;
    if (fuse_set_signal_handlers(se) == 0) {
        if (fuse_session_mount(se, mountpoint) == 0) {
            if (foreground || fuse_daemonize(0) == 0)
                status = fuse_session_loop(se) == 0 ? 0 : 1;
            fuse_session_unmount(se);
        } else {
            fail(mountpoint, "cannot mount (is /dev/fuse usable and the mount point a directory?)");
        }
        fuse_remove_signal_handlers(se);
    }
    fuse_session_destroy(se);
    return status;
}

int main(int argc, char **argv) {
    bool foreground = false;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "-d") || !strcmp(argv[i], "--no-daemon")) {
            foreground = true;
        } else if (!strcmp(argv[i], "--uuid")) {
            fprintf(stderr, "redoxfs: --uuid (probing every disk) only works on Redox; name the DISK\n");
            return 1;
        } else {
            return usage();
        }
    }
    if (argc - i < 2 || argc - i > 3)
        return usage();
    const char *disk = argv[i], *mountpoint = argv[i + 1];
    rfs_volume_options vo = {.writable = true, .sync = true, .dirty_limit = 32u << 20};
    if (argc - i == 3) {
        char *end;
        vo.block = strtoull(argv[i + 2], &end, 16);
        if (*end || !*argv[i + 2])
            return usage();
        vo.have_block = true;
    }
    mount_state ms = {.verbose = getenv("REDOXFS_VERBOSE") != NULL};
    mh_error err;
    mh_error_clear(&err);
    if (rfs_volume_open(&ms.vol, disk, &vo, &err) < 0) {
        char msg[2048];
        mh_error_format(&err, msg, sizeof msg);
        return fail("open", msg);
    }
    /* Mount-time cleanup: nodes whose last name went while open, before a crash. */
    if (rfs_release_all(ms.vol.fs) < 0 || rfs_commit(ms.vol.fs, true) < 0) {
        int rc = fail(disk, rfs_last_error(ms.vol.fs)->message);
        rfs_volume_close(&ms.vol);
        return rc;
    }
    int status = serve(&ms, mountpoint, foreground);
    rfs_volume_close(&ms.vol);
    free(ms.slots);
    return status;
}
