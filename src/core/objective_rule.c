/*
 * The objectives' rule, apart from the store: the names of statuses and
 * health, periods and their calendar, an indicator's share of the way to
 * its target, and health from progress, time and confidence
 * (objective.h says the rule).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/objective.h"
#include "baton/str.h"

static const char *const status_names[] = {"active", "draft", "done", "dropped"};
static const char *const health_names[] = {"unknown", "on track", "at risk", "off track"};
static const char *const health_keys[] = {"unknown", "on_track", "at_risk", "off_track"};
#define COUNT(a) (sizeof(a) / sizeof *(a))

const char *objective_status_name(enum objective_status s)
{
    return (int)s >= 0 && (size_t)s < COUNT(status_names) ? status_names[s] : NULL;
}

bool objective_status_parse(const char *s, enum objective_status *out)
{
    for (size_t i = 0; s && i < COUNT(status_names); i++)
        if (strcasecmp(s, status_names[i]) == 0) {
            *out = (enum objective_status)i;
            return true;
        }
    return false;
}

bool objective_status_open(enum objective_status s)
{
    return s == OBJECTIVE_ACTIVE || s == OBJECTIVE_DRAFT;
}

const char *objective_health_name(enum objective_health h)
{
    return (int)h >= 0 && (size_t)h < COUNT(health_names) ? health_names[h] : "unknown";
}

const char *objective_health_key(enum objective_health h)
{
    return (int)h >= 0 && (size_t)h < COUNT(health_keys) ? health_keys[h] : "unknown";
}

/* Days since 1970-01-01 of a date of the proleptic Gregorian calendar. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* A period's parts: the months it starts and ends after (1-based first
 * month, number of months). */
static const struct {
    char letter;
    int count, months;
} period_parts[] = {{'H', 2, 6}, {'Q', 4, 3}};

int objective_period_parse(const char *s, char norm[16], int64_t *first, int64_t *end,
                           struct err *e)
{
    const char *what = "a period is a year (2027), a half (2027-H1, 2027-H2) or a quarter"
                       " (2027-Q1 to 2027-Q4)";
    size_t len = s ? strlen(s) : 0;
    bool digits = len >= 4;
    for (size_t i = 0; digits && i < 4; i++)
        digits = isdigit((unsigned char)s[i]);
    int year = digits ? atoi(s) : 0;
    if (!digits || year < 1970 || year > 9999 || (len != 4 && len != 7) || (len == 7 && s[4] != '-'))
        return err_set(e, ERR_USAGE, "no period '%s': %s", s ? s : "", what);
    int month = 1, months = 12;
    char letter = len == 7 ? (char)toupper((unsigned char)s[5]) : 0;
    if (len == 7) {
        int n = s[6] - '0';
        bool ok = false;
        for (size_t i = 0; i < COUNT(period_parts); i++)
            if (period_parts[i].letter == letter && n >= 1 && n <= period_parts[i].count) {
                months = period_parts[i].months;
                month = 1 + (n - 1) * months;
                ok = true;
            }
        if (!ok)
            return err_set(e, ERR_USAGE, "no period '%s': %s", s, what);
        snprintf(norm, 16, "%04d-%c%d", year % 10000, letter, n % 10);
    } else {
        snprintf(norm, 16, "%04d", year % 10000);
    }
    int end_month = month + months;
    *first = days_from_civil(year, month, 1);
    *end = end_month > 12 ? days_from_civil(year + 1, 1, 1) : days_from_civil(year, end_month, 1);
    return 0;
}

double objective_period_elapsed(const char *period, int64_t today)
{
    char norm[16];
    int64_t first, end;
    struct err ignore;
    if (objective_period_parse(period, norm, &first, &end, &ignore) < 0)
        return -1;
    if (today <= first)
        return 0;
    if (today >= end)
        return 1;
    return (double)(today - first) / (double)(end - first);
}

bool objective_period_within(const char *inner, const char *outer)
{
    char n1[16], n2[16];
    int64_t f1, e1, f2, e2;
    struct err ignore;
    return objective_period_parse(inner, n1, &f1, &e1, &ignore) == 0 &&
           objective_period_parse(outer, n2, &f2, &e2, &ignore) == 0 && f1 >= f2 && e1 <= e2;
}

double objective_indicator_progress(double baseline, double value, double target, bool down)
{
    /* a baseline already at or past the target leaves nothing to move:
     * the key result is to hold it, reached while the value still meets
     * the target */
    if (down ? baseline <= target : baseline >= target)
        return (down ? value <= target : value >= target) ? 1.0 : 0.0;
    double p = (value - baseline) / (target - baseline);
    return p < 0 ? 0 : p > 1 ? 1 : p;
}

enum objective_health objective_health_of(double progress, double elapsed, int confidence)
{
    enum objective_health h = OBJECTIVE_UNKNOWN;
    if (progress >= 0) {
        /* a hair of slack, so that exactly 15 points behind reads as 15 */
        double behind = elapsed - progress - 1e-9;
        h = behind > OBJECTIVE_OFF_GAP    ? OBJECTIVE_OFF_TRACK
            : behind > OBJECTIVE_RISK_GAP ? OBJECTIVE_AT_RISK
                                          : OBJECTIVE_ON_TRACK;
    }
    if (confidence >= 1) {
        enum objective_health c = confidence <= OBJECTIVE_OFF_CONFIDENCE    ? OBJECTIVE_OFF_TRACK
                                  : confidence <= OBJECTIVE_RISK_CONFIDENCE ? OBJECTIVE_AT_RISK
                                                                            : OBJECTIVE_ON_TRACK;
        if (c > h)
            h = c;
    }
    return h;
}
