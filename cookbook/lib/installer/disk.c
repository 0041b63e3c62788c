#include "installer/disk.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/strbuf.h"
#include "image/esp.h"
#include "image/gpt.h"

/* The smallest RedoxFS worth making: the header ring and a little room. */
#define MIN_REDOXFS_BYTES (2u * 1024u * 1024u)

typedef struct id_list {
    uint32_t *ids;
    size_t count;
} id_list;

static int collect_child(void *ctx, const uint8_t *name, uint32_t len, uint32_t id) {
    (void)name;
    (void)len;
    id_list *l = ctx;
    l->ids = mh_xrealloc(l->ids, (l->count + 1) * sizeof *l->ids);
    l->ids[l->count++] = id;
    return 0;
}

static int set_owner(rfs_fs *fs, uint32_t id, const mh_owner_rule *rule, int depth, mh_error *err,
                     const char *image) {
    rfs_attr st;
    if (rfs_stat(fs, id, &st) < 0)
        return rfs_host_error(err, image, rfs_last_error(fs));
    /* A chown stamps ctime: keep the one the node has, so that the image does not depend on
     * when it was made (even on a volume without a fixed clock). */
    rfs_attr_update up = {.mask = RFS_SET_UID | RFS_SET_GID | RFS_SET_CTIME, .uid = rule->uid,
                          .gid = rule->gid, .ctime = st.ctime, .ctime_nsec = st.ctime_nsec};
    if (rfs_setattr(fs, id, &up) < 0)
        return rfs_host_error(err, image, rfs_last_error(fs));
    if (!rule->recursive || (st.mode & 0xF000) != 0x4000)
        return 0;
    if (depth > 256)
        return mh_error_set(err, image, 0, 0, "directories under /%s nest deeper than 256", rule->path);
    /* Collect first, then change: the listing is not disturbed by the updates. */
    id_list children = {0};
    uint64_t cookie = 0;
    int rc = rfs_readdir(fs, id, &cookie, collect_child, &children) < 0
                 ? rfs_host_error(err, image, rfs_last_error(fs))
                 : 0;
    for (size_t i = 0; rc == 0 && i < children.count; i++)
        rc = set_owner(fs, children.ids[i], rule, depth + 1, err, image);
    free(children.ids);
    return rc;
}

static int apply_owners(rfs_fs *fs, const mh_install_tree *tree, const char *image, mh_error *err) {
    for (size_t i = 0; i < tree->rule_count; i++) {
        char *path = mh_xasprintf("/%s", tree->rules[i].path);
        uint32_t id;
        int rc = rfs_lookup_path(fs, path, &id) < 0 ? rfs_host_error(err, image, rfs_last_error(fs)) : 0;
        if (rc != 0)
            mh_error_prefix(err, "cannot set the owner of %s", path);
        free(path);
        if (rc != 0 || set_owner(fs, id, &tree->rules[i], 0, err, image) != 0)
            return -1;
    }
    return 0;
}

int mh_disk_begin(mh_disk *disk, const char *path, const mh_disk_options *opt, mh_error *err) {
    memset(disk, 0, sizeof *disk);
    disk->path = mh_xstrdup(path);
    disk->options = *opt;
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return mh_error_errno(err, path, errno, "cannot create the image");
    if (ftruncate(fd, (off_t)opt->size_bytes) != 0) {
        int saved = errno;
        close(fd);
        return mh_error_errno(err, path, saved, "cannot size the image to %llu bytes",
                              (unsigned long long)opt->size_bytes);
    }
    int rc = 0;
    uint64_t fs_offset = 0, fs_length = opt->size_bytes;
    if (!opt->skip_partitions) {
        mh_gpt_layout layout;
        rc = mh_gpt_plan(opt->size_bytes, opt->efi_mib, MIN_REDOXFS_BYTES, &layout, err);
        if (rc == 0)
            rc = mh_gpt_write(fd, path, &layout, opt->seed, err);
        disk->efi_start = layout.efi_start;
        disk->efi_bytes = layout.efi_end - layout.efi_start;
        fs_offset = layout.redox_start;
        fs_length = layout.redox_end - layout.redox_start;
    }
    if (close(fd) != 0 && rc == 0)
        rc = mh_error_errno(err, path, errno, "cannot write the image");
    if (rc != 0)
        return -1;
    rfs_create_options co = {0};
    co.offset = fs_offset;
    co.length = fs_length;
    co.have_uuid = true;
    memcpy(co.uuid, opt->seed, 16);
    co.uuid[6] = (uint8_t)((co.uuid[6] & 0x0f) | 0x40);
    co.uuid[8] = (uint8_t)((co.uuid[8] & 0x3f) | 0x80);
    co.have_time = true;
    co.time_sec = opt->time_sec;
    if (rfs_volume_create(path, &co, err) < 0)
        return -1;
    rfs_volume_options vo = {.writable = true, .offset = fs_offset, .length = fs_length,
                             .fixed_time = true, .fixed_time_sec = opt->time_sec};
    return rfs_volume_open(&disk->volume, path, &vo, err);
}

int mh_disk_finish(mh_disk *disk, const mh_install_tree *tree, const char *bootloader_efi,
                   mh_error *err) {
    const mh_disk_options *opt = &disk->options;
    if (!opt->skip_partitions) {
        int fd = open(disk->path, O_RDWR | O_CLOEXEC);
        if (fd < 0)
            return mh_error_errno(err, disk->path, errno, "cannot open the image");
        int rc = mh_esp_write(fd, disk->path, disk->efi_start, disk->efi_bytes, bootloader_efi,
                              "BOOTX64.EFI", (int64_t)opt->time_sec, opt->work_dir, err);
        if (close(fd) != 0 && rc == 0)
            rc = mh_error_errno(err, disk->path, errno, "cannot write the image");
        if (rc != 0)
            return -1;
    }
    rfs_fs *fs = disk->volume.fs;
    if (apply_owners(fs, tree, disk->path, err) != 0)
        return -1;
    disk->volume.image.sync = true;
    if (rfs_commit(fs, true) < 0)
        return rfs_host_error(err, disk->path, rfs_last_error(fs));
    return 0;
}

void mh_disk_close(mh_disk *disk) {
    if (disk->volume.fs)
        rfs_volume_close(&disk->volume);
    free(disk->path);
    memset(disk, 0, sizeof *disk);
}
