/* Unit tests of the cook library on real files in a scratch directory: mirrors, cookbook.toml,
 * globs, unpacking (and what it refuses), tree sync, tree hashing with the stat cache, the
 * download cache over file://, the jobserver, templates, versions, plans and sysroots. */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/files.h"
#include "base/strbuf.h"
#include "cook/cache.h"
#include "cook/config.h"
#include "cook/glob.h"
#include "cook/jobserver.h"
#include "cook/mirrors.h"
#include "cook/package.h"
#include "cook/plan.h"
#include "cook/process.h"
#include "cook/stage.h"
#include "cook/sysroot.h"
#include "cook/templates.h"
#include "cook/tree_hash.h"
#include "cook/tree_sync.h"
#include "cook/unpack.h"
#include "pkgar/create.h"
#include "testing/testing.h"

/* ---- helpers ---- */

static char *tmp_path(const char *name) {
    return mh_path_join(mh_test_tmpdir(), name);
}

static void write_text(const char *path, const char *text) {
    char *dir = mh_xstrdup(path);
    *strrchr(dir, '/') = '\0';
    mh_error err;
    mh_mkdir_p(dir, &err);
    free(dir);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static char *read_text(const char *path) {
    char *text = NULL;
    size_t len;
    mh_error err;
    if (mh_read_file(path, &text, &len, &err) != 0)
        return mh_xstrdup("<missing>");
    return text;
}

typedef struct tar_entry {
    const char *path;
    const char *content; /* NULL: a directory */
    const char *symlink;
    const char *hardlink;
    long mtime;
} tar_entry;

/* Writes a tar.gz (or zip) archive with these entries. */
static void make_archive(const char *path, const tar_entry *entries, size_t count, bool zip) {
    struct archive *a = archive_write_new();
    if (zip) {
        archive_write_set_format_zip(a);
    } else {
        archive_write_set_format_pax_restricted(a);
        archive_write_add_filter_gzip(a);
    }
    archive_write_open_filename(a, path);
    for (size_t i = 0; i < count; i++) {
        struct archive_entry *e = archive_entry_new();
        archive_entry_set_pathname(e, entries[i].path);
        archive_entry_set_mtime(e, entries[i].mtime ? entries[i].mtime : 1600000000, 0);
        if (entries[i].symlink) {
            archive_entry_set_filetype(e, AE_IFLNK);
            archive_entry_set_perm(e, 0777);
            archive_entry_set_symlink(e, entries[i].symlink);
        } else if (entries[i].hardlink) {
            archive_entry_set_filetype(e, AE_IFREG);
            archive_entry_set_perm(e, 0644);
            archive_entry_set_hardlink(e, entries[i].hardlink);
        } else if (!entries[i].content) {
            archive_entry_set_filetype(e, AE_IFDIR);
            archive_entry_set_perm(e, 0755);
        } else {
            archive_entry_set_filetype(e, AE_IFREG);
            archive_entry_set_perm(e, 0444);
            archive_entry_set_size(e, (la_int64_t)strlen(entries[i].content));
        }
        archive_write_header(a, e);
        if (entries[i].content && !entries[i].symlink && !entries[i].hardlink)
            archive_write_data(a, entries[i].content, strlen(entries[i].content));
        archive_entry_free(e);
    }
    archive_write_close(a);
    archive_write_free(a);
}

/* ---- mirrors and config ---- */

static void mirrors_longest_prefix_then_original(void) {
    cook_config c;
    mh_error err;
    const char *text = "[mirrors]\n"
                       "\"https://ftp.gnu.org/\" = \"http://short/\"\n"
                       "\"https://ftp.gnu.org/gnu/\" = [\"http://m1/gnu/\", \"http://m2/\"]\n";
    if (!CHECK(cook_config_parse(text, strlen(text), "cookbook.toml", &c, &err) == 0))
        return;
    size_t n;
    char **urls = cook_mirror_candidates(&c, "https://ftp.gnu.org/gnu/make/make-4.4.tar.gz", &n);
    if (CHECK_INT_EQ(n, 3)) {
        CHECK_STR_EQ(urls[0], "http://m1/gnu/make/make-4.4.tar.gz");
        CHECK_STR_EQ(urls[1], "http://m2/make/make-4.4.tar.gz");
        CHECK_STR_EQ(urls[2], "https://ftp.gnu.org/gnu/make/make-4.4.tar.gz");
    }
    cook_strings_free(urls, n);
    urls = cook_mirror_candidates(&c, "https://example.org/x.tar.gz", &n);
    CHECK_INT_EQ(n, 1);
    CHECK_STR_EQ(urls[0], "https://example.org/x.tar.gz");
    cook_strings_free(urls, n);
    cook_config_free(&c);
}

static void config_keys_types_and_warnings(void) {
    unsetenv("REPO_OFFLINE");
    unsetenv("COOKBOOK_COMPRESSED");
    cook_config c;
    mh_error err;
    const char *text = "[cook]\ncompressed = true\njobs = 3\ntui = false\nfrobnicate = 1\n";
    if (!CHECK(cook_config_parse(text, strlen(text), "cb.toml", &c, &err) == 0))
        return;
    CHECK(c.compressed);
    CHECK(!c.offline);
    CHECK_INT_EQ(c.jobs, 3);
    if (CHECK_INT_EQ(c.warning_count, 1)) {
        CHECK_INT_EQ(c.warnings[0].line, 5);
        CHECK(strstr(c.warnings[0].message, "frobnicate") != NULL);
    }
    cook_config_free(&c);

    const char *bad = "[cook]\noffline = \"yes\"\n";
    mh_error_clear(&err);
    CHECK(cook_config_parse(bad, strlen(bad), "cb.toml", &c, &err) == -1);
    CHECK_INT_EQ(err.line, 2);
    CHECK_INT_EQ(err.column, 11);
    CHECK(strstr(err.message, "offline must be true or false") != NULL);

    /* The environment gives defaults; REPO_OFFLINE=1 forces offline whatever the file says. */
    setenv("COOKBOOK_COMPRESSED", "true", 1);
    setenv("REPO_OFFLINE", "1", 1);
    const char *off = "[cook]\noffline = false\n";
    if (CHECK(cook_config_parse(off, strlen(off), "cb.toml", &c, &err) == 0)) {
        CHECK(c.compressed);
        CHECK(c.offline);
        cook_config_free(&c);
    }
    unsetenv("COOKBOOK_COMPRESSED");
    unsetenv("REPO_OFFLINE");
}

/* ---- globs, links ---- */

static void globs_match_components(void) {
    CHECK(cook_glob_match("usr/share/doc/**", "usr/share/doc/x/README"));
    CHECK(cook_glob_match("usr/share/doc/**", "usr/share/doc/a"));
    CHECK(!cook_glob_match("usr/share/doc/**", "usr/share/docs/a"));
    CHECK(cook_glob_match("usr/lib/*.so*", "usr/lib/libz.so.1"));
    CHECK(!cook_glob_match("usr/lib/*.so*", "usr/lib/sub/libz.so"));
    CHECK(cook_glob_match("**/*.h", "usr/include/deep/a.h"));
    CHECK(cook_glob_match("usr/include", "usr/include/zlib.h")); /* a directory takes its files */
    CHECK(cook_glob_match("usr/bin/z?p", "usr/bin/zip"));
    CHECK(!cook_glob_match("usr/bin/z?p", "usr/bin/zoop"));
}

static void links_inside_and_outside(void) {
    CHECK(cook_link_stays_inside("a/b/link", "../c"));
    CHECK(cook_link_stays_inside("a/link", "./x/../y"));
    CHECK(!cook_link_stays_inside("link", "../x"));
    CHECK(!cook_link_stays_inside("a/link", "../../x"));
    CHECK(!cook_link_stays_inside("a/link", "/etc/passwd"));
    CHECK(!cook_link_stays_inside("a/link", "x/../../../y"));
}

/* ---- unpack ---- */

static void unpack_strips_top_and_keeps_times(void) {
    char *archive = tmp_path("src.tar.gz"), *dest = tmp_path("out");
    tar_entry entries[] = {
        {"pkg-1.0/", NULL, NULL, NULL, 0},
        {"pkg-1.0/README", "read me\n", NULL, NULL, 1700000000},
        {"pkg-1.0/src/main.c", "int main;\n", NULL, NULL, 1600000000},
        {"pkg-1.0/src/link", NULL, "main.c", NULL, 0},
        {"pkg-1.0/src/hard", NULL, NULL, "pkg-1.0/README", 0},
    };
    make_archive(archive, entries, MH_COUNT(entries), false);
    int64_t newest;
    mh_error err;
    mh_error_clear(&err);
    if (!CHECK(cook_unpack(archive, dest, &newest, &err) == 0)) {
        printf("  %s\n", err.message);
        goto done;
    }
    CHECK_INT_EQ(newest, 1700000000);
    char *readme = mh_path_join(dest, "README"), *hard = mh_path_join(dest, "src/hard");
    char *text = read_text(readme), *hard_text = read_text(hard);
    CHECK_STR_EQ(text, "read me\n");
    CHECK_STR_EQ(hard_text, "read me\n");
    struct stat st;
    CHECK(stat(readme, &st) == 0 && st.st_mtime == 1700000000);
    CHECK((st.st_mode & 0200) != 0); /* made writable for patches */
    char target[64] = "";
    char *link = mh_path_join(dest, "src/link");
    ssize_t n = readlink(link, target, sizeof target - 1);
    CHECK(n == 6 && memcmp(target, "main.c", 6) == 0);
    free(readme);
    free(hard);
    free(text);
    free(hard_text);
    free(link);
done:
    free(archive);
    free(dest);
}

static void unpack_refuses_escapes(void) {
    static const tar_entry CASES[][2] = {
        {{"top/", NULL, NULL, NULL, 0}, {"top/../../evil", "x", NULL, NULL, 0}},
        {{"top/", NULL, NULL, NULL, 0}, {"/etc/evil", "x", NULL, NULL, 0}},
        {{"top/", NULL, NULL, NULL, 0}, {"top/link", NULL, "../../outside", NULL, 0}},
        {{"top/", NULL, NULL, NULL, 0}, {"top/abs", NULL, "/etc/passwd", NULL, 0}},
        {{"top/", NULL, NULL, NULL, 0}, {"top/hard", NULL, NULL, "/etc/passwd", 0}},
    };
    static const char *const WHY[] = {"\"..\"", "absolute", "points outside", "points outside",
                                      "points outside"};
    for (size_t i = 0; i < MH_COUNT(CASES); i++) {
        char name[32];
        snprintf(name, sizeof name, "evil%zu.tar.gz", i);
        char *archive = tmp_path(name), *dest = tmp_path("evil-out");
        make_archive(archive, CASES[i], 2, false);
        int64_t newest;
        mh_error err;
        mh_error_clear(&err);
        CHECK(cook_unpack(archive, dest, &newest, &err) == -1);
        if (!CHECK(strstr(err.message, WHY[i]) != NULL))
            printf("  case %zu: %s\n", i, err.message);
        char *evil = tmp_path("evil");
        CHECK(!mh_path_exists(evil));
        mh_remove_tree(dest, &err);
        free(evil);
        free(archive);
        free(dest);
    }
}

static void unpack_zip_and_garbage(void) {
    char *archive = tmp_path("src.zip"), *dest = tmp_path("zip-out");
    tar_entry entries[] = {{"z-2/", NULL, NULL, NULL, 0}, {"z-2/a.txt", "zipped\n", NULL, NULL, 0}};
    make_archive(archive, entries, MH_COUNT(entries), true);
    int64_t newest;
    mh_error err;
    mh_error_clear(&err);
    if (CHECK(cook_unpack(archive, dest, &newest, &err) == 0)) {
        char *a = mh_path_join(dest, "a.txt");
        char *text = read_text(a);
        CHECK_STR_EQ(text, "zipped\n");
        free(text);
        free(a);
    }
    char *garbage = tmp_path("garbage.tar.gz");
    write_text(garbage, "this is not an archive at all");
    CHECK(cook_unpack(garbage, dest, &newest, &err) == -1);
    free(garbage);
    free(archive);
    free(dest);
}

/* ---- tree sync and hashing ---- */

static void sync_copies_updates_and_removes(void) {
    char *from = tmp_path("from"), *to = tmp_path("to");
    char *a = mh_path_join(from, "a.txt"), *b = mh_path_join(from, "d/b.txt");
    write_text(a, "one");
    write_text(b, "two");
    char *link = mh_path_join(from, "l");
    CHECK(symlink("a.txt", link) == 0);
    int64_t newest;
    mh_error err;
    if (!CHECK(cook_sync_tree(from, to, &newest, &err) == 0))
        goto done;
    char *to_b = mh_path_join(to, "d/b.txt"), *to_a = mh_path_join(to, "a.txt");
    char *text = read_text(to_b);
    CHECK_STR_EQ(text, "two");
    free(text);
    struct stat before, after;
    stat(to_a, &before);
    unlink(b);
    write_text(a, "changed");
    CHECK(cook_sync_tree(from, to, &newest, &err) == 0);
    CHECK(!mh_path_exists(to_b));
    text = read_text(to_a);
    CHECK_STR_EQ(text, "changed");
    free(text);
    stat(to_a, &after);
    CHECK(before.st_ino != after.st_ino); /* replaced, not rewritten in place */
    char *to_link = mh_path_join(to, "l");
    char target[16] = "";
    CHECK(readlink(to_link, target, sizeof target - 1) == 5);
    free(to_link);
    free(to_a);
    free(to_b);
done:
    free(a);
    free(b);
    free(link);
    free(from);
    free(to);
}

static void tree_hash_of(const char *dir, const char *cache_path, int64_t now, cook_hex out) {
    cook_stat_cache cache;
    cook_stat_cache_open(&cache, cache_path);
    if (now)
        cache.now = now;
    blake3_hasher h;
    blake3_hasher_init(&h);
    int64_t newest = 0;
    mh_error err;
    CHECK(cook_tree_hash(&cache, "t", dir, NULL, &h, &newest, &err) == 0);
    CHECK(cook_stat_cache_save(&cache, &err) == 0);
    cook_stat_cache_close(&cache);
    cook_hash_finish_hex(&h, out);
}

static void tree_hash_follows_content_through_the_cache(void) {
    char *dir = tmp_path("tree"), *cache = tmp_path("stat.cache");
    char *file = mh_path_join(dir, "f.txt");
    write_text(file, "aaa");
    int64_t later = (int64_t)time(NULL) + 100; /* so the fresh files count as settled */
    cook_hex h1, h2, h3, h4;
    tree_hash_of(dir, cache, later, h1);
    tree_hash_of(dir, cache, later, h2);
    CHECK_STR_EQ(h1, h2);
    char *text = read_text(cache);
    CHECK(strstr(text, " t/f.txt\n") != NULL);
    free(text);
    write_text(file, "bbb"); /* same size; the modification time tells */
    struct timespec times[2] = {{1000, 0}, {1000, 0}};
    CHECK(utimensat(AT_FDCWD, file, times, 0) == 0);
    tree_hash_of(dir, cache, later, h3);
    CHECK(strcmp(h1, h3) != 0);
    /* An unchanged stat means the cached hash is used, not the file: prove it by lying in the
     * cache about the content and seeing the lie come back. */
    char *cached = read_text(cache);
    char *at = strstr(cached, " t/f.txt");
    if (CHECK(at && at - cached > 64)) {
        memset(at - 64, '0', 64);
        write_text(cache, cached);
        tree_hash_of(dir, cache, later, h4);
        CHECK(strcmp(h3, h4) != 0);
    }
    free(cached);
    /* Recently changed files are never cached. */
    unlink(cache);
    tree_hash_of(dir, cache, 0, h4);
    CHECK(!mh_path_exists(cache) || strstr((text = read_text(cache)), "f.txt") == NULL);
    if (mh_path_exists(cache))
        free(text);
    free(file);
    free(dir);
    free(cache);
}

/* ---- the download cache ---- */

static void cache_downloads_checks_and_reuses(void) {
    char *origin = tmp_path("origin.tar.gz"), *sources = tmp_path("sources");
    write_text(origin, "pretend tarball");
    cook_hex want;
    mh_error err;
    cook_hash_file_hex(origin, want, &err);
    char *url = mh_xasprintf("file://%s", origin);
    cook_config config;
    memset(&config, 0, sizeof config);
    cook_cache_request r = {.sources_dir = sources, .url = url, .blake3 = want,
                            .config = &config, .download = {.log_fd = -1}};
    char *path = NULL;
    cook_hex got;
    mh_error_clear(&err);
    if (CHECK(cook_cache_get(&r, &path, got, &err) == 0)) {
        CHECK_STR_EQ(got, want);
        char *expected = mh_path_join(sources, want);
        CHECK_STR_EQ(path, expected);
        free(expected);
    }
    free(path);
    /* Once cached, the origin is not needed, even offline. */
    unlink(origin);
    r.offline = true;
    CHECK(cook_cache_get(&r, &path, got, &err) == 0);
    free(path);
    /* A wrong hash: the download is deleted and both hashes are named. */
    write_text(origin, "other bytes");
    r.offline = false;
    static const char WRONG[] = "1111111111111111111111111111111111111111111111111111111111111111";
    r.blake3 = WRONG;
    mh_error_clear(&err);
    CHECK(cook_cache_get(&r, &path, got, &err) == -1);
    CHECK(strstr(err.message, WRONG) != NULL);
    cook_hex actual;
    cook_hash_file_hex(origin, actual, &err);
    CHECK(strstr(err.message, actual) != NULL);
    char *wrong_path = mh_path_join(sources, WRONG);
    char *part = mh_xasprintf("%s.part", wrong_path);
    CHECK(!mh_path_exists(wrong_path) && !mh_path_exists(part));
    /* Offline with nothing cached: the URL, the hash and how to seed. */
    r.offline = true;
    mh_error_clear(&err);
    CHECK(cook_cache_get(&r, &path, got, &err) == -1);
    CHECK(strstr(err.message, url) && strstr(err.message, "cp FILE") &&
          strstr(err.message, wrong_path));
    free(part);
    free(wrong_path);
    free(url);
    free(origin);
    free(sources);
}

/* ---- jobserver ---- */

static void jobserver_own_pool(void) {
    cook_jobserver js;
    char warning[256];
    mh_error err;
    if (!CHECK(cook_jobserver_open(&js, NULL, 3, warning, sizeof warning, &err) == 0))
        return;
    CHECK(js.owner && !warning[0]);
    CHECK_INT_EQ(cook_jobserver_take(&js), 1);
    CHECK_INT_EQ(cook_jobserver_take(&js), 1);
    CHECK_INT_EQ(cook_jobserver_take(&js), 0); /* 3 jobs: one is ours, two tokens */
    cook_jobserver_give(&js);
    CHECK_INT_EQ(cook_jobserver_take(&js), 1);
    char expected[64];
    snprintf(expected, sizeof expected, "--jobserver-auth=%d,%d", js.pipe_fds[0], js.pipe_fds[1]);
    CHECK(strstr(js.makeflags, "-j3 ") == js.makeflags && strstr(js.makeflags, expected));
    cook_jobserver_close(&js);
}

static void jobserver_joins_make(void) {
    int fds[2];
    if (!CHECK(pipe(fds) == 0))
        return;
    CHECK(write(fds[1], "xy", 2) == 2);
    char flags[64];
    snprintf(flags, sizeof flags, " -j3 --jobserver-auth=%d,%d", fds[0], fds[1]);
    cook_jobserver js;
    char warning[256];
    mh_error err;
    if (CHECK(cook_jobserver_open(&js, flags, 8, warning, sizeof warning, &err) == 0)) {
        CHECK(js.client && !js.owner);
        CHECK_STR_EQ(js.makeflags, flags);
        CHECK_INT_EQ(cook_jobserver_take(&js), 1);
        CHECK_INT_EQ(cook_jobserver_take(&js), 1);
        CHECK_INT_EQ(cook_jobserver_take(&js), 0);
        cook_jobserver_close(&js); /* gives both back */
    }
    char back[4];
    CHECK_INT_EQ(read(fds[0], back, sizeof back), 2);
    close(fds[0]);
    close(fds[1]);
    /* Descriptors make did not pass on: a warning and a pool of our own. */
    if (CHECK(cook_jobserver_open(&js, "-j2 --jobserver-auth=990,991", 2, warning,
                                  sizeof warning, &err) == 0)) {
        CHECK(js.owner && strstr(warning, "cannot be used"));
        cook_jobserver_close(&js);
    }
    /* The fifo style of make 4.4. */
    char *fifo = tmp_path("jobs.fifo");
    if (CHECK(mkfifo(fifo, 0600) == 0)) {
        char *auth = mh_xasprintf("-j2 --jobserver-auth=fifo:%s", fifo);
        if (CHECK(cook_jobserver_open(&js, auth, 2, warning, sizeof warning, &err) == 0)) {
            CHECK(js.client);
            CHECK_INT_EQ(cook_jobserver_take(&js), 0);
            int w = open(fifo, O_WRONLY | O_NONBLOCK);
            CHECK(write(w, "+", 1) == 1);
            close(w);
            CHECK_INT_EQ(cook_jobserver_take(&js), 1);
            cook_jobserver_close(&js);
        }
        free(auth);
    }
    free(fifo);
}

/* ---- templates, versions ---- */

static mh_recipe parse_recipe(const char *text) {
    mh_recipe r;
    mh_error err;
    if (mh_recipe_parse("demo", NULL, "demo/recipe.toml", text, strlen(text), NULL, &r, &err) != 0)
        printf("  parse: %s\n", err.message);
    return r;
}

static void templates_call_helpers_with_quoted_flags(void) {
    mh_recipe r = parse_recipe("[build]\ntemplate = \"configure\"\n"
                               "configureflags = [\"--with-x=it's\", \"--y\"]\n");
    mh_error err;
    char *script = cook_template_script(&r, &err);
    if (CHECK(script))
        CHECK(strstr(script, "DYNAMIC_INIT\nCOOKBOOK_CONFIGURE_FLAGS+=('--with-x=it'\\''s' "
                             "'--y')\ncookbook_configure\ncookbook_finish_stage\n") != NULL);
    free(script);
    mh_recipe_free(&r);
    r = parse_recipe("[build]\ntemplate = \"cargo\"\ncargopackages = [\"a\", \"b\"]\n"
                     "cargoflags = \"--features x\"\n");
    script = cook_template_script(&r, &err);
    if (CHECK(script)) {
        CHECK(strstr(script, "COOKBOOK_CARGO_FLAGS+=(--features x)\n") != NULL);
        CHECK(strstr(script, "cookbook_cargo_packages 'a' 'b'\n") != NULL);
        CHECK(strstr(script, "cookbook_cargo\n") == NULL);
    }
    free(script);
    mh_recipe_free(&r);
    r = parse_recipe("[build]\ntemplate = \"custom\"\nscript = \"echo hi\"\n");
    script = cook_template_script(&r, &err);
    if (CHECK(script))
        CHECK(strstr(script, "echo hi\ncookbook_finish_stage\n") != NULL);
    free(script);
    mh_recipe_free(&r);
    r = parse_recipe("[build]\ntemplate = \"remote\"\n");
    CHECK(cook_template_script(&r, &err) == NULL);
    CHECK(strstr(err.message, "remote") != NULL);
    mh_recipe_free(&r);
}

static void versions_are_guessed_like_upstream(void) {
    static const struct {
        const char *recipe, *version;
    } CASES[] = {
        {"[source]\ntar = \"https://x.org/zlib-1.3.1.tar.xz\"\nblake3 = "
         "\"0000000000000000000000000000000000000000000000000000000000000000\"\n"
         "[build]\ntemplate = \"configure\"\n", "1.3.1"},
        {"[source]\ngit = \"https://x.org/a.git\"\nrev = \"v2.10\"\n[build]\ntemplate = "
         "\"custom\"\nscript = \"true\"\n", "2.10"},
        {"[package]\nversion = \"7\"\n", "7"},
        {"[build]\ntemplate = \"none\"\n", ""},
        {"[build]\ntemplate = \"custom\"\nscript = \"true\"\n", "TODO"},
    };
    for (size_t i = 0; i < MH_COUNT(CASES); i++) {
        mh_recipe r = parse_recipe(CASES[i].recipe);
        char *v = cook_package_version(&r, "/nonexistent");
        CHECK_STR_EQ(v, CASES[i].version);
        free(v);
        mh_recipe_free(&r);
    }
}

/* ---- plans ---- */

static void plan_sysroot_and_toolchain_closures(void) {
    char *root = tmp_path("cb");
    char *recipes = mh_path_join(root, "recipes");
    static const struct {
        const char *name, *text;
    } RECIPES[] = {
        {"a", "[build]\ntemplate = \"none\"\n"},
        {"b", "[build]\ndependencies = [\"a\"]\n"},
        {"c", "[build]\ndependencies = [\"b\"]\ndev-dependencies = [\"host:tool\"]\n"},
        {"tool", "[build]\ndependencies = [\"a\"]\n"},
        {"d", "[build]\ndev-dependencies = [\"c\"]\n[package]\ndependencies = [\"e\"]\n"},
        {"e", "[build]\ntemplate = \"none\"\n"},
    };
    for (size_t i = 0; i < MH_COUNT(RECIPES); i++) {
        char *path = mh_xasprintf("%s/x/%s/recipe.toml", recipes, RECIPES[i].name);
        write_text(path, RECIPES[i].text);
        free(path);
    }
    mh_cookbook cb;
    mh_error err;
    if (!CHECK(mh_cookbook_open(root, &cb, &err) == 0))
        goto done;
    mh_graph_node roots[1];
    mh_graph_node_for_name(&cb, "d", &roots[0], &err);
    cook_plan_options o = {"x86_64-unknown-redox", "x86_64-unknown-linux-gnu", false};
    cook_plan plan;
    cook_plan_make(&cb, roots, 1, &o, &plan);
    /* Without runtime dependencies: a, b, host:a, host:tool, c, d (e is not cooked). */
    CHECK_INT_EQ(plan.node_count, 6);
    const cook_plan_node *c = NULL, *d = NULL, *tool = NULL;
    for (size_t i = 0; i < plan.node_count; i++) {
        if (strcmp(plan.nodes[i].label, "c") == 0)
            c = &plan.nodes[i];
        if (strcmp(plan.nodes[i].label, "d") == 0)
            d = &plan.nodes[i];
        if (strcmp(plan.nodes[i].label, "host:tool") == 0)
            tool = &plan.nodes[i];
    }
    if (CHECK(c && d && tool)) {
        /* c: b and (transitively) a in the sysroot; host:tool and its host:a in the toolchain. */
        CHECK_INT_EQ(c->sysroot_count, 2);
        CHECK_STR_EQ(plan.nodes[c->sysroot[0]].label, "a");
        CHECK_STR_EQ(plan.nodes[c->sysroot[1]].label, "b");
        CHECK_INT_EQ(c->toolchain_count, 2);
        CHECK_STR_EQ(plan.nodes[c->toolchain[0]].label, "host:a");
        CHECK_STR_EQ(plan.nodes[c->toolchain[1]].label, "host:tool");
        CHECK_STR_EQ(c->triple, "x86_64-unknown-redox");
        /* d: its dev-dependency c and c's build dependencies, not c's dev-dependencies. */
        CHECK_INT_EQ(d->sysroot_count, 3);
        CHECK_INT_EQ(d->toolchain_count, 0);
        /* A host build puts its host dependencies into its sysroot. */
        CHECK_INT_EQ(tool->sysroot_count, 1);
        CHECK_STR_EQ(plan.nodes[tool->sysroot[0]].label, "host:a");
        CHECK_STR_EQ(tool->triple, "x86_64-unknown-linux-gnu");
        CHECK(d->named && !c->named);
        /* What the build links against (auto-deps): build dependencies only, own side only. */
        CHECK_INT_EQ(c->linked_count, 2);
        CHECK_STR_EQ(plan.nodes[c->linked[0]].label, "a");
        CHECK_STR_EQ(plan.nodes[c->linked[1]].label, "b");
        if (CHECK_INT_EQ(c->direct_count, 1)) {
            CHECK_STR_EQ(plan.nodes[c->direct[0].node].label, "b");
            CHECK_STR_EQ(c->direct[0].sub, "");
        }
        CHECK_INT_EQ(d->linked_count, 0); /* c is only a dev-dependency */
        CHECK_INT_EQ(d->direct_count, 0);
        CHECK_INT_EQ(tool->linked_count, 1);
        CHECK_STR_EQ(plan.nodes[tool->linked[0]].label, "host:a");
    }
    cook_plan_free(&plan);
    o.with_package_deps = true;
    cook_plan_make(&cb, roots, 1, &o, &plan);
    CHECK_INT_EQ(plan.node_count, 7);
    cook_plan_free(&plan);
    mh_cookbook_close(&cb);
done:
    free(recipes);
    free(root);
}

/* ---- stage and sysroot ---- */

static void stage_split_moves_optional_files(void) {
    char *stage = tmp_path("stage"), *docs = tmp_path("stage.docs");
    char *bin = mh_path_join(stage, "usr/bin/tool"), *doc = mh_path_join(stage, "usr/share/doc/x");
    write_text(bin, "tool");
    write_text(doc, "doc");
    mh_recipe r = parse_recipe("[[optional-packages]]\nname = \"docs\"\n"
                               "files = [\"usr/share/doc/**\"]\n");
    mh_error err;
    char *outs[] = {docs};
    if (CHECK(cook_stage_split(stage, &r, outs, &err) == 0)) {
        char *moved = mh_path_join(docs, "usr/share/doc/x");
        CHECK(mh_path_exists(moved) && !mh_path_exists(doc) && mh_path_exists(bin));
        free(moved);
    }
    CHECK(cook_stage_set_times(stage, 315532800, &err) == 0);
    struct stat st;
    CHECK(lstat(bin, &st) == 0 && st.st_mtime == 315532800);
    mh_recipe_free(&r);
    free(bin);
    free(doc);
    free(stage);
    free(docs);
}

static void sysroot_merges_and_reuses(void) {
    char *root = tmp_path("keys");
    pkgar_secret_key sk;
    pkgar_public_key pk;
    mh_error err;
    mh_error_clear(&err);
    if (!CHECK(cook_signing_key(root, &sk, &pk, &err) == 0)) {
        printf("  %s\n", err.message);
        free(root);
        return;
    }
    /* One package with a top-level bin/, one with usr/bin/ and usr/include/. */
    char *one = tmp_path("one"), *two = tmp_path("two");
    char *f1 = mh_path_join(one, "bin/first"), *f2 = mh_path_join(two, "usr/bin/second");
    char *f3 = mh_path_join(two, "include/h.h");
    write_text(f1, "1");
    write_text(f2, "2");
    write_text(f3, "h");
    char *p1 = tmp_path("one.pkgar"), *p2 = tmp_path("two.pkgar");
    CHECK(pkgar_create(p1, one, &sk, NULL, NULL, &err) == 0);
    CHECK(pkgar_create(p2, two, &sk, NULL, NULL, &err) == 0);
    char *sysroot = tmp_path("sysroot");
    cook_sysroot_package packages[] = {{"one", p1, "h1"}, {"host:two", p2, "h2"}};
    if (CHECK(cook_sysroot_assemble(sysroot, packages, 2, &pk, -1, &err) == 0)) {
        char *a = mh_path_join(sysroot, "usr/bin/first"), *b = mh_path_join(sysroot, "bin/second");
        char *c = mh_path_join(sysroot, "usr/include/h.h"), *tag = mh_path_join(sysroot, ".tags/host_two");
        CHECK(mh_path_exists(a) && mh_path_exists(b) && mh_path_exists(c));
        char *t = read_text(tag);
        CHECK_STR_EQ(t, "h2");
        free(t);
        struct stat before, after;
        stat(sysroot, &before);
        CHECK(cook_sysroot_assemble(sysroot, packages, 2, &pk, -1, &err) == 0);
        stat(sysroot, &after);
        CHECK(before.st_ino == after.st_ino); /* the same tags: reused */
        packages[1].hash = "h3";
        CHECK(cook_sysroot_assemble(sysroot, packages, 2, &pk, -1, &err) == 0);
        stat(sysroot, &after);
        CHECK(before.st_ino != after.st_ino); /* a different package: made again */
        CHECK(cook_sysroot_assemble(sysroot, packages, 1, &pk, -1, &err) == 0);
        CHECK(!mh_path_exists(b)); /* a package no longer wanted is gone */
        free(a);
        free(b);
        free(c);
        free(tag);
    } else {
        printf("  %s\n", err.message);
    }
    pkgar_secret_key_wipe(&sk);
    free(f1);
    free(f2);
    free(f3);
    free(one);
    free(two);
    free(p1);
    free(p2);
    free(sysroot);
    free(root);
}

/* ---- processes ---- */

static void processes_capture_and_report(void) {
    const char *echo[] = {"sh", "-c", "echo out; echo err >&2", NULL};
    mh_strbuf out = MH_STRBUF_INIT;
    mh_error err;
    mh_error_clear(&err);
    CHECK(cook_run_capture(echo, NULL, NULL, -1, &out, &err) == 0);
    CHECK_STR_EQ(mh_strbuf_str(&out), "out\n");
    mh_strbuf_free(&out);
    const char *failing[] = {"sh", "-c", "exit 7", NULL};
    CHECK(cook_run_checked(failing, NULL, NULL, -1, &err) == -1);
    CHECK(strstr(err.message, "`sh -c exit 7` failed with exit status 7") != NULL);
    const char *missing[] = {"no-such-program-here", NULL};
    CHECK(cook_run_checked(missing, NULL, NULL, -1, &err) == -1);
    CHECK(strstr(err.message, "could not be run") != NULL);
    cook_env env;
    cook_env_from_environ(&env);
    cook_env_set(&env, "COOK_TEST_VAR", "value");
    cook_env_set(&env, "COOK_TEST_VAR", "second");
    cook_env_unset(&env, "PATH");
    cook_env_set(&env, "PATH", "/usr/bin:/bin");
    CHECK_STR_EQ(cook_env_get(&env, "COOK_TEST_VAR"), "second");
    const char *show[] = {"sh", "-c", "echo $COOK_TEST_VAR", NULL};
    CHECK(cook_run_capture(show, NULL, &env, -1, &out, &err) == 0);
    CHECK_STR_EQ(mh_strbuf_str(&out), "second\n");
    mh_strbuf_free(&out);
    cook_env_free(&env);
}

static const mh_test TESTS[] = {
    MH_TEST(mirrors_longest_prefix_then_original),
    MH_TEST(config_keys_types_and_warnings),
    MH_TEST(globs_match_components),
    MH_TEST(links_inside_and_outside),
    MH_TEST(unpack_strips_top_and_keeps_times),
    MH_TEST(unpack_refuses_escapes),
    MH_TEST(unpack_zip_and_garbage),
    MH_TEST(sync_copies_updates_and_removes),
    MH_TEST(tree_hash_follows_content_through_the_cache),
    MH_TEST(cache_downloads_checks_and_reuses),
    MH_TEST(jobserver_own_pool),
    MH_TEST(jobserver_joins_make),
    MH_TEST(templates_call_helpers_with_quoted_flags),
    MH_TEST(versions_are_guessed_like_upstream),
    MH_TEST(plan_sysroot_and_toolchain_closures),
    MH_TEST(stage_split_moves_optional_files),
    MH_TEST(sysroot_merges_and_reuses),
    MH_TEST(processes_capture_and_report),
};

int main(int argc, char **argv) {
    return mh_test_run(TESTS, MH_COUNT(TESTS), argc, argv);
}
