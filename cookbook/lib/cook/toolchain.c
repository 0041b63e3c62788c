#include "cook/toolchain.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/files.h"
#include "base/strbuf.h"
#include "cook/process.h"

/* Variables a build reads that the recipe does not control. */
static const char *const STEERING_VARIABLES[] = {
    "CC", "CXX", "CFLAGS", "CXXFLAGS", "CPPFLAGS", "LDFLAGS", "RUSTFLAGS", "CC_WRAPPER",
    "RUSTC_WRAPPER", "COOKBOOK_HOST_SYSROOT", "COOKBOOK_CROSS_TARGET", "COOKBOOK_CROSS_GNU_TARGET",
    "COOKBOOK_CROSS_SYSROOT", "COOKBOOK_LIBTOOL_DIR", "COOKBOOK_DEBUG", "COOKBOOK_NOSTRIP",
    "COOKBOOK_CARGO_REGISTRY", "REDOXER_TOOLCHAIN", "REDOXER_USE_CLANG", "SOURCE_DATE_EPOCH",
};

static const char *const HOST_TOOLS[] = {"cc", "c++", "gcc", "g++", "ld", "as", "ar", "strip",
                                         "make", "bash", "cmake", "ninja", "meson", "pkg-config"};

static const char *const TARGET_TOOLS[] = {"gcc", "g++", "ld", "as", "ar", "gcc-ar", "strip",
                                           "pkg-config"};

/* Feeds name, the resolved file and its stat data (or "absent"). */
static void hash_program(blake3_hasher *h, const char *name) {
    cook_hash_str(h, name);
    const char *path = getenv("PATH");
    char candidate[PATH_MAX], resolved[PATH_MAX];
    while (path && *path) {
        const char *colon = strchr(path, ':');
        size_t len = colon ? (size_t)(colon - path) : strlen(path);
        snprintf(candidate, sizeof candidate, "%.*s/%s", (int)len, path, name);
        struct stat st;
        if (len && stat(candidate, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111) &&
            realpath(candidate, resolved)) {
            cook_hash_str(h, resolved);
            int64_t data[3] = {(int64_t)st.st_size, (int64_t)st.st_mtim.tv_sec,
                               (int64_t)st.st_mtim.tv_nsec};
            cook_hash_field(h, data, sizeof data);
            return;
        }
        path += len + (colon != NULL);
    }
    cook_hash_str(h, "absent");
}

/* The sorted names in dir; with contents, each regular file's content too. */
static void hash_directory(blake3_hasher *h, const char *dir, bool contents) {
    cook_hash_str(h, dir);
    char **names;
    size_t count;
    if (mh_list_dir(dir, &names, &count) != 0)
        return;
    for (size_t i = 0; i < count; i++) {
        if (names[i][0] == '.')
            continue; /* hidden files are no part of the toolchain */
        cook_hash_str(h, names[i]);
        if (contents) {
            char *path = mh_path_join(dir, names[i]);
            uint8_t hash[BLAKE3_OUT_LEN];
            mh_error err;
            if (!mh_is_directory(path) && cook_hash_file(path, hash, &err) == 0)
                cook_hash_field(h, hash, sizeof hash);
            free(path);
        }
    }
    mh_free_names(names, count);
}

void cook_toolchain_identity(const char *root, const char *target, cook_hex out) {
    blake3_hasher h;
    blake3_hasher_init(&h);
    cook_hash_str(&h, "toolchain-1");
    for (size_t i = 0; i < sizeof HOST_TOOLS / sizeof *HOST_TOOLS; i++)
        hash_program(&h, HOST_TOOLS[i]);
    for (size_t i = 0; i < sizeof TARGET_TOOLS / sizeof *TARGET_TOOLS; i++) {
        char *name = mh_xasprintf("%s-%s", target, TARGET_TOOLS[i]);
        hash_program(&h, name);
        free(name);
    }
    char *bin = mh_path_join(root, "bin");
    hash_directory(&h, bin, true);
    free(bin);
    for (size_t i = 0; i < sizeof STEERING_VARIABLES / sizeof *STEERING_VARIABLES; i++) {
        cook_hash_str(&h, STEERING_VARIABLES[i]);
        cook_hash_str(&h, getenv(STEERING_VARIABLES[i]));
    }
    cook_hash_finish_hex(&h, out);
}

void cook_rust_identity(const char *registry, cook_hex out) {
    blake3_hasher h;
    blake3_hasher_init(&h);
    cook_hash_str(&h, "rust-1");
    const char *argv[] = {"rustc", "-vV", NULL};
    mh_strbuf text = MH_STRBUF_INIT;
    mh_error err;
    if (cook_run_capture(argv, NULL, NULL, -1, &text, &err) == 0)
        cook_hash_str(&h, mh_strbuf_str(&text));
    else
        cook_hash_str(&h, "no rustc");
    mh_strbuf_free(&text);
    hash_program(&h, "cargo");
    hash_directory(&h, registry, false);
    cook_hash_finish_hex(&h, out);
}
