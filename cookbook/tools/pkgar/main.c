/* pkgar: create, inspect, extract and remove pkgar packages (upstream pkgar's command line). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../pkgar-keys/cli.h"
#include "../pkgar-keys/passphrase.h"
#include "base/error.h"
#include "base/files.h"
#include "pkgar/archive.h"
#include "pkgar/create.h"
#include "pkgar/install.h"
#include "pkgar/keys.h"

static const char USAGE[] =
    "Usage: pkgar COMMAND [OPTIONS]\n"
    "\n"
    "Signed package archives (Redox's pkgar format).\n"
    "\n"
    "Commands:\n"
    "  create  -s SKEY -a ARCHIVE [-c] [DIR]    archive DIR, signed with SKEY\n"
    "  extract -p PKEY -a ARCHIVE [DIR]         verify ARCHIVE and extract it into DIR\n"
    "  list    -p PKEY -a ARCHIVE               print the paths in ARCHIVE\n"
    "  verify  -p PKEY -a ARCHIVE [DIR]         check DIR's files against ARCHIVE\n"
    "  split   -p PKEY -a ARCHIVE HEAD [DATA]   write ARCHIVE's head (and data) to HEAD (DATA)\n"
    "  remove  -p PKEY -a ARCHIVE [DIR]         delete ARCHIVE's unmodified files from DIR\n"
    "  replace -p PKEY [--old-pkey PKEY] --old-archive OLD -a ARCHIVE [DIR]\n"
    "                                           install ARCHIVE over OLD's files in DIR and\n"
    "                                           delete OLD's files that ARCHIVE no longer has\n"
    "\n"
    "Options:\n"
    "  -s, --skey FILE        secret key (default: ~/.pkgar/keys/id_ed25519.toml)\n"
    "  -p, --pkey FILE        trusted public key (default: ~/.pkgar/keys/id_ed25519.pub.toml)\n"
    "  -a, --archive FILE     the archive (.pkgar; a .pkgar_head is enough for list, verify\n"
    "                         and remove)\n"
    "  -c, --compress         create: compress each file with LZMA2\n"
    "      --old-pkey FILE    replace: public key of the old archive (default: --pkey)\n"
    "      --old-archive FILE replace: the archive (or head) installed now\n"
    "  -h, --help             show this help\n"
    "DIR defaults to '.'; use -- before a DIR that starts with '-'.\n"
    "\n"
    "Archives are verified before anything is written: the signature with the trusted key, the\n"
    "entry table, every path, and each file's BLAKE3 before it is put in place; extraction\n"
    "into a new DIR appears complete or not at all. An encrypted secret key's passphrase is\n"
    "read from the terminal, or from PKGAR_PASSPHRASE when set.\n";

typedef struct options {
    const char *command;
    const char *skey, *pkey, *archive, *old_pkey, *old_archive;
    int compress;
    const char *positional[2];
    int positional_count;
} options;

/* Which options each command takes. */
enum { TAKES_SKEY = 1, TAKES_PKEY = 2, TAKES_COMPRESS = 4, TAKES_OLD = 8 };

typedef struct command {
    const char *name;
    unsigned takes;
    int min_positional, max_positional;
} command;

static const command COMMANDS[] = {
    {"create", TAKES_SKEY | TAKES_COMPRESS, 0, 1},
    {"extract", TAKES_PKEY, 0, 1},
    {"list", TAKES_PKEY, 0, 0},
    {"verify", TAKES_PKEY, 0, 1},
    {"split", TAKES_PKEY, 1, 2},
    {"remove", TAKES_PKEY, 0, 1},
    {"replace", TAKES_PKEY | TAKES_OLD, 0, 1},
};

