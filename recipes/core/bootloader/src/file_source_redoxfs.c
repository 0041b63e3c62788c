/* The file source of the real system: the RedoxFS partition (see file_source.h), read with the
 * shared freestanding RedoxFS core. Every partition the firmware knows is probed for a RedoxFS
 * header at its first block, partitions of the disk the bootloader came from first; the volume
 * is opened read-only with hash checking, so a damaged block is reported, never loaded. */
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

struct partition {
    EFI_DISK_IO *disk_io;
    UINT32 media_id;
    UINT64 bytes;
};

static struct partition partition;
static rfs_fs *volume;
static char description[96] = "RedoxFS partition";
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

static int read_blocks(void *context, uint64_t block, uint64_t count, void *buffer)
{
    const struct partition *source = context;
    uint64_t limit = source->bytes / REDOXFS_BLOCK_SIZE;
    if (block > limit || count > limit - block)
        return -RFS_EIO;
    EFI_STATUS status = source->disk_io->ReadDisk(source->disk_io, source->media_id,
                                                  block * REDOXFS_BLOCK_SIZE,
                                                  count * REDOXFS_BLOCK_SIZE, buffer);
    return EFI_ERROR(status) ? -RFS_EIO : 0;
}

static void set_problem(const char *format, const char *detail)
{
    format_buffer(problem, sizeof problem, format, detail);
    have_problem = true;
}

/* Bytes of a device path up to (not including) its last node: for a partition, the path of
 * the disk it is on. */
static UINTN parent_path_length(const EFI_DEVICE_PATH *path)
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
    return last;
}

static bool on_same_disk(EFI_HANDLE a, EFI_HANDLE b)
{
    EFI_DEVICE_PATH *path_a = DevicePathFromHandle(a);
    EFI_DEVICE_PATH *path_b = DevicePathFromHandle(b);
    if (path_a == NULL || path_b == NULL)
        return false;
    UINTN length = parent_path_length(path_a);
    return length > 0 && length == parent_path_length(path_b) && CompareMem(path_a, path_b, length) == 0;
}

/* Opens the RedoxFS volume on handle if there is one; false otherwise. A partition that has a
 * RedoxFS header but cannot be opened (damaged, encrypted) leaves its reason in problem. */
static bool try_partition(EFI_HANDLE handle)
{
    EFI_BLOCK_IO *block_io;
    EFI_DISK_IO *disk_io;
    if (EFI_ERROR(BS->HandleProtocol(handle, &BlockIoProtocol, (void **)&block_io)) ||
        !block_io->Media->LogicalPartition || !block_io->Media->MediaPresent ||
        EFI_ERROR(BS->HandleProtocol(handle, &DiskIoProtocol, (void **)&disk_io)))
        return false;
    partition = (struct partition){
        .disk_io = disk_io,
        .media_id = block_io->Media->MediaId,
        .bytes = (block_io->Media->LastBlock + 1) * block_io->Media->BlockSize,
    };
    rfs_disk disk = {
        .ctx = &partition,
        .read = read_blocks,
        .blocks = partition.bytes / REDOXFS_BLOCK_SIZE,
    };
    rfs_open_options options = {.have_block = true, .block = 0, .cache_bytes = CACHE_BYTES};
    rfs_error error = {0};
    if (rfs_open(&volume, &disk, &options, &error) == 0)
        return true;
    if (error.code != RFS_EINVAL) /* a RedoxFS volume, but unusable */
        set_problem("a RedoxFS partition cannot be opened: %s", error.message);
    return false;
}

static void describe_volume(void)
{
    rfs_info info;
    rfs_get_info(volume, &info);
    format_buffer(description, sizeof description,
                  "RedoxFS partition (%llu MiB, generation %llu, uuid %02x%02x%02x%02x-...)",
                  (unsigned long long)(info.size_bytes >> 20), (unsigned long long)info.generation,
                  info.uuid[0], info.uuid[1], info.uuid[2], info.uuid[3]);
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
    /* First the partitions of the boot disk, then every other one. */
    for (int pass = 0; pass < 2 && volume == NULL; pass++) {
        for (UINTN i = 0; i < count && volume == NULL; i++) {
            if (on_same_disk(handles[i], loaded_image->DeviceHandle) == (pass == 0))
                try_partition(handles[i]);
        }
    }
    BS->FreePool(handles);
    if (volume == NULL)
        return have_problem ? EFI_VOLUME_CORRUPTED : EFI_NOT_FOUND;
    have_problem = false;
    describe_volume();
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

void file_source_close(void)
{
    rfs_close(volume);
    volume = NULL;
}
