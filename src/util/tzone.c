/*
 * Time zones, read once from the system's zoneinfo (TZif files, RFC 8536)
 * into a table of spans: from this instant on, this offset and this
 * abbreviation. Past the file's last transition the zone's POSIX rule (the
 * file's footer, or a TZ value such as "CET-1CEST,M3.5.0,M10.5.0/3") is
 * unrolled into the same table up to the year 2200, so a lookup is one
 * binary search whatever the date. A loaded zone is never changed again:
 * any thread may read it, and nothing here touches TZ or the C library's
 * own zone state.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/str.h"
#include "baton/timeutil.h"
#include "tz_internal.h"

#define LAST_YEAR 2200
#define TZIF_MAX (1 << 20)

struct tz_span {
    btime from;
    int32_t off; /* seconds east of UTC */
    char abbr[TZ_ABBR_MAX];
};

struct tzone {
    char name[TZ_NAME_MAX];
    struct tz_span *v; /* v[0].from is the smallest btime */
    size_t n, cap;
};

/* ---- the table ---- */

static void add_span(struct tzone *z, btime from, int32_t off, const char *abbr)
{
    if (z->n && z->v[z->n - 1].off == off && strcmp(z->v[z->n - 1].abbr, abbr) == 0)
        return; /* no change a person could see */
    if (z->n && from <= z->v[z->n - 1].from) {
        if (z->n == 1 || from > z->v[z->n - 2].from) { /* two changes at one instant */
            z->v[z->n - 1].off = off;
            snprintf(z->v[z->n - 1].abbr, TZ_ABBR_MAX, "%s", abbr);
        }
        return;
    }
    z->v = xgrow(z->v, z->n, &z->cap, sizeof *z->v);
    struct tz_span *s = &z->v[z->n++];
    s->from = z->n == 1 ? INT64_MIN : from;
    s->off = off;
    snprintf(s->abbr, TZ_ABBR_MAX, "%s", abbr);
}

