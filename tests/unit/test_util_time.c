/* Time zones: reading what a person types and writing times in their zone
 * and the organisation's, across both changes of the clocks and a year's
 * end, in zones with whole, half and three-quarter hour offsets. */
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "baton/err.h"
#include "baton/timeutil.h"

/* Makes name both zones (the organisation's and the person's). */
static void zones(const char *org, const char *user)
{
    struct tzone *o = NULL, *u = NULL;
    struct err e;
    err_clear(&e);
    CHECK_INT(tzone_load(org, false, &o, &e), 0);
    time_set_org_zone(o);
    if (user)
        CHECK_INT(tzone_load(user, true, &u, &e), 0);
    time_set_user_zone(u);
}

static btime at(const char *iso)
{
    btime t = 0;
    if (!time_parse(iso, &t))
        fprintf(stderr, "bad time in a test: %s\n", iso);
    return t;
}

/* What typed reads as, at now, as UTC ISO text ("refused: ..." if so). */
static const char *typed(const char *s, const char *now)
{
    static char buf[1100];
    struct err e;
    err_clear(&e);
    btime t;
    if (time_input(s, at(now), &t, &e) < 0) {
        snprintf(buf, sizeof buf, "refused %d: %s", e.code, e.msg);
        return buf;
    }
    time_fmt_iso(t, buf);
    return buf;
}

static const char *shown(const char *iso)
{
    static char buf[TIME_SHOW_MAX];
    time_show(at(iso), buf);
    return buf;
}

static const char *org_date(const char *iso)
{
    static char buf[16];
    time_org_date(at(iso), buf);
    return buf;
}

static const char *iso(btime t)
{
    static char buf[32];
    time_fmt_iso(t, buf);
    return buf;
}

#define NOW "2026-12-07T18:00:00Z" /* a Monday */

static void paris_reads_and_writes_local_times(void)
{
    zones("Europe/Paris", NULL);
    CHECK_STR(typed("2026-12-08 09:00", NOW), "2026-12-08T08:00:00Z");
    CHECK_STR(typed("2026-12-08T09:00", NOW), "2026-12-08T08:00:00Z");
    CHECK_STR(typed("2026-07-01 09:00", NOW), "2026-07-01T07:00:00Z");
    CHECK_STR(typed("2026-12-08T09:00Z", NOW), "2026-12-08T09:00:00Z");
    CHECK_STR(typed("2026-12-08T09:00-06:00", NOW), "2026-12-08T15:00:00Z");
    CHECK_STR(typed("2026-12-08", NOW), "2026-12-07T23:00:00Z");
    CHECK_STR(typed("tomorrow", NOW), "2026-12-08T08:00:00Z");
    CHECK_STR(typed("Tomorrow", NOW), "2026-12-08T08:00:00Z");
    CHECK_STR(typed("monday", NOW), "2026-12-14T08:00:00Z"); /* the next one, not today */
    CHECK_STR(typed("fri", NOW), "2026-12-11T08:00:00Z");
    CHECK_STR(typed("+3d", NOW), "2026-12-10T08:00:00Z");
    CHECK_STR(typed("+1w", NOW), "2026-12-14T08:00:00Z");
    CHECK_STR(typed("+2h", NOW), "2026-12-07T20:00:00Z");
    CHECK_STR(typed("now", NOW), NOW);
    /* 23:30 UTC on Monday is already Tuesday in Paris: tomorrow is Wednesday */
    CHECK_STR(typed("tomorrow", "2026-12-07T23:30:00Z"), "2026-12-09T08:00:00Z");
    CHECK(strncmp(typed("next year", NOW), "refused 2: 'next year' is not a time", 36) == 0);
    CHECK(strncmp(typed("2026-02-30 09:00", NOW), "refused 2:", 10) == 0);
    CHECK(strncmp(typed("+d", NOW), "refused 2:", 10) == 0);
    CHECK(strncmp(typed("", NOW), "refused 2:", 10) == 0);

    CHECK_STR(shown("2026-12-08T08:00:00Z"), "2026-12-08 09:00");
    CHECK_STR(shown("2026-07-01T07:00:00Z"), "2026-07-01 09:00");
    CHECK_STR(shown("2026-12-31T23:30:00Z"), "2027-01-01 00:30"); /* a year's end */
    CHECK_STR(org_date("2026-12-31T23:30:00Z"), "2027-01-01");
    CHECK_INT(time_org_weekday(at("2026-12-06T23:30:00Z")), 1); /* Monday in Paris */
    char buf[TIME_SHOW_MAX];
    time_org_show(at("2026-12-08T08:00:00Z"), buf);
    CHECK_STR(buf, "2026-12-08 09:00 CET");
    time_org_show(at("2026-07-01T07:00:00Z"), buf);
    CHECK_STR(buf, "2026-07-01 09:00 CEST");
    /* far past the zone file's last listed change: its rule */
    CHECK_STR(shown("2061-07-01T12:00:00Z"), "2061-07-01 14:00");
    CHECK_STR(shown("2061-12-01T12:00:00Z"), "2061-12-01 13:00");
}

