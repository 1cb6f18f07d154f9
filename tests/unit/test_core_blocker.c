/*
 * Blockers: the transition table against DESIGN.md, every state x verb
 * through blocker_apply, what each verb needs, audit rows, stale versions,
 * escalation, import to every state, waking, and windowed lists.
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

/* A fresh store with ENG (lead alice), FIN (lead fred), OPS (no lead),
 * the people alice and fred, and projects ENG-1 and OPS-1. */
static struct store *fresh(void)
{
    struct store *st = fixture_store(tmp, "b", NULL);
    struct err e = {0};
    struct department d[] = {
        {.key = "ENG", .name = "Engineering", .lead = "alice", .sort_order = 1},
        {.key = "FIN", .name = "Finance", .lead = "fred", .sort_order = 2},
        {.key = "OPS", .name = "Operations", .sort_order = 3},
    };
    fixture_departments(st, d, 3);
    struct person who[] = {
        {.login = "alice", .name = "Alice Martin", .department = "ENG"},
        {.login = "fred", .name = "Fred Nolan", .department = "FIN"},
    };
    for (size_t i = 0; i < 2; i++)
        if (person_add(st, &who[i], &e) != 0) {
            fprintf(stderr, "person_add: %s\n", e.msg);
            exit(2);
        }
    struct project p[] = {
        {.key = "ENG-1", .title = "New billing", .department = "ENG"},
        {.key = "OPS-1", .title = "Warehouse move", .department = "OPS"},
    };
    for (size_t i = 0; i < 2; i++)
        if (project_add(st, &p[i], &e) != 0) {
            fprintf(stderr, "project_add: %s\n", e.msg);
            exit(2);
        }
    return st;
}

static char *add(struct store *st, const char *project, const char *title)
{
    struct blocker b = {.project = (char *)project, .title = (char *)title};
    char *key = NULL;
    struct err e = {0};
    int rc = blocker_add(st, &b, &key, &e);
    if (rc != 0)
        fprintf(stderr, "blocker_add: %s\n", e.msg);
    return key;
}

static enum blocker_state state_of(struct store *st, const char *key)
{
    struct blocker b;
    struct err e = {0};
    if (blocker_get(st, key, &b, &e) != 0)
        return BLOCKER_STATE_COUNT;
    enum blocker_state s = b.state;
    blocker_fini(&b);
    return s;
}

static size_t count_events(struct store *st, const char *key)
{
    struct event *v = NULL;
    size_t n = 0;
    struct err e = {0};
    if (event_list(st, key ? "blocker" : NULL, key, NULL, 0, &v, &n, &e) != 0) {
        fprintf(stderr, "event_list: %s\n", e.msg);
        return (size_t)-1;
    }
    event_list_free(v, n);
    return n;
}

/* A verdict that gives every verb all it needs. */
static struct verdict full(enum blocker_verb verb, const char *original)
{
    return (struct verdict){
        .verb = verb,
        .severity = 2,
        .waiting_on = "FIN",
        .reason = "because",
        .duplicate_of = original,
        .until = "2026-12-01T09:00:00Z",
    };
}

/* How to reach each state from new with blocker_apply. */
static const enum blocker_verb reach[BLOCKER_STATE_COUNT][3] = {
    [BLOCKER_NEW] = {VERB_COUNT},
    [BLOCKER_ACCEPTED] = {VERB_ACCEPT, VERB_COUNT},
    [BLOCKER_IN_PROGRESS] = {VERB_ACCEPT, VERB_START, VERB_COUNT},
    [BLOCKER_RESOLVED] = {VERB_RESOLVE, VERB_COUNT},
    [BLOCKER_DECLINED] = {VERB_DECLINE, VERB_COUNT},
    [BLOCKER_DUPLICATE] = {VERB_DUPLICATE, VERB_COUNT},
    [BLOCKER_SNOOZED] = {VERB_SNOOZE, VERB_COUNT},
};

static void test_table_matches_design(void)
{
    /* DESIGN.md: new -> accepted -> in_progress -> resolved; from new also
     * declined, duplicate and snoozed; snoozed wakes to new; closed ones
     * reopen. model.h adds resolve from new/accepted and accept, decline,
     * duplicate from snoozed. Written out by hand, independently. */
    static const int want[BLOCKER_STATE_COUNT][VERB_COUNT] = {
        /*                 acc start res  dec  dup  snz  wake reop */
        [BLOCKER_NEW] = {1, 0, 1, 1, 1, 1, 0, 0},
        [BLOCKER_ACCEPTED] = {0, 1, 1, 0, 0, 0, 0, 0},
        [BLOCKER_IN_PROGRESS] = {0, 0, 1, 0, 0, 0, 0, 0},
        [BLOCKER_RESOLVED] = {0, 0, 0, 0, 0, 0, 0, 1},
        [BLOCKER_DECLINED] = {0, 0, 0, 0, 0, 0, 0, 1},
        [BLOCKER_DUPLICATE] = {0, 0, 0, 0, 0, 0, 0, 1},
        [BLOCKER_SNOOZED] = {1, 0, 0, 1, 1, 0, 1, 0},
    };
    static const enum blocker_state to_of[VERB_COUNT] = {
        BLOCKER_ACCEPTED, BLOCKER_IN_PROGRESS, BLOCKER_RESOLVED, BLOCKER_DECLINED,
        BLOCKER_DUPLICATE, BLOCKER_SNOOZED, BLOCKER_NEW, BLOCKER_NEW,
    };
    for (int s = 0; s < BLOCKER_STATE_COUNT; s++)
        for (int v = 0; v < VERB_COUNT; v++) {
            enum blocker_state to = BLOCKER_STATE_COUNT;
            bool ok = blocker_transition((enum blocker_state)s, (enum blocker_verb)v, &to);
            if (ok != (want[s][v] != 0))
                fprintf(stderr, "  %s + %s: table says %d, DESIGN.md %d\n",
                        blocker_state_name((enum blocker_state)s),
                        blocker_verb_name((enum blocker_verb)v), ok, want[s][v]);
            CHECK_INT(ok, want[s][v]);
            if (ok)
                CHECK_INT(to, to_of[v]);
        }
}

