/*
 * Trends (against the previous reading, 7 and 30 days back, better or
 * worse by the direction) and charts aggregated in SQL: bucket counts,
 * minimum, maximum, mean and last checked against the same readings
 * bucketed here, over 50,000 readings, with the time it takes printed.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../check.h"
#include "fixture.h"
#include "baton/indicator.h"
#include "baton/store.h"
#include "baton/timeutil.h"

#define NOW "2026-11-26T09:00:00Z"

static char *tmp;

static struct store *fresh(void)
{
    return fixture_store(tmp, "t", NULL);
}

static void add(struct store *st, const char *key, enum direction dir)
{
    struct err e = {0};
    struct indicator i = {.key = (char *)key, .name = (char *)key, .direction = dir,
                          .has_target = true, .target = 100};
    if (indicator_add(st, &i, &e) != 0) {
        fprintf(stderr, "indicator_add: %s\n", e.msg);
        exit(2);
    }
}

static void rec(struct store *st, const char *key, const char *at, double v)
{
    struct err e = {0};
    if (indicator_record(st, key, at, v, NULL, &e) != 0) {
        fprintf(stderr, "indicator_record %s %s: %s\n", key, at, e.msg);
        exit(2);
    }
}

static void test_trend_against_previous_week_and_month(void)
{
    struct store *st = fresh();
    struct err e = {0};
    add(st, "up", DIRECTION_UP);
    rec(st, "up", "2026-10-20", 50);
    rec(st, "up", "2026-11-01", 100);
    rec(st, "up", "2026-11-10", 90);
    rec(st, "up", "2026-11-18", 95);
    rec(st, "up", "2026-11-25", 110);
    struct indicator_trend t;
    CHECK_INT(indicator_trend(st, "up", &t, &e), 0);
    CHECK(t.has_value);
    CHECK(t.value == 110);
    CHECK_STR(t.at, "2026-11-25T00:00:00Z");
    CHECK(t.prev.has);
    CHECK(t.prev.base == 95);
    CHECK(t.prev.change == 15);
    CHECK_INT(t.prev.verdict, 1);
    CHECK(t.prev.has_pct && fabs(t.prev.pct - 15.0 / 95 * 100) < 1e-9);
    /* 7 days before 11-25 is 11-18 exactly: that reading counts. */
    CHECK(t.week.has);
    CHECK_STR(t.week.at, "2026-11-18T00:00:00Z");
    CHECK(t.week.change == 15);
    /* 30 days before is 10-26: the latest at or before it is 10-20. */
    CHECK(t.month.has);
    CHECK_STR(t.month.at, "2026-10-20T00:00:00Z");
    CHECK(t.month.base == 50);
    CHECK(t.month.change == 60);
    CHECK_INT(t.month.verdict, 1);

    /* Lower is better: a rise is worse. Tenths stay tenths. */
    add(st, "down", DIRECTION_DOWN);
    rec(st, "down", "2026-11-19", 2.7);
    rec(st, "down", "2026-11-20", 4);
    CHECK_INT(indicator_trend(st, "down", &t, &e), 0);
    CHECK(t.prev.change == 1.3);
    CHECK_INT(t.prev.verdict, -1);
    CHECK(!t.week.has);
    CHECK(!t.month.has);
    rec(st, "down", "2026-11-21", 4);
    CHECK_INT(indicator_trend(st, "down", &t, &e), 0);
    CHECK_INT(t.prev.verdict, 0);
    rec(st, "down", "2026-11-22", 1);
    CHECK_INT(indicator_trend(st, "down", &t, &e), 0);
    CHECK_INT(t.prev.verdict, 1);
    store_close(st);
}

