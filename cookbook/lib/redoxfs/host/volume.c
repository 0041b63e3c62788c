#include "redoxfs/host/volume.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>
#include <uuid/uuid.h>

#include "base/files.h"

#define DIRTY_LIMIT_DEFAULT (64u << 20)

static int random_uuid(uint8_t uuid[16], mh_error *err) {
    if (getrandom(uuid, 16, 0) != 16)
        return mh_error_errno(err, NULL, errno, "cannot get random bytes for the UUID");
    uuid[6] = (uint8_t)((uuid[6] & 0x0F) | 0x40);
    uuid[8] = (uint8_t)((uuid[8] & 0x3F) | 0x80);
    return 0;
}

/* Writes the bootloader at the device start; *blocks is its size in whole blocks. */
static int write_bootloader(rfs_image *img, const char *path, uint64_t *blocks, mh_error *err) {
    char *data;
    size_t len;
    if (mh_read_file(path, &data, &len, err) < 0)
        return -1;
    uint64_t count = (len + RFS_BLOCK_SIZE - 1) / RFS_BLOCK_SIZE;
    uint8_t *padded = calloc(count ? count : 1, RFS_BLOCK_SIZE);
    memcpy(padded, data, len);
    free(data);
    int rc = 0;
    if (count && img->disk.blocks < count)
        rc = mh_error_set(err, img->path, 0, 0, "the image is smaller than the bootloader %s", path);
    else if (count && (rc = img->disk.write(img, 0, count, padded)) < 0)
        rc = mh_error_errno(err, img->path, -rc, "cannot write the bootloader");
    free(padded);
    *blocks = count;
    return rc;
}

int rfs_volume_create(const char *image, const rfs_create_options *opt, mh_error *err) {
    rfs_image img;
    rfs_image_options io = {.writable = true, .offset = opt->offset, .length = opt->length, .sync = true};
    if (rfs_image_open(&img, image, &io, err) < 0)
        return -1;
    rfs_mkfs_options mo = {0};
    int rc = 0;
    if (opt->have_uuid)
        memcpy(mo.uuid, opt->uuid, 16);
    else
        rc = random_uuid(mo.uuid, err);
    if (opt->have_time) {
        mo.time_sec = opt->time_sec;
    } else {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        mo.time_sec = (uint64_t)ts.tv_sec;
        mo.time_nsec = (uint32_t)ts.tv_nsec;
    }
    if (rc == 0 && opt->bootloader)
        rc = write_bootloader(&img, opt->bootloader, &mo.reserved_blocks, err);
    rfs_error e = {0};
    if (rc == 0 && rfs_mkfs(&img.disk, &mo, &e) < 0)
        rc = rfs_host_error(err, image, &e);
    rfs_image_close(&img);
    return rc;
}

int rfs_volume_open(rfs_volume *v, const char *image, const rfs_volume_options *opt, mh_error *err) {
    v->fs = NULL;
    rfs_image_options io = {.writable = opt->writable, .offset = opt->offset, .length = opt->length,
                            .sync = opt->sync};
    if (rfs_image_open(&v->image, image, &io, err) < 0)
        return -1;
    rfs_open_options oo = {
        .writable = opt->writable,
        .have_block = opt->have_block,
        .block = opt->block,
        .dirty_limit = opt->dirty_limit ? opt->dirty_limit : DIRTY_LIMIT_DEFAULT,
        .fixed_time = opt->fixed_time,
        .fixed_time_sec = opt->fixed_time_sec,
    };
    rfs_error e = {0};
    if (rfs_open(&v->fs, &v->image.disk, &oo, &e) < 0) {
        rfs_host_error(err, image, &e);
        rfs_image_close(&v->image);
        return -1;
    }
    return 0;
}

void rfs_volume_close(rfs_volume *v) {
    rfs_close(v->fs);
    v->fs = NULL;
    rfs_image_close(&v->image);
}

int rfs_source_date_epoch(uint64_t *sec, mh_error *err) {
    const char *s = getenv("SOURCE_DATE_EPOCH");
    if (!s || !*s)
        return 0;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || *s == '-')
        return mh_error_set(err, NULL, 0, 0, "SOURCE_DATE_EPOCH=%s is not a number of seconds", s);
    *sec = v;
    return 1;
}

int rfs_uuid_parse(const char *text, uint8_t uuid[16], mh_error *err) {
    if (uuid_parse(text, uuid) < 0)
        return mh_error_set(err, NULL, 0, 0, "'%s' is not a UUID (expected 8-4-4-4-12 hex digits)", text);
    return 0;
}

void rfs_uuid_format(const uint8_t uuid[16], char out[37]) {
    uuid_unparse_lower(uuid, out);
}

int rfs_create_options_init(rfs_create_options *opt, const char *uuid_text, mh_error *err) {
    memset(opt, 0, sizeof *opt);
    if (uuid_text) {
        if (rfs_uuid_parse(uuid_text, opt->uuid, err) < 0)
            return -1;
        opt->have_uuid = true;
    }
    int rc = rfs_source_date_epoch(&opt->time_sec, err);
    opt->have_time = rc > 0;
    return rc < 0 ? -1 : 0;
}
