/*
 * What an indicator's values say and how they read: the status of a value
 * under the indicator's direction, target and thresholds (the C side of
 * the rules that SQL_READING_STATUS follows in the database), the
 * thresholds' order, and a value written in the indicator's format
 * (number, percent, currency, duration). Pure: no database here.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/indicator.h"
#include "baton/str.h"

/* ---- status ----------------------------------------------------------- */

enum health indicator_status(const struct indicator *i, double value)
{
    /* Lower-is-better mirrors higher-is-better: compare the negated values. */
    double sign = i->direction == DIRECTION_DOWN ? -1.0 : 1.0;
    double v = sign * value;
    if (i->has_red || i->has_amber) {
        if (i->has_red && v < sign * i->red)
            return HEALTH_RED;
        if (i->has_amber && v < sign * i->amber)
            return HEALTH_AMBER;
        return HEALTH_GREEN;
    }
    if (i->has_target && v < sign * i->target)
        return HEALTH_RED;
    return HEALTH_GREEN;
}

int indicator_check_thresholds(enum direction d, const struct indicator_target *t,
                               const char *key, struct err *e)
{
    if ((t->has_target && !isfinite(t->target)) || (t->has_amber && !isfinite(t->amber)) ||
        (t->has_red && !isfinite(t->red)))
        return err_set(e, ERR_USAGE, "target and thresholds of %s must be finite numbers", key);
    /* Ordered from worst to best: red, amber, target. */
    const struct {
        bool has;
        double v;
        const char *name;
    } order[] = {{t->has_red, t->red, "red"},
                 {t->has_amber, t->amber, "amber"},
                 {t->has_target, t->target, "target"}};
    bool up = d != DIRECTION_DOWN;
    for (size_t a = 0; a < 3; a++)
        for (size_t b = a + 1; b < 3; b++) {
            if (!order[a].has || !order[b].has)
                continue;
            bool ok = up ? order[a].v <= order[b].v : order[a].v >= order[b].v;
            if (!ok)
                return err_set(e, ERR_USAGE,
                               "%s of %s must be %s %s when %s is better (red %s amber %s "
                               "target)",
                               order[a].name, key, up ? "at most" : "at least", order[b].name,
                               up ? "higher" : "lower", up ? "<=" : ">=", up ? "<=" : ">=");
        }
    return 0;
}

bool indicator_parse_value(const char *s, double *out)
{
    return str_to_number(s, out, NULL, 0);
}

/* ---- formatting ------------------------------------------------------- */

/* Digits of text (an optional '-', digits, an optional fraction) with ','
 * between thousands, appended to sb. */
static void add_grouped(struct strbuf *sb, const char *text)
{
    if (*text == '-')
        sb_addc(sb, *text++);
    size_t int_len = strcspn(text, ".");
    for (size_t k = 0; k < int_len; k++) {
        if (k && (int_len - k) % 3 == 0)
            sb_addc(sb, ',');
        sb_addc(sb, text[k]);
    }
    sb_add(sb, text + int_len);
}

/* Removes trailing zeros of a fraction, and the point if nothing is left. */
static void trim_zeros(char *s)
{
    if (!strchr(s, '.'))
        return;
    size_t len = strlen(s);
    while (len && s[len - 1] == '0')
        s[--len] = '\0';
    if (len && s[len - 1] == '.')
        s[--len] = '\0';
}

/* |v| with `decimals` digits, grouped, trailing zeros trimmed when trim. */
static void add_fixed(struct strbuf *sb, double v, int decimals, bool trim)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%.*f", decimals, v);
    if (trim)
        trim_zeros(buf);
    if (strcmp(buf, "-0") == 0)
        strcpy(buf, "0");
    add_grouped(sb, buf);
}

/* Large values in three significant digits: "5.05M", "12.3B". Returns
 * false when v is below a million. */
static bool add_compact(struct strbuf *sb, double v)
{
    static const struct {
        double scale;
        const char *suffix;
    } scales[] = {{1e12, "T"}, {1e9, "B"}, {1e6, "M"}};
    double a = fabs(v);
    if (a < 1e6 || a >= 1e15)
        return false;
    for (size_t k = 0; k < sizeof scales / sizeof scales[0]; k++) {
        if (a < scales[k].scale)
            continue;
        double m = a / scales[k].scale;
        int dec = m >= 100 ? 0 : m >= 10 ? 1 : 2;
        char buf[32];
        snprintf(buf, sizeof buf, "%.*f", dec, m);
        /* 999.96M rounds to 1000M: say 1B instead. */
        if (strtod(buf, NULL) >= 1000 && k > 0) {
            m = a / scales[k - 1].scale;
            snprintf(buf, sizeof buf, "%.2f", m);
            k--;
        }
        trim_zeros(buf);
        if (v < 0)
            sb_addc(sb, '-');
        sb_add(sb, buf);
        sb_add(sb, scales[k].suffix);
        return true;
    }
    return false;
}

