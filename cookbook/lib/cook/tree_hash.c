#include "cook/tree_hash.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/files.h"
#include "base/strbuf.h"
#include "cook/digest.h"

typedef struct cache_entry {
    char *key;
    uint64_t ino, size;
    int64_t mtime_s, mtime_ns, ctime_s, ctime_ns;
    uint8_t hash[BLAKE3_OUT_LEN];
    bool used;
} cache_entry;

static cache_entry *add_entry(cook_stat_cache *c, const char *key) {
    if (c->count == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 256;
        c->owned = mh_xrealloc(c->owned, c->cap * sizeof *c->owned);
    }
    cache_entry *e = mh_xcalloc(1, sizeof *e);
    e->key = mh_xstrdup(key);
    c->owned[c->count++] = e;
    cache_entry *old = mh_strmap_put(&c->entries, key, e);
    if (old) { /* a key twice in the file: the later line wins, the earlier is not saved */
        old->used = false;
        old->key[0] = '\0';
    }
    return e;
}

void cook_stat_cache_open(cook_stat_cache *c, const char *path) {
    memset(c, 0, sizeof *c);
    c->path = mh_xstrdup(path);
    c->now = (int64_t)time(NULL);
    char *text;
    size_t len;
    mh_error err;
    if (mh_read_file(path, &text, &len, &err) != 0)
        return;
    char *line = text;
    while (*line) {
        char *end = strchr(line, '\n');
        if (!end)
            break;
        *end = '\0';
        cache_entry tmp;
        char hex[65];
        int key_at = 0;
        if (sscanf(line, "%" SCNu64 " %" SCNu64 " %" SCNd64 ".%" SCNd64 " %" SCNd64 ".%" SCNd64
                         " %64s %n",
                   &tmp.ino, &tmp.size, &tmp.mtime_s, &tmp.mtime_ns, &tmp.ctime_s, &tmp.ctime_ns,
                   hex, &key_at) == 7 &&
            key_at > 0 && blake3_from_hex(hex, tmp.hash) == 0) {
            cache_entry *e = add_entry(c, line + key_at);
            char *key = e->key;
            *e = tmp;
            e->key = key;
            e->used = false;
        }
        line = end + 1;
    }
    free(text);
}

int cook_stat_cache_save(cook_stat_cache *c, mh_error *err) {
    for (size_t i = 0; i < c->count && !c->dirty; i++) {
        const cache_entry *e = c->owned[i];
        if (e->key[0] && !e->used)
            c->dirty = true; /* an entry went away */
    }
    if (!c->dirty)
        return 0;
    mh_strbuf sb = MH_STRBUF_INIT;
    for (size_t i = 0; i < c->count; i++) {
        const cache_entry *e = c->owned[i];
        if (!e->used || !e->key[0])
            continue;
        char hex[65];
        blake3_to_hex(e->hash, hex);
        mh_strbuf_printf(&sb, "%" PRIu64 " %" PRIu64 " %" PRId64 ".%09" PRId64 " %" PRId64
                              ".%09" PRId64 " %s %s\n",
                         e->ino, e->size, e->mtime_s, e->mtime_ns, e->ctime_s, e->ctime_ns, hex,
                         e->key);
    }
    char *dir = mh_xstrdup(c->path);
    char *slash = strrchr(dir, '/');
    int rc = 0;
    if (slash) {
        *slash = '\0';
        rc = mh_mkdir_p(dir, err);
    }
    free(dir);
    if (rc == 0)
        rc = mh_write_file_atomic(c->path, mh_strbuf_str(&sb), sb.len, 0644, err);
    mh_strbuf_free(&sb);
    if (rc == 0)
        c->dirty = false;
    return rc;
}

void cook_stat_cache_close(cook_stat_cache *c) {
    for (size_t i = 0; i < c->count; i++) {
        cache_entry *e = c->owned[i];
        free(e->key);
        free(e);
    }
    free(c->owned);
    mh_strmap_free(&c->entries);
    free(c->path);
    memset(c, 0, sizeof *c);
}

/* The content hash of a regular file, from the cache when its stat is unchanged. */
static int file_hash(cook_stat_cache *c, const char *key, const char *path, const struct stat *st,
                     uint8_t hash[BLAKE3_OUT_LEN], mh_error *err) {
    cache_entry *e = mh_strmap_get(&c->entries, key);
    if (e && e->ino == (uint64_t)st->st_ino && e->size == (uint64_t)st->st_size &&
        e->mtime_s == st->st_mtim.tv_sec && e->mtime_ns == st->st_mtim.tv_nsec &&
        e->ctime_s == st->st_ctim.tv_sec && e->ctime_ns == st->st_ctim.tv_nsec) {
        e->used = true;
        memcpy(hash, e->hash, BLAKE3_OUT_LEN);
        return 0;
    }
    if (cook_hash_file(path, hash, err) != 0)
        return -1;
    /* Recently changed files may change again within the same timestamp: never trust them. */
    if (st->st_mtim.tv_sec >= c->now - 2 || st->st_ctim.tv_sec >= c->now - 2 || strchr(key, '\n'))
        return 0;
    if (!e)
        e = add_entry(c, key);
    e->ino = (uint64_t)st->st_ino;
    e->size = (uint64_t)st->st_size;
    e->mtime_s = st->st_mtim.tv_sec;
    e->mtime_ns = st->st_mtim.tv_nsec;
    e->ctime_s = st->st_ctim.tv_sec;
    e->ctime_ns = st->st_ctim.tv_nsec;
    memcpy(e->hash, hash, BLAKE3_OUT_LEN);
    e->used = true;
    c->dirty = true;
    return 0;
}