static void test_trend_with_few_readings(void)
{
    struct store *st = fresh();
    struct err e = {0};
    add(st, "k", DIRECTION_UP);
    struct indicator_trend t;
    CHECK_INT(indicator_trend(st, "k", &t, &e), 0);
    CHECK(!t.has_value && !t.prev.has && !t.week.has && !t.month.has);
    rec(st, "k", "2026-11-01", 0);
    CHECK_INT(indicator_trend(st, "k", &t, &e), 0);
    CHECK(t.has_value && !t.prev.has);
    rec(st, "k", "2026-11-20", 5);
    CHECK_INT(indicator_trend(st, "k", &t, &e), 0);
    CHECK(t.prev.has && t.prev.change == 5);
    CHECK(!t.prev.has_pct); /* from zero there is no percentage */
    CHECK(t.week.has && t.week.base == 0);
    CHECK_INT(indicator_trend(st, "nope", &t, &e), -ERR_USAGE);
    store_close(st);
}

#define N_BIG 50000
#define STEP 600 /* seconds between readings */

static double value_of(int k)
{
    return (double)((k * 37) % 1000) / 10.0;
}

struct want {
    int count;
    double min, max, sum, last;
};

static double ms_since(const struct timespec *a)
{
    struct timespec b;
    clock_gettime(CLOCK_MONOTONIC, &b);
    return (double)(b.tv_sec - a->tv_sec) * 1e3 + (double)(b.tv_nsec - a->tv_nsec) / 1e6;
}

/* Buckets the same readings here and compares every bucket. */
static void check_chart(struct store *st, btime t0, const char *since, const char *until,
                        btime from, btime to, int buckets)
{
    struct err e = {0};
    struct chart_bucket *out = xcalloc((size_t)buckets, sizeof *out);
    struct want *w = xcalloc((size_t)buckets, sizeof *w);
    btime span = to - from;
    for (int k = 0; k < N_BIG; k++) {
        btime t = t0 + (btime)k * STEP;
        if (t < from || t > to)
            continue;
        int b = span > 0 ? (int)((t - from) * buckets / span) : 0;
        if (b > buckets - 1)
            b = buckets - 1;
        double v = value_of(k);
        if (!w[b].count || v < w[b].min)
            w[b].min = v;
        if (!w[b].count || v > w[b].max)
            w[b].max = v;
        w[b].sum += v;
        w[b].count++;
        w[b].last = v;
    }
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    int got = -1;
    CHECK_INT(indicator_chart(st, "big", since, until, buckets, out, &got, &e), 0);
    double ms = ms_since(&start);
    fprintf(stderr, "  chart of %d buckets from %s to %s: %.1f ms\n", buckets,
            since ? since : "(first)", until ? until : "(latest)", ms);
    int nonempty = 0, bad = 0;
    long total = 0, want_total = 0;
    for (int b = 0; b < buckets; b++) {
        total += out[b].count;
        want_total += w[b].count;
        nonempty += w[b].count > 0;
        bool ok = out[b].count == w[b].count;
        if (ok && w[b].count)
            ok = out[b].min == w[b].min && out[b].max == w[b].max && out[b].last == w[b].last &&
                 fabs(out[b].avg - w[b].sum / w[b].count) < 1e-9;
        if (!ok && bad++ < 3)
            fprintf(stderr,
                    "  bucket %d: expected count %d min %g max %g last %g, saw count %d min %g "
                    "max %g last %g\n",
                    b, w[b].count, w[b].min, w[b].max, w[b].last, out[b].count, out[b].min,
                    out[b].max, out[b].last);
    }
    CHECK_INT(bad, 0);
    CHECK_INT(got, nonempty);
    CHECK_INT(out[0].start, from);
    CHECK_INT(out[buckets - 1].end, to);
    CHECK_INT(total, want_total);
    free(out);
    free(w);
}

