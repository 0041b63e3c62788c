/* Unit tests of the config library: upstream's include/merge semantics, errors with their
 * locations, the --output-config writer, and golden merged configs of every shipped variant. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/files.h"
#include "base/strbuf.h"
#include "config/config.h"
#include "testing/testing.h"

static char *write_config(const char *name, const char *text) {
    char *path = mh_path_join(mh_test_tmpdir(), name);
    char *slash = strrchr(path, '/');
    *slash = '\0';
    mh_error err;
    mh_mkdir_p(path, &err);
    *slash = '/';
    CHECK_INT_EQ(mh_write_file_atomic(path, text, strlen(text), 0644, &err), 0);
    return path;
}

static void includes_merge_as_upstream(void) {
    free(write_config("base.toml",
                      "[general]\nprompt = false\nfilesystem_size = 100\nefi_partition_size = 2\n"
                      "[packages]\nkernel = {}\nrelibc = {}\nion = {}\n"
                      "[[files]]\npath = \"/etc/hostname\"\ndata = \"base\"\n"
                      "[users.root]\npassword = \"password\"\nuid = 0\n"
                      "[groups.sudo]\ngid = 1\nmembers = [\"user\"]\n"));
    free(write_config("extra/net.toml",
                      "[packages]\nnetutils = \"binary\"\n"
                      "[[files]]\npath = \"/etc/net\"\ndata = \"dhcp\"\n"));
    char *top = write_config("server.toml",
                             "include = [\"base.toml\", \"extra/net.toml\"]\n"
                             "[general]\nprompt = true\nfilesystem_size = 512\n"
                             "[packages]\nion = \"ignore\"\nrelibc = \"local\"\nzlib = { version = \"1.3\" }\n"
                             "[[files]]\npath = \"/etc/hostname\"\ndata = \"server\"\npostinstall = true\n"
                             "[users.root]\npassword = \"secret\"\n"
                             "[users.user]\npassword = \"\"\n");
    mh_config c;
    mh_error err;
    mh_error_clear(&err);
    if (!CHECK_INT_EQ(mh_config_load(top, &c, &err), 0)) {
        printf("    %s:%u:%u: %s\n", err.path, err.line, err.column, err.message);
        free(top);
        return;
    }
    CHECK_INT_EQ(c.general.filesystem_size, 512); /* later wins */
    CHECK_INT_EQ(c.general.efi_partition_size, 2); /* kept when not set later */
    CHECK_INT_EQ(c.general.prompt, 0);             /* upstream quirk: only the base sets prompt */
    CHECK_INT_EQ(c.package_count, 5);
    const char *expected_names[] = {"ion", "kernel", "netutils", "relibc", "zlib"};
    const mh_package_rule expected_rules[] = {MH_RULE_IGNORE, MH_RULE_DEFAULT, MH_RULE_BINARY,
                                              MH_RULE_LOCAL, MH_RULE_DEFAULT};
    for (size_t i = 0; i < 5 && i < c.package_count; i++) {
        CHECK_STR_EQ(c.packages[i].name, expected_names[i]);
        CHECK_INT_EQ(c.packages[i].rule, expected_rules[i]);
    }
    CHECK_STR_EQ(mh_config_find_package(&c, "zlib")->version, "1.3");
    CHECK(strstr(mh_config_find_package(&c, "netutils")->origin.file, "extra/net.toml") != NULL);
    CHECK_INT_EQ(c.file_count, 3); /* appended in order: base, net, server */
    CHECK_STR_EQ(c.files[0].data, "base");
    CHECK_STR_EQ(c.files[1].path, "/etc/net");
    CHECK_STR_EQ(c.files[2].data, "server");
    CHECK(c.files[2].postinstall);
    CHECK_INT_EQ(c.user_count, 2);
    CHECK_STR_EQ(c.users[0].key, "root");
    CHECK_STR_EQ(c.users[0].password, "secret"); /* replaced per key, whole entry */
    CHECK_INT_EQ(c.users[0].uid, -1);
    CHECK_STR_EQ(c.users[1].password, "");
    CHECK_INT_EQ(c.group_count, 1);
    CHECK_INT_EQ(c.groups[0].gid, 1);
    mh_config_free(&c);
    free(top);
}

