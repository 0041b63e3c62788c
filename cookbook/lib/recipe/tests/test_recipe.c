/* Unit tests of the recipe model: names, every recipe key, errors with positions, recipe
 * discovery and the dependency graph. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/files.h"
#include "base/strbuf.h"
#include "recipe/cookbook.h"
#include "recipe/graph.h"
#include "recipe/names.h"
#include "recipe/recipe.h"
#include "testing/testing.h"

static int parse(const char *text, mh_recipe *r, mh_error *err) {
    mh_error_clear(err);
    return mh_recipe_parse("demo", NULL, "demo/recipe.toml", text, strlen(text), NULL, r, err);
}

/* Parses text expecting an error; returns "line:col: message" for comparison. */
static char *error_of(const char *text) {
    mh_recipe r;
    mh_error err;
    if (parse(text, &r, &err) == 0) {
        mh_recipe_free(&r);
        return mh_xstrdup("(no error)");
    }
    return mh_xasprintf("%u:%u: %s", err.line, err.column, err.message);
}

static void write_file(const char *dir, const char *rel, const char *text) {
    char *path = mh_path_join(dir, rel);
    char *slash = strrchr(path, '/');
    *slash = '\0';
    mh_error err;
    mh_mkdir_p(path, &err);
    *slash = '/';
    CHECK_INT_EQ(mh_write_file_atomic(path, text, strlen(text), 0644, &err), 0);
    free(path);
}

static void names_follow_redox_rules(void) {
    mh_package_name n;
    const char *why;
    CHECK(mh_package_name_parse("gcc13", 5, &n, &why) && n.prefix == MH_PREFIX_NONE);
    CHECK_STR_EQ(n.recipe, "gcc13");
    CHECK(mh_package_name_parse("host:llvm21.dev", 15, &n, &why) && n.prefix == MH_PREFIX_HOST);
    CHECK_STR_EQ(n.recipe, "llvm21");
    CHECK_STR_EQ(n.sub, "dev");
    CHECK(mh_package_name_parse("target:relibc", 13, &n, &why) && n.prefix == MH_PREFIX_TARGET);
    CHECK(mh_package_name_parse(".cxx", 4, &n, &why) && !n.recipe[0]);
    CHECK_STR_EQ(n.sub, "cxx");
    CHECK(!mh_package_name_parse("", 0, &n, &why));
    CHECK(!mh_package_name_parse("a/b", 3, &n, &why));
    CHECK(!mh_package_name_parse("a.b.c", 5, &n, &why));
    CHECK(!mh_package_name_parse("build:x", 7, &n, &why));
    CHECK(!mh_package_name_parse("host:a:b", 8, &n, &why));
    CHECK(!mh_package_name_parse("a.", 2, &n, &why));
    CHECK(!mh_package_name_parse("a b", 3, &n, &why));
    CHECK(mh_recipe_name_valid("libpng", &why));
    CHECK(!mh_recipe_name_valid("lib.png", &why));
}

