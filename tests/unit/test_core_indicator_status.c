/*
 * Indicator status at every boundary, in both directions, with and without
 * thresholds; the C rule, the indicator's status (SQL), each reading's
 * status (SQL) and the department roll-up agreeing; targets that change
 * over time without recolouring history; threshold order refused on the
 * wrong side; no reading; staleness.
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
    struct store *st = fixture_store(tmp, "s", NULL);
    struct err e = {0};
    struct department d = {.key = "SALES", .name = "Sales", .sort_order = 1};
    if (department_add(st, &d, &e) != 0) {
        fprintf(stderr, "department_add: %s\n", e.msg);
        exit(2);
    }
    return st;
}

/* t, a, r: NAN-free flags say which thresholds exist. */
struct bcase {
    enum direction dir;
    bool ht, ha, hr;
    double t, a, r, v;
    enum health want;
};

#define UP DIRECTION_UP
#define DN DIRECTION_DOWN
#define G HEALTH_GREEN
#define A HEALTH_AMBER
#define R HEALTH_RED

static const struct bcase cases[] = {
    /* higher is better: red below red, amber below amber, green otherwise */
    {UP, true, true, true, 100, 80, 50, 150, G},
    {UP, true, true, true, 100, 80, 50, 100, G},  /* exactly on target */
    {UP, true, true, true, 100, 80, 50, 99.99, G}, /* short of target, above amber */
    {UP, true, true, true, 100, 80, 50, 80, G},   /* exactly on amber */
    {UP, true, true, true, 100, 80, 50, 79.99, A},
    {UP, true, true, true, 100, 80, 50, 50, A},   /* exactly on red */
    {UP, true, true, true, 100, 80, 50, 49.99, R},
    {UP, true, true, true, 100, 80, 50, -1e9, R},
    {UP, false, true, false, 0, 80, 0, 80, G},    /* amber only */
    {UP, false, true, false, 0, 80, 0, 79.5, A},
    {UP, false, false, true, 0, 0, 50, 50, G},    /* red only */
    {UP, false, false, true, 0, 0, 50, 49.5, R},
    {UP, true, false, false, 10, 0, 0, 10, G},    /* target only: at or beyond is green */
    {UP, true, false, false, 10, 0, 0, 9.99, R},
    {UP, true, false, false, 10, 0, 0, 11, G},
    {UP, false, false, false, 0, 0, 0, -5, G},    /* nothing to judge by */
    /* lower is better mirrors it (churn: target 2, amber 3, red 5) */
    {DN, true, true, true, 2, 3, 5, 1, G},
    {DN, true, true, true, 2, 3, 5, 2, G},        /* exactly on target */
    {DN, true, true, true, 2, 3, 5, 3, G},        /* exactly on amber */
    {DN, true, true, true, 2, 3, 5, 3.01, A},
    {DN, true, true, true, 2, 3, 5, 5, A},        /* exactly on red */
    {DN, true, true, true, 2, 3, 5, 5.01, R},
    {DN, false, true, false, 0, 3, 0, 3, G},
    {DN, false, true, false, 0, 3, 0, 3.5, A},
    {DN, false, false, true, 0, 0, 5, 5, G},
    {DN, false, false, true, 0, 0, 5, 6, R},
    {DN, true, false, false, 2, 0, 0, 2, G},
    {DN, true, false, false, 2, 0, 0, 2.01, R},
    {DN, true, false, false, 2, 0, 0, 0, G},
    {DN, true, true, true, 0, 0, 0, 0, G},        /* all three equal: on them is green */
    {DN, true, true, true, 0, 0, 0, 0.001, R},
};
#define N_CASES (sizeof cases / sizeof cases[0])

static struct indicator from_case(const struct bcase *c, char *key)
{
    return (struct indicator){.key = key, .name = key, .department = "SALES",
                              .direction = c->dir, .has_target = c->ht, .has_amber = c->ha,
                              .has_red = c->hr, .target = c->t, .amber = c->a, .red = c->r};
}

