/* Where the bootloader reads /boot/kernel, /boot/initfs and /boot/cmdline from. Exactly one
 * implementation is linked (Makefile FILE_SOURCE):
 *   redoxfs  file_source_redoxfs.c: the RedoxFS volume (a partition, or a whole disk), through
 *            the shared freestanding RedoxFS core (cookbook/lib/redoxfs/core), read-only and
 *            hash-checked (default; the only source of the live variant)
 *   esp      file_source_esp.c: the FAT volume the bootloader was loaded from, for development
 *            images made without RedoxFS tools */
#ifndef BOOT_FILE_SOURCE_H
#define BOOT_FILE_SOURCE_H

#include <efi.h>

struct loaded_file {
    EFI_PHYSICAL_ADDRESS address; /* page aligned */
    UINT64 size;                  /* bytes of file content */
    UINTN pages;                  /* pages allocated (at least 1) */
};

/* Opens the source; image is the bootloader's own image handle. */
EFI_STATUS file_source_open(EFI_HANDLE image);

/* A description for messages, e.g. "boot volume (FAT)". */
const char *file_source_description(void);

/* Reads a whole file (path like "/boot/kernel") into newly allocated pages of memory_type.
 * Returns EFI_NOT_FOUND when the file does not exist. */
EFI_STATUS file_source_load(const char *path, UINT32 memory_type, struct loaded_file *file);

/* Details of the last failure of file_source_open or file_source_load (e.g. which block of
 * the filesystem failed its hash check), or NULL when the status says it all. */
const char *file_source_problem(void);

/* Called after each piece of a long copy with the bytes done so far and the total. */
typedef void (*file_source_progress_fn)(UINT64 done, UINT64 total);

/* The live variant's step (redoxfs source only): copies the whole open volume, from the first
 * block of its header ring to its last block, into newly allocated pages of memory_type, and
 * reads every later file from that copy, hash-checked like the disk. *copy describes the copy;
 * the volume starts at its first byte. */
EFI_STATUS file_source_copy_to_memory(UINT32 memory_type, file_source_progress_fn progress,
                                      struct loaded_file *copy);

void file_source_close(void);

#endif
