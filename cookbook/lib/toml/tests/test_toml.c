/* Unit tests of the TOML library: positions, document order, values, errors with their
 * line:column, redefinition rules, the writer's round trip, limits and large tables.
 * (Conformance with the whole toml-test corpus is checked by toml-test.sh.) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "testing/testing.h"
#include "toml/toml.h"

/* Parses from an exact-size heap copy with no terminating NUL, so that AddressSanitizer
 * catches any read past the end. */
static toml_value *parse_len(const char *text, size_t len, mh_error *err) {
    char *copy = malloc(len ? len : 1);
    memcpy(copy, text, len);
    mh_error_clear(err);
    toml_value *root = toml_parse(copy, len, "test.toml", err);
    free(copy);
    return root;
}

static toml_value *parse(const char *text, mh_error *err) {
    return parse_len(text, strlen(text), err);
}

/* Parses text that must be valid; reports the error otherwise. */
static toml_value *parse_ok(const char *text) {
    mh_error err;
    toml_value *root = parse(text, &err);
    if (!root) {
        char message[2048];
        mh_error_format(&err, message, sizeof message);
        CHECK_STR_EQ(message, "(no error)");
    }
    return root;
}

/* Follows a dotted path of plain (unquoted, dot-free) keys. */
static const toml_value *at(const toml_value *table, const char *path) {
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    const toml_value *v = table;
    for (char *part = strtok(buf, "."); part && v; part = strtok(NULL, "."))
        v = toml_get(v, part);
    return v;
}

static void check_pos(toml_position pos, unsigned line, unsigned column, const char *what) {
    if (pos.line != line || pos.column != column) {
        char detail[160];
        snprintf(detail, sizeof detail, "%s at %u:%u, expected %u:%u", what, pos.line,
                 pos.column, line, column);
        CHECK_STR_EQ(detail, "");
    }
}

static void positions_of_values_and_keys(void) {
    toml_value *root = parse_ok("# recipe\n"
                                "name = \"zlib\"\n"
                                "  \"quoted key\" = 'x'\n"
                                "\"é\" = 1  # columns count code points\n"
                                "\n"
                                "[source]\n"
                                "tar.url = \"https://x/y.tar.gz\"\n"
                                "list = [ 1,\n"
                                "   { a = true } ]\n"
                                "[[build.steps]]\n"
                                "cmd = \"\"\"\n"
                                "multi\n"
                                "line\"\"\"\n"
                                "after = 2\n");
    if (!root)
        return;
    check_pos(root->pos, 1, 1, "root");
    const toml_keyval *kv = toml_get_keyval(root, "name");
    if (CHECK(kv)) {
        check_pos(kv->key_pos, 2, 1, "key name");
        check_pos(kv->value->pos, 2, 8, "value of name");
    }
    kv = toml_get_keyval(root, "quoted key");
    if (CHECK(kv)) {
        check_pos(kv->key_pos, 3, 3, "quoted key");
        check_pos(kv->value->pos, 3, 18, "value of quoted key");
    }
    kv = toml_get_keyval(root, "é");
    if (CHECK(kv))
        check_pos(kv->value->pos, 4, 7, "value after a two-byte key");
    const toml_value *source = toml_get(root, "source");
    if (CHECK(source)) {
        check_pos(source->pos, 6, 1, "[source] header");
        check_pos(toml_get_keyval(root, "source")->key_pos, 6, 2, "key in [source]");
        kv = toml_get_keyval(source, "tar");
        if (CHECK(kv)) {
            check_pos(kv->key_pos, 7, 1, "dotted key part tar");
            check_pos(kv->value->pos, 7, 1, "table made by a dotted key");
            const toml_keyval *url = toml_get_keyval(kv->value, "url");
            if (CHECK(url)) {
                check_pos(url->key_pos, 7, 5, "dotted key part url");
                check_pos(url->value->pos, 7, 11, "value of tar.url");
            }
        }
        const toml_value *list = toml_get(source, "list");
        if (CHECK(list && list->type == TOML_ARRAY && list->u.array.count == 2)) {
            check_pos(list->pos, 8, 8, "array");
            check_pos(list->u.array.items[0]->pos, 8, 10, "first item");
            check_pos(list->u.array.items[1]->pos, 9, 4, "inline table");
            check_pos(toml_get_keyval(list->u.array.items[1], "a")->value->pos, 9, 10,
                      "value in inline table");
        }
    }
    const toml_value *steps = at(root, "build.steps");
    if (CHECK(steps && steps->type == TOML_ARRAY && steps->u.array.count == 1)) {
        const toml_value *step = steps->u.array.items[0];
        check_pos(step->pos, 10, 1, "[[build.steps]] element");
        check_pos(toml_get(step, "cmd")->pos, 11, 7, "multi-line string");
        check_pos(toml_get_keyval(step, "after")->key_pos, 14, 1, "key after multi-line string");
        CHECK_STR_EQ(toml_get(step, "cmd")->u.string.ptr, "multi\nline");
    }
    toml_free(root);
}

