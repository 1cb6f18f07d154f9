/*
 * Departments and people: adding, editing with audit rows and version
 * checks, listing windows and sorts, and the department roll-up.
 */
#include <sqlite3.h>
#include <stdint.h>

#include "../check.h"
#include "baton/department.h"
#include "baton/event.h"
#include "baton/store.h"
#include "baton/str.h"

static char *tmp;
static int seq;

static struct store *fresh(char **path_out)
{
    char *p = xasprintf("%s/d%d.db", tmp, ++seq);
    struct store *st = NULL;
    struct err e;
    err_clear(&e);
    if (store_open(&st, p, STORE_CREATE, &e) != 0) {
        fprintf(stderr, "store_open: %s\n", e.msg);
        exit(2);
    }
    store_set_actor(st, "alice");
    if (path_out)
        *path_out = p;
    else
        free(p);
    return st;
}

static int add_dept(struct store *st, const char *key, const char *name, int order)
{
    struct department d = {.key = (char *)key, .name = (char *)name, .sort_order = order};
    struct err e;
    err_clear(&e);
    int rc = department_add(st, &d, &e);
    if (rc)
        fprintf(stderr, "department_add %s: %s\n", key, e.msg);
    return rc;
}

static void raw_exec(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "raw_exec: %s\n", msg ? msg : "?");
        CHECK(!"raw sql failed");
    }
    sqlite3_free(msg);
    sqlite3_close(db);
}

