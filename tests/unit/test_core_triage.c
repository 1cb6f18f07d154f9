/*
 * Triage in the model: SLA near and past, undo (and its refusal after
 * someone else's change), conflicts naming who changed what, bulk
 * verdicts all or nothing, comments, full-text duplicate search and the
 * triage queue's order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "fixture.h"
#include "baton/blocker.h"
#include "baton/department.h"
#include "baton/event.h"
#include "baton/project.h"
#include "baton/store.h"
#include "baton/timeutil.h"

#define NOW "2026-11-26T09:00:00Z"

static char *tmp;

/* ENG (lead alice), FIN (lead fred); project ENG-1. */
static struct store *fresh(void)
{
    struct store *st = fixture_store(tmp, "t", NULL);
    struct err e = {0};
    struct department d[] = {
        {.key = "ENG", .name = "Engineering", .lead = "alice"},
        {.key = "FIN", .name = "Finance", .lead = "fred"},
    };
    for (size_t i = 0; i < 2; i++)
        if (department_add(st, &d[i], &e) != 0)
            exit(2);
    /* escalation goes to people of the organisation */
    struct person people[] = {
        {.login = "alice", .name = "Alice", .department = "ENG"},
        {.login = "fred", .name = "Fred", .department = "FIN"},
    };
    for (size_t i = 0; i < 2; i++)
        if (person_add(st, &people[i], &e) != 0)
            exit(2);
    struct project p = {.key = "ENG-1", .title = "New billing", .department = "ENG"};
    if (project_add(st, &p, &e) != 0)
        exit(2);
    return st;
}

static char *add(struct store *st, const char *title, const char *detail, int sev)
{
    struct blocker b = {.project = "ENG-1", .title = (char *)title, .detail = (char *)detail,
                        .severity = sev};
    char *key = NULL;
    struct err e = {0};
    if (blocker_add(st, &b, &key, &e) != 0)
        fprintf(stderr, "blocker_add: %s\n", e.msg);
    return key;
}

static struct blocker get(struct store *st, const char *key)
{
    struct blocker b;
    struct err e = {0};
    if (blocker_get(st, key, &b, &e) != 0) {
        fprintf(stderr, "blocker_get %s: %s\n", key, e.msg);
        exit(2);
    }
    return b;
}

static size_t count_events(struct store *st, const char *key, const char *action)
{
    struct event *v = NULL;
    size_t n = 0, hits = 0;
    struct err e = {0};
    if (event_list(st, "blocker", key, NULL, 0, &v, &n, &e) != 0)
        return (size_t)-1;
    for (size_t i = 0; i < n; i++)
        if (!action || (v[i].action && strcmp(v[i].action, action) == 0))
            hits++;
    event_list_free(v, n);
    return hits;
}

static void test_sla_near_and_past(void)
{
    setenv("BATON_NOW", NOW, 1);
    struct store *st = fresh();
    char *k = add(st, "Printer jam", NULL, 1); /* critical: 4 hours */
    struct blocker b = get(st, k);
    btime now = time_now();
    CHECK_INT(blocker_sla_at(&b, store_sla(st, 1), now), SLA_OK);
    CHECK(!b.sla_near);
    /* 3h01 later: 59 minutes of 4 hours left is under a quarter */
    CHECK_INT(blocker_sla_at(&b, store_sla(st, 1), now + 3 * 3600 + 60), SLA_NEAR);
    CHECK_INT(blocker_sla_at(&b, store_sla(st, 1), now + 3 * 3600 - 60), SLA_OK);
    CHECK_INT(blocker_sla_at(&b, store_sla(st, 1), now + 4 * 3600), SLA_NEAR); /* due: not past */
    CHECK_INT(blocker_sla_at(&b, store_sla(st, 1), now + 4 * 3600 + 1), SLA_PAST);
    blocker_fini(&b);
    setenv("BATON_NOW", "2026-11-26T12:30:00Z", 1);
    b = get(st, k);
    CHECK(b.sla_near);
    CHECK(!b.breached);
    blocker_fini(&b);
    setenv("BATON_NOW", "2026-11-26T13:30:00Z", 1);
    b = get(st, k);
    CHECK(!b.sla_near);
    CHECK(b.breached);
    blocker_fini(&b);
    /* closed blockers and blockers without a severity have no SLA */
    setenv("BATON_NOW", NOW, 1);
    char *k2 = add(st, "No severity yet", NULL, 0);
    b = get(st, k2);
    CHECK_INT(blocker_sla_at(&b, store_sla(st, 1), time_now() + 999999), SLA_NONE);
    blocker_fini(&b);
    struct err e = {0};
    struct verdict res = {.verb = VERB_RESOLVE, .reason = "done"};
    CHECK_INT(blocker_apply(st, k, &res, &e), 0);
    b = get(st, k);
    CHECK_INT(blocker_sla_at(&b, store_sla(st, 1), time_now() + 999999), SLA_NONE);
    blocker_fini(&b);
    /* configured SLAs count: critical in 1 hour */
    int64_t sla[5] = {0, 3600, 86400, 3 * 86400, 7 * 86400};
    store_set_sla(st, sla);
    char *k3 = add(st, "Fast one", NULL, 1);
    b = get(st, k3);
    CHECK_STR(b.sla_due, "2026-11-26T10:00:00Z");
    blocker_fini(&b);
    free(k);
    free(k2);
    free(k3);
    store_close(st);
}

