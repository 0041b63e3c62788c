#include "redoxfs/host/staging.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/strbuf.h"

int rfs_staging_begin(rfs_staging *s, const char *target, mh_error *err) {
    s->target = mh_xstrdup(target);
    s->work = NULL;
    s->temporary = false;
    struct stat st;
    if (stat(target, &st) < 0) {
        mh_error_errno(err, target, errno, "the disk image must exist (create it with truncate -s SIZE)");
        rfs_staging_abort(s);
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        s->work = mh_xstrdup(target);
        return 0;
    }
    s->work = mh_xasprintf("%s.tmp.%ld", target, (long)getpid());
    s->temporary = true;
    int fd = open(s->work, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, st.st_mode & 07777);
    if (fd < 0 || ftruncate(fd, st.st_size) < 0) {
        mh_error_errno(err, s->work, errno, "cannot create the temporary image");
        if (fd >= 0)
            close(fd);
        rfs_staging_abort(s);
        return -1;
    }
    close(fd);
    return 0;
}

int rfs_staging_finish(rfs_staging *s, mh_error *err) {
    int rc = 0;
    if (s->temporary && rename(s->work, s->target) < 0)
        rc = mh_error_errno(err, s->target, errno, "cannot replace the image");
    else
        s->temporary = false;
    rfs_staging_abort(s);
    return rc;
}

void rfs_staging_abort(rfs_staging *s) {
    if (s->temporary && s->work)
        unlink(s->work);
    free(s->work);
    free(s->target);
    s->work = s->target = NULL;
    s->temporary = false;
}
