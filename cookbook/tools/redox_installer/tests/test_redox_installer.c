/* End-to-end tests of redox_installer ($FSTOOLS_BIN/redox_installer) on a fixture cookbook made
 * here: signed packages in repo/x86_64-unknown-redox, a layered config, accounts. The image is
 * checked with gdisk and mtools, its RedoxFS is opened with our library and compared file by
 * file with a directory install of the same config; bad inputs must fail before anything is
 * written. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/files.h"
#include "base/process.h"
#include "base/strbuf.h"
#include "pkgar/create.h"
#include "pkgar/keys.h"
#include "pkgar/package.h"
#include "pkgar/repo.h"
#include "redoxfs/host/tree.h"
#include "redoxfs/host/volume.h"
#include "testing/testing.h"

#define REPO "repo/x86_64-unknown-redox"

static char *cookbook;
static char *installer;

static void put(const char *root, const char *rel, const char *text, unsigned mode) {
    char *path = mh_path_join(root, rel);
    char *dir = mh_xstrdup(path);
    *strrchr(dir, '/') = '\0';
    mh_error err;
    mh_mkdir_p(dir, &err);
    CHECK_INT_EQ(mh_write_file_atomic(path, text, strlen(text), mode, &err), 0);
    free(dir);
    free(path);
}

/* A package NAME from the files under stage/NAME, depending on deps (comma-separated). */
static void make_package(const pkgar_secret_key *sk, pkgar_repo *repo, const char *name,
                         const char *version, const char *deps) {
    mh_error err;
    char *stage = mh_xasprintf("%s/stage/%s", cookbook, name);
    char *archive = mh_xasprintf("%s/" REPO "/%s.pkgar", cookbook, name);
    char *toml = mh_xasprintf("%s/" REPO "/%s.toml", cookbook, name);
    pkgar_package meta;
    pkgar_package_init(&meta);
    pkgar_package_set(&meta.name, name);
    pkgar_package_set(&meta.version, version);
    pkgar_package_set(&meta.target, "x86_64-unknown-redox");
    if (version[0]) {
        pkgar_create_options opt = {PKGAR_PACKAGING_RAW, 0};
        pkgar_create_info info;
        CHECK_INT_EQ(pkgar_create(archive, stage, sk, &opt, &info, &err), 0);
        pkgar_package_set_created(&meta, &info);
    }
    char *copy = mh_xstrdup(deps);
    for (char *d = strtok(copy, ","); d; d = strtok(NULL, ","))
        pkgar_package_add_depend(&meta, d);
    free(copy);
    CHECK_INT_EQ(pkgar_package_save(toml, &meta, &err), 0);
    CHECK_INT_EQ(pkgar_repo_set_package(repo, name, meta.blake3[0] ? meta.blake3 : version, &err), 0);
    pkgar_package_free(&meta);
    free(stage);
    free(archive);
    free(toml);
}

