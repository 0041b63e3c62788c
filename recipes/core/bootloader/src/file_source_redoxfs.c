/* The file source of the real system: a RedoxFS volume (see file_source.h), read with the
 * shared freestanding RedoxFS core, read-only with hash checking, so a damaged block is
 * reported, never loaded.
 *
 * Where a volume may be, tried on the disk the bootloader came from first, then on every other:
 *   - every partition, at its first block (the installer's REDOX partition);
 *   - every whole disk at block 0: a RedoxFS made without a partition table
 *     (`redox_installer --skip-partition`);
 *   - a whole disk that carries a GPT at 2 MiB, where the installer's layout puts the REDOX
 *     partition, for firmware that exposes no partitions of a disk (upstream's UEFI loader
 *     looks there too).
 * The live variant then copies the whole volume into RAM and reads the files from the copy. */
#include "file_source.h"

#include <efi.h>
#include <efilib.h>
#include <stdbool.h>

#include "format.h"
#include "memory_types.h"
#include "redoxfs/core/redoxfs.h"
#include "redoxfs/core/shim.h"

#define REDOXFS_BLOCK_SIZE 4096u
#define CACHE_BYTES (1u << 20)
#define FILE_SIZE_LIMIT (1024ull * 1024 * 1024)
#define DEVICE_PATH_END_TYPE 0x7f
/* The installer's GPT: 512-byte sectors, header at LBA 1, REDOX partition at 2 MiB. */
#define GPT_SIGNATURE_OFFSET 512u
#define GPT_SIGNATURE "EFI PART"
#define INSTALLER_REDOXFS_BLOCK ((2u << 20) / REDOXFS_BLOCK_SIZE)
/* The live copy is read in pieces of this size, with a progress report after each. */
#define COPY_CHUNK_BYTES (8u << 20)

/* Where the volume's blocks come from: a disk or partition through the firmware ... */
struct disk_device {
    EFI_DISK_IO *disk_io;
    UINT32 media_id;
    UINT64 bytes;
};

/* ... or, in the live variant, the copy in RAM (which starts with the volume's first block). */
struct memory_device {
    const UINT8 *base;
    UINT64 bytes;
};

static struct disk_device disk_device;
static struct memory_device memory_device;
static rfs_fs *volume;
static char description[128] = "RedoxFS partition";
static char problem[RFS_ERROR_MAX + 64];
static bool have_problem;

/* The core's requirements (redoxfs/core/shim.h). */
void *rfs_shim_alloc(size_t size)
{
    void *memory = NULL;
    return EFI_ERROR(BS->AllocatePool(EfiLoaderData, size, &memory)) ? NULL : memory;
}

void rfs_shim_free(void *memory)
{
    if (memory != NULL)
        BS->FreePool(memory);
}

void rfs_shim_now(uint64_t *seconds, uint32_t *nanoseconds)
{
    EFI_TIME time;
    *seconds = 0;
    *nanoseconds = 0;
    if (EFI_ERROR(RT->GetTime(&time, NULL)) || time.Month < 1 || time.Month > 12)
        return;
    /* Days since 1970-01-01 for a Gregorian date (era-based civil calendar arithmetic). */
    int64_t year = time.Year - (time.Month <= 2);
    int64_t era = (year >= 0 ? year : year - 399) / 400;
    int64_t year_of_era = year - era * 400;
    int64_t day_of_year = (153 * (time.Month + (time.Month > 2 ? -3 : 9)) + 2) / 5 + time.Day - 1;
    int64_t days = era * 146097 + year_of_era * 365 + year_of_era / 4 - year_of_era / 100 +
                   day_of_year - 719468;
    *seconds = (uint64_t)(days * 86400 + time.Hour * 3600 + time.Minute * 60 + time.Second);
    *nanoseconds = time.Nanosecond;
}

static int read_disk_blocks(void *context, uint64_t block, uint64_t count, void *buffer)
{
    const struct disk_device *source = context;
    uint64_t limit = source->bytes / REDOXFS_BLOCK_SIZE;
    if (block > limit || count > limit - block)
        return -RFS_EIO;
    EFI_STATUS status = source->disk_io->ReadDisk(source->disk_io, source->media_id,
                                                  block * REDOXFS_BLOCK_SIZE,
                                                  count * REDOXFS_BLOCK_SIZE, buffer);
    return EFI_ERROR(status) ? -RFS_EIO : 0;
}

