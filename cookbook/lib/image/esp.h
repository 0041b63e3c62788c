/* The EFI system partition: a FAT filesystem made and filled with mtools
 * (Debian's tools; no root, no mount), holding the bootloader as EFI/BOOT/BOOTX64.EFI.
 * Volume id, times and layout are fixed by the inputs, so the bytes are reproducible. */
#ifndef MH_IMAGE_ESP_H
#define MH_IMAGE_ESP_H

#include <stdint.h>

#include "base/error.h"

/* Builds a FAT filesystem of size_bytes holding efi_file as EFI/BOOT/<boot_name> (for x86_64:
 * BOOTX64.EFI) and writes it into the open disk image fd at offset. Timestamps are
 * source_date_epoch. work_dir holds the temporary FAT image. */
int mh_esp_write(int fd, const char *disk_path, uint64_t offset, uint64_t size_bytes,
                 const char *efi_file, const char *boot_name, int64_t source_date_epoch,
                 const char *work_dir, mh_error *err);

#endif