static void test_conflict_names_who(void)
{
    setenv("BATON_NOW", NOW, 1);
    struct store *st = fresh();
    char *k = add(st, "VAT rules", NULL, 0);
    struct blocker shown = get(st, k);
    /* bob changes it after it was shown */
    store_set_actor(st, "bob");
    struct blocker edit = get(st, k);
    free(edit.title);
    edit.title = xstrdup("VAT rules for Norway");
    struct err e = {0};
    CHECK_INT(blocker_update(st, &edit, &e), 0);
    blocker_fini(&edit);
    store_set_actor(st, "tester");
    size_t before = count_events(st, k, NULL);
    struct verdict v = {.verb = VERB_DECLINE, .reason = "not ours",
                        .expect_version = shown.version};
    CHECK_INT(blocker_apply(st, k, &v, &e), -ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "bob");
    CHECK_CONTAINS(e.msg, "title");
    CHECK_INT((long)count_events(st, k, NULL), (long)before);
    struct blocker now = get(st, k);
    CHECK_INT(now.state, BLOCKER_NEW);
    blocker_fini(&now);
    /* the same for an escalation and an edit */
    CHECK_INT(blocker_escalate(st, k, "fred", shown.version, &e), -ERR_CONFLICT);
    struct blocker stale = get(st, k);
    stale.version = shown.version;
    stale.severity = 2;
    CHECK_INT(blocker_update(st, &stale, &e), -ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "bob");
    blocker_fini(&stale);
    blocker_fini(&shown);
    free(k);
    store_close(st);
}

static void test_undo_restores(void)
{
    setenv("BATON_NOW", NOW, 1);
    struct store *st = fresh();
    char *k = add(st, "Need a VAT answer", NULL, 0);
    struct err e = {0};
    struct blocker_undo u;
    struct verdict acc = {.verb = VERB_ACCEPT, .severity = 2, .waiting_on = "FIN", .owner = "fred",
                          .expect_version = 1};
    CHECK_INT(blocker_apply_ex(st, k, &acc, &u, &e), 0);
    CHECK_INT(u.before.state, BLOCKER_NEW);
    CHECK_INT(u.after, 2);
    struct blocker b = get(st, k);
    CHECK_INT(b.state, BLOCKER_ACCEPTED);
    blocker_fini(&b);
    CHECK_INT(blocker_undo(st, &u, &e), 0);
    b = get(st, k);
    CHECK_INT(b.state, BLOCKER_NEW);
    CHECK_INT(b.severity, 0);
    CHECK(b.waiting_on == NULL);
    CHECK(b.owner == NULL);
    CHECK(b.sla_due == NULL);
    CHECK_INT(b.version, 3); /* an undo is a change of its own */
    blocker_fini(&b);
    CHECK_INT((long)count_events(st, k, "undo"), 1);
    blocker_undo_fini(&u);

    /* snooze, then undo: the snooze time and reason go */
    struct verdict snz = {.verb = VERB_SNOOZE, .reason = "after the audit",
                          .until = "2026-12-01T09:00:00Z"};
    CHECK_INT(blocker_apply_ex(st, k, &snz, &u, &e), 0);
    CHECK_INT(blocker_undo(st, &u, &e), 0);
    b = get(st, k);
    CHECK_INT(b.state, BLOCKER_NEW);
    CHECK(b.snoozed_until == NULL);
    CHECK(b.reason == NULL);
    blocker_fini(&b);
    blocker_undo_fini(&u);

    /* escalate, then undo: the level goes back */
    CHECK_INT(blocker_escalate_ex(st, k, "fred", 0, &u, &e), 0);
    b = get(st, k);
    CHECK_INT(b.escalation_level, 1);
    blocker_fini(&b);
    CHECK_INT(blocker_undo(st, &u, &e), 0);
    b = get(st, k);
    CHECK_INT(b.escalation_level, 0);
    CHECK(b.escalated_to == NULL);
    blocker_fini(&b);
    blocker_undo_fini(&u);

    /* a severity edit, then undo */
    struct blocker ed = get(st, k);
    ed.severity = 3;
    CHECK_INT(blocker_update_ex(st, &ed, &u, &e), 0);
    blocker_fini(&ed);
    CHECK_INT(blocker_undo(st, &u, &e), 0);
    b = get(st, k);
    CHECK_INT(b.severity, 0);
    blocker_fini(&b);
    blocker_undo_fini(&u);
    free(k);
    store_close(st);
}