static void test_chart_of_fifty_thousand_readings(void)
{
    struct store *st = fresh();
    struct err e = {0};
    struct indicator big = {.key = "big", .name = "Big", .has_target = true, .target = 60,
                            .has_amber = true, .amber = 40, .has_red = true, .red = 20};
    CHECK_INT(indicator_add(st, &big, &e), 0);
    btime t0;
    CHECK(time_parse("2025-12-01T00:00:00Z", &t0));
    struct reading_in *v = xcalloc(N_BIG, sizeof *v);
    for (int k = 0; k < N_BIG; k++) {
        char at[32];
        time_fmt_iso(t0 + (btime)k * STEP, at);
        v[k].key = xstrdup("big");
        v[k].at = xstrdup(at);
        v[k].value = value_of(k);
        v[k].line = k + 1;
    }
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    struct indicator_import_stats s;
    CHECK_INT(indicator_import(st, "big.csv", v, N_BIG, &s, &e), 0);
    fprintf(stderr, "  import of %d readings: %.0f ms\n", N_BIG, ms_since(&start));
    CHECK_INT(s.added, N_BIG);
    reading_in_list_free(v, N_BIG);

    btime last = t0 + (btime)(N_BIG - 1) * STEP;
    check_chart(st, t0, NULL, NULL, t0, last, 120);
    check_chart(st, t0, NULL, NULL, t0, last, 1);
    check_chart(st, t0, NULL, NULL, t0, last, 7);
    btime a, b;
    CHECK(time_parse("2026-03-01T00:05:00Z", &a));
    CHECK(time_parse("2026-03-08", &b));
    check_chart(st, t0, "2026-03-01T00:05:00Z", "2026-03-08", a, b, 50);
    /* More buckets than readings: the empty ones say so. */
    check_chart(st, t0, "2026-03-01T00:05:00Z", "2026-03-01T02:05:00Z", a, a + 7200, 100);

    /* The last reading of each bucket carries its status. */
    struct chart_bucket out[4];
    int got;
    CHECK_INT(indicator_chart(st, "big", NULL, NULL, 4, out, &got, &e), 0);
    for (int k = 0; k < 4; k++) {
        enum health h = indicator_status(&big, out[k].last);
        CHECK_INT(out[k].status, h);
    }
    store_close(st);
}

static void test_chart_refusals_and_empty(void)
{
    struct store *st = fresh();
    struct err e = {0};
    add(st, "k", DIRECTION_UP);
    struct chart_bucket out[8];
    int got = -1;
    CHECK_INT(indicator_chart(st, "k", NULL, NULL, 8, out, &got, &e), 0);
    CHECK_INT(got, 0);
    CHECK_INT(out[3].count, 0);
    CHECK_INT(indicator_chart(st, "k", NULL, NULL, 0, out, &got, &e), -ERR_USAGE);
    CHECK_INT(indicator_chart(st, "nope", NULL, NULL, 8, out, &got, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "no indicator 'nope'");
    CHECK_INT(indicator_chart(st, "k", "2026-11-02", "2026-11-01", 8, out, &got, &e), -ERR_USAGE);
    CHECK_CONTAINS(e.msg, "before it starts");
    CHECK_INT(indicator_chart(st, "k", "yesterday", NULL, 8, out, &got, &e), -ERR_USAGE);
    /* One reading: every bucket spans nothing, the reading is in the first. */
    rec(st, "k", "2026-11-01", 7);
    CHECK_INT(indicator_chart(st, "k", NULL, NULL, 8, out, &got, &e), 0);
    CHECK_INT(got, 1);
    CHECK_INT(out[0].count, 1);
    CHECK(out[0].last == 7);
    CHECK_STR(out[0].last_at, "2026-11-01T00:00:00Z");
    store_close(st);
}

int main(void)
{
    setenv("BATON_NOW", NOW, 1);
    tmp = check_tmpdir();
    RUN(test_trend_against_previous_week_and_month);
    RUN(test_trend_with_few_readings);
    RUN(test_chart_of_fifty_thousand_readings);
    RUN(test_chart_refusals_and_empty);
    return check_report();
}
