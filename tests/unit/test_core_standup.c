/*
 * Stand-ups in the model: the since-window on Mondays and other days,
 * with and without an earlier stand-up; what changed, read from the audit
 * log under a frozen clock ($BATON_NOW); the department page's sections
 * and their order (blockers split by who waits on whom); skips, time per
 * department and the walk order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "fixture.h"
#include "baton/blocker.h"
#include "baton/changes.h"
#include "baton/department.h"
#include "baton/indicator.h"
#include "baton/project.h"
#include "baton/standup.h"
#include "baton/store.h"
#include "baton/timeutil.h"

static char *tmp;

static void at(const char *iso)
{
    setenv("BATON_NOW", iso, 1);
}

/* ENG (lead alice), FIN (lead fred), OPS; the people boss, bob, fred and carol; projects
 * ENG-1, ENG-2, FIN-1. */
static struct store *fresh(void)
{
    struct store *st = fixture_store(tmp, "s", NULL);
    struct err e = {0};
    struct department d[] = {
        {.key = "ENG", .name = "Engineering", .lead = "alice", .sort_order = 1},
        {.key = "FIN", .name = "Finance", .lead = "fred", .sort_order = 2},
        {.key = "OPS", .name = "Operations", .sort_order = 3},
    };
    fixture_departments(st, d, 3);
    struct person boss = {.login = "boss", .name = "The Boss", .department = "ENG"};
    must(person_add(st, &boss, &e), &e, "person_add"); /* escalations go to a person */
    struct person bob = {.login = "bob", .name = "Bob", .department = "ENG"};
    must(person_add(st, &bob, &e), &e, "person_add"); /* actions are owned by a person */
    struct person fred = {.login = "fred", .name = "Fred", .department = "FIN"};
    must(person_add(st, &fred, &e), &e, "person_add");
    struct person carol = {.login = "carol", .name = "Carol", .department = "OPS"};
    must(person_add(st, &carol, &e), &e, "person_add");
    struct project p[] = {
        {.key = "ENG-1", .title = "New billing", .department = "ENG", .status = PROJECT_ACTIVE,
         .progress = 50, .due = "2027-06-01"},
        {.key = "ENG-2", .title = "Search", .department = "ENG", .status = PROJECT_ACTIVE,
         .progress = 50, .due = "2027-06-01"},
        {.key = "FIN-1", .title = "Budget", .department = "FIN", .status = PROJECT_ACTIVE,
         .progress = 50, .due = "2027-06-01"},
    };
    for (size_t i = 0; i < 3; i++)
        must(project_add(st, &p[i], &e), &e, "project_add");
    return st;
}

static int64_t run_standup(struct store *st, const char *start, const char *end)
{
    struct err e = {0};
    int64_t id = 0;
    at(start);
    must(standup_start(st, &id, &e), &e, "standup_start");
    at(end);
    must(standup_end(st, id, &e), &e, "standup_end");
    return id;
}

static void since_at(struct store *st, const char *now, char out[32])
{
    struct err e = {0};
    btime t;
    time_parse(now, &t);
    must(standup_since(st, t, out, &e), &e, "standup_since");
}

static void since_without_earlier_standup_is_a_day_or_back_to_friday(void)
{
    struct store *st = fresh();
    char s[32];
    since_at(st, "2026-11-24T09:00:00Z", s); /* Tuesday */
    CHECK_STR(s, "2026-11-23T09:00:00Z");
    since_at(st, "2026-11-26T09:30:00Z", s); /* Thursday */
    CHECK_STR(s, "2026-11-25T09:30:00Z");
    since_at(st, "2026-11-23T09:00:00Z", s); /* Monday: Friday's same hour */
    CHECK_STR(s, "2026-11-20T09:00:00Z");
    store_close(st);
}

static void since_is_the_previous_end_and_monday_passes_over_the_weekend(void)
{
    struct store *st = fresh();
    run_standup(st, "2026-11-19T09:00:00Z", "2026-11-19T09:12:00Z"); /* Thursday */
    run_standup(st, "2026-11-20T09:00:00Z", "2026-11-20T09:14:30Z"); /* Friday */
    char s[32];
    since_at(st, "2026-11-23T09:00:00Z", s); /* Monday */
    CHECK_STR(s, "2026-11-20T09:14:30Z");
    /* a stand-up held on Saturday does not cut Monday's window short */
    run_standup(st, "2026-11-21T10:00:00Z", "2026-11-21T10:05:00Z");
    since_at(st, "2026-11-23T09:00:00Z", s);
    CHECK_STR(s, "2026-11-20T09:14:30Z");
    /* but on Sunday it is simply the previous one */
    since_at(st, "2026-11-22T09:00:00Z", s);
    CHECK_STR(s, "2026-11-21T10:05:00Z");
    /* Monday's own stand-up is Tuesday's start */
    int64_t mon = run_standup(st, "2026-11-23T09:00:00Z", "2026-11-23T09:16:00Z");
    since_at(st, "2026-11-24T09:00:00Z", s);
    CHECK_STR(s, "2026-11-23T09:16:00Z");
    /* a stand-up that ends later than "now" is not the previous one */
    since_at(st, "2026-11-23T09:10:00Z", s);
    CHECK_STR(s, "2026-11-20T09:14:30Z");
    /* what standup_start records is the same window */
    struct standup su;
    struct err e = {0};
    must(standup_get(st, mon, &su, &e), &e, "standup_get");
    CHECK_STR(su.since, "2026-11-20T09:14:30Z");
    CHECK_STR(su.ended_at, "2026-11-23T09:16:00Z");
    standup_fini(&su);
    /* an unfinished stand-up is no boundary */
    int64_t open_id = 0;
    at("2026-11-25T09:00:00Z");
    must(standup_start(st, &open_id, &e), &e, "standup_start");
    since_at(st, "2026-11-26T09:00:00Z", s);
    CHECK_STR(s, "2026-11-23T09:16:00Z");
    int64_t cur = 0;
    must(standup_current(st, &cur, &e), &e, "standup_current");
    CHECK_INT(cur, open_id);
    store_close(st);
}