/* Returns 0, 2 (usage error, reported) or 3 (help shown). */
static int parse(int argc, char **argv, options *o, const command **cmd) {
    int only_positional = 0;
    *cmd = NULL;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *value;
        const char **target = NULL;
        unsigned needs = 0;
        if (!only_positional && (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0)) {
            fputs(USAGE, stdout);
            return 3;
        }
        if (only_positional || arg[0] != '-' || arg[1] == '\0') {
            if (!*cmd) {
                for (size_t c = 0; c < sizeof COMMANDS / sizeof COMMANDS[0]; c++)
                    if (strcmp(arg, COMMANDS[c].name) == 0)
                        *cmd = &COMMANDS[c];
                if (!*cmd)
                    return pkgar_cli_usage_error("pkgar", "unknown command '%s'", arg);
                o->command = arg;
            } else if (o->positional_count < (*cmd)->max_positional) {
                o->positional[o->positional_count++] = arg;
            } else {
                return pkgar_cli_usage_error("pkgar", "unexpected argument '%s'", arg);
            }
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            only_positional = 1;
            continue;
        }
        if (!*cmd)
            return pkgar_cli_usage_error("pkgar", "'%s' must come after the command", arg);
        if (pkgar_cli_option(arg, "-s", "--skey", &value))
            target = &o->skey, needs = TAKES_SKEY;
        else if (pkgar_cli_option(arg, "-p", "--pkey", &value))
            target = &o->pkey, needs = TAKES_PKEY;
        else if (pkgar_cli_option(arg, "-a", "--archive", &value))
            target = &o->archive;
        else if (pkgar_cli_option(arg, NULL, "--old-pkey", &value))
            target = &o->old_pkey, needs = TAKES_OLD;
        else if (pkgar_cli_option(arg, NULL, "--old-archive", &value))
            target = &o->old_archive, needs = TAKES_OLD;
        else if (strcmp(arg, "-c") == 0 || strcmp(arg, "--compress") == 0)
            o->compress = 1, needs = TAKES_COMPRESS;
        else
            return pkgar_cli_usage_error("pkgar", "unknown option '%s'", arg);
        if (needs && !((*cmd)->takes & needs)) {
            fprintf(stderr, "pkgar: %s does not take %s\nTry 'pkgar --help'.\n", o->command, arg);
            return 2;
        }
        if (target) {
            if (!value) {
                if (i + 1 >= argc)
                    return pkgar_cli_usage_error("pkgar", "option '%s' needs a value", arg);
                value = argv[++i];
            }
            *target = value;
        }
    }
    if (!*cmd)
        return pkgar_cli_usage_error("pkgar", "%s", "no command given; see the list below");
    if (!o->archive)
        return pkgar_cli_usage_error("pkgar", "%s needs -a ARCHIVE", o->command);
    if (o->positional_count < (*cmd)->min_positional)
        return pkgar_cli_usage_error("pkgar", "%s needs a HEAD file name", o->command);
    if (((*cmd)->takes & TAKES_OLD) && !o->old_archive)
        return pkgar_cli_usage_error("pkgar", "%s needs --old-archive FILE", o->command);
    return 0;
}

static int load_pkey(const char *given, pkgar_public_key *pk, mh_error *err) {
    char *fallback = given ? NULL : pkgar_default_public_key_path();
    int rc = pkgar_public_key_load(given ? given : fallback, pk, err);
    free(fallback);
    return rc;
}

static int open_archive(const char *path, const char *pkey, pkgar_archive *archive, mh_error *err) {
    pkgar_public_key pk;
    if (load_pkey(pkey, &pk, err) != 0)
        return -1;
    return pkgar_archive_open(archive, path, &pk, err);
}

static int cmd_create(const options *o, const char *dir, mh_error *err) {
    char *fallback = o->skey ? NULL : pkgar_default_secret_key_path();
    pkgar_secret_key sk;
    int rc = pkgar_secret_key_load(o->skey ? o->skey : fallback, pkgar_cli_ask_passphrase, NULL,
                                   &sk, err);
    free(fallback);
    if (rc != 0)
        return pkgar_cli_print_error("pkgar", err);
    pkgar_create_options create_options = {
        o->compress ? PKGAR_PACKAGING_LZMA2 : PKGAR_PACKAGING_RAW, PKGAR_ARCH_INDEPENDENT};
    rc = pkgar_create(o->archive, dir, &sk, &create_options, NULL, err);
    pkgar_secret_key_wipe(&sk);
    return rc == 0 ? 0 : pkgar_cli_print_error("pkgar", err);
}

