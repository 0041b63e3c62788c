#include "testing/testing.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/files.h"
#include "base/strbuf.h"

static int current_failures;
static char *current_tmpdir;

static void report(const char *file, int line, const char *fmt, const char *a, const char *b) {
    fprintf(stdout, "    %s:%d: ", file, line);
    fprintf(stdout, fmt, a, b);
    fputc('\n', stdout);
    current_failures++;
}

int mh_check(int ok, const char *expr, const char *file, int line) {
    if (!ok)
        report(file, line, "check failed: %s%s", expr, "");
    return ok;
}

int mh_check_int(int64_t actual, int64_t expected, const char *expr, const char *file, int line) {
    if (actual == expected)
        return 1;
    char detail[128];
    snprintf(detail, sizeof detail, " is %" PRId64 ", expected %" PRId64, actual, expected);
    report(file, line, "%s%s", expr, detail);
    return 0;
}

int mh_check_str(const char *actual, const char *expected, const char *expr, const char *file,
                 int line) {
    if (actual && expected && strcmp(actual, expected) == 0)
        return 1;
    if (!actual && !expected)
        return 1;
    char *detail = mh_xasprintf(" is \"%s\", expected \"%s\"", actual ? actual : "(null)",
                                expected ? expected : "(null)");
    report(file, line, "%s%s", expr, detail);
    free(detail);
    return 0;
}

int mh_check_mem(const void *actual, const void *expected, size_t len, const char *expr,
                 const char *file, int line) {
    const unsigned char *a = actual, *e = expected;
    for (size_t i = 0; i < len; i++) {
        if (a[i] != e[i]) {
            char detail[128];
            snprintf(detail, sizeof detail, " differs at byte %zu: 0x%02x, expected 0x%02x", i,
                     a[i], e[i]);
            report(file, line, "%s%s", expr, detail);
            return 0;
        }
    }
    return 1;
}

const char *mh_test_tmpdir(void) {
    if (!current_tmpdir) {
        const char *base = getenv("TMPDIR");
        char *tmpl = mh_xasprintf("%s/mh-test-XXXXXX", base && *base ? base : "/tmp");
        if (!mkdtemp(tmpl)) {
            perror("mkdtemp");
            abort();
        }
        current_tmpdir = tmpl;
    }
    return current_tmpdir;
}

static int selected(const char *name, int argc, char **argv) {
    if (argc <= 1)
        return 1;
    for (int i = 1; i < argc; i++)
        if (strstr(name, argv[i]))
            return 1;
    return 0;
}

int mh_test_run(const mh_test *tests, size_t count, int argc, char **argv) {
    unsigned passed = 0, failed = 0;
    for (size_t i = 0; i < count; i++) {
        if (!selected(tests[i].name, argc, argv))
            continue;
        current_failures = 0;
        tests[i].run();
        if (current_tmpdir) {
            mh_error err;
            if (mh_remove_tree(current_tmpdir, &err) != 0)
                fprintf(stdout, "    warning: cannot remove %s: %s\n", current_tmpdir, err.message);
            free(current_tmpdir);
            current_tmpdir = NULL;
        }
        if (current_failures) {
            printf("FAIL %s\n", tests[i].name);
            failed++;
        } else {
            printf("ok   %s\n", tests[i].name);
            passed++;
        }
        fflush(stdout);
    }
    printf("%u passed, %u failed\n", passed, failed);
    return failed ? 1 : 0;
}