static char *add_blocker(struct store *st, const char *project, const char *title,
                         const char *raised_at)
{
    struct err e = {0};
    char *key = NULL;
    struct blocker b = {.project = (char *)project, .title = (char *)title,
                        .raised_at = (char *)raised_at};
    must(blocker_add(st, &b, &key, &e), &e, "blocker_add");
    return key;
}

static void accept(struct store *st, const char *key, int sev, const char *waiting)
{
    struct err e = {0};
    struct verdict v = {.verb = VERB_ACCEPT, .severity = sev, .waiting_on = waiting};
    must(blocker_apply(st, key, &v, &e), &e, "accept");
}

static void add_indicator(struct store *st, const char *key, const char *dept)
{
    struct err e = {0};
    struct indicator i = {.key = (char *)key, .name = (char *)key, .department = (char *)dept,
                          .direction = DIRECTION_UP, .has_target = true, .target = 100,
                          .has_amber = true, .amber = 90, .has_red = true, .red = 80};
    must(indicator_add(st, &i, &e), &e, "indicator_add");
}

static void record(struct store *st, const char *key, const char *when, double v)
{
    struct err e = {0};
    must(indicator_record(st, key, when, v, NULL, &e), &e, "indicator_record");
}

static const struct change *find_change(const struct change *v, size_t n, enum change_kind k,
                                        const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (v[i].kind == k && strcmp(v[i].key, key) == 0)
            return &v[i];
    return NULL;
}

/* Every verdict of a triage morning is a change, its own field rows
 * folded into it, with the blocker's state now; each escalation names
 * whom it went to then, not whom the blocker is escalated to now. */
