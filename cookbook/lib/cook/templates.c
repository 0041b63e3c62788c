#include "cook/templates.h"

#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"

void cook_shell_quote(mh_strbuf *sb, const char *word) {
    mh_strbuf_putc(sb, '\'');
    for (const char *p = word; *p; p++) {
        if (*p == '\'')
            mh_strbuf_puts(sb, "'\\''");
        else
            mh_strbuf_putc(sb, *p);
    }
    mh_strbuf_putc(sb, '\'');
}

static void append_flags(mh_strbuf *sb, const char *array, const mh_string_list *flags) {
    if (!flags->count)
        return;
    mh_strbuf_printf(sb, "%s+=(", array);
    for (size_t i = 0; i < flags->count; i++) {
        if (i)
            mh_strbuf_putc(sb, ' ');
        cook_shell_quote(sb, flags->items[i]);
    }
    mh_strbuf_puts(sb, ")\n");
}

static void call_with(mh_strbuf *sb, const char *helper, const mh_string_list *args) {
    mh_strbuf_puts(sb, helper);
    for (size_t i = 0; i < args->count; i++) {
        mh_strbuf_putc(sb, ' ');
        cook_shell_quote(sb, args->items[i]);
    }
    mh_strbuf_putc(sb, '\n');
}

static void configure(mh_strbuf *sb, const mh_recipe *r) {
    mh_strbuf_puts(sb, "DYNAMIC_INIT\n");
    append_flags(sb, "COOKBOOK_CONFIGURE_FLAGS", &r->build.configureflags);
    mh_strbuf_puts(sb, "cookbook_configure\n");
}

static void cmake(mh_strbuf *sb, const mh_recipe *r) {
    mh_strbuf_puts(sb, "DYNAMIC_INIT\n");
    append_flags(sb, "COOKBOOK_CMAKE_FLAGS", &r->build.cmakeflags);
    mh_strbuf_puts(sb, "cookbook_cmake\n");
}

static void meson(mh_strbuf *sb, const mh_recipe *r) {
    mh_strbuf_puts(sb, "DYNAMIC_INIT\n");
    append_flags(sb, "COOKBOOK_MESON_FLAGS", &r->build.mesonflags);
    mh_strbuf_puts(sb, "cookbook_meson\n");
}

static void plain_make(mh_strbuf *sb, const mh_recipe *r) {
    (void)r;
    mh_strbuf_puts(sb, "cookbook_make\n");
}

static void cargo(mh_strbuf *sb, const mh_recipe *r) {
    const mh_recipe_build *b = &r->build;
    mh_strbuf_puts(sb, "DYNAMIC_INIT\n");
    if (b->cargopath) {
        mh_strbuf_puts(sb, "COOKBOOK_CARGO_PATH=");
        cook_shell_quote(sb, b->cargopath);
        mh_strbuf_putc(sb, '\n');
    }
    if (b->cargoflags) /* one string of flags, split into words as upstream's shell does */
        mh_strbuf_printf(sb, "COOKBOOK_CARGO_FLAGS+=(%s)\n", b->cargoflags);
    if (b->cargopackages.count)
        call_with(sb, "cookbook_cargo_packages", &b->cargopackages);
    if (b->cargopackagesprefixed.count)
        call_with(sb, "cookbook_cargo_packages_prefixed", &b->cargopackagesprefixed);
    if (b->cargoexamples.count)
        call_with(sb, "cookbook_cargo_examples", &b->cargoexamples);
    if (!b->cargopackages.count && !b->cargopackagesprefixed.count && !b->cargoexamples.count)
        mh_strbuf_puts(sb, "cookbook_cargo\n");
}

static void python(mh_strbuf *sb, const mh_recipe *r) {
    if (r->build.pyprojectpath) {
        mh_strbuf_puts(sb, "COOKBOOK_PYPROJECT_PATH=");
        cook_shell_quote(sb, r->build.pyprojectpath);
        mh_strbuf_putc(sb, '\n');
    }
    append_flags(sb, "COOKBOOK_PIP_FLAGS", &r->build.pipflags);
    mh_strbuf_puts(sb, "cookbook_python\n");
}

static void custom(mh_strbuf *sb, const mh_recipe *r) {
    mh_strbuf_puts(sb, r->build.script);
    mh_strbuf_putc(sb, '\n');
}

static void nothing(mh_strbuf *sb, const mh_recipe *r) {
    (void)sb;
    (void)r;
}

static const struct {
    const char *name;
    void (*emit)(mh_strbuf *sb, const mh_recipe *r);
} TEMPLATES[] = {
    {"none", nothing},     {"custom", custom}, {"configure", configure}, {"cmake", cmake},
    {"meson", meson},      {"make", plain_make}, {"cargo", cargo},       {"python", python},
};

char *cook_template_script(const mh_recipe *r, mh_error *err) {
    const char *name = mh_template_name(r->build.template);
    for (size_t i = 0; i < sizeof TEMPLATES / sizeof *TEMPLATES; i++) {
        if (strcmp(TEMPLATES[i].name, name) != 0)
            continue;
        mh_strbuf sb = MH_STRBUF_INIT;
        mh_strbuf_printf(&sb, "# template: %s\n", name);
        TEMPLATES[i].emit(&sb, r);
        mh_strbuf_puts(&sb, "cookbook_finish_stage\n");
        return mh_strbuf_detach(&sb);
    }
    mh_error_set(err, r->file, r->build.pos.line, r->build.pos.column,
                 "template \"%s\" cannot be cooked from source here (prebuilt packages are not "
                 "supported yet)", name);
    return NULL;
}
