/* GUID partition tables as the Redox installer lays them out (spec §5): 512-byte sectors, a
 * protective MBR, primary and backup tables with correct CRC32s, and three partitions —
 * "BIOS" (BIOS boot, LBA 34 to 1 MiB), "EFI" (EFI system partition at 1 MiB) and "REDOX" (Linux
 * filesystem type GUID, as upstream, from the end of the ESP to the last whole MiB before the
 * backup table). GUIDs come from a caller-given seed so that images are reproducible. */
#ifndef MH_IMAGE_GPT_H
#define MH_IMAGE_GPT_H

#include <stdint.h>

#include "base/error.h"

#define MH_SECTOR 512u
#define MH_MIB (1024u * 1024u)

typedef struct mh_gpt_layout {
    uint64_t disk_bytes;
    uint64_t bios_start, bios_end;   /* byte ranges, end exclusive */
    uint64_t efi_start, efi_end;
    uint64_t redox_start, redox_end;
} mh_gpt_layout;

/* Computes the layout for a disk of disk_bytes with an ESP of efi_mib MiB. Fails when the disk
 * is too small to hold the tables, the partitions and a RedoxFS of at least min_redox_bytes. */
int mh_gpt_plan(uint64_t disk_bytes, uint64_t efi_mib, uint64_t min_redox_bytes,
                mh_gpt_layout *layout, mh_error *err);

/* Writes the protective MBR and both GPTs of layout into the file descriptor fd (the disk
 * image, already disk_bytes long). seed (16 bytes) derives the disk and partition GUIDs. */
int mh_gpt_write(int fd, const char *path, const mh_gpt_layout *layout, const uint8_t seed[16],
                 mh_error *err);

/* CRC-32 (IEEE 802.3, as GPT and zlib use). */
uint32_t mh_crc32(uint32_t crc, const void *data, size_t len);

#endif
