/*
 * Indicators: status in both directions with and without thresholds (and
 * the SQL ordering agreeing with it), edits with audit rows and version
 * checks, readings (replace at the same time, bad input), latest and
 * previous values, staleness, sparklines and windowed lists.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "fixture.h"
#include "baton/department.h"
#include "baton/event.h"
#include "baton/indicator.h"
#include "baton/store.h"

#define NOW "2026-11-26T09:00:00Z"

static char *tmp;

static struct store *fresh(void)
{
    struct store *st = fixture_store(tmp, "i", NULL);
    struct department d[] = {
        {.key = "SALES", .name = "Sales", .sort_order = 1},
        {.key = "FIN", .name = "Finance", .sort_order = 2},
    };
    fixture_departments(st, d, 2);
    return st;
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

struct status_case {
    enum direction dir;
    bool has_target, has_amber, has_red;
    double target, amber, red, value;
    enum health want;
};

static const struct status_case cases[] = {
    /* higher is better, thresholds: red below red, amber below amber */
    {DIRECTION_UP, true, true, true, 100, 80, 50, 120, HEALTH_GREEN},
    {DIRECTION_UP, true, true, true, 100, 80, 50, 80, HEALTH_GREEN},
    {DIRECTION_UP, true, true, true, 100, 80, 50, 79, HEALTH_AMBER},
    {DIRECTION_UP, true, true, true, 100, 80, 50, 50, HEALTH_AMBER},
    {DIRECTION_UP, true, true, true, 100, 80, 50, 49.9, HEALTH_RED},
    {DIRECTION_UP, false, false, true, 0, 0, 50, 60, HEALTH_GREEN},
    {DIRECTION_UP, false, false, true, 0, 0, 50, 40, HEALTH_RED},
    /* lower is better mirrors it (churn: target 2, amber 3, red 5) */
    {DIRECTION_DOWN, true, true, true, 2, 3, 5, 1.5, HEALTH_GREEN},
    {DIRECTION_DOWN, true, true, true, 2, 3, 5, 3, HEALTH_GREEN},
    {DIRECTION_DOWN, true, true, true, 2, 3, 5, 3.1, HEALTH_AMBER},
    {DIRECTION_DOWN, true, true, true, 2, 3, 5, 5, HEALTH_AMBER},
    {DIRECTION_DOWN, true, true, true, 2, 3, 5, 5.1, HEALTH_RED},
    {DIRECTION_DOWN, false, true, false, 0, 3, 0, 4, HEALTH_AMBER},
    /* without thresholds: green at or beyond the target, red short of it */
    {DIRECTION_UP, true, false, false, 10, 0, 0, 10, HEALTH_GREEN},
    {DIRECTION_UP, true, false, false, 10, 0, 0, 11, HEALTH_GREEN},
    {DIRECTION_UP, true, false, false, 10, 0, 0, 9.99, HEALTH_RED},
    {DIRECTION_DOWN, true, false, false, 10, 0, 0, 10, HEALTH_GREEN},
    {DIRECTION_DOWN, true, false, false, 10, 0, 0, 9, HEALTH_GREEN},
    {DIRECTION_DOWN, true, false, false, 10, 0, 0, 10.01, HEALTH_RED},
    /* nothing to judge by */
    {DIRECTION_UP, false, false, false, 0, 0, 0, -5, HEALTH_GREEN},
};
#define N_CASES (sizeof cases / sizeof cases[0])

static struct indicator from_case(const struct status_case *c, char *key)
{
    return (struct indicator){.key = key, .name = key, .direction = c->dir,
                              .has_target = c->has_target, .has_amber = c->has_amber,
                              .has_red = c->has_red, .target = c->target, .amber = c->amber,
                              .red = c->red};
}

static void test_status_in_both_directions(void)
{
    for (size_t i = 0; i < N_CASES; i++) {
        struct indicator ind = from_case(&cases[i], "x");
        enum health got = indicator_status(&ind, cases[i].value);
        if (got != cases[i].want)
            fprintf(stderr, "  case %zu: %s %g\n", i, direction_name(cases[i].dir),
                    cases[i].value);
        CHECK_INT(got, cases[i].want);
    }
}