static void paris_across_the_changes_of_the_clocks(void)
{
    zones("Europe/Paris", NULL);
    /* spring: 02:00 -> 03:00 on 2026-03-29 */
    const char *r = typed("2026-03-29 02:30", "2026-03-20T12:00:00Z");
    CHECK(strstr(r, "refused 2: '2026-03-29 02:30' does not exist in Europe/Paris") == r);
    CHECK(strstr(r, "2026-03-29T03:30+02:00 (CEST)") != NULL);
    CHECK(strstr(r, "2026-03-29T01:30+01:00 (CET)") != NULL);
    CHECK_STR(typed("2026-03-29 03:30", NOW), "2026-03-29T01:30:00Z");
    CHECK_STR(typed("2026-03-29 01:30", NOW), "2026-03-29T00:30:00Z");
    /* autumn: 03:00 -> 02:00 on 2026-10-25 */
    r = typed("2026-10-25 02:30", NOW);
    CHECK(strstr(r, "refused 2: '2026-10-25 02:30' happens twice in Europe/Paris") == r);
    CHECK(strstr(r, "2026-10-25T02:30+02:00 (CEST) or 2026-10-25T02:30+01:00 (CET)") != NULL);
    CHECK_STR(typed("2026-10-25T02:30+01:00", NOW), "2026-10-25T01:30:00Z");
    /* "tomorrow" the day before each change is 09:00 on the new clock */
    CHECK_STR(typed("tomorrow", "2026-03-28T10:00:00Z"), "2026-03-29T07:00:00Z");
    CHECK_STR(typed("tomorrow", "2026-10-24T10:00:00Z"), "2026-10-25T08:00:00Z");
    /* the days of the changes last 23 and 25 hours */
    btime d0 = time_org_day_start(at("2026-03-29T12:00:00Z"), 0);
    CHECK_STR(iso(d0), "2026-03-28T23:00:00Z");
    CHECK_INT(time_org_day_start(d0, 1) - d0, 23 * 3600);
    d0 = time_org_day_start(at("2026-10-25T12:00:00Z"), 0);
    CHECK_STR(iso(d0), "2026-10-24T22:00:00Z");
    CHECK_INT(time_org_day_start(d0, 1) - d0, 25 * 3600);
    CHECK_STR(iso(time_org_day_start(at("2026-10-26T12:00:00Z"), -3)), "2026-10-22T22:00:00Z");
    CHECK_STR(shown("2026-10-25T00:30:00Z"), "2026-10-25 02:30");
    CHECK_STR(shown("2026-10-25T01:30:00Z"), "2026-10-25 02:30");
}

