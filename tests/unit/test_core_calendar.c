/*
 * The organisation's calendar in the model: its time zone kept in the
 * database (UTC until it names one; an unknown zone refused), and the
 * stand-up's window read in it: a Monday and a weekend are Paris's, not
 * UTC's, when the organisation is in Paris.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "fixture.h"
#include "baton/standup.h"
#include "baton/store.h"
#include "baton/timeutil.h"

static char *tmp;

static struct store *fresh(void)
{
    return fixture_store(tmp, "c", NULL);
}

/* The organisation in zone name, as the program sets it up. */
static void org_in(struct store *st, const char *name)
{
    struct err e = {0};
    must(store_set_org_timezone(st, name, &e), &e, "store_set_org_timezone");
    char *stored = store_org_timezone(st);
    struct tzone *z = NULL;
    must(tzone_load(stored, false, &z, &e), &e, "tzone_load");
    free(stored);
    time_set_org_zone(z);
}

static int64_t run_standup(struct store *st, const char *start, const char *end)
{
    struct err e = {0};
    int64_t id = 0;
    setenv("BATON_NOW", start, 1);
    must(standup_start(st, &id, &e), &e, "standup_start");
    setenv("BATON_NOW", end, 1);
    must(standup_end(st, id, &e), &e, "standup_end");
    return id;
}

static const char *since_at(struct store *st, const char *now)
{
    static char out[32];
    struct err e = {0};
    btime t = 0;
    time_parse(now, &t);
    must(standup_since(st, t, out, &e), &e, "standup_since");
    return out;
}

static void the_zone_is_kept_and_checked(void)
{
    struct store *st = fresh();
    char *z = store_org_timezone(st);
    CHECK_STR(z, "UTC");
    free(z);
    struct err e = {0};
    CHECK_INT(store_set_org_timezone(st, "Mars/Olympus_Mons", &e), -ERR_USAGE);
    CHECK(strstr(e.msg, "unknown time zone 'Mars/Olympus_Mons'") != NULL);
    CHECK_INT(store_set_org_timezone(st, "Europe/Paris", &e), 0);
    z = store_org_timezone(st);
    CHECK_STR(z, "Europe/Paris");
    free(z);
    store_close(st);
}

static void mondays_and_weekends_are_the_organisations(void)
{
    struct store *st = fresh();
    org_in(st, "Europe/Paris");
    /* Friday 09:00 Paris, then one ended at 00:30 on Saturday in Paris
     * (still Friday in UTC) */
    run_standup(st, "2026-11-20T08:00:00Z", "2026-11-20T08:15:00Z");
    run_standup(st, "2026-11-20T23:20:00Z", "2026-11-20T23:30:00Z");
    /* Monday 09:00 Paris: the weekend stand-up does not cut the window */
    CHECK_STR(since_at(st, "2026-11-23T08:00:00Z"), "2026-11-20T08:15:00Z");
    /* 00:30 on Monday in Paris is still Sunday in UTC: Monday already */
    CHECK_STR(since_at(st, "2026-11-22T23:30:00Z"), "2026-11-20T08:15:00Z");
    store_close(st);

    /* the same stand-ups for an organisation in UTC: Friday's late one counts */
    st = fresh();
    org_in(st, "UTC");
    run_standup(st, "2026-11-20T08:00:00Z", "2026-11-20T08:15:00Z");
    run_standup(st, "2026-11-20T23:20:00Z", "2026-11-20T23:30:00Z");
    CHECK_STR(since_at(st, "2026-11-23T08:00:00Z"), "2026-11-20T23:30:00Z");
    store_close(st);
}

static void without_a_stand_up_monday_reaches_back_to_friday_local(void)
{
    struct store *st = fresh();
    org_in(st, "Europe/Paris");
    /* Monday 09:00 Paris after the clocks went back: Friday 09:00 Paris,
     * 72 hours and one more */
    CHECK_STR(since_at(st, "2026-10-26T08:00:00Z"), "2026-10-23T07:00:00Z");
    /* Tuesday: the day before, same local hour */
    CHECK_STR(since_at(st, "2026-11-24T08:00:00Z"), "2026-11-23T08:00:00Z");
    store_close(st);
}

int main(void)
{
    unsetenv("TZ");
    if (access("/usr/share/zoneinfo/Europe/Paris", R_OK) != 0 && !getenv("TZDIR")) {
        fprintf(stderr, "SKIP: no zoneinfo (install tzdata)\n");
        return 77;
    }
    char tmpl[] = "/tmp/baton-cal-XXXXXX";
    tmp = mkdtemp(tmpl);
    if (!tmp)
        return 1;
    RUN(the_zone_is_kept_and_checked);
    RUN(mondays_and_weekends_are_the_organisations);
    RUN(without_a_stand_up_monday_reaches_back_to_friday_local);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmp);
    return check_report();
}
