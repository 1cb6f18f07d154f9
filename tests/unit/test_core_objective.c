/*
 * Objectives: periods and the share of them gone by, an indicator key
 * result's progress, the health rule with its numbers, the roll-up of
 * progress from key results and children, parents without cycles,
 * rights (a lead edits their department's objectives only, company ones
 * are an admin's, the owner checks in as a member, a viewer reads),
 * stale edits, audit rows, and what serves an objective.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "baton/department.h"
#include "baton/event.h"
#include "baton/indicator.h"
#include "baton/objective.h"
#include "baton/project.h"
#include "baton/store.h"
#include "baton/str.h"

static char *tmp;
static int dbn;

#define CHECK_NEAR(got, want) CHECK(fabs((got) - (want)) < 1e-9)

static void must(int rc, const char *what, const struct err *e)
{
    if (rc != 0) {
        fprintf(stderr, "%s: %s\n", what, e->msg);
        exit(2);
    }
}

static struct store *fresh(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/t%d.db", tmp, dbn++);
    struct store *st = NULL;
    struct err e = {0};
    must(store_open(&st, path, STORE_CREATE, &e), "store_open", &e);
    store_set_actor(st, "alice");
    const char *depts[] = {"ENG", "OPS"};
    for (size_t i = 0; i < 2; i++) {
        struct department d = {.key = (char *)depts[i], .name = (char *)depts[i]};
        must(department_add(st, &d, &e), "department_add", &e);
    }
    const char *people[] = {"alice", "bob", "carol"};
    for (size_t i = 0; i < 3; i++) {
        struct person p = {.login = (char *)people[i], .name = (char *)people[i]};
        must(person_add(st, &p, &e), "person_add", &e);
    }
    struct project p = {.key = "OPS-1", .title = "Rotterdam", .department = "OPS",
                        .status = PROJECT_ACTIVE, .progress = 40};
    must(project_add(st, &p, &e), "project_add", &e);
    struct project q = {.key = "ENG-1", .title = "Tracking API", .department = "ENG",
                        .status = PROJECT_ACTIVE, .progress = 80};
    must(project_add(st, &q, &e), "project_add", &e);
    struct indicator ind = {.key = "otd", .name = "On-time delivery", .department = "OPS",
                            .direction = DIRECTION_UP, .has_target = true, .target = 95};
    must(indicator_add(st, &ind, &e), "indicator_add", &e);
    return st;
}

static int add(struct store *st, const char *key, const char *dept, const char *parent,
               const char *period, const char *owner, struct err *e)
{
    struct objective o = {.key = (char *)key, .title = (char *)key, .period = (char *)period,
                          .department = (char *)dept, .parent = (char *)parent,
                          .owner = (char *)owner};
    return objective_add(st, &o, e);
}

static void record(struct store *st, const char *key, const char *at, double v)
{
    struct err e = {0};
    must(indicator_record(st, key, at, v, NULL, &e), "indicator_record", &e);
}

/* ---- periods ---- */

static void test_periods_parse_normalise_and_refuse(void)
{
    char norm[16];
    int64_t first, end;
    struct err e = {0};
    CHECK_INT(objective_period_parse("2027", norm, &first, &end, &e), 0);
    CHECK_STR(norm, "2027");
    CHECK_INT(end - first, 365);
    CHECK_INT(objective_period_parse("2027-h2", norm, &first, &end, &e), 0);
    CHECK_STR(norm, "2027-H2");
    CHECK_INT(end - first, 184); /* July to December */
    CHECK_INT(objective_period_parse("2028-Q1", norm, &first, &end, &e), 0);
    CHECK_INT(end - first, 91); /* a leap February */
    CHECK_INT(objective_period_parse("2027-Q4", norm, &first, &end, &e), 0);
    CHECK_INT(end - first, 92);
    const char *bad[] = {"2027-Q5", "2027-H3", "27", "2027Q1", "2027-M1", "next year", "",
                         "2027-Q1x", "1969"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        CHECK_INT(objective_period_parse(bad[i], norm, &first, &end, &e), -ERR_USAGE);
        CHECK_CONTAINS(e.msg, "a period is a year (2027), a half (2027-H1");
    }
}