/* Each case alone in a department: C, SQL, each reading and the roll-up agree. */
static void test_every_boundary_in_c_sql_readings_and_rollup(void)
{
    for (size_t i = 0; i < N_CASES; i++) {
        struct store *st = fresh();
        struct err e = {0};
        char key[] = "kpi";
        struct indicator ind = from_case(&cases[i], key);
        enum health c_status = indicator_status(&ind, cases[i].v);
        CHECK_INT(indicator_add(st, &ind, &e), 0);
        CHECK_INT(indicator_record(st, key, "2026-11-20", cases[i].v, NULL, &e), 0);
        struct indicator got = {0};
        CHECK_INT(indicator_get(st, key, &got, &e), 0);
        struct reading *rv = NULL;
        size_t rn = 0;
        CHECK_INT(indicator_readings(st, key, NULL, 0, &rv, &rn, &e), 0);
        struct department d = {0};
        CHECK_INT(department_get(st, "SALES", &d, &e), 0);
        if (c_status != cases[i].want || got.status != cases[i].want || rn != 1 ||
            rv[0].status != cases[i].want)
            fprintf(stderr, "  case %zu: %s value %g: want %s, C %s, SQL %s, reading %s\n", i,
                    direction_name(cases[i].dir), cases[i].v, health_name(cases[i].want),
                    health_name(c_status), health_name(got.status),
                    rn ? health_name(rv[0].status) : "none");
        CHECK_INT(c_status, cases[i].want);
        CHECK_INT(got.status, cases[i].want);
        CHECK_INT(rn, 1);
        if (rn)
            CHECK_INT(rv[0].status, cases[i].want);
        CHECK_INT(d.indicators_off, cases[i].want >= HEALTH_AMBER ? 1 : 0);
        CHECK_INT(d.health, cases[i].want);
        department_fini(&d);
        reading_list_free(rv, rn);
        indicator_fini(&got);
        store_close(st);
    }
}

static void test_no_reading_is_unknown_and_never_stale(void)
{
    struct store *st = fresh();
    struct err e = {0};
    struct indicator ind = {.key = "quiet", .name = "Quiet", .has_target = true, .target = 1,
                            .stale_days = 1};
    CHECK_INT(indicator_add(st, &ind, &e), 0);
    struct indicator got = {0};
    CHECK_INT(indicator_get(st, "quiet", &got, &e), 0);
    CHECK_INT(got.status, HEALTH_UNKNOWN);
    CHECK(!got.has_value);
    CHECK(!got.stale);
    indicator_fini(&got);
    store_close(st);
}

static void test_stale_after_its_limit_only(void)
{
    struct store *st = fresh();
    struct err e = {0};
    struct indicator ind = {.key = "weekly", .name = "Weekly", .stale_days = 7};
    CHECK_INT(indicator_add(st, &ind, &e), 0);
    struct indicator never = {.key = "never", .name = "Never stale", .stale_days = 0};
    CHECK_INT(indicator_add(st, &never, &e), 0);
    CHECK_INT(indicator_record(st, "never", "2020-01-01", 1, NULL, &e), 0);
    const struct {
        const char *at;
        bool stale;
    } steps[] = {
        {"2026-11-18T09:00:00Z", true},  /* 8 days before now */
        {"2026-11-19T09:00:00Z", false}, /* exactly 7 days: not older than the limit */
        {"2026-11-20T09:00:00Z", false}, /* 6 days */
    };
    for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++) {
        CHECK_INT(indicator_record(st, "weekly", steps[k].at, 5, NULL, &e), 0);
        struct indicator got = {0};
        CHECK_INT(indicator_get(st, "weekly", &got, &e), 0);
        if (got.stale != steps[k].stale)
            fprintf(stderr, "  latest at %s\n", steps[k].at);
        CHECK_INT(got.stale, steps[k].stale);
        CHECK_INT(got.status, HEALTH_GREEN); /* stale is a flag, not a colour */
        indicator_fini(&got);
    }
    struct indicator got = {0};
    CHECK_INT(indicator_get(st, "never", &got, &e), 0);
    CHECK(!got.stale);
    indicator_fini(&got);
    store_close(st);
}

static const char *status_at(struct reading *rv, size_t rn, const char *at)
{
    for (size_t k = 0; k < rn; k++)
        if (strcmp(rv[k].at, at) == 0)
            return health_name(rv[k].status);
    return "(no reading)";
}