static void test_add_get_and_create_event(void)
{
    struct store *st = fresh(NULL);
    struct err e;
    err_clear(&e);
    struct department d = {.key = "ENG", .name = "Engineering", .lead = "alice", .sort_order = 3};
    CHECK_INT(department_add(st, &d, &e), 0);
    struct department got;
    CHECK_INT(department_get(st, "ENG", &got, &e), 0);
    CHECK_STR(got.key, "ENG");
    CHECK_STR(got.name, "Engineering");
    CHECK_STR(got.lead, "alice");
    CHECK_INT(got.sort_order, 3);
    CHECK_INT(got.version, 1);
    CHECK_INT(got.health, HEALTH_UNKNOWN);
    department_fini(&got);

    struct event *ev = NULL;
    size_t n = 0;
    CHECK_INT(event_list(st, "department", "ENG", NULL, 0, &ev, &n, &e), 0);
    CHECK_INT(n, 1);
    if (n == 1) {
        CHECK_STR(ev[0].action, "create");
        CHECK_STR(ev[0].actor, "alice");
        CHECK_STR(ev[0].entity_key, "ENG");
        CHECK_STR(ev[0].new_value, "Engineering");
    }
    event_list_free(ev, n);

    CHECK_INT(department_add(st, &d, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "department ENG already exists");
    struct department bad = {.key = "BAD KEY", .name = "x"};
    CHECK_INT(department_add(st, &bad, &e), -ERR_USAGE);
    struct department noname = {.key = "X"};
    CHECK_INT(department_add(st, &noname, &e), -ERR_USAGE);
    CHECK_INT(department_get(st, "ENGG", &got, &e), -ERR_USAGE);
    CHECK_STR(e.msg, "no department ENGG (did you mean ENG?)");
    store_close(st);
}

static void test_update_writes_one_event_per_changed_field(void)
{
    struct store *st = fresh(NULL);
    struct err e;
    err_clear(&e);
    CHECK_INT(add_dept(st, "ENG", "Eng", 1), 0);
    struct department d;
    CHECK_INT(department_get(st, "ENG", &d, &e), 0);
    str_replace(&d.name, "Engineering");
    str_replace(&d.lead, "bob");
    store_set_actor(st, "bob");
    CHECK_INT(department_update(st, &d, &e), 0);
    department_fini(&d);

    struct event *ev = NULL;
    size_t n = 0;
    CHECK_INT(event_list(st, "department", "ENG", NULL, 0, &ev, &n, &e), 0);
    CHECK_INT(n, 3); /* create, name, lead */
    int seen = 0;
    for (size_t i = 0; i < n; i++) {
        if (str_eq(ev[i].field, "name")) {
            CHECK_STR(ev[i].action, "update");
            CHECK_STR(ev[i].actor, "bob");
            CHECK_STR(ev[i].old_value, "Eng");
            CHECK_STR(ev[i].new_value, "Engineering");
            seen++;
        } else if (str_eq(ev[i].field, "lead")) {
            CHECK(ev[i].old_value == NULL);
            CHECK_STR(ev[i].new_value, "bob");
            seen++;
        }
    }
    CHECK_INT(seen, 2);
    event_list_free(ev, n);

    CHECK_INT(department_get(st, "ENG", &d, &e), 0);
    CHECK_INT(d.version, 2);
    CHECK_STR(d.name, "Engineering");
    /* Saving what is already there changes nothing. */
    CHECK_INT(department_update(st, &d, &e), 0);
    department_fini(&d);
    CHECK_INT(department_get(st, "ENG", &d, &e), 0);
    CHECK_INT(d.version, 2);
    department_fini(&d);
    CHECK_INT(event_list(st, "department", "ENG", NULL, 0, &ev, &n, &e), 0);
    CHECK_INT(n, 3);
    event_list_free(ev, n);
    store_close(st);
}

static void test_stale_version_is_a_conflict_naming_the_changer(void)
{
    char *path = NULL;
    struct store *alice = fresh(&path);
    struct store *bob = NULL;
    struct err e;
    err_clear(&e);
    CHECK_INT(store_open(&bob, path, 0, &e), 0);
    store_set_actor(bob, "bob");
    CHECK_INT(add_dept(alice, "ENG", "Eng", 1), 0);

    struct department mine, theirs;
    CHECK_INT(department_get(alice, "ENG", &mine, &e), 0);
    CHECK_INT(department_get(bob, "ENG", &theirs, &e), 0);
    setenv("BATON_NOW", "2026-11-26T09:01:00Z", 1);
    str_replace(&theirs.name, "Engineering");
    CHECK_INT(department_update(bob, &theirs, &e), 0);
    unsetenv("BATON_NOW");

    str_replace(&mine.lead, "carol");
    CHECK_INT(department_update(alice, &mine, &e), -ERR_CONFLICT);
    CHECK_STR(e.msg, "department ENG was changed by bob at 2026-11-26T09:01:00Z (name: 'Eng' -> "
                     "'Engineering'); reload and try again");
    struct department now;
    CHECK_INT(department_get(alice, "ENG", &now, &e), 0);
    CHECK_STR(now.name, "Engineering");
    CHECK(now.lead == NULL);
    department_fini(&now);

    /* Version 0 skips the check. */
    mine.version = 0;
    CHECK_INT(department_update(alice, &mine, &e), 0);
    department_fini(&mine);
    department_fini(&theirs);
    store_close(bob);
    store_close(alice);
    free(path);
}

static void test_list_sorts_filters_and_windows(void)
{
    struct store *st = fresh(NULL);
    struct err e;
    err_clear(&e);
    CHECK_INT(add_dept(st, "OPS", "Operations", 2), 0);
    CHECK_INT(add_dept(st, "ENG", "Engineering", 3), 0);
    CHECK_INT(add_dept(st, "FIN", "Finance", 1), 0);
    CHECK_INT(add_dept(st, "SALES", "Sales and Marketing", 4), 0);

    struct department *v = NULL;
    size_t n = 0;
    struct query q = {0};
    CHECK_INT(department_list(st, &q, &v, &n, &e), 0);
    CHECK_INT(n, 4);
    if (n == 4) {
        CHECK_STR(v[0].key, "FIN");
        CHECK_STR(v[1].key, "OPS");
        CHECK_STR(v[2].key, "ENG");
        CHECK_STR(v[3].key, "SALES");
    }
    department_list_free(v, n);

    q.sort = DEPT_SORT_KEY;
    q.desc = true;
    q.offset = 1;
    q.limit = 2;
    CHECK_INT(department_list(st, &q, &v, &n, &e), 0);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(v[0].key, "OPS");
        CHECK_STR(v[1].key, "FIN");
    }
    department_list_free(v, n);

    struct query text = {.text = "ing", .sort = DEPT_SORT_NAME};
    CHECK_INT(department_list(st, &text, &v, &n, &e), 0);
    CHECK_INT(n, 2); /* Engineering, Sales and Marketing */
    if (n == 2) {
        CHECK_STR(v[0].key, "ENG");
        CHECK_STR(v[1].key, "SALES");
    }
    department_list_free(v, n);
    int64_t count = 0;
    CHECK_INT(department_count(st, &text, &count, &e), 0);
    CHECK_INT(count, 2);
    CHECK_INT(department_count(st, NULL, &count, &e), 0);
    CHECK_INT(count, 4);
    struct query one = {.dept = "OPS"};
    CHECK_INT(department_count(st, &one, &count, &e), 0);
    CHECK_INT(count, 1);
    store_close(st);
}

