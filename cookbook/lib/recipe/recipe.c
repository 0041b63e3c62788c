#include "recipe/recipe.h"

#include <stdlib.h>
#include <string.h>

#include "base/files.h"
#include "base/strbuf.h"
#include "recipe/names.h"

/* Each section is described by a table of fields: which key, what type, where it goes in the
 * struct, and for which template / source shape it is meaningful. */
typedef enum field_type {
    FIELD_STRING,
    FIELD_STRING_LIST,
    FIELD_BOOL,
    FIELD_DEPENDENCIES,      /* list of package names */
    FIELD_SUBPACKAGE_DEPS,   /* list of package names; ".sub" siblings allowed */
    FIELD_STRING_OR_LIST,    /* a single string is taken as a one-item list */
} field_type;

typedef struct field {
    const char *key;
    field_type type;
    size_t offset;
    unsigned used_by; /* bit mask of templates (for [build]) or source kinds (for [source]) */
} field;

#define ALL 0xffffffffu
#define BIT(x) (1u << (x))

static const char *const TEMPLATE_NAMES[] = {
    [MH_TEMPLATE_NONE] = "none",         [MH_TEMPLATE_CUSTOM] = "custom",
    [MH_TEMPLATE_CONFIGURE] = "configure", [MH_TEMPLATE_CMAKE] = "cmake",
    [MH_TEMPLATE_MESON] = "meson",       [MH_TEMPLATE_MAKE] = "make",
    [MH_TEMPLATE_CARGO] = "cargo",
    [MH_TEMPLATE_PYTHON] = "python",     [MH_TEMPLATE_REMOTE] = "remote",
};
#define TEMPLATE_COUNT (sizeof TEMPLATE_NAMES / sizeof TEMPLATE_NAMES[0])

static const char *const SOURCE_KIND_NAMES[] = {
    [MH_SOURCE_NONE] = "none", [MH_SOURCE_GIT] = "git", [MH_SOURCE_TAR] = "tar",
    [MH_SOURCE_SAME_AS] = "same_as", [MH_SOURCE_PATH] = "path",
};

const char *mh_template_name(mh_build_template template) {
    return TEMPLATE_NAMES[template];
}

#define SRC(member) offsetof(mh_recipe_source, member)
static const field SOURCE_FIELDS[] = {
    {"git", FIELD_STRING, SRC(git), BIT(MH_SOURCE_GIT)},
    {"upstream", FIELD_STRING, SRC(upstream), BIT(MH_SOURCE_GIT)},
    {"branch", FIELD_STRING, SRC(branch), BIT(MH_SOURCE_GIT)},
    {"rev", FIELD_STRING, SRC(rev), BIT(MH_SOURCE_GIT)},
    {"shallow_clone", FIELD_BOOL, SRC(shallow_clone), BIT(MH_SOURCE_GIT)},
    {"tar", FIELD_STRING, SRC(tar), BIT(MH_SOURCE_TAR)},
    {"blake3", FIELD_STRING, SRC(blake3), BIT(MH_SOURCE_TAR)},
    {"same_as", FIELD_STRING, SRC(same_as), BIT(MH_SOURCE_SAME_AS)},
    {"path", FIELD_STRING, SRC(path), BIT(MH_SOURCE_PATH)},
    {"patches", FIELD_STRING_LIST, SRC(patches), BIT(MH_SOURCE_GIT) | BIT(MH_SOURCE_TAR)},
    {"script", FIELD_STRING, SRC(script), BIT(MH_SOURCE_GIT) | BIT(MH_SOURCE_TAR)},
};