/* A new target applies from its date; readings before keep their colour. */
static void test_changed_targets_do_not_recolour_history(void)
{
    struct store *st = fresh();
    struct err e = {0};
    struct indicator ind = {.key = "deals", .name = "Deals", .department = "SALES",
                            .has_target = true, .target = 100, .has_amber = true, .amber = 80,
                            .has_red = true, .red = 50};
    CHECK_INT(indicator_add(st, &ind, &e), 0);
    CHECK_INT(indicator_record(st, "deals", "2026-11-01", 70, NULL, &e), 0); /* amber */
    CHECK_INT(indicator_record(st, "deals", "2026-11-05", 45, NULL, &e), 0); /* red */
    struct indicator_target t = {.has_target = true, .target = 60, .has_amber = true,
                                 .amber = 50, .has_red = true, .red = 40};
    CHECK_INT(indicator_set_target(st, "deals", "2026-11-10", &t, &e), 0);
    CHECK_INT(indicator_record(st, "deals", "2026-11-10", 45, NULL, &e), 0); /* on from: amber */
    CHECK_INT(indicator_record(st, "deals", "2026-11-15", 70, NULL, &e), 0); /* green */

    struct reading *rv = NULL;
    size_t rn = 0;
    CHECK_INT(indicator_readings(st, "deals", NULL, 0, &rv, &rn, &e), 0);
    CHECK_INT(rn, 4);
    CHECK_STR(status_at(rv, rn, "2026-11-01T00:00:00Z"), "amber");
    CHECK_STR(status_at(rv, rn, "2026-11-05T00:00:00Z"), "red");
    CHECK_STR(status_at(rv, rn, "2026-11-10T00:00:00Z"), "amber");
    CHECK_STR(status_at(rv, rn, "2026-11-15T00:00:00Z"), "green");
    reading_list_free(rv, rn);

    /* The latest reading (70, green under the new target) would be amber
     * under the old one: the current status and roll-up use the new. */
    struct indicator got = {0};
    CHECK_INT(indicator_get(st, "deals", &got, &e), 0);
    CHECK_INT(got.status, HEALTH_GREEN);
    CHECK(got.has_target && got.target == 60);
    CHECK(got.has_amber && got.amber == 50);
    indicator_fini(&got);
    struct department d = {0};
    CHECK_INT(department_get(st, "SALES", &d, &e), 0);
    CHECK_INT(d.indicators_off, 0);
    department_fini(&d);

    /* A change from after the latest reading leaves its status alone but
     * is the target in force now (11-20 is before NOW). */
    struct indicator_target strict = {.has_target = true, .target = 200, .has_amber = true,
                                      .amber = 150, .has_red = true, .red = 100};
    CHECK_INT(indicator_set_target(st, "deals", "2026-11-20", &strict, &e), 0);
    CHECK_INT(indicator_get(st, "deals", &got, &e), 0);
    CHECK_INT(got.status, HEALTH_GREEN);
    CHECK(got.target == 200);
    indicator_fini(&got);
    /* A reading after it is judged by it. */
    CHECK_INT(indicator_record(st, "deals", "2026-11-21", 120, NULL, &e), 0);
    CHECK_INT(indicator_get(st, "deals", &got, &e), 0);
    CHECK_INT(got.status, HEALTH_AMBER);
    indicator_fini(&got);

    /* The history: base first, then each change oldest first. */
    struct indicator_target *tv = NULL;
    size_t tn = 0;
    CHECK_INT(indicator_targets(st, "deals", &tv, &tn, &e), 0);
    CHECK_INT(tn, 3);
    if (tn == 3) {
        CHECK(tv[0].from_at == NULL);
        CHECK(tv[0].target == 100 && tv[0].amber == 80 && tv[0].red == 50);
        CHECK_STR(tv[1].from_at, "2026-11-10T00:00:00Z");
        CHECK(tv[1].target == 60);
        CHECK_STR(tv[2].from_at, "2026-11-20T00:00:00Z");
    }
    indicator_target_list_free(tv, tn);

    struct indicator_target at = {0};
    CHECK_INT(indicator_target_at(st, "deals", "2026-11-09T23:59:59Z", &at, &e), 0);
    CHECK(at.from_at == NULL && at.target == 100);
    free(at.from_at);
    CHECK_INT(indicator_target_at(st, "deals", "2026-11-10", &at, &e), 0);
    CHECK_STR(at.from_at, "2026-11-10T00:00:00Z");
    CHECK(at.target == 60);
    free(at.from_at);
    store_close(st);
}

