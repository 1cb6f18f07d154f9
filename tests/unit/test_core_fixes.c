/*
 * Problems a new user met in the model, each pinned down: no SLA clock runs
 * while a blocker is snoozed and waking restarts it; readings from the
 * future are refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "fixture.h"
#include "baton/blocker.h"
#include "baton/department.h"
#include "baton/event.h"
#include "baton/indicator.h"
#include "baton/project.h"
#include "baton/store.h"
#include "baton/timeutil.h"

#define NOW "2026-11-26T09:00:00Z"

static char *tmp;

/* A fresh store with ENG (lead alice) and project ENG-1. */
static struct store *fresh(void)
{
    struct store *st = fixture_store(tmp, "f", NULL);
    struct err e = {0};
    struct department d = {.key = "ENG", .name = "Engineering", .lead = "alice"};
    struct project p = {.key = "ENG-1", .title = "New billing", .department = "ENG"};
    if (department_add(st, &d, &e) != 0 || project_add(st, &p, &e) != 0) {
        fprintf(stderr, "setting up: %s\n", e.msg);
        exit(2);
    }
    return st;
}

static char *add_sev(struct store *st, const char *title, int severity)
{
    struct blocker b = {.project = "ENG-1", .title = (char *)title, .severity = severity};
    char *key = NULL;
    struct err e = {0};
    if (blocker_add(st, &b, &key, &e) != 0)
        fprintf(stderr, "blocker_add: %s\n", e.msg);
    return key;
}

static int64_t count_breached(struct store *st)
{
    struct query q = {.breached = true};
    int64_t n = -1;
    struct err e = {0};
    if (blocker_count(st, &q, &n, &e) != 0)
        fprintf(stderr, "blocker_count: %s\n", e.msg);
    return n;
}

static char *list_breached(struct store *st)
{
    struct query q = {.breached = true};
    struct blocker *v = NULL;
    size_t n = 0;
    struct err e = {0};
    struct strbuf sb;
    sb_init(&sb);
    if (blocker_list(st, &q, &v, &n, &e) != 0)
        fprintf(stderr, "blocker_list: %s\n", e.msg);
    for (size_t i = 0; i < n; i++)
        sb_addf(&sb, "%s%s", i ? " " : "", v[i].key);
    blocker_list_free(v, n);
    return sb_take(&sb);
}

/* Raised severity 1 at NOW, snoozed for five days, looked at three weeks on. */
static void test_snoozed_blocker_is_never_breached_or_near(void)
{
    setenv("BATON_NOW", NOW, 1);
    struct store *st = fresh();
    struct err e = {0};
    char *k = add_sev(st, "Waiting for the VAT rules", 1);
    char *other = add_sev(st, "Printer on fire", 1);
    struct verdict z = {.verb = VERB_SNOOZE, .reason = "later", .until = "2026-12-01"};
    CHECK_INT(blocker_apply(st, k, &z, &e), 0);

    setenv("BATON_NOW", "2026-12-20T00:00:00Z", 1);
    struct blocker b;
    CHECK_INT(blocker_get(st, k, &b, &e), 0);
    CHECK_INT(b.state, BLOCKER_SNOOZED);
    CHECK(!b.breached);
    CHECK(!b.sla_near);
    CHECK_INT(blocker_sla_at(&b, store_sla(st, 1), time_now()), SLA_NONE);
    blocker_fini(&b);
    /* Only the blocker whose clock runs is breached: in count and list. */
    CHECK_INT(count_breached(st), 1);
    char *keys = list_breached(st);
    CHECK_STR(keys, other);
    free(keys);

    /* Urgency order: a breached blocker comes before the snoozed one. */
    struct query q = {.state = "open"};
    struct blocker *v = NULL;
    size_t n = 0;
    CHECK_INT(blocker_list(st, &q, &v, &n, &e), 0);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(v[0].key, other);
        CHECK(v[0].breached);
        CHECK(!v[1].breached);
    }
    blocker_list_free(v, n);
    free(k);
    free(other);
    store_close(st);
    setenv("BATON_NOW", NOW, 1);
}

/* Woken three weeks late, the SLA counts from the wake-up, not from raising;
 * accepting later at another severity still counts from the wake-up. */
static void test_waking_restarts_the_sla_clock(void)
{
    setenv("BATON_NOW", NOW, 1);
    struct store *st = fresh();
    struct err e = {0};
    char *k = add_sev(st, "Waiting for the VAT rules", 2);
    struct verdict z = {.verb = VERB_SNOOZE, .reason = "later", .until = "2026-12-01"};
    CHECK_INT(blocker_apply(st, k, &z, &e), 0);

    setenv("BATON_NOW", "2026-12-20T00:00:00Z", 1);
    int woken = -1;
    CHECK_INT(blocker_wake_due(st, &woken, &e), 0);
    CHECK_INT(woken, 1);
    btime wake;
    CHECK(time_parse("2026-12-20T00:00:00Z", &wake));
    char want[32];
    struct blocker b;
    CHECK_INT(blocker_get(st, k, &b, &e), 0);
    CHECK_INT(b.state, BLOCKER_NEW);
    time_fmt_iso(wake + store_sla(st, 2), want);
    CHECK_STR(b.sla_due, want);
    CHECK(!b.breached);
    blocker_fini(&b);

    setenv("BATON_NOW", "2026-12-20T00:30:00Z", 1);
    struct verdict a = {.verb = VERB_ACCEPT, .severity = 3, .waiting_on = "ENG"};
    CHECK_INT(blocker_apply(st, k, &a, &e), 0);
    CHECK_INT(blocker_get(st, k, &b, &e), 0);
    time_fmt_iso(wake + store_sla(st, 3), want);
    CHECK_STR(b.sla_due, want);
    CHECK(!b.breached);
    blocker_fini(&b);
    free(k);
    store_close(st);
    setenv("BATON_NOW", NOW, 1);
}