static char *load_error(const char *file, const char *text) {
    char *path = write_config(file, text);
    mh_config c;
    mh_error err;
    mh_error_clear(&err);
    char *result;
    if (mh_config_load(path, &c, &err) == 0) {
        mh_config_free(&c);
        result = mh_xstrdup("(no error)");
    } else {
        const char *base = strrchr(err.path, '/');
        result = mh_xasprintf("%s:%u:%u: %s", base ? base + 1 : err.path, err.line, err.column,
                              err.message);
    }
    free(path);
    return result;
}

static void bad_configs_are_located_errors(void) {
    static const struct {
        const char *text, *expected;
    } CASES[] = {
        {"[general]\nfilesystem_size = \"big\"\n",
         "bad.toml:2:19: expected an integer for 'filesystem_size' in [general], found a string"},
        {"[general]\nfilesystem_size = -5\n",
         "bad.toml:2:19: 'filesystem_size' in [general] must be between 0 and 1073741824, found -5"},
        {"[packages]\nzlib = \"sometimes\"\n",
         "bad.toml:2:8: package 'zlib': expected {} or one of \"source\", \"local\", \"binary\", "
         "\"ignore\", found \"sometimes\""},
        {"[packages]\nzlib = 3\n",
         "bad.toml:2:8: package 'zlib': expected {} or a rule string, found an integer"},
        {"[[files]]\ndata = \"x\"\n", "bad.toml:1:1: [[files]] entry needs a 'path' key"},
        {"[[files]]\npath = \"/a\"\n",
         "bad.toml:1:1: [[files]] entry for \"/a\" needs a 'data' key (\"\" for a directory)"},
        {"[[files]]\npath = \"/a\"\ndata = \"\"\nmode = 65536\n",
         "bad.toml:4:8: 'mode' in [[files]] must be between 0 and 4095, found 65536"},
        {"[[files]]\npath = \"/a\"\ndata = \"\"\nsymlink = true\ndirectory = true\n",
         "bad.toml:1:1: [[files]] entry for \"/a\" cannot be both a symlink and a directory"},
        {"[users.root]\nuid = \"zero\"\n",
         "bad.toml:2:7: expected an integer for 'uid' in [users.root], found a string"},
        {"[groups.wheel]\nmembers = [1]\n",
         "bad.toml:2:12: expected a string in 'members' in [groups.wheel], found an integer"},
        {"include = \"base.toml\"\n",
         "bad.toml:1:11: expected an array for 'include' in the config, found a string"},
        {"include = [\"missing.toml\"]\n", NULL},
    };
    for (size_t i = 0; i < MH_COUNT(CASES); i++) {
        char *got = load_error("bad.toml", CASES[i].text);
        if (CASES[i].expected)
            CHECK_STR_EQ(got, CASES[i].expected);
        else
            CHECK(strncmp(got, "bad.toml:1:12: ", 15) == 0 && strstr(got, "missing.toml") &&
                  strstr(got, "No such file"));
        free(got);
    }
}

static void include_cycles_are_named(void) {
    free(write_config("a.toml", "include = [\"b.toml\"]\n"));
    free(write_config("b.toml", "include = [\"c.toml\"]\n"));
    free(write_config("c.toml", "include = [\"a.toml\"]\n"));
    char *got = load_error("a.toml", "include = [\"b.toml\"]\n");
    CHECK(strstr(got, "include cycle:") != NULL);
    CHECK(strstr(got, "a.toml <- ") != NULL && strstr(got, "c.toml") && strstr(got, "b.toml"));
    free(got);
    got = load_error("self.toml", "include = [\"self.toml\"]\n");
    CHECK(strstr(got, "include cycle:") != NULL);
    free(got);
}

