/*
 * check: a minimal test harness for plain test programs. Each test is a
 * function; CHECK* macros record a failure with what was expected and what
 * was seen, and the test goes on. main() runs the tests with RUN() and
 * returns check_report().
 */
#ifndef BATON_TEST_CHECK_H
#define BATON_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int check_failures;
static int check_tests;
static const char *check_current;

#define CHECK(cond)                                                                             \
    do {                                                                                        \
        if (!(cond)) {                                                                          \
            fprintf(stderr, "%s:%d: %s: expected %s\n", __FILE__, __LINE__, check_current,     \
                    #cond);                                                                     \
            check_failures++;                                                                   \
        }                                                                                       \
    } while (0)

#define CHECK_INT(got, want)                                                                    \
    do {                                                                                        \
        long long g_ = (long long)(got), w_ = (long long)(want);                               \
        if (g_ != w_) {                                                                         \
            fprintf(stderr, "%s:%d: %s: %s: expected %lld, saw %lld\n", __FILE__, __LINE__,    \
                    check_current, #got, w_, g_);                                               \
            check_failures++;                                                                   \
        }                                                                                       \
    } while (0)

#define CHECK_STR(got, want)                                                                    \
    do {                                                                                        \
        const char *g_ = (got), *w_ = (want);                                                   \
        if (!(g_ == w_ || (g_ && w_ && strcmp(g_, w_) == 0))) {                                 \
            fprintf(stderr, "%s:%d: %s: %s: expected \"%s\", saw \"%s\"\n", __FILE__,           \
                    __LINE__, check_current, #got, w_ ? w_ : "(null)", g_ ? g_ : "(null)");     \
            check_failures++;                                                                   \
        }                                                                                       \
    } while (0)

/* got contains want as a substring. */
#define CHECK_CONTAINS(got, want)                                                               \
    do {                                                                                        \
        const char *g_ = (got), *w_ = (want);                                                   \
        if (!g_ || !strstr(g_, w_)) {                                                           \
            fprintf(stderr, "%s:%d: %s: %s: expected to contain \"%s\", saw \"%s\"\n",         \
                    __FILE__, __LINE__, check_current, #got, w_, g_ ? g_ : "(null)");           \
            check_failures++;                                                                   \
        }                                                                                       \
    } while (0)

#define RUN(fn)                                                                                 \
    do {                                                                                        \
        check_current = #fn;                                                                    \
        check_tests++;                                                                          \
        int before_ = check_failures;                                                           \
        fn();                                                                                   \
        fprintf(stderr, "%s %s\n", check_failures == before_ ? "ok  " : "FAIL", #fn);           \
    } while (0)

static inline int check_report(void)
{
    fprintf(stderr, "%d tests, %d failed checks\n", check_tests, check_failures);
    return check_failures ? 1 : 0;
}

/* A fresh temporary directory for this test program; caller frees. */
static inline char *check_tmpdir(void)
{
    char tmpl[] = "/tmp/baton-test-XXXXXX";
    char *d = mkdtemp(tmpl);
    if (!d) {
        perror("mkdtemp");
        exit(2);
    }
    return strdup(d);
}

#endif