static void every_verdict_is_a_change_with_the_state_now(void)
{
    struct store *st = fresh();
    struct err e = {0};
    struct person kj = {.login = "kj", .name = "Karin Johansson", .department = "OPS"};
    must(person_add(st, &kj, &e), &e, "person_add");
    at("2026-11-20T10:00:00Z");
    char *dec = add_blocker(st, "ENG-1", "To decline", NULL);
    char *acc = add_blocker(st, "ENG-1", "To accept", NULL);
    char *dup = add_blocker(st, "ENG-1", "To mark duplicate", NULL);
    char *snz = add_blocker(st, "ENG-1", "To snooze", NULL);
    char *esc = add_blocker(st, "ENG-1", "To escalate", NULL);
    at("2026-11-23T10:00:00Z");
    struct verdict v = {.verb = VERB_DECLINE, .reason = "Out of scope"};
    must(blocker_apply(st, dec, &v, &e), &e, "decline");
    accept(st, acc, 2, "FIN");
    v = (struct verdict){.verb = VERB_DUPLICATE, .reason = "Same thing", .duplicate_of = acc};
    must(blocker_apply(st, dup, &v, &e), &e, "duplicate");
    v = (struct verdict){.verb = VERB_SNOOZE, .reason = "Later", .until = "2026-12-14T09:00"};
    must(blocker_apply(st, snz, &v, &e), &e, "snooze");
    must(blocker_escalate(st, esc, "kj", 0, &e), &e, "escalate");
    at("2026-11-23T11:00:00Z");
    must(blocker_escalate(st, esc, "boss", 0, &e), &e, "escalate again");
    at("2026-11-23T12:00:00Z");
    must(blocker_escalate(st, esc, "boss", 0, &e), &e, "escalate to the same one");
    char *reo = add_blocker(st, "ENG-1", "To reopen", NULL);
    v = (struct verdict){.verb = VERB_DECLINE, .reason = "Not now"};
    must(blocker_apply(st, reo, &v, &e), &e, "decline");
    v = (struct verdict){.verb = VERB_REOPEN};
    must(blocker_apply(st, reo, &v, &e), &e, "reopen");

    struct change *c = NULL;
    size_t n = 0;
    must(changes_since(st, "ENG", "2026-11-23T09:00:00Z", "2026-11-23T23:00:00Z", &c, &n, &e),
         &e, "changes");
    const struct change *x = find_change(c, n, CHANGE_BLOCKER_DECLINED, dec);
    CHECK(x && str_eq(x->detail, "Out of scope") && x->now_state == BLOCKER_DECLINED);
    x = find_change(c, n, CHANGE_BLOCKER_ACCEPTED, acc);
    CHECK(x && str_eq(x->new_value, "2") && str_eq(x->detail, "FIN") &&
          x->now_state == BLOCKER_ACCEPTED && x->severity == 2);
    x = find_change(c, n, CHANGE_BLOCKER_DUPLICATE, dup);
    CHECK(x && str_eq(x->new_value, acc) && str_eq(x->detail, "Same thing"));
    x = find_change(c, n, CHANGE_BLOCKER_SNOOZED, snz);
    CHECK(x && str_eq(x->new_value, "2026-12-14T09:00:00Z") && str_eq(x->detail, "Later") &&
          x->now_state == BLOCKER_SNOOZED);
    /* the accept's severity and waiting-on are not told again on their own */
    CHECK(find_change(c, n, CHANGE_BLOCKER_SEVERITY, acc) == NULL);
    CHECK(find_change(c, n, CHANGE_BLOCKER_WAITING_ON, acc) == NULL);
    /* raised, declined and reopened inside the window: each told, now new */
    x = find_change(c, n, CHANGE_BLOCKER_REOPENED, reo);
    CHECK(x && x->now_state == BLOCKER_NEW);
    x = find_change(c, n, CHANGE_BLOCKER_NEW, reo);
    CHECK(x && x->now_state == BLOCKER_NEW);
    x = find_change(c, n, CHANGE_BLOCKER_DECLINED, reo);
    CHECK(x && str_eq(x->detail, "Not now") && x->now_state == BLOCKER_NEW);
    const char *want[] = {"kj", "boss", "boss"};
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (c[i].kind == CHANGE_BLOCKER_ESCALATED && str_eq(c[i].key, esc)) {
            CHECK(k < 3);
            if (k < 3)
                CHECK_STR(c[i].new_value, want[k]);
            if (k == 0)
                CHECK_STR(c[i].to_name, "Karin Johansson");
            k++;
        }
    CHECK_INT(k, 3);
    int counts[CHANGE_KIND_COUNT];
    changes_count(c, n, counts);
    char line[256];
    changes_blocker_summary(counts, line, sizeof line);
    CHECK_STR(line, "1 raised, 1 accepted, 2 declined, 1 duplicate, 1 snoozed, 1 reopened,"
                    " 3 escalated, 0 resolved");
    change_list_free(c, n);
    char *all[] = {dec, acc, dup, snz, esc, reo};
    for (size_t i = 0; i < 6; i++)
        free(all[i]);
    store_close(st);
}