static void git_recipe_with_every_key(void) {
    mh_recipe r;
    mh_error err;
    const char *text =
        "[source]\n"
        "git = \"https://gitlab.redox-os.org/redox-os/ion.git\"\n"
        "upstream = \"https://github.com/redox-os/ion\"\n"
        "branch = \"master\"\n"
        "rev = \"06344744d3d55a5ac9a62a6059cb363d40699bbc\"\n"
        "shallow_clone = true\n"
        "script = \"./autogen.sh\"\n"
        "[build]\n"
        "template = \"cargo\"\n"
        "dependencies = [\"openssl1\", \"host:cmake\"]\n"
        "dev-dependencies = [\"target:zlib\"]\n"
        "cargopath = \"members/ion\"\n"
        "cargoflags = \"--features=x\"\n"
        "cargopackages = [\"ion-shell\"]\n"
        "cargopackagesprefixed = [\"ion-utils\"]\n"
        "cargoexamples = [\"demo\"]\n"
        "clearlocked = false\n"
        "[package]\n"
        "dependencies = [\"terminfo\"]\n"
        "version = \"1.0.0\"\n"
        "description = \"The Ion shell\"\n"
        "[[optional-packages]]\n"
        "name = \"docs\"\n"
        "files = [\"usr/share/doc/**\"]\n"
        "dependencies = [\".extra\", \"man\"]\n"
        "[[optional-packages]]\n"
        "name = \"extra\"\n";
    if (!CHECK_INT_EQ(parse(text, &r, &err), 0)) {
        printf("    %s\n", err.message);
        return;
    }
    CHECK_INT_EQ(r.source.kind, MH_SOURCE_GIT);
    CHECK_STR_EQ(r.source.git, "https://gitlab.redox-os.org/redox-os/ion.git");
    CHECK_STR_EQ(r.source.upstream, "https://github.com/redox-os/ion");
    CHECK_STR_EQ(r.source.branch, "master");
    CHECK_STR_EQ(r.source.rev, "06344744d3d55a5ac9a62a6059cb363d40699bbc");
    CHECK_INT_EQ(r.source.shallow_clone, 1);
    CHECK_STR_EQ(r.source.script, "./autogen.sh");
    CHECK_INT_EQ(r.build.template, MH_TEMPLATE_CARGO);
    CHECK_INT_EQ(r.build.dependencies.count, 2);
    CHECK_STR_EQ(r.build.dependencies.items[1], "host:cmake");
    CHECK_INT_EQ(r.build.dependencies.positions[1].line, 10);
    CHECK_INT_EQ(r.build.dependencies.positions[1].column, 29);
    CHECK_STR_EQ(r.build.dev_dependencies.items[0], "target:zlib");
    CHECK_STR_EQ(r.build.cargopath, "members/ion");
    CHECK_STR_EQ(r.build.cargoflags, "--features=x");
    CHECK_STR_EQ(r.build.cargopackages.items[0], "ion-shell");
    CHECK_STR_EQ(r.build.cargopackagesprefixed.items[0], "ion-utils");
    CHECK_STR_EQ(r.build.cargoexamples.items[0], "demo");
    CHECK_INT_EQ(r.build.clearlocked, 0);
    CHECK_STR_EQ(r.package.dependencies.items[0], "terminfo");
    CHECK_STR_EQ(r.package.version, "1.0.0");
    CHECK_STR_EQ(r.package.description, "The Ion shell");
    CHECK_INT_EQ(r.optional_count, 2);
    CHECK_STR_EQ(r.optional_packages[0].name, "docs");
    CHECK_STR_EQ(r.optional_packages[0].files.items[0], "usr/share/doc/**");
    CHECK_STR_EQ(r.optional_packages[0].dependencies.items[0], ".extra");
    CHECK_INT_EQ(r.warning_count, 0);
    mh_recipe_free(&r);
}

