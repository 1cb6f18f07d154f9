/*
 * The flow of blockers between departments on a hand-made organisation
 * whose every answer is worked out by hand: the matrix (open, past SLA,
 * oldest; snoozed and same-department blockers counted, blockers naming no
 * department apart), the load per department now and at the window's
 * start, the medians from the audit log (a reopened blocker answered once,
 * one resolved without acceptance left out of the resolution median but
 * counted as resolved), the bottleneck and its share, the aging chart
 * week by week, --dept, and the refusals.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "../check.h"
#include "fixture.h"
#include "baton/blocker.h"
#include "baton/department.h"
#include "baton/flow.h"
#include "baton/project.h"
#include "baton/store.h"
#include "baton/str.h"
#include "baton/timeutil.h"

#define NOW "2026-11-26T09:00:00Z"
#define CHECK_NEAR(got, want)                                                                   \
    do {                                                                                        \
        double g2_ = (got), w2_ = (want);                                                       \
        if (fabs(g2_ - w2_) > 1e-6) {                                                           \
            fprintf(stderr, "%s:%d: %s: %s: expected %g, saw %g\n", __FILE__, __LINE__,         \
                    check_current, #got, w2_, g2_);                                             \
            check_failures++;                                                                   \
        }                                                                                       \
    } while (0)

static char *tmp;
static int dbn;
static char last_path[512]; /* the database fresh() made last */

static void at(const char *when)
{
    setenv("BATON_NOW", when, 1);
}

/* Departments LEGAL, ENG, FIN in that configured order (not the keys'),
 * projects ENG-1 and FIN-1; SLAs of one day (severity 4: two). */
static struct store *fresh(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/t%d.db", tmp, dbn++);
    snprintf(last_path, sizeof last_path, "%s", path);
    struct store *st = NULL;
    struct err e = {0};
    at("2026-09-01T09:00:00Z");
    must(store_open(&st, path, STORE_CREATE, &e), &e, "store_open");
    store_set_actor(st, "tester");
    int64_t sla[5] = {0, 86400, 86400, 86400, 2 * 86400};
    store_set_sla(st, sla);
    struct department d[] = {
        {.key = "ENG", .name = "Engineering", .sort_order = 2},
        {.key = "FIN", .name = "Finance", .sort_order = 3},
        {.key = "LEGAL", .name = "Legal", .sort_order = 1},
    };
    fixture_departments(st, d, 3);
    struct project p[] = {{.key = "ENG-1", .title = "Billing", .department = "ENG"},
                          {.key = "FIN-1", .title = "Invoices", .department = "FIN"}};
    for (size_t i = 0; i < 2; i++)
        must(project_add(st, &p[i], &e), &e, "project_add");
    return st;
}

static char *raise_at(struct store *st, const char *when, const char *project, const char *waiting)
{
    at(when);
    struct blocker b = {.project = (char *)project, .title = "Something in the way",
                        .waiting_on = (char *)waiting};
    char *key = NULL;
    struct err e = {0};
    must(blocker_add(st, &b, &key, &e), &e, "blocker_add");
    return key;
}

static void verdict_at(struct store *st, const char *when, const char *key, enum blocker_verb verb,
                       int sev)
{
    at(when);
    struct verdict v = {.verb = verb, .severity = sev, .reason = "because",
                        .until = "2026-12-10T09:00:00Z"};
    struct err e = {0};
    must(blocker_apply(st, key, &v, &e), &e, key);
}

/* The organisation of the header comment, told in time order; bN names
 * the story's blockers (their keys are B-1 to B-10 in the order raised). */
