/*
 * How indicator values read, per format and unit: numbers grouped or
 * compact, percentages, currencies with their code, durations in their two
 * largest parts, signed changes, and what is not a number.
 */
#include <math.h>
#include <stdio.h>

#include "../check.h"
#include "baton/indicator.h"

struct fcase {
    const char *format, *unit;
    double v;
    const char *want;
};

static const struct fcase values[] = {
    /* number: whole numbers grouped, fractions to two places, small ones
     * to three significant digits, millions and up compact */
    {"number", NULL, 0, "0"},
    {"number", NULL, 42, "42"},
    {"number", NULL, 1234, "1,234"},
    {"number", NULL, 999999, "999,999"},
    {"number", NULL, -12500, "-12,500"},
    {"number", NULL, 2.5, "2.5"},
    {"number", NULL, 1234.567, "1,234.57"},
    {"number", NULL, 0.0034, "0.0034"},
    {"number", NULL, 0.12345, "0.123"},
    {"number", NULL, 1e6, "1M"},
    {"number", NULL, 5050000, "5.05M"},
    {"number", NULL, 12345678, "12.3M"},
    {"number", NULL, 123456789, "123M"},
    {"number", NULL, 999999999, "1B"},
    {"number", NULL, 2.5e9, "2.5B"},
    {"number", NULL, 7.1e12, "7.1T"},
    {"number", NULL, -5050000, "-5.05M"},
    {"number", "tickets", 412, "412 tickets"},
    {"number", "%", 2.7, "2.7%"},
    {NULL, "leads", 900, "900 leads"}, /* no format is a number */
    /* percent: the value is in percent */
    {"percent", "%", 2.3, "2.3%"},
    {"percent", NULL, 3, "3%"},
    {"percent", "%", 99.95, "99.95%"},
    {"percent", "%", 0.254, "0.25%"},
    {"percent", "%", -1.5, "-1.5%"},
    /* currency: the unit is the code */
    {"currency", "EUR", 12500, "12,500 EUR"},
    {"currency", "EUR", 12.5, "12.50 EUR"},
    {"currency", "EUR", 5050000, "5.05M EUR"},
    {"currency", "USD", 1.2e6, "1.2M USD"},
    {"currency", NULL, 850, "850"},
    {"currency", "EUR", -300, "-300 EUR"},
    /* duration: the unit is the time unit */
    {"duration", "h", 1.4, "1h 24m"},
    {"duration", "h", 4, "4h"},
    {"duration", "h", 36, "1d 12h"},
    {"duration", "days", 63, "63d"},
    {"duration", "days", 1.5, "1d 12h"},
    {"duration", "d", 0.25, "6h"},
    {"duration", "min", 90, "1h 30m"},
    {"duration", "s", 45, "45s"},
    {"duration", "s", 0.5, "0.5s"},
    {"duration", "s", 330, "5m 30s"},
    {"duration", NULL, 7200, "2h"},          /* no unit: seconds */
    {"duration", "h", 1.99999, "2h"},        /* rounds up to the whole part */
    {"duration", "weeks", 2, "14d"},
    {"duration", "h", 0, "0s"},
    {"duration", "h", -2, "-2h"},
    {"duration", "months", 18, "18 months"}, /* not a time unit: a number */
};

static void test_values_per_format(void)
{
    for (size_t k = 0; k < sizeof values / sizeof values[0]; k++) {
        const struct fcase *c = &values[k];
        struct indicator i = {.format = (char *)c->format, .unit = (char *)c->unit};
        char out[64];
        indicator_format(&i, c->v, out, sizeof out);
        if (strcmp(out, c->want) != 0)
            fprintf(stderr, "  %s %s %.17g\n", c->format ? c->format : "(none)",
                    c->unit ? c->unit : "(no unit)", c->v);
        CHECK_STR(out, c->want);
    }
}

static void test_changes_carry_their_sign(void)
{
    static const struct fcase deltas[] = {
        {"percent", "%", 0.3, "+0.3%"},
        {"percent", "%", -1.25, "-1.25%"},
        {"percent", "%", 0, "0%"},
        {"currency", "EUR", 12500, "+12,500 EUR"},
        {"duration", "h", -1.0833333333, "-1h 5m"},
        {"number", NULL, 2e6, "+2M"},
    };
    for (size_t k = 0; k < sizeof deltas / sizeof deltas[0]; k++) {
        struct indicator i = {.format = (char *)deltas[k].format, .unit = (char *)deltas[k].unit};
        char out[64];
        indicator_format_delta(&i, deltas[k].v, out, sizeof out);
        CHECK_STR(out, deltas[k].want);
    }
}

static void test_not_a_number_and_small_buffers(void)
{
    struct indicator i = {.format = "currency", .unit = "EUR"};
    char out[64];
    indicator_format(&i, NAN, out, sizeof out);
    CHECK_STR(out, "-");
    indicator_format(&i, INFINITY, out, sizeof out);
    CHECK_STR(out, "-");
    /* A short buffer is cut, never overrun. */
    char small[6];
    memset(small, 'x', sizeof small);
    indicator_format(&i, 12500, small, sizeof small);
    CHECK_STR(small, "12,50");
    indicator_format(&i, 12500, out, 0); /* nothing to write into: nothing written */
}

static void test_values_people_and_scripts_write(void)
{
    static const struct {
        const char *s;
        bool ok;
        double v;
    } cases[] = {
        {"42", true, 42},      {"-2.5", true, -2.5},   {"+3", true, 3},
        {"1.2e6", true, 1.2e6}, {" 7 ", true, 7},       {".5", true, 0.5},
        {"5.", true, 5},       {"1E-3", true, 0.001},  {"0x10", false, 0},
        {"nan", false, 0},     {"inf", false, 0},      {"-Infinity", false, 0},
        {"1e999", false, 0},   {"", false, 0},         {"-", false, 0},
        {"1e", false, 0},      {"1,5", false, 0},      {"12abc", false, 0},
        {".", false, 0},       {"1 2", false, 0},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        double v = -99;
        bool ok = indicator_parse_value(cases[k].s, &v);
        if (ok != cases[k].ok)
            fprintf(stderr, "  '%s': expected %s\n", cases[k].s, cases[k].ok ? "a number" : "refusal");
        CHECK_INT(ok, cases[k].ok);
        if (ok && cases[k].ok)
            CHECK(v == cases[k].v);
    }
    CHECK(!indicator_parse_value(NULL, &(double){0}));
}

int main(void)
{
    RUN(test_values_people_and_scripts_write);
    RUN(test_values_per_format);
    RUN(test_changes_carry_their_sign);
    RUN(test_not_a_number_and_small_buffers);
    return check_report();
}
