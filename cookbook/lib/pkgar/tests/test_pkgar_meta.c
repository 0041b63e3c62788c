/* Unit tests of repository metadata: per-package <name>.toml and repo.toml. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/files.h"
#include "base/strbuf.h"
#include "craft.h"
#include "pkgar/archive.h"
#include "pkgar/create.h"
#include "pkgar/package.h"
#include "pkgar/repo.h"
#include "testing/testing.h"

static char *tmp(const char *rel) {
    return mh_path_join(mh_test_tmpdir(), rel);
}

static int name_ok(const char *name) {
    mh_error err;
    return pkgar_package_name_check(name, strlen(name), "name", &err) == 0;
}

static void package_names_follow_pkgutils(void) {
    CHECK(name_ok("gcc13"));
    CHECK(name_ok("foo.bar"));
    CHECK(name_ok("host:foo"));
    CHECK(name_ok("host:foo.bar"));
    CHECK(name_ok("target:foo"));
    CHECK(name_ok("foo."));
    CHECK(!name_ok(""));
    CHECK(!name_ok("a/b"));
    CHECK(!name_ok("dolphin.emu.lator"));
    CHECK(!name_ok("ffmpeg:latest"));
    CHECK(!name_ok("host:a:b"));
    CHECK(!name_ok("host:"));
    mh_error err;
    CHECK_INT_EQ(pkgar_package_name_check("a\0b", 3, "name", &err), -1);
    CHECK(strstr(err.message, "NUL") != NULL);
}

static void package_toml_is_written_in_upstreams_form(void) {
    pkgar_package p;
    pkgar_package_init(&p);
    pkgar_package_set(&p.name, "gzdoom");
    pkgar_package_set(&p.version, "4.14");
    pkgar_package_set(&p.target, "x86_64-unknown-redox");
    pkgar_package_set(&p.blake3,
                      "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
    pkgar_package_set(&p.time_identifier, "2025-12-13T05:33:07Z");
    p.storage_size = 1234;
    pkgar_package_add_depend(&p, "sdl2");
    pkgar_package_add_depend(&p, "host:zmusic.data");
    mh_strbuf out = MH_STRBUF_INIT;
    pkgar_package_format(&p, &out);
    CHECK_STR_EQ(mh_strbuf_str(&out),
                 "name = \"gzdoom\"\n"
                 "version = \"4.14\"\n"
                 "target = \"x86_64-unknown-redox\"\n"
                 "blake3 = \"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\"\n"
                 "time_identifier = \"2025-12-13T05:33:07Z\"\n"
                 "storage_size = 1234\n"
                 "depends = [\"sdl2\", \"host:zmusic.data\"]\n");
    char *path = tmp("gzdoom.toml");
    mh_error err;
    CHECK_INT_EQ(pkgar_package_save(path, &p, &err), 0);
    pkgar_package back;
    CHECK_INT_EQ(pkgar_package_load(path, &back, &err), 0);
    mh_strbuf again = MH_STRBUF_INIT;
    pkgar_package_format(&back, &again);
    CHECK_STR_EQ(mh_strbuf_str(&again), mh_strbuf_str(&out));
    CHECK_INT_EQ(back.depends_count, 2);
    CHECK_STR_EQ(back.source_identifier, "");
    CHECK_INT_EQ(back.network_size, 0);
    mh_strbuf_free(&again);
    mh_strbuf_free(&out);
    pkgar_package_free(&back);
    pkgar_package_free(&p);
    free(path);
}

static void package_toml_reads_upstream_files(void) {
    const char *meta = "name = \"dev-essentials\"\n"
                       "target = \"x86_64-unknown-redox\"\n"
                       "depends = [\"gcc13\"]\n"
                       "future_key = \"ignored\"\n";
    pkgar_package p;
    mh_error err;
    CHECK_INT_EQ(pkgar_package_parse(meta, strlen(meta), "m.toml", &p, &err), 0);
    CHECK_STR_EQ(p.name, "dev-essentials");
    CHECK_STR_EQ(p.version, ""); /* a metapackage */
    CHECK_INT_EQ(p.depends_count, 1);
    pkgar_package_free(&p);
    struct {
        const char *text;
        unsigned line;
        const char *expected;
    } bad[] = {
        {"version = \"1\"\n", 0, "missing 'name'"},
        {"name = \"a/b\"\n", 1, "contains '/'"},
        {"name = \"ok\"\ndepends = [\"fine\", \"ffmpeg:latest\"]\n", 2, "prefix"},
        {"name = \"ok\"\ndepends = \"gcc\"\n", 2, "must be an array"},
        {"name = \"ok\"\nstorage_size = -1\n", 2, "non-negative"},
        {"name = \"ok\"\nblake3 = \"XYZ\"\n", 2, "64 lowercase hex"},
        {"name = \"ok\"\nversion = 3\n", 2, "must be a string"},
        {"name = \n", 1, ""},
    };
    for (size_t i = 0; i < MH_COUNT(bad); i++) {
        mh_error_clear(&err);
        CHECK_INT_EQ(pkgar_package_parse(bad[i].text, strlen(bad[i].text), "m.toml", &p, &err), -1);
        CHECK_STR_EQ(err.path, "m.toml");
        CHECK_INT_EQ(err.line, bad[i].line);
        if (!CHECK(strstr(err.message, bad[i].expected) != NULL))
            printf("    message: %s\n", err.message);
    }
}