static void every_template_and_its_keys(void) {
    mh_recipe r;
    mh_error err;
    CHECK_INT_EQ(parse("[build]\ntemplate = \"configure\"\nconfigureflags = [\"--disable-nls\"]\n",
                       &r, &err), 0);
    CHECK_INT_EQ(r.build.template, MH_TEMPLATE_CONFIGURE);
    CHECK_STR_EQ(r.build.configureflags.items[0], "--disable-nls");
    mh_recipe_free(&r);
    CHECK_INT_EQ(parse("[build]\ntemplate = \"cmake\"\ncmakeflags = [\"-DX=1\", \"-DY=2\"]\n", &r,
                       &err), 0);
    CHECK_INT_EQ(r.build.cmakeflags.count, 2);
    mh_recipe_free(&r);
    CHECK_INT_EQ(parse("[build]\ntemplate = \"meson\"\nmesonflags = [\"-Dtests=false\"]\n", &r,
                       &err), 0);
    CHECK_STR_EQ(r.build.mesonflags.items[0], "-Dtests=false");
    mh_recipe_free(&r);
    CHECK_INT_EQ(parse("[build]\ntemplate = \"python\"\npyprojectpath = \"py\"\n"
                       "pipflags = \"--no-deps\"\nlegacysetup = true\n", &r, &err), 0);
    CHECK_STR_EQ(r.build.pyprojectpath, "py");
    CHECK_STR_EQ(r.build.pipflags.items[0], "--no-deps");
    CHECK_INT_EQ(r.build.legacysetup, 1);
    mh_recipe_free(&r);
    CHECK_INT_EQ(parse("[build]\ntemplate = \"custom\"\nscript = \"make install\"\n", &r, &err), 0);
    CHECK_STR_EQ(r.build.script, "make install");
    mh_recipe_free(&r);
    CHECK_INT_EQ(parse("[build]\ntemplate = \"make\"\n", &r, &err), 0);
    CHECK_INT_EQ(r.build.template, MH_TEMPLATE_MAKE);
    mh_recipe_free(&r);
    CHECK_INT_EQ(parse("[build]\ntemplate = \"remote\"\n", &r, &err), 0);
    CHECK_INT_EQ(r.build.template, MH_TEMPLATE_REMOTE);
    mh_recipe_free(&r);
    CHECK_INT_EQ(parse("[build]\ntemplate = \"none\"\n", &r, &err), 0);
    CHECK_INT_EQ(r.build.template, MH_TEMPLATE_NONE);
    mh_recipe_free(&r);
    /* An empty recipe is a meta-package: template none, no source. */
    CHECK_INT_EQ(parse("", &r, &err), 0);
    CHECK_INT_EQ(r.build.template, MH_TEMPLATE_NONE);
    CHECK_INT_EQ(r.source.kind, MH_SOURCE_NONE);
    mh_recipe_free(&r);
}

static void unknown_and_misplaced_keys_warn_with_location(void) {
    mh_recipe r;
    mh_error err;
    const char *text = "colour = 1\n"
                       "[build]\n"
                       "template = \"configure\"\n"
                       "cmakeflags = []\n"
                       "  bogus = true\n"
                       "[source]\n"
                       "git = \"u\"\n"
                       "blake3 = \"x\"\n";
    CHECK_INT_EQ(parse(text, &r, &err), 0);
    if (!CHECK_INT_EQ(r.warning_count, 4)) {
        mh_recipe_free(&r);
        return;
    }
    char out[512];
    mh_error_format(&r.warnings[0], out, sizeof out);
    CHECK_STR_EQ(out, "demo/recipe.toml:1:1: unknown key 'colour' (recipes have [source], [build], "
                      "[package] and [[optional-packages]]; ignored)");
    mh_error_format(&r.warnings[1], out, sizeof out);
    CHECK_STR_EQ(out, "demo/recipe.toml:4:1: key 'cmakeflags' in [build] is not used by template "
                      "\"configure\" (ignored)");
    mh_error_format(&r.warnings[2], out, sizeof out);
    CHECK_STR_EQ(out, "demo/recipe.toml:5:3: unknown key 'bogus' in [build] (ignored)");
    mh_error_format(&r.warnings[3], out, sizeof out);
    CHECK_STR_EQ(out, "demo/recipe.toml:8:1: key 'blake3' in [source] is not used by source type "
                      "\"git\" (ignored)");
    mh_recipe_free(&r);
}

static void tar_without_blake3_warns(void) {
    mh_recipe r;
    mh_error err;
    CHECK_INT_EQ(parse("[source]\ntar = \"https://example.org/a-1.0.tar.gz\"\n", &r, &err), 0);
    CHECK_INT_EQ(r.source.kind, MH_SOURCE_TAR);
    CHECK_INT_EQ(r.warning_count, 1);
    CHECK(r.warning_count && strstr(r.warnings[0].message, "no blake3"));
    mh_recipe_free(&r);
}

