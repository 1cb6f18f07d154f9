#include "baton/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static bool leap(long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(long y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : d[m - 1];
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
static int64_t days_from_civil(long y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int64_t)era * 146097 + doe - 719468;
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

bool time_parse(const char *s, btime *out)
{
    if (!s)
        return false;
    int y, mo, d, h = 0, mi = 0, sec = 0;
    if (strlen(s) < 10 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) ||
        s[7] != '-' || !digits(s + 8, 2, &d))
        return false;
    if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || y < 1900)
        return false;
    const char *p = s + 10;
    if (*p == 'T' || *p == ' ') {
        p++;
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
    int offset = 0;
    if (*p == 'Z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int oh, om;
        if (!digits(p + 1, 2, &oh) || p[3] != ':' || !digits(p + 4, 2, &om) || oh > 23 ||
            om > 59)
            return false;
        offset = (oh * 3600 + om * 60) * (*p == '-' ? -1 : 1);
        p += 6;
    }
    if (*p)
        return false;
    btime t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offset;
    /* The offset (or a leap second) can carry a time out of the years
     * 1900-9999, which time_fmt_iso could not write so that it reads back. */
    if (t < days_from_civil(1900, 1, 1) * 86400 || t >= days_from_civil(10000, 1, 1) * 86400)
        return false;
    *out = t;
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

void time_fmt_human(btime t, char out[32])
{
    /* English names whatever the locale: the minutes are read by others */
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    struct tm tm;
    civil(t, &tm);
    snprintf(out, 32, "%s %d %s %02d:%02d", days[tm.tm_wday % 7], tm.tm_mday,
             months[tm.tm_mon % 12], tm.tm_hour, tm.tm_min);
}

const char *time_human(const char *iso, char out[32])
{
    btime t;
    if (iso && strlen(iso) == 10 && time_parse(iso, &t)) {
        /* a date alone: no time of day to tell */
        time_fmt_human(t, out);
        char *sp = strrchr(out, ' ');
        if (sp)
            *sp = '\0';
    } else if (iso && time_parse(iso, &t))
        time_fmt_human(t, out);
    else
        snprintf(out, 32, "%s", iso ? iso : "-");
    return out;
}

void time_fmt_age(btime s, char out[16])
{
    if (s < 0)
        s = 0;
    if (s < 60)
        snprintf(out, 16, "%llds", (long long)s);
    else if (s < 3600)
        snprintf(out, 16, "%lldm", (long long)(s / 60));
    else if (s < 86400)
        snprintf(out, 16, "%lldh", (long long)(s / 3600));
    else if (s < 86400 * 14)
        snprintf(out, 16, "%lldd", (long long)(s / 86400));
    else if (s < 86400 * 365)
        snprintf(out, 16, "%lldw", (long long)(s / (86400 * 7)));
    else
        snprintf(out, 16, "%lldy", (long long)(s / (86400 * 365)));
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
