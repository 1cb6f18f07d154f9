/*
 * Projects: adding and editing with audit rows and version checks,
 * dependencies and cycle refusal, derived health under a frozen clock,
 * and windowed, sorted lists.
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

#define NOW "2026-11-26T09:00:00Z" /* today 2026-11-26, a week on 2026-12-03 */

static char *tmp;

/* A fresh store with OPS (shown first) and ENG. */
static struct store *fresh(void)
{
    struct store *st = fixture_store(tmp, "p", NULL);
    struct err e = {0};
    struct department d[] = {
        {.key = "OPS", .name = "Operations", .sort_order = 1},
        {.key = "ENG", .name = "Engineering", .sort_order = 2},
    };
    fixture_departments(st, d, 2);
    /* owners are people of the organisation */
    struct person who[] = {
        {.login = "bob", .name = "Bob"},
    };
    for (size_t i = 0; i < sizeof who / sizeof who[0]; i++)
        if (person_add(st, &who[i], &e) != 0) {
            fprintf(stderr, "person_add: %s\n", e.msg);
            exit(2);
        }
    return st;
}

static int add(struct store *st, const char *key, const char *dept, const char *due,
               int progress)
{
    struct project p = {.key = (char *)key, .title = (char *)key, .department = (char *)dept,
                        .due = (char *)due, .progress = progress, .status = PROJECT_ACTIVE};
    struct err e = {0};
    int rc = project_add(st, &p, &e);
    if (rc)
        fprintf(stderr, "project_add %s: %s\n", key, e.msg);
    return rc;
}

static size_t count_events(struct store *st)
{
    struct event *v = NULL;
    size_t n = 0;
    struct err e = {0};
    if (event_list(st, NULL, NULL, NULL, 0, &v, &n, &e) != 0)
        return (size_t)-1;
    event_list_free(v, n);
    return n;
}