/* Nothing due: waking takes no write lock and writes nothing. */
static void test_waking_with_nothing_due_writes_nothing(void)
{
    setenv("BATON_NOW", NOW, 1);
    struct store *st = fresh();
    struct err e = {0};
    char *k = add_sev(st, "Waiting for the VAT rules", 2);
    struct verdict z = {.verb = VERB_SNOOZE, .reason = "later", .until = "2026-12-01"};
    CHECK_INT(blocker_apply(st, k, &z, &e), 0);
    struct event *ev = NULL;
    size_t before = 0, after = 0;
    CHECK_INT(event_list(st, "blocker", k, NULL, 0, &ev, &before, &e), 0);
    event_list_free(ev, before);
    int woken = -1;
    CHECK_INT(blocker_wake_due(st, &woken, &e), 0);
    CHECK_INT(woken, 0);
    CHECK_INT(event_list(st, "blocker", k, NULL, 0, &ev, &after, &e), 0);
    event_list_free(ev, after);
    CHECK_INT(after, before);
    free(k);
    store_close(st);
}

static struct store *with_churn(void)
{
    struct store *st = fresh();
    struct err e = {0};
    struct indicator i = {.key = "churn", .name = "Monthly churn", .direction = DIRECTION_DOWN,
                          .has_target = true, .target = 2, .has_amber = true, .amber = 3,
                          .has_red = true, .red = 5};
    if (indicator_add(st, &i, &e) != 0) {
        fprintf(stderr, "indicator_add: %s\n", e.msg);
        exit(2);
    }
    return st;
}

static size_t readings_of(struct store *st, const char *key)
{
    struct reading *v = NULL;
    size_t n = 0;
    struct err e = {0};
    if (indicator_readings(st, key, NULL, 0, &v, &n, &e) != 0)
        fprintf(stderr, "indicator_readings: %s\n", e.msg);
    reading_list_free(v, n);
    return n;
}

/* A reading years ahead would stay "latest" forever: refused, nothing kept;
 * up to a day ahead (time zones) is still taken. */
static void test_reading_from_the_future_is_refused(void)
{
    setenv("BATON_NOW", NOW, 1);
    struct store *st = with_churn();
    struct err e = {0};
    CHECK_INT(indicator_record(st, "churn", "2030-01-01", 1, NULL, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "2030-01-01 is in the future; readings record what happened");
    CHECK_INT(readings_of(st, "churn"), 0);
    CHECK_INT(indicator_record(st, "churn", "2026-11-27T08:00:00Z", 1, NULL, &e), 0);
    CHECK_INT(readings_of(st, "churn"), 1);

    struct reading_in rows[] = {
        {.key = "churn", .at = "2026-11-20", .value = 2, .line = 2, .col = 1},
        {.key = "churn", .at = "2031-05-01T00:00:00Z", .value = 1, .line = 3, .col = 1},
    };
    e = (struct err){0};
    CHECK_INT(indicator_import(st, "r.csv", rows, 2, NULL, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "r.csv:3:1: 2031-05-01T00:00:00Z is in the future");
    CHECK_INT(readings_of(st, "churn"), 1);
    store_close(st);
}

/* What `record` reports is the value just recorded, judged by the target in
 * force at its time, whatever the latest reading is. */
static void test_status_of_a_reading_uses_its_time(void)
{
    setenv("BATON_NOW", NOW, 1);
    struct store *st = with_churn();
    struct err e = {0};
    CHECK_INT(indicator_record(st, "churn", "2026-11-25", 1, NULL, &e), 0);
    enum health h = HEALTH_UNKNOWN;
    CHECK_INT(indicator_status_at(st, "churn", "2026-11-01", 9, &h, &e), 0);
    CHECK_INT(h, HEALTH_RED);
    CHECK_INT(indicator_status_at(st, "churn", NULL, 4, &h, &e), 0);
    CHECK_INT(h, HEALTH_AMBER);
    /* From 2026-11-20 on, 12 is red and 8 amber. */
    struct indicator_target t = {.has_target = true, .target = 4, .has_amber = true,
                                 .amber = 8, .has_red = true, .red = 12};
    CHECK_INT(indicator_set_target(st, "churn", "2026-11-20", &t, &e), 0);
    CHECK_INT(indicator_status_at(st, "churn", "2026-11-10", 6, &h, &e), 0);
    CHECK_INT(h, HEALTH_RED);
    CHECK_INT(indicator_status_at(st, "churn", "2026-11-21", 6, &h, &e), 0);
    CHECK_INT(h, HEALTH_GREEN);
    store_close(st);
}

int main(void)
{
    tmp = check_tmpdir();
    setenv("BATON_NOW", NOW, 1);
    RUN(test_snoozed_blocker_is_never_breached_or_near);
    RUN(test_waking_restarts_the_sla_clock);
    RUN(test_waking_with_nothing_due_writes_nothing);
    RUN(test_reading_from_the_future_is_refused);
    RUN(test_status_of_a_reading_uses_its_time);
    return check_report();
}