static void implicit_table_takes_position_of_its_header(void) {
    toml_value *root = parse_ok("[a.b]\nx = 1\n\n[a]\ny = 2\n");
    if (!root)
        return;
    const toml_keyval *a = toml_get_keyval(root, "a");
    if (CHECK(a)) {
        check_pos(a->key_pos, 4, 2, "key of [a]");
        check_pos(a->value->pos, 4, 1, "table [a]");
        CHECK_INT_EQ(a->value->u.table.count, 2);
    }
    toml_free(root);
}

static void tables_keep_document_order(void) {
    toml_value *root = parse_ok("zeta = 1\nalpha = 2\nmid.b = 3\nmid.a = 4\n"
                                "[later]\n[early]\n[later2]\nz = 1\ny = 2\nx = { c = 1, b = 2 }\n");
    if (!root)
        return;
    const char *expected[] = {"zeta", "alpha", "mid", "later", "early", "later2"};
    if (CHECK_INT_EQ(root->u.table.count, 6))
        for (size_t i = 0; i < 6; i++)
            CHECK_STR_EQ(root->u.table.items[i].key, expected[i]);
    const toml_value *mid = toml_get(root, "mid");
    CHECK_STR_EQ(mid->u.table.items[0].key, "b");
    CHECK_STR_EQ(mid->u.table.items[1].key, "a");
    const toml_value *later2 = toml_get(root, "later2");
    CHECK_STR_EQ(later2->u.table.items[0].key, "z");
    CHECK_STR_EQ(later2->u.table.items[2].key, "x");
    CHECK_STR_EQ(toml_get(later2, "x")->u.table.items[0].key, "c");
    toml_free(root);
}