static void chicago_and_a_person_in_another_zone(void)
{
    zones("America/Chicago", NULL);
    CHECK_STR(typed("2026-12-08 09:00", NOW), "2026-12-08T15:00:00Z");
    CHECK_STR(typed("2026-07-01 09:00", NOW), "2026-07-01T14:00:00Z");
    CHECK_STR(typed("tomorrow", NOW), "2026-12-08T15:00:00Z");
    CHECK(strstr(typed("2026-03-08 02:30", NOW), "does not exist in America/Chicago") != NULL);
    CHECK(strstr(typed("2026-11-01 01:30", NOW), "2026-11-01T01:30-05:00 (CDT) or "
                                                 "2026-11-01T01:30-06:00 (CST)") != NULL);
    CHECK_STR(shown("2027-01-01T05:30:00Z"), "2026-12-31 23:30");
    char human[32];
    CHECK_STR(time_human("2026-12-08T15:00:00Z", human), "Tue 8 Dec 09:00"); /* minutes */
    CHECK_STR(time_human("2026-12-08", human), "Tue 8 Dec"); /* a date is its own day */
    CHECK_STR(org_date("2027-01-01T05:30:00Z"), "2026-12-31");
    /* the organisation in Paris, the person in Chicago: their times carry
     * their zone; the organisation's calendar stays Paris's */
    zones("Europe/Paris", "America/Chicago");
    CHECK(time_user_zone_differs());
    CHECK_STR(shown("2026-12-08T15:00:00Z"), "2026-12-08 09:00 CST");
    char buf[TIME_SHOW_MAX];
    time_show_hm(at("2026-12-08T15:00:00Z"), buf);
    CHECK_STR(buf, "09:00 CST");
    CHECK_STR(org_date("2026-12-08T23:30:00Z"), "2026-12-09");
    /* the minutes keep the organisation's clock; the stand-up page shows
     * the person's, naming their zone */
    char human_at[TIME_SHOW_MAX];
    CHECK_STR(time_human("2026-12-08T15:00:00Z", human_at), "Tue 8 Dec 16:00");
    CHECK_STR(time_human_in(time_user_zone(), "2026-12-08T15:00:00Z", human_at),
              "Tue 8 Dec 09:00 CST");
    CHECK_STR(time_human_in(time_org_zone(), "2026-12-08T15:00:00Z", human_at), "Tue 8 Dec 16:00");
    CHECK_STR(typed("tomorrow", NOW), "2026-12-08T15:00:00Z");
    char date[16];
    struct err e;
    CHECK_INT(time_input_date("tomorrow", at("2026-12-08T03:00:00Z"), date, &e), 0);
    CHECK_STR(date, "2026-12-08"); /* still the 7th in Chicago */
    CHECK_INT(time_input_date("2026-12-24", at(NOW), date, &e), 0);
    CHECK_STR(date, "2026-12-24");
    CHECK_INT(time_input_date("Christmas", at(NOW), date, &e), -ERR_USAGE);
    CHECK_INT(time_input_date("2026-12-24 09:00", at(NOW), date, &e), -ERR_USAGE); /* a date, not a time */
    /* the same zone under another spelling is not another zone */
    zones("Europe/Paris", ":Europe/Paris");
    CHECK(!time_user_zone_differs());
    CHECK_STR(shown("2026-12-08T08:00:00Z"), "2026-12-08 09:00");
}

static void kolkata_half_hour_and_chatham_three_quarters(void)
{
    zones("Asia/Kolkata", NULL);
    CHECK_STR(typed("2026-12-08 09:00", NOW), "2026-12-08T03:30:00Z");
    CHECK_STR(shown("2026-12-31T18:29:00Z"), "2026-12-31 23:59");
    CHECK_STR(shown("2026-12-31T18:30:00Z"), "2027-01-01 00:00");
    char buf[TIME_SHOW_MAX];
    time_org_show(at("2026-12-08T03:30:00Z"), buf);
    CHECK_STR(buf, "2026-12-08 09:00 IST");

    zones("Pacific/Chatham", NULL);
    /* +12:45 in its winter, +13:45 from the last Sunday of September */
    CHECK_STR(typed("2026-07-01 09:00", NOW), "2026-06-30T20:15:00Z");
    CHECK_STR(typed("2026-12-08 09:00", NOW), "2026-12-07T19:15:00Z");
    CHECK(strstr(typed("2026-09-27 03:00", NOW), "does not exist in Pacific/Chatham") != NULL);
    CHECK(strstr(typed("2026-04-05 03:00", NOW), "happens twice in Pacific/Chatham") != NULL);
    CHECK_STR(shown("2026-12-31T11:00:00Z"), "2027-01-01 00:45");
    CHECK_STR(org_date("2026-12-31T10:14:00Z"), "2026-12-31");
    CHECK_STR(org_date("2026-12-31T10:15:00Z"), "2027-01-01");
    time_org_show(at("2026-12-08T03:30:00Z"), buf);
    CHECK_STR(buf, "2026-12-08 17:15 +1345");
}