/* A plain number: whole numbers grouped, fractions to two decimals, small
 * fractions to three significant digits. */
static void add_number(struct strbuf *sb, double v)
{
    if (add_compact(sb, v))
        return;
    double a = fabs(v);
    int dec = 2;
    if (a > 0 && a < 1) {
        dec = 2 - (int)floor(log10(a));
        if (dec > 12)
            dec = 12;
    }
    add_fixed(sb, v, dec, true);
}

static void add_currency(struct strbuf *sb, double v)
{
    if (add_compact(sb, v))
        return;
    bool whole = fabs(v - round(v)) < 0.005;
    add_fixed(sb, v, whole ? 0 : 2, false);
}

/* Seconds per duration unit, by the names people write. */
static const struct {
    const char *name;
    double seconds;
} duration_units[] = {
    {"s", 1},         {"sec", 1},        {"secs", 1},        {"second", 1},
    {"seconds", 1},   {"m", 60},         {"min", 60},        {"mins", 60},
    {"minute", 60},   {"minutes", 60},   {"h", 3600},        {"hr", 3600},
    {"hrs", 3600},    {"hour", 3600},    {"hours", 3600},    {"d", 86400},
    {"day", 86400},   {"days", 86400},   {"w", 604800},      {"wk", 604800},
    {"week", 604800}, {"weeks", 604800},
};

static bool duration_factor(const char *unit, double *out)
{
    if (str_empty(unit)) {
        *out = 1;
        return true;
    }
    for (size_t k = 0; k < sizeof duration_units / sizeof duration_units[0]; k++)
        if (strcmp(unit, duration_units[k].name) == 0) {
            *out = duration_units[k].seconds;
            return true;
        }
    return false;
}

/* The two largest parts of a duration in seconds: "63d", "1d 12h",
 * "1h 24m", "5m 30s", "45s", "0.5s". */
static void add_duration(struct strbuf *sb, double secs)
{
    if (secs < 0) {
        sb_addc(sb, '-');
        secs = -secs;
    }
    if (secs < 59.95) {
        add_fixed(sb, secs, secs < 10 ? 1 : 0, true);
        sb_addc(sb, 's');
        return;
    }
    static const struct {
        double big, small;
        const char *b, *s;
    } steps[] = {{86400, 3600, "d", "h"}, {3600, 60, "h", "m"}, {60, 1, "m", "s"}};
    for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++) {
        /* Rounded to the smaller part first, so 1h 59m 59.9s is 2h. */
        double t = round(secs / steps[k].small) * steps[k].small;
        if (t < steps[k].big)
            continue;
        long long bigs = (long long)(t / steps[k].big);
        long long smalls = (long long)round((t - (double)bigs * steps[k].big) / steps[k].small);
        sb_addf(sb, "%lld%s", bigs, steps[k].b);
        if (smalls)
            sb_addf(sb, " %lld%s", smalls, steps[k].s);
        return;
    }
}

static void format_into(const struct indicator *i, double v, bool sign, char *out, size_t n)
{
    if (!n)
        return;
    if (!isfinite(v)) {
        snprintf(out, n, "-");
        return;
    }
    struct strbuf sb;
    sb_init(&sb);
    if (sign && v > 0)
        sb_addc(&sb, '+');
    const char *f = i->format ? i->format : "number";
    const char *unit = str_empty(i->unit) ? NULL : i->unit;
    double factor;
    if (strcmp(f, "percent") == 0) {
        add_fixed(&sb, v, 2, true);
        sb_addc(&sb, '%');
    } else if (strcmp(f, "currency") == 0) {
        add_currency(&sb, v);
        if (unit)
            sb_addf(&sb, " %s", unit);
    } else if (strcmp(f, "duration") == 0 && duration_factor(unit, &factor)) {
        add_duration(&sb, v * factor);
    } else {
        add_number(&sb, v);
        if (unit)
            sb_addf(&sb, strcmp(unit, "%") == 0 ? "%s" : " %s", unit);
    }
    snprintf(out, n, "%s", sb_str(&sb));
    sb_fini(&sb);
}

void indicator_format(const struct indicator *i, double v, char *out, size_t n)
{
    format_into(i, v, false, out, n);
}

void indicator_format_delta(const struct indicator *i, double d, char *out, size_t n)
{
    format_into(i, d, true, out, n);
}
