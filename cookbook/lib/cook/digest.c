#include "cook/digest.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/strbuf.h"

int cook_hash_file(const char *path, uint8_t hash[BLAKE3_OUT_LEN], mh_error *err) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return mh_error_errno(err, path, errno, "cannot open");
    blake3_hasher h;
    blake3_hasher_init(&h);
    enum { BUFFER = 1 << 20 };
    uint8_t *buf = mh_xmalloc(BUFFER);
    int rc = 0;
    for (;;) {
        ssize_t n = read(fd, buf, BUFFER);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            rc = mh_error_errno(err, path, errno, "cannot read");
            break;
        }
        if (n == 0)
            break;
        blake3_hasher_update(&h, buf, (size_t)n);
    }
    free(buf);
    close(fd);
    if (rc == 0)
        blake3_hasher_finalize(&h, hash, BLAKE3_OUT_LEN);
    return rc;
}

int cook_hash_file_hex(const char *path, cook_hex hex, mh_error *err) {
    uint8_t hash[BLAKE3_OUT_LEN];
    if (cook_hash_file(path, hash, err) != 0)
        return -1;
    blake3_to_hex(hash, hex);
    return 0;
}

void cook_hash_field(blake3_hasher *h, const void *data, size_t len) {
    uint8_t prefix[8];
    for (int i = 0; i < 8; i++)
        prefix[i] = (uint8_t)((uint64_t)len >> (8 * i));
    blake3_hasher_update(h, prefix, sizeof prefix);
    blake3_hasher_update(h, data, len);
}

void cook_hash_str(blake3_hasher *h, const char *s) {
    if (!s) {
        static const uint8_t ABSENT[9] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0};
        blake3_hasher_update(h, ABSENT, sizeof ABSENT);
        return;
    }
    cook_hash_field(h, s, strlen(s));
}

void cook_hash_finish_hex(const blake3_hasher *h, cook_hex hex) {
    uint8_t hash[BLAKE3_OUT_LEN];
    blake3_hasher_finalize(h, hash, BLAKE3_OUT_LEN);
    blake3_to_hex(hash, hex);
}