static void make_cookbook(void) {
    free(cookbook); /* each test makes its own, in its own temporary directory */
    cookbook = mh_path_join(mh_test_tmpdir(), "cookbook");
    mh_error err;
    char *repo_dir = mh_path_join(cookbook, REPO);
    char *build = mh_path_join(cookbook, "build");
    mh_mkdir_p(repo_dir, &err);
    mh_mkdir_p(build, &err);
    pkgar_public_key pk;
    pkgar_secret_key sk;
    CHECK_INT_EQ(pkgar_keypair_generate(&pk, &sk, &err), 0);
    char *pub = mh_path_join(build, "id_ed25519.pub.toml");
    CHECK_INT_EQ(pkgar_public_key_save(pub, &pk, &err), 0);
    char *stage = mh_path_join(cookbook, "stage");
    put(stage, "bootloader/usr/lib/boot/bootloader.efi", "MZ fake EFI application\n", 0644);
    put(stage, "bootloader/usr/lib/boot/bootloader-live.efi", "MZ fake live EFI\n", 0644);
    put(stage, "kernel/boot/kernel", "\177ELF fake kernel\n", 0644);
    put(stage, "hello/usr/bin/hello", "#!/usr/bin/sh\necho hello\n", 0755);
    put(stage, "libhello/usr/lib/libhello.a", "!<arch>\n", 0644);
    put(stage, "hello/etc/skel/.profile", "export PATH=/usr/bin\n", 0644);
    char *link = mh_path_join(stage, "libhello/usr/lib/libhello-1.a");
    CHECK(symlink("libhello.a", link) == 0);
    free(link);
    /* Two packages that together would write through a symlink out of the image root. */
    char *escape = mh_path_join(stage, "escape-link/srv/escape");
    char *escape_dir = mh_path_join(stage, "escape-link/srv");
    CHECK_INT_EQ(mh_mkdir_p(escape_dir, &err), 0);
    char *outside = mh_path_join(mh_test_tmpdir(), "outside");
    CHECK(symlink(outside, escape) == 0);
    free(outside);
    free(escape_dir);
    free(escape);
    put(stage, "escape-file/srv/escape/pwned", "outside\n", 0644);
    pkgar_repo repo;
    pkgar_repo_init(&repo);
    pkgar_repo_set_build_id(&repo, "test-build-7");
    make_package(&sk, &repo, "bootloader", "1.0", "");
    make_package(&sk, &repo, "kernel", "0.1", "");
    make_package(&sk, &repo, "libhello", "2.0", "");
    make_package(&sk, &repo, "hello", "2.0", "libhello");
    make_package(&sk, &repo, "tools", "", "hello"); /* a metapackage */
    make_package(&sk, &repo, "escape-link", "1.0", "");
    make_package(&sk, &repo, "escape-file", "1.0", "escape-link");
    char *repo_toml = mh_path_join(repo_dir, "repo.toml");
    CHECK_INT_EQ(pkgar_repo_save(repo_toml, &repo, &err), 0);
    pkgar_repo_free(&repo);
    pkgar_secret_key_wipe(&sk);
    put(cookbook, "config/base.toml",
        "[general]\nprompt = false\nefi_partition_size = 1\n"
        "[packages]\nbootloader = {}\nkernel = {}\n"
        "[[files]]\npath = \"/etc/hostname\"\ndata = \"base\\n\"\n"
        "[[files]]\npath = \"/usr/bin\"\ndata = \"\"\ndirectory = true\n"
        "[[files]]\npath = \"/bin\"\ndata = \"usr/bin\"\nsymlink = true\n"
        "[[files]]\npath = \"/tmp\"\ndata = \"\"\ndirectory = true\nmode = 0o1777\n"
        "[users.root]\npassword = \"password\"\nuid = 0\ngid = 0\nhome = \"/root\"\n"
        "[users.user]\npassword = \"\"\n"
        "[groups.sudo]\ngid = 1\nmembers = [\"user\"]\n",
        0644);
    put(cookbook, "config/test.toml",
        "include = [\"base.toml\"]\n"
        "[general]\nfilesystem_size = 24\n"
        "[packages]\ntools = {}\n"
        "[[files]]\npath = \"/etc/hostname\"\ndata = \"fixture\\n\"\n"
        "[[files]]\npath = \"/srv/data/owned.txt\"\ndata = \"mine\"\nuid = 1001\ngid = 1001\nmode = 0o600\n"
        "[[files]]\npath = \"/etc/motd\"\ndata = \"installed: \"\npostinstall = true\n"
        "[[files]]\npath = \"/etc/motd\"\ndata = \"yes\\n\"\npostinstall = true\nappend = true\n",
        0644);
    free(stage);
    free(pub);
    free(repo_toml);
    free(build);
    free(repo_dir);
}

static int run_installer(const char *const *args, mh_strbuf *out, mh_error *err) {
    char *argv[16];
    size_t n = 0;
    argv[n++] = installer;
    for (; *args && n < 15; args++)
        argv[n++] = (char *)*args;
    argv[n] = NULL;
    return mh_run(argv, out, err);
}

static char *in_tmp(const char *name) {
    return mh_path_join(mh_test_tmpdir(), name);
}

static void query_modes(void) {
    make_cookbook();
    char *cfg = mh_path_join(cookbook, "config/test.toml");
    mh_strbuf out = MH_STRBUF_INIT;
    mh_error err;
    const char *size_args[] = {"-c", cfg, "--filesystem-size", NULL};
    CHECK_INT_EQ(run_installer(size_args, &out, &err), 0);
    CHECK_STR_EQ(mh_strbuf_str(&out), "24\n");
    mh_strbuf_truncate(&out, 0);
    const char *list_args[] = {"-c", cfg, "--cookbook", cookbook, "--list-packages", NULL};
    CHECK_INT_EQ(run_installer(list_args, &out, &err), 0);
    CHECK_STR_EQ(mh_strbuf_str(&out), "bootloader\nkernel\nlibhello\nhello\ntools\n");
    char *merged = in_tmp("merged.toml");
    const char *output_args[] = {"-c", cfg, "--output-config", merged, NULL};
    CHECK_INT_EQ(run_installer(output_args, NULL, &err), 0);
    char *text;
    size_t len;
    if (CHECK_INT_EQ(mh_read_file(merged, &text, &len, &err), 0)) {
        CHECK(strstr(text, "filesystem_size = 24\n") && strstr(text, "tools = {}\n"));
        free(text);
    }
    mh_strbuf_free(&out);
    free(merged);
    free(cfg);
}

