/* Text and time helpers: sanitising, display width, padding, parsing. */
#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>

#include "../check.h"
#include "baton/err.h"
#include "baton/str.h"
#include "baton/text.h"
#include "baton/timeutil.h"
#include "baton/utf8.h"

static void sanitize_shows_escape_sequences_instead_of_sending_them(void)
{
    char *s = utf8_sanitize("a\x1b]0;pwned\x07z\x1b[2J", false);
    CHECK_STR(s, "a^[]0;pwned^Gz^[[2J");
    CHECK(strchr(s, 0x1b) == NULL);
    free(s);
    s = utf8_sanitize("x\xc2\x9b" "31m", false); /* C1 CSI */
    CHECK_STR(s, "x\\x9b31m");
    free(s);
}

static void sanitize_replaces_invalid_utf8_and_marks_bidi_overrides(void)
{
    char *s = utf8_sanitize("ok\xff\xc0\xaf!", false);
    CHECK_STR(s, "ok\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD!");
    free(s);
    s = utf8_sanitize("abc\xE2\x80\xAE" "def", false);
    CHECK_STR(s, "abc<U+202E>def");
    free(s);
    s = utf8_sanitize("Zo\xC3\xAB", true);
    CHECK_STR(s, "Zo?");
    free(s);
}

static void width_counts_wide_and_combining_characters(void)
{
    CHECK_INT(utf8_width("abc"), 3);
    CHECK_INT(utf8_width("\xE6\x97\xA5\xE6\x9C\xAC"), 4);   /* 日本 */
    CHECK_INT(utf8_width("e\xCC\x81"), 1);                  /* e + combining acute */
    CHECK_INT(utf8_width("Zo\xC3\xAB"), 3);
}

static void joined_emoji_are_drawn_as_their_parts_at_the_width_counted(void)
{
    /* woman + ZWJ + laptop: drawn as the two emoji, four columns */
    char *s = utf8_sanitize("a\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB" "b", false);
    CHECK_STR(s, "a\xF0\x9F\x91\xA9\xF0\x9F\x92\xBB" "b");
    CHECK_INT(utf8_width(s), 6);
    free(s);
    /* heart + emoji variation selector: the heart at its own width */
    s = utf8_sanitize("\xE2\x9D\xA4\xEF\xB8\x8F!", false);
    CHECK_STR(s, "\xE2\x9D\xA4!");
    CHECK_INT(utf8_width(s), 2);
    free(s);
    /* and nothing is left of them in ASCII */
    s = utf8_sanitize("x\xE2\x80\x8Dy\xEF\xB8\x8E", true);
    CHECK_STR(s, "xy");
    free(s);
    /* a cut never separates what the width counted */
    struct strbuf sb;
    sb_init(&sb);
    s = utf8_sanitize("\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB\xF0\x9F\x91\xA9", false);
    utf8_pad(&sb, s, 5, false, false);
    CHECK_INT(utf8_width(sb_str(&sb)), 5);
    sb_fini(&sb);
    free(s);
}

static void pad_cuts_with_an_ellipsis_and_keeps_columns(void)
{
    struct strbuf sb;
    sb_init(&sb);
    utf8_pad(&sb, "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E", 5, false, false); /* 日本語 in 5 */
    CHECK_INT(utf8_width(sb_str(&sb)), 5);
    CHECK_STR(sb_str(&sb), "\xE6\x97\xA5\xE6\x9C\xAC\xE2\x80\xA6");
    sb_clear(&sb);
    utf8_pad(&sb, "ab", 4, true, false);
    CHECK_STR(sb_str(&sb), "  ab");
    sb_clear(&sb);
    utf8_pad(&sb, "abcdef", 4, false, true);
    CHECK_STR(sb_str(&sb), "abc>"); /* "~" means near an SLA */
    sb_fini(&sb);
}