/* Sorting by status happens in SQL: it must agree with indicator_status. */
static void test_sql_status_order_agrees(void)
{
    struct store *st = fresh();
    struct err e = {0};
    for (size_t i = 0; i < N_CASES; i++) {
        char key[16];
        snprintf(key, sizeof key, "k%02zu", i);
        struct indicator ind = from_case(&cases[i], key);
        CHECK_INT(indicator_add(st, &ind, &e), 0);
        CHECK_INT(indicator_record(st, key, "2026-11-20", cases[i].value, NULL, &e), 0);
    }
    struct indicator none = {.key = "nodata", .name = "No data yet"};
    CHECK_INT(indicator_add(st, &none, &e), 0);
    struct query q = {.sort = IND_SORT_STATUS};
    struct indicator *v = NULL;
    size_t n = 0;
    CHECK_INT(indicator_list(st, &q, &v, &n, &e), 0);
    CHECK_INT(n, N_CASES + 1);
    /* Worst first: red, amber, green, then no reading. */
    static const int rank[] = {[HEALTH_RED] = 0, [HEALTH_AMBER] = 1, [HEALTH_GREEN] = 2,
                               [HEALTH_UNKNOWN] = 3};
    for (size_t i = 0; i < n; i++) {
        size_t c;
        if (sscanf(v[i].key, "k%zu", &c) == 1 && c < N_CASES)
            CHECK_INT(v[i].status, cases[c].want);
        if (i > 0 && rank[v[i].status] < rank[v[i - 1].status])
            fprintf(stderr, "  %s (%s) after %s (%s)\n", v[i].key, health_name(v[i].status),
                    v[i - 1].key, health_name(v[i - 1].status));
        if (i > 0)
            CHECK(rank[v[i].status] >= rank[v[i - 1].status]);
    }
    if (n)
        CHECK_STR(v[n - 1].key, "nodata");
    if (n)
        CHECK_INT(v[n - 1].status, HEALTH_UNKNOWN);
    indicator_list_free(v, n);
    store_close(st);
}