static void errors_point_at_the_problem(void) {
    static const struct {
        const char *text, *expected;
    } CASES[] = {
        {"[source]\ngit = 5\n",
         "2:7: expected a string for 'git' in [source], found an integer"},
        {"[build]\ntemplate = \"go\"\n",
         "2:12: unknown template \"go\"; expected one of none, custom, configure, cmake, meson, make, "
         "cargo, python, remote"},
        {"[build]\ntemplate = \"custom\"\n",
         "1:1: template \"custom\" requires a 'script' key in [build]"},
        {"[source]\npatches = [\"a.patch\"]\n",
         "1:1: [source] needs one of the keys git, tar, same_as or path (or remove [source] to "
         "build from the recipe's source/ directory)"},
        {"[source]\ngit = \"a\"\ntar = \"b\"\n",
         "3:1: [source] has both 'git' and 'tar'; a source is exactly one of git, tar, same_as or "
         "path"},
        {"[source]\ntar = \"a\"\nblake3 = \"abc\"\n",
         "3:10: blake3 must be 64 hexadecimal digits (the BLAKE3 hash of the tarball), found "
         "\"abc\""},
        {"[build]\ndependencies = [\"ok\", 3]\n",
         "2:23: expected a string in 'dependencies' in [build], found an integer"},
        {"[build]\ndependencies = \"zlib\"\n",
         "2:16: expected an array for 'dependencies' in [build], found a string"},
        {"[build]\ndependencies = [\"a/b\"]\n",
         "2:17: invalid package name \"a/b\": a package name must not contain '/' or NUL"},
        {"[package]\ndependencies = [\".docs\"]\n",
         "2:17: \".docs\" names a sibling sub-package, which only [[optional-packages]] "
         "dependencies may do; write \"demo.docs\""},
        {"[source]\ngit = \"a\"\nshallow_clone = \"yes\"\n",
         "3:17: expected a boolean for 'shallow_clone' in [source], found a string"},
        {"[[optional-packages]]\nfiles = []\n",
         "1:1: [[optional-packages]] entry needs a 'name' key"},
        {"[[optional-packages]]\nname = \"a\"\n[[optional-packages]]\nname = \"a\"\n",
         "4:8: optional package \"a\" is defined twice"},
        {"source = 1\n", "1:10: expected a table for 'source' in the recipe, found an integer"},
        {"[build\n", NULL},
    };
    for (size_t i = 0; i < MH_COUNT(CASES); i++) {
        char *got = error_of(CASES[i].text);
        if (CASES[i].expected)
            CHECK_STR_EQ(got, CASES[i].expected);
        else
            CHECK(strcmp(got, "(no error)") != 0 && strncmp(got, "1:", 2) == 0);
        free(got);
    }
}

static void source_files_are_checked(void) {
    const char *root = mh_test_tmpdir();
    write_file(root, "recipes/libs/zlib/recipe.toml", "");
    write_file(root, "recipes/libs/zlib/fix.patch", "--- a\n+++ b\n");
    write_file(root, "local-src/README", "x");
    char *dir = mh_path_join(root, "recipes/libs/zlib");
    mh_recipe r;
    mh_error err;
    const char *ok = "[source]\ntar = \"https://zlib.net/zlib-1.3.tar.gz\"\n"
                     "blake3 = \"ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef0123456789\"\n"
                     "patches = [\"fix.patch\"]\n";
    CHECK_INT_EQ(mh_recipe_parse("zlib", dir, "z.toml", ok, strlen(ok), root, &r, &err), 0);
    mh_recipe_free(&r);
    const char *missing = "[source]\ngit = \"u\"\npatches = [\"fix.patch\", \"nope.patch\"]\n";
    CHECK_INT_EQ(mh_recipe_parse("zlib", dir, "z.toml", missing, strlen(missing), root, &r, &err), -1);
    CHECK_INT_EQ(err.line, 3);
    CHECK_INT_EQ(err.column, 25);
    CHECK(strstr(err.message, "patch file \"nope.patch\" does not exist") != NULL);
    const char *same_ok = "[source]\nsame_as = \"../zlib\"\n";
    CHECK_INT_EQ(mh_recipe_parse("zlib2", dir, "z.toml", same_ok, strlen(same_ok), root, &r, &err), 0);
    CHECK_INT_EQ(r.source.kind, MH_SOURCE_SAME_AS);
    mh_recipe_free(&r);
    const char *same_bad = "[source]\nsame_as = \"../nothing\"\n";
    CHECK_INT_EQ(mh_recipe_parse("z", dir, "z.toml", same_bad, strlen(same_bad), root, &r, &err), -1);
    CHECK(strstr(err.message, "does not name a recipe directory") != NULL);
    const char *path_ok = "[source]\npath = \"local-src\"\n";
    CHECK_INT_EQ(mh_recipe_parse("z", dir, "z.toml", path_ok, strlen(path_ok), root, &r, &err), 0);
    CHECK_INT_EQ(r.source.kind, MH_SOURCE_PATH);
    mh_recipe_free(&r);
    const char *path_bad = "[source]\npath = \"missing-src\"\n";
    CHECK_INT_EQ(mh_recipe_parse("z", dir, "z.toml", path_bad, strlen(path_bad), root, &r, &err), -1);
    CHECK_INT_EQ(err.line, 2);
    free(dir);
}

