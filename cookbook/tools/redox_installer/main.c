/* redox_installer: turns a filesystem config into an installed tree or a bootable disk image,
 * with upstream's options. Everything that can be checked is checked before anything is
 * written, and an image appears under its name only when complete. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/files.h"
#include "base/hex.h"
#include "base/strbuf.h"
#include "blake3/blake3.h"
#include "config/config.h"
#include "installer/accounts.h"
#include "installer/disk.h"
#include "installer/packages.h"
#include "installer/tree.h"
#include "pkgar/archive.h"
#include "pkgar/keys.h"
#include "pkgar/repo.h"

#define TARGET "x86_64-unknown-redox"
#define MIB (1024u * 1024u)

typedef struct options {
    const char *config;
    const char *cookbook;
    const char *config_name;
    const char *write_bootloader;
    const char *output_config;
    const char *out;
    bool live, skip_partition, list_packages, filesystem_size;
} options;

static const char USAGE[] =
    "usage: redox_installer [OPTIONS] OUTPUT\n"
    "       redox_installer -c CONFIG (--filesystem-size | --list-packages | --output-config FILE)\n"
    "\n"
    "Installs the packages, files and accounts of a filesystem config into OUTPUT: an existing\n"
    "directory, or a disk image file (GPT with an EFI system partition and a RedoxFS partition).\n"
    "An existing image file keeps its size; a new one gets the config's filesystem_size.\n"
    "\n"
    "  -c, --config FILE        the filesystem config (default: config/CONFIG_NAME.toml)\n"
    "  --cookbook DIR           the cookbook holding repo/" TARGET " and build/ (default: .)\n"
    "  --config-name NAME       the variant recorded in /usr/lib/os-release (default: minimal)\n"
    "  --live                   a live image: the live bootloader (usr/lib/boot/bootloader-live.efi)\n"
    "  --no-mount               accepted for compatibility: images are always written without FUSE\n"
    "  --skip-partition         a whole-disk RedoxFS, without GPT and EFI partition\n"
    "  --write-bootloader FILE  also copy the EFI bootloader to FILE\n"
    "  --filesystem-size        print the config's filesystem_size (MiB) and exit\n"
    "  --list-packages          print the packages to install (with dependencies) and exit\n"
    "  --output-config FILE     write the merged config to FILE and exit\n"
    "  -h, --help               this help\n"
    "\n"
    "SOURCE_DATE_EPOCH, when set, fixes every timestamp: the same inputs give the same image.\n";

static int fail(const mh_error *err) {
    mh_error_print("redox_installer", err);
    return 1;
}

/* Options take their value as the next argument or after '=' (--cookbook=DIR), as upstream's. */
static const char *option_value(const char *arg, const char *name, int argc, char **argv, int *i) {
    size_t n = strlen(name);
    if (strncmp(arg, name, n) != 0)
        return NULL;
    if (arg[n] == '=')
        return arg + n + 1;
    if (arg[n] == '\0' && *i + 1 < argc)
        return argv[++*i];
    return NULL;
}

static int parse_args(int argc, char **argv, options *o) {
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(USAGE, stdout);
            exit(0);
        } else if ((v = option_value(a, "-c", argc, argv, &i)) ||
                   (v = option_value(a, "--config", argc, argv, &i))) {
            o->config = v;
        } else if ((v = option_value(a, "--cookbook", argc, argv, &i))) {
            o->cookbook = v;
        } else if ((v = option_value(a, "--config-name", argc, argv, &i))) {
            o->config_name = v;
        } else if ((v = option_value(a, "--write-bootloader", argc, argv, &i))) {
            o->write_bootloader = v;
        } else if ((v = option_value(a, "--output-config", argc, argv, &i))) {
            o->output_config = v;
        } else if (!strcmp(a, "--live")) {
            o->live = true;
        } else if (!strcmp(a, "--no-mount")) {
            continue;
        } else if (!strcmp(a, "--skip-partition")) {
            o->skip_partition = true;
        } else if (!strcmp(a, "--list-packages")) {
            o->list_packages = true;
        } else if (!strcmp(a, "--filesystem-size")) {
            o->filesystem_size = true;
        } else if (a[0] == '-') {
            fprintf(stderr, "redox_installer: unknown option '%s' or missing value (see --help)\n", a);
            return -1;
        } else if (!o->out) {
            o->out = a;
        } else {
            fprintf(stderr, "redox_installer: more than one output given ('%s', '%s')\n", o->out, a);
            return -1;
        }
    }
    return 0;
}