static size_t span_at(const struct tzone *z, btime t)
{
    size_t lo = 0, hi = z->n; /* v[lo].from <= t < v[hi].from */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (z->v[mid].from <= t)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

int tzone_offset(const struct tzone *z, btime t, const char **abbr)
{
    if (!z || !z->n) {
        if (abbr)
            *abbr = "UTC";
        return 0;
    }
    const struct tz_span *s = &z->v[span_at(z, t)];
    if (abbr)
        *abbr = s->abbr;
    return s->off;
}

int tzone_resolve(const struct tzone *z, btime wall, btime out[2], btime gap[2])
{
    if (!z || !z->n) {
        out[0] = wall;
        return 1;
    }
    /* Offsets stay within a day and a bit of UTC: the spans that can hold
     * the answer are those around wall itself. */
    size_t a = span_at(z, wall - 26 * 3600), b = span_at(z, wall + 26 * 3600);
    int n = 0;
    for (size_t i = a; i <= b && n < 2; i++) {
        btime t = wall - z->v[i].off;
        if (t >= z->v[i].from && (i + 1 == z->n || t < z->v[i + 1].from))
            out[n++] = t;
    }
    if (n == 0 && gap) {
        /* In a gap: the same wall time read with the offsets on either
         * side of the change (later, then earlier). */
        size_t i = span_at(z, wall - z->v[b].off);
        size_t before = i, after = i + 1 < z->n ? i + 1 : i;
        gap[0] = wall - z->v[before].off;
        gap[1] = wall - z->v[after].off;
    }
    return n;
}

const char *tzone_name(const struct tzone *z)
{
    return z ? z->name : "UTC";
}

void tzone_free(struct tzone *z)
{
    if (!z)
        return;
    free(z->v);
    free(z);
}

/* ---- POSIX rules ---- */

struct rule_day {
    char kind; /* 'J' (1-365, no Feb 29), 'N' (0-365), 'M' (month.week.day) */
    int a, b, c;
    int secs; /* local time of the change */
};

struct posix_tz {
    char std[TZ_ABBR_MAX], dst[TZ_ABBR_MAX];
    int32_t std_off, dst_off; /* east of UTC */
    bool has_dst;
    struct rule_day start, end;
};

static const char *posix_abbr(const char *p, char out[TZ_ABBR_MAX])
{
    size_t n = 0;
    if (*p == '<') {
        p++;
        while (*p && *p != '>' && n + 1 < TZ_ABBR_MAX)
            out[n++] = *p++;
        if (*p != '>')
            return NULL;
        p++;
    } else {
        while (((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) && n + 1 < TZ_ABBR_MAX)
            out[n++] = *p++;
    }
    out[n] = 0;
    return n >= 3 ? p : NULL;
}

static const char *posix_num(const char *p, int *v, int max)
{
    if (*p < '0' || *p > '9')
        return NULL;
    int n = 0;
    while (*p >= '0' && *p <= '9') {
        n = n * 10 + (*p++ - '0');
        if (n > max)
            return NULL;
    }
    *v = n;
    return p;
}

/* [+-]hh[:mm[:ss]], in seconds. */
static const char *posix_hms(const char *p, int *secs, int max_hours)
{
    int sign = 1, h, m = 0, s = 0;
    if (*p == '+' || *p == '-')
        sign = *p++ == '-' ? -1 : 1;
    if (!(p = posix_num(p, &h, max_hours)))
        return NULL;
    if (*p == ':' && !(p = posix_num(p + 1, &m, 59)))
        return NULL;
    if (p && *p == ':' && !(p = posix_num(p + 1, &s, 59)))
        return NULL;
    *secs = sign * (h * 3600 + m * 60 + s);
    return p;
}

static const char *posix_rule(const char *p, struct rule_day *r)
{
    if (*p == 'M') {
        r->kind = 'M';
        if (!(p = posix_num(p + 1, &r->a, 12)) || *p != '.' ||
            !(p = posix_num(p + 1, &r->b, 5)) || *p != '.' ||
            !(p = posix_num(p + 1, &r->c, 6)) || r->a < 1 || r->b < 1)
            return NULL;
    } else if (*p == 'J') {
        r->kind = 'J';
        if (!(p = posix_num(p + 1, &r->a, 365)) || r->a < 1)
            return NULL;
    } else {
        r->kind = 'N';
        if (!(p = posix_num(p, &r->a, 365)))
            return NULL;
    }
    r->secs = 7200;
    if (*p == '/' && !(p = posix_hms(p + 1, &r->secs, 167)))
        return NULL;
    return p;
}

static bool posix_parse(const char *p, struct posix_tz *tz)
{
    int off;
    memset(tz, 0, sizeof *tz);
    if (!(p = posix_abbr(p, tz->std)) || !(p = posix_hms(p, &off, 24)))
        return false;
    tz->std_off = -off; /* POSIX counts west of UTC */
    if (!*p)
        return true;
    if (!(p = posix_abbr(p, tz->dst)))
        return false;
    tz->has_dst = true;
    tz->dst_off = tz->std_off + 3600;
    if (*p && *p != ',') {
        if (!(p = posix_hms(p, &off, 24)))
            return false;
        tz->dst_off = -off;
    }
    if (!*p) { /* no rule given: the United States' */
        tz->start = (struct rule_day){'M', 3, 2, 0, 7200};
        tz->end = (struct rule_day){'M', 11, 1, 0, 7200};
        return true;
    }
    if (*p != ',' || !(p = posix_rule(p + 1, &tz->start)) || *p != ',' ||
        !(p = posix_rule(p + 1, &tz->end)))
        return false;
    return *p == 0;
}

/* The day (since the epoch) a rule names in year y. */
static int64_t rule_day(const struct rule_day *r, long y)
{
    int64_t jan1 = time_days_from_civil(y, 1, 1);
    if (r->kind == 'J')
        return jan1 + r->a - 1 + (time_leap_year(y) && r->a >= 60);
    if (r->kind == 'N')
        return jan1 + r->a;
    int64_t first = time_days_from_civil(y, r->a, 1);
    int wd = (int)(((first % 7) + 7 + 4) % 7);
    int day = 1 + (r->c - wd + 7) % 7 + (r->b - 1) * 7;
    while (day > time_days_in_month(y, r->a))
        day -= 7;
    return first + day - 1;
}

/* Unrolls the rule's changes after the table's last one, to LAST_YEAR. */
static void posix_unroll(struct tzone *z, const struct posix_tz *tz, long from_year)
{
    if (!tz->has_dst) {
        add_span(z, z->n ? z->v[z->n - 1].from + 1 : 0, tz->std_off, tz->std);
        return;
    }
    btime last = z->n ? z->v[z->n - 1].from : INT64_MIN;
    for (long y = from_year; y <= LAST_YEAR; y++) {
        btime on = rule_day(&tz->start, y) * 86400 + tz->start.secs - tz->std_off;
        btime off = rule_day(&tz->end, y) * 86400 + tz->end.secs - tz->dst_off;
        struct {
            btime at;
            bool dst;
        } ch[2] = {{on, true}, {off, false}};
        if (off < on) {
            ch[0].at = off, ch[0].dst = false;
            ch[1].at = on, ch[1].dst = true;
        }
        for (int k = 0; k < 2; k++)
            if (ch[k].at > last)
                add_span(z, ch[k].at, ch[k].dst ? tz->dst_off : tz->std_off,
                         ch[k].dst ? tz->dst : tz->std);
    }
}

/* ---- TZif ---- */

static int64_t be(const unsigned char *p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v = v << 8 | p[i];
    if (n == 4)
        return (int32_t)(uint32_t)v;
    return (int64_t)v;
}

/* Reads the data block at p (times of tsize bytes); false when short or
 * inconsistent. *end is set past the block. */
static bool tzif_block(struct tzone *z, const unsigned char *p, size_t len, int tsize,
                       size_t *end)
{
    if (len < 44 || memcmp(p, "TZif", 4) != 0)
        return false;
    int64_t isut = be(p + 20, 4), isstd = be(p + 24, 4), leap = be(p + 28, 4),
            timecnt = be(p + 32, 4), typecnt = be(p + 36, 4), charcnt = be(p + 40, 4);
    if (isut < 0 || isstd < 0 || leap < 0 || timecnt < 0 || typecnt < 1 || typecnt > 256 ||
        charcnt < 0 || timecnt > 100000 || charcnt > 10000 || leap > 10000)
        return false;
    size_t need = 44 + (size_t)timecnt * (size_t)tsize + (size_t)timecnt + (size_t)typecnt * 6 +
                  (size_t)charcnt + (size_t)leap * (size_t)(tsize + 4) + (size_t)isstd +
                  (size_t)isut;
    if (need > len)
        return false;
    *end = need;
    if (!z)
        return true;
    const unsigned char *times = p + 44, *idx = times + timecnt * tsize,
                        *types = idx + timecnt, *chars = types + typecnt * 6;
    for (int64_t i = 0; i < typecnt; i++) {
        int64_t off = be(types + i * 6, 4);
        if (types[i * 6 + 5] >= charcnt || off < -26 * 3600 || off > 26 * 3600)
            return false;
    }
    for (int64_t i = 0; i <= timecnt; i++) {
        int type = i == 0 ? 0 : idx[i - 1];
        if (type >= typecnt)
            return false;
        const unsigned char *ti = types + type * 6;
        char abbr[TZ_ABBR_MAX];
        size_t k = 0, a = ti[5];
        while (a + k < (size_t)charcnt && chars[a + k] && k + 1 < TZ_ABBR_MAX) {
            abbr[k] = (char)chars[a + k];
            k++;
        }
        abbr[k] = 0;
        btime from = i == 0 ? INT64_MIN : be(times + (i - 1) * tsize, tsize);
        add_span(z, from, (int32_t)be(ti, 4), abbr);
    }
    return true;
}

static bool tzif_parse(struct tzone *z, const unsigned char *p, size_t len)
{
    size_t v1;
    if (!tzif_block(NULL, p, len, 4, &v1))
        return false;
    if (p[4] == 0) /* version 1: 32-bit times and no rule */
        return tzif_block(z, p, len, 4, &v1);
    size_t v2;
    if (!tzif_block(z, p + v1, len - v1, 8, &v2))
        return false;
    const char *foot = (const char *)p + v1 + v2;
    size_t flen = len - v1 - v2;
    if (flen < 2 || foot[0] != '\n')
        return true;
    char rule[128];
    size_t k = 0;
    while (k + 1 < flen && foot[k + 1] != '\n' && k + 1 < sizeof rule) {
        rule[k] = foot[k + 1];
        k++;
    }
    rule[k] = 0;
    struct posix_tz tz;
    if (k && posix_parse(rule, &tz)) {
        long y = 1970;
        if (z->n > 1) {
            int64_t d = z->v[z->n - 1].from / 86400;
            long yy;
            int mm, dd;
            time_civil_from_days(d, &yy, &mm, &dd);
            y = yy;
        }
        posix_unroll(z, &tz, y);
    }
    return true;
}

/* ---- loading ---- */

int tzone_from_tzif(const char *name, const void *data, size_t len, struct tzone **out,
                    struct err *e)
{
    struct tzone *z = xcalloc(1, sizeof *z);
    snprintf(z->name, sizeof z->name, "%s", name ? name : "");
    if (!tzif_parse(z, data, len) || !z->n) {
        tzone_free(z);
        *out = NULL;
        return err_set(e, ERR_USAGE, "%s: not a zoneinfo (TZif) file", name ? name : "");
    }
    *out = z;
    return 0;
}

bool tzone_name_ok(const char *name)
{
    if (!name || !*name || name[0] == '/' || name[0] == '-' || strlen(name) >= TZ_NAME_MAX)
        return false;
    if (strstr(name, ".."))
        return false;
    for (const char *p = name; *p; p++) {
        char ch = *p;
        if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
              ch == '/' || ch == '_' || ch == '-' || ch == '+'))
            return false;
    }
    return true;
}

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    unsigned char *buf = xmalloc(TZIF_MAX);
    *len = fread(buf, 1, TZIF_MAX, f);
    bool bad = ferror(f) || *len == TZIF_MAX;
    fclose(f);
    if (bad) {
        free(buf);
        return NULL;
    }
    return buf;
}

