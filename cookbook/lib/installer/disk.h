/* Writing a disk image: a GPT with the EFI system partition (holding the bootloader) and a
 * RedoxFS partition, or with skip_partitions a whole-disk RedoxFS. The RedoxFS is written
 * with the RedoxFS library — no root, no FUSE: mh_disk_begin makes the file and an empty
 * volume, the caller installs into disk->volume.fs (see mh_target_redoxfs_new), and
 * mh_disk_finish writes the ESP, the owners and the final commit. */
#ifndef MH_INSTALLER_DISK_H
#define MH_INSTALLER_DISK_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "installer/tree.h"
#include "redoxfs/host/volume.h"

typedef struct mh_disk_options {
    uint64_t size_bytes;
    uint64_t efi_mib;           /* EFI partition size */
    bool skip_partitions;       /* whole-disk RedoxFS, no GPT and no ESP */
    uint8_t seed[16];           /* derives GUIDs and the RedoxFS UUID: same inputs, same bytes */
    uint64_t time_sec;          /* SOURCE_DATE_EPOCH (else now): every timestamp in the image */
    const char *work_dir;       /* scratch space (the ESP is made there) */
} mh_disk_options;

typedef struct mh_disk {
    char *path;
    mh_disk_options options;
    uint64_t efi_start, efi_bytes; /* the ESP (unless skip_partitions) */
    rfs_volume volume;             /* volume.fs: NULL when not open */
} mh_disk;

/* Creates (or truncates) path to size_bytes, writes the partition table and an empty RedoxFS,
 * and opens it for writing. mh_disk_close must follow, whatever the result. */
int mh_disk_begin(mh_disk *disk, const char *path, const mh_disk_options *opt, mh_error *err);

/* Writes the ESP with bootloader_efi (a host file; ignored with skip_partitions), applies the
 * tree's owner rules and commits the RedoxFS durably. */
int mh_disk_finish(mh_disk *disk, const mh_install_tree *tree, const char *bootloader_efi,
                   mh_error *err);

void mh_disk_close(mh_disk *disk);

#endif