typedef struct walk_state {
    cook_stat_cache *cache;
    const char *prefix;
    cook_tree_filter filter;
    blake3_hasher *h;
    int64_t *newest;
    mh_strbuf rel;   /* path from the root */
    mh_strbuf path;  /* full path */
} walk_state;

static int walk_dir(walk_state *w, mh_error *err) {
    char **names;
    size_t count;
    if (mh_list_dir(mh_strbuf_str(&w->path), &names, &count) != 0) {
        if (errno == ENOENT && w->rel.len == 0)
            return 0;
        return mh_error_errno(err, mh_strbuf_str(&w->path), errno, "cannot read directory");
    }
    int rc = 0;
    size_t rel_len = w->rel.len, path_len = w->path.len;
    for (size_t i = 0; i < count; i++) {
        if (rc != 0)
            goto next;
        if (w->rel.len)
            mh_strbuf_putc(&w->rel, '/');
        mh_strbuf_puts(&w->rel, names[i]);
        mh_strbuf_putc(&w->path, '/');
        mh_strbuf_puts(&w->path, names[i]);
        struct stat st;
        if (lstat(mh_strbuf_str(&w->path), &st) != 0) {
            rc = mh_error_errno(err, mh_strbuf_str(&w->path), errno, "cannot stat");
            goto next;
        }
        bool is_dir = S_ISDIR(st.st_mode);
        if (w->filter && !w->filter(mh_strbuf_str(&w->rel), names[i], is_dir))
            goto next;
        if (st.st_mtim.tv_sec > *w->newest)
            *w->newest = st.st_mtim.tv_sec;
        cook_hash_str(w->h, mh_strbuf_str(&w->rel));
        if (is_dir) {
            cook_hash_str(w->h, "dir");
            rc = walk_dir(w, err);
            cook_hash_str(w->h, "end");
        } else if (S_ISLNK(st.st_mode)) {
            char target[4096];
            ssize_t n = readlink(mh_strbuf_str(&w->path), target, sizeof target);
            if (n < 0) {
                rc = mh_error_errno(err, mh_strbuf_str(&w->path), errno, "cannot read link");
                goto next;
            }
            cook_hash_str(w->h, "link");
            cook_hash_field(w->h, target, (size_t)n);
        } else if (S_ISREG(st.st_mode)) {
            char *key = mh_xasprintf("%s/%s", w->prefix, mh_strbuf_str(&w->rel));
            uint8_t hash[BLAKE3_OUT_LEN];
            rc = file_hash(w->cache, key, mh_strbuf_str(&w->path), &st, hash, err);
            free(key);
            cook_hash_str(w->h, (st.st_mode & 0111) ? "exec" : "file");
            cook_hash_field(w->h, hash, sizeof hash);
        } else {
            cook_hash_str(w->h, "special");
        }
    next:
        mh_strbuf_truncate(&w->rel, rel_len);
        mh_strbuf_truncate(&w->path, path_len);
        free(names[i]);
    }
    free(names);
    return rc;
}

int cook_tree_hash(cook_stat_cache *cache, const char *prefix, const char *dir,
                   cook_tree_filter filter, blake3_hasher *h, int64_t *newest_mtime,
                   mh_error *err) {
    walk_state w = {cache, prefix, filter, h, newest_mtime, MH_STRBUF_INIT, MH_STRBUF_INIT};
    mh_strbuf_puts(&w.path, dir);
    cook_hash_str(h, "tree");
    int rc = walk_dir(&w, err);
    cook_hash_str(h, "tree-end");
    mh_strbuf_free(&w.rel);
    mh_strbuf_free(&w.path);
    return rc;
}

int cook_path_hash(cook_stat_cache *cache, const char *prefix, const char *path,
                   cook_tree_filter filter, blake3_hasher *h, int64_t *newest_mtime,
                   mh_error *err) {
    struct stat st;
    if (stat(path, &st) != 0) {
        if (errno != ENOENT && errno != ENOTDIR)
            return mh_error_errno(err, path, errno, "cannot stat");
        cook_hash_str(h, "missing");
        return 0;
    }
    if (S_ISDIR(st.st_mode))
        return cook_tree_hash(cache, prefix, path, filter, h, newest_mtime, err);
    if (st.st_mtim.tv_sec > *newest_mtime)
        *newest_mtime = st.st_mtim.tv_sec;
    if (S_ISREG(st.st_mode)) {
        uint8_t hash[BLAKE3_OUT_LEN];
        if (file_hash(cache, prefix, path, &st, hash, err) != 0)
            return -1;
        cook_hash_str(h, (st.st_mode & 0111) ? "exec" : "file");
        cook_hash_field(h, hash, sizeof hash);
    } else {
        cook_hash_str(h, "special");
    }
    return 0;
}
