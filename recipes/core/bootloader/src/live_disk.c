#include "live_disk.h"

#include "format.h"
#include "log.h"
#include "memory_types.h"

#define MIB (1024ull * 1024)
/* Progress lines while copying: one per quarter of the volume. */
#define PROGRESS_STEPS 4

static unsigned progress_reported;

static void report_progress(UINT64 done, UINT64 total)
{
    unsigned step = (unsigned)(done * PROGRESS_STEPS / total);
    if (step <= progress_reported || step >= PROGRESS_STEPS)
        return;
    progress_reported = step;
    log_info("live: %llu of %llu MiB copied", (unsigned long long)(done / MIB),
             (unsigned long long)(total / MIB));
}

EFI_STATUS live_disk_load(struct loaded_file *copy)
{
    log_info("live: copying the %s into RAM", file_source_description());
    progress_reported = 0;
    EFI_STATUS status = file_source_copy_to_memory(BOOT_MEMORY_LIVE_DISK, report_progress, copy);
    if (EFI_ERROR(status)) {
        const char *problem = file_source_problem();
        return log_fatal(status, "cannot copy the %s into RAM%s%s", file_source_description(),
                         problem != NULL ? ": " : "", problem != NULL ? problem : "");
    }
    log_info("live: %llu MiB copied into RAM at physical 0x%llx (%llu bytes)",
             (unsigned long long)(copy->size / MIB), (unsigned long long)copy->address,
             (unsigned long long)copy->size);
    return EFI_SUCCESS;
}

void live_disk_append_argument(const struct loaded_file *copy, char *cmdline, UINTN capacity,
                               UINT64 *length)
{
    *length += format_buffer(cmdline + *length, capacity - *length, "%slive=0x%llx,0x%llx",
                             *length > 0 ? " " : "", (unsigned long long)copy->address,
                             (unsigned long long)copy->size);
}