static void decodes_scalars(void) {
    toml_value *root = parse_ok(
        "dec = -9_223_372_036_854_775_808\nmax = 9223372036854775807\nhex = 0xDEAD_beef\n"
        "oct = 0o755\nbin = 0b1010\nzero = -0\n"
        "f1 = 6.626e-34\nf2 = -1_000.5\nf3 = -inf\nf4 = +nan\nf5 = 1E2\n"
        "t = true\nf = false\n"
        "odt = 1979-05-27t07:32:00.123456789123-07:30\nldt = 2000-02-29 23:59:60\n"
        "ld = 2024-02-29\nlt = 00:00:00.5\nz = 1979-05-27T00:32:00z\n"
        "s = \"tab\\there \\u00e9\\U0001F600 \\\\ \\\"\"\n"
        "lit = 'C:\\path\\'\n"
        "ml = \"\"\"\\\n   trimmed \\\n\n   too\"\"\"\n"
        "ml2 = '''\n'quotes' \"\"'''''\n"
        "crlf = \"\"\"a\r\nb\"\"\"\n"
        "nul = \"a\\u0000b\"\n");
    if (!root)
        return;
    CHECK_INT_EQ(at(root, "dec")->u.integer, INT64_MIN);
    CHECK_INT_EQ(at(root, "max")->u.integer, INT64_MAX);
    CHECK_INT_EQ(at(root, "hex")->u.integer, 0xdeadbeef);
    CHECK_INT_EQ(at(root, "oct")->u.integer, 0755);
    CHECK_INT_EQ(at(root, "bin")->u.integer, 10);
    CHECK_INT_EQ(at(root, "zero")->u.integer, 0);
    CHECK(at(root, "f1")->type == TOML_FLOAT && at(root, "f1")->u.floating == 6.626e-34);
    CHECK(at(root, "f2")->u.floating == -1000.5);
    CHECK(isinf(at(root, "f3")->u.floating) && at(root, "f3")->u.floating < 0);
    CHECK(isnan(at(root, "f4")->u.floating));
    CHECK(at(root, "f5")->type == TOML_FLOAT && at(root, "f5")->u.floating == 100.0);
    CHECK(at(root, "t")->type == TOML_BOOLEAN && at(root, "t")->u.boolean);
    CHECK(!at(root, "f")->u.boolean);

    const toml_value *odt = at(root, "odt");
    CHECK(odt->type == TOML_OFFSET_DATETIME);
    CHECK_INT_EQ(odt->u.datetime.year, 1979);
    CHECK_INT_EQ(odt->u.datetime.minute, 32);
    CHECK_INT_EQ(odt->u.datetime.nanosecond, 123456789);
    CHECK_INT_EQ(odt->u.datetime.fraction_digits, 12);
    CHECK_INT_EQ(odt->u.datetime.offset_minutes, -450);
    const toml_value *ldt = at(root, "ldt");
    CHECK(ldt->type == TOML_LOCAL_DATETIME);
    CHECK_INT_EQ(ldt->u.datetime.second, 60);
    CHECK(at(root, "ld")->type == TOML_LOCAL_DATE);
    CHECK_INT_EQ(at(root, "ld")->u.datetime.day, 29);
    CHECK(at(root, "lt")->type == TOML_LOCAL_TIME);
    CHECK_INT_EQ(at(root, "lt")->u.datetime.nanosecond, 500000000);
    CHECK_INT_EQ(at(root, "lt")->u.datetime.fraction_digits, 1);
    CHECK(at(root, "z")->type == TOML_OFFSET_DATETIME);
    CHECK_INT_EQ(at(root, "z")->u.datetime.offset_minutes, 0);

    CHECK_STR_EQ(at(root, "s")->u.string.ptr, "tab\there \xc3\xa9\xf0\x9f\x98\x80 \\ \"");
    CHECK_STR_EQ(at(root, "lit")->u.string.ptr, "C:\\path\\");
    CHECK_STR_EQ(at(root, "ml")->u.string.ptr, "trimmed too");
    CHECK_STR_EQ(at(root, "ml2")->u.string.ptr, "'quotes' \"\"''");
    CHECK_STR_EQ(at(root, "crlf")->u.string.ptr, "a\nb");
    const toml_value *nul = at(root, "nul");
    CHECK_INT_EQ(nul->u.string.len, 3);
    CHECK_MEM_EQ(nul->u.string.ptr, "a\0b", 4);
    toml_free(root);
}

typedef struct error_case {
    const char *text;
    unsigned line, column;
    const char *message; /* a part of the expected message */
} error_case;

static void check_errors(const error_case *cases, size_t count) {
    for (size_t i = 0; i < count; i++) {
        mh_error err;
        toml_value *root = parse(cases[i].text, &err);
        char got[2048];
        if (root) {
            snprintf(got, sizeof got, "parsed: %s", cases[i].text);
            CHECK_STR_EQ(got, "an error");
            toml_free(root);
            continue;
        }
        mh_error_format(&err, got, sizeof got);
        char want[512];
        snprintf(want, sizeof want, "test.toml:%u:%u: ", cases[i].line, cases[i].column);
        if (strncmp(got, want, strlen(want)) != 0 || !strstr(got, cases[i].message)) {
            snprintf(want + strlen(want), sizeof want - strlen(want), "...%s...",
                     cases[i].message);
            CHECK_STR_EQ(got, want);
        }
    }
}