static void unknown_keys_are_warnings(void) {
    char *path = write_config("warn.toml", "colour = 1\n[general]\nplain = true\n"
                                           "[users.u]\nemail = \"x\"\n");
    mh_config c;
    mh_error err;
    CHECK_INT_EQ(mh_config_load(path, &c, &err), 0);
    CHECK_INT_EQ(c.warning_count, 3);
    if (c.warning_count == 3) {
        CHECK_INT_EQ(c.warnings[0].line, 1);
        CHECK(strstr(c.warnings[0].message, "unknown key 'colour'") != NULL);
        CHECK_INT_EQ(c.warnings[1].line, 3);
        CHECK(strstr(c.warnings[1].message, "'plain' in [general]") != NULL);
        CHECK(strstr(c.warnings[2].message, "'email' in [users.u]") != NULL);
    }
    mh_config_free(&c);
    free(path);
}

static void written_config_reloads_identically(void) {
    char *path = write_config("src.toml",
                              "[general]\nfilesystem_size = 64\nskip_partitions = true\n"
                              "write_bootloader = \"b.efi\"\n"
                              "[packages]\n\"odd name\" = {}\nx = { git = \"g\", path = \"p\" }\ny = \"ignore\"\n"
                              "[[files]]\npath = \"/f\"\ndata = \"line1\\n\\u0000\\t\\\"q\\\"\"\nmode = 384\n"
                              "uid = 5\ngid = 6\nappend = true\n"
                              "[users.\"a b\"]\nname = \"A\"\n[groups.g]\nmembers = []\n");
    mh_config c;
    mh_error err;
    if (!CHECK_INT_EQ(mh_config_load(path, &c, &err), 0)) {
        free(path);
        return;
    }
    mh_strbuf first = MH_STRBUF_INIT;
    mh_config_write(&c, &first);
    mh_config_free(&c);
    char *copy = write_config("copy.toml", mh_strbuf_str(&first));
    CHECK_INT_EQ(mh_config_load(copy, &c, &err), 0);
    CHECK_INT_EQ(c.files[0].data_len, 11);
    CHECK_MEM_EQ(c.files[0].data, "line1\n\0\t\"q\"", 11);
    mh_strbuf second = MH_STRBUF_INIT;
    mh_config_write(&c, &second);
    CHECK_STR_EQ(mh_strbuf_str(&second), mh_strbuf_str(&first));
    mh_config_free(&c);
    mh_strbuf_free(&first);
    mh_strbuf_free(&second);
    free(copy);
    free(path);
}

/* The shipped variants, merged, must equal the golden files (run from the repository root). */
static void shipped_variants_match_golden_files(void) {
    const char *variants[] = {"base", "minimal", "server", "desktop", "system-test"};
    for (size_t i = 0; i < MH_COUNT(variants); i++) {
        char *path = mh_xasprintf("config/%s.toml", variants[i]);
        char *golden_path = mh_xasprintf("cookbook/lib/config/tests/golden/%s.toml", variants[i]);
        mh_config c;
        mh_error err;
        mh_error_clear(&err);
        if (!CHECK_INT_EQ(mh_config_load(path, &c, &err), 0)) {
            printf("    %s: %s\n", path, err.message);
        } else {
            CHECK_INT_EQ(c.warning_count, 0);
            mh_strbuf out = MH_STRBUF_INIT;
            mh_config_write(&c, &out);
            char *golden;
            size_t len;
            if (CHECK_INT_EQ(mh_read_file(golden_path, &golden, &len, &err), 0)) {
                if (!CHECK_STR_EQ(mh_strbuf_str(&out), golden))
                    printf("    (regenerate: redox_installer --output-config with %s)\n", path);
                free(golden);
            }
            mh_strbuf_free(&out);
            mh_config_free(&c);
        }
        free(golden_path);
        free(path);
    }
}

static const mh_test TESTS[] = {
    MH_TEST(includes_merge_as_upstream),
    MH_TEST(bad_configs_are_located_errors),
    MH_TEST(include_cycles_are_named),
    MH_TEST(unknown_keys_are_warnings),
    MH_TEST(written_config_reloads_identically),
    MH_TEST(shipped_variants_match_golden_files),
};

int main(int argc, char **argv) {
    return mh_test_run(TESTS, MH_COUNT(TESTS), argc, argv);
}
