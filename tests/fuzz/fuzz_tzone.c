/*
 * Fuzzes the readers of time zones and typed times: the bytes as a TZif
 * file, then as a TZ value (a POSIX rule or a name) and as a time a person
 * typed in a zone read from them. Checks what formatting relies on:
 * offsets stay within a day and two hours of UTC, abbreviations are short
 * printable text, a wall-clock reading that happens once names the instant
 * it came from, and a typed time that is accepted reads back the same from
 * its own UTC text.
 */
#include "fuzz.h"

#include <ctype.h>

#include "baton/timeutil.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    unsetenv("TZ");
    return 0;
}

static void check_zone(const struct tzone *z)
{
    static const btime probes[] = {-2208988800LL, 0, 1000000000, 1790000000, 1806000000,
                                   2145916800LL, 4102444800LL, 7258118400LL};
    for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) {
        btime t = probes[i];
        const char *abbr = NULL;
        int off = tzone_offset(z, t, &abbr);
        FUZZ_CHECK(off >= -26 * 3600 && off <= 26 * 3600, "offset %d at %lld", off, (long long)t);
        FUZZ_CHECK(abbr && strlen(abbr) < 16, "abbreviation");
        btime v[2], gap[2];
        int n = tzone_resolve(z, t + off, v, gap);
        FUZZ_CHECK(n >= 1 && n <= 2, "%lld read as its own wall time gives %d instants",
                   (long long)t, n);
        FUZZ_CHECK(n == 2 || v[0] == t, "%lld read back as %lld", (long long)t, (long long)v[0]);
        char buf[TIME_SHOW_MAX];
        time_fmt_zone(z, t, TF_DATE | TF_HM | TF_ZONE, buf);
        FUZZ_CHECK(strlen(buf) < TIME_SHOW_MAX, "formatted");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct tzone *z = NULL;
    struct err e;
    if (tzone_from_tzif("fuzz", data, size, &z, &e) == 0) {
        check_zone(z);
        tzone_free(z);
    }
    if (size > 200)
        return 0;
    char s[201];
    memcpy(s, data, size);
    s[size] = 0;
    /* a POSIX rule or a name: a file of the system's zoneinfo at most */
    if (tzone_load(s, true, &z, &e) == 0) {
        check_zone(z);
        time_set_user_zone(z);
    } else {
        time_set_user_zone(NULL);
    }
    btime t;
    if (time_input(s, 1796637600, &t, &e) == 0) {
        char iso[32];
        time_fmt_iso(t, iso);
        btime back;
        FUZZ_CHECK(time_parse(iso, &back) && back == t, "'%s' -> '%s' does not read back", s,
                   iso);
    } else {
        FUZZ_CHECK(e.code == ERR_USAGE && strlen(e.msg) > 0, "refused without a message");
    }
    char date[16];
    if (time_input_date(s, 1796637600, date, &e) == 0)
        FUZZ_CHECK(time_parse(date, &t) && strlen(date) == 10, "date '%s' from '%s'", date, s);
    return 0;
}