static int read_memory_blocks(void *context, uint64_t block, uint64_t count, void *buffer)
{
    const struct memory_device *source = context;
    uint64_t limit = source->bytes / REDOXFS_BLOCK_SIZE;
    if (block > limit || count > limit - block)
        return -RFS_EIO;
    CopyMem(buffer, (void *)(source->base + block * REDOXFS_BLOCK_SIZE), count * REDOXFS_BLOCK_SIZE);
    return 0;
}

static void set_problem(const char *format, const char *detail)
{
    format_buffer(problem, sizeof problem, format, detail);
    have_problem = true;
}

/* Bytes of a device path before the node at depth `skip_last` from its end (0: the whole path,
 * 1: without its last node). */
static UINTN device_path_prefix(const EFI_DEVICE_PATH *path, int skip_last)
{
    const UINT8 *bytes = (const UINT8 *)path;
    UINTN offset = 0, last = 0;
    while (bytes[offset] != DEVICE_PATH_END_TYPE) {
        UINT16 length = (UINT16)(bytes[offset + 2] | bytes[offset + 3] << 8);
        if (length < 4)
            break;
        last = offset;
        offset += length;
    }
    return skip_last ? last : offset;
}

/* The device path of the disk a block device belongs to, as (path, length): a partition's
 * path without its last node, a whole disk's own path. */
static UINTN disk_path(EFI_HANDLE handle, const EFI_DEVICE_PATH **path)
{
    EFI_BLOCK_IO *block_io;
    *path = DevicePathFromHandle(handle);
    if (*path == NULL || EFI_ERROR(BS->HandleProtocol(handle, &BlockIoProtocol, (void **)&block_io)))
        return 0;
    return device_path_prefix(*path, block_io->Media->LogicalPartition ? 1 : 0);
}

static bool on_same_disk(EFI_HANDLE a, EFI_HANDLE b)
{
    const EFI_DEVICE_PATH *path_a, *path_b;
    UINTN length = disk_path(a, &path_a);
    return length > 0 && length == disk_path(b, &path_b) &&
           CompareMem((void *)path_a, (void *)path_b, length) == 0;
}

/* What a volume found at a place is called in messages. */
enum volume_place {
    PLACE_PARTITION,     /* a partition the firmware exposes */
    PLACE_WHOLE_DISK,    /* block 0 of a disk without a partition table */
    PLACE_GPT_DISK,      /* 2 MiB into a GPT disk whose partitions the firmware does not expose */
};

static const char *place_name(enum volume_place place)
{
    switch (place) {
    case PLACE_WHOLE_DISK: return "whole-disk RedoxFS";
    case PLACE_GPT_DISK: return "RedoxFS partition at 2 MiB of a GPT disk";
    default: return "RedoxFS partition";
    }
}

static bool open_device(EFI_HANDLE handle, EFI_BLOCK_IO **block_io, struct disk_device *device)
{
    EFI_DISK_IO *disk_io;
    if (EFI_ERROR(BS->HandleProtocol(handle, &BlockIoProtocol, (void **)block_io)) ||
        !(*block_io)->Media->MediaPresent ||
        EFI_ERROR(BS->HandleProtocol(handle, &DiskIoProtocol, (void **)&disk_io)))
        return false;
    *device = (struct disk_device){
        .disk_io = disk_io,
        .media_id = (*block_io)->Media->MediaId,
        .bytes = ((*block_io)->Media->LastBlock + 1) * (*block_io)->Media->BlockSize,
    };
    return true;
}

static void describe_volume(const char *what)
{
    rfs_info info;
    rfs_get_info(volume, &info);
    format_buffer(description, sizeof description,
                  "%s (%llu MiB, generation %llu, uuid %02x%02x%02x%02x-...)", what,
                  (unsigned long long)(info.size_bytes >> 20), (unsigned long long)info.generation,
                  info.uuid[0], info.uuid[1], info.uuid[2], info.uuid[3]);
}

/* Opens the volume whose header ring starts at `block` of the device if there is one. One that
 * has a RedoxFS header but cannot be opened (damaged, encrypted) leaves its reason in problem,
 * unless an earlier one did: the first place tried is the likeliest to be the one meant. */
