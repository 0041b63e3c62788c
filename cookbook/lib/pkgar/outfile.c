#include "pkgar/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/strbuf.h"

#define BUFFER_SIZE (1024u * 1024u)

static int write_all(int fd, const uint8_t *data, size_t len, const char *path, mh_error *err) {
    while (len) {
        ssize_t n = write(fd, data, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return mh_error_errno(err, path, errno, "cannot write");
        }
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

static int flush(pkgar_outfile *out, mh_error *err) {
    if (out->buffered == 0)
        return 0;
    int rc = write_all(out->fd, out->buffer, out->buffered, out->tmp_path, err);
    out->buffered = 0;
    return rc;
}

int pkgar_outfile_open(pkgar_outfile *out, const char *path, mh_error *err) {
    memset(out, 0, sizeof *out);
    out->fd = -1;
    char *tmp = mh_xasprintf("%s.tmp.XXXXXX", path);
    int fd = mkostemp(tmp, O_CLOEXEC);
    if (fd < 0) {
        mh_error_errno(err, tmp, errno, "cannot create a temporary file");
        free(tmp);
        return -1;
    }
    out->path = mh_xstrdup(path);
    out->tmp_path = tmp;
    out->fd = fd;
    out->buffer = mh_xmalloc(BUFFER_SIZE);
    return 0;
}

int pkgar_outfile_write(pkgar_outfile *out, const void *data, size_t len, mh_error *err) {
    out->written += len;
    if (out->buffered + len <= BUFFER_SIZE) {
        memcpy(out->buffer + out->buffered, data, len);
        out->buffered += len;
        return 0;
    }
    if (flush(out, err) != 0)
        return -1;
    if (len >= BUFFER_SIZE / 2)
        return write_all(out->fd, data, len, out->tmp_path, err);
    memcpy(out->buffer, data, len);
    out->buffered = len;
    return 0;
}

int pkgar_outfile_pwrite(pkgar_outfile *out, const void *data, size_t len, uint64_t offset,
                         mh_error *err) {
    if (flush(out, err) != 0)
        return -1;
    const uint8_t *p = data;
    while (len) {
        ssize_t n = pwrite(out->fd, p, len, (off_t)offset);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return mh_error_errno(err, out->tmp_path, errno, "cannot write");
        }
        p += n;
        len -= (size_t)n;
        offset += (uint64_t)n;
    }
    return 0;
}

int pkgar_outfile_seek(pkgar_outfile *out, uint64_t offset, mh_error *err) {
    if (flush(out, err) != 0)
        return -1;
    if (lseek(out->fd, (off_t)offset, SEEK_SET) < 0)
        return mh_error_errno(err, out->tmp_path, errno, "cannot seek");
    out->written = offset;
    return 0;
}

static void release(pkgar_outfile *out) {
    if (out->fd >= 0)
        close(out->fd);
    out->fd = -1;
    free(out->path);
    free(out->tmp_path);
    free(out->buffer);
    out->path = out->tmp_path = NULL;
    out->buffer = NULL;
}

int pkgar_outfile_commit(pkgar_outfile *out, unsigned mode, mh_error *err) {
    int rc = flush(out, err);
    /* A file that only seeked past its end has not grown yet: give it its full length. */
    struct stat st;
    if (rc == 0 && fstat(out->fd, &st) != 0)
        rc = mh_error_errno(err, out->tmp_path, errno, "cannot stat");
    if (rc == 0 && (uint64_t)st.st_size < out->written &&
        ftruncate(out->fd, (off_t)out->written) != 0)
        rc = mh_error_errno(err, out->tmp_path, errno, "cannot set the size of");
    if (rc == 0 && fchmod(out->fd, mode) != 0)
        rc = mh_error_errno(err, out->tmp_path, errno, "cannot chmod");
    if (rc == 0 && close(out->fd) != 0)
        rc = mh_error_errno(err, out->tmp_path, errno, "cannot close");
    out->fd = -1;
    if (rc == 0 && rename(out->tmp_path, out->path) != 0)
        rc = mh_error_errno(err, out->path, errno, "cannot rename %s to", out->tmp_path);
    if (rc != 0)
        unlink(out->tmp_path);
    release(out);
    return rc;
}

void pkgar_outfile_abort(pkgar_outfile *out) {
    if (out->tmp_path) {
        if (out->fd >= 0)
            close(out->fd);
        out->fd = -1;
        unlink(out->tmp_path);
    }
    release(out);
}