static void test_every_state_and_verb_through_apply(void)
{
    struct store *st = fresh();
    struct err e = {0};
    char *original = add(st, "ENG-1", "the original");
    for (int s = 0; s < BLOCKER_STATE_COUNT; s++) {
        for (int v = 0; v < VERB_COUNT; v++) {
            char *key = add(st, "ENG-1", "matrix");
            CHECK(key != NULL);
            for (int k = 0; reach[s][k] != VERB_COUNT; k++) {
                struct verdict step = full(reach[s][k], original);
                int rc = blocker_apply(st, key, &step, &e);
                if (rc)
                    fprintf(stderr, "  setting up %s: %s\n",
                            blocker_state_name((enum blocker_state)s), e.msg);
                CHECK_INT(rc, 0);
            }
            CHECK_INT(state_of(st, key), s);
            size_t before = count_events(st, NULL);
            struct verdict verdict = full((enum blocker_verb)v, original);
            err_clear(&e);
            int rc = blocker_apply(st, key, &verdict, &e);
            enum blocker_state to;
            if (blocker_transition((enum blocker_state)s, (enum blocker_verb)v, &to)) {
                if (rc)
                    fprintf(stderr, "  %s + %s refused: %s\n",
                            blocker_state_name((enum blocker_state)s),
                            blocker_verb_name((enum blocker_verb)v), e.msg);
                CHECK_INT(rc, 0);
                CHECK_INT(state_of(st, key), to);
                CHECK(count_events(st, NULL) > before);
            } else {
                CHECK_INT(rc, -ERR_CONFLICT);
                CHECK_INT(e.code, ERR_CONFLICT);
                CHECK_CONTAINS(e.msg, key);
                CHECK_CONTAINS(e.msg, blocker_state_name((enum blocker_state)s));
                CHECK_INT(state_of(st, key), s);
                CHECK_INT(count_events(st, NULL), before);
            }
            free(key);
        }
    }
    free(original);
    store_close(st);
}