static int cmd_list(pkgar_archive *archive) {
    for (uint32_t i = 0; i < archive->count; i++) {
        fwrite(archive->entries[i].path, 1, archive->entries[i].path_len, stdout);
        fputc('\n', stdout);
    }
    if (fflush(stdout) != 0) {
        fprintf(stderr, "pkgar: error: cannot write to standard output: %s\n", strerror(errno));
        return 1;
    }
    return 0;
}

/* Prints the files an operation found not as the archive describes them. */
static void print_report(const pkgar_report *report, const char *dir, const char *prefix,
                         int show_missing) {
    for (size_t i = 0; i < report->count; i++) {
        if (report->items[i].state == PKGAR_FILE_MISSING && !show_missing)
            continue;
        char *path = mh_path_join(dir, report->items[i].path);
        fprintf(stderr, "pkgar: %s%s: %s\n", prefix, path,
                pkgar_file_state_name(report->items[i].state));
        free(path);
    }
}

static int cmd_verify(pkgar_archive *archive, const char *dir, mh_error *err) {
    pkgar_report report = {0};
    if (pkgar_verify_tree(archive, dir, &report, err) != 0) {
        pkgar_report_free(&report);
        return pkgar_cli_print_error("pkgar", err);
    }
    print_report(&report, dir, "", 1);
    int rc = 0;
    if (report.count) {
        fprintf(stderr, "pkgar: error: %zu of %u files in %s differ from %s\n", report.count,
                (unsigned)archive->count, dir, archive->path);
        rc = 1;
    }
    pkgar_report_free(&report);
    return rc;
}

static int cmd_remove(pkgar_archive *archive, const char *dir, mh_error *err) {
    pkgar_report report = {0};
    int rc = pkgar_remove(archive, dir, &report, err);
    print_report(&report, dir, "warning: kept ", 0);
    pkgar_report_free(&report);
    return rc == 0 ? 0 : pkgar_cli_print_error("pkgar", err);
}

static int cmd_replace(const options *o, pkgar_archive *archive, const char *dir, mh_error *err) {
    pkgar_archive old_archive;
    if (open_archive(o->old_archive, o->old_pkey ? o->old_pkey : o->pkey, &old_archive, err) != 0)
        return pkgar_cli_print_error("pkgar", err);
    pkgar_report report = {0};
    int rc = pkgar_replace(&old_archive, archive, dir, &report, err);
    print_report(&report, dir, "warning: kept ", 0);
    pkgar_report_free(&report);
    pkgar_archive_close(&old_archive);
    return rc == 0 ? 0 : pkgar_cli_print_error("pkgar", err);
}

int main(int argc, char **argv) {
    options o = {0};
    const command *cmd;
    int rc = parse(argc, argv, &o, &cmd);
    if (rc == 3)
        return 0;
    if (rc != 0)
        return rc;
    mh_error err;
    mh_error_clear(&err);
    const char *dir = o.positional_count ? o.positional[0] : ".";
    if (strcmp(o.command, "create") == 0)
        return cmd_create(&o, dir, &err);
    pkgar_archive archive;
    if (open_archive(o.archive, o.pkey, &archive, &err) != 0)
        return pkgar_cli_print_error("pkgar", &err);
    if (strcmp(o.command, "extract") == 0)
        rc = pkgar_extract(&archive, dir, &err) == 0 ? 0 : pkgar_cli_print_error("pkgar", &err);
    else if (strcmp(o.command, "list") == 0)
        rc = cmd_list(&archive);
    else if (strcmp(o.command, "verify") == 0)
        rc = cmd_verify(&archive, dir, &err);
    else if (strcmp(o.command, "split") == 0)
        rc = pkgar_archive_split(&archive, o.positional[0],
                                 o.positional_count > 1 ? o.positional[1] : NULL, &err) == 0
                 ? 0
                 : pkgar_cli_print_error("pkgar", &err);
    else if (strcmp(o.command, "remove") == 0)
        rc = cmd_remove(&archive, dir, &err);
    else
        rc = cmd_replace(&o, &archive, dir, &err);
    pkgar_archive_close(&archive);
    return rc;
}
