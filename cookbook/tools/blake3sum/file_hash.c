#include "file_hash.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/strbuf.h"

/* Big enough that system calls cost nothing next to hashing and the hasher gets long runs of
 * whole chunks to spread over SIMD lanes; small enough to stay in the CPU's L2 cache. */
#define READ_BUFFER_SIZE (512 * 1024)

/* Regular files from this size on are hashed through a memory mapping: no copy from the page
 * cache, which is most of the cost of read() next to SIMD hashing. */
#define MAP_MIN_SIZE (64 * 1024)

int hash_fd(int fd, const char *name, uint8_t out[BLAKE3_OUT_LEN], mh_error *err) {
    uint8_t *buffer = mh_xmalloc(READ_BUFFER_SIZE);
    blake3_hasher hasher;
    blake3_hasher_init(&hasher);
    for (;;) {
        ssize_t n = read(fd, buffer, READ_BUFFER_SIZE);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            int saved = errno;
            free(buffer);
            return mh_error_errno(err, name, saved, "cannot read");
        }
        if (n == 0)
            break;
        blake3_hasher_update(&hasher, buffer, (size_t)n);
    }
    free(buffer);
    blake3_hasher_finalize(&hasher, out, BLAKE3_OUT_LEN);
    return 0;
}

/* Where a SIGBUS while hashing a mapping returns to: touching a mapped page past the end of a
 * file that shrank meanwhile raises it, and that is a read error, not a crash. */
static sigjmp_buf *bus_error_return;

static void on_bus_error(int signo) {
    (void)signo;
    siglongjmp(*bus_error_return, 1);
}

/* Returns 0 with the hash, -1 with an error, or 1 when the file cannot be mapped (the caller
 * reads it instead). */
static int hash_mapped(int fd, size_t size, const char *path, uint8_t out[BLAKE3_OUT_LEN],
                       mh_error *err) {
    void *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED)
        return 1;
    /* Read ahead aggressively, and drop pages behind us, when the file is not cached. */
    madvise(map, size, MADV_SEQUENTIAL);
    struct sigaction on_bus = {.sa_handler = on_bus_error}, saved;
    sigemptyset(&on_bus.sa_mask);
    sigjmp_buf here;
    int rc = 0;
    if (sigsetjmp(here, 1) == 0) {
        bus_error_return = &here;
        sigaction(SIGBUS, &on_bus, &saved);
        blake3_hasher hasher;
        blake3_hasher_init(&hasher);
        blake3_hasher_update(&hasher, map, size);
        blake3_hasher_finalize(&hasher, out, BLAKE3_OUT_LEN);
    } else {
        rc = mh_error_set(err, path, 0, 0, "cannot read: the file shrank while being read");
    }
    sigaction(SIGBUS, &saved, NULL);
    bus_error_return = NULL;
    munmap(map, size);
    return rc;
}

int hash_path(const char *path, uint8_t out[BLAKE3_OUT_LEN], mh_error *err) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return mh_error_errno(err, path, errno, "cannot open");
    struct stat st;
    int rc = 1;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= MAP_MIN_SIZE &&
        (uintmax_t)st.st_size <= SIZE_MAX)
        rc = hash_mapped(fd, (size_t)st.st_size, path, out, err);
    if (rc == 1) {
        /* Reading ahead twice as far as usual keeps the disk busy while this core hashes. */
        posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
        rc = hash_fd(fd, path, out, err);
    }
    close(fd);
    return rc;
}