static void test_accept_needs_severity_and_waiting_on(void)
{
    struct store *st = fresh();
    struct err e = {0};
    char *key = add(st, "ENG-1", "VAT rules");
    struct verdict v = {.verb = VERB_ACCEPT};
    CHECK_INT(blocker_apply(st, key, &v, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "severity");
    CHECK_CONTAINS(e.msg, "waiting-on department");
    v.severity = 2;
    CHECK_INT(blocker_apply(st, key, &v, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "needs a waiting-on department");
    v = (struct verdict){.verb = VERB_ACCEPT, .waiting_on = "FIN"};
    CHECK_INT(blocker_apply(st, key, &v, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "needs a severity");
    v.severity = 7;
    CHECK_INT(blocker_apply(st, key, &v, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "1 (critical) to 4 (low)");
    v = (struct verdict){.verb = VERB_ACCEPT, .severity = 2, .waiting_on = "NOPE"};
    CHECK_INT(blocker_apply(st, key, &v, &e), -ERR_USAGE);
    CHECK_STR(e.msg, "no department NOPE");
    CHECK_INT(state_of(st, key), BLOCKER_NEW);

    v = (struct verdict){.verb = VERB_ACCEPT, .severity = 2, .waiting_on = "FIN", .owner = "fred"};
    CHECK_INT(blocker_apply(st, key, &v, &e), 0);
    struct blocker b;
    CHECK_INT(blocker_get(st, key, &b, &e), 0);
    CHECK_INT(b.state, BLOCKER_ACCEPTED);
    CHECK_INT(b.severity, 2);
    CHECK_STR(b.waiting_on, "FIN");
    CHECK_STR(b.owner, "fred");
    CHECK_STR(b.raised_at, NOW);
    /* Severity 2's SLA is a day by default. */
    btime raised = 0, due = -1;
    CHECK(time_parse(b.raised_at, &raised) && time_parse(b.sla_due, &due));
    CHECK_INT(due - raised, store_sla(st, 2));
    CHECK_INT(b.version, 2);
    blocker_fini(&b);

    /* A blocker raised with both already set is accepted with nothing more. */
    struct blocker nb = {.project = "ENG-1", .title = "set up", .severity = 3,
                         .waiting_on = "OPS"};
    char *k2 = NULL;
    CHECK_INT(blocker_add(st, &nb, &k2, &e), 0);
    v = (struct verdict){.verb = VERB_ACCEPT};
    CHECK_INT(blocker_apply(st, k2, &v, &e), 0);
    CHECK_INT(state_of(st, k2), BLOCKER_ACCEPTED);
    free(k2);
    free(key);
    store_close(st);
}

static void test_declined_refuses_accept_with_a_hint(void)
{
    struct store *st = fresh();
    struct err e = {0};
    char *k1 = add(st, "ENG-1", "one");
    char *k2 = add(st, "ENG-1", "two");
    CHECK_STR(k2, "B-2");
    struct verdict d = {.verb = VERB_DECLINE, .reason = "not ours"};
    CHECK_INT(blocker_apply(st, k2, &d, &e), 0);
    struct verdict a = {.verb = VERB_ACCEPT, .severity = 1, .waiting_on = "ENG"};
    CHECK_INT(blocker_apply(st, k2, &a, &e), -ERR_CONFLICT);
    CHECK_STR(e.msg, "B-2 is declined; accept needs new or snoozed — reopen it first");
    struct verdict s = {.verb = VERB_START};
    CHECK_INT(blocker_apply(st, k1, &s, &e), -ERR_CONFLICT);
    CHECK_STR(e.msg, "B-1 is new; start needs accepted — accept it first");
    struct verdict r = {.verb = VERB_REOPEN};
    CHECK_INT(blocker_apply(st, k1, &r, &e), -ERR_CONFLICT);
    CHECK_STR(e.msg, "B-1 is new; reopen needs resolved, declined or duplicate");
    free(k1);
    free(k2);
    store_close(st);
}

static void test_reopen_brings_closed_back_to_new(void)
{
    struct store *st = fresh();
    struct err e = {0};
    char *orig = add(st, "ENG-1", "original");
    const enum blocker_verb closers[] = {VERB_RESOLVE, VERB_DECLINE, VERB_DUPLICATE};
    const enum blocker_state closed[] = {BLOCKER_RESOLVED, BLOCKER_DECLINED, BLOCKER_DUPLICATE};
    for (size_t i = 0; i < 3; i++) {
        char *key = add(st, "ENG-1", "to close");
        struct verdict v = full(closers[i], orig);
        CHECK_INT(blocker_apply(st, key, &v, &e), 0);
        CHECK_INT(state_of(st, key), closed[i]);
        struct verdict r = {.verb = VERB_REOPEN, .reason = "came back"};
        CHECK_INT(blocker_apply(st, key, &r, &e), 0);
        struct blocker b;
        CHECK_INT(blocker_get(st, key, &b, &e), 0);
        CHECK_INT(b.state, BLOCKER_NEW);
        CHECK_STR(b.duplicate_of, NULL);
        CHECK_STR(b.reason, "came back");
        blocker_fini(&b);
        free(key);
    }
    free(orig);
    store_close(st);
}

static void test_verdict_writes_its_audit_rows(void)
{
    struct store *st = fresh();
    struct err e = {0};
    char *key = add(st, "ENG-1", "VAT rules");
    struct verdict v = {.verb = VERB_DECLINE, .reason = "not a blocker"};
    CHECK_INT(blocker_apply(st, key, &v, &e), 0);
    struct event *ev = NULL;
    size_t n = 0;
    CHECK_INT(event_list(st, "blocker", key, NULL, 0, &ev, &n, &e), 0);
    /* Newest first: the reason, the verdict, the create. */
    CHECK_INT(n, 3);
    bool saw_state = false, saw_reason = false;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(ev[i].action, "decline") == 0) {
            saw_state = true;
            CHECK_STR(ev[i].field, "state");
            CHECK_STR(ev[i].old_value, "new");
            CHECK_STR(ev[i].new_value, "declined");
            CHECK_STR(ev[i].actor, "tester");
        }
        if (ev[i].field && strcmp(ev[i].field, "reason") == 0) {
            saw_reason = true;
            CHECK_STR(ev[i].action, "update");
            CHECK_STR(ev[i].old_value, NULL);
            CHECK_STR(ev[i].new_value, "not a blocker");
        }
    }
    CHECK(saw_state);
    CHECK(saw_reason);
    CHECK_STR(ev[n - 1].action, "create");
    event_list_free(ev, n);

    /* Accepting writes severity and waiting-on rows too. */
    char *k2 = add(st, "ENG-1", "second");
    struct verdict a = {.verb = VERB_ACCEPT, .severity = 1, .waiting_on = "OPS"};
    CHECK_INT(blocker_apply(st, k2, &a, &e), 0);
    CHECK_INT(event_list(st, "blocker", k2, NULL, 0, &ev, &n, &e), 0);
    int fields = 0;
    for (size_t i = 0; i < n; i++) {
        if (ev[i].field && strcmp(ev[i].field, "severity") == 0) {
            CHECK_STR(ev[i].new_value, "1");
            fields++;
        }
        if (ev[i].field && strcmp(ev[i].field, "waiting_on") == 0) {
            CHECK_STR(ev[i].new_value, "OPS");
            fields++;
        }
    }
    CHECK_INT(fields, 2);
    event_list_free(ev, n);
    free(k2);
    free(key);
    store_close(st);
}

static void test_stale_version_is_a_conflict_and_writes_nothing(void)
{
    struct store *st = fresh();
    struct err e = {0};
    char *key = add(st, "ENG-1", "VAT rules");
    struct blocker seen;
    CHECK_INT(blocker_get(st, key, &seen, &e), 0);
    /* A colleague edits it meanwhile. */
    struct blocker edit;
    CHECK_INT(blocker_get(st, key, &edit, &e), 0);
    str_replace(&edit.title, "VAT rules for 2027");
    store_set_actor(st, "bob");
    CHECK_INT(blocker_update(st, &edit, &e), 0);
    blocker_fini(&edit);
    store_set_actor(st, "tester");

    size_t before = count_events(st, NULL);
    struct verdict v = {.verb = VERB_DECLINE, .reason = "no", .expect_version = seen.version};
    CHECK_INT(blocker_apply(st, key, &v, &e), -ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "bob");
    CHECK_INT(count_events(st, NULL), before);
    CHECK_INT(state_of(st, key), BLOCKER_NEW);

    /* So are a stale edit and a stale escalation. */
    str_replace(&seen.title, "mine");
    CHECK_INT(blocker_update(st, &seen, &e), -ERR_CONFLICT);
    CHECK_INT(blocker_escalate(st, key, "carol", seen.version, &e), -ERR_CONFLICT);
    CHECK_INT(count_events(st, NULL), before);

    /* With the current version it goes through. */
    struct blocker now;
    CHECK_INT(blocker_get(st, key, &now, &e), 0);
    v.expect_version = now.version;
    CHECK_INT(blocker_apply(st, key, &v, &e), 0);
    CHECK_INT(state_of(st, key), BLOCKER_DECLINED);
    blocker_fini(&now);
    blocker_fini(&seen);
    free(key);
    store_close(st);
}

static void test_verbs_say_what_they_need(void)
{
    struct store *st = fresh();
    struct err e = {0};
    char *key = add(st, "ENG-1", "one");
    struct verdict v = {.verb = VERB_DECLINE};
    CHECK_INT(blocker_apply(st, key, &v, &e), -ERR_USAGE);
    CHECK_STR(e.msg, "declining B-1 needs a reason");
    v = (struct verdict){.verb = VERB_SNOOZE, .reason = "later"};
    CHECK_INT(blocker_apply(st, key, &v, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "needs a time");
    v.until = "tomorrow";
    CHECK_INT(blocker_apply(st, key, &v, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "not a time");
    v.until = "2026-11-25";
    CHECK_INT(blocker_apply(st, key, &v, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "not in the future");
    v = (struct verdict){.verb = VERB_DUPLICATE, .reason = "same", .duplicate_of = "B-1"};
    CHECK_INT(blocker_apply(st, key, &v, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "itself");
    v.duplicate_of = "B-99";
    CHECK_INT(blocker_apply(st, key, &v, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "no blocker B-99");
    v = (struct verdict){.verb = VERB_DUPLICATE, .reason = "same"};
    CHECK_INT(blocker_apply(st, key, &v, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "marking B-1 as a duplicate needs");
    CHECK_INT(state_of(st, key), BLOCKER_NEW);
    CHECK_INT(blocker_apply(st, "B-42", &v, &e), -ERR_USAGE);
    CHECK_STR(e.msg, "no blocker B-42");

    v = (struct verdict){.verb = VERB_SNOOZE, .reason = "later", .until = "2026-12-01 10:00"};
    CHECK_INT(blocker_apply(st, key, &v, &e), 0);
    struct blocker b;
    CHECK_INT(blocker_get(st, key, &b, &e), 0);
    CHECK_STR(b.snoozed_until, "2026-12-01T10:00:00Z");
    CHECK_STR(b.reason, "later");
    blocker_fini(&b);
    free(key);
    store_close(st);
}

static void test_add_numbers_keys_and_checks_the_project(void)
{
    struct store *st = fresh();
    struct err e = {0};
    char *k1 = add(st, "ENG-1", "one");
    char *k2 = add(st, "OPS-1", "two");
    CHECK_STR(k1, "B-1");
    CHECK_STR(k2, "B-2");
    struct blocker imp = {.key = "B-10", .project = "ENG-1", .title = "from a file",
                          .state = BLOCKER_NEW};
    CHECK_INT(blocker_import(st, &imp, &e), 0);
    char *k3 = add(st, "ENG-1", "three");
    CHECK_STR(k3, "B-11");
    struct blocker b;
    CHECK_INT(blocker_get(st, k3, &b, &e), 0);
    CHECK_STR(b.raised_by, "tester");
    CHECK_STR(b.raised_at, NOW);
    CHECK_STR(b.project_dept, "ENG");
    CHECK_INT(b.state, BLOCKER_NEW);
    CHECK_INT(b.version, 1);
    CHECK_STR(b.sla_due, NULL);
    blocker_fini(&b);

    struct blocker bad = {.project = "NOPE-1", .title = "x"};
    char *none = NULL;
    CHECK_INT(blocker_add(st, &bad, &none, &e), -ERR_USAGE);
    CHECK_STR(e.msg, "no project NOPE-1");
    CHECK(none == NULL);
    bad = (struct blocker){.project = "ENG-1"};
    CHECK_INT(blocker_add(st, &bad, NULL, &e), -ERR_USAGE);
    bad = (struct blocker){.project = "ENG-1", .title = "x", .waiting_on = "NOPE"};
    CHECK_INT(blocker_add(st, &bad, NULL, &e), -ERR_USAGE);
    CHECK_STR(e.msg, "no department NOPE");
    int64_t n = 0;
    CHECK_INT(blocker_count(st, NULL, &n, &e), 0);
    CHECK_INT(n, 4);
    free(k1);
    free(k2);
    free(k3);
    store_close(st);
}

static void test_update_audits_fields_and_wakes_a_snoozed_one(void)
{
    struct store *st = fresh();
    struct err e = {0};
    char *key = add(st, "ENG-1", "one");
    struct verdict z = {.verb = VERB_SNOOZE, .reason = "later", .until = "2026-12-24"};
    CHECK_INT(blocker_apply(st, key, &z, &e), 0);
    struct blocker b;
    CHECK_INT(blocker_get(st, key, &b, &e), 0);
    str_replace(&b.title, "one, clarified");
    b.severity = 3;
    CHECK_INT(blocker_update(st, &b, &e), 0);
    blocker_fini(&b);
    CHECK_INT(blocker_get(st, key, &b, &e), 0);
    CHECK_STR(b.title, "one, clarified");
    CHECK_INT(b.severity, 3);
    CHECK_INT(b.state, BLOCKER_NEW);
    CHECK_STR(b.snoozed_until, NULL);
    CHECK(b.sla_due != NULL);
    struct event *ev = NULL;
    size_t n = 0;
    CHECK_INT(event_list(st, "blocker", key, NULL, 0, &ev, &n, &e), 0);
    int title = 0, sev = 0, wake = 0;
    for (size_t i = 0; i < n; i++) {
        title += ev[i].field && strcmp(ev[i].field, "title") == 0;
        sev += ev[i].field && strcmp(ev[i].field, "severity") == 0;
        wake += strcmp(ev[i].action, "wake") == 0;
    }
    CHECK_INT(title, 1);
    CHECK_INT(sev, 1);
    CHECK_INT(wake, 1);
    event_list_free(ev, n);

    /* Saving it unchanged writes nothing. */
    size_t before = count_events(st, NULL);
    CHECK_INT(blocker_update(st, &b, &e), 0);
    CHECK_INT(count_events(st, NULL), before);

    /* An accepted blocker keeps its triage. */
    struct verdict a = {.verb = VERB_ACCEPT, .waiting_on = "FIN"};
    CHECK_INT(blocker_apply(st, key, &a, &e), 0);
    blocker_fini(&b);
    CHECK_INT(blocker_get(st, key, &b, &e), 0);
    str_replace(&b.waiting_on, NULL);
    CHECK_INT(blocker_update(st, &b, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "keeps a severity and a waiting-on department");
    blocker_fini(&b);
    free(key);
    store_close(st);
}

static void test_escalate_raises_level_and_restarts_the_clock(void)
{
    struct store *st = fresh();
    struct err e = {0};
    struct blocker nb = {.project = "ENG-1", .title = "VAT", .raised_at = "2026-11-20T09:00:00Z"};
    char *key = NULL;
    CHECK_INT(blocker_add(st, &nb, &key, &e), 0);
    CHECK_INT(blocker_escalate(st, key, NULL, 0, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "escalate to");
    struct verdict a = {.verb = VERB_ACCEPT, .severity = 1, .waiting_on = "FIN"};
    CHECK_INT(blocker_apply(st, key, &a, &e), 0);
    struct blocker b;
    CHECK_INT(blocker_get(st, key, &b, &e), 0);
    CHECK_STR(b.sla_due, "2026-11-20T13:00:00Z");
    CHECK(b.breached);
    blocker_fini(&b);

    CHECK_INT(blocker_escalate(st, key, NULL, 0, &e), 0);
    CHECK_INT(blocker_get(st, key, &b, &e), 0);
    CHECK_INT(b.escalation_level, 1);
    CHECK_STR(b.escalated_to, "fred"); /* FIN's lead */
    CHECK_STR(b.escalated_at, NOW);
    CHECK_STR(b.sla_due, "2026-11-26T13:00:00Z");
    CHECK(!b.breached);
    blocker_fini(&b);
    struct person carol = {.login = "carol", .name = "Carol", .department = "ENG"};
    CHECK_INT(person_add(st, &carol, &e), 0); /* escalation goes to a person */
    CHECK_INT(blocker_escalate(st, key, "carol", 0, &e), 0);
    CHECK_INT(blocker_get(st, key, &b, &e), 0);
    CHECK_INT(b.escalation_level, 2);
    CHECK_STR(b.escalated_to, "carol");
    blocker_fini(&b);

    struct event *ev = NULL;
    size_t n = 0;
    CHECK_INT(event_list(st, "blocker", key, NULL, 1, &ev, &n, &e), 0);
    CHECK_INT(n, 1);
    if (n) {
        /* Newest: the escalated_to change of the second escalation. */
        CHECK_STR(ev[0].field, "escalated_to");
        CHECK_STR(ev[0].new_value, "carol");
    }
    event_list_free(ev, n);
    CHECK_INT(event_list(st, "blocker", key, NULL, 0, &ev, &n, &e), 0);
    int esc = 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(ev[i].action, "escalate") == 0) {
            esc++;
            CHECK_STR(ev[i].field, "escalation_level");
        }
    CHECK_INT(esc, 2);
    event_list_free(ev, n);

    struct verdict r = {.verb = VERB_RESOLVE};
    CHECK_INT(blocker_apply(st, key, &r, &e), 0);
    CHECK_INT(blocker_escalate(st, key, "carol", 0, &e), -ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "reopen it first");
    free(key);
    store_close(st);
}

static void test_import_reaches_every_state_and_is_idempotent(void)
{
    struct store *st = fresh();
    struct err e = {0};
    struct blocker orig = {.key = "B-1", .project = "ENG-1", .title = "original",
                           .state = BLOCKER_NEW};
    CHECK_INT(blocker_import(st, &orig, &e), 0);
    for (int s = 0; s < BLOCKER_STATE_COUNT; s++) {
        char key[16];
        snprintf(key, sizeof key, "B-%d", 100 + s);
        struct blocker b = {
            .key = key,
            .project = "OPS-1",
            .title = "imported",
            .state = (enum blocker_state)s,
            .severity = 2,
            .waiting_on = "FIN",
            .raised_by = "alice",
            .raised_at = "2026-11-01T08:00:00Z",
            .duplicate_of = s == BLOCKER_DUPLICATE ? "B-1" : NULL,
            .snoozed_until = s == BLOCKER_SNOOZED ? "2026-12-01T00:00:00Z" : NULL,
        };
        int rc = blocker_import(st, &b, &e);
        if (rc)
            fprintf(stderr, "  importing %s: %s\n", blocker_state_name(b.state), e.msg);
        CHECK_INT(rc, 0);
        struct blocker got;
        CHECK_INT(blocker_get(st, key, &got, &e), 0);
        CHECK_INT(got.state, s);
        CHECK_STR(got.raised_by, "alice");
        CHECK_STR(got.raised_at, "2026-11-01T08:00:00Z");
        CHECK_INT(got.severity, 2);
        if (s == BLOCKER_DUPLICATE)
            CHECK_STR(got.duplicate_of, "B-1");
        if (s == BLOCKER_SNOOZED)
            CHECK_STR(got.snoozed_until, "2026-12-01T00:00:00Z");
        if (s == BLOCKER_DECLINED)
            CHECK_STR(got.reason, "imported");
        blocker_fini(&got);

        size_t before = count_events(st, NULL);
        CHECK_INT(blocker_import(st, &b, &e), 0);
        CHECK_INT(count_events(st, NULL), before);
    }
    /* An existing blocker moves from one state to another through verbs. */
    struct blocker move = {.key = "B-103", .project = "OPS-1", .title = "imported",
                           .state = BLOCKER_IN_PROGRESS, .severity = 2, .waiting_on = "FIN"};
    CHECK_INT(blocker_import(st, &move, &e), 0); /* resolved -> new -> accepted -> in_progress */
    CHECK_INT(state_of(st, "B-103"), BLOCKER_IN_PROGRESS);
    struct event *ev = NULL;
    size_t n = 0;
    CHECK_INT(event_list(st, "blocker", "B-103", NULL, 3, &ev, &n, &e), 0);
    int verbs = 0;
    for (size_t i = 0; i < n; i++)
        verbs += strcmp(ev[i].action, "reopen") == 0 || strcmp(ev[i].action, "accept") == 0 ||
                 strcmp(ev[i].action, "start") == 0;
    CHECK_INT(verbs, 3);
    event_list_free(ev, n);

    /* Accepting through import still needs what accept needs. */
    struct blocker lacking = {.key = "B-200", .project = "OPS-1", .title = "x",
                              .state = BLOCKER_ACCEPTED};
    CHECK_INT(blocker_import(st, &lacking, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "needs a severity");
    CHECK_INT(state_of(st, "B-200"), BLOCKER_STATE_COUNT); /* rolled back, not half made */
    store_close(st);
}

static void test_wake_due_wakes_only_what_is_due(void)
{
    struct store *st = fresh();
    struct err e = {0};
    char *k1 = add(st, "ENG-1", "soon");
    char *k2 = add(st, "ENG-1", "later");
    struct verdict z = {.verb = VERB_SNOOZE, .reason = "wait", .until = "2026-11-27T09:00:00Z"};
    CHECK_INT(blocker_apply(st, k1, &z, &e), 0);
    z.until = "2026-12-27T09:00:00Z";
    CHECK_INT(blocker_apply(st, k2, &z, &e), 0);
    int woken = -1;
    CHECK_INT(blocker_wake_due(st, &woken, &e), 0);
    CHECK_INT(woken, 0);
    setenv("BATON_NOW", "2026-11-28T09:00:00Z", 1);
    CHECK_INT(blocker_wake_due(st, &woken, &e), 0);
    CHECK_INT(woken, 1);
    CHECK_INT(state_of(st, k1), BLOCKER_NEW);
    CHECK_INT(state_of(st, k2), BLOCKER_SNOOZED);
    struct event *ev = NULL;
    size_t n = 0;
    CHECK_INT(event_list(st, "blocker", k1, NULL, 0, &ev, &n, &e), 0);
    int wakes = 0;
    for (size_t i = 0; i < n; i++)
        wakes += strcmp(ev[i].action, "wake") == 0;
    CHECK_INT(wakes, 1);
    event_list_free(ev, n);
    setenv("BATON_NOW", NOW, 1);
    free(k1);
    free(k2);
    store_close(st);
}

/* Every due snooze wakes at once and writes what a wake verdict on each
 * writes: state new, no wake time, the SLA counted from the wake-up (or
 * from a later raising), version and update time moved; in the audit log,
 * blocker by blocker, its "wake" row and then its cleared wake time. */
static void test_wake_due_writes_each_wake_verdicts_rows(void)
{
    struct store *st = fresh();
    struct err e = {0};
    struct blocker b1 = {.project = "ENG-1", .title = "sev two", .severity = 2};
    struct blocker b2 = {.project = "ENG-1", .title = "no severity"};
    struct blocker b3 = {.project = "OPS-1", .title = "not yet", .severity = 1};
    char *k1 = NULL, *k2 = NULL, *k3 = NULL;
    CHECK_INT(blocker_add(st, &b1, &k1, &e), 0);
    CHECK_INT(blocker_add(st, &b2, &k2, &e), 0);
    CHECK_INT(blocker_add(st, &b3, &k3, &e), 0);
    /* raised in the future (an organisation file may say so): its SLA
     * still counts from the raising */
    struct blocker b4 = {.key = "B-40", .project = "OPS-1", .title = "raised later",
                         .severity = 3, .state = BLOCKER_SNOOZED,
                         .raised_at = "2026-12-01T00:00:00Z", .reason = "later",
                         .snoozed_until = "2026-11-27T12:00:00Z"};
    CHECK_INT(blocker_import(st, &b4, &e), 0);
    struct verdict z = {.verb = VERB_SNOOZE, .reason = "wait", .until = "2026-11-27T09:00:00Z"};
    CHECK_INT(blocker_apply(st, k1, &z, &e), 0);
    z.until = "2026-11-27T10:00:00Z";
    CHECK_INT(blocker_apply(st, k2, &z, &e), 0);
    z.until = "2026-11-30T09:00:00Z";
    CHECK_INT(blocker_apply(st, k3, &z, &e), 0);
    const char *keys[] = {k1, k2, "B-40", k3};
    const char *untils[] = {"2026-11-27T09:00:00Z", "2026-11-27T10:00:00Z",
                            "2026-11-27T12:00:00Z"};
    struct blocker before[4];
    for (int i = 0; i < 4; i++)
        CHECK_INT(blocker_get(st, keys[i], &before[i], &e), 0);

    const char *later = "2026-11-28T09:00:00Z";
    setenv("BATON_NOW", later, 1);
    int woken = -1;
    CHECK_INT(blocker_wake_due(st, &woken, &e), 0);
    CHECK_INT(woken, 3);
    btime wake, raised;
    CHECK(time_parse(later, &wake));
    CHECK(time_parse("2026-12-01T00:00:00Z", &raised));
    char due1[32], due4[32];
    time_fmt_iso(wake + store_sla(st, 2), due1);
    time_fmt_iso(raised + store_sla(st, 3), due4);
    const char *dues[] = {due1, NULL, due4};
    for (int i = 0; i < 4; i++) {
        struct blocker a;
        CHECK_INT(blocker_get(st, keys[i], &a, &e), 0);
        if (i < 3) {
            CHECK_INT(a.state, BLOCKER_NEW);
            CHECK(a.snoozed_until == NULL);
            CHECK_STR(a.sla_due ? a.sla_due : "(none)", dues[i] ? dues[i] : "(none)");
            CHECK_INT(a.version, before[i].version + 1);
            CHECK_STR(a.updated_at, later);
            CHECK_STR(a.reason, before[i].reason);
        } else { /* not due: untouched */
            CHECK_INT(a.state, BLOCKER_SNOOZED);
            CHECK_INT(a.version, before[i].version);
            CHECK_STR(a.snoozed_until, "2026-11-30T09:00:00Z");
        }
        blocker_fini(&a);
        blocker_fini(&before[i]);
    }

    struct event *ev = NULL;
    size_t n = 0;
    CHECK_INT(event_list(st, "blocker", NULL, later, 0, &ev, &n, &e), 0);
    CHECK_INT(n, 6);
    for (size_t i = 0; i < n && n == 6; i++) {
        const struct event *x = &ev[n - 1 - i]; /* oldest first */
        int b = (int)i / 2;
        CHECK_STR(x->at, later);
        CHECK_STR(x->actor, "tester");
        CHECK_STR(x->entity_key, keys[b]);
        if (i % 2 == 0) {
            CHECK_STR(x->action, "wake");
            CHECK_STR(x->field, "state");
            CHECK_STR(x->old_value, "snoozed");
            CHECK_STR(x->new_value, "new");
        } else {
            CHECK_STR(x->action, "update");
            CHECK_STR(x->field, "snoozed_until");
            CHECK_STR(x->old_value, untils[b]);
            CHECK(x->new_value == NULL);
        }
        if (i > 0)
            CHECK(x->id > ev[n - i].id);
    }
    event_list_free(ev, n);
    setenv("BATON_NOW", NOW, 1);
    free(k1);
    free(k2);
    free(k3);
    store_close(st);
}

/* Keys of a listing, joined by spaces. */
static char *keys_of(struct store *st, const struct query *q)
{
    struct blocker *v = NULL;
    size_t n = 0;
    struct err e = {0};
    if (blocker_list(st, q, &v, &n, &e) != 0) {
        fprintf(stderr, "blocker_list: %s\n", e.msg);
        return strdup("(error)");
    }
    struct strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < n; i++)
        sb_addf(&sb, "%s%s", i ? " " : "", v[i].key);
    blocker_list_free(v, n);
    return sb.s ? sb_take(&sb) : strdup("");
}

static void check_keys(struct store *st, const struct query *q, const char *want)
{
    char *got = keys_of(st, q);
    CHECK_STR(got, want);
    free(got);
}

static void test_list_filters_sorts_and_windows(void)
{
    struct store *st = fresh();
    struct err e = {0};
    /* B-1..B-12, with differing severities, ages and departments. */
    struct {
        const char *project, *raised;
        int sev;
        const char *on;
    } rows[] = {
        {"ENG-1", "2026-11-20T09:00:00Z", 3, "FIN"}, /* B-1: due 11-23, breached */
        {"ENG-1", "2026-11-25T09:00:00Z", 1, "OPS"}, /* B-2: due 11-25 13:00, breached */
        {"OPS-1", "2026-11-26T08:00:00Z", 1, "ENG"}, /* B-3: due 12:00, not yet */
        {"OPS-1", "2026-11-24T09:00:00Z", 0, NULL},  /* B-4 */
        {"ENG-1", "2026-11-26T07:00:00Z", 4, "FIN"}, /* B-5 */
        {"OPS-1", "2026-11-23T09:00:00Z", 2, "OPS"}, /* B-6: due 11-24, breached */
        {"ENG-1", "2026-11-22T09:00:00Z", 0, NULL},  /* B-7 */
        {"OPS-1", "2026-11-21T09:00:00Z", 2, "FIN"}, /* B-8: will be resolved */
        {"ENG-1", "2026-11-26T06:00:00Z", 2, NULL},  /* B-9 */
        {"ENG-1", "2026-11-19T09:00:00Z", 4, NULL},  /* B-10 */
        {"OPS-1", "2026-11-26T05:00:00Z", 3, "ENG"}, /* B-11 */
        {"ENG-1", "2026-11-26T04:00:00Z", 0, NULL},  /* B-12 */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char title[32];
        snprintf(title, sizeof title, "blocker %zu%s", i + 1, i == 4 ? " about VAT" : "");
        struct blocker b = {.project = (char *)rows[i].project, .title = title,
                            .raised_at = (char *)rows[i].raised, .severity = rows[i].sev,
                            .waiting_on = (char *)rows[i].on};
        CHECK_INT(blocker_add(st, &b, NULL, &e), 0);
    }
    struct verdict r = {.verb = VERB_RESOLVE};
    CHECK_INT(blocker_apply(st, "B-8", &r, &e), 0);

    struct query q = {0};
    /* Urgency: breached first, then severity (unset last), then oldest. */
    check_keys(st, &q, "B-2 B-6 B-1 B-3 B-8 B-9 B-11 B-10 B-5 B-7 B-4 B-12");
    q.breached = true;
    check_keys(st, &q, "B-2 B-6 B-1");
    int64_t n = 0;
    CHECK_INT(blocker_count(st, &q, &n, &e), 0);
    CHECK_INT(n, 3);
    struct blocker *v = NULL;
    size_t nv = 0;
    CHECK_INT(blocker_list(st, &q, &v, &nv, &e), 0);
    for (size_t i = 0; i < nv; i++)
        CHECK(v[i].breached);
    blocker_list_free(v, nv);

    q = (struct query){.sort = BLOCKER_SORT_KEY};
    check_keys(st, &q, "B-1 B-2 B-3 B-4 B-5 B-6 B-7 B-8 B-9 B-10 B-11 B-12");
    q.offset = 8;
    q.limit = 3;
    check_keys(st, &q, "B-9 B-10 B-11");
    q.desc = true;
    q.offset = 0;
    check_keys(st, &q, "B-12 B-11 B-10");
    q = (struct query){.sort = BLOCKER_SORT_AGE, .limit = 4};
    check_keys(st, &q, "B-10 B-1 B-8 B-7");
    q = (struct query){.sort = BLOCKER_SORT_SEVERITY, .state = "open"};
    check_keys(st, &q, "B-2 B-3 B-6 B-9 B-1 B-11 B-5 B-10 B-4 B-7 B-12");

    q = (struct query){.sort = BLOCKER_SORT_KEY, .state = "Resolved"};
    check_keys(st, &q, "B-8");
    q = (struct query){.state = "OPEN", .severity = 1};
    check_keys(st, &q, "B-2 B-3");
    q = (struct query){.sort = BLOCKER_SORT_KEY, .dept = "ENG"};
    /* ENG's projects, or waiting on ENG. */
    check_keys(st, &q, "B-1 B-2 B-3 B-5 B-7 B-9 B-10 B-11 B-12");
    q = (struct query){.sort = BLOCKER_SORT_KEY, .waiting_on = "FIN"};
    check_keys(st, &q, "B-1 B-5 B-8");
    q = (struct query){.sort = BLOCKER_SORT_KEY, .project = "OPS-1", .severity = 2};
    check_keys(st, &q, "B-6 B-8");
    q = (struct query){.sort = BLOCKER_SORT_KEY, .text = "vat"};
    check_keys(st, &q, "B-5");
    q = (struct query){.sort = BLOCKER_SORT_KEY, .text = "b-1"};
    check_keys(st, &q, "B-1 B-10 B-11 B-12");
    CHECK_INT(blocker_count(st, &q, &n, &e), 0);
    CHECK_INT(n, 4);

    q = (struct query){.state = "stuck"};
    CHECK_INT(blocker_list(st, &q, &v, &nv, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "no blocker state stuck");
    store_close(st);
}

/* The cockpit's views: closed blockers, one person's, and those waiting on
 * a department the actor leads (named its lead, or by the rights). */
static void test_list_views_closed_owner_and_my_departments(void)
{
    struct store *st = fresh();
    struct err e = {0};
    struct person bob = {.login = "bob", .name = "Bob Stone", .department = "FIN"};
    CHECK_INT(person_add(st, &bob, &e), 0); /* owners are people */
    struct {
        const char *owner, *on;
    } rows[] = {
        {"alice", "ENG"}, /* B-1 */
        {"bob", "FIN"},   /* B-2 */
        {NULL, "OPS"},    /* B-3 */
        {"alice", NULL},  /* B-4: declined */
        {NULL, "FIN"},    /* B-5: resolved */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct blocker b = {.project = "ENG-1", .title = "a blocker", .severity = 2,
                            .owner = (char *)rows[i].owner, .waiting_on = (char *)rows[i].on};
        CHECK_INT(blocker_add(st, &b, NULL, &e), 0);
    }
    struct verdict d = {.verb = VERB_DECLINE, .reason = "not ours"};
    CHECK_INT(blocker_apply(st, "B-4", &d, &e), 0);
    struct verdict r = {.verb = VERB_RESOLVE};
    CHECK_INT(blocker_apply(st, "B-5", &r, &e), 0);
    int64_t n = 0;

    struct query q = {.sort = BLOCKER_SORT_KEY, .state = "closed"};
    check_keys(st, &q, "B-4 B-5");
    CHECK_INT(blocker_count(st, &q, &n, &e), 0);
    CHECK_INT(n, 2);
    q = (struct query){.sort = BLOCKER_SORT_KEY, .state = "open", .owner = "alice"};
    check_keys(st, &q, "B-1");
    CHECK_INT(blocker_count(st, &q, &n, &e), 0);
    CHECK_INT(n, 1);
    q = (struct query){.sort = BLOCKER_SORT_KEY, .owner = "alice"};
    check_keys(st, &q, "B-1 B-4");
    store_set_actor(st, "bob");
    q = (struct query){.sort = BLOCKER_SORT_KEY, .state = "open", .mine = true};
    check_keys(st, &q, "B-2");

    /* fred leads FIN by the department's lead field */
    store_set_actor(st, "fred");
    q = (struct query){.sort = BLOCKER_SORT_KEY, .state = "open", .waiting_mine = true};
    check_keys(st, &q, "B-2");
    CHECK_INT(blocker_count(st, &q, &n, &e), 0);
    CHECK_INT(n, 1);
    /* and OPS by the rights */
    const char *led[] = {"OPS"};
    store_set_rights(st, ROLE_LEAD, led, 1);
    check_keys(st, &q, "B-2 B-3");
    q.dept = "ENG"; /* narrowed: ENG's projects, so all of them */
    CHECK_INT(blocker_count(st, &q, &n, &e), 0);
    CHECK_INT(n, 2);
    /* someone who leads nothing sees none */
    store_set_actor(st, "nobody");
    store_set_rights(st, ROLE_MEMBER, NULL, 0);
    q = (struct query){.state = "open", .waiting_mine = true};
    check_keys(st, &q, "");
    store_close(st);
}

/* Owners and escalation targets are people of the organisation, on every
 * path that names one; a typo gets the nearest login. */
static void test_owners_must_be_people_of_the_organisation(void)
{
    struct store *st = fresh();
    struct err e = {0};
    struct blocker nb = {.project = "ENG-1", .title = "owned", .owner = "frde"};
    char *key = NULL;
    CHECK_INT(blocker_add(st, &nb, &key, &e), -ERR_USAGE);
    CHECK_STR(e.msg, "no person 'frde'; did you mean fred?");
    CHECK_STR(key, NULL);
    nb.owner = "nobody";
    CHECK_INT(blocker_add(st, &nb, &key, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "no person 'nobody' in the organisation");
    nb.owner = "fred";
    CHECK_INT(blocker_add(st, &nb, &key, &e), 0);

    struct blocker b;
    CHECK_INT(blocker_get(st, key, &b, &e), 0);
    str_replace(&b.owner, "alcie");
    CHECK_INT(blocker_update(st, &b, &e), -ERR_USAGE);
    CHECK_STR(e.msg, "no person 'alcie'; did you mean alice?");
    blocker_fini(&b);
    CHECK_INT(blocker_get(st, key, &b, &e), 0);
    CHECK_STR(b.owner, "fred");
    CHECK_INT(b.version, 1);
    blocker_fini(&b);

    struct verdict v = {.verb = VERB_ACCEPT, .severity = 2, .waiting_on = "FIN", .owner = "nobody"};
    CHECK_INT(blocker_apply(st, key, &v, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "no person 'nobody'");
    CHECK_INT(state_of(st, key), BLOCKER_NEW);

    struct blocker imp = {.key = "B-90", .project = "ENG-1", .title = "from a file",
                          .state = BLOCKER_NEW, .escalation_level = 1, .escalated_to = "fredd"};
    CHECK_INT(blocker_import(st, &imp, &e), -ERR_USAGE);
    CHECK_STR(e.msg, "no person 'fredd'; did you mean fred?");
    int64_t n = 0;
    CHECK_INT(blocker_count(st, NULL, &n, &e), 0);
    CHECK_INT(n, 1);
    free(key);
    store_close(st);
}

/* A key typed in another case is the one key it matches; a new key that
 * differs from a stored one only in case is refused. */
static void test_keys_regardless_of_case(void)
{
    struct store *st = fresh();
    struct err e = {0};
    char *k = add(st, "ENG-1", "one");
    char *found = NULL;
    CHECK_INT(store_key_resolve(st, STORE_KEY_BLOCKER, "b-1", &found, &e), 0);
    CHECK_STR(found, "B-1");
    free(found);
    CHECK_INT(store_key_resolve(st, STORE_KEY_BLOCKER, "B-1", &found, &e), 0);
    CHECK_STR(found, NULL); /* stored as typed */
    CHECK_INT(store_key_resolve(st, STORE_KEY_PROJECT, "ops-1", &found, &e), 0);
    CHECK_STR(found, "OPS-1");
    free(found);
    CHECK_INT(store_key_resolve(st, STORE_KEY_DEPARTMENT, "fIn", &found, &e), 0);
    CHECK_STR(found, "FIN");
    free(found);
    CHECK_INT(store_key_resolve(st, STORE_KEY_DEPARTMENT, "nope", &found, &e), 0);
    CHECK_STR(found, NULL);
    /* a key of many letters is compared with every key */
    struct department longer = {.key = "Customer-Success", .name = "Customer success"};
    CHECK_INT(department_add(st, &longer, &e), 0);
    CHECK_INT(store_key_resolve(st, STORE_KEY_DEPARTMENT, "customer-success", &found, &e), 0);
    CHECK_STR(found, "Customer-Success");
    free(found);
    struct department twin = {.key = "CUSTOMER-SUCCESS", .name = "Twin"};
    CHECK_INT(department_add(st, &twin, &e), -ERR_USAGE);
    CHECK_STR(e.msg, "department key CUSTOMER-SUCCESS differs only in case from the existing "
                     "department Customer-Success; use Customer-Success, or a key of its own");
    struct project p = {.key = "eng-1", .title = "Twin", .department = "ENG"};
    CHECK_INT(project_add(st, &p, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "project key eng-1 differs only in case from the existing project ENG-1");
    struct blocker b = {.key = "b-1", .project = "ENG-1", .title = "twin", .state = BLOCKER_NEW};
    CHECK_INT(blocker_import(st, &b, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "blocker key b-1 differs only in case from the existing blocker B-1");
    free(k);
    store_close(st);
}

int main(void)
{
    setenv("BATON_NOW", NOW, 1);
    tmp = check_tmpdir();
    RUN(test_table_matches_design);
    RUN(test_every_state_and_verb_through_apply);
    RUN(test_accept_needs_severity_and_waiting_on);
    RUN(test_declined_refuses_accept_with_a_hint);
    RUN(test_reopen_brings_closed_back_to_new);
    RUN(test_verdict_writes_its_audit_rows);
    RUN(test_stale_version_is_a_conflict_and_writes_nothing);
    RUN(test_verbs_say_what_they_need);
    RUN(test_add_numbers_keys_and_checks_the_project);
    RUN(test_update_audits_fields_and_wakes_a_snoozed_one);
    RUN(test_escalate_raises_level_and_restarts_the_clock);
    RUN(test_import_reaches_every_state_and_is_idempotent);
    RUN(test_wake_due_wakes_only_what_is_due);
    RUN(test_wake_due_writes_each_wake_verdicts_rows);
    RUN(test_list_filters_sorts_and_windows);
    RUN(test_list_views_closed_owner_and_my_departments);
    RUN(test_owners_must_be_people_of_the_organisation);
    RUN(test_keys_regardless_of_case);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmp);
    free(tmp);
    return check_report();
}
