/* format.c against the C library's snprintf for everything both support, plus the behaviour
 * that is ours alone (%p width, unknown conversions, truncation). */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lib/format.h"
#include "testing/testing.h"

#define SAME_AS_LIBC(...)                                                             \
    do {                                                                              \
        char ours[256], theirs[256];                                                  \
        size_t our_length = format_buffer(ours, sizeof ours, __VA_ARGS__);            \
        int their_length = snprintf(theirs, sizeof theirs, __VA_ARGS__);              \
        CHECK_STR_EQ(ours, theirs);                                                   \
        CHECK_INT_EQ(our_length, their_length);                                       \
    } while (0)

static void integers_match_libc(void)
{
    SAME_AS_LIBC("%d %d %d", 0, 42, -42);
    SAME_AS_LIBC("%d|%i", INT_MIN, INT_MAX);
    SAME_AS_LIBC("%u %u", 0u, UINT_MAX);
    SAME_AS_LIBC("%x %X %x", 0xdeadbeefu, 0xdeadbeefu, 0u);
    SAME_AS_LIBC("%lx %ld", 0xfedcba9876543210ul, LONG_MIN);
    SAME_AS_LIBC("%llu %lld", ULLONG_MAX, LLONG_MIN);
    SAME_AS_LIBC("%zu %zx", (size_t)SIZE_MAX, (size_t)4096);
    SAME_AS_LIBC("%hhd %hhu %hd %hu", -1, 300, -2, 70000);
}

static void widths_and_flags_match_libc(void)
{
    SAME_AS_LIBC("[%5d][%-5d][%05d]", 42, 42, 42);
    SAME_AS_LIBC("[%05d][%-6d]", -42, -42);
    SAME_AS_LIBC("[%08x][%2x]", 0xabcu, 0xabcdu);
    SAME_AS_LIBC("[%*d][%-*d][%*d]", 6, 7, 6, 7, -6, 7);
    SAME_AS_LIBC("[%016llx]", 0x1234ull);
}

static void strings_and_characters_match_libc(void)
{
    SAME_AS_LIBC("%s and %s", "text", "");
    SAME_AS_LIBC("[%8s][%-8s][%.3s][%.*s]", "abc", "abc", "abcdef", 2, "xyz");
    SAME_AS_LIBC("%c%c%c", 'a', 'b', 'c');
    SAME_AS_LIBC("100%% sure");
    SAME_AS_LIBC("no conversions at all");
}

/* Deliberately without a format attribute: the compiler would reject the bad directives. */
static size_t format_unchecked(char *buffer, size_t size, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    size_t length = format_buffer_va(buffer, size, format, args);
    va_end(args);
    return length;
}

static void null_string_prints_null(void)
{
    char buffer[32];
    const char *missing = NULL;
    format_unchecked(buffer, sizeof buffer, "[%s]", missing);
    CHECK_STR_EQ(buffer, "[(null)]");
}

static void pointers_have_sixteen_digits(void)
{
    char buffer[64];
    format_buffer(buffer, sizeof buffer, "%p %p", (void *)0x1000, (void *)UINTPTR_MAX);
    CHECK_STR_EQ(buffer, "0x0000000000001000 0xffffffffffffffff");
}

static void unknown_conversions_stay_visible(void)
{
    char buffer[64];
    format_unchecked(buffer, sizeof buffer, "a %q b %", 1);
    CHECK_STR_EQ(buffer, "a %q b %");
}

static void truncation_keeps_the_full_length(void)
{
    char buffer[8];
    memset(buffer, 'x', sizeof buffer);
    size_t length = format_buffer(buffer, sizeof buffer, "%s-%d", "abcdef", 12345);
    CHECK_INT_EQ(length, 12);
    CHECK_STR_EQ(buffer, "abcdef-");
    char untouched = 'u';
    CHECK_INT_EQ(format_buffer(&untouched, 0, "%d", 123), 3);
    CHECK_INT_EQ(untouched, 'u');
    char one[1];
    CHECK_INT_EQ(format_buffer(one, 1, "abc"), 3);
    CHECK_INT_EQ(one[0], '\0');
}

struct collected {
    char text[64];
    size_t length;
    int pieces;
};

static void collect(void *context, const char *text, size_t length)
{
    struct collected *collected = context;
    CHECK(length > 0);
    memcpy(collected->text + collected->length, text, length);
    collected->length += length;
    collected->pieces++;
}

static void call_sink(struct collected *collected, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    format_va(collect, collected, format, args);
    va_end(args);
}

static void sinks_receive_every_piece(void)
{
    struct collected collected = {0};
    call_sink(&collected, "x=%d, y=%s!", 5, "yes");
    CHECK_MEM_EQ(collected.text, "x=5, y=yes!", 11);
    CHECK_INT_EQ(collected.length, 11);
    CHECK(collected.pieces >= 4);
}

static const mh_test TESTS[] = {
    MH_TEST(integers_match_libc),
    MH_TEST(widths_and_flags_match_libc),
    MH_TEST(strings_and_characters_match_libc),
    MH_TEST(null_string_prints_null),
    MH_TEST(pointers_have_sixteen_digits),
    MH_TEST(unknown_conversions_stay_visible),
    MH_TEST(truncation_keeps_the_full_length),
    MH_TEST(sinks_receive_every_piece),
};

int main(int argc, char **argv)
{
    return mh_test_run(TESTS, MH_COUNT(TESTS), argc, argv);
}