/* Walks the installed directory and the image side by side. */
static void compare_image_with_directory(const char *image, const char *dir) {
    rfs_volume v;
    rfs_volume_options vo = {.writable = false};
    mh_error err;
    if (!CHECK_INT_EQ(rfs_volume_open(&v, image, &vo, &err), 0)) {
        printf("    %s\n", err.message);
        return;
    }
    char *exported = in_tmp("exported");
    CHECK_INT_EQ(rfs_export_tree(v.fs, RFS_ROOT_ID, exported, &err), 0);
    char *diff[] = {"diff", "-r", "--no-dereference", (char *)dir, exported, NULL};
    mh_strbuf out = MH_STRBUF_INIT;
    if (!CHECK_INT_EQ(mh_run(diff, &out, &err), 0))
        printf("%s\n", mh_strbuf_str(&out));
    mh_strbuf_free(&out);
    /* owners and modes as the config and the account rules say */
    static const struct {
        const char *path;
        unsigned mode, uid, gid;
    } EXPECT[] = {
        {"/etc/shadow", 0100600, 0, 0},      {"/etc/group", 0100600, 0, 0},
        {"/etc/passwd", 0100644, 0, 0},      {"/tmp", 041777, 0, 0},
        {"/srv/data/owned.txt", 0100600, 1001, 1001},
        {"/home/user", 040700, 1000, 1000},  {"/home/user/Documents", 040755, 1000, 1000},
        {"/root", 040700, 0, 0},             {"/usr/bin/hello", 0100755, 0, 0},
        {"/bin", 0120777, 0, 0},             {"/boot/kernel", 0100644, 0, 0},
        {"/home/user/.profile", 0100644, 1000, 1000},
    };
    for (size_t i = 0; i < MH_COUNT(EXPECT); i++) {
        uint32_t id;
        rfs_attr st;
        if (!CHECK(rfs_lookup_path(v.fs, EXPECT[i].path, &id) == 0 && rfs_stat(v.fs, id, &st) == 0)) {
            printf("    missing %s\n", EXPECT[i].path);
            continue;
        }
        if (!CHECK(st.mode == EXPECT[i].mode && st.uid == EXPECT[i].uid && st.gid == EXPECT[i].gid))
            printf("    %s: mode %o uid %u gid %u\n", EXPECT[i].path, st.mode, st.uid, st.gid);
    }
    rfs_volume_close(&v);
    free(exported);
}

