/*
 * Fuzzes the text helpers every outside string passes through: the
 * sanitiser and display widths (utf8_*), time and duration parsing, and
 * number parsing. Checks what drawing relies on: sanitised text holds no
 * control character, no C1 control, no bidi override and only valid
 * UTF-8 (only ASCII in ASCII mode); padding gives exactly the width asked;
 * a parsed time or duration reads back the same from its own formatting.
 */
#include "fuzz.h"

#include <locale.h>

#include "baton/config.h"
#include "baton/str.h"
#include "baton/timeutil.h"
#include "baton/utf8.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    if (!setlocale(LC_ALL, "C.UTF-8"))
        setlocale(LC_ALL, "");
    return 0;
}

/* Length of the valid UTF-8 sequence at p and its code point, or 0. */
static size_t valid_seq(const unsigned char *p, uint32_t *cp)
{
    static const struct {
        unsigned char mask, lead;
        size_t n;
        uint32_t min;
    } forms[] = {{0x80, 0x00, 1, 0}, {0xE0, 0xC0, 2, 0x80}, {0xF0, 0xE0, 3, 0x800},
                 {0xF8, 0xF0, 4, 0x10000}};
    for (size_t f = 0; f < 4; f++) {
        if ((p[0] & forms[f].mask) != forms[f].lead)
            continue;
        uint32_t c = p[0] & (unsigned char)~forms[f].mask;
        for (size_t i = 1; i < forms[f].n; i++) {
            if ((p[i] & 0xC0) != 0x80)
                return 0;
            c = (c << 6) | (p[i] & 0x3F);
        }
        if (c < forms[f].min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
            return 0;
        *cp = c;
        return forms[f].n;
    }
    return 0;
}

static void check_safe(const char *in, const char *s, bool ascii)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        uint32_t c;
        size_t n = valid_seq(p, &c);
        FUZZ_CHECK(n > 0, "invalid UTF-8 at byte %zu of the sanitised '%s'", (size_t)(p - (const unsigned char *)s), s);
        FUZZ_CHECK(c >= 0x20 && c != 0x7F, "control 0x%02x left in '%s'", (unsigned)c, s);
        FUZZ_CHECK(c < 0x80 || c >= 0xA0, "C1 control U+%04X left in the sanitised text of '%s'", (unsigned)c, in);
        FUZZ_CHECK(!((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C),
                   "bidi control U+%04X left", (unsigned)c);
        FUZZ_CHECK(!ascii || c < 0x80, "non-ASCII U+%04X in ASCII mode", (unsigned)c);
        p += n;
    }
}

static void check_text(const char *in, bool ascii, int width, bool right)
{
    char *s = utf8_sanitize(in, ascii);
    check_safe(in, s, ascii);
    /* Sanitising is idempotent: what is safe stays as it is. */
    char *again = utf8_sanitize(s, ascii);
    FUZZ_CHECK(strcmp(s, again) == 0, "sanitising twice changed '%s' into '%s'", s, again);
    free(again);

    int w = utf8_width(s);
    FUZZ_CHECK(w >= 0, "negative width %d", w);
    struct strbuf sb;
    sb_init(&sb);
    utf8_pad(&sb, s, width, right, ascii);
    if (width > 0)
        FUZZ_CHECK(utf8_width(sb_str(&sb)) == width, "pad to %d gave width %d: '%s' from '%s'",
                   width, utf8_width(sb_str(&sb)), sb_str(&sb), s);
    else
        FUZZ_CHECK(sb.len == 0, "pad to %d wrote '%s'", width, sb_str(&sb));
    sb_fini(&sb);
    size_t fit = utf8_fit(s, width);
    FUZZ_CHECK(fit <= strlen(s), "fit %zu past the end", fit);
    char *cut = xstrndup(s, fit);
    FUZZ_CHECK(utf8_width(cut) <= (width > 0 ? width : 0), "fit to %d gave width %d", width,
               utf8_width(cut));
    free(cut);
    free(s);
    /* The raw text too: width and fit must not read past its end. */
    (void)utf8_width(in);
    FUZZ_CHECK(utf8_fit(in, width) <= strlen(in), "fit of raw text past the end");
    for (const char *p = in; *p; p += utf8_seqlen(p))
        FUZZ_CHECK(utf8_seqlen(p) <= strlen(p), "sequence length past the end");
}

static void check_parsers(const char *s)
{
    btime t;
    if (time_parse(s, &t)) {
        char iso[32];
        time_fmt_iso(t, iso);
        btime back;
        FUZZ_CHECK(time_parse(iso, &back) && back == t, "'%s' -> %lld -> '%s' does not read back",
                   s, (long long)t, iso);
        char date[16], hm[16], age[16];
        time_fmt_date(t, date);
        time_fmt_hm(t, hm);
        time_fmt_age(t, age);
        FUZZ_CHECK(time_weekday(t) >= 0 && time_weekday(t) <= 6, "weekday %d", time_weekday(t));
        FUZZ_CHECK(time_day_start(t) <= t && t - time_day_start(t) < 86400, "day start");
    }
    int64_t d;
    if (config_parse_duration(s, &d)) {
        FUZZ_CHECK(d >= 0, "duration '%s' is negative: %lld", s, (long long)d);
        char txt[32];
        config_fmt_duration(d, txt);
        int64_t back;
        FUZZ_CHECK(config_parse_duration(txt, &back) && back == d,
                   "duration '%s' -> %lld -> '%s' does not read back", s, (long long)d, txt);
    }
    long l;
    double x;
    (void)str_to_long(s, &l);
    if (str_to_double(s, &x))
        FUZZ_CHECK(x == x, "'%s' parsed as NaN", s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned flags = data[0];
    char *s = fuzz_str(data + 1, size - 1);
    check_text(s, flags & 1, (int)(flags >> 2) - 4, flags & 2);
    check_parsers(s);
    /* Two halves for the "did you mean" distance, kept short: it is
     * quadratic by design and only ever sees names. */
    size_t n = strlen(s);
    if (n < 512) {
        char *b = s + n / 2;
        char *a = xstrndup(s, n / 2);
        int dist = str_distance(a, b);
        FUZZ_CHECK(dist >= 0 && (size_t)dist <= n, "distance %d", dist);
        FUZZ_CHECK(str_distance(a, a) == 0, "distance to itself");
        free(a);
    }
    free(s);
    return 0;
}