/* indicator_update that changes the target writes a change from now. */
static void test_update_of_target_applies_from_now(void)
{
    struct store *st = fresh();
    struct err e = {0};
    struct indicator ind = {.key = "churn", .name = "Churn", .direction = DIRECTION_DOWN,
                            .has_target = true, .target = 2, .has_amber = true, .amber = 3,
                            .has_red = true, .red = 5};
    CHECK_INT(indicator_add(st, &ind, &e), 0);
    CHECK_INT(indicator_record(st, "churn", "2026-11-20", 4, NULL, &e), 0); /* amber */
    struct indicator cur = {0};
    CHECK_INT(indicator_get(st, "churn", &cur, &e), 0);
    cur.amber = 4.5;
    cur.red = 6;
    CHECK_INT(indicator_update(st, &cur, &e), 0);
    indicator_fini(&cur);
    struct reading *rv = NULL;
    size_t rn = 0;
    CHECK_INT(indicator_readings(st, "churn", NULL, 0, &rv, &rn, &e), 0);
    CHECK_INT(rn, 1);
    if (rn)
        CHECK_STR(health_name(rv[0].status), "amber");
    reading_list_free(rv, rn);
    CHECK_INT(indicator_record(st, "churn", NULL, 4, NULL, &e), 0); /* now: green */
    CHECK_INT(indicator_get(st, "churn", &cur, &e), 0);
    CHECK_INT(cur.status, HEALTH_GREEN);
    CHECK(cur.amber == 4.5 && cur.red == 6 && cur.target == 2);
    indicator_fini(&cur);
    struct indicator_target *tv = NULL;
    size_t tn = 0;
    CHECK_INT(indicator_targets(st, "churn", &tv, &tn, &e), 0);
    CHECK_INT(tn, 2);
    if (tn == 2) {
        CHECK(tv[0].amber == 3); /* the definition is kept as it was */
        CHECK_STR(tv[1].from_at, NOW);
    }
    indicator_target_list_free(tv, tn);
    store_close(st);
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

static void test_thresholds_on_the_wrong_side_are_refused(void)
{
    struct store *st = fresh();
    struct err e = {0};
    struct indicator up = {.key = "up", .name = "Up", .has_target = true, .target = 100,
                           .has_amber = true, .amber = 120, .has_red = true, .red = 50};
    CHECK_INT(indicator_add(st, &up, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "amber of up must be at most target when higher is better");
    up.amber = 80;
    up.red = 90;
    CHECK_INT(indicator_add(st, &up, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "red of up must be at most amber");
    struct indicator down = {.key = "down", .name = "Down", .direction = DIRECTION_DOWN,
                             .has_target = true, .target = 2, .has_amber = true, .amber = 1};
    CHECK_INT(indicator_add(st, &down, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "amber of down must be at least target when lower is better");
    down.amber = 3;
    down.has_red = true;
    down.red = 2.5;
    CHECK_INT(indicator_add(st, &down, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "red of down must be at least amber");
    down.red = 5;
    CHECK_INT(indicator_add(st, &down, &e), 0);
    /* Equal values are on the right side of each other. */
    struct indicator eq = {.key = "eq", .name = "Eq", .has_target = true, .target = 5,
                           .has_amber = true, .amber = 5, .has_red = true, .red = 5};
    CHECK_INT(indicator_add(st, &eq, &e), 0);

    size_t events = count_events(st);
    struct indicator_target bad = {.has_target = true, .target = 2, .has_amber = true,
                                   .amber = 1};
    CHECK_INT(indicator_set_target(st, "down", "2026-11-01", &bad, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "lower is better");
    struct indicator_target *tv = NULL;
    size_t tn = 0;
    CHECK_INT(indicator_targets(st, "down", &tv, &tn, &e), 0);
    CHECK_INT(tn, 1); /* nothing written */
    indicator_target_list_free(tv, tn);
    CHECK_INT(count_events(st), events);
    struct indicator cur = {0};
    CHECK_INT(indicator_get(st, "down", &cur, &e), 0);
    cur.amber = 1.5;
    CHECK_INT(indicator_update(st, &cur, &e), -ERR_USAGE);
    indicator_fini(&cur);
    CHECK_INT(indicator_set_target(st, "down", "not a date", &bad, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "is not a time");
    CHECK_INT(indicator_set_target(st, "nope", NULL, &bad, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "no indicator 'nope'");
    store_close(st);
}

/* A target change is one audit row saying what it was and from when. */
static void test_target_change_is_audited(void)
{
    struct store *st = fresh();
    struct err e = {0};
    struct indicator ind = {.key = "nps", .name = "NPS", .has_target = true, .target = 45};
    CHECK_INT(indicator_add(st, &ind, &e), 0);
    size_t before = count_events(st);
    struct indicator_target t = {.has_target = true, .target = 50, .has_red = true, .red = 30};
    CHECK_INT(indicator_set_target(st, "nps", "2026-12-01", &t, &e), 0);
    CHECK_INT(count_events(st), before + 1);
    struct event *v = NULL;
    size_t n = 0;
    CHECK_INT(event_list(st, NULL, NULL, NULL, 0, &v, &n, &e), 0);
    bool found = false;
    for (size_t k = 0; k < n; k++)
        if (v[k].field && strcmp(v[k].field, "target") == 0 && v[k].new_value &&
            strstr(v[k].new_value, "from 2026-12-01T00:00:00Z")) {
            found = true;
            CHECK_STR(v[k].old_value, "target 45");
            CHECK_STR(v[k].new_value, "target 50, red 30 from 2026-12-01T00:00:00Z");
        }
    CHECK(found);
    event_list_free(v, n);
    store_close(st);
}

int main(void)
{
    setenv("BATON_NOW", NOW, 1);
    tmp = check_tmpdir();
    RUN(test_every_boundary_in_c_sql_readings_and_rollup);
    RUN(test_no_reading_is_unknown_and_never_stale);
    RUN(test_stale_after_its_limit_only);
    RUN(test_changed_targets_do_not_recolour_history);
    RUN(test_update_of_target_applies_from_now);
    RUN(test_thresholds_on_the_wrong_side_are_refused);
    RUN(test_target_change_is_audited);
    return check_report();
}