static void test_undo_refused_after_another_change(void)
{
    setenv("BATON_NOW", NOW, 1);
    struct store *st = fresh();
    char *k = add(st, "Customs broker", NULL, 0);
    struct err e = {0};
    struct blocker_undo u;
    struct verdict dec = {.verb = VERB_DECLINE, .reason = "not ours"};
    CHECK_INT(blocker_apply_ex(st, k, &dec, &u, &e), 0);
    store_set_actor(st, "carol");
    struct verdict reo = {.verb = VERB_REOPEN};
    CHECK_INT(blocker_apply(st, k, &reo, &e), 0);
    store_set_actor(st, "tester");
    size_t before = count_events(st, k, NULL);
    CHECK_INT(blocker_undo(st, &u, &e), -ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "carol");
    CHECK_INT((long)count_events(st, k, NULL), (long)before);
    struct blocker b = get(st, k);
    CHECK_INT(b.state, BLOCKER_NEW); /* carol's reopen stands */
    blocker_fini(&b);
    blocker_undo_fini(&u);
    struct blocker_undo none = {0};
    CHECK_INT(blocker_undo(st, &none, &e), -ERR_USAGE);
    free(k);
    store_close(st);
}

static void test_bulk_all_or_nothing(void)
{
    setenv("BATON_NOW", NOW, 1);
    struct store *st = fresh();
    char *k[3] = {add(st, "One", NULL, 0), add(st, "Two", NULL, 0), add(st, "Three", NULL, 0)};
    struct err e = {0};
    struct verdict dec = {.verb = VERB_DECLINE, .reason = "already declined"};
    CHECK_INT(blocker_apply(st, k[1], &dec, &e), 0);
    size_t events = count_events(st, NULL, NULL);
    (void)events;
    size_t e0 = count_events(st, k[0], NULL), e2 = count_events(st, k[2], NULL);
    struct verdict v = {.verb = VERB_DECLINE, .reason = "out of scope"};
    size_t failed = 99;
    const char *keys[3] = {k[0], k[1], k[2]};
    CHECK_INT(blocker_apply_all(st, keys, NULL, 3, &v, NULL, &failed, &e), -ERR_CONFLICT);
    CHECK_INT((long)failed, 1);
    CHECK_CONTAINS(e.msg, k[1]);
    CHECK_CONTAINS(e.msg, "declined");
    struct blocker b = get(st, k[0]);
    CHECK_INT(b.state, BLOCKER_NEW); /* the first one rolled back too */
    blocker_fini(&b);
    CHECK_INT((long)count_events(st, k[0], NULL), (long)e0);
    CHECK_INT((long)count_events(st, k[2], NULL), (long)e2);

    /* a stale version in the list refuses the whole list */
    struct verdict reo = {.verb = VERB_REOPEN};
    CHECK_INT(blocker_apply(st, k[1], &reo, &e), 0);
    int64_t versions[3] = {1, 1, 1}; /* k[1] is at 3 now */
    CHECK_INT(blocker_apply_all(st, keys, versions, 3, &v, NULL, &failed, &e), -ERR_CONFLICT);
    CHECK_INT((long)failed, 1);
    b = get(st, k[0]);
    CHECK_INT(b.state, BLOCKER_NEW);
    blocker_fini(&b);

    /* all good: all written, and undoable */
    struct blocker_undo undos[3];
    CHECK_INT(blocker_apply_all(st, keys, NULL, 3, &v, undos, &failed, &e), 0);
    for (int i = 0; i < 3; i++) {
        b = get(st, k[i]);
        CHECK_INT(b.state, BLOCKER_DECLINED);
        CHECK_STR(b.reason, "out of scope");
        blocker_fini(&b);
        CHECK_INT(undos[i].before.state, BLOCKER_NEW);
    }
    for (int i = 0; i < 3; i++) {
        CHECK_INT(blocker_undo(st, &undos[i], &e), 0);
        blocker_undo_fini(&undos[i]);
    }
    b = get(st, k[2]);
    CHECK_INT(b.state, BLOCKER_NEW);
    blocker_fini(&b);

    /* bulk escalation: each to its waiting-on lead, or refused as a whole */
    CHECK_INT(blocker_escalate_all(st, keys, NULL, 3, NULL, NULL, &failed, &e), -ERR_USAGE);
    CHECK_INT((long)failed, 0);
    CHECK_INT(blocker_escalate_all(st, keys, NULL, 3, "fred", NULL, &failed, &e), 0);
    b = get(st, k[1]);
    CHECK_INT(b.escalation_level, 1);
    CHECK_STR(b.escalated_to, "fred");
    blocker_fini(&b);
    for (int i = 0; i < 3; i++)
        free(k[i]);
    store_close(st);
}

