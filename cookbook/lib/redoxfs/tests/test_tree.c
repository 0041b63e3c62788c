/* A generated host tree (thousands of files, deep directories, a big directory, empty and
 * sparse and multi-record files, symlinks, 252-byte and UTF-8 names) goes into an image
 * file through rfs_import_tree, is read back through the library and compared with the
 * source (bytes, types, modes, owners, mtimes), exported again, and checked clean. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/files.h"
#include "base/strbuf.h"
#include "fs_helpers.h"
#include "redoxfs/host/tree.h"
#include "redoxfs/host/volume.h"

static unsigned seed_state = 12345;
static unsigned next_rand(void) {
    seed_state = seed_state * 1103515245u + 12345u;
    return seed_state >> 8;
}

static void write_bytes(const char *path, uint64_t offset, size_t len, unsigned seed, bool text) {
    int fd = open(path, O_WRONLY | O_CREAT, 0644);
    uint8_t *buf = malloc(len ? len : 1);
    for (size_t i = 0; i < len; i++) {
        uint64_t x = (offset + i) * 2654435761u + seed;
        buf[i] = text ? (uint8_t)("abcde fghij\n"[(x >> 7) % 12]) : (uint8_t)(x >> 13 ^ x >> 3);
    }
    if (len && pwrite(fd, buf, len, (off_t)offset) != (ssize_t)len)
        abort();
    close(fd);
    free(buf);
}

static void set_mtime(const char *path, time_t sec, long nsec) {
    struct timespec ts[2] = {{sec, nsec}, {sec, nsec}};
    utimensat(AT_FDCWD, path, ts, AT_SYMLINK_NOFOLLOW);
}

/* Builds the source tree; returns how many entries it has. */
static unsigned make_tree(const char *root) {
    unsigned entries = 0;
    char *path;
    mh_error err;
    mh_mkdir_p(root, &err);
    /* A deep chain of directories with a file at each level. */
    mh_strbuf deep = MH_STRBUF_INIT;
    mh_strbuf_puts(&deep, root);
    for (int level = 0; level < 24; level++) {
        mh_strbuf_printf(&deep, "/level%02d", level);
        mkdir(deep.data, 0750);
        path = mh_xasprintf("%s/file", deep.data);
        write_bytes(path, 0, (size_t)level * 333, (unsigned)level, level % 2);
        free(path);
        entries += 2;
    }
    mh_strbuf_free(&deep);
    /* Thousands of small files over a fan of directories, with varied modes and times. */
    static const unsigned modes[] = {0644, 0600, 0755, 0444, 0700, 04755, 01777};
    for (int d = 0; d < 30; d++) {
        path = mh_xasprintf("%s/fan%02d", root, d);
        mkdir(path, 0755);
        entries++;
        for (int f = 0; f < 60; f++) {
            char *file = mh_xasprintf("%s/item-%04d.dat", path, f);
            size_t size = next_rand() % 4 == 0 ? 0 : next_rand() % 9000;
            write_bytes(file, 0, size, next_rand(), next_rand() % 2);
            chmod(file, modes[next_rand() % MH_COUNT(modes)] & 0777);
            if (geteuid() == 0 && f % 5 == 0)
                lchown(file, 1000 + (uid_t)f, 2000 + (gid_t)d);
            set_mtime(file, 1500000000 + (time_t)(next_rand() % 100000000), (long)(next_rand() % 1000000000));
            free(file);
            entries++;
        }
        set_mtime(path, 1600000000 + d, 0);
        free(path);
    }
    /* One big directory (its H-tree needs several levels of blocks). */
    path = mh_xasprintf("%s/big-dir", root);
    mkdir(path, 0755);
    entries++;
    for (int f = 0; f < 1200; f++) {
        char *file = mh_xasprintf("%s/entry-with-a-longer-name-%05d", path, f);
        write_bytes(file, 0, (size_t)(f % 7), (unsigned)f, true);
        free(file);
        entries++;
    }
    free(path);
    /* Names at the limit, UTF-8 names, symlinks of every size class. */
    char name[253];
    memset(name, 'N', 252);
    name[252] = 0;
    path = mh_xasprintf("%s/%s", root, name);
    write_bytes(path, 0, 100, 1, true);
    free(path);
    path = mh_xasprintf("%s/gr\xc3\xbc\xc3\x9f-\xe6\x97\xa5\xe6\x9c\xac", root);
    write_bytes(path, 0, 10, 2, true);
    free(path);
    path = mh_xasprintf("%s/empty", root);
    write_bytes(path, 0, 0, 0, false);
    free(path);
    entries += 3;
    char target[4000];
    memset(target, 't', sizeof target - 1);
    target[sizeof target - 1] = 0;
    const char *targets[] = {"fan00/item-0001.dat", "/absolute/elsewhere", "../../outside", target};
    for (size_t i = 0; i < MH_COUNT(targets); i++) {
        path = mh_xasprintf("%s/link%zu", root, i);
        if (symlink(targets[i], path) < 0)
            abort();
        set_mtime(path, 1400000000 + (time_t)i, 5);
        free(path);
        entries++;
    }
    /* Files crossing record levels: level0 -> level1 at 16 MiB, level1 -> level2 at
     * (128 + 64 * 256) records (sparse, so the test stays small). */
    path = mh_xasprintf("%s/big", root);
    mkdir(path, 0755);
    free(path);
    entries++;
    path = mh_xasprintf("%s/big/multi-record", root);
    write_bytes(path, 0, (16u << 20) + 300000, 77, false);
    free(path);
    path = mh_xasprintf("%s/big/sparse-level2", root);
    write_bytes(path, 0, 5000, 3, true);
    write_bytes(path, (16u << 20) - 1000, 2000, 4, false);
    write_bytes(path, (uint64_t)(128 + 64 * 256) * 131072 - 4096, 300000, 5, false);
    truncate(path, (off_t)((uint64_t)(128 + 64 * 256) * 131072 + 10000000));
    free(path);
    entries += 2;
    return entries;
}

