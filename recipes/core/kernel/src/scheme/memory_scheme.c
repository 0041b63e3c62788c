#include "memory_scheme.h"

#include "lib/kstring.h"
#include "mm/paging.h"
#include "proc/memory_map.h"
#include "proc/process.h"
#include "scheme/scheme_util.h"

struct memory_kind {
    const char *name;
    uint64_t cache_flags;
    bool physical;
};

static const struct memory_kind kinds[] = {
    {"zeroed", 0, false},
    {"physical", PTE_CACHE_DISABLE | PTE_WRITE_THROUGH, true},
    {"physical@uc", PTE_CACHE_DISABLE | PTE_WRITE_THROUGH, true},
    {"physical@wb", 0, true},
    {"physical@wc", PTE_WRITE_THROUGH, true},
};

static int memory_open(struct scheme *scheme, const char *path, size_t length, unsigned *flags, void **handle)
{
    (void)scheme;
    (void)flags;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        if (strlen(kinds[i].name) != length || memcmp(kinds[i].name, path, length) != 0)
            continue;
        if (kinds[i].physical && !process_has_capability(process_current(), MH_CAP_PHYS_MEMORY))
            return -MH_EPERM;
        *handle = (void *)&kinds[i];
        return 0;
    }
    return -MH_ENOENT;
}

static int memory_fmap(void *handle, const struct mh_map *request, uint64_t *address)
{
    const struct memory_kind *kind = handle;
    if (kind->physical)
        return memory_map_physical(process_current(), request, kind->cache_flags, address);
    return memory_map_anonymous(process_current(), request, address);
}

static int memory_fstat(void *handle, struct mh_stat *stat)
{
    (void)handle;
    scheme_stat_fill(stat, MH_MODE_CHR | 0600, 0);
    return 0;
}

static int64_t memory_fpath(void *handle, const struct io_buffer *buffer)
{
    const struct memory_kind *kind = handle;
    return scheme_put_path(buffer, "memory:", kind->name);
}

static const struct scheme_ops memory_ops = {
    .open = memory_open,
    .fstat = memory_fstat,
    .fpath = memory_fpath,
    .fmap = memory_fmap,
};

struct scheme memory_scheme = {.name = "memory", .ops = &memory_ops};