static void test_comment_wakes_and_is_audited(void)
{
    setenv("BATON_NOW", NOW, 1);
    struct store *st = fresh();
    char *k = add(st, "Forklift licences", NULL, 0);
    struct err e = {0};
    struct verdict snz = {.verb = VERB_SNOOZE, .reason = "later", .until = "2026-12-10"};
    CHECK_INT(blocker_apply(st, k, &snz, &e), 0);
    CHECK_INT(blocker_comment(st, k, "the agency called back", &e), 0);
    struct blocker b = get(st, k);
    CHECK_INT(b.state, BLOCKER_NEW);
    blocker_fini(&b);
    CHECK_INT((long)count_events(st, k, "comment"), 1);
    CHECK_INT(blocker_comment(st, k, "  ", &e), -ERR_USAGE);
    CHECK_INT(blocker_comment(st, "B-999", "hello", &e), -ERR_USAGE);
    /* a viewer may not comment */
    store_set_rights(st, ROLE_VIEWER, NULL, 0);
    CHECK_INT(blocker_comment(st, k, "hello", &e), -ERR_DENIED);
    free(k);
    store_close(st);
}

static void test_search_finds_duplicates(void)
{
    setenv("BATON_NOW", NOW, 1);
    struct store *st = fresh();
    char *a = add(st, "VAT rules for Norway unclear", "Finance has not said which rate applies", 0);
    char *b = add(st, "Norway VAT rate unknown", NULL, 0);
    char *c = add(st, "Forklift licences expire", "Agency staff need new certificates", 0);
    char *d = add(st, "Norwegian VAT rate", "Norway VAT again", 0);
    struct err e = {0};
    struct verdict dec = {.verb = VERB_DECLINE, .reason = "closed"};
    CHECK_INT(blocker_apply(st, d, &dec, &e), 0);
    struct blocker_match *m = NULL;
    size_t n = 0;
    CHECK_INT(blocker_similar(st, b, 5, &m, &n, &e), 0);
    CHECK_INT((long)n, 1); /* a; not itself, not the closed d, not c */
    if (n)
        CHECK_STR(m[0].key, a);
    blocker_match_list_free(m, n);
    /* an edited title is searchable at once */
    struct blocker ed = get(st, c);
    free(ed.title);
    ed.title = xstrdup("Forklift licences and Norway VAT");
    CHECK_INT(blocker_update(st, &ed, &e), 0);
    blocker_fini(&ed);
    CHECK_INT(blocker_search(st, "norway", NULL, 0, &m, &n, &e), 0);
    CHECK_INT((long)n, 3);
    blocker_match_list_free(m, n);
    /* query syntax in the text is taken as words */
    CHECK_INT(blocker_search(st, "\"NEAR(vat* OR) -- '", NULL, 0, &m, &n, &e), 0);
    CHECK(n >= 1);
    blocker_match_list_free(m, n);
    CHECK_INT(blocker_search(st, "a b", NULL, 0, &m, &n, &e), 0);
    CHECK_INT((long)n, 0);
    /* one shared word is not enough to suggest a duplicate */
    char *f = add(st, "Offline sync loses delivery photos", "Drivers disputed three deliveries", 0);
    char *g = add(st, "Discount floor not approved", "Three customers are waiting for it", 0);
    CHECK_INT(blocker_similar(st, f, 5, &m, &n, &e), 0);
    for (size_t i = 0; i < n; i++)
        CHECK(strcmp(m[i].key, g) != 0);
    blocker_match_list_free(m, n);
    free(f);
    free(g);
    free(a);
    free(b);
    free(c);
    free(d);
    store_close(st);
}