static void build_inputs_resolve_and_must_exist(void) {
    const char *root = mh_test_tmpdir();
    write_file(root, "recipes/core/kernel/include/bootinfo.h", "");
    write_file(root, "recipes/core/boot/recipe.toml", "");
    write_file(root, "lib/core/a.c", "");
    char *dir = mh_path_join(root, "recipes/core/boot");
    mh_recipe r;
    mh_error err;
    const char *ok = "[build]\ntemplate = \"custom\"\nscript = \"make\"\n"
                     "inputs = [\"../kernel/include\", \"/lib/core/a.c\"]\n";
    if (CHECK_INT_EQ(mh_recipe_parse("boot", dir, "b.toml", ok, strlen(ok), root, &r, &err), 0)) {
        CHECK_INT_EQ(r.warning_count, 0);
        CHECK_INT_EQ(r.build.inputs.count, 2);
        char *first = mh_recipe_input_path(&r, root, r.build.inputs.items[0]);
        char *second = mh_recipe_input_path(&r, root, r.build.inputs.items[1]);
        char *want_first = mh_path_join(dir, "../kernel/include");
        char *want_second = mh_path_join(root, "lib/core/a.c");
        CHECK_STR_EQ(first, want_first);
        CHECK_STR_EQ(second, want_second);
        free(first);
        free(second);
        free(want_first);
        free(want_second);
        mh_recipe_free(&r);
    }
    /* Without directories (parsing text alone) nothing can be checked. */
    CHECK_INT_EQ(parse("[build]\ninputs = [\"../nowhere\"]\n", &r, &err), 0);
    mh_recipe_free(&r);
    const char *missing = "[build]\ninputs = [\"../kernel/include\",\n  \"/lib/gone\"]\n";
    CHECK_INT_EQ(mh_recipe_parse("boot", dir, "b.toml", missing, strlen(missing), root, &r, &err),
                 -1);
    CHECK_INT_EQ(err.line, 3);
    CHECK_INT_EQ(err.column, 3);
    CHECK(strstr(err.message, "inputs entry \"/lib/gone\" does not exist") != NULL);
    CHECK(strstr(err.message, "cookbook root") != NULL);
    const char *relative = "[build]\ninputs = [\"../kernal/include\"]\n";
    CHECK_INT_EQ(mh_recipe_parse("boot", dir, "b.toml", relative, strlen(relative), root, &r, &err),
                 -1);
    CHECK(strstr(err.message, "relative to the recipe directory") != NULL);
    const char *empty = "[build]\ninputs = [\"\"]\n";
    CHECK_INT_EQ(mh_recipe_parse("boot", dir, "b.toml", empty, strlen(empty), root, &r, &err), -1);
    CHECK(strstr(err.message, "must name a file or directory") != NULL);
    char *wrong_type = error_of("[build]\ninputs = \"x\"\n");
    CHECK_STR_EQ(wrong_type, "2:10: expected an array for 'inputs' in [build], found a string");
    free(wrong_type);
    free(dir);
}