static void syntax_errors_point_at_the_offending_character(void) {
    static const error_case cases[] = {
        {"a = 1\nb = \n", 2, 5, "expected a value"},
        {"a = 1 2\n", 1, 7, "expected a newline or a comment after the value"},
        {"a = \"abc\n", 1, 9, "unterminated string (opened at 1:5)"},
        {"a = \"x\\qy\"\n", 1, 8, "invalid escape sequence"},
        {"a = \"\\uD800\"\n", 1, 6, "not a Unicode scalar value"},
        {"a = \"\\U00110000\"\n", 1, 6, "not a Unicode scalar value"},
        {"a = \"\\u12\"\n", 1, 10, "expected 4 hexadecimal digits"},
        {"a = \"x\ty\x01\"\n", 1, 9, "control characters must be escaped"},
        {"a = 'x\x7f'\n", 1, 7, "control characters are not allowed"},
        {"# ok\n# bad \x7f\n", 2, 7, "control characters are not allowed in comments"},
        {"a = 1\rb = 2\n", 1, 6, "carriage return"},
        {"a = \"\xc3\xa9\xff\"\n", 1, 7, "invalid UTF-8"},
        {"a = \"\xed\xa0\x80\"\n", 1, 6, "invalid UTF-8"},
        {"a = \"\xc0\xaf\"\n", 1, 6, "invalid UTF-8"},
        {"a = 01\n", 1, 6, "leading zeros"},
        {"a = 1__0\n", 1, 6, "between two digits"},
        {"a = 1_\n", 1, 6, "between two digits"},
        {"a = 9223372036854775808\n", 1, 5, "does not fit in 64 bits"},
        {"a = -9223372036854775809\n", 1, 5, "does not fit in 64 bits"},
        {"a = 0x8000000000000000\n", 1, 5, "does not fit in 64 bits"},
        {"a = -0x1\n", 1, 5, "sign is not allowed"},
        {"a = 0o8\n", 1, 7, "expected an octal digit"},
        {"a = 1.\n", 1, 7, "expected a digit after the decimal point"},
        {"a = .5\n", 1, 5, "expected a value"},
        {"a = 1e\n", 1, 7, "expected a digit in the exponent"},
        {"a = 1e400\n", 1, 5, "too large"},
        {"a = Inf\n", 1, 5, "expected a value"},
        {"a = truex\n", 1, 9, "after the value"},
        {"a = truth\n", 1, 5, "expected a value ('true'?)"},
        {"a = 2023-02-29\n", 1, 13, "day 29 is out of range for 2023-02"},
        {"a = 1900-02-29\n", 1, 13, "out of range"},
        {"a = 2023-13-01\n", 1, 10, "month 13 is out of range"},
        {"a = 2023-01-01T24:00:00\n", 1, 16, "hour 24"},
        {"a = 2023-01-01T23:60:00\n", 1, 19, "minute 60"},
        {"a = 2023-01-01T23:59:61\n", 1, 22, "second 61"},
        {"a = 2023-01-01T23:59\n", 1, 21, "seconds are required"},
        {"a = 12:00:00.\n", 1, 14, "expected digits after the decimal point"},
        {"a = 2023-01-01T00:00:00+24:00\n", 1, 25, "offset hour 24"},
        {"a = 2023-01-01T00:00:00+01\n", 1, 27, "expected ':' in the time offset"},
        {"a = [1 2]\n", 1, 8, "expected ',' or ']' in the array opened at 1:5"},
        {"a = [1,,2]\n", 1, 8, "expected a value"},
        {"a = [1,\n", 2, 1, "found end of input"},
        {"a = {b = 1,}\n", 1, 12, "trailing comma"},
        {"a = {b = 1\n}\n", 1, 11, "inline tables are on one line"},
        {"a = {\n}\n", 1, 6, "expected a key"},
        {"= 1\n", 1, 1, "expected a key"},
        {"a.\n", 1, 3, "expected a key after '.'"},
        {"a b = 1\n", 1, 3, "expected '=' after the key"},
        {"\"\"\"k\"\"\" = 1\n", 1, 1, "multi-line strings cannot be keys"},
        {"[a\n", 1, 3, "expected ']'"},
        {"[[a]\n", 1, 5, "expected ']]'"},
        {"[a] b = 1\n", 1, 5, "expected a newline after [...]"},
        {"a = \"\"\"x\"\"\"\"\"\"\n", 1, 14, "too many quotes"},
        {"\xef\xbb\xbf" "a = \n", 1, 5, "expected a value"},
    };
    check_errors(cases, MH_COUNT(cases));
}

