/* redoxfs-mkfs [--uuid UUID] DISK [BOOTLOADER]: writes an empty RedoxFS v8 filling DISK (which
 * must exist), after BOOTLOADER when one is given. SOURCE_DATE_EPOCH fixes the root's times. */
#include <stdio.h>
#include <string.h>

#include "base/error.h"
#include "redoxfs/host/staging.h"
#include "redoxfs/host/volume.h"

static int usage(void) {
    fprintf(stderr, "usage: redoxfs-mkfs [--uuid UUID] DISK [BOOTLOADER]\n");
    return 2;
}

static int fail(const mh_error *err) {
    mh_error_print("redoxfs-mkfs", err);
    return 1;
}

int main(int argc, char **argv) {
    const char *uuid = NULL;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "--encrypt")) {
            fprintf(stderr, "redoxfs-mkfs: encrypted RedoxFS volumes are not supported yet\n");
            return 1;
        } else if (!strcmp(argv[i], "--uuid") && i + 1 < argc) {
            uuid = argv[++i];
        } else {
            return usage();
        }
    }
    if (argc - i < 1 || argc - i > 2)
        return usage();
    const char *disk = argv[i], *bootloader = i + 1 < argc ? argv[i + 1] : NULL;
    mh_error err;
    mh_error_clear(&err);
    rfs_create_options opt;
    if (rfs_create_options_init(&opt, uuid, &err) < 0)
        return fail(&err);
    opt.bootloader = bootloader;
    rfs_staging st;
    if (rfs_staging_begin(&st, disk, &err) < 0)
        return fail(&err);
    if (rfs_volume_create(st.work, &opt, &err) < 0) {
        rfs_staging_abort(&st);
        return fail(&err);
    }
    if (rfs_staging_finish(&st, &err) < 0)
        return fail(&err);
    return 0;
}