static struct store *story(void)
{
    struct store *st = fresh();
    /* Previous window (2026-09-27 .. 2026-10-27). */
    char *b7 = raise_at(st, "2026-10-01T09:00:00Z", "FIN-1", "LEGAL");
    verdict_at(st, "2026-10-02T21:00:00Z", b7, VERB_ACCEPT, 3); /* 36 h */
    verdict_at(st, "2026-10-06T09:00:00Z", b7, VERB_RESOLVE, 0); /* 3.5 days */
    char *b10 = raise_at(st, "2026-10-20T09:00:00Z", "FIN-1", "LEGAL"); /* open at the start */
    /* This window (2026-10-27 .. 2026-11-26). */
    verdict_at(st, "2026-10-30T09:00:00Z", b10, VERB_RESOLVE, 0); /* 240 h, no acceptance */
    char *b6 = raise_at(st, "2026-11-01T09:00:00Z", "ENG-1", "LEGAL");
    verdict_at(st, "2026-11-03T09:00:00Z", b6, VERB_ACCEPT, 3);  /* 48 h */
    verdict_at(st, "2026-11-13T09:00:00Z", b6, VERB_RESOLVE, 0); /* 10 days */
    char *b9 = raise_at(st, "2026-11-10T09:00:00Z", "ENG-1", "FIN");
    verdict_at(st, "2026-11-10T12:00:00Z", b9, VERB_DECLINE, 0); /* 3 h */
    char *b1 = raise_at(st, "2026-11-16T09:00:00Z", "ENG-1", "LEGAL");
    verdict_at(st, "2026-11-16T21:00:00Z", b1, VERB_ACCEPT, 2); /* 12 h; SLA past */
    char *b3 = raise_at(st, "2026-11-19T09:00:00Z", "FIN-1", "LEGAL");
    verdict_at(st, "2026-11-19T15:00:00Z", b3, VERB_SNOOZE, 0); /* 6 h; snoozed */
    char *b8 = raise_at(st, "2026-11-20T09:00:00Z", "ENG-1", "LEGAL");
    verdict_at(st, "2026-11-21T09:00:00Z", b8, VERB_RESOLVE, 0); /* 24 h */
    verdict_at(st, "2026-11-22T09:00:00Z", b8, VERB_REOPEN, 0);  /* open again */
    char *b5 = raise_at(st, "2026-11-20T09:00:00Z", "ENG-1", NULL); /* names no department */
    char *b2 = raise_at(st, "2026-11-24T09:00:00Z", "ENG-1", "LEGAL");
    char *b4 = raise_at(st, "2026-11-25T09:00:00Z", "FIN-1", "ENG");
    verdict_at(st, "2026-11-26T08:00:00Z", b4, VERB_ACCEPT, 4); /* 23 h; due in a day */
    char *keys[] = {b1, b2, b3, b4, b5, b6, b7, b8, b9, b10};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        free(keys[i]);
    at(NOW);
    return st;
}

/* Index of department key in f (configured order). */
#define D(key) ((size_t)flow_dept_index(&f, key))

static struct flow computed(struct store *st, const char *dept)
{
    struct flow f;
    struct flow_query q = {.dept = dept};
    struct err e = {0};
    must(flow_compute(st, &q, &f, &e), &e, "flow_compute");
    return f;
}

static void test_matrix_counts_open_breached_and_oldest(void)
{
    struct store *st = story();
    struct flow f = computed(st, NULL);
    CHECK_INT(f.n_dept, 3);
    CHECK_STR(f.dept[0].key, "LEGAL");
    CHECK_STR(f.dept[1].key, "ENG");
    CHECK_STR(f.dept[2].key, "FIN");
    CHECK_INT(f.n_cell, 3);
    const struct flow_cell *c = flow_cell_at(&f, D("ENG"), D("LEGAL")); /* ENG -> LEGAL: b1, b2, b8 */
    CHECK(c != NULL);
    if (c) {
        CHECK_INT(c->open, 3);
        CHECK_INT(c->breached, 1);
        CHECK_INT(c->oldest_days, 10);
    }
    c = flow_cell_at(&f, D("FIN"), D("LEGAL")); /* FIN -> LEGAL: B-3, snoozed: never past its SLA */
    CHECK(c != NULL);
    if (c) {
        CHECK_INT(c->open, 1);
        CHECK_INT(c->breached, 0);
        CHECK_INT(c->oldest_days, 7);
    }
    c = flow_cell_at(&f, D("FIN"), D("ENG")); /* FIN -> ENG: B-4, due in a day */
    CHECK(c != NULL);
    if (c) {
        CHECK_INT(c->open, 1);
        CHECK_INT(c->breached, 0);
        CHECK_INT(c->oldest_days, 1);
    }
    CHECK(flow_cell_at(&f, D("ENG"), D("FIN")) == NULL); /* B-9 was declined */
    CHECK_INT(f.open_waiting, 5);
    CHECK_INT(f.no_waiting_on, 1);
    flow_fini(&f);
    store_close(st);
}