static void cookbook_finds_recipes_at_any_depth(void) {
    const char *root = mh_test_tmpdir();
    write_file(root, "recipes/core/base/recipe.toml", "");
    write_file(root, "recipes/wip/libs/deep/er/zlib/recipe.toml", "");
    write_file(root, "recipes/libs/zlib/recipe.toml", "");
    write_file(root, "recipes/libs/png/recipe.toml", "");
    write_file(root, "recipes/libs/png/source/inner/recipe.toml", ""); /* generated: skipped */
    write_file(root, "recipes/libs/png/target/x/recipe.toml", "");     /* generated: skipped */
    write_file(root, "recipes/notarecipe/README", "");
    mh_cookbook cb;
    mh_error err;
    if (!CHECK_INT_EQ(mh_cookbook_open(root, &cb, &err), 0))
        return;
    CHECK_INT_EQ(cb.count, 3);
    CHECK(mh_cookbook_find(&cb, "base") != NULL);
    CHECK(mh_cookbook_find(&cb, "inner") == NULL);
    CHECK(mh_cookbook_find(&cb, "x") == NULL);
    CHECK(mh_cookbook_find(&cb, "notarecipe") == NULL);
    mh_cookbook_entry *z = mh_cookbook_find(&cb, "zlib");
    CHECK(z && strstr(z->dir, "recipes/wip/libs/deep/er/zlib"));
    CHECK_INT_EQ(cb.warning_count, 1);
    CHECK(cb.warning_count && strstr(cb.warnings[0].message, "also used by"));
    mh_cookbook_close(&cb);
    char *nowhere = mh_path_join(root, "nowhere");
    CHECK_INT_EQ(mh_cookbook_open(nowhere, &cb, &err), -1);
    CHECK(strstr(err.path, "nowhere/recipes") != NULL);
    free(nowhere);
}

static char *order_of(mh_cookbook *cb, const char *const *names, size_t n, int kinds, char **problems) {
    mh_graph_node roots[8];
    mh_error err;
    for (size_t i = 0; i < n; i++)
        if (mh_graph_node_for_name(cb, names[i], &roots[i], &err) != 0)
            return mh_xasprintf("(bad root %s)", names[i]);
    mh_graph_walk walk;
    mh_graph_walk_from(cb, roots, n, kinds, &walk);
    mh_strbuf sb = MH_STRBUF_INIT, pb = MH_STRBUF_INIT;
    for (size_t i = 0; i < walk.order_count; i++)
        mh_strbuf_printf(&sb, "%s%s%s", i ? " " : "",
                         walk.order[i].side == MH_SIDE_HOST ? "host:" : "", walk.order[i].entry->name);
    for (size_t i = 0; i < walk.problem_count; i++)
        mh_strbuf_printf(&pb, "%s%u:%u: %s", i ? "\n" : "", walk.problems[i].error.line,
                         walk.problems[i].error.column, walk.problems[i].error.message);
    mh_graph_walk_free(&walk);
    *problems = mh_strbuf_detach(&pb);
    return mh_strbuf_detach(&sb);
}

static void graph_orders_dependencies_first(void) {
    const char *root = mh_test_tmpdir();
    /* a diamond: app -> (gui, net) -> libc; gui needs host:cmake; cmake's target: dep dropped */
    write_file(root, "recipes/app/recipe.toml",
               "[build]\ndependencies = [\"gui\", \"net\"]\n[package]\ndependencies = [\"data\"]\n");
    write_file(root, "recipes/gui/recipe.toml",
               "[build]\ndependencies = [\"libc\"]\ndev-dependencies = [\"host:cmake\"]\n");
    write_file(root, "recipes/net/recipe.toml", "[build]\ndependencies = [\"libc\", \"libc\"]\n");
    write_file(root, "recipes/libc/recipe.toml", "");
    write_file(root, "recipes/data/recipe.toml", "");
    write_file(root, "recipes/cmake/recipe.toml",
               "[build]\ndependencies = [\"zlib\", \"target:libc\"]\n[package]\ndependencies = [\"data\"]\n");
    write_file(root, "recipes/zlib/recipe.toml", "");
    mh_cookbook cb;
    mh_error err;
    if (!CHECK_INT_EQ(mh_cookbook_open(root, &cb, &err), 0))
        return;
    char *problems;
    const char *app[] = {"app"};
    char *order = order_of(&cb, app, 1, MH_DEPS_ALL, &problems);
    CHECK_STR_EQ(order, "libc host:zlib host:cmake gui net data app");
    CHECK_STR_EQ(problems, "");
    free(order);
    free(problems);
    order = order_of(&cb, app, 1, MH_DEPS_BUILD, &problems);
    CHECK_STR_EQ(order, "libc gui net app");
    free(order);
    free(problems);
    const char *host[] = {"host:cmake", "cmake"};
    order = order_of(&cb, host, 2, MH_DEPS_ALL, &problems);
    CHECK_STR_EQ(order, "host:zlib host:cmake zlib libc data cmake");
    free(order);
    free(problems);
    mh_cookbook_close(&cb);
}

