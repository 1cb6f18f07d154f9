#include "baton/timeutil.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "baton/str.h"
#include "tz_internal.h"

bool time_leap_year(long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int time_days_in_month(long y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && time_leap_year(y) ? 29 : d[m - 1];
}

/* Days since 1970-01-01 of a proleptic Gregorian date, and back (Howard
 * Hinnant's algorithms). */
int64_t time_days_from_civil(long y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int64_t)era * 146097 + doe - 719468;
}

void time_civil_from_days(int64_t z, long *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (long)(yoe + era * 400 + (*m <= 2));
}

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 1;
}

/* What an ISO-8601 text says: the wall-clock reading (counted as if UTC)
 * and, when it names one, the offset. */
struct iso {
    btime wall;
    bool has_time, has_offset;
    int offset;
};

static bool in_range(btime t)
{
    /* Out of the years 1900-9999 time_fmt_iso could not write a time so
     * that it reads back. */
    return t >= time_days_from_civil(1900, 1, 1) * 86400 &&
           t < time_days_from_civil(10000, 1, 1) * 86400;
}

static bool iso_read(const char *s, struct iso *r)
{
    if (!s)
        return false;
    int y, mo, d, h = 0, mi = 0, sec = 0;
    memset(r, 0, sizeof *r);
    if (strlen(s) < 10 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) ||
        s[7] != '-' || !digits(s + 8, 2, &d))
        return false;
    if (mo < 1 || mo > 12 || d < 1 || d > time_days_in_month(y, mo) || y < 1900)
        return false;
    const char *p = s + 10;
    if (*p == 'T' || *p == ' ') {
        p++;
        r->has_time = true;
        if (!digits(p, 2, &h) || p[2] != ':' || !digits(p + 3, 2, &mi))
            return false;
        p += 5;
        if (*p == ':') {
            if (!digits(p + 1, 2, &sec))
                return false;
            p += 3;
            if (*p == '.') { /* fractions of a second are accepted and dropped */
                p++;
                while (*p >= '0' && *p <= '9')
                    p++;
            }
        }
        if (h > 23 || mi > 59 || sec > 60)
            return false;
    }
    if (*p == 'Z') {
        p++;
        r->has_offset = true;
    } else if (*p == '+' || *p == '-') {
        int oh, om;
        if (!digits(p + 1, 2, &oh) || p[3] != ':' || !digits(p + 4, 2, &om) || oh > 23 ||
            om > 59)
            return false;
        r->offset = (oh * 3600 + om * 60) * (*p == '-' ? -1 : 1);
        r->has_offset = true;
        p += 6;
    }
    if (*p)
        return false;
    r->wall = time_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
    return true;
}

bool time_parse(const char *s, btime *out)
{
    struct iso r;
    if (!iso_read(s, &r) || !in_range(r.wall - r.offset))
        return false;
    *out = r.wall - r.offset;
    return true;
}

btime time_now(void)
{
    const char *env = getenv("BATON_NOW");
    btime t;
    if (env && *env && time_parse(env, &t))
        return t;
    return (btime)time(NULL);
}

static void civil(btime t, struct tm *tm)
{
    time_t tt = (time_t)t;
    gmtime_r(&tt, tm);
}