#define BLD(member) offsetof(mh_recipe_build, member)
static const field BUILD_FIELDS[] = {
    {"template", FIELD_STRING, 0, ALL}, /* handled before the others */
    {"dependencies", FIELD_DEPENDENCIES, BLD(dependencies), ALL},
    {"dev-dependencies", FIELD_DEPENDENCIES, BLD(dev_dependencies), ALL},
    {"inputs", FIELD_STRING_LIST, BLD(inputs), ALL},
    {"script", FIELD_STRING, BLD(script), BIT(MH_TEMPLATE_CUSTOM)},
    {"configureflags", FIELD_STRING_LIST, BLD(configureflags), BIT(MH_TEMPLATE_CONFIGURE)},
    {"cmakeflags", FIELD_STRING_LIST, BLD(cmakeflags), BIT(MH_TEMPLATE_CMAKE)},
    {"mesonflags", FIELD_STRING_LIST, BLD(mesonflags), BIT(MH_TEMPLATE_MESON)},
    {"cargopath", FIELD_STRING, BLD(cargopath), BIT(MH_TEMPLATE_CARGO)},
    {"cargoflags", FIELD_STRING, BLD(cargoflags), BIT(MH_TEMPLATE_CARGO)},
    {"cargopackages", FIELD_STRING_LIST, BLD(cargopackages), BIT(MH_TEMPLATE_CARGO)},
    {"cargopackagesprefixed", FIELD_STRING_LIST, BLD(cargopackagesprefixed), BIT(MH_TEMPLATE_CARGO)},
    {"cargoexamples", FIELD_STRING_LIST, BLD(cargoexamples), BIT(MH_TEMPLATE_CARGO)},
    {"clearlocked", FIELD_BOOL, BLD(clearlocked), BIT(MH_TEMPLATE_CARGO)},
    {"pyprojectpath", FIELD_STRING, BLD(pyprojectpath), BIT(MH_TEMPLATE_PYTHON)},
    {"pipflags", FIELD_STRING_OR_LIST, BLD(pipflags), BIT(MH_TEMPLATE_PYTHON)},
    {"legacysetup", FIELD_BOOL, BLD(legacysetup), BIT(MH_TEMPLATE_PYTHON)},
};

#define PKG(member) offsetof(mh_recipe_package, member)
static const field PACKAGE_FIELDS[] = {
    {"dependencies", FIELD_DEPENDENCIES, PKG(dependencies), ALL},
    {"version", FIELD_STRING, PKG(version), ALL},
    {"description", FIELD_STRING, PKG(description), ALL},
};