static void image_is_bootable_layout_with_the_config_content(void) {
    make_cookbook();
    char *cfg = mh_path_join(cookbook, "config/test.toml");
    char *image = in_tmp("harddrive.img");
    char *dir = in_tmp("installed");
    char *efi_copy = in_tmp("bootloader-copy.efi");
    mh_error err;
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    const char *image_args[] = {"-c", cfg, "--cookbook", cookbook, "--config-name", "test",
                                "--write-bootloader", efi_copy, image, NULL};
    if (!CHECK_INT_EQ(run_installer(image_args, NULL, &err), 0))
        printf("    %s\n", err.message);
    CHECK_INT_EQ(mh_mkdir_p(dir, &err), 0); /* an existing directory is installed into */
    const char *dir_args[] = {"-c", cfg, "--cookbook", cookbook, "--config-name", "test", dir, NULL};
    CHECK_INT_EQ(run_installer(dir_args, NULL, &err), 0);
    struct stat st;
    CHECK(stat(image, &st) == 0 && st.st_size == 24 * 1024 * 1024);
    /* GPT valid; the ESP holds the bootloader package's EFI binary */
    mh_strbuf out = MH_STRBUF_INIT;
    char *sgdisk[] = {"sgdisk", "-v", image, NULL};
    CHECK_INT_EQ(mh_run(sgdisk, &out, &err), 0);
    CHECK(strstr(mh_strbuf_str(&out), "No problems found") != NULL);
    char *at = mh_xasprintf("%s@@1M", image);
    char *esp_efi = in_tmp("esp.efi");
    char *mcopy[] = {"mcopy", "-i", at, "::EFI/BOOT/BOOTX64.EFI", esp_efi, NULL};
    CHECK_INT_EQ(mh_run(mcopy, NULL, &err), 0);
    char *a, *b;
    size_t la, lb;
    if (CHECK_INT_EQ(mh_read_file(esp_efi, &a, &la, &err), 0)) {
        CHECK_STR_EQ(a, "MZ fake EFI application\n");
        free(a);
    }
    if (CHECK_INT_EQ(mh_read_file(efi_copy, &b, &lb, &err), 0)) {
        CHECK_STR_EQ(b, "MZ fake EFI application\n");
        free(b);
    }
    /* content of the directory install */
    char *text;
    size_t len;
    char *motd = mh_path_join(dir, "etc/motd");
    if (CHECK_INT_EQ(mh_read_file(motd, &text, &len, &err), 0)) {
        CHECK_STR_EQ(text, "installed: yes\n");
        free(text);
    }
    char *passwd = mh_path_join(dir, "etc/passwd");
    if (CHECK_INT_EQ(mh_read_file(passwd, &text, &len, &err), 0)) {
        CHECK_STR_EQ(text, "root;0;0;root;/root;/usr/bin/sh\nuser;1000;1000;user;/home/user;/usr/bin/sh\n");
        free(text);
    }
    char *release = mh_path_join(dir, "usr/lib/os-release");
    if (CHECK_INT_EQ(mh_read_file(release, &text, &len, &err), 0)) {
        CHECK_STR_EQ(text, "VARIANT=\"test\"\nBUILD_ID=\"test-build-7\"\n");
        free(text);
    }
    char *state = mh_path_join(dir, "etc/pkg/packages.toml");
    if (CHECK_INT_EQ(mh_read_file(state, &text, &len, &err), 0)) {
        CHECK(strstr(text, "[installed.hello]") && strstr(text, "dependents = [\"tools\"]"));
        CHECK(strstr(text, "[installed.libhello]") && strstr(text, "manual = false"));
        free(text);
    }
    char *head = mh_path_join(dir, "var/lib/packages/hello.pkgar_head");
    CHECK(mh_path_exists(head));
    char *fs_toml = mh_path_join(dir, "filesystem.toml");
    CHECK(mh_path_exists(fs_toml));
    /* "NEW/" (a directory that does not exist yet) is made complete and renamed into place. */
    char *fresh = in_tmp("fresh/");
    const char *fresh_args[] = {"-c", cfg, "--cookbook", cookbook, fresh, NULL};
    CHECK_INT_EQ(run_installer(fresh_args, NULL, &err), 0);
    char *fresh_passwd = in_tmp("fresh/etc/passwd");
    CHECK(mh_path_exists(fresh_passwd));
    free(fresh_passwd);
    free(fresh);
    /* redoxfsck finds the RedoxFS partition by its header and checks every block */
    char *fsck_path = mh_xasprintf("%s/redoxfsck", getenv("FSTOOLS_BIN") ? getenv("FSTOOLS_BIN") : "build/fstools-san/bin");
    char *fsck[] = {fsck_path, image, NULL};
    mh_strbuf_truncate(&out, 0);
    if (!CHECK_INT_EQ(mh_run(fsck, &out, &err), 0))
        printf("%s\n", err.message);
    free(fsck_path);
    compare_image_with_directory(image, dir);
    /* the same inputs give the same image */
    char *again = in_tmp("again.img");
    const char *again_args[] = {"-c", cfg, "--cookbook", cookbook, "--config-name", "test", again, NULL};
    CHECK_INT_EQ(run_installer(again_args, NULL, &err), 0);
    if (CHECK_INT_EQ(mh_read_file(image, &a, &la, &err), 0) &&
        CHECK_INT_EQ(mh_read_file(again, &b, &lb, &err), 0)) {
        if (!CHECK(la == lb && memcmp(a, b, la) == 0))
            for (size_t k = 0; k < la && k < lb; k++)
                if (a[k] != b[k]) {
                    printf("    images differ first at byte %zu (block %zu)\n", k, k / 4096);
                    break;
                }
        free(a);
        free(b);
    }
    unsetenv("SOURCE_DATE_EPOCH");
    mh_strbuf_free(&out);
    free(again);
    free(fs_toml);
    free(head);
    free(state);
    free(release);
    free(passwd);
    free(motd);
    free(esp_efi);
    free(at);
    free(efi_copy);
    free(dir);
    free(image);
    free(cfg);
}