static void tz_values_and_refused_names(void)
{
    struct err e;
    err_clear(&e);
    /* a POSIX rule in TZ reads like the named zone */
    zones("UTC", "CET-1CEST,M3.5.0,M10.5.0/3");
    CHECK_STR(typed("2026-12-08 09:00", NOW), "2026-12-08T08:00:00Z");
    CHECK_STR(typed("2026-07-01 09:00", NOW), "2026-07-01T07:00:00Z");
    CHECK(strstr(typed("2026-03-29 02:30", NOW), "does not exist") != NULL);
    struct tzone *z = NULL;
    CHECK_INT(tzone_load("Mars/Olympus_Mons", false, &z, &e), -ERR_USAGE);
    CHECK(strstr(e.msg, "unknown time zone 'Mars/Olympus_Mons'") != NULL);
    CHECK_INT(tzone_load("../../etc/passwd", false, &z, &e), -ERR_USAGE);
    CHECK_INT(tzone_load("CET-1CEST", false, &z, &e), -ERR_USAGE); /* files name IANA zones */
    CHECK_INT(tzone_load("", false, &z, &e), -ERR_USAGE);
    CHECK(z == NULL);
    /* TZ wins over the configuration; an empty TZ counts as unset */
    zones("Europe/Paris", NULL);
    setenv("TZ", "America/Chicago", 1);
    CHECK_INT(time_setup_user_zone("Asia/Kolkata", &e), 0);
    CHECK_STR(tzone_name(time_user_zone()), "America/Chicago");
    setenv("TZ", "", 1);
    CHECK_INT(time_setup_user_zone("Asia/Kolkata", &e), 0);
    CHECK_STR(tzone_name(time_user_zone()), "Asia/Kolkata");
    CHECK_INT(time_setup_user_zone(NULL, &e), 0);
    CHECK_STR(tzone_name(time_user_zone()), "Europe/Paris");
    setenv("TZ", "Nowhere/At_All", 1);
    CHECK_INT(time_setup_user_zone(NULL, &e), -ERR_USAGE);
    CHECK(strstr(e.msg, "TZ: unknown time zone 'Nowhere/At_All'") == e.msg);
    unsetenv("TZ");
    time_set_user_zone(NULL);
    time_set_org_zone(NULL);
    CHECK_STR(shown("2026-12-08T08:00:00Z"), "2026-12-08 08:00"); /* no zone: UTC */
}

static void ages_read_on_one_scale(void)
{
    char buf[16];
    const btime day = 86400;
    time_fmt_age(45, buf);
    CHECK_STR(buf, "45s");
    time_fmt_age(5 * 3600 + 10, buf);
    CHECK_STR(buf, "5h");
    time_fmt_age(35 * day, buf);
    CHECK_STR(buf, "35d");
    time_fmt_age(41 * day, buf);
    CHECK_STR(buf, "41d");
    time_fmt_age(52 * day, buf);
    CHECK_STR(buf, "7w");
    time_fmt_age(800 * day, buf);
    CHECK_STR(buf, "2y");
}

int main(void)
{
    unsetenv("TZ");
    if (access("/usr/share/zoneinfo/Europe/Paris", R_OK) != 0 && !getenv("TZDIR")) {
        fprintf(stderr, "SKIP: no zoneinfo (install tzdata)\n");
        return 77;
    }
    RUN(paris_reads_and_writes_local_times);
    RUN(paris_across_the_changes_of_the_clocks);
    RUN(chicago_and_a_person_in_another_zone);
    RUN(kolkata_half_hour_and_chatham_three_quarters);
    RUN(tz_values_and_refused_names);
    RUN(ages_read_on_one_scale);
    return check_report();
}