#define OPT(member) offsetof(mh_optional_package, member)
static const field OPTIONAL_FIELDS[] = {
    {"name", FIELD_STRING, OPT(name), ALL},
    {"files", FIELD_STRING_LIST, OPT(files), ALL},
    {"dependencies", FIELD_SUBPACKAGE_DEPS, OPT(dependencies), ALL},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

typedef struct parser {
    mh_recipe *recipe;
    const char *file;
    mh_error *err;
} parser;

static int fail(parser *p, toml_position pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(parser *p, toml_position pos, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    mh_error_setv(p->err, p->file, pos.line, pos.column, fmt, ap);
    va_end(ap);
    return -1;
}

static void warn(parser *p, toml_position pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void warn(parser *p, toml_position pos, const char *fmt, ...) {
    mh_recipe *r = p->recipe;
    r->warnings = mh_xrealloc(r->warnings, (r->warning_count + 1) * sizeof *r->warnings);
    mh_error *w = &r->warnings[r->warning_count++];
    mh_error_clear(w);
    va_list ap;
    va_start(ap, fmt);
    mh_error_setv(w, p->file, pos.line, pos.column, fmt, ap);
    va_end(ap);
}

static char *copy_string(const toml_value *v) {
    return mh_xstrndup(v->u.string.ptr, v->u.string.len);
}

/* "a string", "an integer": type names for messages. */
static const char *article(toml_type type) {
    return strchr("aeiou", toml_type_name(type)[0]) ? "an" : "a";
}

static int expect_type(parser *p, const toml_value *v, toml_type type, const char *what,
                       const char *section) {
    if (v->type == type)
        return 0;
    return fail(p, v->pos, "expected %s %s for '%s' in %s, found %s %s", article(type),
                toml_type_name(type), what, section, article(v->type), toml_type_name(v->type));
}

static void list_push(mh_string_list *list, char *item, toml_position pos) {
    list->items = mh_xrealloc(list->items, (list->count + 1) * sizeof *list->items);
    list->positions = mh_xrealloc(list->positions, (list->count + 1) * sizeof *list->positions);
    list->items[list->count] = item;
    list->positions[list->count] = pos;
    list->count++;
}

static void list_free(mh_string_list *list) {
    for (size_t i = 0; i < list->count; i++)
        free(list->items[i]);
    free(list->items);
    free(list->positions);
    memset(list, 0, sizeof *list);
}

static int check_dependency_name(parser *p, const toml_value *item, bool allow_sibling) {
    if (memchr(item->u.string.ptr, '\0', item->u.string.len))
        return fail(p, item->pos, "invalid package name: a package name must not contain NUL");
    mh_package_name name;
    const char *why;
    if (!mh_package_name_parse(item->u.string.ptr, item->u.string.len, &name, &why))
        return fail(p, item->pos, "invalid package name \"%s\": %s", item->u.string.ptr, why);
    if (!name.recipe[0] && !allow_sibling)
        return fail(p, item->pos,
                    "\"%s\" names a sibling sub-package, which only [[optional-packages]] "
                    "dependencies may do; write \"%s%s\"",
                    item->u.string.ptr, p->recipe->name, item->u.string.ptr);
    return 0;
}

static int store_list(parser *p, const field *f, const toml_value *v, const char *section,
                      mh_string_list *list) {
    if (f->type == FIELD_STRING_OR_LIST && v->type == TOML_STRING) {
        list_push(list, copy_string(v), v->pos);
        return 0;
    }
    if (expect_type(p, v, TOML_ARRAY, f->key, section) != 0)
        return -1;
    for (size_t i = 0; i < v->u.array.count; i++) {
        const toml_value *item = v->u.array.items[i];
        if (item->type != TOML_STRING)
            return fail(p, item->pos, "expected a string in '%s' in %s, found %s %s", f->key,
                        section, article(item->type), toml_type_name(item->type));
        if ((f->type == FIELD_DEPENDENCIES || f->type == FIELD_SUBPACKAGE_DEPS) &&
            check_dependency_name(p, item, f->type == FIELD_SUBPACKAGE_DEPS) != 0)
            return -1;
        list_push(list, copy_string(item), item->pos);
    }
    return 0;
}

static int store_field(parser *p, const field *f, const toml_value *v, const char *section,
                       void *base) {
    char *slot = (char *)base + f->offset;
    switch (f->type) {
    case FIELD_STRING:
        if (expect_type(p, v, TOML_STRING, f->key, section) != 0)
            return -1;
        if (memchr(v->u.string.ptr, '\0', v->u.string.len))
            return fail(p, v->pos, "'%s' in %s must not contain NUL characters", f->key, section);
        free(*(char **)slot);
        *(char **)slot = copy_string(v);
        return 0;
    case FIELD_BOOL:
        if (expect_type(p, v, TOML_BOOLEAN, f->key, section) != 0)
            return -1;
        *(int *)slot = v->u.boolean;
        return 0;
    case FIELD_STRING_LIST:
    case FIELD_DEPENDENCIES:
    case FIELD_SUBPACKAGE_DEPS:
    case FIELD_STRING_OR_LIST:
        return store_list(p, f, v, section, (mh_string_list *)slot);
    }
    return 0;
}

static const field *find_field(const field *fields, size_t count, const char *key) {
    for (size_t i = 0; i < count; i++)
        if (strcmp(fields[i].key, key) == 0)
            return &fields[i];
    return NULL;
}

/* Stores every key of table according to fields; selector picks the bit of used_by that applies
 * (the template or the source shape) and selector_kind names it in warnings. */
static int parse_section(parser *p, const toml_value *table, const char *section,
                         const field *fields, size_t count, unsigned selector,
                         const char *selector_kind, const char *selector_name, void *base) {
    for (size_t i = 0; i < table->u.table.count; i++) {
        const toml_keyval *kv = &table->u.table.items[i];
        const field *f = find_field(fields, count, kv->key);
        if (!f) {
            warn(p, kv->key_pos, "unknown key '%s' in %s (ignored)", kv->key, section);
            continue;
        }
        if (strcmp(f->key, "template") == 0)
            continue;
        if (!(f->used_by & BIT(selector))) {
            warn(p, kv->key_pos, "key '%s' in %s is not used by %s \"%s\" (ignored)", kv->key,
                 section, selector_kind, selector_name);
            continue;
        }
        if (store_field(p, f, kv->value, section, base) != 0)
            return -1;
    }
    return 0;
}

static bool is_hex64(const char *s) {
    if (strlen(s) != 64)
        return false;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f') || (*s >= 'A' && *s <= 'F')))
            return false;
    return true;
}

static int check_source_files(parser *p, const toml_value *table, const char *dir,
                              const char *cookbook_root) {
    mh_recipe_source *s = &p->recipe->source;
    for (size_t i = 0; dir && i < s->patches.count; i++) {
        char *path = mh_path_join(dir, s->patches.items[i]);
        bool ok = mh_path_exists(path) && !mh_is_directory(path);
        free(path);
        if (!ok)
            return fail(p, s->patches.positions[i], "patch file \"%s\" does not exist in %s",
                        s->patches.items[i], dir);
    }
    if (s->kind == MH_SOURCE_SAME_AS && dir) {
        char *other = mh_path_join(dir, s->same_as);
        char *other_recipe = mh_path_join(other, "recipe.toml");
        bool ok = mh_path_exists(other_recipe);
        free(other_recipe);
        free(other);
        if (!ok)
            return fail(p, toml_get(table, "same_as")->pos,
                        "same_as \"%s\" does not name a recipe directory (no recipe.toml there)",
                        s->same_as);
    }
    if (s->kind == MH_SOURCE_PATH && cookbook_root) {
        char *full = s->path[0] == '/' ? mh_xstrdup(s->path) : mh_path_join(cookbook_root, s->path);
        bool ok = mh_is_directory(full);
        free(full);
        if (!ok)
            return fail(p, toml_get(table, "path")->pos,
                        "path \"%s\" is not a directory (relative to the cookbook root %s)",
                        s->path, cookbook_root);
    }
    return 0;
}

static int parse_source(parser *p, const toml_value *table, const char *dir,
                        const char *cookbook_root) {
    mh_recipe_source *s = &p->recipe->source;
    s->pos = table->pos;
    static const struct { const char *key; mh_source_kind kind; } SHAPES[] = {
        {"git", MH_SOURCE_GIT}, {"tar", MH_SOURCE_TAR},
        {"same_as", MH_SOURCE_SAME_AS}, {"path", MH_SOURCE_PATH},
    };
    const toml_keyval *shape_key = NULL;
    for (size_t i = 0; i < table->u.table.count; i++) {
        const toml_keyval *kv = &table->u.table.items[i];
        for (size_t k = 0; k < COUNT(SHAPES); k++) {
            if (strcmp(kv->key, SHAPES[k].key) != 0)
                continue;
            if (shape_key)
                return fail(p, kv->key_pos,
                            "[source] has both '%s' and '%s'; a source is exactly one of git, "
                            "tar, same_as or path",
                            shape_key->key, kv->key);
            shape_key = kv;
            s->kind = SHAPES[k].kind;
        }
    }
    if (!shape_key)
        return fail(p, table->pos,
                    "[source] needs one of the keys git, tar, same_as or path (or remove [source] "
                    "to build from the recipe's source/ directory)");
    if (parse_section(p, table, "[source]", SOURCE_FIELDS, COUNT(SOURCE_FIELDS), s->kind,
                      "source type", SOURCE_KIND_NAMES[s->kind], s) != 0)
        return -1;
    if (s->kind == MH_SOURCE_TAR) {
        if (!s->blake3)
            warn(p, shape_key->key_pos,
                 "tar source has no blake3; cooking will refuse it unless --allow-unverified is "
                 "given (fill it in with: blake3sum FILE)");
        else if (!is_hex64(s->blake3))
            return fail(p, toml_get(table, "blake3")->pos,
                        "blake3 must be 64 hexadecimal digits (the BLAKE3 hash of the tarball), "
                        "found \"%s\"",
                        s->blake3);
    }
    if (s->kind == MH_SOURCE_GIT && s->rev && !s->rev[0])
        return fail(p, toml_get(table, "rev")->pos, "rev must not be empty");
    return check_source_files(p, table, dir, cookbook_root);
}

char *mh_recipe_input_path(const mh_recipe *recipe, const char *cookbook_root, const char *input) {
    if (input[0] == '/')
        return mh_path_join(cookbook_root, input + 1);
    return mh_path_join(recipe->dir, input);
}

/* Each [build] inputs entry must name something that exists (checked when the directories are
 * known). */
static int check_build_inputs(parser *p, const char *dir, const char *cookbook_root) {
    const mh_string_list *inputs = &p->recipe->build.inputs;
    for (size_t i = 0; i < inputs->count; i++) {
        const char *input = inputs->items[i];
        if (!input[0] || strcmp(input, "/") == 0)
            return fail(p, inputs->positions[i],
                        "an inputs entry must name a file or directory (relative to the recipe "
                        "directory, or /path relative to the cookbook root)");
        bool rooted = input[0] == '/';
        if ((rooted && !cookbook_root) || (!rooted && !dir))
            continue;
        char *path = mh_recipe_input_path(p->recipe, cookbook_root, input);
        bool ok = mh_path_exists(path);
        if (!ok)
            fail(p, inputs->positions[i], "inputs entry \"%s\" does not exist: no %s (%s)", input,
                 path, rooted ? "a leading / means the cookbook root" : "relative to the recipe "
                 "directory");
        free(path);
        if (!ok)
            return -1;
    }
    return 0;
}

static int parse_build(parser *p, const toml_value *table) {
    mh_recipe_build *b = &p->recipe->build;
    b->pos = table->pos;
    const toml_value *t = toml_get(table, "template");
    if (t) {
        if (expect_type(p, t, TOML_STRING, "template", "[build]") != 0)
            return -1;
        size_t i;
        for (i = 0; i < TEMPLATE_COUNT; i++)
            if (strcmp(t->u.string.ptr, TEMPLATE_NAMES[i]) == 0)
                break;
        if (i == TEMPLATE_COUNT)
            return fail(p, t->pos,
                        "unknown template \"%s\"; expected one of none, custom, configure, "
                        "cmake, meson, make, cargo, python, remote",
                        t->u.string.ptr);
        b->template = (mh_build_template)i;
    }
    if (parse_section(p, table, "[build]", BUILD_FIELDS, COUNT(BUILD_FIELDS), b->template,
                      "template", TEMPLATE_NAMES[b->template], b) != 0)
        return -1;
    if (b->template == MH_TEMPLATE_CUSTOM && !b->script)
        return fail(p, table->pos, "template \"custom\" requires a 'script' key in [build]");
    return 0;
}

static int parse_optional_packages(parser *p, const toml_value *array) {
    mh_recipe *r = p->recipe;
    r->optional_packages = mh_xcalloc(array->u.array.count, sizeof *r->optional_packages);
    for (size_t i = 0; i < array->u.array.count; i++) {
        const toml_value *t = array->u.array.items[i];
        if (t->type != TOML_TABLE)
            return fail(p, t->pos, "expected a table in [[optional-packages]], found %s %s",
                        article(t->type), toml_type_name(t->type));
        mh_optional_package *o = &r->optional_packages[r->optional_count++];
        o->pos = t->pos;
        if (parse_section(p, t, "[[optional-packages]]", OPTIONAL_FIELDS, COUNT(OPTIONAL_FIELDS),
                          0, "", "", o) != 0)
            return -1;
        if (!o->name)
            return fail(p, t->pos, "[[optional-packages]] entry needs a 'name' key");
        const char *why;
        if (!mh_recipe_name_valid(o->name, &why))
            return fail(p, toml_get(t, "name")->pos, "invalid optional package name \"%s\": %s",
                        o->name, why);
        for (size_t k = 0; k < i; k++)
            if (strcmp(r->optional_packages[k].name, o->name) == 0)
                return fail(p, toml_get(t, "name")->pos,
                            "optional package \"%s\" is defined twice", o->name);
    }
    return 0;
}

static int parse_top(parser *p, const toml_value *root, const char *dir, const char *cookbook_root) {
    const toml_value *source = NULL, *build = NULL, *package = NULL, *optional = NULL;
    for (size_t i = 0; i < root->u.table.count; i++) {
        const toml_keyval *kv = &root->u.table.items[i];
        if (strcmp(kv->key, "source") == 0)
            source = kv->value;
        else if (strcmp(kv->key, "build") == 0)
            build = kv->value;
        else if (strcmp(kv->key, "package") == 0)
            package = kv->value;
        else if (strcmp(kv->key, "optional-packages") == 0)
            optional = kv->value;
        else
            warn(p, kv->key_pos, "unknown key '%s' (recipes have [source], [build], [package] and "
                 "[[optional-packages]]; ignored)", kv->key);
    }
    if (source && (expect_type(p, source, TOML_TABLE, "source", "the recipe") != 0 ||
                   parse_source(p, source, dir, cookbook_root) != 0))
        return -1;
    if (build && (expect_type(p, build, TOML_TABLE, "build", "the recipe") != 0 ||
                  parse_build(p, build) != 0 || check_build_inputs(p, dir, cookbook_root) != 0))
        return -1;
    if (package && (expect_type(p, package, TOML_TABLE, "package", "the recipe") != 0 ||
                    parse_section(p, package, "[package]", PACKAGE_FIELDS, COUNT(PACKAGE_FIELDS),
                                  0, "", "", &p->recipe->package) != 0))
        return -1;
    if (optional && (expect_type(p, optional, TOML_ARRAY, "optional-packages", "the recipe") != 0 ||
                     parse_optional_packages(p, optional) != 0))
        return -1;
    return 0;
}

static int compare_location(const void *a, const void *b) {
    const mh_error *x = a, *y = b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x->column < y->column ? -1 : x->column > y->column;
}

int mh_recipe_parse(const char *name, const char *dir, const char *file, const char *text,
                    size_t len, const char *cookbook_root, mh_recipe *recipe, mh_error *err) {
    memset(recipe, 0, sizeof *recipe);
    recipe->name = mh_xstrdup(name);
    recipe->dir = mh_xstrdup(dir ? dir : "");
    recipe->file = mh_xstrdup(file);
    recipe->source.shallow_clone = -1;
    recipe->build.clearlocked = -1;
    recipe->build.legacysetup = -1;
    toml_value *root = toml_parse(text, len, file, err);
    if (!root) {
        mh_recipe_free(recipe);
        return -1;
    }
    parser p = {recipe, file, err};
    int rc = parse_top(&p, root, dir, cookbook_root);
    toml_free(root);
    if (rc != 0)
        mh_recipe_free(recipe);
    else if (recipe->warning_count > 1) /* sections are parsed in a fixed order; report in the file's */
        qsort(recipe->warnings, recipe->warning_count, sizeof *recipe->warnings, compare_location);
    return rc;
}

int mh_recipe_load(const char *name, const char *dir, const char *cookbook_root,
                   mh_recipe *recipe, mh_error *err) {
    char *file = mh_path_join(dir, "recipe.toml");
    char *text;
    size_t len;
    int rc = mh_read_file(file, &text, &len, err);
    if (rc == 0) {
        rc = mh_recipe_parse(name, dir, file, text, len, cookbook_root, recipe, err);
        free(text);
    } else {
        memset(recipe, 0, sizeof *recipe);
    }
    free(file);
    return rc;
}

void mh_recipe_free(mh_recipe *r) {
    free(r->name);
    free(r->dir);
    free(r->file);
    mh_recipe_source *s = &r->source;
    free(s->git);
    free(s->upstream);
    free(s->branch);
    free(s->rev);
    free(s->tar);
    free(s->blake3);
    free(s->same_as);
    free(s->path);
    free(s->script);
    list_free(&s->patches);
    mh_recipe_build *b = &r->build;
    list_free(&b->dependencies);
    list_free(&b->dev_dependencies);
    list_free(&b->inputs);
    free(b->script);
    list_free(&b->configureflags);
    list_free(&b->cmakeflags);
    list_free(&b->mesonflags);
    free(b->cargopath);
    free(b->cargoflags);
    list_free(&b->cargopackages);
    list_free(&b->cargopackagesprefixed);
    list_free(&b->cargoexamples);
    free(b->pyprojectpath);
    list_free(&b->pipflags);
    list_free(&r->package.dependencies);
    free(r->package.version);
    free(r->package.description);
    for (size_t i = 0; i < r->optional_count; i++) {
        free(r->optional_packages[i].name);
        list_free(&r->optional_packages[i].files);
        list_free(&r->optional_packages[i].dependencies);
    }
    free(r->optional_packages);
    free(r->warnings);
    memset(r, 0, sizeof *r);
}
