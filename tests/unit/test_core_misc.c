/*
 * The audit log's reader, stand-ups (what "since" they cover, entries,
 * time spent) and the vocabulary's names.
 */
#include <stdint.h>

#include "../check.h"
#include "baton/department.h"
#include "baton/event.h"
#include "baton/model.h"
#include "baton/standup.h"
#include "baton/store.h"
#include "baton/str.h"

static char *tmp;
static int seq;

static struct store *fresh(void)
{
    char *p = xasprintf("%s/m%d.db", tmp, ++seq);
    struct store *st = NULL;
    struct err e;
    if (store_open(&st, p, STORE_CREATE, &e) != 0) {
        fprintf(stderr, "store_open: %s\n", e.msg);
        exit(2);
    }
    free(p);
    store_set_actor(st, "alice");
    return st;
}

static void add_dept(struct store *st, const char *key, const char *name)
{
    struct department d = {.key = (char *)key, .name = (char *)name};
    struct err e;
    if (department_add(st, &d, &e) != 0)
        fprintf(stderr, "department_add: %s\n", e.msg);
}

static void test_event_list_filters_newest_first(void)
{
    struct store *st = fresh();
    struct err e;
    err_clear(&e);
    setenv("BATON_NOW", "2026-11-24T08:00:00Z", 1);
    add_dept(st, "ENG", "Eng");
    setenv("BATON_NOW", "2026-11-25T08:00:00Z", 1);
    add_dept(st, "OPS", "Ops");
    struct person p = {.login = "bob", .name = "Bob"};
    CHECK_INT(person_add(st, &p, &e), 0);
    setenv("BATON_NOW", "2026-11-26T08:00:00Z", 1);
    struct department d = {.key = "ENG", .name = "Engineering"};
    CHECK_INT(department_update(st, &d, &e), 0);
    unsetenv("BATON_NOW");

    struct event *ev = NULL;
    size_t n = 0;
    CHECK_INT(event_list(st, NULL, NULL, NULL, 0, &ev, &n, &e), 0);
    CHECK_INT(n, 4);
    if (n == 4) {
        CHECK_STR(ev[0].field, "name"); /* the newest */
        CHECK_STR(ev[3].entity_key, "ENG");
        CHECK_STR(ev[3].action, "create");
        CHECK(ev[0].id > ev[1].id && ev[1].id > ev[2].id);
    }
    event_list_free(ev, n);

    CHECK_INT(event_list(st, "department", NULL, NULL, 0, &ev, &n, &e), 0);
    CHECK_INT(n, 3);
    event_list_free(ev, n);
    CHECK_INT(event_list(st, "department", "ENG", NULL, 0, &ev, &n, &e), 0);
    CHECK_INT(n, 2);
    event_list_free(ev, n);
    CHECK_INT(event_list(st, NULL, NULL, "2026-11-25T08:00:00Z", 0, &ev, &n, &e), 0);
    CHECK_INT(n, 3); /* OPS, bob, the rename */
    event_list_free(ev, n);
    CHECK_INT(event_list(st, NULL, NULL, NULL, 2, &ev, &n, &e), 0);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(ev[0].entity, "department");
        CHECK_STR(ev[1].entity, "person");
        CHECK_STR(ev[1].entity_key, "bob");
    }
    event_list_free(ev, n);
    store_close(st);
}

static char *since_of(struct store *st, int64_t id)
{
    struct standup s;
    struct err e;
    if (standup_get(st, id, &s, &e) != 0)
        return NULL;
    char *since = xstrdup(s.since);
    standup_fini(&s);
    return since;
}

static void test_standup_since_reaches_back(void)
{
    struct store *st = fresh();
    struct err e;
    err_clear(&e);
    int64_t id = 0;
    /* The very first one, on a Thursday: a day back. */
    setenv("BATON_NOW", "2026-11-26T09:00:00Z", 1);
    CHECK_INT(standup_start(st, &id, &e), 0);
    char *since = since_of(st, id);
    CHECK_STR(since, "2026-11-25T09:00:00Z");
    free(since);
    /* An unfinished stand-up does not move "since". */
    int64_t again = 0;
    setenv("BATON_NOW", "2026-11-26T10:00:00Z", 1);
    CHECK_INT(standup_start(st, &again, &e), 0);
    since = since_of(st, again);
    CHECK_STR(since, "2026-11-25T10:00:00Z");
    free(since);
    unsetenv("BATON_NOW");
    store_close(st);
}