static void test_matrix_sums_agree_with_blocker_count(void)
{
    struct store *st = story();
    struct flow f = computed(st, NULL);
    for (size_t to = 0; to < f.n_dept; to++) {
        int64_t sum = 0, n = -1;
        for (size_t from = 0; from < f.n_dept; from++) {
            const struct flow_cell *c = flow_cell_at(&f, from, to);
            sum += c ? c->open : 0;
        }
        struct query q = {.state = "open", .waiting_on = f.dept[to].key};
        struct err e = {0};
        must(blocker_count(st, &q, &n, &e), &e, "blocker_count");
        CHECK_INT(sum, n);
        CHECK_NEAR(f.dept[to].waiting_on_it.now, (double)n);
    }
    flow_fini(&f);
    store_close(st);
}

static void test_blocked_project_days_and_bottleneck(void)
{
    struct store *st = story();
    struct flow f = computed(st, NULL);
    /* LEGAL: b1 10 days, b2 2, b3 7, b8 6 (from its first raising). */
    CHECK_NEAR(f.dept[D("LEGAL")].blocked_project_days.now, 25.0);
    CHECK_NEAR(f.dept[D("ENG")].blocked_project_days.now, 1.0);
    CHECK_NEAR(f.dept[D("FIN")].blocked_project_days.now, 0.0);
    CHECK_INT(f.bottleneck, (long)D("LEGAL"));
    CHECK_NEAR(f.bottleneck_share, 25.0 / 26.0);
    /* At the window's start only b10 (7 days old) waited on LEGAL. */
    CHECK_NEAR(f.dept[D("LEGAL")].waiting_on_it.prev, 1.0);
    CHECK_NEAR(f.dept[D("LEGAL")].blocked_project_days.prev, 7.0);
    CHECK_NEAR(f.dept[D("LEGAL")].waiting_on_it.now, 4.0);
    flow_fini(&f);
    store_close(st);
}

static void test_medians_from_the_audit_log(void)
{
    struct store *st = story();
    struct flow f = computed(st, NULL);
    const struct flow_dept *legal = &f.dept[D("LEGAL")];
    /* First verdicts in the window: 240, 48, 12, 6, 24 h (b8's reopening
     * gives no second one; b2 has none yet). */
    CHECK(legal->median_first_verdict_hours.have);
    CHECK_NEAR(legal->median_first_verdict_hours.now, 24.0);
    CHECK(legal->median_first_verdict_hours.have_prev);
    CHECK_NEAR(legal->median_first_verdict_hours.prev, 36.0);
    /* Accepted -> resolved: b6 only (b8 and b10 were never accepted). */
    CHECK(legal->median_resolve_days.have);
    CHECK_NEAR(legal->median_resolve_days.now, 10.0);
    CHECK_NEAR(legal->median_resolve_days.prev, 3.5);
    /* Resolved: b10, b6, b8 in 30 days; b7 before. */
    CHECK_NEAR(legal->resolved_per_week.now, 3.0 / (30.0 / 7.0));
    CHECK_NEAR(legal->resolved_per_week.prev, 1.0 / (30.0 / 7.0));
    CHECK_NEAR(f.dept[D("ENG")].median_first_verdict_hours.now, 23.0);
    CHECK_NEAR(f.dept[D("FIN")].median_first_verdict_hours.now, 3.0);
    /* Nothing resolved waiting on FIN: no median, nothing to compare. */
    CHECK(!f.dept[D("FIN")].median_resolve_days.have);
    CHECK(!f.dept[D("FIN")].median_first_verdict_hours.have_prev);
    flow_fini(&f);
    store_close(st);
}