static void test_queue_order_and_wake(void)
{
    setenv("BATON_NOW", NOW, 1);
    struct store *st = fresh();
    char *k1 = add(st, "low", NULL, 4);
    char *k2 = add(st, "unset", NULL, 0);
    char *k3 = add(st, "critical", NULL, 1);
    char *k4 = add(st, "snoozed", NULL, 2);
    char *k5 = add(st, "accepted", NULL, 1);
    struct err e = {0};
    struct verdict snz = {.verb = VERB_SNOOZE, .reason = "later", .until = "2026-11-27T09:00"};
    CHECK_INT(blocker_apply(st, k4, &snz, &e), 0);
    struct verdict acc = {.verb = VERB_ACCEPT, .waiting_on = "FIN"};
    CHECK_INT(blocker_apply(st, k5, &acc, &e), 0);
    char **keys = NULL;
    size_t n = 0;
    CHECK_INT(blocker_queue(st, NULL, &keys, &n, &e), 0);
    CHECK_INT((long)n, 3);
    if (n == 3) {
        CHECK_STR(keys[0], k3);
        CHECK_STR(keys[1], k1);
        CHECK_STR(keys[2], k2);
    }
    for (size_t i = 0; i < n; i++)
        free(keys[i]);
    free(keys);
    /* a day later the snooze is over: it wakes into the queue */
    setenv("BATON_NOW", "2026-11-27T10:00:00Z", 1);
    CHECK_INT(blocker_queue(st, NULL, &keys, &n, &e), 0);
    CHECK_INT((long)n, 4);
    if (n == 4)
        CHECK_STR(keys[1], k4);
    for (size_t i = 0; i < n; i++)
        free(keys[i]);
    free(keys);
    CHECK_INT(blocker_queue(st, "FIN", &keys, &n, &e), 0);
    CHECK_INT((long)n, 0); /* none waits on FIN, none of FIN's projects */
    free(keys);
    setenv("BATON_NOW", NOW, 1);
    free(k1);
    free(k2);
    free(k3);
    free(k4);
    free(k5);
    store_close(st);
}

/* A blocker whose severity changed in triage is placed from where it
 * stood, by the rows between its two places: the same position as
 * counting every row before it, for every severity, up or down the
 * queue, whole or narrowed to a department. */
static void test_queue_place_after_a_severity_change(void)
{
    struct store *st = fresh();
    struct err e = {0};
    enum { N = 24 };
    char *keys[N];
    for (int i = 0; i < N; i++) {
        char now[32], title[32];
        /* raised a minute apart, some on the same minute */
        snprintf(now, sizeof now, "2026-11-26T08:%02d:00Z", i - i % 3);
        setenv("BATON_NOW", now, 1);
        snprintf(title, sizeof title, "blocker %d", i);
        keys[i] = add(st, title, NULL, (i * 7) % 5);
        if (i % 4 == 0) { /* waits on FIN: in FIN's queue too */
            struct blocker b = get(st, keys[i]);
            free(b.waiting_on);
            b.waiting_on = strdup("FIN");
            CHECK_INT(blocker_update(st, &b, &e), 0);
            blocker_fini(&b);
        }
    }
    setenv("BATON_NOW", NOW, 1);
    const char *depts[] = {NULL, "FIN"};
    for (size_t d = 0; d < 2; d++)
        for (int i = 0; i < N; i += 5)
            for (int sev = 0; sev <= 4; sev++) {
                int64_t from = -1, want = -1, got = -2;
                struct blocker b = get(st, keys[i]);
                CHECK_INT(blocker_queue_position(st, depts[d], keys[i], &from, &e), 0);
                int was = b.severity;
                b.severity = sev;
                CHECK_INT(blocker_update(st, &b, &e), 0);
                blocker_fini(&b);
                CHECK_INT(blocker_queue_position(st, depts[d], keys[i], &want, &e), 0);
                CHECK_INT(blocker_queue_moved(st, depts[d], keys[i], was, from, &got, &e), 0);
                if (got != want)
                    fprintf(stderr, "  %s in %s, severity %d -> %d, from %lld\n", keys[i],
                            depts[d] ? depts[d] : "all", was, sev, (long long)from);
                CHECK_INT(got, want);
            }
    for (int i = 0; i < N; i++)
        free(keys[i]);
    store_close(st);
}