static void test_add_needs_an_existing_department(void)
{
    struct store *st = fresh();
    struct err e = {0};
    struct project p = {.key = "XYZ-1", .title = "Lost", .department = "XYZ"};
    CHECK_INT(project_add(st, &p, &e), -ERR_USAGE);
    CHECK_STR(e.msg, "no department XYZ");
    p.department = "ENG";
    p.progress = 101;
    CHECK_INT(project_add(st, &p, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "0 to 100");
    p.progress = 10;
    p.due = "2026-02-30";
    CHECK_INT(project_add(st, &p, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "not a date");
    p.due = "2026-12-15";
    CHECK_INT(project_add(st, &p, &e), 0);
    CHECK_INT(project_add(st, &p, &e), -ERR_USAGE);
    CHECK_STR(e.msg, "project XYZ-1 exists");
    struct project got;
    CHECK_INT(project_get(st, "XYZ-1", &got, &e), 0);
    CHECK_STR(got.department, "ENG");
    CHECK_STR(got.due, "2026-12-15");
    CHECK_INT(got.progress, 10);
    CHECK_INT(got.version, 1);
    project_fini(&got);
    CHECK_INT(project_get(st, "NOPE-1", &got, &e), -ERR_USAGE);
    CHECK_STR(e.msg, "no project NOPE-1");
    store_close(st);
}

static void test_update_audits_each_changed_field(void)
{
    struct store *st = fresh();
    struct err e = {0};
    CHECK_INT(add(st, "ENG-1", "ENG", NULL, 10), 0);
    struct project p;
    CHECK_INT(project_get(st, "ENG-1", &p, &e), 0);
    size_t before = count_events(st);
    /* Unchanged: nothing written. */
    CHECK_INT(project_update(st, &p, &e), 0);
    CHECK_INT(count_events(st), before);

    str_replace(&p.title, "New billing");
    p.progress = 40;
    str_replace(&p.department, "OPS");
    CHECK_INT(project_update(st, &p, &e), 0);
    CHECK_INT(count_events(st), before + 3);
    struct event *ev = NULL;
    size_t n = 0;
    CHECK_INT(event_list(st, "project", "ENG-1", NULL, 3, &ev, &n, &e), 0);
    int seen = 0;
    for (size_t i = 0; i < n; i++) {
        CHECK_STR(ev[i].action, "update");
        if (strcmp(ev[i].field, "title") == 0) {
            CHECK_STR(ev[i].old_value, "ENG-1");
            CHECK_STR(ev[i].new_value, "New billing");
            seen++;
        } else if (strcmp(ev[i].field, "progress") == 0) {
            CHECK_STR(ev[i].old_value, "10");
            CHECK_STR(ev[i].new_value, "40");
            seen++;
        } else if (strcmp(ev[i].field, "department") == 0) {
            CHECK_STR(ev[i].old_value, "ENG");
            CHECK_STR(ev[i].new_value, "OPS");
            seen++;
        }
    }
    CHECK_INT(seen, 3);
    event_list_free(ev, n);

    /* p still carries the version read before that update: stale. */
    before = count_events(st);
    str_replace(&p.title, "Mine");
    CHECK_INT(project_update(st, &p, &e), -ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "tester");
    CHECK_INT(count_events(st), before);
    project_fini(&p);
    CHECK_INT(project_get(st, "ENG-1", &p, &e), 0);
    CHECK_STR(p.title, "New billing");
    CHECK_INT(p.version, 2);
    p.health_set = HEALTH_AMBER;
    CHECK_INT(project_update(st, &p, &e), 0);
    project_fini(&p);
    CHECK_INT(project_get(st, "ENG-1", &p, &e), 0);
    CHECK_INT(p.health_set, HEALTH_AMBER);
    CHECK_INT(p.health, HEALTH_AMBER);
    project_fini(&p);
    store_close(st);
}

static void test_dependency_cycles_are_refused(void)
{
    struct store *st = fresh();
    struct err e = {0};
    CHECK_INT(add(st, "A-1", "ENG", NULL, 0), 0);
    CHECK_INT(add(st, "B-1", "ENG", NULL, 0), 0);
    CHECK_INT(add(st, "C-1", "OPS", NULL, 0), 0);
    CHECK_INT(add(st, "D-1", "OPS", NULL, 0), 0);
    CHECK_INT(project_depend(st, "A-1", "B-1", "needs the API", &e), 0);
    CHECK_INT(project_depend(st, "B-1", "C-1", NULL, &e), 0);
    size_t before = count_events(st);
    CHECK_INT(project_depend(st, "C-1", "A-1", NULL, &e), -ERR_CONFLICT);
    CHECK_STR(e.msg, "C-1 -> A-1 -> B-1 -> C-1 would be a dependency cycle");
    CHECK_INT(project_depend(st, "A-1", "A-1", NULL, &e), -ERR_CONFLICT);
    CHECK_STR(e.msg, "A-1 -> A-1 would be a dependency cycle");
    CHECK_INT(project_depend(st, "A-1", "NOPE-1", NULL, &e), -ERR_USAGE);
    CHECK_STR(e.msg, "no project NOPE-1");
    CHECK_INT(count_events(st), before);
    /* An existing dependency is left as is; a diamond is no cycle. */
    CHECK_INT(project_depend(st, "A-1", "B-1", NULL, &e), 0);
    CHECK_INT(count_events(st), before);
    CHECK_INT(project_depend(st, "A-1", "C-1", NULL, &e), 0);
    CHECK_INT(project_depend(st, "D-1", "A-1", NULL, &e), 0);

    struct project p;
    CHECK_INT(project_get(st, "A-1", &p, &e), 0);
    CHECK_INT(p.n_depends_on, 2);
    if (p.n_depends_on == 2) {
        CHECK_STR(p.depends_on[0], "B-1");
        CHECK_STR(p.depends_on[1], "C-1");
    }
    project_fini(&p);

    struct project *v = NULL;
    size_t n = 0;
    CHECK_INT(project_dependents(st, "C-1", &v, &n, &e), 0);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(v[0].key, "A-1");
        CHECK_STR(v[1].key, "B-1");
    }
    project_list_free(v, n);

    /* set_depends replaces the whole set, and refuses a cycle as a whole. */
    char *want[] = {"D-1"};
    CHECK_INT(project_set_depends(st, "C-1", want, 1, &e), -ERR_CONFLICT);
    CHECK_STR(e.msg, "C-1 -> D-1 -> A-1 -> C-1 would be a dependency cycle"); /* the shortest */
    char *fewer[] = {"C-1"};
    CHECK_INT(project_set_depends(st, "A-1", fewer, 1, &e), 0);
    CHECK_INT(project_get(st, "A-1", &p, &e), 0);
    CHECK_INT(p.n_depends_on, 1);
    if (p.n_depends_on == 1)
        CHECK_STR(p.depends_on[0], "C-1");
    project_fini(&p);
    /* B-1 still depends on C-1: the other way round is refused until it goes. */
    CHECK_INT(project_depend(st, "C-1", "B-1", NULL, &e), -ERR_CONFLICT);
    CHECK_STR(e.msg, "C-1 -> B-1 -> C-1 would be a dependency cycle");
    CHECK_INT(project_undepend(st, "B-1", "C-1", &e), 0);
    CHECK_INT(project_depend(st, "C-1", "B-1", NULL, &e), 0);

    /* Adding a project with its dependencies checks them the same way. */
    struct project np = {.key = "E-1", .title = "E", .department = "ENG"};
    char *deps[] = {"A-1", "NOPE-9"};
    np.depends_on = deps;
    np.n_depends_on = 2;
    CHECK_INT(project_add(st, &np, &e), -ERR_USAGE);
    CHECK_STR(e.msg, "no project NOPE-9");
    CHECK_INT(project_get(st, "E-1", &p, &e), -ERR_USAGE); /* not half added */
    store_close(st);
}

static enum health health_of(struct store *st, const char *key, struct project *out)
{
    struct err e = {0};
    if (project_get(st, key, out, &e) != 0) {
        fprintf(stderr, "project_get %s: %s\n", key, e.msg);
        return HEALTH_UNKNOWN;
    }
    return out->health;
}

static void test_health_is_derived(void)
{
    struct store *st = fresh();
    struct err e = {0};
    struct project p;
    CHECK_INT(add(st, "LATE-1", "ENG", "2026-11-25", 90), 0);
    CHECK_INT(health_of(st, "LATE-1", &p), HEALTH_RED);
    CHECK(p.overdue);
    CHECK(!p.blocked);
    project_fini(&p);
    CHECK_INT(add(st, "TODAY-1", "ENG", "2026-11-26", 90), 0);
    CHECK_INT(health_of(st, "TODAY-1", &p), HEALTH_GREEN); /* due today is not overdue */
    CHECK(!p.overdue);
    project_fini(&p);
    CHECK_INT(add(st, "SOON-1", "ENG", "2026-12-03", 79), 0);
    CHECK_INT(health_of(st, "SOON-1", &p), HEALTH_AMBER);
    project_fini(&p);
    CHECK_INT(add(st, "LATER-1", "ENG", "2026-12-04", 10), 0);
    CHECK_INT(health_of(st, "LATER-1", &p), HEALTH_GREEN);
    project_fini(&p);

    /* Done is green even when late. */
    CHECK_INT(project_get(st, "LATE-1", &p, &e), 0);
    p.status = PROJECT_DONE;
    CHECK_INT(project_update(st, &p, &e), 0);
    project_fini(&p);
    CHECK_INT(health_of(st, "LATE-1", &p), HEALTH_GREEN);
    CHECK(!p.overdue);
    project_fini(&p);

    /* Open blockers: severity 1 red, severity 2 amber; closed ones count not. */
    CHECK_INT(add(st, "BLK-1", "OPS", NULL, 0), 0);
    struct blocker b = {.project = "BLK-1", .title = "stuck", .severity = 2};
    char *k2 = NULL, *k1 = NULL;
    CHECK_INT(blocker_add(st, &b, &k2, &e), 0);
    CHECK_INT(health_of(st, "BLK-1", &p), HEALTH_AMBER);
    CHECK(p.blocked);
    CHECK_INT(p.open_blockers, 1);
    project_fini(&p);
    b.severity = 1;
    CHECK_INT(blocker_add(st, &b, &k1, &e), 0);
    CHECK_INT(health_of(st, "BLK-1", &p), HEALTH_RED);
    CHECK_INT(p.open_blockers, 2);
    project_fini(&p);
    struct verdict r = {.verb = VERB_RESOLVE};
    CHECK_INT(blocker_apply(st, k1, &r, &e), 0);
    CHECK_INT(health_of(st, "BLK-1", &p), HEALTH_AMBER);
    CHECK_INT(p.open_blockers, 1);
    project_fini(&p);
    CHECK_INT(blocker_apply(st, k2, &r, &e), 0);
    CHECK_INT(health_of(st, "BLK-1", &p), HEALTH_GREEN);
    CHECK(!p.blocked);
    project_fini(&p);

    /* Depending on a red project is amber; on an amber one, only at risk. */
    CHECK_INT(add(st, "RED-1", "OPS", "2026-11-01", 0), 0);
    CHECK_INT(add(st, "DEP-1", "ENG", NULL, 0), 0);
    CHECK_INT(project_depend(st, "DEP-1", "RED-1", NULL, &e), 0);
    CHECK_INT(health_of(st, "DEP-1", &p), HEALTH_AMBER);
    CHECK(p.dep_at_risk);
    project_fini(&p);
    CHECK_INT(add(st, "DEP-2", "ENG", NULL, 0), 0);
    CHECK_INT(project_depend(st, "DEP-2", "DEP-1", NULL, &e), 0);
    CHECK_INT(health_of(st, "DEP-2", &p), HEALTH_GREEN);
    CHECK(p.dep_at_risk);
    project_fini(&p);
    CHECK_INT(add(st, "DEP-3", "ENG", NULL, 0), 0);
    CHECK_INT(project_depend(st, "DEP-3", "LATER-1", NULL, &e), 0);
    CHECK_INT(health_of(st, "DEP-3", &p), HEALTH_GREEN);
    CHECK(!p.dep_at_risk);
    project_fini(&p);

    /* Health set by hand wins over the derived one. */
    CHECK_INT(project_get(st, "RED-1", &p, &e), 0);
    p.health_set = HEALTH_GREEN;
    CHECK_INT(project_update(st, &p, &e), 0);
    project_fini(&p);
    CHECK_INT(health_of(st, "RED-1", &p), HEALTH_GREEN);
    CHECK(p.overdue);
    project_fini(&p);
    CHECK_INT(health_of(st, "DEP-1", &p), HEALTH_GREEN);
    CHECK(!p.dep_at_risk);
    project_fini(&p);

    /* The clock is $BATON_NOW: a month earlier nothing is late. */
    setenv("BATON_NOW", "2026-10-26T09:00:00Z", 1);
    CHECK_INT(health_of(st, "LATER-1", &p), HEALTH_GREEN);
    project_fini(&p);
    CHECK_INT(project_get(st, "SOON-1", &p, &e), 0);
    CHECK_INT(p.health, HEALTH_GREEN);
    project_fini(&p);
    setenv("BATON_NOW", "2026-12-10T09:00:00Z", 1);
    CHECK_INT(health_of(st, "SOON-1", &p), HEALTH_RED);
    CHECK(p.overdue);
    project_fini(&p);
    setenv("BATON_NOW", NOW, 1);
    free(k1);
    free(k2);
    store_close(st);
}

static char *keys_of(struct store *st, const struct query *q)
{
    struct project *v = NULL;
    size_t n = 0;
    struct err e = {0};
    if (project_list(st, q, &v, &n, &e) != 0) {
        fprintf(stderr, "project_list: %s\n", e.msg);
        return strdup("(error)");
    }
    struct strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < n; i++)
        sb_addf(&sb, "%s%s", i ? " " : "", v[i].key);
    project_list_free(v, n);
    return sb.s ? sb_take(&sb) : strdup("");
}

