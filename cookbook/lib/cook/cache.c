#include "cook/cache.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "base/files.h"
#include "base/strbuf.h"
#include "cook/mirrors.h"
#include "cook/process.h"

char *cook_cache_path(const char *sources_dir, const char *hex) {
    return mh_path_join(sources_dir, hex);
}

static void lowercase(const char *in, cook_hex out) {
    size_t i = 0;
    for (; in[i] && i < COOK_HEX_LEN; i++)
        out[i] = (char)tolower((unsigned char)in[i]);
    out[i] = '\0';
}

/* 1 when path holds a file whose hash is expected, 0 when absent or different (then removed). */
static int cached_file_ok(const char *path, const char *expected, int log_fd, mh_error *err) {
    if (!mh_path_exists(path))
        return 0;
    cook_hex actual;
    if (cook_hash_file_hex(path, actual, err) != 0)
        return -1;
    if (strcmp(actual, expected) == 0)
        return 1;
    cook_log(log_fd, "%s: content has BLAKE3 %s, not %s; removing it\n", path, actual, expected);
    unlink(path);
    return 0;
}

static int offline_error(const cook_cache_request *r, const char *path, mh_error *err) {
    if (!r->blake3)
        return mh_error_set(err, NULL, 0, 0,
                            "offline: %s has not been downloaded yet and the recipe names no "
                            "blake3 to find it in the cache %s; fetch it once online (repo fetch)",
                            r->url, r->sources_dir);
    return mh_error_set(err, NULL, 0, 0,
                        "offline: %s (blake3 %s) is not in the download cache; seed it with "
                        "`cp FILE %s` (any file with that BLAKE3), or run `repo fetch` online",
                        r->url, r->blake3, path);
}

/* Downloads the candidates in turn into part until one yields the expected hash. */
static int download_candidates(const cook_cache_request *r, const char *part, const char *expected,
                               cook_hex actual, mh_error *err) {
    size_t count;
    char **urls = cook_mirror_candidates(r->config, r->url, &count);
    mh_strbuf why = MH_STRBUF_INIT;
    int rc = -1;
    for (size_t i = 0; i < count && rc != 0; i++) {
        mh_error one;
        mh_error_clear(&one);
        cook_log(r->download.log_fd, "downloading %s\n", urls[i]);
        if (cook_download(urls[i], part, &r->download, &one) != COOK_DOWNLOAD_OK) {
            mh_strbuf_printf(&why, "%s%s", why.len ? "; " : "", one.message);
            continue;
        }
        if (cook_hash_file_hex(part, actual, &one) != 0) {
            mh_strbuf_printf(&why, "%s%s", why.len ? "; " : "", one.message);
            unlink(part);
            continue;
        }
        if (expected && strcmp(actual, expected) != 0) {
            mh_strbuf_printf(&why, "%sBLAKE3 mismatch for %s: expected %s, got %s (the download "
                             "was deleted)", why.len ? "; " : "", urls[i], expected, actual);
            cook_log(r->download.log_fd, "BLAKE3 mismatch: expected %s, got %s\n", expected,
                     actual);
            unlink(part);
            continue;
        }
        rc = 0;
    }
    if (rc != 0) {
        if (count == 1 && strncmp(mh_strbuf_str(&why), "BLAKE3", 6) == 0)
            mh_error_set(err, NULL, 0, 0, "%s", mh_strbuf_str(&why));
        else
            mh_error_set(err, NULL, 0, 0, "cannot download %s: %s", r->url, mh_strbuf_str(&why));
    }
    mh_strbuf_free(&why);
    cook_strings_free(urls, count);
    return rc;
}

int cook_cache_get(const cook_cache_request *r, char **path_out, cook_hex hash, mh_error *err) {
    *path_out = NULL;
    cook_hex expected = "";
    if (r->blake3)
        lowercase(r->blake3, expected);
    char *path = r->blake3 ? cook_cache_path(r->sources_dir, expected) : NULL;
    if (path) {
        int ok = cached_file_ok(path, expected, r->download.log_fd, err);
        if (ok < 0)
            goto fail;
        if (ok) {
            memcpy(hash, expected, sizeof(cook_hex));
            *path_out = path;
            return 0;
        }
    }
    if (r->offline) {
        char *shown = path ? mh_xstrdup(path) : cook_cache_path(r->sources_dir, "<blake3>");
        offline_error(r, shown, err);
        free(shown);
        goto fail;
    }
    if (mh_mkdir_p(r->sources_dir, err) != 0)
        goto fail;
    /* Unverified downloads resume under a name derived from the URL. */
    cook_hex url_hash;
    if (!r->blake3) {
        blake3_hasher h;
        blake3_hasher_init(&h);
        cook_hash_str(&h, r->url);
        cook_hash_finish_hex(&h, url_hash);
    }
    char *part = mh_xasprintf("%s/%s%s.part", r->sources_dir, r->blake3 ? "" : "url-",
                              r->blake3 ? expected : url_hash);
    int lock = open(part, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock < 0) {
        mh_error_errno(err, part, errno, "cannot create");
        free(part);
        goto fail;
    }
    while (flock(lock, LOCK_EX) != 0 && errno == EINTR) {
    }
    int rc = 0;
    /* Another cook may have finished this download while we waited for the lock. */
    if (path && (rc = cached_file_ok(path, expected, r->download.log_fd, err)) == 1) {
        memcpy(hash, expected, sizeof(cook_hex));
    } else if (rc == 0) {
        rc = download_candidates(r, part, r->blake3 ? expected : NULL, hash, err);
        if (rc == 0) {
            if (!path)
                path = cook_cache_path(r->sources_dir, hash);
            if (rename(part, path) != 0)
                rc = mh_error_errno(err, path, errno, "cannot rename %s to", part);
        }
    }
    close(lock);
    free(part);
    if (rc < 0)
        goto fail;
    *path_out = path;
    return 0;
fail:
    free(path);
    return -1;
}