/* A bulk accept fills what a blocker lacks and leaves what it has. */
static void test_bulk_accept_fills_only_what_is_missing(void)
{
    struct store *st = fresh();
    struct err e = {0};
    char *has = add(st, "Lease renewal", NULL, 2), *lacks = add(st, "Desk order", NULL, 0);
    struct blocker b = get(st, has);
    b.waiting_on = xstrdup("ENG");
    CHECK_INT(blocker_update(st, &b, &e), 0);
    blocker_fini(&b);
    const char *keys[] = {has, lacks};
    struct verdict v = {.verb = VERB_ACCEPT, .severity = 3, .waiting_on = "FIN",
                        .fill_only = true};
    size_t failed = 0;
    CHECK_INT(blocker_apply_all(st, keys, NULL, 2, &v, NULL, &failed, &e), 0);
    b = get(st, has);
    CHECK_INT(b.state, BLOCKER_ACCEPTED);
    CHECK_INT(b.severity, 2);
    CHECK_STR(b.waiting_on, "ENG");
    blocker_fini(&b);
    b = get(st, lacks);
    CHECK_INT(b.state, BLOCKER_ACCEPTED);
    CHECK_INT(b.severity, 3);
    CHECK_STR(b.waiting_on, "FIN");
    blocker_fini(&b);
    /* the audit names no severity change on the one that had it */
    struct event *ev = NULL;
    size_t ne = 0;
    CHECK_INT(event_list(st, "blocker", has, NULL, 0, &ev, &ne, &e), 0);
    int sev_changes = 0;
    for (size_t i = 0; i < ne; i++)
        sev_changes += str_eq(ev[i].action, "accept") && str_eq(ev[i].field, "severity");
    CHECK_INT(sev_changes, 0);
    event_list_free(ev, ne);
    free(has);
    free(lacks);
    store_close(st);
}

/* Marking a duplicate and snoozing take an optional reason; the audit
 * records the verdict either way. Declining still needs one. */
static void test_duplicate_and_snooze_without_a_reason(void)
{
    setenv("BATON_NOW", NOW, 1);
    struct store *st = fresh();
    struct err e = {0};
    char *orig = add(st, "VAT rules", NULL, 2), *dup = add(st, "VAT rules again", NULL, 0),
         *later = add(st, "Office move", NULL, 0);
    struct verdict v = {.verb = VERB_DUPLICATE, .duplicate_of = orig};
    CHECK_INT(blocker_apply(st, dup, &v, &e), 0);
    struct blocker b = get(st, dup);
    CHECK_INT(b.state, BLOCKER_DUPLICATE);
    CHECK_STR(b.duplicate_of, orig);
    CHECK(b.reason == NULL);
    blocker_fini(&b);
    v = (struct verdict){.verb = VERB_SNOOZE, .until = "2027-01-05T09:00"};
    CHECK_INT(blocker_apply(st, later, &v, &e), 0);
    b = get(st, later);
    CHECK_INT(b.state, BLOCKER_SNOOZED);
    CHECK_STR(b.snoozed_until, "2027-01-05T09:00:00Z");
    blocker_fini(&b);
    struct event *ev = NULL;
    size_t ne = 0;
    CHECK_INT(event_list(st, "blocker", later, NULL, 0, &ev, &ne, &e), 0);
    bool audited = false;
    for (size_t i = 0; i < ne; i++)
        audited |= str_eq(ev[i].action, "snooze") && str_eq(ev[i].field, "state") &&
                   str_eq(ev[i].new_value, "snoozed");
    CHECK(audited);
    event_list_free(ev, ne);
    v = (struct verdict){.verb = VERB_DECLINE};
    CHECK_INT(blocker_apply(st, orig, &v, &e), -ERR_USAGE);
    free(orig);
    free(dup);
    free(later);
    store_close(st);
}

