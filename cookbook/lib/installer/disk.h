/* Writing a disk image from an install tree: a GPT with the EFI system partition (holding the
 * bootloader) and a RedoxFS partition, or with skip_partitions a whole-disk RedoxFS. The
 * RedoxFS is written with the RedoxFS library — no root, no FUSE — and every file is owned
 * by root except where the tree's owner rules say otherwise. */
#ifndef MH_INSTALLER_DISK_H
#define MH_INSTALLER_DISK_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "installer/tree.h"

typedef struct mh_disk_options {
    uint64_t size_bytes;
    uint64_t efi_mib;           /* EFI partition size */
    bool skip_partitions;       /* whole-disk RedoxFS, no GPT and no ESP */
    const char *bootloader_efi; /* the EFI application for EFI/BOOT/BOOTX64.EFI */
    uint8_t seed[16];           /* derives GUIDs and the RedoxFS UUID: same inputs, same bytes */
    uint64_t time_sec;          /* SOURCE_DATE_EPOCH: newer timestamps are clamped to it */
    const char *work_dir;       /* scratch space (the ESP is made there) */
} mh_disk_options;

/* Writes the image into path, which is created (or truncated) to size_bytes. */
int mh_disk_write(const char *path, const mh_install_tree *tree, const mh_disk_options *opt,
                  mh_error *err);

#endif