static void changes_come_from_the_audit_log_of_the_window(void)
{
    struct store *st = fresh();
    struct err e = {0};
    add_indicator(st, "uptime", "ENG");
    add_indicator(st, "cash", "FIN");
    record(st, "uptime", "2026-11-20T08:00:00Z", 95);     /* green before the window */
    record(st, "cash", "2026-11-20T08:00:00Z", 95);
    at("2026-11-20T10:00:00Z");
    char *before = add_blocker(st, "ENG-1", "Raised before", "2026-11-20T10:00:00Z");
    const char *since = "2026-11-23T09:00:00Z";
    at("2026-11-23T10:00:00Z");
    char *fresh_one = add_blocker(st, "ENG-1", "Raised inside", NULL);
    char *theirs = add_blocker(st, "FIN-1", "Waits on ENG", NULL);
    accept(st, theirs, 2, "ENG");
    char *other = add_blocker(st, "FIN-1", "Finance only", NULL);
    at("2026-11-23T11:00:00Z");
    struct verdict rv = {.verb = VERB_RESOLVE, .reason = "done"};
    must(blocker_apply(st, before, &rv, &e), &e, "resolve");
    accept(st, fresh_one, 1, "FIN");
    must(blocker_escalate(st, fresh_one, "boss", 0, &e), &e, "escalate");
    struct project p;
    must(project_get(st, "ENG-1", &p, &e), &e, "project_get");
    p.status = PROJECT_ON_HOLD;
    str_replace(&p.due, "2027-07-01");
    must(project_update(st, &p, &e), &e, "project_update");
    project_fini(&p);
    record(st, "uptime", "2026-11-23T12:00:00Z", 70); /* crosses into red */
    record(st, "cash", "2026-11-23T12:00:00Z", 96);   /* stays green */
    at("2026-11-24T09:00:00Z");
    /* after the window: not reported */
    char *late = add_blocker(st, "ENG-1", "After the window", NULL);

    struct change *v = NULL;
    size_t n = 0;
    must(changes_since(st, "ENG", since, "2026-11-23T23:59:59Z", &v, &n, &e), &e, "changes");
    CHECK(find_change(v, n, CHANGE_BLOCKER_NEW, fresh_one) != NULL);
    CHECK(find_change(v, n, CHANGE_BLOCKER_NEW, theirs) != NULL); /* waits on ENG */
    CHECK(find_change(v, n, CHANGE_BLOCKER_NEW, other) == NULL);  /* FIN's own */
    CHECK(find_change(v, n, CHANGE_BLOCKER_NEW, before) == NULL);
    CHECK(find_change(v, n, CHANGE_BLOCKER_NEW, late) == NULL);
    CHECK(find_change(v, n, CHANGE_BLOCKER_RESOLVED, before) != NULL);
    const struct change *esc = find_change(v, n, CHANGE_BLOCKER_ESCALATED, fresh_one);
    CHECK(esc != NULL);
    if (esc)
        CHECK_STR(esc->new_value, "boss");
    const struct change *st_ch = find_change(v, n, CHANGE_PROJECT_STATUS, "ENG-1");
    CHECK(st_ch != NULL);
    if (st_ch) {
        CHECK_STR(st_ch->old_value, "active");
        CHECK_STR(st_ch->new_value, "on_hold");
        CHECK_STR(st_ch->actor, "tester");
    }
    const struct change *due = find_change(v, n, CHANGE_PROJECT_DUE, "ENG-1");
    CHECK(due != NULL);
    if (due)
        CHECK_STR(due->new_value, "2027-07-01");
    const struct change *cr = find_change(v, n, CHANGE_INDICATOR_CROSSED, "uptime");
    CHECK(cr != NULL);
    if (cr) {
        CHECK_INT(cr->old_health, HEALTH_GREEN);
        CHECK_INT(cr->new_health, HEALTH_RED);
        CHECK_STR(cr->old_value, "95");
        CHECK_STR(cr->new_value, "70");
    }
    CHECK(find_change(v, n, CHANGE_INDICATOR_CROSSED, "cash") == NULL);
    /* sorted by kind, in the enum's order */
    for (size_t i = 1; i < n; i++)
        CHECK(v[i - 1].kind <= v[i].kind);
    int counts[CHANGE_KIND_COUNT];
    changes_count(v, n, counts);
    CHECK_INT(counts[CHANGE_BLOCKER_NEW], 2);
    CHECK_INT(counts[CHANGE_BLOCKER_RESOLVED], 1);
    CHECK_INT(counts[CHANGE_BLOCKER_ESCALATED], 1);
    change_list_free(v, n);

    /* every department: Finance's own blocker too; the late one with until = now */
    must(changes_since(st, NULL, since, NULL, &v, &n, &e), &e, "changes");
    CHECK(find_change(v, n, CHANGE_BLOCKER_NEW, other) != NULL);
    CHECK(find_change(v, n, CHANGE_BLOCKER_NEW, late) != NULL);
    change_list_free(v, n);
    CHECK_INT(changes_since(st, "ENG", NULL, NULL, &v, &n, &e), -ERR_USAGE);
    free(before);
    free(fresh_one);
    free(theirs);
    free(other);
    free(late);
    store_close(st);
}