static void test_elapsed_and_within(void)
{
    char norm[16];
    int64_t first, end;
    struct err e = {0};
    objective_period_parse("2027-Q1", norm, &first, &end, &e);
    CHECK_NEAR(objective_period_elapsed("2027-Q1", first - 5), 0);
    CHECK_NEAR(objective_period_elapsed("2027-Q1", first + 45), 45.0 / 90.0);
    CHECK_NEAR(objective_period_elapsed("2027-Q1", end + 3), 1);
    CHECK(objective_period_elapsed("2027-Q9", first) < 0);
    CHECK(objective_period_within("2027-Q2", "2027-H1"));
    CHECK(objective_period_within("2027-H1", "2027"));
    CHECK(objective_period_within("2027", "2027"));
    CHECK(!objective_period_within("2027-Q3", "2027-H1"));
    CHECK(!objective_period_within("2027", "2027-H1"));
}

/* ---- the rule ---- */

static void test_indicator_progress_moves_from_baseline_toward_target(void)
{
    CHECK_NEAR(objective_indicator_progress(80, 85, 90, false), 0.5);
    CHECK_NEAR(objective_indicator_progress(80, 70, 90, false), 0); /* went the wrong way */
    CHECK_NEAR(objective_indicator_progress(80, 95, 90, false), 1); /* beyond the target */
    CHECK_NEAR(objective_indicator_progress(5, 4, 2, true), 1.0 / 3.0); /* lower is better */
    CHECK_NEAR(objective_indicator_progress(90, 91, 90, false), 1); /* started at the target */
    CHECK_NEAR(objective_indicator_progress(90, 89, 90, false), 0);
    CHECK_NEAR(objective_indicator_progress(2, 1.5, 2, true), 1);
    /* a baseline already better than the target: holding it is the result */
    CHECK_NEAR(objective_indicator_progress(3.8, 5.2, 4, true), 0);
    CHECK_NEAR(objective_indicator_progress(3.8, 3.9, 4, true), 1);
    CHECK_NEAR(objective_indicator_progress(95, 80, 90, false), 0);
    CHECK_NEAR(objective_indicator_progress(95, 92, 90, false), 1);
}

static void test_health_rule_numbers(void)
{
    /* progress against time: 15 points behind is still on track */
    CHECK_INT(objective_health_of(0.35, 0.50, 0), OBJECTIVE_ON_TRACK);
    CHECK_INT(objective_health_of(0.34, 0.50, 0), OBJECTIVE_AT_RISK);
    CHECK_INT(objective_health_of(0.20, 0.50, 0), OBJECTIVE_AT_RISK);
    CHECK_INT(objective_health_of(0.19, 0.50, 0), OBJECTIVE_OFF_TRACK);
    CHECK_INT(objective_health_of(0.90, 0.50, 0), OBJECTIVE_ON_TRACK);
    /* confidence: 7 and up on track, 4-6 at risk, 1-3 off track */
    CHECK_INT(objective_health_of(0.90, 0.50, 7), OBJECTIVE_ON_TRACK);
    CHECK_INT(objective_health_of(0.90, 0.50, 6), OBJECTIVE_AT_RISK);
    CHECK_INT(objective_health_of(0.90, 0.50, 4), OBJECTIVE_AT_RISK);
    CHECK_INT(objective_health_of(0.90, 0.50, 3), OBJECTIVE_OFF_TRACK);
    /* the worse of the two */
    CHECK_INT(objective_health_of(0.10, 0.50, 9), OBJECTIVE_OFF_TRACK);
    /* nothing measured: confidence alone, else unknown */
    CHECK_INT(objective_health_of(-1, 0.50, 5), OBJECTIVE_AT_RISK);
    CHECK_INT(objective_health_of(-1, 0.50, 0), OBJECTIVE_UNKNOWN);
}

/* ---- the store ---- */