static void check_keys(struct store *st, const struct query *q, const char *want)
{
    char *got = keys_of(st, q);
    CHECK_STR(got, want);
    free(got);
}

static void test_list_sorts_filters_and_windows(void)
{
    struct store *st = fresh();
    struct err e = {0};
    CHECK_INT(add(st, "ENG-1", "ENG", "2026-12-20", 50), 0); /* green */
    CHECK_INT(add(st, "ENG-2", "ENG", "2026-11-20", 30), 0); /* red: late */
    CHECK_INT(add(st, "ENG-3", "ENG", NULL, 70), 0);         /* green */
    CHECK_INT(add(st, "OPS-1", "OPS", "2026-12-01", 10), 0); /* amber: due soon */
    CHECK_INT(add(st, "OPS-2", "OPS", NULL, 100), 0);        /* green */
    struct project p;
    CHECK_INT(project_get(st, "OPS-2", &p, &e), 0);
    str_replace(&p.title, "Billing warehouse");
    str_replace(&p.owner, "bob");
    CHECK_INT(project_update(st, &p, &e), 0);
    project_fini(&p);

    struct query q = {0};
    check_keys(st, &q, "OPS-1 OPS-2 ENG-1 ENG-2 ENG-3");
    q.desc = true;
    check_keys(st, &q, "ENG-3 ENG-2 ENG-1 OPS-2 OPS-1");
    q = (struct query){.sort = PROJECT_SORT_HEALTH};
    check_keys(st, &q, "ENG-2 OPS-1 ENG-1 ENG-3 OPS-2");
    q = (struct query){.sort = PROJECT_SORT_DUE};
    check_keys(st, &q, "ENG-2 OPS-1 ENG-1 ENG-3 OPS-2");
    q = (struct query){.sort = PROJECT_SORT_PROGRESS, .desc = true};
    check_keys(st, &q, "OPS-2 ENG-3 ENG-1 ENG-2 OPS-1");
    q = (struct query){.sort = PROJECT_SORT_OWNER};
    check_keys(st, &q, "OPS-2 ENG-1 ENG-2 ENG-3 OPS-1");
    q = (struct query){.sort = PROJECT_SORT_KEY, .offset = 1, .limit = 2};
    check_keys(st, &q, "ENG-2 ENG-3");
    q.offset = 4;
    check_keys(st, &q, "OPS-2");
    q.offset = 9;
    check_keys(st, &q, "");
    q = (struct query){.sort = PROJECT_SORT_KEY, .dept = "OPS"};
    check_keys(st, &q, "OPS-1 OPS-2");
    int64_t n = 0;
    CHECK_INT(project_count(st, &q, &n, &e), 0);
    CHECK_INT(n, 2);
    q = (struct query){.sort = PROJECT_SORT_KEY, .text = "BILLING"};
    check_keys(st, &q, "OPS-2");
    q = (struct query){.sort = PROJECT_SORT_KEY, .text = "eng-"};
    check_keys(st, &q, "ENG-1 ENG-2 ENG-3");
    CHECK_INT(project_count(st, NULL, &n, &e), 0);
    CHECK_INT(n, 5);

    struct project *v = NULL;
    size_t nv = 0;
    q = (struct query){.sort = PROJECT_SORT_KEY};
    CHECK_INT(project_list(st, &q, &v, &nv, &e), 0);
    CHECK_INT(nv, 5);
    if (nv == 5) {
        CHECK_INT(v[1].health, HEALTH_RED);
        CHECK(v[1].overdue);
        CHECK_INT(v[3].health, HEALTH_AMBER);
        CHECK_STR(v[4].owner, "bob");
        CHECK(v[0].depends_on == NULL); /* lists leave dependencies to get */
    }
    project_list_free(v, nv);
    store_close(st);
}