/* Projects, blockers and indicators are written straight into the tables
 * so that the roll-up is checked against the rules, not against the code
 * that writes them. */
static void test_rollup_follows_projects_blockers_and_indicators(void)
{
    char *path = NULL;
    struct store *st = fresh(&path);
    struct err e;
    err_clear(&e);
    CHECK_INT(add_dept(st, "ENG", "Engineering", 1), 0);
    CHECK_INT(add_dept(st, "FIN", "Finance", 2), 0);
    CHECK_INT(add_dept(st, "OPS", "Operations", 3), 0);
    CHECK_INT(add_dept(st, "HR", "People", 4), 0);
    raw_exec(path,
             "INSERT INTO project (id, key, title, department_id, status, progress, due) VALUES"
             " (1, 'ENG-1', 'Billing', (SELECT id FROM department WHERE key='ENG'), 'active', 10,"
             "  '2026-11-20'),"                                     /* overdue: red */
             " (2, 'ENG-2', 'Portal', (SELECT id FROM department WHERE key='ENG'), 'done', 100,"
             "  '2026-01-01'),"                                     /* done: not counted */
             " (3, 'FIN-1', 'Audit', (SELECT id FROM department WHERE key='FIN'), 'active', 50,"
             "  '2027-06-01'),"                                     /* sev-2 blocker: amber */
             " (4, 'OPS-1', 'Move', (SELECT id FROM department WHERE key='OPS'), 'active', 90,"
             "  '2026-11-28');"                                     /* due soon, 90 %: green */
             "INSERT INTO blocker (key, project_id, title, state, severity, waiting_on_id,"
             " raised_by, raised_at, updated_at) VALUES"
             " ('B-1', 3, 'VAT rules', 'accepted', 2, (SELECT id FROM department WHERE key='OPS'),"
             "  'alice', '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z'),"
             " ('B-2', 3, 'Signature', 'new', NULL, NULL, 'alice', '2026-11-02T00:00:00Z',"
             "  '2026-11-02T00:00:00Z'),"
             " ('B-3', 3, 'Old', 'resolved', 1, NULL, 'alice', '2026-10-01T00:00:00Z',"
             "  '2026-10-02T00:00:00Z'),"
             " ('B-4', 4, 'Self', 'new', 3, (SELECT id FROM department WHERE key='OPS'),"
             "  'alice', '2026-11-03T00:00:00Z', '2026-11-03T00:00:00Z');"
             "INSERT INTO indicator (id, key, name, department_id, direction, target, amber, red)"
             " VALUES (1, 'churn', 'Churn', (SELECT id FROM department WHERE key='HR'), 'down',"
             "  2, 3, 5),"
             " (2, 'cash', 'Cash', (SELECT id FROM department WHERE key='OPS'), 'up', 10, NULL,"
             "  NULL);"
             "INSERT INTO reading (indicator_id, at, value) VALUES"
             " (1, '2026-10-01T00:00:00Z', 9), (1, '2026-11-01T00:00:00Z', 4),"
             " (2, '2026-11-01T00:00:00Z', 12);");
    setenv("BATON_NOW", "2026-11-26T09:00:00Z", 1);
    struct department d;
    CHECK_INT(department_get(st, "ENG", &d, &e), 0);
    CHECK_INT(d.health, HEALTH_RED);
    CHECK_INT(d.projects_at_risk, 1);
    CHECK_INT(d.open_blockers, 0);
    department_fini(&d);

    CHECK_INT(department_get(st, "FIN", &d, &e), 0);
    CHECK_INT(d.health, HEALTH_AMBER);
    CHECK_INT(d.projects_at_risk, 1);
    CHECK_INT(d.open_blockers, 2); /* B-1, B-2; B-3 is resolved */
    CHECK_INT(d.new_blockers, 1);
    department_fini(&d);

    CHECK_INT(department_get(st, "OPS", &d, &e), 0);
    CHECK_INT(d.health, HEALTH_GREEN);
    CHECK_INT(d.projects_at_risk, 0);
    CHECK_INT(d.open_blockers, 2); /* B-1 waits on OPS; B-4 is its own, counted once */
    CHECK_INT(d.new_blockers, 1);
    CHECK_INT(d.indicators_off, 0);
    department_fini(&d);

    CHECK_INT(department_get(st, "HR", &d, &e), 0);
    CHECK_INT(d.health, HEALTH_AMBER); /* latest churn 4: above amber 3, below red 5 */
    CHECK_INT(d.indicators_off, 1);
    department_fini(&d);

    /* Worst first. */
    struct department *v = NULL;
    size_t n = 0;
    struct query q = {.sort = DEPT_SORT_HEALTH};
    CHECK_INT(department_list(st, &q, &v, &n, &e), 0);
    CHECK_INT(n, 4);
    if (n == 4) {
        CHECK_STR(v[0].key, "ENG");
        CHECK_STR(v[1].key, "FIN");
        CHECK_STR(v[2].key, "HR");
        CHECK_STR(v[3].key, "OPS");
    }
    department_list_free(v, n);

    /* A week earlier ENG-1 was not overdue yet, but due within 7 days at 10 %. */
    setenv("BATON_NOW", "2026-11-15T09:00:00Z", 1);
    CHECK_INT(department_get(st, "ENG", &d, &e), 0);
    CHECK_INT(d.health, HEALTH_AMBER);
    department_fini(&d);
    unsetenv("BATON_NOW");
    store_close(st);
    free(path);
}