static void test_aging_week_by_week(void)
{
    struct store *st = story();
    struct flow f = computed(st, NULL);
    static const int64_t want[FLOW_WEEKS][FLOW_BANDS] = {
        {0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}, /* 09-10, 09-17, 09-24 */
        {1, 0, 0, 0}, /* 10-01: b7 raised that very minute */
        {0, 0, 0, 0}, {0, 0, 0, 0},               /* b7 resolved 10-06 */
        {1, 0, 0, 0}, /* 10-22: b10 */
        {0, 1, 0, 0}, /* 10-29: b10, 9 days */
        {1, 0, 0, 0}, /* 11-05: b6 */
        {0, 1, 0, 0}, /* 11-12: b6, 11 days (b9 declined the day it came) */
        {2, 0, 0, 0}, /* 11-19: b1, b3 */
        {4, 2, 0, 0}, /* now: b2, b4, b5, b8; b1, b3 (7 days exactly) */
    };
    char day[16];
    time_fmt_date(f.week[FLOW_WEEKS - 1].at, day);
    CHECK_STR(day, "2026-11-26");
    time_fmt_date(f.week[0].at, day);
    CHECK_STR(day, "2026-09-10");
    for (int k = 0; k < FLOW_WEEKS; k++)
        for (int b = 0; b < FLOW_BANDS; b++)
            if (f.week[k].band[b] != want[k][b]) {
                fprintf(stderr, "week %d band %s: expected %lld, saw %lld\n", k,
                        flow_band_name(b), (long long)want[k][b], (long long)f.week[k].band[b]);
                check_failures++;
            }
    flow_fini(&f);
    store_close(st);
}

static void test_dept_keeps_its_row_and_column(void)
{
    struct store *st = story();
    struct flow f = computed(st, "FIN");
    CHECK_INT(f.n_cell, 2); /* FIN -> LEGAL, FIN -> ENG */
    for (size_t i = 0; i < f.n_cell; i++)
        CHECK(strcmp(f.dept[f.cell[i].from].key, "FIN") == 0 ||
              strcmp(f.dept[f.cell[i].to].key, "FIN") == 0);
    CHECK_INT(f.open_waiting, 2);
    /* The bottleneck stays the organisation's. */
    CHECK_STR(f.dept[f.bottleneck].key, "LEGAL");
    /* Aging of FIN's blockers and those waiting on it: b3 and b4 now. */
    CHECK_INT(f.week[FLOW_WEEKS - 1].band[0] + f.week[FLOW_WEEKS - 1].band[1], 2);
    flow_fini(&f);
    store_close(st);
}

static void test_empty_organisation_has_no_bottleneck(void)
{
    struct store *st = fresh();
    at(NOW);
    struct flow f = computed(st, NULL);
    CHECK_INT(f.bottleneck, -1);
    CHECK_NEAR(f.bottleneck_share, 0);
    CHECK_INT(f.n_cell, 0);
    CHECK_INT(f.open_waiting, 0);
    CHECK(!f.dept[0].median_first_verdict_hours.have);
    flow_fini(&f);
    store_close(st);
}

