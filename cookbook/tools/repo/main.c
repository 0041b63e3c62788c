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
};
#define COMMAND_COUNT (sizeof COMMANDS / sizeof COMMANDS[0])

static void usage(FILE *out) {
    fprintf(out, "usage: repo [--cookbook=DIR] COMMAND [OPTIONS] [NAME...]\n\ncommands:\n");
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        fprintf(out, "  %-8s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
    fprintf(out,
            "\noptions:\n"
            "  --cookbook=DIR  the cookbook root holding recipes/ (default: the MACROHARD\n"
            "                  checkout this repo binary was built in, else the current directory)\n"
            "  -h, --help      show help (`repo COMMAND --help` for a command)\n");
}

void repo_print_error(const mh_error *err) {
    char text[MH_ERROR_PATH_MAX + MH_ERROR_MESSAGE_MAX + 64];
    mh_error_format(err, text, sizeof text);
    fprintf(stderr, "repo: %s\n", text);
}

void repo_print_warning(const mh_error *warning) {
    mh_error copy = *warning;
    char text[MH_ERROR_PATH_MAX + MH_ERROR_MESSAGE_MAX + 64];
    mh_error_prefix(&copy, "warning");
    mh_error_format(&copy, text, sizeof text);
    fprintf(stderr, "%s\n", text);
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
        else if (arg[0] == '-' && arg[1]) {
            fprintf(stderr, "repo: unknown option '%s' (see repo --help)\n", arg);
            goto done;
        } else if (!command) {
            for (size_t c = 0; c < COMMAND_COUNT; c++)
                if (strcmp(arg, COMMANDS[c].name) == 0)
                    command = &COMMANDS[c];
            if (!command) {
                fprintf(stderr, "repo: unknown command '%s'; commands are:", arg);
                for (size_t c = 0; c < COMMAND_COUNT; c++)
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