/* Whether /dev/urandom-free determinism is wanted: SOURCE_DATE_EPOCH, else now. */
static int source_date_epoch(uint64_t *sec, mh_error *err) {
    const char *s = getenv("SOURCE_DATE_EPOCH");
    if (!s || !*s) {
        *sec = (uint64_t)time(NULL);
        return 0;
    }
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || s[0] == '-')
        return mh_error_set(err, NULL, 0, 0, "SOURCE_DATE_EPOCH=\"%s\" is not a number of seconds", s);
    *sec = v;
    return 0;
}

/* The seed of every identifier in the image: the merged config and the packages' hashes. */
static void image_seed(const mh_config *config, const mh_package_set *set, uint8_t seed[16]) {
    mh_strbuf sb = MH_STRBUF_INIT;
    mh_config_write(config, &sb);
    for (size_t i = 0; i < set->count; i++)
        mh_strbuf_printf(&sb, "%s=%s\n", set->items[i].meta.name, set->items[i].meta.blake3);
    blake3_hasher h;
    blake3_hasher_init(&h);
    blake3_hasher_update(&h, sb.data, sb.len);
    blake3_hasher_finalize(&h, seed, 16);
    mh_strbuf_free(&sb);
}

/* A build id when the repository records none: the first 16 hex digits of the BLAKE3 of the
 * installed packages' names and hashes, so equal package sets get equal ids. */
static char *packages_build_id(const mh_package_set *set) {
    blake3_hasher h;
    blake3_hasher_init(&h);
    for (size_t i = 0; i < set->count; i++) {
        const pkgar_package *m = &set->items[i].meta;
        blake3_hasher_update(&h, m->name, strlen(m->name) + 1);
        blake3_hasher_update(&h, m->blake3, strlen(m->blake3) + 1);
    }
    uint8_t hash[8];
    blake3_hasher_finalize(&h, hash, sizeof hash);
    char *id = mh_xmalloc(2 * sizeof hash + 1);
    mh_hex_encode(hash, sizeof hash, id);
    return id;
}

/* /filesystem.toml and the VARIANT / BUILD_ID lines of /usr/lib/os-release. */
static int write_identity(mh_install_target *t, const mh_config *config, const char *variant,
                          const char *build_id, mh_error *err) {
    mh_strbuf sb = MH_STRBUF_INIT;
    mh_config_write(config, &sb);
    int rc = t->ops->write_file(t, "filesystem.toml", mh_strbuf_str(&sb), sb.len, 0644, false, err);
    mh_strbuf_truncate(&sb, 0);
    mh_node_kind kind = MH_NODE_MISSING;
    char *old = NULL;
    size_t len = 0;
    if (rc == 0)
        rc = mh_target_make_dirs(t, "usr/lib", err);
    if (rc == 0)
        rc = t->ops->kind(t, "usr/lib/os-release", &kind, err);
    if (rc == 0 && kind == MH_NODE_FILE)
        rc = t->ops->read_file(t, "usr/lib/os-release", &old, &len, err);
    mh_strbuf_append(&sb, old ? old : "", old ? len : 0);
    if (sb.len && sb.data[sb.len - 1] != '\n')
        mh_strbuf_putc(&sb, '\n');
    mh_strbuf_printf(&sb, "VARIANT=\"%s\"\nBUILD_ID=\"%s\"\n", variant, build_id);
    if (rc == 0 && kind != MH_NODE_MISSING && kind != MH_NODE_FILE)
        rc = mh_error_set(err, t->shown, 0, 0, "/usr/lib/os-release is not a regular file");
    if (rc == 0)
        rc = t->ops->write_file(t, "usr/lib/os-release", mh_strbuf_str(&sb), sb.len, 0644, false, err);
    free(old);
    mh_strbuf_free(&sb);
    return rc;
}