static void test_add_update_and_versions(void)
{
    struct store *st = fresh();
    struct err e = {0};
    struct indicator i = {.key = "churn", .name = "Monthly churn", .department = "NOPE",
                          .unit = "%", .direction = DIRECTION_DOWN, .has_target = true,
                          .target = 2};
    CHECK_INT(indicator_add(st, &i, &e), -ERR_USAGE);
    CHECK_STR(e.msg, "no department NOPE");
    i.department = "SALES";
    i.format = "bananas";
    CHECK_INT(indicator_add(st, &i, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "bananas");
    i.format = "percent";
    CHECK_INT(indicator_add(st, &i, &e), 0);
    CHECK_INT(indicator_add(st, &i, &e), -ERR_USAGE);
    CHECK_STR(e.msg, "indicator churn exists");

    struct indicator got;
    CHECK_INT(indicator_get(st, "churn", &got, &e), 0);
    CHECK_STR(got.department, "SALES");
    CHECK_STR(got.format, "percent");
    CHECK_INT(got.direction, DIRECTION_DOWN);
    CHECK(got.has_target && !got.has_amber && !got.has_red);
    CHECK(!got.has_value);
    CHECK_INT(got.status, HEALTH_UNKNOWN);
    CHECK_INT(got.version, 1);

    size_t before = count_events(st);
    CHECK_INT(indicator_update(st, &got, &e), 0); /* unchanged */
    CHECK_INT(count_events(st), before);
    got.has_amber = true;
    got.amber = 3;
    got.target = 2.5;
    CHECK_INT(indicator_update(st, &got, &e), 0);
    CHECK_INT(count_events(st), before + 2);
    struct event *ev = NULL;
    size_t n = 0;
    CHECK_INT(event_list(st, "indicator", "churn", NULL, 2, &ev, &n, &e), 0);
    int seen = 0;
    for (size_t k = 0; k < n; k++) {
        if (strcmp(ev[k].field, "amber") == 0) {
            CHECK_STR(ev[k].old_value, NULL);
            CHECK_STR(ev[k].new_value, "3");
            seen++;
        }
        if (strcmp(ev[k].field, "target") == 0) {
            CHECK_STR(ev[k].old_value, "2");
            CHECK_STR(ev[k].new_value, "2.5");
            seen++;
        }
    }
    CHECK_INT(seen, 2);
    event_list_free(ev, n);

    /* got.version is now stale. */
    before = count_events(st);
    str_replace(&got.name, "Churn");
    CHECK_INT(indicator_update(st, &got, &e), -ERR_CONFLICT);
    CHECK_INT(count_events(st), before);
    indicator_fini(&got);
    CHECK_INT(indicator_get(st, "churn", &got, &e), 0);
    CHECK_STR(got.name, "Monthly churn");
    CHECK_INT(got.version, 2);
    indicator_fini(&got);
    CHECK_INT(indicator_get(st, "nope", &got, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "no indicator 'nope'");
    store_close(st);
}

static void test_record_replaces_at_the_same_time(void)
{
    struct store *st = fresh();
    struct err e = {0};
    struct indicator i = {.key = "revenue", .name = "Revenue", .has_target = true,
                          .target = 1e6};
    CHECK_INT(indicator_add(st, &i, &e), 0);
    CHECK_INT(indicator_record(st, "nope", NULL, 1, NULL, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "no indicator 'nope'");
    CHECK_INT(indicator_record(st, "revenue", "yesterday", 1, NULL, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "yesterday");

    CHECK_INT(indicator_record(st, "revenue", "2026-11-01", 1.2e6, "October", &e), 0);
    CHECK_INT(indicator_record(st, "revenue", NULL, 0.9e6, NULL, &e), 0);
    size_t before = count_events(st);
    /* The same instant written another way replaces the first reading. */
    CHECK_INT(indicator_record(st, "revenue", "2026-11-01T01:00:00+01:00", 1.25e6, "fixed", &e),
              0);
    CHECK_INT(count_events(st), before + 1);
    struct reading *r = NULL;
    size_t n = 0;
    CHECK_INT(indicator_readings(st, "revenue", NULL, 0, &r, &n, &e), 0);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(r[0].at, "2026-11-01T00:00:00Z");
        CHECK(r[0].value == 1.25e6);
        CHECK_STR(r[0].note, "fixed");
        CHECK_STR(r[0].recorded_by, "tester");
        CHECK_STR(r[1].at, NOW);
    }
    reading_list_free(r, n);
    struct event *ev = NULL;
    size_t ne = 0;
    CHECK_INT(event_list(st, "indicator", "revenue", NULL, 1, &ev, &ne, &e), 0);
    CHECK_INT(ne, 1);
    if (ne) {
        CHECK_STR(ev[0].action, "update");
        CHECK_STR(ev[0].field, "reading");
        CHECK_STR(ev[0].old_value, "1200000 at 2026-11-01T00:00:00Z");
        CHECK_STR(ev[0].new_value, "1250000 at 2026-11-01T00:00:00Z");
    }
    event_list_free(ev, ne);
    /* The very same reading again changes nothing. */
    before = count_events(st);
    CHECK_INT(indicator_record(st, "revenue", "2026-11-01", 1.25e6, "fixed", &e), 0);
    CHECK_INT(count_events(st), before);
    store_close(st);
}

static void test_latest_previous_and_stale(void)
{
    struct store *st = fresh();
    struct err e = {0};
    struct indicator i = {.key = "nps", .name = "NPS", .has_red = true, .red = 20,
                          .has_amber = true, .amber = 30, .stale_days = 5};
    CHECK_INT(indicator_add(st, &i, &e), 0);
    CHECK_INT(indicator_record(st, "nps", "2026-11-20T00:00:00Z", 25, NULL, &e), 0);
    CHECK_INT(indicator_record(st, "nps", "2026-11-01T00:00:00Z", 40, NULL, &e), 0);
    CHECK_INT(indicator_record(st, "nps", "2026-11-10T00:00:00Z", 35, NULL, &e), 0);
    struct indicator got;
    CHECK_INT(indicator_get(st, "nps", &got, &e), 0);
    CHECK(got.has_value);
    CHECK(got.value == 25);
    CHECK_STR(got.value_at, "2026-11-20T00:00:00Z");
    CHECK(got.has_prev);
    CHECK(got.prev == 35);
    CHECK_INT(got.status, HEALTH_AMBER);
    CHECK(got.stale); /* six days old, stale after five */
    got.stale_days = 7;
    CHECK_INT(indicator_update(st, &got, &e), 0);
    indicator_fini(&got);
    CHECK_INT(indicator_get(st, "nps", &got, &e), 0);
    CHECK(!got.stale);
    indicator_fini(&got);
    setenv("BATON_NOW", "2026-11-27T00:00:00Z", 1);
    CHECK_INT(indicator_get(st, "nps", &got, &e), 0);
    CHECK(!got.stale); /* exactly seven days: not older than that */
    indicator_fini(&got);
    setenv("BATON_NOW", "2026-11-27T00:00:01Z", 1);
    CHECK_INT(indicator_get(st, "nps", &got, &e), 0);
    CHECK(got.stale);
    indicator_fini(&got);
    setenv("BATON_NOW", NOW, 1);

    struct indicator one = {.key = "one", .name = "One reading"};
    CHECK_INT(indicator_add(st, &one, &e), 0);
    CHECK_INT(indicator_record(st, "one", "2020-01-01", 3, NULL, &e), 0);
    CHECK_INT(indicator_get(st, "one", &got, &e), 0);
    CHECK(got.has_value && !got.has_prev);
    CHECK(!got.stale); /* stale_days 0: never */
    indicator_fini(&got);
    store_close(st);
}

static void test_readings_and_spark(void)
{
    struct store *st = fresh();
    struct err e = {0};
    struct indicator i = {.key = "tickets", .name = "Open tickets"};
    CHECK_INT(indicator_add(st, &i, &e), 0);
    /* Recorded out of order: day d has value d. */
    const int days[] = {5, 1, 9, 3, 7, 2, 8, 4, 6, 10};
    for (size_t k = 0; k < 10; k++) {
        char at[32];
        snprintf(at, sizeof at, "2026-11-%02dT12:00:00Z", days[k]);
        CHECK_INT(indicator_record(st, "tickets", at, days[k], NULL, &e), 0);
    }
    double v[16];
    int got = -1;
    CHECK_INT(indicator_spark(st, "tickets", 4, v, &got, &e), 0);
    CHECK_INT(got, 4);
    for (int k = 0; k < got; k++)
        CHECK(v[k] == 7 + k);
    CHECK_INT(indicator_spark(st, "tickets", 16, v, &got, &e), 0);
    CHECK_INT(got, 10);
    for (int k = 0; k < got; k++)
        CHECK(v[k] == 1 + k);
    CHECK_INT(indicator_spark(st, "nope", 4, v, &got, &e), -ERR_USAGE);

    struct reading *r = NULL;
    size_t n = 0;
    CHECK_INT(indicator_readings(st, "tickets", NULL, 3, &r, &n, &e), 0);
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK_STR(r[0].at, "2026-11-08T12:00:00Z");
        CHECK_STR(r[2].at, "2026-11-10T12:00:00Z");
    }
    reading_list_free(r, n);
    CHECK_INT(indicator_readings(st, "tickets", "2026-11-06", 0, &r, &n, &e), 0);
    CHECK_INT(n, 5);
    if (n == 5)
        CHECK(r[0].value == 6);
    reading_list_free(r, n);
    CHECK_INT(indicator_readings(st, "tickets", "last week", 0, &r, &n, &e), -ERR_USAGE);
    store_close(st);
}

static char *keys_of(struct store *st, const struct query *q)
{
    struct indicator *v = NULL;
    size_t n = 0;
    struct err e = {0};
    if (indicator_list(st, q, &v, &n, &e) != 0) {
        fprintf(stderr, "indicator_list: %s\n", e.msg);
        return strdup("(error)");
    }
    struct strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < n; i++)
        sb_addf(&sb, "%s%s", i ? " " : "", v[i].key);
    indicator_list_free(v, n);
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
    struct indicator rows[] = {
        {.key = "revenue", .name = "Revenue", .department = "FIN"},
        {.key = "cash", .name = "Cash at hand", .department = "FIN"},
        {.key = "churn", .name = "Monthly churn", .department = "SALES"},
        {.key = "headcount", .name = "Headcount"},
        {.key = "deals", .name = "Deals won", .department = "SALES"},
    };
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++)
        CHECK_INT(indicator_add(st, &rows[k], &e), 0);
    struct query q = {0};
    /* Company-wide first, then departments in their order. */
    check_keys(st, &q, "headcount churn deals cash revenue");
    q.desc = true;
    check_keys(st, &q, "revenue cash deals churn headcount");
    q = (struct query){.sort = IND_SORT_KEY, .offset = 1, .limit = 2};
    check_keys(st, &q, "churn deals");
    q = (struct query){.sort = IND_SORT_NAME};
    check_keys(st, &q, "cash deals headcount churn revenue");
    q = (struct query){.sort = IND_SORT_KEY, .dept = "SALES"};
    check_keys(st, &q, "churn deals");
    int64_t n = 0;
    CHECK_INT(indicator_count(st, &q, &n, &e), 0);
    CHECK_INT(n, 2);
    q = (struct query){.sort = IND_SORT_KEY, .text = "CH"};
    check_keys(st, &q, "churn");
    q = (struct query){.sort = IND_SORT_KEY, .text = "WON"}; /* the name */
    check_keys(st, &q, "deals");
    CHECK_INT(indicator_count(st, NULL, &n, &e), 0);
    CHECK_INT(n, 5);
    store_close(st);
}

int main(void)
{
    setenv("BATON_NOW", NOW, 1);
    tmp = check_tmpdir();
    RUN(test_status_in_both_directions);
    RUN(test_sql_status_order_agrees);
    RUN(test_add_update_and_versions);
    RUN(test_record_replaces_at_the_same_time);
    RUN(test_latest_previous_and_stale);
    RUN(test_readings_and_spark);
    RUN(test_list_filters_sorts_and_windows);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmp);
    free(tmp);
    return check_report();
}
