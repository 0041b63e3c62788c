/* redoxfsck [--block HEX] DISK: checks a RedoxFS v8 volume completely (every block hash, the
 * accounting of every block, node and directory fields) without changing it. Prints each
 * finding and a summary; exits 0 when clean, 1 when damaged or unreadable. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "redoxfs/core/check.h"
#include "redoxfs/host/volume.h"

#define MAX_PRINTED 200

typedef struct printer {
    unsigned printed;
} printer;

static void print_finding(void *ctx, bool error, const char *message) {
    printer *p = ctx;
    if (p->printed++ < MAX_PRINTED)
        printf("%s: %s\n", error ? "error" : "warning", message);
}

static int usage(void) {
    fprintf(stderr, "usage: redoxfsck [--block HEX] DISK\n");
    return 2;
}

int main(int argc, char **argv) {
    rfs_volume_options vo = {.writable = false};
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "--block") && i + 1 < argc) {
            char *end;
            vo.block = strtoull(argv[++i], &end, 16);
            if (*end)
                return usage();
            vo.have_block = true;
        } else {
            return usage();
        }
    }
    if (argc - i != 1)
        return usage();
    const char *disk = argv[i];
    mh_error err;
    mh_error_clear(&err);
    rfs_volume v;
    if (rfs_volume_open(&v, disk, &vo, &err) < 0) {
        mh_error_print("redoxfsck", &err);
        return 1;
    }
    printer p = {0};
    rfs_check_result res;
    int rc = rfs_check(v.fs, print_finding, &p, &res);
    if (rc < 0) {
        fprintf(stderr, "redoxfsck: %s: %s\n", disk, rfs_last_error(v.fs)->message);
        rfs_volume_close(&v);
        return 1;
    }
    if (p.printed > MAX_PRINTED)
        printf("... %u more findings not shown\n", p.printed - MAX_PRINTED);
    rfs_info info;
    rfs_get_info(v.fs, &info);
    char uuid[37];
    rfs_uuid_format(info.uuid, uuid);
    printf("%s: uuid %s, generation %llu, block %llu, size %llu bytes, %llu nodes (%llu files, %llu directories, "
           "%llu symlinks), %llu entries, %llu data bytes, %llu blocks used, %llu free: %s\n",
           disk, uuid, (unsigned long long)info.generation, (unsigned long long)info.block,
           (unsigned long long)info.size_bytes,
           (unsigned long long)res.nodes, (unsigned long long)res.files, (unsigned long long)res.dirs,
           (unsigned long long)res.symlinks, (unsigned long long)res.entries,
           (unsigned long long)res.data_bytes, (unsigned long long)res.used_blocks,
           (unsigned long long)res.free_blocks,
           res.errors ? "DAMAGED" : "clean");
    rfs_volume_close(&v);
    return res.errors ? 1 : 0;
}
