#include "image/esp.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/files.h"
#include "base/process.h"
#include "base/strbuf.h"

/* Copies the temporary FAT image into the disk at offset. */
static int copy_into_disk(const char *fat_path, int fd, const char *disk_path, uint64_t offset,
                          mh_error *err) {
    int in = open(fat_path, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return mh_error_errno(err, fat_path, errno, "cannot open");
    char buf[65536];
    int rc = 0;
    for (;;) {
        ssize_t n = read(in, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            rc = mh_error_errno(err, fat_path, errno, "cannot read");
            break;
        }
        if (n == 0)
            break;
        for (ssize_t done = 0; done < n;) {
            ssize_t w = pwrite(fd, buf + done, (size_t)(n - done), (off_t)offset);
            if (w < 0 && errno == EINTR)
                continue;
            if (w < 0) {
                rc = mh_error_errno(err, disk_path, errno, "cannot write the EFI partition");
                goto out;
            }
            done += w;
            offset += (uint64_t)w;
        }
    }
out:
    close(in);
    return rc;
}

int mh_esp_write(int fd, const char *disk_path, uint64_t offset, uint64_t size_bytes,
                 const char *efi_file, const char *boot_name, int64_t source_date_epoch,
                 const char *work_dir, mh_error *err) {
    struct stat st;
    if (stat(efi_file, &st) != 0)
        return mh_error_errno(err, efi_file, errno, "cannot read the bootloader");
    if ((uint64_t)st.st_size + 64 * 1024 > size_bytes)
        return mh_error_set(err, efi_file, 0, 0,
                            "the bootloader (%lld bytes) does not fit in a %llu KiB EFI partition; "
                            "raise efi_partition_size in [general]",
                            (long long)st.st_size, (unsigned long long)(size_bytes / 1024));
    char *fat = mh_xasprintf("%s/esp.%ld.fat", work_dir, (long)getpid());
    char *epoch = mh_xasprintf("SOURCE_DATE_EPOCH=%lld", (long long)source_date_epoch);
    char *target = mh_xasprintf("::EFI/BOOT/%s", boot_name);
    char *sectors = mh_xasprintf("%llu", (unsigned long long)(size_bytes / 512));
    /* mcopy -m keeps the file's mtime: copy the bootloader with a pinned time so the FAT bytes
     * do not depend on when it was built. */
    char *pinned = mh_xasprintf("%s/esp.%ld.efi", work_dir, (long)getpid());
    /* mformat, not mkfs.fat: OVMF does not boot from the small FAT12 volume mkfs.fat makes for
     * a 1 MiB partition, but does from mformat's with this geometry. Fixed serial number. */
    char *mkfs[] = {"env", epoch, "mformat", "-i", fat, "-C", "-T", sectors, "-h", "64", "-s", "32",
                    "-v", "EFI", "-N", "4d484144", "::", NULL};
    char *mkdirs[] = {"env", epoch, "mmd", "-i", fat, "::EFI", "::EFI/BOOT", NULL};
    char *copy[] = {"env", epoch, "mcopy", "-m", "-i", fat, pinned, target, NULL};
    struct timespec times[2] = {{source_date_epoch, 0}, {source_date_epoch, 0}};
    char *data = NULL;
    size_t len;
    int rc = -1;
    if (mh_read_file(efi_file, &data, &len, err) != 0 ||
        mh_write_file_atomic(pinned, data, len, 0644, err) != 0)
        goto done;
    if (utimensat(AT_FDCWD, pinned, times, 0) != 0) {
        mh_error_errno(err, pinned, errno, "cannot set the time of");
        goto done;
    }
    unlink(fat);
    if (mh_run(mkfs, NULL, err) == 0 && mh_run(mkdirs, NULL, err) == 0 &&
        mh_run(copy, NULL, err) == 0)
        rc = copy_into_disk(fat, fd, disk_path, offset, err);
done:
    free(data);
    unlink(pinned);
    free(pinned);
    unlink(fat);
    free(fat);
    free(epoch);
    free(target);
    free(sectors);
    return rc;
}