static void test_refusals(void)
{
    struct store *st = fresh();
    at(NOW);
    struct flow f;
    struct err e = {0};
    struct flow_query q = {.dept = "NOPE"};
    CHECK_INT(flow_compute(st, &q, &f, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "NOPE");
    btime later = 0;
    time_parse("2026-12-01", &later);
    struct flow_query q2 = {.since = later};
    CHECK_INT(flow_compute(st, &q2, &f, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "--since");
    store_close(st);
}

static void test_top_cells_leave_out_the_diagonal(void)
{
    struct store *st = story();
    char *k = raise_at(st, "2026-11-25T10:00:00Z", "ENG-1", "ENG");
    free(k);
    at(NOW);
    struct flow f = computed(st, NULL);
    size_t idx[5];
    size_t n = flow_top_cells(&f, idx, 5);
    CHECK_INT(n, 3);
    CHECK_STR(f.dept[f.cell[idx[0]].from].key, "ENG");
    CHECK_STR(f.dept[f.cell[idx[0]].to].key, "LEGAL");
    for (size_t i = 0; i < n; i++)
        CHECK(f.cell[idx[i]].from != f.cell[idx[i]].to);
    n = flow_top_cells(&f, idx, 1);
    CHECK_INT(n, 1);
    flow_fini(&f);
    store_close(st);
}

/* Moving a project to another department, a blocker to another department
 * to wait on and to another project: the stored roll-up follows, and
 * baton check finds it whole. */
static void test_rollup_follows_moves(void)
{
    struct store *st = story();
    struct err e = {0};
    struct project p = {0};
    must(project_get(st, "FIN-1", &p, &e), &e, "project_get");
    free(p.department);
    p.department = xstrdup("ENG");
    must(project_update(st, &p, &e), &e, "project_update");
    project_fini(&p);
    struct blocker b = {0};
    must(blocker_get(st, "B-9", &b, &e), &e, "blocker_get B-9"); /* b2 of the story */
    free(b.waiting_on);
    b.waiting_on = xstrdup("FIN");
    b.version = 0;
    must(blocker_update(st, &b, &e), &e, "blocker_update");
    blocker_fini(&b);
    struct flow f = computed(st, NULL);
    CHECK(flow_cell_at(&f, D("FIN"), D("LEGAL")) == NULL);
    const struct flow_cell *c = flow_cell_at(&f, D("ENG"), D("LEGAL")); /* B-1, B-8, B-3 */
    CHECK(c && c->open == 3);
    c = flow_cell_at(&f, D("ENG"), D("ENG")); /* B-4 */
    CHECK(c && c->open == 1);
    c = flow_cell_at(&f, D("ENG"), D("FIN")); /* B-2 */
    CHECK(c && c->open == 1);
    flow_fini(&f);
    struct strbuf report;
    sb_init(&report);
    CHECK_INT(store_check(st, &report, &e), 0);
    CHECK(strstr(sb_str(&report), "flow") == NULL);
    sb_fini(&report);
    store_close(st);
}

/* A roll-up spoiled behind baton's back is found by check and mended by
 * repair. */
static void test_check_finds_and_repair_mends_the_rollup(void)
{
    struct store *st = story();
    struct err e0 = {0};
    struct strbuf first;
    sb_init(&first);
    CHECK_INT(store_check(st, &first, &e0), 0); /* the roll-up is of today from here on */
    sb_fini(&first);
    sqlite3 *db = NULL;
    CHECK(sqlite3_open(last_path, &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db, "UPDATE flow_cell SET open = open + 5 WHERE to_id <> 0;"
                           "UPDATE blocker SET from_id = NULL WHERE key = 'B-5'",
                       NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(db);
    struct err e = {0};
    struct strbuf report;
    sb_init(&report);
    CHECK(store_check(st, &report, &e) != 0);
    CHECK_CONTAINS(sb_str(&report), "flow (open blockers, ages, past SLA) ENG>LEGAL");
    CHECK_CONTAINS(sb_str(&report), "B-5");
    sb_clear(&report);
    must(store_repair(st, &e), &e, "store_repair");
    CHECK_INT(store_check(st, &report, &e), 0);
    sb_fini(&report);
    struct flow f = computed(st, NULL);
    const struct flow_cell *c = flow_cell_at(&f, D("ENG"), D("LEGAL"));
    CHECK(c && c->open == 3);
    flow_fini(&f);
    store_close(st);
}

/* The aging chart's stored days and spans against the blockers: a count
 * off by one, a row missing and a row stored for a day without blockers
 * are each named by check, and repair mends them. */
static void test_check_names_stale_days_and_spans(void)
{
    struct store *st = story();
    struct err e0 = {0};
    struct strbuf first;
    sb_init(&first);
    CHECK_INT(store_check(st, &first, &e0), 0);
    sb_fini(&first);
    sqlite3 *db = NULL;
    CHECK(sqlite3_open(last_path, &db) == SQLITE_OK);
    char day[16] = "", closed[16] = "", raised[16] = "";
    int span_n = 0, day_n = 0;
    sqlite3_stmt *s = NULL;
    CHECK(sqlite3_prepare_v2(db, "SELECT day, open FROM flow_day ORDER BY day LIMIT 1", -1, &s,
                             NULL) == SQLITE_OK);
    if (s && sqlite3_step(s) == SQLITE_ROW) {
        snprintf(day, sizeof day, "%s", (const char *)sqlite3_column_text(s, 0));
        day_n = sqlite3_column_int(s, 1);
    }
    sqlite3_finalize(s);
    CHECK(sqlite3_prepare_v2(db, "SELECT closed_day, raised_day, n FROM flow_span"
                                 " ORDER BY closed_day, raised_day LIMIT 1",
                             -1, &s, NULL) == SQLITE_OK);
    if (s && sqlite3_step(s) == SQLITE_ROW) {
        snprintf(closed, sizeof closed, "%s", (const char *)sqlite3_column_text(s, 0));
        snprintf(raised, sizeof raised, "%s", (const char *)sqlite3_column_text(s, 1));
        span_n = sqlite3_column_int(s, 2);
    }
    sqlite3_finalize(s);
    CHECK(day[0] && closed[0]);
    char *sql = sqlite3_mprintf("UPDATE flow_day SET open = open + 1 WHERE day = %Q;"
                                "INSERT INTO flow_day (day, open) VALUES ('2019-01-01', 4);"
                                "DELETE FROM flow_span WHERE closed_day = %Q AND raised_day = %Q;"
                                "INSERT INTO flow_span (closed_day, raised_day, n)"
                                " VALUES ('2020-01-02', '2019-12-01', 3);",
                                day, closed, raised);
    CHECK(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_free(sql);
    sqlite3_close(db);
    struct err e = {0};
    struct strbuf report, want;
    sb_init(&report);
    sb_init(&want);
    CHECK(store_check(st, &report, &e) != 0);
    sb_addf(&want, "roll-up: open blockers raised on %s is stored as %d, computed as %d\n", day,
            day_n + 1, day_n);
    sb_add(&want, "roll-up: open blockers raised on 2019-01-01 is stored as 4, computed as 0\n");
    sb_addf(&want, "roll-up: blockers closed on %s raised %s is stored as 0, computed as %d\n",
            closed, raised, span_n);
    sb_add(&want, "roll-up: blockers closed on 2020-01-02 raised 2019-12-01 is stored as 3,"
                  " computed as 0\n");
    CHECK_CONTAINS(sb_str(&report), sb_str(&want));
    CHECK_CONTAINS(sb_str(&report), "roll-up: 4 stale values");
    sb_clear(&report);
    must(store_repair(st, &e), &e, "store_repair");
    CHECK_INT(store_check(st, &report, &e), 0);
    sb_fini(&want);
    sb_fini(&report);
    store_close(st);
}

/* Past the SLA: the blockers counted at the start of the roll-up's day and
 * those whose SLA ran out since, the same before and after the day moves. */
static void test_breached_counts_the_day_so_far(void)
{
    struct store *st = story();
    char *x = raise_at(st, "2026-11-25T08:00:00Z", "ENG-1", "FIN");
    verdict_at(st, "2026-11-25T09:00:00Z", x, VERB_ACCEPT, 1); /* due 11-26 08:00 */
    char *y = raise_at(st, "2026-11-25T10:00:00Z", "ENG-1", "FIN");
    verdict_at(st, "2026-11-25T11:00:00Z", y, VERB_ACCEPT, 1); /* due 11-26 10:00 */
    free(x);
    free(y);
    static const struct {
        const char *now;
        int64_t breached;
    } when[] = {
        {"2026-11-25T12:00:00Z", 0},
        {"2026-11-26T07:59:00Z", 0},
        {NOW, 1},
        {"2026-11-26T11:00:00Z", 2},
        {"2026-11-27T09:00:00Z", 2},
    };
    for (size_t i = 0; i < sizeof when / sizeof when[0]; i++) {
        at(when[i].now);
        struct flow f = computed(st, NULL);
        const struct flow_cell *c = flow_cell_at(&f, D("ENG"), D("FIN"));
        CHECK(c != NULL);
        if (c && c->breached != when[i].breached) {
            fprintf(stderr, "at %s: expected %lld past the SLA, saw %lld\n", when[i].now,
                    (long long)when[i].breached, (long long)c->breached);
            check_failures++;
        }
        flow_fini(&f);
        struct strbuf report;
        struct err e = {0};
        sb_init(&report);
        CHECK_INT(store_check(st, &report, &e), 0);
        sb_fini(&report);
    }
    at(NOW);
    store_close(st);
}

/* A cell's blockers: past the SLA first, then severity, then the oldest;
 * a snoozed one is listed and never late; a declined one is not; the
 * totals count beyond the limit. Keys follow the order raised: b1 = B-5,
 * b8 = B-7, b2 = B-9, b3 = B-6. */
static void test_cell_lists_its_blockers_most_urgent_first(void)
{
    struct store *st = story();
    struct flow_blockers fb;
    struct err e = {0};
    must(flow_cell_blockers(st, "ENG", "LEGAL", 10, &fb, &e), &e, "ENG>LEGAL");
    CHECK_INT(fb.n, 3);
    CHECK_INT(fb.total, 3);
    CHECK_INT(fb.breached, 1);
    if (fb.n == 3) {
        CHECK_STR(fb.v[0].key, "B-5"); /* b1: accepted, severity 2, past its SLA */
        CHECK(fb.v[0].breached);
        CHECK_INT(fb.v[0].severity, 2);
        CHECK_STR(fb.v[0].state, "accepted");
        CHECK_STR(fb.v[0].project, "ENG-1");
        CHECK_STR(fb.v[1].key, "B-7"); /* b8: reopened, older than b2 */
        CHECK_STR(fb.v[2].key, "B-9");
        CHECK(!fb.v[2].breached);
    }
    flow_blockers_fini(&fb);
    must(flow_cell_blockers(st, "ENG", "LEGAL", 1, &fb, &e), &e, "limit 1");
    CHECK_INT(fb.n, 1);
    CHECK_INT(fb.total, 3); /* the flow's, beyond the limit */
    flow_blockers_fini(&fb);
    must(flow_cell_blockers(st, "FIN", "LEGAL", 10, &fb, &e), &e, "FIN>LEGAL");
    CHECK_INT(fb.n, 1);
    if (fb.n == 1) {
        CHECK_STR(fb.v[0].key, "B-6");
        CHECK_STR(fb.v[0].state, "snoozed");
        CHECK(!fb.v[0].breached);
    }
    flow_blockers_fini(&fb);
    must(flow_cell_blockers(st, "ENG", "FIN", 10, &fb, &e), &e, "ENG>FIN"); /* b9 declined */
    CHECK_INT(fb.n, 0);
    CHECK_INT(fb.total, 0);
    flow_blockers_fini(&fb);
    must(flow_cell_blockers(st, "NOPE", "LEGAL", 10, &fb, &e), &e, "no such department");
    CHECK_INT(fb.n, 0);
    flow_blockers_fini(&fb);
    store_close(st);
}

/* A flow's list says the totals its rows say, whatever the clock does
 * to the SLAs after the roll-up's day began (later: more run out; before
 * that day: fewer), and the same totals as the matrix's cell. */
static void test_cell_totals_follow_the_clock(void)
{
    struct store *st = story();
    const char *times[] = {NOW, "2026-11-26T23:59:00Z", "2026-11-28T12:00:00Z",
                           "2026-11-25T10:00:00Z", "2026-11-17T10:00:00Z"};
    for (size_t t = 0; t < sizeof times / sizeof times[0]; t++) {
        at(times[t]);
        struct flow f = computed(st, NULL);
        for (size_t i = 0; i < f.n_cell; i++) {
            const struct flow_cell *c = &f.cell[i];
            struct flow_blockers fb;
            struct err e = {0};
            must(flow_cell_blockers(st, f.dept[c->from].key, f.dept[c->to].key, 100, &fb, &e),
                 &e, times[t]);
            int64_t late = 0;
            for (size_t k = 0; k < fb.n; k++)
                late += fb.v[k].breached;
            CHECK_INT(fb.total, (int64_t)fb.n);
            CHECK_INT(fb.breached, late);
            CHECK_INT(fb.total, c->open);
            CHECK_INT(fb.breached, c->breached);
            flow_blockers_fini(&fb);
        }
        flow_fini(&f);
    }
    at(NOW);
    store_close(st);
}

int main(void)
{
    tmp = check_tmpdir();
    RUN(test_matrix_counts_open_breached_and_oldest);
    RUN(test_cell_totals_follow_the_clock);
    RUN(test_matrix_sums_agree_with_blocker_count);
    RUN(test_blocked_project_days_and_bottleneck);
    RUN(test_medians_from_the_audit_log);
    RUN(test_aging_week_by_week);
    RUN(test_dept_keeps_its_row_and_column);
    RUN(test_empty_organisation_has_no_bottleneck);
    RUN(test_refusals);
    RUN(test_top_cells_leave_out_the_diagonal);
    RUN(test_rollup_follows_moves);
    RUN(test_check_finds_and_repair_mends_the_rollup);
    RUN(test_check_names_stale_days_and_spans);
    RUN(test_breached_counts_the_day_so_far);
    RUN(test_cell_lists_its_blockers_most_urgent_first);
    return check_report();
}