static void page_splits_and_orders_blockers_and_finds_what_is_at_risk(void)
{
    struct store *st = fresh();
    struct err e = {0};
    at("2026-11-26T09:00:00Z");
    /* ENG's blockers: b1 sev 3 old, b2 sev 1 new, b3 sev 3 older than b1,
     * b4 unset severity, b5 sev 4 escalated; FIN's b6 waiting on ENG,
     * FIN's b7 waiting on FIN (not on ENG's page) */
    char *b1 = add_blocker(st, "ENG-1", "sev3 old", "2026-11-25T08:00:00Z");
    accept(st, b1, 3, "FIN");
    char *b2 = add_blocker(st, "ENG-1", "sev1 new", "2026-11-26T08:59:00Z");
    accept(st, b2, 1, "OPS");
    char *b3 = add_blocker(st, "ENG-2", "sev3 older", "2026-11-24T08:00:00Z");
    accept(st, b3, 3, "FIN");
    char *b4 = add_blocker(st, "ENG-2", "no severity", "2026-11-20T08:00:00Z");
    char *b5 = add_blocker(st, "ENG-2", "escalated low", "2026-11-26T08:00:00Z");
    accept(st, b5, 4, "FIN");
    must(blocker_escalate(st, b5, "boss", 0, &e), &e, "escalate");
    char *b6 = add_blocker(st, "FIN-1", "waits on ENG", "2026-11-26T07:00:00Z");
    accept(st, b6, 2, "ENG");
    char *b7 = add_blocker(st, "FIN-1", "finance inside", "2026-11-26T07:00:00Z");
    accept(st, b7, 2, "FIN");
    char *b8 = add_blocker(st, "ENG-2", "ours on us", "2026-11-26T06:00:00Z");
    accept(st, b8, 3, "ENG");
    /* b9: severity 2 (SLA one day) raised six days ago, so breached */
    char *b9 = add_blocker(st, "ENG-1", "critical breached", "2026-11-20T08:00:00Z");
    accept(st, b9, 2, "FIN");

    struct standup_page p;
    must(standup_page_load(st, 0, "ENG", "2026-11-25T09:00:00Z", NULL, &p, &e), &e,
         "page_load");
    CHECK_STR(p.name, "Engineering");
    CHECK_STR(p.lead, "alice");
    /* we wait on others: breached/escalated first (b9 sev2 breached, b2 sev1 raised a
     * minute ago is not breached, b5 escalated), then severity, then age; unset last */
    const char *want_we[] = {b9, b5, b2, b3, b1, b4};
    CHECK_INT(p.n_we_wait, 6);
    for (size_t i = 0; i < p.n_we_wait && i < 6; i++)
        CHECK_STR(p.we_wait[i].key, want_we[i]);
    /* others wait on us: b6 (FIN's) and b8 (our own, waiting on us), by severity */
    CHECK_INT(p.n_they_wait, 2);
    if (p.n_they_wait == 2) {
        CHECK_STR(p.they_wait[0].key, b6);
        CHECK_STR(p.they_wait[1].key, b8);
    }
    for (size_t i = 0; i < p.n_they_wait; i++)
        CHECK(strcmp(p.they_wait[i].key, b7) != 0);
    /* ENG-1 has an open severity-1 blocker: red; ENG-2 is green with a far due date */
    CHECK_INT(p.n_at_risk, 1);
    if (p.n_at_risk)
        CHECK_STR(p.at_risk[0].key, "ENG-1");
    standup_page_fini(&p);

    /* one rule of at risk: due within 7 days is at risk only under 80 % */
    struct project pr;
    must(project_get(st, "ENG-2", &pr, &e), &e, "project_get");
    str_replace(&pr.due, "2026-11-30");
    pr.progress = 95;
    must(project_update(st, &pr, &e), &e, "project_update");
    project_fini(&pr);
    must(standup_page_load(st, 0, "ENG", "2026-11-25T09:00:00Z", NULL, &p, &e), &e,
         "page_load");
    CHECK_INT(p.n_at_risk, 1); /* 95 % done: green, not at risk */
    if (p.n_at_risk)
        CHECK(strstr(p.why[0], "S1 blocker") != NULL);
    standup_page_fini(&p);
    must(project_get(st, "ENG-2", &pr, &e), &e, "project_get");
    pr.progress = 40;
    must(project_update(st, &pr, &e), &e, "project_update");
    project_fini(&pr);
    must(standup_page_load(st, 0, "ENG", "2026-11-25T09:00:00Z", NULL, &p, &e), &e,
         "page_load");
    CHECK_INT(p.n_at_risk, 2);
    if (p.n_at_risk == 2) {
        CHECK_STR(p.at_risk[0].key, "ENG-1"); /* red before amber */
        CHECK_STR(p.at_risk[1].key, "ENG-2");
        CHECK_STR(p.why[1], "due Mon 30 Nov at 40%");
    }
    standup_page_fini(&p);
    char *all[] = {b1, b2, b3, b4, b5, b6, b7, b8, b9};
    for (size_t i = 0; i < 9; i++)
        free(all[i]);
    store_close(st);
}

static void page_shows_indicators_off_target_with_their_change(void)
{
    struct store *st = fresh();
    struct err e = {0};
    add_indicator(st, "uptime", "ENG");
    add_indicator(st, "latency", "ENG");
    add_indicator(st, "fine", "ENG");
    record(st, "uptime", "2026-11-24T08:00:00Z", 92);
    record(st, "uptime", "2026-11-26T08:00:00Z", 75); /* red */
    record(st, "latency", "2026-11-26T08:00:00Z", 85); /* amber, no reading at since */
    record(st, "fine", "2026-11-26T08:00:00Z", 100);
    at("2026-11-26T09:00:00Z");
    struct standup_page p;
    must(standup_page_load(st, 0, "ENG", "2026-11-25T09:00:00Z", NULL, &p, &e), &e,
         "page_load");
    CHECK_INT(p.n_off, 2);
    if (p.n_off == 2) {
        CHECK_STR(p.off[0].ind.key, "uptime"); /* red first */
        CHECK(p.off[0].has_since);
        CHECK(p.off[0].since_value == 92);
        CHECK_INT(p.off[0].since_status, HEALTH_GREEN);
        CHECK(p.off[0].ind.value == 75);
        CHECK_INT(p.off[0].n_spark, 2);
        CHECK_STR(p.off[1].ind.key, "latency");
        CHECK(!p.off[1].has_since);
    }
    /* uptime went green -> red inside the window; latency had no reading then
     * and is amber now: both reported as crossings */
    CHECK(find_change(p.changes, p.n_changes, CHANGE_INDICATOR_CROSSED, "uptime") != NULL);
    CHECK(find_change(p.changes, p.n_changes, CHANGE_INDICATOR_CROSSED, "latency") != NULL);
    CHECK(find_change(p.changes, p.n_changes, CHANGE_INDICATOR_CROSSED, "fine") == NULL);
    standup_page_fini(&p);
    store_close(st);
}

/* A crossing judges each end of the window by the thresholds in force
 * when its reading was taken: the same value crosses when the target
 * moved between the readings, a reading after the window or none in it
 * is no crossing, and a first reading tells only when it is off target. */
