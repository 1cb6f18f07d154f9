/* Hostile text and times through the util helpers: inputs found by the
 * fuzz targets (tests/fuzz) and the shapes the hardening list names —
 * escape sequences, C1 controls, bidi overrides, invalid UTF-8, NUL-free
 * 100,000-character titles, times that fall outside what can be written. */
#include <locale.h>
#include <stdlib.h>

#include "../check.h"
#include "baton/str.h"
#include "baton/timeutil.h"
#include "baton/utf8.h"

/* Every byte of s is printable ASCII or part of valid UTF-8 text; no ESC. */
static int count_controls(const char *s)
{
    int n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            n++;
    return n;
}

static void times_that_an_offset_carries_past_9999_or_before_1900_are_refused(void)
{
    btime t;
    /* Found by fuzz_sanitize: this parsed as 10000-01-01T23:58:59Z, which
     * time_fmt_iso wrote and time_parse then refused. */
    CHECK(!time_parse("9999-12-31T23:59:59-23:59", &t));
    CHECK(!time_parse("9999-12-31T23:59:60Z", &t));
    CHECK(!time_parse("1900-01-01T00:00+00:01", &t));
    /* The edges themselves still parse and read back. */
    CHECK(time_parse("9999-12-31T23:59:59Z", &t));
    char iso[32];
    time_fmt_iso(t, iso);
    CHECK_STR(iso, "9999-12-31T23:59:59Z");
    CHECK(time_parse("1900-01-01T00:00:00Z", &t));
    time_fmt_iso(t, iso);
    CHECK_STR(iso, "1900-01-01T00:00:00Z");
    CHECK(time_parse("1900-01-01T00:00-01:00", &t));
}

static void dates_that_do_not_exist_are_refused(void)
{
    btime t;
    const char *bad[] = {"2026-02-29", "2026-02-30", "2026-04-31", "2026-13-01", "2026-00-10",
                         "2026-11-26T24:00", "2026-11-26T09:60", "2026-11-26T09:00:61",
                         "2026-11-26T09:00+24:00", "2026-11-26T09:00Zjunk", "26-11-26",
                         "2026-1-26", "", "2026-11-26T", "1899-12-31"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (time_parse(bad[i], &t)) {
            fprintf(stderr, "  accepted '%s'\n", bad[i]);
            CHECK(!"a date that does not exist was accepted");
        }
    }
    CHECK(time_parse("2024-02-29", &t));
}

static void a_100000_character_title_is_sanitised_and_cut_to_its_column(void)
{
    size_t n = 100000;
    char *title = xmalloc(n + 1);
    for (size_t i = 0; i < n; i++)
        title[i] = i % 50 == 0 ? '\x1b' : (char)('a' + i % 26);
    title[n] = 0;
    char *s = utf8_sanitize(title, false);
    CHECK_INT(count_controls(s), 0);
    CHECK_INT(utf8_width(s), (long long)(n + n / 50)); /* ESC shows as two cells: ^[ */
    struct strbuf sb;
    sb_init(&sb);
    utf8_pad(&sb, s, 40, false, false);
    CHECK_INT(utf8_width(sb_str(&sb)), 40);
    CHECK_CONTAINS(sb_str(&sb), "\xE2\x80\xA6");
    sb_fini(&sb);
    free(s);
    free(title);
}

static void every_kind_of_control_is_shown_never_sent(void)
{
    /* C0 controls, DEL, C1 controls (NEL, CSI, OSC, ST), bidi overrides and
     * isolates, each one made visible. */
    char *s = utf8_sanitize("\x01\x07\x08\x0d\x1b\x7f|\xc2\x85\xc2\x9b\xc2\x9d\xc2\x9c|"
                            "\xe2\x80\xae\xe2\x81\xa6\xe2\x81\xa9\xe2\x80\x8f\xd8\x9c",
                            false);
    CHECK_STR(s, "^A^G^H^M^[^?|\\x85\\x9b\\x9d\\x9c|<U+202E><U+2066><U+2069><U+200F><U+061C>");
    free(s);
    /* Truncated and overlong sequences and surrogates are each one U+FFFD
     * per byte, and an ASCII terminal sees '?' instead. */
    s = utf8_sanitize("a\xe2\x82" "b\xed\xa0\x80" "c\xf4\x90\x80\x80", true);
    CHECK_STR(s, "a??b???c????");
    free(s);
}

static void numbers_with_blanks_around_them_are_not_numbers(void)
{
    /* Found through `--severity ' 2'`, which strtol read as 2. */
    long l;
    double d;
    CHECK(!str_to_long(" 2", &l));
    CHECK(!str_to_long("\t2", &l));
    CHECK(!str_to_long("2 ", &l));
    CHECK(!str_to_double(" 2.5", &d));
    CHECK(!str_to_double("2.5 ", &d));
    CHECK(str_to_long("-2", &l));
    CHECK_INT(l, -2);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    RUN(times_that_an_offset_carries_past_9999_or_before_1900_are_refused);
    RUN(dates_that_do_not_exist_are_refused);
    RUN(a_100000_character_title_is_sanitised_and_cut_to_its_column);
    RUN(every_kind_of_control_is_shown_never_sent);
    RUN(numbers_with_blanks_around_them_are_not_numbers);
    return check_report();
}
