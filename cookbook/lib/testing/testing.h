/* MACROHARD's unit-test harness. A test program lists its tests and hands them to
 * mh_test_run(), which runs each one, prints "ok NAME" or "FAIL NAME" with every failed check,
 * and ends with the line "N passed, N failed" (exit 0 only when nothing failed).
 *
 *   static void parses_integers(void) { CHECK_INT_EQ(parse("1_000"), 1000); }
 *   static const mh_test TESTS[] = {MH_TEST(parses_integers)};
 *   int main(int argc, char **argv) { return mh_test_run(TESTS, MH_COUNT(TESTS), argc, argv); }
 *
 * Arguments select tests whose names contain any of them. */
#ifndef MH_TESTING_H
#define MH_TESTING_H

#include <stddef.h>
#include <stdint.h>

typedef struct mh_test {
    const char *name;
    void (*run)(void);
} mh_test;

#define MH_TEST(fn) {#fn, fn}
#define MH_COUNT(array) (sizeof(array) / sizeof((array)[0]))

int mh_test_run(const mh_test *tests, size_t count, int argc, char **argv);

/* Each returns whether the check held, so a test can stop early: if (!CHECK(p)) return; */
int mh_check(int ok, const char *expr, const char *file, int line);
int mh_check_int(int64_t actual, int64_t expected, const char *expr, const char *file, int line);
int mh_check_str(const char *actual, const char *expected, const char *expr, const char *file,
                 int line);
int mh_check_mem(const void *actual, const void *expected, size_t len, const char *expr,
                 const char *file, int line);

#define CHECK(cond) mh_check(!!(cond), #cond, __FILE__, __LINE__)
#define CHECK_INT_EQ(actual, expected) \
    mh_check_int((int64_t)(actual), (int64_t)(expected), #actual, __FILE__, __LINE__)
#define CHECK_STR_EQ(actual, expected) mh_check_str((actual), (expected), #actual, __FILE__, __LINE__)
#define CHECK_MEM_EQ(actual, expected, len) \
    mh_check_mem((actual), (expected), (len), #actual, __FILE__, __LINE__)

/* A fresh empty directory for the running test (under $TMPDIR), removed after the test. */
const char *mh_test_tmpdir(void);

#endif