/* Everything that goes into the tree, in upstream's order. */
static int install_tree(mh_install_tree *tree, const mh_config *config, const mh_package_set *set,
                        const char *repo_dir, const pkgar_public_key *key, const uint8_t seed[16],
                        const char *variant, const char *build_id, mh_error *err) {
    mh_accounts accounts;
    if (mh_files_apply(tree, config, false, err) != 0 ||
        mh_packages_install(set, repo_dir, key, tree->target, err) != 0 ||
        mh_files_apply(tree, config, true, err) != 0 ||
        mh_accounts_build(config, seed, &accounts, err) != 0)
        return -1;
    int rc = mh_accounts_apply(tree, &accounts, err);
    mh_accounts_free(&accounts);
    return rc == 0 ? write_identity(tree->target, config, variant, build_id, err) : -1;
}

/* Bytes the tree will need in RedoxFS, estimated generously (each file costs at least a block
 * for its node, data rounds up to blocks, plus the allocator and directories). */
static uint64_t estimate_bytes(const mh_config *config, const mh_package_set *set) {
    uint64_t bytes = mh_packages_storage_size(set) * 5 / 4;
    for (size_t i = 0; i < config->file_count; i++)
        bytes += 4096 + (config->files[i].data_len + 4095) / 4096 * 4096;
    return bytes + 4 * MIB;
}

/* Loads what an install needs and checks it: nothing is written before this succeeds. */
typedef struct plan {
    mh_config config;
    mh_package_set set;
    pkgar_public_key key;
    char *repo_dir;
    char *build_id;
    uint8_t seed[16];
    uint64_t epoch;
} plan;

static int make_plan(plan *p, const char *cookbook, mh_error *err) {
    char *key_path = mh_xasprintf("%s/build/id_ed25519.pub.toml", cookbook);
    char *repo_toml = mh_path_join(p->repo_dir, "repo.toml");
    pkgar_repo repo = {0}; /* pkgar_repo_load initialises it; freeing a zeroed one is harmless */
    int rc = -1;
    if (mh_files_check(&p->config, err) == 0 &&
        mh_packages_resolve(&p->config, p->repo_dir, &p->set, err) == 0 &&
        pkgar_public_key_load(key_path, &p->key, err) == 0 &&
        pkgar_repo_load(repo_toml, 1, &repo, err) == 0 && source_date_epoch(&p->epoch, err) == 0) {
        p->build_id = repo.build_id && repo.build_id[0] ? mh_xstrdup(repo.build_id)
                                                        : packages_build_id(&p->set);
        image_seed(&p->config, &p->set, p->seed);
        rc = 0;
    }
    pkgar_repo_free(&repo);
    free(key_path);
    free(repo_toml);
    return rc;
}

static void free_plan(plan *p) {
    mh_package_set_free(&p->set);
    free(p->repo_dir);
    free(p->build_id);
}

/* Installs into a directory. A new directory is built beside its name and renamed when
 * complete; an existing one (a sysroot, a mount point) is installed into directly. */
static int install_directory(plan *p, const char *out_arg, const char *variant, mh_error *err) {
    /* "X/" names the directory X: the temporary sibling is X.tmp.<pid>, not X/.tmp.<pid>. */
    char *out = mh_xstrdup(out_arg);
    for (size_t n = strlen(out); n > 1 && out[n - 1] == '/'; n--)
        out[n - 1] = '\0';
    bool exists = mh_is_directory(out);
    char *dir = exists ? mh_xstrdup(out) : mh_xasprintf("%s.tmp.%ld", out, (long)getpid());
    int rc = exists ? 0 : mh_mkdir_p(dir, err);
    mh_install_target *target = mh_target_host_new(dir);
    mh_install_tree tree;
    mh_install_tree_init(&tree, target);
    if (rc == 0)
        rc = install_tree(&tree, &p->config, &p->set, p->repo_dir, &p->key, p->seed, variant,
                          p->build_id, err);
    if (rc == 0 && !exists && rename(dir, out) != 0)
        rc = mh_error_errno(err, out, errno, "cannot rename %s to", dir);
    if (rc != 0 && !exists) {
        mh_error ignored;
        mh_remove_tree(dir, &ignored);
    }
    mh_install_tree_free(&tree);
    target->ops->free(target);
    free(dir);
    free(out);
    return rc;
}