static void indicator_crossings_use_the_thresholds_of_each_reading(void)
{
    struct store *st = fresh();
    struct err e = {0};
    add_indicator(st, "moved", "ENG"); /* 100 target, 90 amber, 80 red */
    add_indicator(st, "quiet", "ENG");
    add_indicator(st, "later", "ENG");
    add_indicator(st, "first", "ENG");
    add_indicator(st, "first-ok", "ENG");
    record(st, "moved", "2026-11-24T08:00:00Z", 85); /* amber then */
    struct indicator_target t = {.has_target = true, .target = 80, .has_amber = true,
                                 .amber = 70, .has_red = true, .red = 60};
    must(indicator_set_target(st, "moved", "2026-11-25T12:00:00Z", &t, &e), &e, "set_target");
    record(st, "moved", "2026-11-26T08:00:00Z", 85); /* green under the new target */
    record(st, "quiet", "2026-11-24T08:00:00Z", 70);  /* red, and nothing since */
    record(st, "later", "2026-11-24T08:00:00Z", 95);
    record(st, "later", "2026-11-26T10:00:00Z", 70); /* after the window's end */
    record(st, "first", "2026-11-26T08:00:00Z", 70);
    record(st, "first-ok", "2026-11-26T08:00:00Z", 100);
    at("2026-11-26T09:00:00Z");
    struct change *v = NULL;
    size_t n = 0;
    must(changes_since(st, "ENG", "2026-11-25T09:00:00Z", "2026-11-26T09:00:00Z", &v, &n, &e), &e,
         "changes");
    const struct change *c = find_change(v, n, CHANGE_INDICATOR_CROSSED, "moved");
    CHECK(c != NULL);
    if (c) {
        CHECK_INT(c->old_health, HEALTH_AMBER);
        CHECK_INT(c->new_health, HEALTH_GREEN);
        CHECK_STR(c->old_value, "85");
        CHECK_STR(c->new_value, "85");
        CHECK_STR(c->at, "2026-11-26T08:00:00Z");
    }
    CHECK(find_change(v, n, CHANGE_INDICATOR_CROSSED, "quiet") == NULL);
    CHECK(find_change(v, n, CHANGE_INDICATOR_CROSSED, "later") == NULL);
    c = find_change(v, n, CHANGE_INDICATOR_CROSSED, "first");
    CHECK(c != NULL);
    if (c) {
        CHECK(c->old_value == NULL);
        CHECK_INT(c->new_health, HEALTH_RED);
    }
    CHECK(find_change(v, n, CHANGE_INDICATOR_CROSSED, "first-ok") == NULL);
    change_list_free(v, n);
    store_close(st);
}

/* A department with more indicators off target than a page lists: the
 * first STANDUP_INDICATORS_SHOWN, red before amber and then by key, and
 * the count of all of them; the indicators of other departments and
 * those on target are not counted. */
static void page_lists_the_first_indicators_off_target_and_counts_them_all(void)
{
    struct store *st = fresh();
    struct err e = {0};
    int n = STANDUP_INDICATORS_SHOWN + 7;
    for (int i = 0; i < n; i++) {
        char key[32];
        snprintf(key, sizeof key, "m-%03d", i);
        add_indicator(st, key, "ENG");
        /* every third red, the rest amber */
        record(st, key, "2026-11-26T08:00:00Z", i % 3 == 0 ? 70 : 85);
    }
    add_indicator(st, "on-target", "ENG");
    record(st, "on-target", "2026-11-26T08:00:00Z", 100);
    add_indicator(st, "fin-red", "FIN");
    record(st, "fin-red", "2026-11-26T08:00:00Z", 10);
    at("2026-11-26T09:00:00Z");
    struct standup_page p;
    must(standup_page_load(st, 0, "ENG", "2026-11-25T09:00:00Z", NULL, &p, &e), &e,
         "page_load");
    CHECK_INT(p.total_off, n);
    CHECK_INT(p.n_off, STANDUP_INDICATORS_SHOWN);
    int reds = (n + 2) / 3;
    for (size_t i = 0; i < p.n_off; i++) {
        char want[32];
        /* the reds are m-000, m-003, ...; then the ambers in key order */
        int k = (int)i < reds ? 3 * (int)i : (int)i - reds + ((int)i - reds) / 2 + 1;
        snprintf(want, sizeof want, "m-%03d", k);
        CHECK_STR(p.off[i].ind.key, want);
        CHECK_INT(p.off[i].ind.status, (int)i < reds ? HEALTH_RED : HEALTH_AMBER);
    }
    standup_page_fini(&p);
    store_close(st);
}

static void add_entry(struct store *st, int64_t su, const char *dept, enum standup_kind k,
                      const char *text, const char *owner, const char *due)
{
    struct err e = {0};
    /* overdue actions are what these tests look at: their dates are meant */
    struct standup_entry x = {.standup_id = su, .department = (char *)dept, .kind = k,
                              .text = (char *)text, .owner = (char *)owner, .due = (char *)due,
                              .past_due_ok = true};
    must(standup_add_entry(st, &x, NULL, &e), &e, "standup_add_entry");
}