static void test_progress_rolls_up_from_key_results_and_children(void)
{
    struct store *st = fresh();
    struct err e = {0};
    record(st, "otd", "2026-12-20T00:00:00Z", 85); /* before the year: the baseline */
    record(st, "otd", "2027-02-01T00:00:00Z", 90);
    CHECK_INT(add(st, "CO", NULL, NULL, "2027", "alice", &e), 0);
    CHECK_INT(add(st, "OPS-A", "OPS", "CO", "2027-H1", "bob", &e), 0);
    CHECK_INT(add(st, "ENG-A", "ENG", "CO", "2027-h1", NULL, &e), 0);
    CHECK_INT(objective_link(st, "OPS-A", "otd", NULL, NULL, &e), 0);
    CHECK_INT(objective_link(st, "OPS-A", NULL, "OPS-1", NULL, &e), 0);
    CHECK_INT(objective_link(st, "ENG-A", NULL, "ENG-1", NULL, &e), 0);
    struct objective o;
    CHECK_INT(objective_get(st, "OPS-A", &o, &e), 0);
    /* otd: 85 -> 90 of the way to 95 is 0.5; OPS-1 is at 40 % */
    CHECK_NEAR(o.progress, (0.5 + 0.4) / 2);
    CHECK_STR(o.period, "2027-H1");
    objective_fini(&o);
    CHECK_INT(objective_get(st, "CO", &o, &e), 0);
    CHECK_NEAR(o.progress, (0.45 + 0.8) / 2);
    CHECK_INT(o.n_children, 2);
    objective_fini(&o);
    /* a baseline given by hand wins over the readings */
    double base = 80;
    CHECK_INT(objective_link(st, "OPS-A", "otd", NULL, &base, &e), 0);
    CHECK_INT(objective_get(st, "OPS-A", &o, &e), 0);
    CHECK_NEAR(o.progress, (10.0 / 15.0 + 0.4) / 2);
    objective_fini(&o);
    /* a dropped child leaves the mean, a done one counts as complete */
    struct objective edit;
    CHECK_INT(objective_get(st, "ENG-A", &edit, &e), 0);
    edit.status = OBJECTIVE_DROPPED;
    CHECK_INT(objective_update(st, &edit, &e), 0);
    objective_fini(&edit);
    CHECK_INT(objective_get(st, "CO", &o, &e), 0);
    CHECK_NEAR(o.progress, (10.0 / 15.0 + 0.4) / 2);
    objective_fini(&o);
    CHECK_INT(objective_get(st, "OPS-A", &edit, &e), 0);
    edit.status = OBJECTIVE_DONE;
    CHECK_INT(objective_update(st, &edit, &e), 0);
    objective_fini(&edit);
    CHECK_INT(objective_get(st, "CO", &o, &e), 0);
    CHECK_NEAR(o.progress, 1);
    objective_fini(&o);
    /* lists show neither done nor dropped unless asked */
    struct objective *v = NULL;
    size_t n = 0;
    CHECK_INT(objective_list(st, NULL, &v, &n, &e), 0);
    CHECK_INT(n, 1);
    objective_list_free(v, n);
    struct objective_filter all = {.status = "all"};
    CHECK_INT(objective_list(st, &all, &v, &n, &e), 0);
    CHECK_INT(n, 3);
    if (n == 3) { /* the tree: the company objective, then its children by department */
        CHECK_STR(v[0].key, "CO");
        CHECK_INT(v[1].depth, 1);
    }
    objective_list_free(v, n);
    store_close(st);
}

static void test_checkin_of_four_turns_an_objective_at_risk(void)
{
    struct store *st = fresh();
    struct err e = {0};
    CHECK_INT(add(st, "OPS-A", "OPS", NULL, "2027-Q1", "bob", &e), 0);
    CHECK_INT(objective_link(st, "OPS-A", NULL, "OPS-1", NULL, &e), 0);
    struct objective o;
    /* 15 Feb is half way through the quarter; OPS-1 is at 40 % */
    CHECK_INT(objective_get(st, "OPS-A", &o, &e), 0);
    CHECK_INT(o.health, OBJECTIVE_ON_TRACK);
    objective_fini(&o);
    store_set_actor(st, "bob");
    store_set_rights(st, ROLE_MEMBER, NULL, 0);
    CHECK_INT(objective_checkin(st, "OPS-A", 4, "Customs broker not appointed", &e), 0);
    CHECK_INT(objective_get(st, "OPS-A", &o, &e), 0);
    CHECK_INT(o.health, OBJECTIVE_AT_RISK);
    CHECK_INT(o.confidence, 4);
    objective_fini(&o);
    CHECK_INT(objective_checkin(st, "OPS-A", 11, NULL, &e), -ERR_USAGE);
    CHECK_INT(objective_checkin(st, "OPS-A", 0, NULL, &e), -ERR_USAGE);
    struct objective_confidence_change *c = NULL;
    size_t n = 0;
    CHECK_INT(objective_confidence_changes(st, "2027-02-15T00:00:00Z", NULL, &c, &n, &e), 0);
    CHECK_INT(n, 1);
    if (n) {
        CHECK_INT(c[0].before, 0);
        CHECK_INT(c[0].after, 4);
        CHECK_STR(c[0].who, "bob");
        CHECK_STR(c[0].note, "Customs broker not appointed");
    }
    objective_confidence_changes_free(c, n);
    store_close(st);
}