typedef struct compare_state {
    rfs_fs *fs;
    unsigned compared;
} compare_state;

static void compare_content(rfs_fs *fs, uint32_t id, const char *path, uint64_t size) {
    int fd = open(path, O_RDONLY);
    uint8_t *a = malloc(1 << 20), *b = malloc(1 << 20);
    uint64_t pos = 0;
    while (pos < size) {
        off_t data = lseek(fd, (off_t)pos, SEEK_DATA);
        if (data < 0)
            data = (off_t)size;
        /* Spot-check the hole before the data. */
        if ((uint64_t)data > pos) {
            size_t done;
            uint64_t mid = pos + ((uint64_t)data - pos) / 2;
            CHECK_OK(rfs_read(fs, id, mid, b, 4096, &done));
            for (size_t i = 0; i < done; i++) {
                if (b[i]) {
                    CHECK(!"hole reads as zeros");
                    break;
                }
            }
        }
        off_t hole = data < (off_t)size ? lseek(fd, data, SEEK_HOLE) : (off_t)size;
        for (uint64_t at = (uint64_t)data; at < (uint64_t)hole;) {
            size_t want = (uint64_t)hole - at < (1 << 20) ? (size_t)((uint64_t)hole - at) : (1 << 20);
            ssize_t n = pread(fd, a, want, (off_t)at);
            size_t done;
            CHECK_OK(rfs_read(fs, id, at, b, want, &done));
            if (!CHECK_INT_EQ(done, n) || !CHECK(memcmp(a, b, done) == 0)) {
                fprintf(stderr, "    content of %s differs near %llu\n", path, (unsigned long long)at);
                break;
            }
            at += want;
        }
        pos = (uint64_t)hole;
    }
    close(fd);
    free(a);
    free(b);
}

static void compare_entry(compare_state *cs, const char *src, const char *fspath);

static void compare_dir(compare_state *cs, const char *src, const char *fspath) {
    char **names = NULL;
    size_t n = 0, cap = 0;
    DIR *d = opendir(src);
    struct dirent *de;
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        if (n == cap)
            names = realloc(names, (cap = cap ? cap * 2 : 64) * sizeof *names);
        names[n++] = strdup(de->d_name);
    }
    closedir(d);
    rfs_fs *fs = cs->fs;
    uint32_t id;
    CHECK_OK(rfs_lookup_path(fs, fspath, &id));
    rfs_attr st;
    CHECK_OK(rfs_stat(fs, id, &st));
    for (size_t i = 0; i < n; i++) {
        char *s = mh_path_join(src, names[i]);
        char *f = mh_xasprintf("%s/%s", strcmp(fspath, "/") ? fspath : "", names[i]);
        compare_entry(cs, s, f);
        free(s);
        free(f);
        free(names[i]);
    }
    free(names);
}

static void compare_entry(compare_state *cs, const char *src, const char *fspath) {
    rfs_fs *fs = cs->fs;
    struct stat hs;
    lstat(src, &hs);
    uint32_t id;
    if (rfs_lookup_path(fs, fspath, &id) < 0) {
        CHECK(!"every source entry exists in the image");
        fprintf(stderr, "    missing: %s (%s)\n", fspath, last_error(fs));
        return;
    }
    rfs_attr st;
    CHECK_OK(rfs_stat(fs, id, &st));
    unsigned type = S_ISDIR(hs.st_mode) ? RFS_MODE_DIR : S_ISLNK(hs.st_mode) ? RFS_MODE_SYMLINK : RFS_MODE_FILE;
    bool ok = CHECK_INT_EQ(st.mode & RFS_MODE_TYPE, type);
    ok &= CHECK_INT_EQ(st.mode & 07777, hs.st_mode & 07777);
    ok &= CHECK_INT_EQ(st.uid, hs.st_uid);
    ok &= CHECK_INT_EQ(st.gid, hs.st_gid);
    ok &= CHECK_INT_EQ(st.mtime, hs.st_mtim.tv_sec);
    ok &= CHECK_INT_EQ(st.mtime_nsec, hs.st_mtim.tv_nsec);
    if (type != RFS_MODE_DIR)
        ok &= CHECK_INT_EQ(st.size, hs.st_size);
    if (!ok)
        fprintf(stderr, "    attributes differ: %s\n", fspath);
    cs->compared++;
    if (type == RFS_MODE_DIR) {
        compare_dir(cs, src, fspath);
    } else if (type == RFS_MODE_FILE) {
        compare_content(fs, id, src, (uint64_t)hs.st_size);
    } else {
        char target[5000];
        ssize_t n = readlink(src, target, sizeof target);
        char back[5000];
        size_t done;
        CHECK_OK(rfs_read(fs, id, 0, back, sizeof back, &done));
        CHECK(done == (size_t)n && memcmp(back, target, done) == 0);
    }
}