static void time_parse_accepts_iso_forms_and_refuses_impossible_dates(void)
{
    btime t;
    CHECK(time_parse("2026-11-26T09:00:00Z", &t));
    char buf[32];
    time_fmt_iso(t, buf);
    CHECK_STR(buf, "2026-11-26T09:00:00Z");
    CHECK(time_parse("2026-11-26T10:00+01:00", &t));
    time_fmt_iso(t, buf);
    CHECK_STR(buf, "2026-11-26T09:00:00Z");
    CHECK(time_parse("2024-02-29", &t));
    CHECK(!time_parse("2026-02-29", &t));
    CHECK(!time_parse("2026-02-30", &t));
    CHECK(!time_parse("2026-13-01", &t));
    CHECK(!time_parse("2026-11-26T24:00", &t));
    CHECK(!time_parse("2026-11-26junk", &t));
    CHECK(!time_parse("", &t));
    CHECK(time_parse("2026-11-26", &t));
    CHECK_INT(time_weekday(t), 4); /* a Thursday */
}

static void baton_now_freezes_the_clock(void)
{
    setenv("BATON_NOW", "2026-11-30T08:00:00Z", 1);
    char buf[32];
    time_fmt_iso(time_now(), buf);
    CHECK_STR(buf, "2026-11-30T08:00:00Z");
    CHECK_INT(time_weekday(time_now()), 1);
    unsetenv("BATON_NOW");
}

static void nearest_suggests_only_plausible_typos(void)
{
    const char *cands[] = {"timebox", "order", "horizon_days"};
    CHECK_STR(str_nearest("timbox", cands, 3), "timebox");
    CHECK(str_nearest("zzzzzzzz", cands, 3) == NULL);
    const char *keys[] = {"database", "theme", "refresh_ms", "mouse"};
    CHECK_STR(str_nearest("refersh", keys, 4), "refresh_ms");
    CHECK_STR(str_nearest("them", keys, 4), "theme");
}

static void numbers_parse_whole_strings_only(void)
{
    long l;
    double d;
    CHECK(str_to_long("42", &l) && l == 42);
    CHECK(!str_to_long("42x", &l));
    CHECK(!str_to_long("99999999999999999999999", &l));
    CHECK(str_to_double("1.2e6", &d) && d == 1.2e6);
    CHECK(!str_to_double("nan", &d));
    CHECK(!str_to_double("abc", &d));
    CHECK(!str_to_double("", &d));
}

static void err_set_returns_the_negative_code_on_one_line(void)
{
    struct err e;
    err_clear(&e);
    CHECK_INT(err_set(&e, ERR_CONFLICT, "a\nb %d", 3), -ERR_CONFLICT);
    CHECK_STR(e.msg, "a b 3");
    CHECK_INT(e.code, ERR_CONFLICT);
}

static char *repeat(char c, size_t n)
{
    char *s = xmalloc(n + 1);
    memset(s, c, n);
    s[n] = 0;
    return s;
}

