/* Unit tests of what becomes of a task's output: the log filter (escapes removed, redrawn
 * lines kept as last drawn, any chunking) and the pseudo-terminal the output goes through. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/strbuf.h"
#include "cook/log_filter.h"
#include "cook/output_channel.h"
#include "testing/testing.h"

/* The filtered text of input fed in chunks of chunk bytes (0: all at once), then finished. */
static char *filtered(const char *input, size_t len, size_t chunk) {
    cook_log_filter f;
    cook_log_filter_init(&f);
    mh_strbuf out = MH_STRBUF_INIT;
    for (size_t at = 0; at < len;) {
        size_t n = chunk && len - at > chunk ? chunk : len - at;
        cook_log_filter_feed(&f, input + at, n, &out);
        at += n;
    }
    cook_log_filter_finish(&f, &out);
    cook_log_filter_free(&f);
    char *text = mh_xstrdup(mh_strbuf_str(&out));
    mh_strbuf_free(&out);
    return text;
}

static void escapes_go_and_redrawn_lines_keep_their_last_state(void) {
    static const struct {
        const char *input, *expected;
    } CASES[] = {
        {"plain\nlines\n", "plain\nlines\n"},
        {"\033[1;31mred\033[0m and \033[38;5;208morange\033[m\n", "red and orange\n"},
        {"10%\r20%\r100%\n", "100%\n"},
        /* Without an erase, shorter text leaves the rest, as on a terminal. */
        {"downloading 100%\rdone\n", "doneloading 100%\n"},
        {"downloading 100%\r\033[Kdone\n", "done\n"},
        {"[1/2] CC a.o\r\033[K[2/2] LINK prog\n", "[2/2] LINK prog\n"},
        {"\033[2K\rstep 1\033[2K\rstep 2\n", "step 2\n"},
        {"windows\r\nline\r\n", "windows\nline\n"},
        {"ab\bc\n", "ac\n"},
        {"abc\033[2Gx\n", "axc\n"},
        {"abcdef\033[3G\033[1Kx\n", "  xdef\n"},
        {"a\tb\n", "a\tb\n"},
        {"\033]0;window title\007text\n", "text\n"},
        {"\033]8;;https://example.org\033\\link\033]8;;\033\\\n", "link\n"},
        {"\033P1$r0m\033\\dcs gone\n", "dcs gone\n"},
        {"\033(Bcharset\033=\033>\n", "charset\n"},
        {"\033]0;never ended\nnext\n", "\nnext\n"},
        {"caf\xc3\xa9 \xe2\x9c\x93\n", "caf\xc3\xa9 \xe2\x9c\x93\n"},
        {"bell\007 and del\177\n", "bell and del\n"},
        {"unfinished", "unfinished\n"},
        {"", ""},
    };
    for (size_t i = 0; i < MH_COUNT(CASES); i++) {
        for (size_t chunk = 0; chunk < 4; chunk++) {
            char *got = filtered(CASES[i].input, strlen(CASES[i].input), chunk);
            if (!CHECK_STR_EQ(got, CASES[i].expected))
                printf("    case %zu, chunks of %zu\n", i, chunk);
            free(got);
        }
    }
    /* NUL bytes are control bytes too. */
    char *got = filtered("a\0b\n", 4, 0);
    CHECK_STR_EQ(got, "ab\n");
    free(got);
}

static void endless_lines_are_cut(void) {
    size_t len = (1u << 20) + 10;
    char *input = malloc(len);
    memset(input, 'x', len);
    char *got = filtered(input, len, 4096);
    char *nl = strchr(got, '\n');
    CHECK(nl && (size_t)(nl - got) == 1u << 20);
    CHECK_INT_EQ(strlen(got), len + 2);
    free(got);
    free(input);
}

static void output_channel_is_a_terminal_without_cr(void) {
    cook_output_channel c;
    mh_error err;
    mh_error_clear(&err);
    if (!CHECK_INT_EQ(cook_output_open(&c, &err), 0))
        return;
    if (!c.terminal)
        printf("    (no pseudo-terminals here: a pipe is used)\n");
    CHECK_INT_EQ(isatty(c.write_fd), c.terminal ? 1 : 0);
    CHECK(write(c.write_fd, "one\ntwo\n", 8) == 8);
    close(c.write_fd);
    mh_strbuf got = MH_STRBUF_INIT;
    for (;;) {
        struct pollfd p = {c.read_fd, POLLIN, 0};
        if (poll(&p, 1, 2000) <= 0)
            break;
        char buf[256];
        ssize_t n = read(c.read_fd, buf, sizeof buf);
        if (n > 0)
            mh_strbuf_append(&got, buf, (size_t)n);
        else if (n == 0 || errno != EAGAIN)
            break; /* end of file, or EIO once the terminal has no other side */
    }
    CHECK_STR_EQ(mh_strbuf_str(&got), "one\ntwo\n");
    mh_strbuf_free(&got);
    close(c.read_fd);
}

static const mh_test TESTS[] = {
    MH_TEST(escapes_go_and_redrawn_lines_keep_their_last_state),
    MH_TEST(endless_lines_are_cut),
    MH_TEST(output_channel_is_a_terminal_without_cr),
};

int main(int argc, char **argv) {
    return mh_test_run(TESTS, MH_COUNT(TESTS), argc, argv);
}
