/* redoxfs-resize DISK [min|max|SIZE]: changes the size of the RedoxFS on DISK. max (the
 * default) fills the device; min shrinks to the end of the last used block; SIZE is bytes
 * with an optional K, M, G or T (powers of 1024). Growing an image file past its end
 * extends the file; shrinking a filesystem that ended the file cuts the file too. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/error.h"
#include "redoxfs/host/volume.h"

static int usage(void) {
    fprintf(stderr, "usage: redoxfs-resize DISK [min|max|SIZE]\n");
    return 2;
}

static int fail(const char *disk, const char *message) {
    fprintf(stderr, "redoxfs-resize: %s: %s\n", disk, message);
    return 1;
}

/* "123", "64M", "2G" -> bytes; false when malformed. */
static bool parse_size(const char *text, uint64_t *bytes) {
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno || end == text || *text == '-')
        return false;
    static const char units[] = "KMGT";
    const char *unit = *end ? strchr(units, *end) : NULL;
    if (*end && (!unit || end[1]))
        return false;
    for (int i = unit ? (int)(unit - units) + 1 : 0; i > 0; i--) {
        if (v > UINT64_MAX / 1024)
            return false;
        v *= 1024;
    }
    *bytes = v;
    return true;
}

int main(int argc, char **argv) {
    if (argc < 2 || argc > 3 || argv[1][0] == '-')
        return usage();
    const char *disk = argv[1], *target = argc == 3 ? argv[2] : "max";
    uint64_t size = 0;
    if (strcmp(target, "min") && strcmp(target, "max") && !parse_size(target, &size))
        return usage();
    struct stat st;
    if (stat(disk, &st) < 0)
        return fail(disk, strerror(errno));
    bool regular = S_ISREG(st.st_mode);
    mh_error err;
    mh_error_clear(&err);
    rfs_volume v;
    rfs_volume_options vo = {.writable = true, .sync = true};
    char msg[2048];
    if (rfs_volume_open(&v, disk, &vo, &err) < 0) {
        mh_error_format(&err, msg, sizeof msg);
        return fail(disk, msg);
    }
    rfs_info info;
    rfs_get_info(v.fs, &info);
    uint64_t start = info.block * RFS_BLOCK_SIZE;
    bool ended_file = regular && (uint64_t)st.st_size == start + info.size_bytes;
    if (!strcmp(target, "min"))
        size = rfs_min_size(v.fs);
    else if (!strcmp(target, "max"))
        size = (uint64_t)st.st_size > start ? (uint64_t)st.st_size - start : 0;
    size -= size % RFS_BLOCK_SIZE;
    if (regular && start + size > (uint64_t)st.st_size) {
        /* Grow the image file first, then reopen so the device size is right. */
        rfs_volume_close(&v);
        if (truncate(disk, (off_t)(start + size)) < 0)
            return fail(disk, strerror(errno));
        if (rfs_volume_open(&v, disk, &vo, &err) < 0) {
            mh_error_format(&err, msg, sizeof msg);
            return fail(disk, msg);
        }
    }
    if (rfs_resize(v.fs, size) < 0) {
        int rc = fail(disk, rfs_last_error(v.fs)->message);
        rfs_volume_close(&v);
        return rc;
    }
    rfs_volume_close(&v);
    if (ended_file && start + size < (uint64_t)st.st_size && truncate(disk, (off_t)(start + size)) < 0)
        return fail(disk, strerror(errno));
    printf("%s: resized from %llu to %llu bytes\n", disk, (unsigned long long)info.size_bytes,
           (unsigned long long)size);
    return 0;
}
