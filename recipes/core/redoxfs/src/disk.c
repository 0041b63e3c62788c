#include "disk.h"

#include <stdlib.h>

#include "mh_sys.h"

#define BLOCK 4096u
#define MAX_REQUEST (1024u * 1024u) /* the kernel moves at most 1 MiB per request */

struct disk_file {
    long fd;
};

static int transfer(void *ctx, uint64_t block, uint64_t count, uint8_t *buf, int writing)
{
    struct disk_file *d = ctx;
    long at = mh_lseek(d->fd, (int64_t)(block * BLOCK), MH_SEEK_SET);
    if (at < 0)
        return -RFS_EIO;
    uint64_t len = count * BLOCK, done = 0;
    while (done < len) {
        uint64_t chunk = len - done < MAX_REQUEST ? len - done : MAX_REQUEST;
        long n = writing ? mh_write(d->fd, buf + done, chunk) : mh_read(d->fd, buf + done, chunk);
        if (n <= 0)
            return -RFS_EIO;
        done += (uint64_t)n;
    }
    return 0;
}

static int disk_read(void *ctx, uint64_t block, uint64_t count, void *buf)
{
    return transfer(ctx, block, count, buf, 0);
}

static int disk_write(void *ctx, uint64_t block, uint64_t count, const void *buf)
{
    return transfer(ctx, block, count, (uint8_t *)(uintptr_t)buf, 1);
}

static int disk_flush(void *ctx)
{
    struct disk_file *d = ctx;
    return mh_call(MH_SYS_FSYNC, (uint64_t)d->fd, 0, 0, 0, 0) < 0 ? -RFS_EIO : 0;
}

int disk_open(const char *path, rfs_disk *disk)
{
    long fd = mh_open(path, MH_O_RDWR);
    if (fd < 0)
        return (int)fd;
    struct mh_stat st;
    memset(&st, 0, sizeof st);
    long err = mh_call(MH_SYS_FSTAT, (uint64_t)fd, (uint64_t)&st, sizeof st, 0, 0);
    if (err < 0) {
        mh_close(fd);
        return (int)err;
    }
    struct disk_file *file = malloc(sizeof *file);
    if (!file) {
        mh_close(fd);
        return -RFS_ENOMEM;
    }
    file->fd = fd;
    *disk = (rfs_disk){.ctx = file, .read = disk_read, .write = disk_write,
                       .flush = disk_flush, .blocks = st.st_size / BLOCK};
    return 0;
}

void disk_close(rfs_disk *disk)
{
    struct disk_file *file = disk->ctx;
    mh_close(file->fd);
    free(file);
    disk->ctx = NULL;
}