/* The EFI bootloader installed in the image, copied to host files: `to` for the ESP and,
 * when not NULL, also_to (--write-bootloader). */
static int export_bootloader(mh_install_target *t, const char *rel, const char *to,
                             const char *also_to, mh_error *err) {
    mh_node_kind kind;
    if (t->ops->kind(t, rel, &kind, err) != 0)
        return -1;
    if (kind != MH_NODE_FILE)
        return mh_error_set(err, NULL, 0, 0,
                            "no bootloader: /%s is not installed (add the bootloader package to "
                            "[packages])",
                            rel);
    char *data;
    size_t len;
    if (t->ops->read_file(t, rel, &data, &len, err) != 0)
        return -1;
    int rc = mh_write_file_atomic(to, data, len, 0644, err);
    if (rc == 0 && also_to)
        rc = mh_write_file_atomic(also_to, data, len, 0644, err);
    free(data);
    return rc;
}

/* Whether the image will hold the EFI bootloader at rel (a regular file of one of the
 * packages, or a [[files]] entry with data): checked before anything is written. */
static int check_bootloader_provided(const plan *p, const char *rel, mh_error *err) {
    for (size_t i = 0; i < p->config.file_count; i++) {
        const mh_config_file *f = &p->config.files[i];
        const char *path = f->path;
        while (*path == '/')
            path++;
        if (!f->symlink && !f->directory && strcmp(path, rel) == 0)
            return 0;
    }
    for (size_t i = 0; i < p->set.count; i++) {
        char *archive_path = mh_xasprintf("%s/%s.pkgar", p->repo_dir, p->set.items[i].meta.name);
        pkgar_archive archive;
        int rc = pkgar_archive_open(&archive, archive_path, &p->key, err);
        free(archive_path);
        if (rc != 0)
            return -1;
        int64_t index = pkgar_archive_find(&archive, rel, strlen(rel));
        bool is_file = index >= 0 &&
                       (archive.entries[index].mode & PKGAR_MODE_KIND) == PKGAR_MODE_FILE;
        pkgar_archive_close(&archive);
        if (is_file)
            return 0;
    }
    return mh_error_set(err, NULL, 0, 0,
                        "no bootloader: no package installs /%s (add the bootloader package to "
                        "[packages])",
                        rel);
}

/* Writes a disk image: everything goes straight into the RedoxFS of OUT.tmp.<pid>, which is
 * renamed to OUT only when complete; on any failure it is removed (with the scratch directory
 * beside it). */
