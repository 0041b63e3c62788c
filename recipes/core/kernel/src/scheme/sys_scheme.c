#include "sys_scheme.h"

#include <stdbool.h>

#include "lib/kstring.h"
#include "mm/kmalloc.h"
#include "mm/pmm.h"
#include "proc/process.h"
#include "scheme/scheme_util.h"

struct sys_file {
    struct text_file text;
    const struct sys_entry *entry;
};

struct sys_entry {
    const char *name;
    void (*generate)(struct text_file *text);
};

static void generate_listing(struct text_file *text);

static void generate_context(struct text_file *text)
{
    size_t capacity = process_count() + 8;
    struct process_info *processes = kmalloc(capacity * sizeof *processes);
    if (processes == NULL) {
        text->failed = -MH_ENOMEM;
        return;
    }
    size_t count = process_snapshot(processes, capacity);
    text_file_printf(text, "PID PPID PGID STATE CAPS NAME\n");
    for (size_t i = 0; i < count; i++)
        text_file_printf(text, "%d %d %d %c %x %s\n", processes[i].pid, processes[i].ppid,
                         processes[i].pgid, processes[i].state, processes[i].capabilities,
                         processes[i].name);
    kfree(processes);
}

static void generate_memory(struct text_file *text)
{
    text_file_printf(text, "MemTotal: %zu kB\nMemFree: %zu kB\nKernelHeap: %zu kB\n",
                     pmm_total_frames() * 4, pmm_free_frames() * 4, kmalloc_used_bytes() / 1024);
}

static void list_scheme(void *context, const char *name)
{
    text_file_printf(context, "%s\n", name);
}

static void generate_schemes(struct text_file *text)
{
    scheme_for_each(list_scheme, text);
}

static void generate_uname(struct text_file *text)
{
    text_file_printf(text, "%s\n%s\n%s\nx86_64\n", SYSTEM_NAME, SYSTEM_RELEASE,
                     SYSTEM_NAME " microkernel");
}

static const struct sys_entry entries[] = {
    {"", generate_listing},
    {"context", generate_context},
    {"memory", generate_memory},
    {"scheme", generate_schemes},
    {"uname", generate_uname},
};

#define ENTRY_COUNT (sizeof entries / sizeof entries[0])

static void generate_listing(struct text_file *text)
{
    for (size_t i = 1; i < ENTRY_COUNT; i++)
        text_file_printf(text, "%s\n", entries[i].name);
}

static int sys_open(struct scheme *scheme, const char *path, size_t length, unsigned *flags, void **handle)
{
    (void)scheme;
    while (length > 0 && path[0] == '/') {
        path++;
        length--;
    }
    const struct sys_entry *entry = NULL;
    for (size_t i = 0; i < ENTRY_COUNT; i++) {
        if (strlen(entries[i].name) == length && memcmp(entries[i].name, path, length) == 0)
            entry = &entries[i];
    }
    if (entry == NULL)
        return -MH_ENOENT;
    /* Reading or only looking (no access mode, as with MH_O_STAT) is fine; writing is not. */
    if ((*flags & MH_O_WRONLY) || (*flags & (MH_O_CREAT | MH_O_TRUNC)))
        return -MH_EACCES;
    if ((*flags & MH_O_DIRECTORY) && entry != &entries[0])
        return -MH_ENOTDIR;
    struct sys_file *file = kzalloc(sizeof *file);
    if (file == NULL)
        return -MH_ENOMEM;
    file->entry = entry;
    entry->generate(&file->text);
    int result = file->text.failed;
    if (result != 0) {
        text_file_free(&file->text);
        kfree(file);
        return result;
    }
    *handle = file;
    return 0;
}

static int64_t sys_read(void *handle, const struct io_buffer *buffer, unsigned flags)
{
    (void)flags;
    struct sys_file *file = handle;
    return text_file_read(&file->text, buffer);
}

static int64_t sys_seek(void *handle, int64_t offset, int whence)
{
    struct sys_file *file = handle;
    return text_file_seek(&file->text, offset, whence);
}

static int sys_fstat(void *handle, struct mh_stat *stat)
{
    struct sys_file *file = handle;
    bool directory = file->entry == &entries[0];
    scheme_stat_fill(stat, (directory ? MH_MODE_DIR | 0555 : MH_MODE_FILE | 0444), file->text.length);
    stat->st_ino = (uint64_t)(file->entry - entries) + 1;
    return 0;
}

static int64_t sys_fpath(void *handle, const struct io_buffer *buffer)
{
    struct sys_file *file = handle;
    return scheme_put_path(buffer, "sys:", file->entry->name);
}

static int64_t sys_poll(void *handle, unsigned interest)
{
    (void)handle;
    (void)interest;
    return MH_EVENT_READ;
}

static void sys_close(void *handle)
{
    struct sys_file *file = handle;
    text_file_free(&file->text);
    kfree(file);
}

static const struct scheme_ops sys_ops = {
    .open = sys_open,
    .read = sys_read,
    .seek = sys_seek,
    .fstat = sys_fstat,
    .fpath = sys_fpath,
    .poll = sys_poll,
    .close = sys_close,
};

struct scheme sys_scheme = {.name = "sys", .ops = &sys_ops};