/* An action due before today is refused until confirmed; today is fine. */
static void an_action_due_in_the_past_asks_first(void)
{
    at("2026-11-26T09:00:00Z");
    struct store *st = fresh();
    struct err e = {0};
    int64_t su = 0;
    must(standup_start(st, &su, &e), &e, "standup_start");
    struct standup_entry x = {.standup_id = su, .department = "ENG", .kind = ENTRY_ACTION,
                              .text = "Chase the landlord", .owner = "bob", .due = "2026-11-20"};
    CHECK(standup_due_past("2026-11-20"));
    CHECK(!standup_due_past(NULL));
    CHECK_INT(standup_add_entry(st, &x, NULL, &e), -ERR_USAGE);
    CHECK_STR(e.msg, "the action would be due on 2026-11-20, which is past; give a later date, "
                     "or confirm that date");
    x.past_due_ok = true;
    CHECK_INT(standup_add_entry(st, &x, NULL, &e), 0);
    x.past_due_ok = false;
    x.due = "2026-11-26"; /* today */
    CHECK(!standup_due_past(x.due));
    CHECK_INT(standup_add_entry(st, &x, NULL, &e), 0);
    x.due = NULL;
    CHECK_INT(standup_add_entry(st, &x, NULL, &e), 0);
    x.owner = "bbo";
    CHECK_INT(standup_add_entry(st, &x, NULL, &e), -ERR_USAGE);
    CHECK_STR(e.msg, "no person 'bbo'; did you mean bob?");
    store_close(st);
}

static void page_lists_due_actions_of_earlier_standups_and_what_was_typed(void)
{
    struct store *st = fresh();
    struct err e = {0};
    int64_t first = run_standup(st, "2026-11-24T09:00:00Z", "2026-11-24T09:15:00Z");
    add_entry(st, first, "ENG", ENTRY_ACTION, "overdue one", "bob", "2026-11-25");
    add_entry(st, first, "ENG", ENTRY_ACTION, "due today", "bob", "2026-11-26");
    add_entry(st, first, "ENG", ENTRY_ACTION, "due later", "bob", "2026-12-01");
    add_entry(st, first, "ENG", ENTRY_ACTION, "no due date", "bob", NULL);
    add_entry(st, first, "FIN", ENTRY_ACTION, "finance's", "fred", "2026-11-25");
    add_entry(st, first, "ENG", ENTRY_NOTE, "an old note", NULL, NULL);
    struct standup_entry *x = NULL;
    size_t nx = 0;
    must(standup_entries(st, first, &x, &nx, &e), &e, "entries");
    int64_t done_id = 0;
    add_entry(st, first, "ENG", ENTRY_ACTION, "done already", "bob", "2026-11-20");
    standup_entry_list_free(x, nx);
    must(standup_entries(st, first, &x, &nx, &e), &e, "entries");
    done_id = x[nx - 1].id;
    standup_entry_list_free(x, nx);
    must(standup_entry_set_done(st, done_id, true, &e), &e, "set_done");

    at("2026-11-26T09:00:00Z");
    int64_t now_id = 0;
    must(standup_start(st, &now_id, &e), &e, "start");
    add_entry(st, now_id, "ENG", ENTRY_NOTE, "today's note", NULL, NULL);
    add_entry(st, now_id, "ENG", ENTRY_ACTION, "today's action", "carol", "2026-11-26");
    add_entry(st, now_id, "FIN", ENTRY_NOTE, "finance note", NULL, NULL);
    struct standup_page p;
    must(standup_page_load(st, now_id, "ENG", "2026-11-24T09:15:00Z", NULL, &p, &e), &e,
         "page_load");
    CHECK_INT(p.n_due, 2);
    if (p.n_due == 2) {
        CHECK_STR(p.due[0].text, "overdue one");
        CHECK_STR(p.due[1].text, "due today");
    }
    CHECK_INT(p.n_typed, 2);
    if (p.n_typed == 2) {
        CHECK_STR(p.typed[0].text, "today's note");
        CHECK_INT(p.typed[1].kind, ENTRY_ACTION);
        CHECK_STR(p.typed[1].owner, "carol");
    }
    standup_page_fini(&p);
    CHECK_INT(standup_page_load(st, now_id, "NOPE", NULL, NULL, &p, &e), -ERR_USAGE);
    store_close(st);
}

/* Each member of an entry named once in its descriptor, and an entry
 * written and marked done reads back as written, through it. */