static void package_fields_come_from_the_archive(void) {
    pkgar_public_key pk;
    pkgar_secret_key sk;
    craft_test_key(&pk, &sk);
    char *src = tmp("stage");
    craft_mkdir(src, "usr/bin");
    craft_write(src, "usr/bin/x", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", 45, 0755);
    char *archive_path = tmp("x.pkgar");
    pkgar_create_options options = {PKGAR_PACKAGING_LZMA2, 0};
    pkgar_create_info info;
    mh_error err;
    CHECK_INT_EQ(pkgar_create(archive_path, src, &sk, &options, &info, &err), 0);
    pkgar_package from_info, from_archive;
    pkgar_package_init(&from_info);
    pkgar_package_init(&from_archive);
    pkgar_package_set_created(&from_info, &info);
    pkgar_archive a;
    if (CHECK_INT_EQ(pkgar_archive_open(&a, archive_path, &pk, &err), 0)) {
        CHECK_INT_EQ(pkgar_package_set_archive(&from_archive, &a, &err), 0);
        char hex[65];
        static const char digits[] = "0123456789abcdef";
        for (int i = 0; i < 32; i++) {
            hex[2 * i] = digits[a.header.entries_hash[i] >> 4];
            hex[2 * i + 1] = digits[a.header.entries_hash[i] & 15];
        }
        hex[64] = '\0';
        CHECK_STR_EQ(from_archive.blake3, hex);
        pkgar_archive_close(&a);
    }
    CHECK_STR_EQ(from_info.blake3, from_archive.blake3);
    CHECK_INT_EQ(from_info.network_size, craft_file_size(archive_path));
    CHECK_INT_EQ(from_archive.network_size, from_info.network_size);
    CHECK_INT_EQ(from_info.storage_size, pkgar_head_size(1) + 45);
    CHECK_INT_EQ(from_archive.storage_size, from_info.storage_size);
    pkgar_package_free(&from_info);
    pkgar_package_free(&from_archive);
    free(archive_path);
    free(src);
}

static void repo_toml_round_trips_sorted(void) {
    pkgar_repo repo;
    pkgar_repo_init(&repo);
    mh_error err;
    pkgar_repo_set_build_id(&repo, "build-7");
    CHECK_INT_EQ(pkgar_repo_set_package(&repo, "zlib", "aa", &err), 0);
    CHECK_INT_EQ(pkgar_repo_set_package(&repo, "host:gcc", "bb", &err), 0);
    CHECK_INT_EQ(pkgar_repo_set_package(&repo, "bash", "cc", &err), 0);
    CHECK_INT_EQ(pkgar_repo_set_package(&repo, "zlib", "dd", &err), 0);
    CHECK_INT_EQ(pkgar_repo_set_package(&repo, "bad/name", "x", &err), -1);
    CHECK_INT_EQ(pkgar_repo_set_outdated(&repo, "gnu-make", "1a0e", "da93", "2025-12-13T05:33:07Z",
                                         NULL, &err),
                 0);
    CHECK_INT_EQ(pkgar_repo_set_outdated(&repo, "acid", NULL, "c0", NULL, "p1", &err), 0);
    mh_strbuf out = MH_STRBUF_INIT;
    pkgar_repo_format(&repo, &out);
    CHECK_STR_EQ(mh_strbuf_str(&out), "build_id = \"build-7\"\n"
                                      "\n"
                                      "[packages]\n"
                                      "bash = \"cc\"\n"
                                      "\"host:gcc\" = \"bb\"\n"
                                      "zlib = \"dd\"\n"
                                      "\n"
                                      "[outdated_packages.acid]\n"
                                      "commit_identifier = \"c0\"\n"
                                      "patch_identifier = \"p1\"\n"
                                      "\n"
                                      "[outdated_packages.gnu-make]\n"
                                      "source_identifier = \"1a0e\"\n"
                                      "commit_identifier = \"da93\"\n"
                                      "time_identifier = \"2025-12-13T05:33:07Z\"\n");
    char *path = tmp("repo.toml");
    CHECK_INT_EQ(pkgar_repo_save(path, &repo, &err), 0);
    pkgar_repo back;
    CHECK_INT_EQ(pkgar_repo_load(path, 0, &back, &err), 0);
    mh_strbuf again = MH_STRBUF_INIT;
    pkgar_repo_format(&back, &again);
    CHECK_STR_EQ(mh_strbuf_str(&again), mh_strbuf_str(&out));
    CHECK_STR_EQ(pkgar_repo_find_package(&back, "host:gcc"), "bb");
    CHECK(pkgar_repo_find_package(&back, "gcc") == NULL);
    CHECK(pkgar_repo_remove_package(&back, "bash"));
    CHECK(!pkgar_repo_remove_package(&back, "bash"));
    CHECK_INT_EQ(back.package_count, 2);
    const pkgar_repo_outdated *o = pkgar_repo_find_outdated(&back, "gnu-make");
    if (CHECK(o != NULL))
        CHECK_STR_EQ(o->commit_identifier, "da93");
    CHECK(pkgar_repo_remove_outdated(&back, "acid"));
    CHECK_INT_EQ(back.outdated_count, 1);
    mh_strbuf_free(&again);
    mh_strbuf_free(&out);
    pkgar_repo_free(&back);
    pkgar_repo_free(&repo);
    free(path);
}

static void repo_toml_reads_upstream_files_and_reports_errors(void) {
    const char *upstream = "[packages]\n"
                           "foo = \"bar\"\n"
                           "\n"
                           "[outdated_packages.gnu-make]\n"
                           "source_identifier = \"1a0e5353\"\n";
    pkgar_repo repo;
    mh_error err;
    CHECK_INT_EQ(pkgar_repo_parse(upstream, strlen(upstream), "repo.toml", &repo, &err), 0);
    CHECK_STR_EQ(pkgar_repo_find_package(&repo, "foo"), "bar");
    CHECK_STR_EQ(repo.build_id, "");
    pkgar_repo_free(&repo);
    const char *bad_name = "[packages]\nok = \"1\"\n\"a.b.c\" = \"2\"\n";
    CHECK_INT_EQ(pkgar_repo_parse(bad_name, strlen(bad_name), "repo.toml", &repo, &err), -1);
    CHECK_INT_EQ(err.line, 3);
    CHECK(strstr(err.message, "more than one '.'") != NULL);
    const char *bad_value = "[packages]\nok = 1\n";
    CHECK_INT_EQ(pkgar_repo_parse(bad_value, strlen(bad_value), "repo.toml", &repo, &err), -1);
    CHECK_INT_EQ(err.line, 2);
    char *missing = tmp("none/repo.toml");
    CHECK_INT_EQ(pkgar_repo_load(missing, 1, &repo, &err), 0);
    CHECK_INT_EQ(repo.package_count, 0);
    pkgar_repo_free(&repo);
    CHECK_INT_EQ(pkgar_repo_load(missing, 0, &repo, &err), -1);
    pkgar_repo_free(&repo);
    free(missing);
}

static const mh_test TESTS[] = {
    MH_TEST(package_names_follow_pkgutils),
    MH_TEST(package_toml_is_written_in_upstreams_form),
    MH_TEST(package_toml_reads_upstream_files),
    MH_TEST(package_fields_come_from_the_archive),
    MH_TEST(repo_toml_round_trips_sorted),
    MH_TEST(repo_toml_reads_upstream_files_and_reports_errors),
};

int main(int argc, char **argv) {
    return mh_test_run(TESTS, MH_COUNT(TESTS), argc, argv);
}