static void redefinitions_are_errors(void) {
    static const error_case cases[] = {
        {"a = 1\na = 2\n", 2, 1, "duplicate key a (first defined at 1:1)"},
        {"a = 1\n\"a\" = 2\n", 2, 1, "duplicate key a"},
        {"[t]\nx = 1\n[t]\n", 3, 2, "table [t] is defined twice (first at 1:2)"},
        {"[t.u]\n[t]\n[t]\n", 3, 2, "defined twice"},
        {"a.b = 1\n[a]\n", 2, 2, "already defined by dotted keys (at 1:1)"},
        {"a.b.c = 1\n[a.b]\n", 2, 4, "already defined by dotted keys"},
        {"a = {}\n[a]\n", 2, 2, "already defined as an inline table"},
        {"a = {x = 1}\na.y = 2\n", 2, 1, "cannot add to inline table a"},
        {"a = {x = {y = 1}}\n[a.x.z]\n", 2, 2, "cannot add to inline table a"},
        {"a = {x.y = 1, x = 2}\n", 1, 15, "duplicate key x"},
        {"a = {x = {}, x.y = 2}\n", 1, 14, "cannot add to inline table x"},
        {"a = 1\na.b = 2\n", 2, 1, "key a is already defined as an integer (at 1:1)"},
        {"a = 1\n[a.b]\n", 2, 2, "already defined as an integer"},
        {"a = \"s\"\n[a]\n", 2, 2, "already defined as a string"},
        {"a = []\n[[a]]\n", 2, 3, "it is an array value (defined at 1:1)"},
        {"a = [{}]\n[a.b]\n", 2, 2, "it is an array value"},
        {"[a]\n[[a]]\n", 2, 3, "cannot define [[a]]: it is already a table"},
        {"[[a]]\n[a]\n", 2, 2, "it is an array of tables"},
        {"[a.b.c]\n[a]\nb.c.d = 1\n", 3, 1, "cannot add to table b with a dotted key"},
        {"[[a.b]]\n[a]\nb.x = 1\n", 3, 1, "cannot add to b: it is an array value"},
        {"[a]\nb.c = 1\n[a.b]\n", 3, 4, "table [a.b] is already defined by dotted keys"},
        {"[a]\nb = 1\n[a]\nc = 2\n", 3, 2, "defined twice"},
        {"[\"a b\".c]\nd = 1\n[\"a b\".c]\n", 3, 8, "table [\"a b\".c] is defined twice"},
    };
    check_errors(cases, MH_COUNT(cases));
}

static void allowed_extensions_parse(void) {
    /* Each of these reopens or extends a table in a way TOML 1.0 allows. */
    static const char *const cases[] = {
        "[a.b]\nx = 1\n[a]\ny = 2\n",                /* super-table defined after */
        "[fruit]\napple.color = 1\n[fruit.apple.texture]\nsmooth = true\n",
        "[[a]]\nb.c = 1\n[[a]]\nb.c = 2\n",           /* dotted keys in each element */
        "[[a.b]]\n[[a.b]]\n[a]\nx = 1\n",             /* array of tables, then its parent */
        "[[a]]\n[a.b]\n[[a]]\n[a.b]\n",               /* sub-table per element */
        "a.b.c = 1\na.b.d = 2\na.e = 3\n",
        "a = {b.c = 1, b.d = 2}\n",
    };
    for (size_t i = 0; i < MH_COUNT(cases); i++)
        toml_free(parse_ok(cases[i]));
    toml_value *root = parse_ok("[[a]]\nx = 1\n[[a]]\nx = 2\n[a.sub]\ny = 3\n");
    const toml_value *a = toml_get(root, "a");
    if (CHECK(a && a->type == TOML_ARRAY && a->u.array.count == 2)) {
        CHECK_INT_EQ(toml_get(a->u.array.items[1], "x")->u.integer, 2);
        CHECK_INT_EQ(at(a->u.array.items[1], "sub.y")->u.integer, 3);
        CHECK(toml_get(a->u.array.items[0], "sub") == NULL);
    }
    toml_free(root);
}