static void test_standup_since_on_monday(void)
{
    struct store *st = fresh();
    struct err e;
    err_clear(&e);
    int64_t first = 0, second = 0, third = 0;
    /* No stand-up before, on Monday 2026-11-30: back to Friday's hour. */
    setenv("BATON_NOW", "2026-11-30T09:00:00Z", 1);
    CHECK_INT(standup_start(st, &first, &e), 0);
    char *since = since_of(st, first);
    CHECK_STR(since, "2026-11-27T09:00:00Z");
    free(since);
    setenv("BATON_NOW", "2026-11-30T09:20:00Z", 1);
    CHECK_INT(standup_end(st, first, &e), 0);
    CHECK_INT(standup_end(st, first, &e), -ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "already ended");

    /* Friday's stand-up ends at 09:15; next Monday's starts from there. */
    setenv("BATON_NOW", "2026-12-04T09:00:00Z", 1);
    CHECK_INT(standup_start(st, &second, &e), 0);
    since = since_of(st, second);
    CHECK_STR(since, "2026-11-30T09:20:00Z");
    free(since);
    setenv("BATON_NOW", "2026-12-04T09:15:00Z", 1);
    CHECK_INT(standup_end(st, second, &e), 0);
    setenv("BATON_NOW", "2026-12-07T09:00:00Z", 1);
    CHECK_INT(standup_start(st, &third, &e), 0);
    since = since_of(st, third);
    CHECK_STR(since, "2026-12-04T09:15:00Z");
    free(since);
    int64_t running = 0;
    CHECK_INT(standup_current(st, &running, &e), 0);
    CHECK_INT(running, third);

    struct standup *v = NULL;
    size_t n = 0;
    CHECK_INT(standup_list(st, 0, &v, &n, &e), 0);
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK_INT(v[0].id, third);
        CHECK_INT(v[2].id, first);
        CHECK_STR(v[0].facilitator, "alice");
        CHECK(v[0].ended_at == NULL);
        CHECK_STR(v[1].ended_at, "2026-12-04T09:15:00Z");
    }
    standup_list_free(v, n);
    CHECK_INT(standup_list(st, 1, &v, &n, &e), 0);
    CHECK_INT(n, 1);
    standup_list_free(v, n);

    struct event *ev = NULL;
    size_t ne = 0;
    CHECK_INT(event_list(st, "standup", NULL, NULL, 0, &ev, &ne, &e), 0);
    CHECK_INT(ne, 5); /* three starts, two ends */
    if (ne > 0)
        CHECK_STR(ev[0].action, "start");
    event_list_free(ev, ne);
    unsetenv("BATON_NOW");
    store_close(st);
}

static void test_standup_entries_and_time(void)
{
    struct store *st = fresh();
    struct err e;
    err_clear(&e);
    add_dept(st, "ENG", "Engineering");
    add_dept(st, "OPS", "Operations");
    struct person bob = {.login = "bob", .name = "Bob"};
    CHECK_INT(person_add(st, &bob, &e), 0);
    int64_t id = 0, note = 0, action = 0;
    CHECK_INT(standup_start(st, &id, &e), 0);
    struct standup_entry x = {.standup_id = id, .department = "ENG", .kind = ENTRY_NOTE,
                              .text = "Release slipped a day"};
    CHECK_INT(standup_add_entry(st, &x, &note, &e), 0);
    struct standup_entry a = {.standup_id = id, .department = "OPS", .kind = ENTRY_ACTION,
                              .text = "Call the carrier", .owner = "bob", .due = "2026-12-01",
                              .past_due_ok = true};
    CHECK_INT(standup_add_entry(st, &a, &action, &e), 0);
    struct standup_entry bad = {.standup_id = id, .kind = ENTRY_DECISION, .text = ""};
    CHECK_INT(standup_add_entry(st, &bad, NULL, &e), -ERR_USAGE);
    struct standup_entry nodept = {.standup_id = id, .department = "XX", .text = "x"};
    CHECK_INT(standup_add_entry(st, &nodept, NULL, &e), -ERR_USAGE);
    struct standup_entry nostandup = {.standup_id = id + 100, .text = "x"};
    CHECK_INT(standup_add_entry(st, &nostandup, NULL, &e), -ERR_USAGE);
    struct standup_entry baddue = {.standup_id = id, .kind = ENTRY_ACTION, .text = "x",
                                   .due = "soon"};
    CHECK_INT(standup_add_entry(st, &baddue, NULL, &e), -ERR_USAGE);

    CHECK_INT(standup_entry_set_done(st, action, true, &e), 0);
    struct standup_entry *v = NULL;
    size_t n = 0;
    CHECK_INT(standup_entries(st, id, &v, &n, &e), 0);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_INT(v[0].id, note);
        CHECK_STR(v[0].department, "ENG");
        CHECK_INT(v[0].kind, ENTRY_NOTE);
        CHECK_STR(v[0].created_by, "alice");
        CHECK_INT(v[1].kind, ENTRY_ACTION);
        CHECK_STR(v[1].owner, "bob");
        CHECK_STR(v[1].due, "2026-12-01");
        CHECK(v[1].done);
        CHECK(!v[0].done);
    }
    standup_entry_list_free(v, n);

    CHECK_INT(standup_visit(st, id, "ENG", 0, &e), 0);
    CHECK_INT(standup_visit(st, id, "OPS", 95, &e), 0);
    CHECK_INT(standup_visit(st, id, "ENG", 30, &e), 0);
    CHECK_INT(standup_visit(st, id, "OPS", 20, &e), 0);
    int64_t secs = 0;
    CHECK_INT(standup_time_spent(st, id, "ENG", &secs, &e), 0);
    CHECK_INT(secs, 115);
    CHECK_INT(standup_time_spent(st, id, "OPS", &secs, &e), 0);
    CHECK_INT(secs, 30);
    struct standup s;
    CHECK_INT(standup_get(st, id, &s, &e), 0);
    CHECK_STR(s.current_department, "OPS");
    standup_fini(&s);
    CHECK_INT(standup_get(st, id + 100, &s, &e), -ERR_USAGE);
    store_close(st);
}