static bool try_volume(const struct disk_device *device, uint64_t block, enum volume_place place)
{
    disk_device = *device;
    rfs_disk disk = {
        .ctx = &disk_device,
        .read = read_disk_blocks,
        .blocks = disk_device.bytes / REDOXFS_BLOCK_SIZE,
    };
    rfs_open_options options = {.have_block = true, .block = block, .cache_bytes = CACHE_BYTES};
    rfs_error error = {0};
    if (rfs_open(&volume, &disk, &options, &error) == 0) {
        describe_volume(place_name(place));
        return true;
    }
    if (error.code != RFS_EINVAL && !have_problem) { /* a RedoxFS volume, but unusable */
        char format[96];
        format_buffer(format, sizeof format, "a %s cannot be opened: %%s", place_name(place));
        set_problem(format, error.message);
    }
    return false;
}

static bool try_partition(EFI_HANDLE handle)
{
    EFI_BLOCK_IO *block_io;
    struct disk_device device;
    return open_device(handle, &block_io, &device) && block_io->Media->LogicalPartition &&
           try_volume(&device, 0, PLACE_PARTITION);
}

static bool has_gpt(const struct disk_device *device)
{
    char signature[sizeof GPT_SIGNATURE - 1];
    return device->bytes > GPT_SIGNATURE_OFFSET + sizeof signature &&
           !EFI_ERROR(device->disk_io->ReadDisk(device->disk_io, device->media_id, GPT_SIGNATURE_OFFSET,
                                                sizeof signature, signature)) &&
           CompareMem(signature, GPT_SIGNATURE, sizeof signature) == 0;
}

static bool try_whole_disk(EFI_HANDLE handle)
{
    EFI_BLOCK_IO *block_io;
    struct disk_device device;
    if (!open_device(handle, &block_io, &device) || block_io->Media->LogicalPartition)
        return false;
    if (has_gpt(&device))
        return try_volume(&device, INSTALLER_REDOXFS_BLOCK, PLACE_GPT_DISK);
    return try_volume(&device, 0, PLACE_WHOLE_DISK);
}

EFI_STATUS file_source_open(EFI_HANDLE image)
{
    EFI_LOADED_IMAGE *loaded_image;
    EFI_STATUS status = BS->HandleProtocol(image, &LoadedImageProtocol, (void **)&loaded_image);
    if (EFI_ERROR(status))
        return status;
    UINTN count = 0;
    EFI_HANDLE *handles = NULL;
    status = BS->LocateHandleBuffer(ByProtocol, &BlockIoProtocol, NULL, &count, &handles);
    if (EFI_ERROR(status))
        return status;
    /* First the boot disk, then every other one; partitions before whole disks, so a disk the
     * firmware has split into partitions is read through them. */
    for (int pass = 0; pass < 2 && volume == NULL; pass++) {
        for (UINTN i = 0; i < count && volume == NULL; i++) {
            if (on_same_disk(handles[i], loaded_image->DeviceHandle) == (pass == 0))
                try_partition(handles[i]);
        }
        for (UINTN i = 0; i < count && volume == NULL; i++) {
            if (on_same_disk(handles[i], loaded_image->DeviceHandle) == (pass == 0))
                try_whole_disk(handles[i]);
        }
    }
    BS->FreePool(handles);
    if (volume == NULL)
        return have_problem ? EFI_VOLUME_CORRUPTED : EFI_NOT_FOUND;
    have_problem = false;
    return EFI_SUCCESS;
}

const char *file_source_description(void)
{
    return description;
}

const char *file_source_problem(void)
{
    return have_problem ? problem : NULL;
}

static EFI_STATUS core_failure(int code)
{
    set_problem("%s", rfs_last_error(volume)->message);
    switch (-code) {
    case RFS_ENOMEM: return EFI_OUT_OF_RESOURCES;
    case RFS_EIO: return EFI_VOLUME_CORRUPTED;
    default: return EFI_LOAD_ERROR;
    }
}