/* Writes key = "string" with the writer and parses it back. */
static void check_round_trip(const char *key, size_t key_len, const char *s, size_t len) {
    mh_strbuf doc = MH_STRBUF_INIT;
    toml_write_key(&doc, key, key_len);
    mh_strbuf_puts(&doc, " = ");
    toml_write_string(&doc, s, len);
    mh_strbuf_putc(&doc, '\n');
    mh_error err;
    toml_value *root = parse_len(doc.data, doc.len, &err);
    if (!CHECK(root)) {
        printf("    document: %s    error: %s\n", doc.data, err.message);
    } else if (CHECK_INT_EQ(root->u.table.count, 1)) {
        const toml_keyval *kv = &root->u.table.items[0];
        if (CHECK_INT_EQ(kv->key_len, key_len))
            CHECK_MEM_EQ(kv->key, key, key_len);
        if (CHECK(kv->value->type == TOML_STRING) && CHECK_INT_EQ(kv->value->u.string.len, len))
            CHECK_MEM_EQ(kv->value->u.string.ptr, s, len);
    }
    toml_free(root);
    mh_strbuf_free(&doc);
}

static void writer_round_trips(void) {
    char every_control[40];
    size_t n = 0;
    for (int c = 0; c < 0x20; c++)
        every_control[n++] = (char)c;
    every_control[n++] = 0x7f;
    every_control[n++] = '"';
    every_control[n++] = '\\';
    every_control[n++] = '\'';
    check_round_trip("plain-key_1", 11, every_control, n);
    check_round_trip("a b", 3, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 14);
    check_round_trip("k\0ey", 4, "", 0);
    check_round_trip("", 0, "\"\"\"", 3);
    check_round_trip("\xc3\xa9t\xc3\xa9", 6, "'''", 3);
    check_round_trip("a.b", 3, "#not a comment", 14);

    mh_strbuf sb = MH_STRBUF_INIT;
    toml_write_key(&sb, "bare-Key_09", 11);
    mh_strbuf_putc(&sb, ' ');
    toml_write_key(&sb, "has.dot", 7);
    mh_strbuf_putc(&sb, ' ');
    toml_write_string(&sb, "tab\there\x01", 9);
    CHECK_STR_EQ(sb.data, "bare-Key_09 \"has.dot\" \"tab\\there\\u0001\"");
    mh_strbuf_truncate(&sb, 0);
    /* Bytes that are not UTF-8 cannot be TOML: they become U+FFFD and the output stays valid. */
    toml_write_string(&sb, "a\xff" "b", 3);
    CHECK_STR_EQ(sb.data, "\"a\\uFFFDb\"");
    mh_strbuf_free(&sb);
}

static void lookups_and_type_names(void) {
    toml_value *root = parse_ok("a = 1\n[t]\nb = 'x'\n");
    if (!root)
        return;
    CHECK(toml_get(root, "missing") == NULL);
    CHECK(toml_get(toml_get(root, "a"), "b") == NULL); /* not a table */
    CHECK(toml_get(NULL, "a") == NULL);
    CHECK_STR_EQ(toml_get(toml_get(root, "t"), "b")->u.string.ptr, "x");
    CHECK_STR_EQ(toml_type_name(TOML_OFFSET_DATETIME), "offset date-time");
    CHECK_STR_EQ(toml_type_name(TOML_LOCAL_TIME), "local time");
    CHECK_STR_EQ(toml_type_name(toml_get(root, "t")->type), "table");
    toml_free(root);
}

static void empty_and_bom_documents(void) {
    mh_error err;
    toml_value *root = parse_len("", 0, &err);
    if (CHECK(root))
        CHECK_INT_EQ(root->u.table.count, 0);
    toml_free(root);
    root = parse_ok("\xef\xbb\xbfk = 1");
    if (CHECK(root))
        check_pos(toml_get_keyval(root, "k")->key_pos, 1, 1, "key after a byte order mark");
    toml_free(root);
    /* The length bounds the text: what follows it is not read. */
    root = parse_len("a = 1\nb = ", 6, &err);
    if (CHECK(root))
        CHECK_INT_EQ(root->u.table.count, 1);
    toml_free(root);
}

