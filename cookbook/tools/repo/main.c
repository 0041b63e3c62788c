/* repo: the cookbook's command line. Options may come before or after the command, as with
 * upstream's repo. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/files.h"
#include "base/strbuf.h"
#include "repo.h"

static const repo_command COMMANDS[] = {
    {"check", "parse recipes and check their dependency graph",
     "repo check [--cookbook=DIR] (NAME... | --all)\n"
     "  Parses each named recipe and everything it depends on (or every recipe with --all),\n"
     "  and checks the dependency graph: missing recipes, missing optional packages, cycles.\n"
     "  Prints one line per bad recipe on stdout (path:line:col: message) and warnings (such as\n"
     "  unknown keys) on stderr. Exit status 1 when any recipe is bad.\n",
     repo_check},
    {"find", "print the directory of each named recipe",
     "repo find [--cookbook=DIR] NAME...\n"
     "  Prints the recipe directory of each NAME, one per line. Exit status 1 if one is missing.\n",
     repo_find},
    {"tree", "print the dependency tree of each named recipe",
     "repo tree [--cookbook=DIR] NAME...\n"
     "  Prints the dependencies of each NAME as a tree: build dependencies, then\n"
     "  dev-dependencies (marked \"dev\"), then runtime package dependencies (marked \"runtime\").\n"
     "  A subtree printed before is shown once and marked (*).\n",
     repo_tree},
    {"fetch", "fetch the sources of recipes and their dependencies",
     "repo fetch [OPTIONS] (NAME... | --all | --filesystem=CONFIG)\n"
     "  Fetches each recipe's source (git clone/update, tarball download into the shared cache\n"
     "  <cookbook>/sources, local paths) and everything it depends on, applies patches and runs\n"
     "  [source] script. Tracked git branches are checked against their remote.\n"
     "  --offline             no network (also REPO_OFFLINE=1): sources must be there already\n"
     "  --allow-unverified    accept tarballs whose recipe has no blake3\n"
     "  --with-package-deps   also fetch [package] (runtime) dependencies\n"
     "  -j N, --keep-going    as for cook\n",
     repo_fetch},
    {"cook", "fetch, build, package and publish recipes (alias: rebuild)",
     "repo cook [OPTIONS] (NAME... | --all | --filesystem=CONFIG)\n"
     "  Cooks each recipe and its build dependencies in dependency order, in parallel: fetch,\n"
     "  sysroot, build script, stage, strip, package (pkgar + toml, signed with\n"
     "  <cookbook>/build/id_ed25519.toml) and publish to <cookbook>/repo/<target>/. A recipe is\n"
     "  rebuilt exactly when its inputs changed (recipe, patches, source, [build] inputs,\n"
     "  dependencies, toolchain). Builds run on a pseudo-terminal; their logs are plain text\n"
     "  (colours removed, progress lines as last drawn) in\n"
     "  <cookbook>/build/logs/<target>/<name>.log.\n"
     "  A package depends on its [package] dependencies, on the build dependencies whose\n"
     "  shared libraries its programs need, and on the runtime dependencies of the build\n"
     "  dependencies it linked statically (<recipe>/target/<target>/auto_deps.toml).\n"
     "  -j N, --jobs=N        job budget (default: [cook] jobs, else the number of processors);\n"
     "                        under make, repo joins make's jobserver instead\n"
     "  --keep-going          after a failure, go on with everything that does not depend on it\n"
     "  --offline             no network (also REPO_OFFLINE=1)\n"
     "  --allow-unverified    accept tarballs whose recipe has no blake3\n"
     "  --with-package-deps   also cook [package] (runtime) dependencies\n"
     "  --target=TRIPLE       the target (default: $TARGET, else x86_64-unknown-redox)\n"
     "  --filesystem=CONFIG   cook the [packages] of a filesystem config\n",
     repo_cook},
    {"rebuild", NULL, NULL, repo_cook},
    {"unfetch", "remove the sources and builds of recipes",
     "repo unfetch (NAME... | --all)\n"
     "  Removes each recipe's source/ and target/ (the download cache in <cookbook>/sources is\n"
     "  shared and kept).\n",
     repo_unfetch},
    {"clean", "remove the builds of recipes",
     "repo clean (NAME... | --all)\n"
     "  Removes each recipe's target/ (builds, sysroots, stages and packages).\n",
     repo_clean},
    {"push", "cook recipes and install their packages into a directory",
     "repo push [OPTIONS] --sysroot=DIR (NAME... | --filesystem=CONFIG)\n"
     "  Cooks the named recipes (as repo cook does), then installs their packages and their\n"
     "  runtime dependencies from <cookbook>/repo/<target>/ into DIR (default ./sysroot),\n"
     "  with var/lib/packages/<name>.pkgar_head and etc/pkg/packages.toml unless\n"
     "  --no-metadata. Packages installed before are replaced.\n",
     repo_push},
    {"sources", "list the tarball sources of recipes",
     "repo sources [--cookbook=DIR] [NAME...]\n"
     "  Prints one line per recipe with a tar source (every recipe when no NAME is given):\n"
     "  name, blake3 (\"-\" when the recipe has none), URL and recipe directory, separated by\n"
     "  tabs. A named recipe with another kind of source is mentioned on stderr. Exit status 1\n"
     "  when a recipe is missing or does not parse. (scripts/seed-sources reads this.)\n",
     repo_sources},
};
#define COMMAND_COUNT (sizeof COMMANDS / sizeof COMMANDS[0])

static void usage(FILE *out) {
    fprintf(out, "usage: repo [--cookbook=DIR] COMMAND [OPTIONS] [NAME...]\n\ncommands:\n");
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        if (COMMANDS[i].summary)
            fprintf(out, "  %-8s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
    fprintf(out,
            "\noptions:\n"
            "  --cookbook=DIR  the cookbook root holding recipes/ (default: the MACROHARD\n"
            "                  checkout this repo binary was built in, else the current directory)\n"
            "  --all           every recipe\n"
            "  -h, --help      show help (`repo COMMAND --help` for a command's options)\n");
}

void repo_print_error(const mh_error *err) {
    mh_error_print("repo", err);
}

void repo_print_warning(const mh_error *warning) {
    mh_error copy = *warning;
    mh_error_prefix(&copy, "warning");
    mh_error_print(NULL, &copy);
}

/* The checkout this binary lives in (build/fstools/bin/repo → three levels up), when it has
 * recipes/; otherwise the current directory. */