/* A project is never due before it starts, added or edited; an owner is a
 * person of the organisation. */
static void test_due_not_before_start_and_owner_a_person(void)
{
    struct store *st = fresh();
    struct err e = {0};
    struct project p = {.key = "ENG-9", .title = "Backwards", .department = "ENG",
                        .start = "2026-12-10", .due = "2026-12-01"};
    CHECK_INT(project_add(st, &p, &e), -ERR_USAGE);
    CHECK_STR(e.msg, "project ENG-9 due 2026-12-01 is before its start 2026-12-10; move one of "
                     "them");
    p.due = "2026-12-10"; /* the same day is fine */
    CHECK_INT(project_add(st, &p, &e), 0);
    struct project got;
    CHECK_INT(project_get(st, "ENG-9", &got, &e), 0);
    str_replace(&got.start, "2027-01-05");
    CHECK_INT(project_update(st, &got, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "due 2026-12-10 is before its start 2027-01-05");
    project_fini(&got);
    CHECK_INT(project_get(st, "ENG-9", &got, &e), 0);
    CHECK_STR(got.start, "2026-12-10");
    str_replace(&got.owner, "bbo");
    CHECK_INT(project_update(st, &got, &e), -ERR_USAGE);
    CHECK_STR(e.msg, "no person 'bbo'; did you mean bob?");
    str_replace(&got.owner, "bob");
    CHECK_INT(project_update(st, &got, &e), 0);
    project_fini(&got);
    struct project other = {.key = "ENG-8", .title = "Owned", .department = "ENG",
                            .owner = "nobody"};
    CHECK_INT(project_add(st, &other, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "no person 'nobody' in the organisation");
    store_close(st);
}

int main(void)
{
    setenv("BATON_NOW", NOW, 1);
    tmp = check_tmpdir();
    RUN(test_add_needs_an_existing_department);
    RUN(test_update_audits_each_changed_field);
    RUN(test_dependency_cycles_are_refused);
    RUN(test_health_is_derived);
    RUN(test_list_sorts_filters_and_windows);
    RUN(test_due_not_before_start_and_owner_a_person);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmp);
    free(tmp);
    return check_report();
}
