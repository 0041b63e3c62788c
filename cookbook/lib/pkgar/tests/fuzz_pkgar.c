/* libFuzzer target for the pkgar reader: arbitrary bytes are opened as an archive with a fixed
 * trusted key and, when they open, verified, extracted into a temporary directory, checked and
 * removed again. Random bytes never carry a valid signature, so each input is also tried a
 * second time with its entry-table hash and signature recomputed with the fixed key: that
 * reaches the entry checks, the data reader, LZMA2 and extraction. */
#include <fcntl.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "base/files.h"
#include "base/strbuf.h"
#include "blake3/blake3.h"
#include "pkgar/archive.h"
#include "pkgar/install.h"

/* Inputs that would expand beyond this are only parsed, not extracted. */
#define MAX_UNPACKED (1u << 20)

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static pkgar_public_key public_key;
static pkgar_secret_key secret_key;
static char *work_dir;

static void remove_work_dir(void) {
    rmdir(work_dir);
    free(work_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    if (sodium_init() < 0)
        abort();
    uint8_t seed[32];
    memset(seed, 0x42, sizeof seed);
    crypto_sign_seed_keypair(public_key.bytes, secret_key.bytes, seed);
    const char *base = getenv("TMPDIR");
    work_dir = mh_xasprintf("%s/fuzz-pkgar-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(work_dir))
        abort();
    atexit(remove_work_dir);
    return 0;
}

static int small_enough(pkgar_archive *a) {
    uint64_t total = 0;
    for (uint32_t i = 0; i < a->count; i++) {
        uint64_t size;
        mh_error err;
        if (pkgar_archive_unpacked_size(a, i, &size, &err) != 0)
            return 1; /* extraction will fail early on this entry */
        if (size > MAX_UNPACKED || (total += size) > 8 * (uint64_t)MAX_UNPACKED)
            return 0;
    }
    return 1;
}

static void try_archive(const uint8_t *data, size_t size) {
    int fd = memfd_create("pkgar", MFD_CLOEXEC);
    if (fd < 0)
        abort();
    size_t done = 0;
    while (done < size) {
        ssize_t n = write(fd, data + done, size - done);
        if (n <= 0)
            abort();
        done += (size_t)n;
    }
    pkgar_archive a;
    mh_error err;
    if (pkgar_archive_open_fd(&a, fd, "fuzz.pkgar", &public_key, &err) != 0)
        return; /* the archive closed fd */
    uint64_t storage;
    pkgar_archive_storage_size(&a, &storage, &err);
    if (small_enough(&a)) {
        pkgar_archive_verify_data(&a, &err);
        char *out = mh_path_join(work_dir, "out");
        if (pkgar_extract(&a, out, &err) == 0) {
            pkgar_report report = {0};
            pkgar_verify_tree(&a, out, &report, &err);
            pkgar_report_free(&report);
            pkgar_remove(&a, out, &report, &err);
            pkgar_report_free(&report);
        }
        mh_remove_tree(out, &err);
        free(out);
    }
    pkgar_archive_close(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    try_archive(data, size);
    if (size < PKGAR_HEADER_SIZE)
        return 0;
    uint8_t *signed_copy = mh_xmalloc(size);
    memcpy(signed_copy, data, size);
    uint32_t count = (uint32_t)data[128] | (uint32_t)data[129] << 8 | (uint32_t)data[130] << 16 |
                     (uint32_t)data[131] << 24;
    uint64_t table = (uint64_t)count * PKGAR_ENTRY_SIZE;
    if (table <= size - PKGAR_HEADER_SIZE)
        blake3_hash(signed_copy + PKGAR_HEADER_SIZE, (size_t)table, signed_copy + 96);
    memcpy(signed_copy + 64, public_key.bytes, 32);
    crypto_sign_detached(signed_copy, NULL, signed_copy + PKGAR_SIGNED_OFFSET,
                         PKGAR_HEADER_SIZE - PKGAR_SIGNED_OFFSET, secret_key.bytes);
    try_archive(signed_copy, size);
    free(signed_copy);
    return 0;
}