static void test_parents_refuse_cycles(void)
{
    struct store *st = fresh();
    struct err e = {0};
    CHECK_INT(add(st, "A", NULL, NULL, "2027", NULL, &e), 0);
    CHECK_INT(add(st, "B", "OPS", "A", "2027", NULL, &e), 0);
    CHECK_INT(add(st, "C", "OPS", "B", "2027", NULL, &e), 0);
    CHECK_INT(add(st, "D", "OPS", "NOPE", "2027", NULL, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "no objective NOPE");
    struct objective o;
    CHECK_INT(objective_get(st, "A", &o, &e), 0);
    str_replace(&o.parent, "C");
    CHECK_INT(objective_update(st, &o, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "a cycle");
    str_replace(&o.parent, "A");
    CHECK_INT(objective_update(st, &o, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "its own parent");
    objective_fini(&o);
    CHECK_INT(objective_get(st, "A", &o, &e), 0);
    CHECK(o.parent == NULL);
    objective_fini(&o);
    store_close(st);
}

static void test_rights_leads_admins_owners_viewers(void)
{
    struct store *st = fresh();
    struct err e = {0};
    CHECK_INT(add(st, "CO", NULL, NULL, "2027", "alice", &e), 0);
    CHECK_INT(add(st, "OPS-A", "OPS", "CO", "2027", "carol", &e), 0);
    CHECK_INT(add(st, "ENG-A", "ENG", "CO", "2027", NULL, &e), 0);
    const char *ops[] = {"OPS"};
    store_set_actor(st, "bob");
    store_set_rights(st, ROLE_LEAD, ops, 1);
    struct objective o;
    CHECK_INT(objective_get(st, "OPS-A", &o, &e), 0);
    str_replace(&o.title, "Deliver on time");
    CHECK_INT(objective_update(st, &o, &e), 0);
    objective_fini(&o);
    CHECK_INT(objective_get(st, "ENG-A", &o, &e), 0);
    str_replace(&o.title, "Not mine");
    CHECK_INT(objective_update(st, &o, &e), -ERR_DENIED);
    CHECK_CONTAINS(e.msg, "lead of ENG");
    /* nor may a lead move an objective into their department from another */
    str_replace(&o.title, "ENG-A");
    str_replace(&o.department, "OPS");
    CHECK_INT(objective_update(st, &o, &e), -ERR_DENIED);
    objective_fini(&o);
    CHECK_INT(objective_get(st, "CO", &o, &e), 0);
    str_replace(&o.title, "Company");
    CHECK_INT(objective_update(st, &o, &e), -ERR_DENIED);
    CHECK_CONTAINS(e.msg, "an admin");
    objective_fini(&o);
    CHECK_INT(add(st, "CO-2", NULL, NULL, "2027", NULL, &e), -ERR_DENIED);
    CHECK_INT(add(st, "OPS-B", "OPS", "CO", "2027", NULL, &e), 0);
    CHECK_INT(objective_link(st, "ENG-A", NULL, "ENG-1", NULL, &e), -ERR_DENIED);
    CHECK_INT(objective_link(st, "OPS-A", NULL, "OPS-1", NULL, &e), 0);
    /* a member checks in on what they own, and on nothing else */
    store_set_actor(st, "carol");
    store_set_rights(st, ROLE_MEMBER, NULL, 0);
    CHECK_INT(objective_checkin(st, "OPS-A", 7, NULL, &e), 0);
    CHECK_INT(objective_checkin(st, "ENG-A", 7, NULL, &e), -ERR_DENIED);
    CHECK_INT(objective_get(st, "OPS-A", &o, &e), 0);
    str_replace(&o.title, "Mine to edit?");
    CHECK_INT(objective_update(st, &o, &e), -ERR_DENIED);
    objective_fini(&o);
    /* a viewer reads and changes nothing */
    store_set_rights(st, ROLE_VIEWER, NULL, 0);
    CHECK_INT(objective_checkin(st, "OPS-A", 7, NULL, &e), -ERR_DENIED);
    CHECK_INT(objective_get(st, "OPS-A", &o, &e), 0);
    CHECK_STR(o.title, "Deliver on time");
    objective_fini(&o);
    store_close(st);
}

static void test_stale_edit_is_a_conflict_and_changes_are_audited(void)
{
    struct store *st = fresh();
    struct err e = {0};
    CHECK_INT(add(st, "OPS-A", "OPS", NULL, "2027", NULL, &e), 0);
    struct objective a, b;
    CHECK_INT(objective_get(st, "OPS-A", &a, &e), 0);
    CHECK_INT(objective_get(st, "OPS-A", &b, &e), 0);
    str_replace(&a.title, "First");
    CHECK_INT(objective_update(st, &a, &e), 0);
    str_replace(&b.title, "Second");
    CHECK_INT(objective_update(st, &b, &e), -ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "objective OPS-A was changed by alice");
    objective_fini(&a);
    objective_fini(&b);
    CHECK_INT(objective_get(st, "OPS-A", &a, &e), 0);
    CHECK_STR(a.title, "First");
    CHECK_INT(a.version, 2);
    objective_fini(&a);
    struct event *ev = NULL;
    size_t n = 0;
    CHECK_INT(event_list(st, "objective", "OPS-A", NULL, 0, &ev, &n, &e), 0);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(ev[0].field, "title");
        CHECK_STR(ev[0].old_value, "OPS-A");
        CHECK_STR(ev[0].new_value, "First");
        CHECK_STR(ev[1].action, "create");
    }
    event_list_free(ev, n);
    store_close(st);
}

static void test_unaligned_projects_and_serves(void)
{
    struct store *st = fresh();
    struct err e = {0};
    CHECK_INT(add(st, "CO", NULL, NULL, "2027", NULL, &e), 0);
    struct project *v = NULL;
    size_t n = 0;
    CHECK_INT(project_unaligned(st, NULL, &v, &n, &e), 0);
    CHECK_INT(n, 2);
    project_list_free(v, n);
    CHECK_INT(project_serves_set(st, "OPS-1", "CO", &e), 0);
    CHECK_INT(objective_link(st, "CO", NULL, "ENG-1", NULL, &e), 0);
    CHECK_INT(project_unaligned(st, NULL, &v, &n, &e), 0);
    CHECK_INT(n, 0);
    project_list_free(v, n);
    CHECK_INT(objective_projects(st, "CO", &v, &n, &e), 0);
    CHECK_INT(n, 2);
    project_list_free(v, n);
    CHECK_INT(project_serves_set(st, "OPS-1", "NOPE", &e), -ERR_USAGE);
    char **keys = NULL;
    CHECK_INT(project_serves(st, "OPS-1", &keys, &n, &e), 0);
    CHECK_INT(n, 1); /* the refused change left the set as it was */
    objective_keys_free(keys, n);
    CHECK_INT(project_serves_set(st, "OPS-1", "", &e), 0);
    CHECK_INT(project_unaligned(st, "OPS", &v, &n, &e), 0);
    CHECK_INT(n, 1);
    project_list_free(v, n);
    store_close(st);
}

int main(void)
{
    setenv("BATON_NOW", "2027-02-15T09:00:00Z", 1);
    tmp = check_tmpdir();
    RUN(test_periods_parse_normalise_and_refuse);
    RUN(test_elapsed_and_within);
    RUN(test_indicator_progress_moves_from_baseline_toward_target);
    RUN(test_health_rule_numbers);
    RUN(test_progress_rolls_up_from_key_results_and_children);
    RUN(test_checkin_of_four_turns_an_objective_at_risk);
    RUN(test_parents_refuse_cycles);
    RUN(test_rights_leads_admins_owners_viewers);
    RUN(test_stale_edit_is_a_conflict_and_changes_are_audited);
    RUN(test_unaligned_projects_and_serves);
    free(tmp);
    return check_report();
}
