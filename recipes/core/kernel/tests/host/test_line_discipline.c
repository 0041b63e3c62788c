/* lib/line_discipline.c: canonical editing, echo, signal characters, EOF, translations. */
#include <string.h>

#include "lib/line_discipline.h"
#include "testing/testing.h"

/* What the discipline echoed or wrote, as one string. */
struct screen {
    char text[8192];
    size_t length;
};

static void capture(void *context, const char *bytes, size_t length)
{
    struct screen *screen = context;
    memcpy(screen->text + screen->length, bytes, length);
    screen->length += length;
    screen->text[screen->length] = '\0';
}

static struct line_discipline ld;
static struct screen screen;

static void start(void)
{
    memset(&screen, 0, sizeof screen);
    ld_init(&ld, capture, &screen);
}

/* Types text; returns the last signal a character asked for. */
static int type(const char *text)
{
    int signal = 0;
    for (; *text != '\0'; text++) {
        int raised = ld_receive(&ld, (uint8_t)*text);
        if (raised != 0)
            signal = raised;
    }
    return signal;
}

/* One read of up to length bytes, as a string. */
static const char *take(size_t length)
{
    static char buffer[LD_QUEUE_SIZE + 1];
    size_t count = ld_take(&ld, buffer, length);
    buffer[count] = '\0';
    return buffer;
}

static void canonical_input_is_readable_only_after_the_line_ends(void)
{
    start();
    type("hello");
    CHECK(!ld_readable(&ld));
    CHECK_STR_EQ(screen.text, "hello");
    type("\r");
    CHECK(ld_readable(&ld));
    CHECK_STR_EQ(screen.text, "hello\r\n");
    CHECK_STR_EQ(take(100), "hello\n");
    CHECK(!ld_readable(&ld));
}

static void a_read_returns_at_most_one_line(void)
{
    start();
    type("one\ntwo\n");
    CHECK_STR_EQ(take(100), "one\n");
    CHECK_STR_EQ(take(2), "tw");
    CHECK_STR_EQ(take(100), "o\n");
}

static void erase_removes_the_last_character_on_screen_too(void)
{
    start();
    type("cax\x7f");
    CHECK_STR_EQ(screen.text, "cax\b \b");
    type("t\b\b");
    type("at\r");
    CHECK_STR_EQ(take(100), "cat\n");
    /* An erase on an empty line does nothing. */
    type("\x7f" "x\n");
    CHECK_STR_EQ(take(100), "x\n");
}

static void kill_and_word_erase(void)
{
    start();
    type("rm -rf /\x15ls -l\x17-a\n");
    CHECK_STR_EQ(take(100), "ls -a\n");
}

static void kill_without_echoe_echoes_the_kill_character_and_a_newline(void)
{
    start();
    ld.termios.c_lflag &= ~MH_ECHOE;
    type("abc\x15");
    CHECK_STR_EQ(screen.text, "abc^U\r\n");
}

static void eof_at_line_start_is_an_empty_read(void)
{
    start();
    type("\x04");
    CHECK(ld_readable(&ld));
    CHECK_STR_EQ(take(100), "");
    CHECK(!ld_readable(&ld));
    type("abc\x04");
    CHECK_STR_EQ(take(100), "abc");
    CHECK(!ld_readable(&ld));
}

static void interrupt_and_quit_characters_raise_signals_and_flush(void)
{
    start();
    CHECK_INT_EQ(type("partial\x03"), MH_SIGINT);
    CHECK_STR_EQ(screen.text, "partial^C");
    type("\n");
    CHECK_STR_EQ(take(100), "\n");
    CHECK_INT_EQ(type("\x1c"), MH_SIGQUIT);
    CHECK_INT_EQ(type("\x1a"), MH_SIGTSTP);
    ld.termios.c_lflag &= ~MH_ISIG;
    CHECK_INT_EQ(type("\x03\n"), 0);
    CHECK_STR_EQ(take(100), "\x03\n");
}

static void echo_off_hides_the_password_but_keeps_the_line(void)
{
    start();
    ld.termios.c_lflag &= ~MH_ECHO;
    type("secret\r");
    CHECK_STR_EQ(screen.text, "");
    CHECK_STR_EQ(take(100), "secret\n");
    ld.termios.c_lflag |= MH_ECHONL;
    type("x\r");
    CHECK_STR_EQ(screen.text, "\r\n");
}

static void non_canonical_input_is_readable_at_once(void)
{
    start();
    struct mh_termios raw = ld.termios;
    raw.c_lflag &= ~(MH_ICANON | MH_ECHO);
    raw.c_iflag &= ~MH_ICRNL;
    type("ab");
    ld_set_termios(&ld, &raw); /* the half-typed line becomes input */
    type("\x7f\r");
    CHECK_INT_EQ(ld_pending(&ld), 4);
    CHECK_STR_EQ(take(100), "ab\x7f\r");
    CHECK_STR_EQ(screen.text, "ab");
}

static void output_translation_follows_oflag(void)
{
    start();
    ld_output(&ld, "a\nb\n", 4);
    CHECK_STR_EQ(screen.text, "a\r\nb\r\n");
    ld.termios.c_oflag &= ~MH_OPOST;
    ld_output(&ld, "c\n", 2);
    CHECK_STR_EQ(screen.text, "a\r\nb\r\nc\n");
}

static void flushing_discards_typed_input(void)
{
    start();
    type("old\npartial");
    ld_flush_input(&ld);
    type("new\n");
    CHECK_STR_EQ(take(100), "new\n");
}

static const mh_test TESTS[] = {
    MH_TEST(canonical_input_is_readable_only_after_the_line_ends),
    MH_TEST(a_read_returns_at_most_one_line),
    MH_TEST(erase_removes_the_last_character_on_screen_too),
    MH_TEST(kill_and_word_erase),
    MH_TEST(kill_without_echoe_echoes_the_kill_character_and_a_newline),
    MH_TEST(eof_at_line_start_is_an_empty_read),
    MH_TEST(interrupt_and_quit_characters_raise_signals_and_flush),
    MH_TEST(echo_off_hides_the_password_but_keeps_the_line),
    MH_TEST(non_canonical_input_is_readable_at_once),
    MH_TEST(output_translation_follows_oflag),
    MH_TEST(flushing_discards_typed_input),
};

int main(int argc, char **argv)
{
    return mh_test_run(TESTS, MH_COUNT(TESTS), argc, argv);
}