static void nesting_is_limited(void) {
    mh_strbuf doc = MH_STRBUF_INIT;
    mh_error err;
    /* 128 levels of arrays are fine, 129 are not. */
    for (int depth = 128; depth <= 129; depth++) {
        mh_strbuf_truncate(&doc, 0);
        mh_strbuf_puts(&doc, "a = ");
        for (int i = 0; i < depth; i++)
            mh_strbuf_putc(&doc, '[');
        for (int i = 0; i < depth; i++)
            mh_strbuf_putc(&doc, ']');
        toml_value *root = parse_len(doc.data, doc.len, &err);
        if (depth == 128) {
            CHECK(root);
        } else if (CHECK(!root)) {
            CHECK(strstr(err.message, "nested more than 128 deep"));
            CHECK_INT_EQ(err.column, 4 + 129);
        }
        toml_free(root);
    }
    /* A million open brackets or braces must fail cleanly, not exhaust the stack. */
    for (int brace = 0; brace < 2; brace++) {
        mh_strbuf_truncate(&doc, 0);
        mh_strbuf_puts(&doc, "a = ");
        for (int i = 0; i < 1000000; i++)
            mh_strbuf_puts(&doc, brace ? "{b=" : "[");
        toml_value *root = parse_len(doc.data, doc.len, &err);
        CHECK(!root && strstr(err.message, "nested more than 128 deep"));
    }
    /* Dotted keys and headers count too. */
    mh_strbuf_truncate(&doc, 0);
    mh_strbuf_putc(&doc, '[');
    for (int i = 0; i < 200; i++)
        mh_strbuf_puts(&doc, i ? ".k" : "k");
    mh_strbuf_puts(&doc, "]\n");
    toml_value *root = parse_len(doc.data, doc.len, &err);
    CHECK(!root && strstr(err.message, "at most 128 parts"));
    mh_strbuf_truncate(&doc, 0);
    for (int i = 0; i < 100; i++)
        mh_strbuf_puts(&doc, "k.");
    mh_strbuf_puts(&doc, "x = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n");
    root = parse_len(doc.data, doc.len, &err);
    CHECK(!root && strstr(err.message, "nested more than 128 deep"));
    mh_strbuf_free(&doc);
}

static void large_tables_parse(void) {
    enum { KEYS = 20000 };
    mh_strbuf doc = MH_STRBUF_INIT;
    for (int i = 0; i < KEYS; i++)
        mh_strbuf_printf(&doc, "key%d = %d\n", i, i);
    for (int i = 0; i < KEYS; i++)
        mh_strbuf_printf(&doc, "[t%d]\nv = %d\n", i, i);
    for (int i = 0; i < KEYS; i++)
        mh_strbuf_puts(&doc, "[[many]]\nx = 1\n");
    mh_error err;
    toml_value *root = parse_len(doc.data, doc.len, &err);
    if (CHECK(root)) {
        CHECK_INT_EQ(root->u.table.count, 2 * KEYS + 1);
        CHECK_INT_EQ(toml_get(root, "key19999")->u.integer, 19999);
        CHECK_INT_EQ(at(root, "t12345.v")->u.integer, 12345);
        CHECK_INT_EQ(toml_get(root, "many")->u.array.count, KEYS);
        CHECK_STR_EQ(root->u.table.items[KEYS].key, "t0");
    }
    toml_free(root);
    /* A duplicate at the end of a big table is still found. */
    mh_strbuf_truncate(&doc, 0);
    for (int i = 0; i < KEYS; i++)
        mh_strbuf_printf(&doc, "key%d = %d\n", i, i);
    mh_strbuf_puts(&doc, "key777 = 1\n");
    root = parse_len(doc.data, doc.len, &err);
    CHECK(!root && err.line == KEYS + 1 && strstr(err.message, "first defined at 778:1"));
    mh_strbuf_free(&doc);
}

static const mh_test TESTS[] = {
    MH_TEST(positions_of_values_and_keys),
    MH_TEST(implicit_table_takes_position_of_its_header),
    MH_TEST(tables_keep_document_order),
    MH_TEST(decodes_scalars),
    MH_TEST(syntax_errors_point_at_the_offending_character),
    MH_TEST(redefinitions_are_errors),
    MH_TEST(allowed_extensions_parse),
    MH_TEST(writer_round_trips),
    MH_TEST(lookups_and_type_names),
    MH_TEST(empty_and_bom_documents),
    MH_TEST(nesting_is_limited),
    MH_TEST(large_tables_parse),
};

int main(int argc, char **argv) {
    return mh_test_run(TESTS, MH_COUNT(TESTS), argc, argv);
}