static void graph_reports_missing_recipes_and_cycles(void) {
    const char *root = mh_test_tmpdir();
    write_file(root, "recipes/a/recipe.toml", "[build]\ndependencies = [\"b\"]\n");
    write_file(root, "recipes/b/recipe.toml", "[build]\ndependencies = [\"c\"]\n");
    write_file(root, "recipes/c/recipe.toml", "[package]\ndependencies = [\"zz\", \"a\"]\n");
    write_file(root, "recipes/d/recipe.toml", "[build]\ndependencies = [\"e\"]\n");
    write_file(root, "recipes/e/recipe.toml", "[build]\ndev-dependencies = [\"d\"]\n");
    write_file(root, "recipes/f/recipe.toml", "[build]\ndependencies = [\"a.nosuch\"]\n");
    write_file(root, "recipes/g/recipe.toml", "[build]\ndependencies = [\"g\"]\n");
    write_file(root, "recipes/h/recipe.toml", "[build\n");
    write_file(root, "recipes/i/recipe.toml", "[build]\ndependencies = [\"h\"]\n");
    mh_cookbook cb;
    mh_error err;
    if (!CHECK_INT_EQ(mh_cookbook_open(root, &cb, &err), 0))
        return;
    char *problems;
    const char *a[] = {"a"};
    char *order = order_of(&cb, a, 1, MH_DEPS_ALL, &problems);
    CHECK(strncmp(problems, "2:17: dependency \"zz\": no recipe named 'zz' in ", 45) == 0);
    CHECK(strchr(problems, '\n') == NULL);
    free(order);
    free(problems);
    const char *d[] = {"d"};
    order = order_of(&cb, d, 1, MH_DEPS_ALL, &problems);
    CHECK_STR_EQ(problems, "2:21: dependency cycle: d -> e -> d");
    free(order);
    free(problems);
    const char *g[] = {"g"};
    order = order_of(&cb, g, 1, MH_DEPS_ALL, &problems);
    CHECK_STR_EQ(problems, "2:17: dependency cycle: g -> g");
    free(order);
    free(problems);
    const char *f[] = {"f"};
    order = order_of(&cb, f, 1, MH_DEPS_ALL, &problems);
    CHECK_STR_EQ(problems, "2:17: dependency \"a.nosuch\": recipe 'a' has no optional package 'nosuch'");
    free(order);
    free(problems);
    const char *i[] = {"i"};
    order = order_of(&cb, i, 1, MH_DEPS_ALL, &problems);
    CHECK(strncmp(problems, "1:", 2) == 0); /* h's own syntax error, reported once, against h */
    CHECK(strchr(problems, '\n') == NULL);
    free(order);
    free(problems);
    mh_cookbook_close(&cb);
}

static const mh_test TESTS[] = {
    MH_TEST(names_follow_redox_rules),
    MH_TEST(git_recipe_with_every_key),
    MH_TEST(every_template_and_its_keys),
    MH_TEST(unknown_and_misplaced_keys_warn_with_location),
    MH_TEST(tar_without_blake3_warns),
    MH_TEST(errors_point_at_the_problem),
    MH_TEST(source_files_are_checked),
    MH_TEST(build_inputs_resolve_and_must_exist),
    MH_TEST(cookbook_finds_recipes_at_any_depth),
    MH_TEST(graph_orders_dependencies_first),
    MH_TEST(graph_reports_missing_recipes_and_cycles),
};

int main(int argc, char **argv) {
    return mh_test_run(TESTS, MH_COUNT(TESTS), argc, argv);
}