void time_fmt_iso(btime t, char out[32])
{
    struct tm tm;
    civil(t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void time_fmt_date(btime t, char out[16])
{
    struct tm tm;
    civil(t, &tm);
    strftime(out, 16, "%Y-%m-%d", &tm);
}

void time_fmt_hm(btime t, char out[16])
{
    struct tm tm;
    civil(t, &tm);
    strftime(out, 16, "%H:%M", &tm);
}

void time_fmt_age(btime s, char out[16])
{
    const btime day = 86400;
    if (s < 0)
        s = 0;
    if (s < 60)
        snprintf(out, 16, "%llds", (long long)s);
    else if (s < 3600)
        snprintf(out, 16, "%lldm", (long long)(s / 60));
    else if (s < day)
        snprintf(out, 16, "%lldh", (long long)(s / 3600));
    else if (s < 42 * day) /* so that 34.8 days is not "4w" */
        snprintf(out, 16, "%lldd", (long long)(s / day));
    else if (s < 365 * day)
        snprintf(out, 16, "%lldw", (long long)((s + 7 * day / 2) / (7 * day)));
    else
        snprintf(out, 16, "%lldy", (long long)(s / (365 * day)));
}

int time_weekday(btime t)
{
    int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    return (int)(((days % 7) + 7 + 4) % 7); /* 1970-01-01 was a Thursday */
}

btime time_day_start(btime t)
{
    int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    return days * 86400;
}

/* ---- the process's zones ---- */

/* Set once at start by the program and only read afterwards (see the
 * header): the organisation's zone and the person's (NULL: the
 * organisation's). */
static struct tzone *org_zone, *user_zone;

void time_set_org_zone(struct tzone *z)
{
    if (z == org_zone)
        return;
    tzone_free(org_zone);
    org_zone = z;
}

void time_set_user_zone(struct tzone *z)
{
    if (z == user_zone)
        return;
    tzone_free(user_zone);
    user_zone = z;
}

const struct tzone *time_org_zone(void)
{
    return org_zone;
}

const struct tzone *time_user_zone(void)
{
    return user_zone ? user_zone : org_zone;
}

int time_setup_user_zone(const char *cfg_zone, struct err *e)
{
    const char *env = getenv("TZ");
    struct tzone *z = NULL;
    struct err why;
    if (env && *env) {
        if (tzone_load(env, true, &z, &why) < 0)
            return err_set(e, ERR_USAGE, "TZ: %s, or unset TZ", why.msg);
    } else if (cfg_zone && *cfg_zone) {
        if (tzone_load(cfg_zone, false, &z, &why) < 0)
            return err_set(e, ERR_USAGE, "timezone in the configuration: %s", why.msg);
    }
    time_set_user_zone(z);
    return 0;
}

bool time_user_zone_differs(void)
{
    return user_zone && strcmp(tzone_name(user_zone), tzone_name(org_zone)) != 0;
}

/* ---- calendars ---- */

struct civil {
    long y;
    int mo, d, h, mi, s;
};

/* The wall-clock reading of t in z. */
static void civil_in(const struct tzone *z, btime t, struct civil *c, const char **abbr)
{
    btime w = t + tzone_offset(z, t, abbr);
    int64_t days = w >= 0 ? w / 86400 : (w - 86399) / 86400;
    btime secs = w - days * 86400;
    time_civil_from_days(days, &c->y, &c->mo, &c->d);
    c->h = (int)(secs / 3600);
    c->mi = (int)(secs / 60 % 60);
    c->s = (int)(secs % 60);
}

static void fmt_date(const struct civil *c, char out[16])
{
    snprintf(out, 16, "%04ld-%02d-%02d", c->y % 10000, c->mo, c->d);
}

int64_t time_org_day_number(btime t)
{
    struct civil c;
    civil_in(org_zone, t, &c, NULL);
    return time_days_from_civil(c.y, c.mo, c.d);
}

void time_org_date(btime t, char out[16])
{
    struct civil c;
    civil_in(org_zone, t, &c, NULL);
    fmt_date(&c, out);
}

int time_org_weekday(btime t)
{
    return (int)(((time_org_day_number(t) % 7) + 7 + 4) % 7); /* 1970-01-01: a Thursday */
}

/* The first instant of local day `day` (days since the epoch) in z, or
 * hours after it: the wall time read with the offset before a change when
 * the clocks skip it. */
static btime wall_to_instant(const struct tzone *z, btime wall)
{
    btime out[2], gap[2];
    int n = tzone_resolve(z, wall, out, gap);
    return n ? out[0] : gap[0];
}

btime time_org_day_start(btime t, int days)
{
    return wall_to_instant(org_zone, (time_org_day_number(t) + days) * 86400);
}

/* ---- writing ---- */

void time_fmt_zone(const struct tzone *z, btime t, unsigned what, char out[TIME_SHOW_MAX])
{
    struct civil c;
    const char *abbr = "UTC";
    civil_in(z, t, &c, &abbr);
    size_t n = 0;
    out[0] = 0;
    if (what & TF_DATE) {
        fmt_date(&c, out);
        n = strlen(out);
    }
    if (what & TF_HM)
        n += (size_t)snprintf(out + n, TIME_SHOW_MAX - n, "%s%02d:%02d", n ? " " : "", c.h, c.mi);
    bool zone = (what & TF_ZONE) || ((what & TF_ZONE_IF_OTHER) && time_user_zone_differs());
    if (zone && n < TIME_SHOW_MAX)
        snprintf(out + n, TIME_SHOW_MAX - n, "%s%s", n ? " " : "", abbr);
}

void time_show(btime t, char out[TIME_SHOW_MAX])
{
    time_fmt_zone(time_user_zone(), t, TF_DATE | TF_HM | TF_ZONE_IF_OTHER, out);
}

void time_show_hm(btime t, char out[TIME_SHOW_MAX])
{
    time_fmt_zone(time_user_zone(), t, TF_HM | TF_ZONE_IF_OTHER, out);
}

void time_show_date(btime t, char out[16])
{
    struct civil c;
    civil_in(time_user_zone(), t, &c, NULL);
    fmt_date(&c, out);
}

bool time_show_text(const char *iso, char out[TIME_SHOW_MAX])
{
    btime t;
    if (!iso || !time_parse(iso, &t)) {
        snprintf(out, TIME_SHOW_MAX, "-");
        return false;
    }
    time_show(t, out);
    return true;
}

void time_org_show(btime t, char out[TIME_SHOW_MAX])
{
    time_fmt_zone(org_zone, t, TF_DATE | TF_HM | TF_ZONE, out);
}

/* ---- reading ---- */

/* 2026-10-25T02:30+02:00: t as read in z, with the offset then. */
static void fmt_with_offset(const struct tzone *z, btime t, char out[48])
{
    const char *abbr;
    int off = tzone_offset(z, t, &abbr);
    struct civil c;
    civil_in(z, t, &c, NULL);
    int a = off < 0 ? -off : off;
    snprintf(out, 48, "%04ld-%02d-%02dT%02d:%02d%c%02d:%02d (%s)", c.y % 10000, c.mo, c.d, c.h,
             c.mi, off < 0 ? '-' : '+', a / 3600, a / 60 % 60, abbr);
}

/* The local wall time typed as one instant, or the refusal naming both
 * readings. */
static int resolve_typed(const char *s, btime wall, btime *out, struct err *e)
{
    const struct tzone *z = time_user_zone();
    btime v[2], gap[2];
    char a[48], b[48];
    int n = tzone_resolve(z, wall, v, gap);
    if (n == 1) {
        *out = v[0];
        return 0;
    }
    if (n == 2) {
        fmt_with_offset(z, v[0], a);
        fmt_with_offset(z, v[1], b);
        return err_set(e, ERR_USAGE,
                       "'%s' happens twice in %s (the clocks go back): type %s or %s", s,
                       tzone_name(z), a, b);
    }
    fmt_with_offset(z, gap[0], a);
    fmt_with_offset(z, gap[1], b);
    return err_set(e, ERR_USAGE,
                   "'%s' does not exist in %s (the clocks skip it): type %s or %s", s,
                   tzone_name(z), a, b);
}

static const char *const weekdays[] = {"sunday",   "monday", "tuesday", "wednesday",
                                       "thursday", "friday", "saturday"};

/* How many days after today a day preset means; -1 when s is none. */
static long preset_days(const char *s, btime now)
{
    if (strcmp(s, "today") == 0)
        return 0;
    if (strcmp(s, "tomorrow") == 0)
        return 1;
    size_t len = strlen(s);
    for (int i = 0; i < 7 && len >= 3; i++)
        if (strncmp(s, weekdays[i], len) == 0) {
            struct civil c;
            civil_in(time_user_zone(), now, &c, NULL);
            int64_t today = time_days_from_civil(c.y, c.mo, c.d);
            int wd = (int)(((today % 7) + 7 + 4) % 7);
            int ahead = (i - wd + 7) % 7;
            return ahead ? ahead : 7;
        }
    if (s[0] == '+' && len >= 3 && (s[len - 1] == 'd' || s[len - 1] == 'w')) {
        long n = 0;
        for (size_t k = 1; k + 1 < len; k++) {
            if (s[k] < '0' || s[k] > '9' || n > 100000)
                return -1;
            n = n * 10 + (s[k] - '0');
        }
        return s[len - 1] == 'w' ? n * 7 : n;
    }
    return -1;
}

/* The user's local day number of now, plus days. */
static int64_t user_day(btime now, long days)
{
    struct civil c;
    civil_in(time_user_zone(), now, &c, NULL);
    return time_days_from_civil(c.y, c.mo, c.d) + days;
}

static int bad_time(const char *s, struct err *e)
{
    return err_set(e, ERR_USAGE, "'%s' is not a time; type " TIME_INPUT_HELP, s);
}

int time_input(const char *typed, btime now, btime *out, struct err *e)
{
    char s[64];
    size_t len = typed ? strlen(typed) : 0;
    if (!typed || len == 0 || len >= sizeof s)
        return bad_time(typed ? typed : "", e);
    for (size_t i = 0; i <= len; i++)
        s[i] = (char)tolower((unsigned char)typed[i]);
    struct iso r;
    if (iso_read(typed, &r)) {
        if (r.has_offset) {
            if (!in_range(r.wall - r.offset))
                return bad_time(typed, e);
            *out = r.wall - r.offset;
            return 0;
        }
        int rc = r.has_time ? resolve_typed(typed, r.wall, out, e)
                            : (*out = wall_to_instant(time_user_zone(), r.wall), 0);
        if (rc == 0 && !in_range(*out))
            return bad_time(typed, e);
        return rc;
    }
    if (strcmp(s, "now") == 0) {
        *out = now;
        return 0;
    }
    if (s[0] == '+' && len >= 3 && s[len - 1] == 'h') {
        long n = 0;
        for (size_t k = 1; k + 1 < len; k++) {
            if (s[k] < '0' || s[k] > '9' || n > 1000000)
                return bad_time(typed, e);
            n = n * 10 + (s[k] - '0');
        }
        *out = now + (btime)n * 3600;
        return in_range(*out) ? 0 : bad_time(typed, e);
    }
    long days = preset_days(s, now);
    if (days < 0)
        return bad_time(typed, e);
    *out = wall_to_instant(time_user_zone(), user_day(now, days) * 86400 + 9 * 3600);
    return in_range(*out) ? 0 : bad_time(typed, e);
}

int time_input_date(const char *typed, btime now, char out[16], struct err *e)
{
    char s[64];
    size_t len = typed ? strlen(typed) : 0;
    if (typed && len < sizeof s) {
        for (size_t i = 0; i <= len; i++)
            s[i] = (char)tolower((unsigned char)typed[i]);
        struct iso r;
        if (iso_read(typed, &r) && !r.has_time && !r.has_offset) {
            snprintf(out, 16, "%.10s", typed);
            return 0;
        }
        long days = preset_days(s, now);
        if (days >= 0 && in_range(user_day(now, days) * 86400)) {
            struct civil c;
            time_civil_from_days(user_day(now, days), &c.y, &c.mo, &c.d);
            fmt_date(&c, out);
            return 0;
        }
    }
    return err_set(e, ERR_USAGE, "'%s' is not a date; type " DATE_INPUT_HELP,
                   typed ? typed : "");
}

/* ---- minutes and reports ---- */

/* English names whatever the locale: the minutes are read by others */
static const char *const day_names[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char *const month_names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* "Thu 26 Nov" of a day counted since the epoch. */
static int human_day(int64_t day, char out[32])
{
    long y;
    int mo, d;
    time_civil_from_days(day, &y, &mo, &d);
    return snprintf(out, 32, "%s %d %s", day_names[((day % 7) + 7 + 4) % 7], d,
                    month_names[(mo - 1) % 12]);
}

/* "Thu 26 Nov 09:12" in z, then z's abbreviation when z is the person's
 * zone and it is not the organisation's; size is out's. */
static void fmt_human_in(const struct tzone *z, btime t, char *out, size_t size)
{
    struct civil c;
    const char *abbr = "UTC";
    civil_in(z, t, &c, &abbr);
    int n = human_day(time_days_from_civil(c.y, c.mo, c.d), out);
    if (n <= 0 || (size_t)n >= size)
        return;
    n += snprintf(out + n, size - (size_t)n, " %02d:%02d", c.h, c.mi);
    if (z == time_user_zone() && time_user_zone_differs() && n > 0 && (size_t)n < size)
        snprintf(out + n, size - (size_t)n, " %s", abbr);
}

static const char *human_text(const struct tzone *z, const char *iso, char *out, size_t size)
{
    btime t;
    if (iso && strlen(iso) == 10 && time_parse(iso, &t))
        human_day(t / 86400, out); /* a date alone: its own day, no time of day */
    else if (iso && time_parse(iso, &t))
        fmt_human_in(z, t, out, size);
    else
        snprintf(out, size, "%s", iso ? iso : "-");
    return out;
}

void time_fmt_human(btime t, char out[32])
{
    fmt_human_in(org_zone, t, out, 32);
}

const char *time_human(const char *iso, char out[32])
{
    return human_text(org_zone, iso, out, 32);
}

const char *time_human_in(const struct tzone *z, const char *iso, char out[TIME_SHOW_MAX])
{
    return human_text(z, iso, out, TIME_SHOW_MAX);
}
