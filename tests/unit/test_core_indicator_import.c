/*
 * Importing readings: many indicators in one transaction, replacements
 * counted and audited, errors naming the row (FILE:LINE or FILE:LINE:COL)
 * with a suggestion for a mistyped key, nothing written when any row is
 * wrong; and who may record, define and retarget indicators.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "fixture.h"
#include "baton/department.h"
#include "baton/event.h"
#include "baton/indicator.h"
#include "baton/store.h"

static char *tmp;

static struct store *fresh(void)
{
    struct store *st = fixture_store(tmp, "m", NULL);
    struct err e = {0};
    struct department d = {.key = "SALES", .name = "Sales"};
    struct indicator churn = {.key = "churn", .name = "Churn", .department = "SALES",
                              .direction = DIRECTION_DOWN};
    struct indicator nps = {.key = "nps", .name = "NPS"};
    if (department_add(st, &d, &e) || indicator_add(st, &churn, &e) ||
        indicator_add(st, &nps, &e)) {
        fprintf(stderr, "set-up: %s\n", e.msg);
        exit(2);
    }
    return st;
}

static size_t count_readings(struct store *st, const char *key)
{
    struct reading *v = NULL;
    size_t n = 0;
    struct err e = {0};
    if (indicator_readings(st, key, NULL, 0, &v, &n, &e) != 0)
        return (size_t)-1;
    reading_list_free(v, n);
    return n;
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

#define ROW(k, a, v, l) {.key = (char *)(k), .at = (char *)(a), .value = (v), .line = (l)}

static void test_import_counts_added_replaced_unchanged(void)
{
    struct store *st = fresh();
    struct err e = {0};
    struct reading_in rows[] = {
        ROW("churn", "2026-11-01", 2.7, 2),
        ROW("churn", "2026-11-02T00:00:00Z", 2.9, 3),
        ROW("nps", "2026-11-01", 40, 4),
        ROW("churn", "2026-11-01T00:00Z", 2.5, 5), /* the same time as line 2 */
    };
    struct indicator_import_stats s = {0};
    CHECK_INT(indicator_import(st, "r.csv", rows, 4, &s, &e), 0);
    CHECK_INT(s.added, 3);
    CHECK_INT(s.replaced, 1);
    CHECK_INT(s.unchanged, 0);
    CHECK_INT(count_readings(st, "churn"), 2);
    CHECK_INT(count_readings(st, "nps"), 1);
    struct indicator got = {0};
    CHECK_INT(indicator_get(st, "churn", &got, &e), 0);
    CHECK(got.value == 2.9);
    indicator_fini(&got);
    /* Again: everything is already there. */
    size_t events = count_events(st);
    CHECK_INT(indicator_import(st, "r.csv", rows + 1, 3, &s, &e), 0);
    CHECK_INT(s.added, 0);
    CHECK_INT(s.replaced, 0);
    CHECK_INT(s.unchanged, 3);
    CHECK_INT(count_events(st), events);
    /* A new value at a known time replaces it, with an audit row. */
    struct reading_in again[] = {ROW("nps", "2026-11-01", 42, 1)};
    CHECK_INT(indicator_import(st, "r.csv", again, 1, &s, &e), 0);
    CHECK_INT(s.replaced, 1);
    CHECK_INT(count_events(st), events + 1);
    store_close(st);
}