static void an_entry_is_described_once_and_reads_back_as_written(void)
{
    const struct entity *ent = &standup_entry_entity;
    CHECK_INT(ent->size, sizeof(struct standup_entry));
    for (size_t i = 0; i < ent->n; i++)
        for (size_t j = i + 1; j < ent->n; j++)
            CHECK(ent->fields[i].off != ent->fields[j].off);
    struct store *st = fresh();
    struct err e = {0};
    int64_t id = run_standup(st, "2026-11-24T09:00:00Z", "2026-11-24T09:15:00Z");
    add_entry(st, id, "FIN", ENTRY_ACTION, "send the VAT rules", "fred", "2026-11-30");
    add_entry(st, id, NULL, ENTRY_PARKING, "a parked question", "", "");
    struct standup_entry *x = NULL;
    size_t nx = 0;
    must(standup_entries(st, id, &x, &nx, &e), &e, "entries");
    CHECK_INT(nx, 2);
    if (nx == 2) {
        CHECK_INT(x[0].standup_id, id);
        CHECK_STR(x[0].department, "FIN");
        CHECK_INT(x[0].kind, ENTRY_ACTION);
        CHECK_STR(x[0].text, "send the VAT rules");
        CHECK_STR(x[0].owner, "fred");
        CHECK_STR(x[0].due, "2026-11-30");
        CHECK(!x[0].done);
        CHECK_STR(x[0].created_by, "tester");
        CHECK(x[0].created_at != NULL);
        CHECK(x[1].department == NULL && x[1].owner == NULL && x[1].due == NULL);
        CHECK_INT(x[1].kind, ENTRY_PARKING);
        must(standup_entry_set_done(st, x[0].id, true, &e), &e, "set_done");
    }
    standup_entry_list_free(x, nx);
    must(standup_entries(st, id, &x, &nx, &e), &e, "entries");
    CHECK(nx == 2 && x[0].done && !x[1].done);
    standup_entry_list_free(x, nx);
    store_close(st);
}

static void skips_and_time_per_department_are_recorded(void)
{
    struct store *st = fresh();
    struct err e = {0};
    at("2026-11-26T09:00:00Z");
    int64_t id = 0;
    must(standup_start(st, &id, &e), &e, "start");
    must(standup_visit(st, id, "ENG", 0, &e), &e, "visit");
    must(standup_visit(st, id, "FIN", 75, &e), &e, "visit");
    must(standup_skip(st, id, "FIN", &e), &e, "skip");
    must(standup_skip(st, id, "FIN", &e), &e, "skip twice");
    must(standup_visit(st, id, "OPS", 5, &e), &e, "visit");
    must(standup_visit(st, id, "ENG", 40, &e), &e, "visit back");
    must(standup_visit(st, id, NULL, 20, &e), &e, "leave");
    struct standup_time *t = NULL;
    size_t n = 0;
    must(standup_times(st, id, &t, &n, &e), &e, "times");
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK_STR(t[0].dept, "ENG");
        CHECK_INT(t[0].seconds, 95);
        CHECK(!t[0].skipped);
        CHECK_STR(t[1].dept, "FIN");
        CHECK_INT(t[1].seconds, 5);
        CHECK(t[1].skipped);
        CHECK_STR(t[2].dept, "OPS");
        CHECK_INT(t[2].seconds, 40);
    }
    standup_times_free(t, n);
    CHECK_INT(standup_skip(st, id, "NOPE", &e), -ERR_USAGE);
    /* a member may type notes but not steer the stand-up */
    store_set_rights(st, ROLE_MEMBER, NULL, 0);
    CHECK_INT(standup_skip(st, id, "OPS", &e), -ERR_DENIED);
    store_close(st);
}

static void walk_takes_the_configured_order_then_the_rest(void)
{
    struct store *st = fresh();
    struct err e = {0};
    char **keys = NULL;
    size_t n = 0;
    must(standup_walk(st, NULL, 0, &keys, &n, &e), &e, "walk");
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK_STR(keys[0], "ENG");
        CHECK_STR(keys[1], "FIN");
        CHECK_STR(keys[2], "OPS");
    }
    standup_keys_free(keys, n);
    const char *order[] = {"OPS", "GONE", "FIN", "OPS"};
    must(standup_walk(st, order, 4, &keys, &n, &e), &e, "walk");
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK_STR(keys[0], "OPS");
        CHECK_STR(keys[1], "FIN");
        CHECK_STR(keys[2], "ENG");
    }
    standup_keys_free(keys, n);
    store_close(st);
}

int main(void)
{
    tmp = check_tmpdir();
    RUN(since_without_earlier_standup_is_a_day_or_back_to_friday);
    RUN(since_is_the_previous_end_and_monday_passes_over_the_weekend);
    RUN(changes_come_from_the_audit_log_of_the_window);
    RUN(every_verdict_is_a_change_with_the_state_now);
    RUN(page_splits_and_orders_blockers_and_finds_what_is_at_risk);
    RUN(page_shows_indicators_off_target_with_their_change);
    RUN(page_lists_the_first_indicators_off_target_and_counts_them_all);
    RUN(indicator_crossings_use_the_thresholds_of_each_reading);
    RUN(page_lists_due_actions_of_earlier_standups_and_what_was_typed);
    RUN(an_entry_is_described_once_and_reads_back_as_written);
    RUN(skips_and_time_per_department_are_recorded);
    RUN(walk_takes_the_configured_order_then_the_rest);
    RUN(an_action_due_in_the_past_asks_first);
    return check_report();
}