static int install_image(plan *p, const options *o, const char *variant, mh_error *err) {
    struct stat st;
    uint64_t size;
    if (stat(o->out, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
        size = (uint64_t)st.st_size;
    } else if (p->config.general.filesystem_size > 0) {
        size = (uint64_t)p->config.general.filesystem_size * MIB;
    } else {
        return mh_error_set(err, o->out, 0, 0,
                            "no image size: the config sets no filesystem_size and the file does "
                            "not exist yet");
    }
    uint64_t efi_mib = p->config.general.efi_partition_size > 0 ? (uint64_t)p->config.general.efi_partition_size : 1;
    bool skip = o->skip_partition || p->config.general.skip_partitions == 1;
    uint64_t overhead = skip ? 0 : (1 + efi_mib + 1) * MIB;
    uint64_t needed = estimate_bytes(&p->config, &p->set);
    if (size < overhead + needed)
        return mh_error_set(err, o->out, 0, 0,
                            "the image is too small: %llu MiB, but its content needs about %llu "
                            "MiB; raise filesystem_size in [general] (or FILESYSTEM_SIZE)",
                            (unsigned long long)(size / MIB),
                            (unsigned long long)((overhead + needed + MIB - 1) / MIB));
    const char *efi = o->live ? "usr/lib/boot/bootloader-live.efi" : "usr/lib/boot/bootloader.efi";
    bool needs_bootloader = !skip || o->write_bootloader;
    if (needs_bootloader && check_bootloader_provided(p, efi, err) != 0)
        return -1;
    char *tmp = mh_xasprintf("%s.tmp.%ld", o->out, (long)getpid());
    char *work = mh_xasprintf("%s.work.%ld", o->out, (long)getpid());
    char *efi_copy = mh_path_join(work, "bootloader.efi");
    mh_disk_options d = {size, efi_mib, skip, {0}, p->epoch, work};
    memcpy(d.seed, p->seed, 16);
    mh_disk disk;
    mh_install_target *target = NULL;
    mh_install_tree tree;
    mh_install_tree_init(&tree, NULL);
    int rc = mh_mkdir_p(work, err);
    if (rc == 0)
        rc = mh_disk_begin(&disk, tmp, &d, err);
    else
        memset(&disk, 0, sizeof disk);
    if (rc == 0) {
        target = mh_target_redoxfs_new(disk.volume.fs, tmp);
        tree.target = target;
        rc = install_tree(&tree, &p->config, &p->set, p->repo_dir, &p->key, p->seed, variant,
                          p->build_id, err);
    }
    if (rc == 0 && needs_bootloader)
        rc = export_bootloader(target, efi, efi_copy, o->write_bootloader, err);
    if (rc == 0)
        rc = mh_disk_finish(&disk, &tree, efi_copy, err);
    mh_disk_close(&disk);
    if (rc == 0 && rename(tmp, o->out) != 0)
        rc = mh_error_errno(err, o->out, errno, "cannot rename %s to", tmp);
    mh_error ignored;
    if (rc != 0)
        unlink(tmp);
    mh_remove_tree(work, &ignored);
    mh_install_tree_free(&tree);
    if (target)
        target->ops->free(target);
    free(efi_copy);
    free(work);
    free(tmp);
    return rc;
}

int main(int argc, char **argv) {
    options o = {0};
    if (parse_args(argc, argv, &o) != 0)
        return 2;
    const char *cookbook = o.cookbook ? o.cookbook : ".";
    const char *variant = o.config_name ? o.config_name : "minimal";
    char *config_path = o.config ? mh_xstrdup(o.config) : mh_xasprintf("%s/config/%s.toml", cookbook, variant);
    mh_error err;
    mh_error_clear(&err);
    plan p = {0};
    int rc = mh_config_load(config_path, &p.config, &err);
    free(config_path);
    if (rc != 0)
        return fail(&err);
    p.repo_dir = mh_xasprintf("%s/repo/%s", cookbook, TARGET);
    for (size_t i = 0; i < p.config.warning_count; i++) {
        char text[MH_ERROR_PATH_MAX + MH_ERROR_MESSAGE_MAX + 64];
        mh_error_format(&p.config.warnings[i], text, sizeof text);
        fprintf(stderr, "redox_installer: warning: %s\n", text);
    }
    int status = 0;
    if (o.filesystem_size) {
        if (p.config.general.filesystem_size < 0) {
            fprintf(stderr, "redox_installer: the config sets no filesystem_size in [general]\n");
            status = 1;
        } else {
            printf("%lld\n", (long long)p.config.general.filesystem_size);
        }
    } else if (o.output_config) {
        mh_strbuf sb = MH_STRBUF_INIT;
        mh_config_write(&p.config, &sb);
        if (mh_write_file_atomic(o.output_config, sb.data, sb.len, 0644, &err) != 0)
            status = fail(&err);
        mh_strbuf_free(&sb);
    } else if (o.list_packages) {
        if (mh_files_check(&p.config, &err) != 0 ||
            mh_packages_resolve(&p.config, p.repo_dir, &p.set, &err) != 0)
            status = fail(&err);
        for (size_t i = 0; i < p.set.count; i++)
            printf("%s\n", p.set.items[i].meta.name);
    } else if (!o.out) {
        fprintf(stderr, "redox_installer: no output given (a directory or an image file; see --help)\n");
        status = 2;
    } else if (make_plan(&p, cookbook, &err) != 0) {
        status = fail(&err);
    } else {
        bool to_directory = mh_is_directory(o.out) || o.out[strlen(o.out) - 1] == '/';
        rc = to_directory ? install_directory(&p, o.out, variant, &err)
                          : install_image(&p, &o, variant, &err);
        if (rc != 0)
            status = fail(&err);
    }
    free_plan(&p);
    mh_config_free(&p.config);
    return status;
}
