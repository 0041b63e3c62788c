/* Development file source: the FAT boot volume (see file_source.h). */
#include "file_source.h"

#include <efilib.h>

#include "memory_types.h"

#define PATH_LIMIT 256
/* Files larger than this are refused: it guards against a corrupt size field. */
#define FILE_SIZE_LIMIT (1024ull * 1024 * 1024)

static EFI_FILE_HANDLE volume_root;

EFI_STATUS file_source_open(EFI_HANDLE image)
{
    EFI_LOADED_IMAGE *loaded_image;
    EFI_STATUS status = BS->HandleProtocol(image, &LoadedImageProtocol, (void **)&loaded_image);
    if (EFI_ERROR(status))
        return status;
    EFI_SIMPLE_FILE_SYSTEM_PROTOCOL *file_system;
    status = BS->HandleProtocol(loaded_image->DeviceHandle, &FileSystemProtocol,
                                (void **)&file_system);
    if (EFI_ERROR(status))
        return status;
    return file_system->OpenVolume(file_system, &volume_root);
}

const char *file_source_description(void)
{
    return "boot volume (FAT, development file source)";
}

const char *file_source_problem(void)
{
    return NULL;
}

/* "/boot/kernel" -> L"\\boot\\kernel" */
static EFI_STATUS to_volume_path(const char *path, CHAR16 *wide, UINTN capacity)
{
    UINTN i = 0;
    for (; path[i] != '\0'; i++) {
        if (i + 1 >= capacity || (unsigned char)path[i] >= 0x80)
            return EFI_INVALID_PARAMETER;
        wide[i] = path[i] == '/' ? L'\\' : (CHAR16)path[i];
    }
    wide[i] = 0;
    return EFI_SUCCESS;
}

static EFI_STATUS file_size(EFI_FILE_HANDLE handle, UINT64 *size)
{
    /* EFI_FILE_INFO ends in a variable-length name; room for a long one. */
    UINT64 buffer[(sizeof(EFI_FILE_INFO) + PATH_LIMIT * sizeof(CHAR16)) / sizeof(UINT64) + 1];
    UINTN buffer_size = sizeof buffer;
    EFI_STATUS status = handle->GetInfo(handle, &GenericFileInfo, &buffer_size, buffer);
    if (EFI_ERROR(status))
        return status;
    const EFI_FILE_INFO *info = (const EFI_FILE_INFO *)buffer;
    if (info->Attribute & EFI_FILE_DIRECTORY)
        return EFI_NOT_FOUND;
    *size = info->FileSize;
    return EFI_SUCCESS;
}

static EFI_STATUS read_all(EFI_FILE_HANDLE handle, UINT8 *destination, UINT64 size)
{
    UINT64 done = 0;
    while (done < size) {
        UINTN chunk = size - done;
        EFI_STATUS status = handle->Read(handle, &chunk, destination + done);
        if (EFI_ERROR(status))
            return status;
        if (chunk == 0)
            return EFI_END_OF_FILE; /* shorter than its directory entry says */
        done += chunk;
    }
    return EFI_SUCCESS;
}

EFI_STATUS file_source_load(const char *path, UINT32 memory_type, struct loaded_file *file)
{
    CHAR16 wide_path[PATH_LIMIT];
    EFI_STATUS status = to_volume_path(path, wide_path, PATH_LIMIT);
    if (EFI_ERROR(status))
        return status;
    EFI_FILE_HANDLE handle;
    status = volume_root->Open(volume_root, &handle, wide_path, EFI_FILE_MODE_READ, 0);
    if (EFI_ERROR(status))
        return status;
    UINT64 size = 0;
    status = file_size(handle, &size);
    if (!EFI_ERROR(status) && size > FILE_SIZE_LIMIT)
        status = EFI_BAD_BUFFER_SIZE;
    if (EFI_ERROR(status)) {
        handle->Close(handle);
        return status;
    }
    UINTN pages = size == 0 ? 1 : BOOT_PAGES(size);
    EFI_PHYSICAL_ADDRESS address = 0;
    status = BS->AllocatePages(AllocateAnyPages, (EFI_MEMORY_TYPE)memory_type, pages, &address);
    if (!EFI_ERROR(status)) {
        status = read_all(handle, (UINT8 *)(UINTN)address, size);
        if (EFI_ERROR(status))
            BS->FreePages(address, pages);
    }
    handle->Close(handle);
    if (EFI_ERROR(status))
        return status;
    *file = (struct loaded_file){.address = address, .size = size, .pages = pages};
    return EFI_SUCCESS;
}

void file_source_close(void)
{
    if (volume_root != NULL)
        volume_root->Close(volume_root);
    volume_root = NULL;
}