/* Escalating to a login that is no person is refused, naming the nearest. */
static void test_escalate_to_nobody_is_refused(void)
{
    struct store *st = fresh();
    struct err e = {0};
    char *k = add(st, "Ledger access", NULL, 2);
    CHECK_INT(blocker_escalate(st, k, "fredd", 0, &e), -ERR_USAGE);
    CHECK_STR(e.msg, "cannot escalate B-1 to fredd: no such person in the organisation (did you "
                     "mean fred?)");
    struct blocker b = get(st, k);
    CHECK_INT(b.escalation_level, 0);
    blocker_fini(&b);
    const char *keys[] = {k};
    size_t failed = 0;
    CHECK_INT(blocker_escalate_all(st, keys, NULL, 1, "zzzzzzzz", NULL, &failed, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "no such person");
    CHECK_INT(blocker_escalate(st, k, "fred", 0, &e), 0);
    free(k);
    store_close(st);
}

/* The waiting-on guess: the department most similar blockers wait on,
 * else the department of a project the blocker's project depends on. */
static void test_guess_waiting_on(void)
{
    struct store *st = fresh();
    struct err e = {0};
    struct department ops = {.key = "OPS", .name = "Operations"};
    CHECK_INT(department_add(st, &ops, &e), 0);
    const char *titles[] = {"Invoice approval for supplier", "Invoice approval for vendor",
                            "Supplier invoice approval late", "Invoice approval backlog"};
    const char *depts[] = {"FIN", "FIN", "FIN", "OPS"};
    for (int i = 0; i < 4; i++) {
        char *k = add(st, titles[i], "approval of the invoice", 3);
        struct verdict v = {.verb = VERB_ACCEPT, .waiting_on = depts[i]};
        CHECK_INT(blocker_apply(st, k, &v, &e), 0);
        free(k);
    }
    char *fresh_one = add(st, "Invoice approval for the new supplier", NULL, 0);
    struct waiting_guess g;
    CHECK_INT(blocker_guess_waiting(st, fresh_one, &g, &e), 0);
    CHECK_STR(g.dept, "FIN");
    CHECK_INT(g.votes, 3);
    CHECK_INT(g.of, 4);
    CHECK_STR(g.why, "FIN: 3 of the 4 most similar blockers");
    waiting_guess_fini(&g);

    /* nothing similar: a dependency on another department's project */
    struct project p = {.key = "OPS-1", .title = "Warehouse", .department = "OPS"};
    CHECK_INT(project_add(st, &p, &e), 0);
    CHECK_INT(project_depend(st, "ENG-1", "OPS-1", NULL, &e), 0);
    char *alone = add(st, "Forklift certificate", NULL, 0);
    CHECK_INT(blocker_guess_waiting(st, alone, &g, &e), 0);
    CHECK_STR(g.dept, "OPS");
    CHECK_STR(g.why, "OPS: ENG-1 depends on OPS-1");
    waiting_guess_fini(&g);
    CHECK_INT(project_undepend(st, "ENG-1", "OPS-1", &e), 0);
    CHECK_INT(blocker_guess_waiting(st, alone, &g, &e), 0);
    CHECK(g.dept == NULL);
    waiting_guess_fini(&g);
    free(fresh_one);
    free(alone);
    store_close(st);
}

int main(void)
{
    tmp = check_tmpdir();
    RUN(test_sla_near_and_past);
    RUN(test_conflict_names_who);
    RUN(test_undo_restores);
    RUN(test_undo_refused_after_another_change);
    RUN(test_bulk_all_or_nothing);
    RUN(test_comment_wakes_and_is_audited);
    RUN(test_search_finds_duplicates);
    RUN(test_queue_order_and_wake);
    RUN(test_queue_place_after_a_severity_change);
    RUN(test_bulk_accept_fills_only_what_is_missing);
    RUN(test_duplicate_and_snooze_without_a_reason);
    RUN(test_escalate_to_nobody_is_refused);
    RUN(test_guess_waiting_on);
    return check_report();
}