/* No output file, and no temporary left beside it. */
static void nothing_left(const char *out) {
    CHECK(!mh_path_exists(out));
    DIR *d = opendir(mh_test_tmpdir());
    struct dirent *e;
    const char *base = strrchr(out, '/') + 1;
    while (d && (e = readdir(d)))
        if (strncmp(e->d_name, base, strlen(base)) == 0)
            CHECK(!"a temporary file was left behind");
    if (d)
        closedir(d);
}

static void bad_inputs_fail_before_writing(void) {
    make_cookbook();
    static const struct {
        const char *config, *message;
    } CASES[] = {
        {"include = [\"base.toml\"]\n[general]\nfilesystem_size = 24\n[packages]\nnosuch = {}\n",
         "package 'nosuch' is not in the repository"},
        {"include = [\"missing.toml\"]\n", "missing.toml: cannot open config"},
        {"include = [\"base.toml\"]\n[general]\nfilesystem_size = 24\n"
         "[[files]]\npath = \"/../../etc/evil\"\ndata = \"x\"\n",
         "has a \".\" or \"..\" component"},
        {"include = [\"base.toml\"]\n[general]\nfilesystem_size = 3\n", "the image is too small"},
        {"include = [\"base.toml\"]\n[general]\nfilesystem_size = 24\n"
         "[[files]]\npath = \"/bin/x\"\ndata = \"x\"\n",
         "goes through the symlink /bin"},
        {"include = [\"base.toml\"]\n[general]\nfilesystem_size = 24\n[packages]\nescape-file = {}\n",
         "/srv/escape is a symlink, not a directory"},
        {"[general]\nfilesystem_size = 24\n[packages]\nkernel = {}\n",
         "no bootloader: no package installs /usr/lib/boot/bootloader.efi"},
    };
    for (size_t i = 0; i < MH_COUNT(CASES); i++) {
        put(cookbook, "config/bad.toml", CASES[i].config, 0644);
        char *cfg = mh_path_join(cookbook, "config/bad.toml");
        char *image = in_tmp("bad.img");
        mh_strbuf out = MH_STRBUF_INIT;
        mh_error err;
        const char *args[] = {"-c", cfg, "--cookbook", cookbook, image, NULL};
        CHECK_INT_EQ(run_installer(args, &out, &err), -1);
        if (!CHECK(strstr(mh_strbuf_str(&out), CASES[i].message) != NULL))
            printf("    case %zu: %s\n", i, mh_strbuf_str(&out));
        nothing_left(image);
        mh_strbuf_free(&out);
        free(image);
        free(cfg);
    }
}

/* In a directory install, too, a package cannot write through another package's symlink. */
static void no_write_through_symlinks_into_a_directory(void) {
    make_cookbook();
    put(cookbook, "config/escape.toml",
        "include = [\"base.toml\"]\n[packages]\nescape-file = {}\n", 0644);
    char *cfg = mh_path_join(cookbook, "config/escape.toml");
    char *dir = in_tmp("escape-install/");
    char *outside = in_tmp("outside");
    mh_error err;
    CHECK_INT_EQ(mh_mkdir_p(outside, &err), 0);
    char *pwned = mh_path_join(outside, "pwned");
    mh_strbuf out = MH_STRBUF_INIT;
    const char *args[] = {"-c", cfg, "--cookbook", cookbook, dir, NULL};
    CHECK_INT_EQ(run_installer(args, &out, &err), -1);
    CHECK(!mh_path_exists(pwned));
    char *made = in_tmp("escape-install");
    CHECK(!mh_path_exists(made));
    free(made);
    mh_strbuf_free(&out);
    free(pwned);
    free(outside);
    free(dir);
    free(cfg);
}

static const mh_test TESTS[] = {
    MH_TEST(query_modes),
    MH_TEST(image_is_bootable_layout_with_the_config_content),
    MH_TEST(bad_inputs_fail_before_writing),
    MH_TEST(no_write_through_symlinks_into_a_directory),
};

int main(int argc, char **argv) {
    const char *bin = getenv("FSTOOLS_BIN");
    installer = mh_xasprintf("%s/redox_installer", bin && *bin ? bin : "build/fstools-san/bin");
    int rc = mh_test_run(TESTS, MH_COUNT(TESTS), argc, argv);
    free(installer);
    free(cookbook);
    return rc;
}
