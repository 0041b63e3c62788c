/* toml-decode: reads a TOML document on stdin and writes its toml-test JSON encoding on stdout.
 * Exit status: 0 on success, 1 if the input is not valid TOML (the error, as
 * "<stdin>:line:col: message", goes to stderr), 2 if stdin or stdout fail. */
#include <stdio.h>
#include <stdlib.h>

#include "base/error.h"
#include "base/files.h"
#include "base/strbuf.h"
#include "json.h"
#include "toml/toml.h"

int main(int argc, char **argv) {
    (void)argv;
    if (argc != 1) {
        fprintf(stderr, "usage: toml-decode < input.toml > output.json\n");
        return 2;
    }
    mh_error err;
    mh_error_clear(&err);
    char *text;
    size_t len;
    if (mh_read_file("/dev/stdin", &text, &len, &err) != 0) {
        mh_error_print("toml-decode", &err);
        return 2;
    }
    toml_value *root = toml_parse(text, len, "<stdin>", &err);
    free(text);
    if (!root) {
        mh_error_print(NULL, &err);
        return 1;
    }
    mh_strbuf json = MH_STRBUF_INIT;
    toml_test_json(&json, root);
    toml_free(root);
    /* The whole encoding is built first, so a failure never leaves half a document behind. */
    size_t written = fwrite(json.data, 1, json.len, stdout);
    int failed = written != json.len || fflush(stdout) != 0;
    mh_strbuf_free(&json);
    if (failed) {
        perror("toml-decode: cannot write to stdout");
        return 2;
    }
    return 0;
}