/* Each bad row fails the whole file, naming its line; nothing is written. */
static void test_any_bad_row_writes_nothing(void)
{
    struct store *st = fresh();
    struct err e = {0};
    struct reading_in good = ROW("churn", "2026-11-01", 2.7, 2);
    const struct {
        struct reading_in bad;
        const char *want;
    } cases[] = {
        {ROW("chrun", "2026-11-02", 1, 7), "r.csv:7: no indicator 'chrun' (did you mean 'churn'?)"},
        {ROW("zzzzzz", "2026-11-02", 1, 8), "r.csv:8: no indicator 'zzzzzz'"},
        {ROW("churn", "2026-02-30", 1, 9), "r.csv:9: '2026-02-30' is not a time"},
        {ROW("churn", "soon", 1, 10), "r.csv:10: 'soon' is not a time"},
        {ROW("churn", "2026-11-02", NAN, 11), "r.csv:11: a reading must be a finite number"},
        {ROW("churn", "2026-11-02", INFINITY, 12), "r.csv:12: a reading must be a finite number"},
        {ROW("", "2026-11-02", 1, 13), "r.csv:13: a reading needs an indicator key"},
        {ROW("churn", NULL, 1, 14), "r.csv:14: a reading needs a time"},
        {{.key = "nps", .at = "x", .value = 1, .line = 3, .col = 5}, "r.csv:3:5: 'x' is not a time"},
    };
    size_t events = count_events(st);
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct reading_in rows[] = {good, ROW("nps", "2026-11-01", 40, 3), cases[k].bad,
                                    ROW("nps", "2026-11-03", 41, 20)};
        struct indicator_import_stats s = {.added = 99};
        CHECK_INT(indicator_import(st, "r.csv", rows, 4, &s, &e), -ERR_USAGE);
        CHECK_CONTAINS(e.msg, cases[k].want);
        CHECK_INT(s.added, 0);
        CHECK_INT(count_readings(st, "churn"), 0);
        CHECK_INT(count_readings(st, "nps"), 0);
        CHECK_INT(count_events(st), events);
    }
    store_close(st);
}

static void test_rights_for_readings_definitions_and_targets(void)
{
    struct store *st = fresh();
    struct err e = {0};
    struct reading_in rows[] = {ROW("churn", "2026-11-01", 2.7, 2)};
    struct indicator_target t = {.has_target = true, .target = 2};

    store_set_rights(st, ROLE_VIEWER, NULL, 0);
    CHECK_INT(indicator_record(st, "churn", "2026-11-01", 1, NULL, &e), -ERR_DENIED);
    CHECK_INT(indicator_import(st, "r.csv", rows, 1, NULL, &e), -ERR_DENIED);
    CHECK_CONTAINS(e.msg, "r.csv:2: ");
    CHECK_INT(count_readings(st, "churn"), 0);

    store_set_rights(st, ROLE_MEMBER, NULL, 0);
    CHECK_INT(indicator_record(st, "churn", "2026-11-01", 1, NULL, &e), 0);
    CHECK_INT(indicator_import(st, "r.csv", rows, 1, NULL, &e), 0);
    CHECK_INT(indicator_set_target(st, "churn", NULL, &t, &e), -ERR_DENIED);
    struct indicator mine = {.key = "wins", .name = "Wins", .department = "SALES"};
    CHECK_INT(indicator_add(st, &mine, &e), -ERR_DENIED);

    const char *lead_of[] = {"SALES"};
    store_set_rights(st, ROLE_MEMBER, lead_of, 1);
    CHECK_INT(indicator_set_target(st, "churn", NULL, &t, &e), 0);
    CHECK_INT(indicator_add(st, &mine, &e), 0);
    /* Company-wide indicators are the admins'. */
    CHECK_INT(indicator_set_target(st, "nps", NULL, &t, &e), -ERR_DENIED);
    struct indicator company = {.key = "cash", .name = "Cash"};
    CHECK_INT(indicator_add(st, &company, &e), -ERR_DENIED);
    struct indicator cur = {0};
    CHECK_INT(indicator_get(st, "wins", &cur, &e), 0);
    free(cur.department);
    cur.department = NULL; /* moving it company-wide */
    CHECK_INT(indicator_update(st, &cur, &e), -ERR_DENIED);
    indicator_fini(&cur);

    store_set_rights(st, ROLE_ADMIN, NULL, 0);
    CHECK_INT(indicator_add(st, &company, &e), 0);
    store_close(st);
}

int main(void)
{
    setenv("BATON_NOW", "2026-11-26T09:00:00Z", 1);
    tmp = check_tmpdir();
    RUN(test_import_counts_added_replaced_unchanged);
    RUN(test_any_bad_row_writes_nothing);
    RUN(test_rights_for_readings_definitions_and_targets);
    return check_report();
}