static char *default_cookbook_root(void) {
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        for (int up = 0; up < 4; up++) {
            char *slash = strrchr(exe, '/');
            if (!slash)
                break;
            *slash = '\0';
        }
        char *recipes = mh_path_join(exe[0] ? exe : "/", "recipes");
        int found = mh_is_directory(recipes);
        free(recipes);
        if (found)
            return mh_xstrdup(exe);
    }
    return mh_xstrdup(".");
}

int main(int argc, char **argv) {
    repo_options options = {0};
    options.names = calloc((size_t)argc, sizeof *options.names);
    const repo_command *command = NULL;
    int status = 2;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0)
            options.help = true;
        else if (strncmp(arg, "--cookbook=", 11) == 0)
            options.cookbook_root = arg + 11;
        else if (strcmp(arg, "--cookbook") == 0 && i + 1 < argc)
            options.cookbook_root = argv[++i];
        else if (strcmp(arg, "--all") == 0)
            options.all = true;
        else if (strcmp(arg, "--offline") == 0)
            options.offline = true;
        else if (strcmp(arg, "--allow-unverified") == 0)
            options.allow_unverified = true;
        else if (strcmp(arg, "--keep-going") == 0 || strcmp(arg, "--nonstop") == 0)
            options.keep_going = true;
        else if (strcmp(arg, "--with-package-deps") == 0)
            options.with_package_deps = true;
        else if (strcmp(arg, "--no-metadata") == 0)
            options.no_metadata = true;
        else if (strncmp(arg, "--target=", 9) == 0)
            options.target = arg + 9;
        else if (strncmp(arg, "--filesystem=", 13) == 0)
            options.filesystem = arg + 13;
        else if (strncmp(arg, "--sysroot=", 10) == 0)
            options.sysroot = arg + 10;
        else if (strncmp(arg, "-j", 2) == 0 || strncmp(arg, "--jobs=", 7) == 0) {
            const char *value = arg[1] == 'j' ? arg + 2 : arg + 7;
            if (!*value && i + 1 < argc)
                value = argv[++i];
            char *end;
            long jobs = strtol(value, &end, 10);
            if (!*value || *end || jobs < 1 || jobs > 4096) {
                fprintf(stderr, "repo: -j needs a number of jobs from 1 to 4096, not '%s'\n",
                        value);
                goto done;
            }
            options.jobs = jobs;
        } else if (arg[0] == '-' && arg[1]) {
            fprintf(stderr, "repo: unknown option '%s' (see repo --help)\n", arg);
            goto done;
        } else if (!command) {
            for (size_t c = 0; c < COMMAND_COUNT; c++)
                if (strcmp(arg, COMMANDS[c].name) == 0)
                    command = &COMMANDS[c];
            /* An alias (no summary of its own) shows the help of the command it runs. */
            for (size_t c = 0; command && !command->summary && c < COMMAND_COUNT; c++)
                if (COMMANDS[c].run == command->run && COMMANDS[c].summary)
                    command = &COMMANDS[c];
            if (!command) {
                fprintf(stderr, "repo: unknown command '%s'; commands are:", arg);
                for (size_t c = 0; c < COMMAND_COUNT; c++)
                    if (COMMANDS[c].summary)
                        fprintf(stderr, " %s", COMMANDS[c].name);
                fprintf(stderr, " (see repo --help)\n");
                goto done;
            }
        } else {
            options.names[options.name_count++] = arg;
        }
    }
    if (options.help || !command) {
        if (command)
            fputs(command->usage, stdout);
        else
            usage(options.help ? stdout : stderr);
        status = options.help ? 0 : 2;
        goto done;
    }
    char *root = options.cookbook_root ? mh_xstrdup(options.cookbook_root) : default_cookbook_root();
    /* Recipe scripts run in other directories: every path the cook hands out is absolute. */
    char *absolute = realpath(root, NULL);
    if (absolute) {
        free(root);
        root = absolute;
    }
    mh_cookbook cb;
    mh_error err;
    mh_error_clear(&err);
    if (mh_cookbook_open(root, &cb, &err) != 0) {
        repo_print_error(&err);
        fprintf(stderr, "repo: is %s a cookbook (a directory with recipes/)? Use --cookbook=DIR.\n",
                root);
        status = 1;
    } else {
        for (size_t i = 0; i < cb.warning_count; i++)
            repo_print_warning(&cb.warnings[i]);
        status = command->run(&cb, &options);
        mh_cookbook_close(&cb);
    }
    free(root);
done:
    free(options.names);
    return status;
}
