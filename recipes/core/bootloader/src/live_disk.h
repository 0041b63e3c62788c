/* The live variant's own step (bootloader-live.efi, built with BOOT_LIVE): the whole RedoxFS
 * volume is copied into RAM before anything is read from it, the boot files come from that
 * copy, and the OS runs from it (upstream's live images work this way, so one image boots from
 * read-only or slow media and leaves the medium free).
 *
 * The copy's pages have their own UEFI memory type (BOOT_MEMORY_LIVE_DISK), so the memory map
 * tells the kernel to keep them. Until the boot information has a field for the copy, the
 * kernel learns where it is from the command line word "live=0xADDRESS,0xSIZE" (physical
 * address of the volume's first block, bytes). */
#ifndef BOOT_LIVE_DISK_H
#define BOOT_LIVE_DISK_H

#include <efi.h>

#include "file_source.h"

/* Room the command line must leave for the live word: " live=0x" 16 digits ",0x" 16 digits. */
#define LIVE_DISK_ARGUMENT_MAX 48u

/* Copies the open volume into RAM and switches the file source to the copy. Reports progress
 * and the result on the console; on failure the error is already reported (log_fatal). */
EFI_STATUS live_disk_load(struct loaded_file *copy);

/* Appends the live word to the NUL-terminated command line of *length bytes in a buffer of
 * capacity bytes, which must have LIVE_DISK_ARGUMENT_MAX bytes to spare. */
void live_disk_append_argument(const struct loaded_file *copy, char *cmdline, UINTN capacity,
                               UINT64 *length);

#endif
