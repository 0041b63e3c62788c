#include "redoxfs/host/image.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/strbuf.h"

static int image_read(void *ctx, uint64_t block, uint64_t count, void *buf) {
    rfs_image *img = ctx;
    size_t len = (size_t)count * RFS_BLOCK_SIZE;
    off_t at = (off_t)(img->offset + block * RFS_BLOCK_SIZE);
    size_t done = 0;
    while (done < len) {
        ssize_t n = pread(img->fd, (char *)buf + done, len - done, at + (off_t)done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n == 0 ? -RFS_EIO : -errno;
        done += (size_t)n;
    }
    return 0;
}

static int image_write(void *ctx, uint64_t block, uint64_t count, const void *buf) {
    rfs_image *img = ctx;
    size_t len = (size_t)count * RFS_BLOCK_SIZE;
    off_t at = (off_t)(img->offset + block * RFS_BLOCK_SIZE);
    size_t done = 0;
    while (done < len) {
        ssize_t n = pwrite(img->fd, (const char *)buf + done, len - done, at + (off_t)done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n == 0 ? -RFS_EIO : -errno;
        done += (size_t)n;
    }
    return 0;
}

static int image_flush(void *ctx) {
    rfs_image *img = ctx;
    if (img->sync && fdatasync(img->fd) < 0)
        return -errno;
    return 0;
}

int rfs_image_open(rfs_image *img, const char *path, const rfs_image_options *opt, mh_error *err) {
    memset(img, 0, sizeof *img);
    img->fd = -1;
    if (opt->offset % RFS_BLOCK_SIZE)
        return mh_error_set(err, path, 0, 0, "offset %llu is not a multiple of %u bytes",
                            (unsigned long long)opt->offset, RFS_BLOCK_SIZE);
    int flags = (opt->writable ? O_RDWR : O_RDONLY) | (opt->create ? O_CREAT : 0) | O_CLOEXEC;
    img->fd = open(path, flags, 0644);
    if (img->fd < 0)
        return mh_error_errno(err, path, errno, "cannot open the image");
    struct stat st;
    if (fstat(img->fd, &st) < 0) {
        mh_error_errno(err, path, errno, "cannot stat the image");
        rfs_image_close(img);
        return -1;
    }
    uint64_t file_size = (uint64_t)st.st_size;
    if (S_ISBLK(st.st_mode)) {
        off_t end = lseek(img->fd, 0, SEEK_END);
        file_size = end > 0 ? (uint64_t)end : 0;
    }
    uint64_t length = opt->length;
    if (!length)
        length = file_size > opt->offset ? file_size - opt->offset : 0;
    img->path = mh_xstrdup(path);
    img->offset = opt->offset;
    img->sync = opt->sync;
    img->disk.ctx = img;
    img->disk.read = image_read;
    img->disk.write = opt->writable ? image_write : NULL;
    img->disk.flush = image_flush;
    img->disk.blocks = length / RFS_BLOCK_SIZE;
    return 0;
}

void rfs_image_close(rfs_image *img) {
    if (img->fd >= 0)
        close(img->fd);
    free(img->path);
    img->fd = -1;
    img->path = NULL;
}

int rfs_host_error(mh_error *err, const char *path, const rfs_error *e) {
    return mh_error_set(err, path, 0, 0, "%s", e->message[0] ? e->message : strerror(e->code));
}