static bool is_utc(const char *s)
{
    return strcmp(s, "UTC") == 0 || strcmp(s, "Etc/UTC") == 0 || strcmp(s, "UTC0") == 0 ||
           strcmp(s, "Z") == 0 || strcmp(s, "Zulu") == 0 || strcmp(s, "Etc/Zulu") == 0 ||
           strcmp(s, "GMT") == 0 || strcmp(s, "Etc/GMT") == 0 || strcmp(s, "UCT") == 0;
}

int tzone_load(const char *spec, bool posix_ok, struct tzone **out, struct err *e)
{
    *out = NULL;
    const char *name = spec ? spec : "";
    if (*name == ':')
        name++;
    struct tzone *z = xcalloc(1, sizeof *z);
    snprintf(z->name, sizeof z->name, "%s", name);
    if (!*name || strlen(name) >= TZ_NAME_MAX) {
        free(z);
        return err_set(e, ERR_USAGE, "'%s' is not a time zone (use an IANA name such as "
                                     "Europe/Paris)",
                       spec ? spec : "");
    }
    bool absolute = posix_ok && name[0] == '/' && !strstr(name, "..");
    if (tzone_name_ok(name) || absolute) {
        char path[4096];
        const char *dir = getenv("TZDIR");
        if (absolute)
            snprintf(path, sizeof path, "%s", name);
        else
            snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo",
                     name);
        size_t len = 0;
        unsigned char *buf = slurp(path, &len);
        bool ok = buf && tzif_parse(z, buf, len);
        free(buf);
        if (ok && z->n) {
            *out = z;
            return 0;
        }
        z->n = 0;
    }
    struct posix_tz tz;
    if (is_utc(name) || (posix_ok && posix_parse(name, &tz))) {
        if (is_utc(name))
            add_span(z, 0, 0, "UTC");
        else if (tz.has_dst)
            posix_unroll(z, &tz, 1900);
        else
            add_span(z, 0, tz.std_off, tz.std);
        *out = z;
        return 0;
    }
    free(z->v);
    free(z);
    if (!tzone_name_ok(name))
        return err_set(e, ERR_USAGE,
                       "'%s' is not a time zone (use an IANA name such as Europe/Paris)", name);
    return err_set(e, ERR_USAGE,
                   "unknown time zone '%s' (use an IANA name such as Europe/Paris; is tzdata "
                   "installed?)",
                   name);
}