static void keys_take_letters_digits_dash_underscore_dot_up_to_32(void)
{
    struct err e;
    err_clear(&e);
    CHECK_INT(text_check(TEXT_KEY, "project key", "ENG-1.b_2", &e), 0);
    char *k32 = repeat('K', 32), *k33 = repeat('K', 33);
    CHECK_INT(text_check(TEXT_KEY, "project key", k32, &e), 0);
    CHECK_INT(text_check(TEXT_KEY, "project key", k33, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "1 to 32 characters");
    /* a long key is quoted in part, never cut inside a character */
    CHECK_INT(text_check(TEXT_KEY, "project key",
                         "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
                         "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9x",
                         &e),
              -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "'\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
                          "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9...'");
    CHECK(strstr(e.msg, "\xEF\xBF\xBD") == NULL);
    free(k32);
    free(k33);
    const char *bad[] = {"P\x1b]0;PWN\x07", "a b", "a/b", "Z\xc3\xbcrich", "x:y", "\xe2\x80\xae" "x"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        err_clear(&e);
        CHECK_INT(text_check(TEXT_KEY, "project key", bad[i], &e), -ERR_USAGE);
        CHECK_INT(e.code, ERR_USAGE);
        CHECK_CONTAINS(e.msg, "a letter, a digit, '-', '_' or '.'");
        CHECK(strchr(e.msg, 0x1b) == NULL);
    }
}

static void logins_are_unix_logins(void)
{
    struct err e;
    err_clear(&e);
    const char *good[] = {"alice", "j.doe", "svc_backup", "alice@corp.example", "zo\xc3\xab", "no"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        CHECK_INT(text_check(TEXT_LOGIN, "owner", good[i], &e), 0);
    const char *bad[] = {"-rf", "@staff", "a b", "a:b", "a/b", "x\x1b[2J", "\xe2\x80\xae" "x"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        err_clear(&e);
        CHECK_INT(text_check(TEXT_LOGIN, "owner", bad[i], &e), -ERR_USAGE);
        CHECK_CONTAINS(e.msg, "owner '");
    }
}

static void names_stop_at_500_characters_and_free_text_at_64_kib(void)
{
    struct err e;
    err_clear(&e);
    /* 500 characters of two bytes each are still 500 characters */
    struct strbuf sb;
    sb_init(&sb);
    for (int i = 0; i < 500; i++)
        sb_add(&sb, "\xc3\xa9");
    CHECK_INT(text_check(TEXT_NAME, "title", sb_str(&sb), &e), 0);
    sb_add(&sb, "x");
    CHECK_INT(text_check(TEXT_NAME, "title", sb_str(&sb), &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "title is too long (501 characters)");
    CHECK_CONTAINS(e.msg, "at most 500 characters");
    sb_fini(&sb);
    char *free_max = repeat('n', 65536), *free_over = repeat('n', 4 * 1024 * 1024);
    CHECK_INT(text_check(TEXT_FREE, "note", free_max, &e), 0);
    CHECK_INT(text_check(TEXT_FREE, "note", free_over, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "note is too long (4194304 bytes)");
    CHECK_CONTAINS(e.msg, "64 KiB");
    free(free_max);
    free(free_over);
}

static void invalid_utf8_is_refused_in_every_kind(void)
{
    struct err e;
    const enum text_kind kinds[] = {TEXT_KEY, TEXT_LOGIN, TEXT_NAME, TEXT_FREE};
    const char *bad[] = {"csi \x9b" "31m", "cut \xe2\x82", "overlong \xc0\xaf", "surrogate \xed\xa0\x80"};
    for (size_t k = 0; k < 4; k++)
        for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
            err_clear(&e);
            CHECK_INT(text_check(kinds[k], "title", bad[i], &e), -ERR_USAGE);
            CHECK_CONTAINS(e.msg, "not valid UTF-8");
        }
    CHECK_INT(text_check(TEXT_NAME, "title", NULL, &e), 0);
    CHECK_INT(text_check(TEXT_NAME, "title", "", &e), 0);
}

static void cut_and_partial_sequences(void)
{
    CHECK_INT(utf8_cut("abc", 10), 3);
    CHECK_INT(utf8_cut("ab\xc3\xa9", 3), 2); /* never half of the é */
    CHECK_INT(utf8_incomplete_tail("ab\xe2\x80", 4), 2);
    CHECK_INT(utf8_incomplete_tail("ab\xe2\x80\xae", 5), 0);
    CHECK_INT(utf8_incomplete_tail("ab", 2), 0);
    CHECK(utf8_is_control(0x9B) && utf8_is_control(0x202E) && utf8_is_control(0x1B));
    CHECK(!utf8_is_control(0xE9) && !utf8_is_control(' '));
}

/* A number typed with another separator says which one is wanted. */
static void numbers_say_which_separator_they_want(void)
{
    static const struct {
        const char *in, *why;
    } bad[] = {
        {"19,5", "not a number: 19,5 (use a dot: 19.5)"},
        {" -0,25 ", "not a number: -0,25 (use a dot: -0.25)"},
        {"1.234,5", "not a number: 1.234,5 (use a dot for decimals and no thousands separator: 1234.5)"},
        {"1,234.5", "not a number: 1,234.5 (no thousands separators: 1234.5)"},
        {"1,234,567", "not a number: 1,234,567 (no thousands separators: 1234567)"},
        {"1 234", "not a number: 1 234 (no thousands separators: 1234)"},
        {"lots", "not a number: lots (digits with a dot for decimals, like 2.5, -3 or 1.2e6)"},
        {"0x10", "not a number: 0x10 (digits with a dot"},
        {"nan", "not a number: nan"},
        {"", "not a number: nothing given"},
        {"1e999", "out of range: 1e999"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char why[160] = "";
        double d = -1;
        CHECK(!str_to_number(bad[i].in, &d, why, sizeof why));
        CHECK_CONTAINS(why, bad[i].why);
    }
    double d = 0;
    CHECK(str_to_number(" 19.5 ", &d, NULL, 0) && d == 19.5);
    CHECK(str_to_number("-3", &d, NULL, 0) && d == -3);
    CHECK(str_to_number("1.2e6", &d, NULL, 0) && d == 1.2e6);
    CHECK(str_to_number(".5", &d, NULL, 0) && d == 0.5);
}

/* A growing array keeps what it holds and doubles only when full. */
static void grow_doubles_only_when_full(void)
{
    int *v = NULL;
    size_t cap = 0;
    for (size_t n = 0; n < 40; n++) {
        v = xgrow(v, n, &cap, sizeof *v);
        CHECK(n < cap);
        v[n] = (int)n * 3;
        if (n == 0 || n == 15)
            CHECK_INT(cap, 16);
        if (n == 16 || n == 31)
            CHECK_INT(cap, 32);
    }
    CHECK_INT(cap, 64);
    for (size_t n = 0; n < 40; n++)
        CHECK_INT(v[n], (int)n * 3);
    free(v);
}

static char *format_via_list(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = xvasprintf(fmt, ap);
    va_end(ap);
    return s;
}

static void a_variadic_caller_formats_its_own_arguments_to_a_fresh_string(void)
{
    char *s = format_via_list("%s-%d %.1f%%", "B", 17, 42.25);
    CHECK_STR(s, "B-17 42.2%");
    free(s);
    s = format_via_list("%s", "");
    CHECK_STR(s, "");
    free(s);
    char big[3000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = 0;
    s = format_via_list("<%s>", big);
    CHECK_INT(strlen(s), sizeof big + 1);
    CHECK(s[0] == '<' && s[sizeof big] == '>');
    free(s);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    RUN(grow_doubles_only_when_full);
    RUN(a_variadic_caller_formats_its_own_arguments_to_a_fresh_string);
    RUN(sanitize_shows_escape_sequences_instead_of_sending_them);
    RUN(sanitize_replaces_invalid_utf8_and_marks_bidi_overrides);
    RUN(width_counts_wide_and_combining_characters);
    RUN(joined_emoji_are_drawn_as_their_parts_at_the_width_counted);
    RUN(pad_cuts_with_an_ellipsis_and_keeps_columns);
    RUN(time_parse_accepts_iso_forms_and_refuses_impossible_dates);
    RUN(baton_now_freezes_the_clock);
    RUN(nearest_suggests_only_plausible_typos);
    RUN(numbers_parse_whole_strings_only);
    RUN(numbers_say_which_separator_they_want);
    RUN(err_set_returns_the_negative_code_on_one_line);
    RUN(keys_take_letters_digits_dash_underscore_dot_up_to_32);
    RUN(logins_are_unix_logins);
    RUN(names_stop_at_500_characters_and_free_text_at_64_kib);
    RUN(invalid_utf8_is_refused_in_every_kind);
    RUN(cut_and_partial_sequences);
    return check_report();
}