static void imported_tree_reads_back_identically(void) {
    const char *tmp = mh_test_tmpdir();
    char *src = mh_path_join(tmp, "src"), *image = mh_path_join(tmp, "image"),
         *out = mh_path_join(tmp, "out");
    unsigned entries = make_tree(src);
    int fd = open(image, O_CREAT | O_WRONLY, 0644);
    ftruncate(fd, 160 << 20);
    close(fd);
    mh_error err;
    rfs_create_options co = {.have_time = true, .time_sec = 1700000000};
    if (!CHECK_INT_EQ(rfs_volume_create(image, &co, &err), 0))
        fprintf(stderr, "    %s\n", err.message);
    rfs_volume v;
    rfs_volume_options vo = {.writable = true, .dirty_limit = 8 << 20};
    if (!CHECK_INT_EQ(rfs_volume_open(&v, image, &vo, &err), 0))
        return;
    rfs_import_options io = {0};
    if (!CHECK_INT_EQ(rfs_import_tree(v.fs, RFS_ROOT_ID, src, &io, &err), 0))
        fprintf(stderr, "    import: %s: %s\n", err.path, err.message);
    rfs_fs *fs = v.fs;
    CHECK_OK(rfs_commit(fs, true));
    rfs_volume_close(&v);

    vo.writable = false;
    if (!CHECK_INT_EQ(rfs_volume_open(&v, image, &vo, &err), 0))
        return;
    fs = v.fs;
    compare_state cs = {fs, 0};
    compare_dir(&cs, src, "/");
    CHECK_INT_EQ(cs.compared, entries);
    rfs_check_result res;
    CHECK_OK(rfs_check(fs, print_finding, NULL, &res));
    CHECK_INT_EQ(res.errors, 0);
    CHECK_INT_EQ(res.nodes, entries + 1);
    /* The sparse file only stores its data. */
    uint32_t id;
    rfs_attr st;
    CHECK_OK(rfs_lookup_path(fs, "/big/sparse-level2", &id));
    CHECK_OK(rfs_stat(fs, id, &st));
    CHECK(st.blocks < 200);
    /* Export part of the tree (creating files on the host is the slow part) and diff it. */
    static const char *const parts[] = {"fan00", "level00", "big"};
    for (size_t i = 0; i < MH_COUNT(parts); i++) {
        char *fspath = mh_xasprintf("/%s", parts[i]), *dest = mh_path_join(out, parts[i]);
        uint32_t part;
        CHECK_OK(rfs_lookup_path(fs, fspath, &part));
        if (!CHECK_INT_EQ(rfs_export_tree(fs, part, dest, &err), 0))
            fprintf(stderr, "    export: %s: %s\n", err.path, err.message);
        free(fspath);
        free(dest);
    }
    uint8_t *data = NULL;
    char *want = NULL;
    size_t len;
    CHECK_INT_EQ(rfs_read_path(fs, "/fan00/item-0003.dat", &data, &len, &err), 0);
    char *copy = mh_path_join(out, "fan00/item-0003.dat");
    size_t want_len;
    if (CHECK_INT_EQ(mh_read_file(copy, &want, &want_len, &err), 0))
        CHECK(len == want_len && memcmp(data, want, len) == 0);
    free(data);
    free(want);
    free(copy);
    CHECK_INT_EQ(rfs_read_path(fs, "/fan00", &data, &len, &err), -1);
    rfs_volume_close(&v);
    /* diff would read the 2 GiB of holes; the sparse file is compared by extent instead. */
    for (size_t i = 0; i < MH_COUNT(parts); i++) {
        char *cmd = mh_xasprintf("diff -r --no-dereference -x sparse-level2 '%s/%s' '%s/%s'", src,
                                 parts[i], out, parts[i]);
        CHECK_INT_EQ(system(cmd), 0);
        free(cmd);
    }
    char *sparse = mh_path_join(out, "big/sparse-level2");
    struct stat ss;
    CHECK_INT_EQ(stat(sparse, &ss), 0);
    CHECK_INT_EQ(ss.st_size, (uint64_t)(128 + 64 * 256) * 131072 + 10000000);
    CHECK(ss.st_blocks * 512 < (4 << 20));
    free(sparse);
    free(src);
    free(image);
    free(out);
}

int main(int argc, char **argv) {
    static const mh_test tests[] = {MH_TEST(imported_tree_reads_back_identically)};
    return mh_test_run(tests, MH_COUNT(tests), argc, argv);
}