static void test_people_add_list_update(void)
{
    struct store *st = fresh(NULL);
    struct err e;
    err_clear(&e);
    CHECK_INT(add_dept(st, "ENG", "Engineering", 1), 0);
    CHECK_INT(add_dept(st, "OPS", "Operations", 2), 0);
    struct person alice = {.login = "alice", .name = "Alice Martin", .department = "ENG",
                           .title = "Head of Engineering"};
    struct person bob = {.login = "bob", .name = "Bob Stone", .department = "OPS"};
    struct person carl = {.login = "carl", .name = "Carl Berg", .department = "ENG"};
    CHECK_INT(person_add(st, &alice, &e), 0);
    CHECK_INT(person_add(st, &bob, &e), 0);
    CHECK_INT(person_add(st, &carl, &e), 0);
    CHECK_INT(person_add(st, &bob, &e), -ERR_USAGE);
    struct person ghost = {.login = "ghost", .name = "G", .department = "NOPE"};
    CHECK_INT(person_add(st, &ghost, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "no department NOPE");

    struct person *v = NULL;
    size_t n = 0;
    struct query q = {.dept = "ENG", .sort = PERSON_SORT_NAME};
    CHECK_INT(person_list(st, &q, &v, &n, &e), 0);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(v[0].login, "alice");
        CHECK_STR(v[1].login, "carl");
        CHECK_STR(v[0].department, "ENG");
        CHECK_STR(v[0].title, "Head of Engineering");
    }
    person_list_free(v, n);
    struct query text = {.text = "STONE"};
    CHECK_INT(person_list(st, &text, &v, &n, &e), 0);
    CHECK_INT(n, 1);
    if (n == 1)
        CHECK_STR(v[0].login, "bob");
    person_list_free(v, n);

    struct person p;
    CHECK_INT(person_get(st, "bob", &p, &e), 0);
    CHECK_INT(p.version, 1);
    str_replace(&p.department, "ENG");
    CHECK_INT(person_update(st, &p, &e), 0);
    struct event *ev = NULL;
    size_t ne = 0;
    CHECK_INT(event_list(st, "person", "bob", NULL, 1, &ev, &ne, &e), 0);
    CHECK_INT(ne, 1);
    if (ne == 1) {
        CHECK_STR(ev[0].field, "department");
        CHECK_STR(ev[0].old_value, "OPS");
        CHECK_STR(ev[0].new_value, "ENG");
    }
    event_list_free(ev, ne);
    /* p still holds version 1: stale now. */
    str_replace(&p.name, "Robert Stone");
    CHECK_INT(person_update(st, &p, &e), -ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "person bob was changed by alice");
    CHECK_CONTAINS(e.msg, "department: 'OPS' -> 'ENG'");
    person_fini(&p);
    CHECK_INT(person_get(st, "bobb", &p, &e), -ERR_USAGE);
    CHECK_STR(e.msg, "no person bobb (did you mean bob?)");
    store_close(st);
}

int main(void)
{
    tmp = check_tmpdir();
    RUN(test_add_get_and_create_event);
    RUN(test_update_writes_one_event_per_changed_field);
    RUN(test_stale_version_is_a_conflict_naming_the_changer);
    RUN(test_list_sorts_filters_and_windows);
    RUN(test_rollup_follows_projects_blockers_and_indicators);
    RUN(test_people_add_list_update);
    free(tmp);
    return check_report();
}