static void test_names_round_trip(void)
{
    for (int h = HEALTH_UNKNOWN; h <= HEALTH_RED; h++) {
        enum health out = HEALTH_UNKNOWN;
        CHECK(health_parse(health_name((enum health)h), &out));
        CHECK_INT(out, h);
    }
    for (int s = PROJECT_PLANNED; s <= PROJECT_CANCELLED; s++) {
        enum project_status out = PROJECT_PLANNED;
        CHECK(project_status_parse(project_status_name((enum project_status)s), &out));
        CHECK_INT(out, s);
    }
    for (int s = 0; s < BLOCKER_STATE_COUNT; s++) {
        enum blocker_state out = BLOCKER_NEW;
        CHECK(blocker_state_parse(blocker_state_name((enum blocker_state)s), &out));
        CHECK_INT(out, s);
    }
    for (int k = BLOCKER_ISSUE; k <= BLOCKER_DEPENDENCY; k++) {
        enum blocker_kind out = BLOCKER_ISSUE;
        CHECK(blocker_kind_parse(blocker_kind_name((enum blocker_kind)k), &out));
        CHECK_INT(out, k);
    }
    for (int k = ENTRY_NOTE; k <= ENTRY_PARKING; k++) {
        enum standup_kind out = ENTRY_NOTE;
        CHECK(standup_kind_parse(standup_kind_name((enum standup_kind)k), &out));
        CHECK_INT(out, k);
    }
    CHECK_STR(project_status_name(PROJECT_ON_HOLD), "on_hold");
    CHECK_STR(blocker_state_name(BLOCKER_IN_PROGRESS), "in_progress");
    CHECK_STR(blocker_verb_name(VERB_DUPLICATE), "duplicate");
    CHECK_STR(blocker_verb_name(VERB_REOPEN), "reopen");
    CHECK_STR(standup_kind_name(ENTRY_PARKING), "parking");
    CHECK_STR(health_name(HEALTH_AMBER), "amber");
}

static void test_parse_accepts_aliases_and_case_and_refuses_junk(void)
{
    enum direction d = DIRECTION_UP;
    CHECK(direction_parse("lower", &d));
    CHECK_INT(d, DIRECTION_DOWN);
    CHECK(direction_parse("Higher", &d));
    CHECK_INT(d, DIRECTION_UP);
    CHECK(direction_parse("DOWN", &d));
    CHECK_INT(d, DIRECTION_DOWN);
    CHECK(!direction_parse("sideways", &d));
    CHECK(!direction_parse(NULL, &d));
    enum blocker_state s = BLOCKER_NEW;
    CHECK(blocker_state_parse("Snoozed", &s));
    CHECK_INT(s, BLOCKER_SNOOZED);
    CHECK(!blocker_state_parse("open", &s));
    CHECK(!blocker_state_parse("", &s));
    enum health h = HEALTH_GREEN;
    CHECK(!health_parse("purple", &h));
    CHECK_INT(h, HEALTH_GREEN);
    CHECK(blocker_state_open(BLOCKER_SNOOZED));
    CHECK(blocker_state_open(BLOCKER_ACCEPTED));
    CHECK(!blocker_state_open(BLOCKER_RESOLVED));
    CHECK(!blocker_state_open(BLOCKER_DUPLICATE));
}

int main(void)
{
    tmp = check_tmpdir();
    RUN(test_event_list_filters_newest_first);
    RUN(test_standup_since_reaches_back);
    RUN(test_standup_since_on_monday);
    RUN(test_standup_entries_and_time);
    RUN(test_names_round_trip);
    RUN(test_parse_accepts_aliases_and_case_and_refuses_junk);
    free(tmp);
    return check_report();
}