EFI_STATUS file_source_load(const char *path, UINT32 memory_type, struct loaded_file *file)
{
    have_problem = false;
    uint32_t id;
    int code = rfs_lookup_path(volume, path, &id);
    if (code == -RFS_ENOENT || code == -RFS_ENOTDIR)
        return EFI_NOT_FOUND;
    if (code < 0)
        return core_failure(code);
    rfs_attr attributes;
    code = rfs_stat(volume, id, &attributes);
    if (code < 0)
        return core_failure(code);
    if ((attributes.mode & RFS_MODE_TYPE) != RFS_MODE_FILE) {
        set_problem("%s", "not a regular file");
        return EFI_LOAD_ERROR;
    }
    if (attributes.size > FILE_SIZE_LIMIT)
        return EFI_BAD_BUFFER_SIZE;
    UINTN pages = attributes.size == 0 ? 1 : BOOT_PAGES(attributes.size);
    EFI_PHYSICAL_ADDRESS address = 0;
    EFI_STATUS status = BS->AllocatePages(AllocateAnyPages, (EFI_MEMORY_TYPE)memory_type, pages, &address);
    if (EFI_ERROR(status))
        return status;
    UINT8 *destination = (UINT8 *)(UINTN)address;
    for (uint64_t offset = 0; offset < attributes.size;) {
        size_t done = 0;
        code = rfs_read(volume, id, offset, destination + offset, attributes.size - offset, &done);
        if (code == 0 && done == 0) {
            set_problem("%s", "the file ends before its recorded size");
            code = -RFS_EIO;
        }
        if (code < 0) {
            status = have_problem ? EFI_VOLUME_CORRUPTED : core_failure(code);
            BS->FreePages(address, pages);
            return status;
        }
        offset += done;
    }
    *file = (struct loaded_file){.address = address, .size = attributes.size, .pages = pages};
    return EFI_SUCCESS;
}

/* Reads the volume's bytes from the disk into destination, reporting progress per chunk. */
static EFI_STATUS copy_volume(UINT64 first_byte, UINT64 size, UINT8 *destination,
                              file_source_progress_fn progress)
{
    for (UINT64 offset = 0; offset < size;) {
        UINT64 chunk = size - offset < COPY_CHUNK_BYTES ? size - offset : COPY_CHUNK_BYTES;
        EFI_STATUS status = disk_device.disk_io->ReadDisk(disk_device.disk_io, disk_device.media_id,
                                                          first_byte + offset, chunk,
                                                          destination + offset);
        if (EFI_ERROR(status)) {
            char where[64];
            format_buffer(where, sizeof where, "%llu", (unsigned long long)(first_byte + offset));
            set_problem("the disk read failed at device byte %s", where);
            return status;
        }
        offset += chunk;
        progress(offset, size);
    }
    return EFI_SUCCESS;
}

EFI_STATUS file_source_copy_to_memory(UINT32 memory_type, file_source_progress_fn progress,
                                      struct loaded_file *copy)
{
    have_problem = false;
    rfs_info info;
    rfs_get_info(volume, &info);
    /* Whole blocks only: the core never reads a partial block past the last whole one. */
    UINT64 size = info.size_bytes / REDOXFS_BLOCK_SIZE * REDOXFS_BLOCK_SIZE;
    UINTN pages = BOOT_PAGES(size);
    EFI_PHYSICAL_ADDRESS address = 0;
    EFI_STATUS status = BS->AllocatePages(AllocateAnyPages, (EFI_MEMORY_TYPE)memory_type, pages, &address);
    if (EFI_ERROR(status)) {
        set_problem("%s", "not enough free memory for a copy of the whole volume");
        return status;
    }
    status = copy_volume(info.block * REDOXFS_BLOCK_SIZE, size, (UINT8 *)(UINTN)address, progress);
    if (EFI_ERROR(status)) {
        BS->FreePages(address, pages);
        return status;
    }
    /* From now on every file comes from the copy, hash-checked again: the boot files are the
     * bytes the OS will run from. */
    char what[sizeof description];
    format_buffer(what, sizeof what, "RAM copy of the %s", description);
    rfs_close(volume);
    volume = NULL;
    memory_device = (struct memory_device){.base = (const UINT8 *)(UINTN)address, .bytes = size};
    rfs_disk disk = {.ctx = &memory_device, .read = read_memory_blocks, .blocks = size / REDOXFS_BLOCK_SIZE};
    rfs_open_options options = {.have_block = true, .block = 0, .cache_bytes = CACHE_BYTES};
    rfs_error error = {0};
    if (rfs_open(&volume, &disk, &options, &error) != 0) {
        set_problem("the RAM copy cannot be opened: %s", error.message);
        BS->FreePages(address, pages);
        return EFI_VOLUME_CORRUPTED;
    }
    format_buffer(description, sizeof description, "%s", what);
    *copy = (struct loaded_file){.address = address, .size = size, .pages = pages};
    return EFI_SUCCESS;
}

void file_source_close(void)
{
    rfs_close(volume);
    volume = NULL;
}
