/*
 * The indicators pane and its chart: the chart drawn from known buckets
 * (exact lines and colours, Unicode and ASCII), time ranges, the pane's
 * cells for both directions, and the detail view's range, lines and
 * readings judged by the target in force when they were taken.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../check.h"
#include "baton/chart.h"
#include "baton/department.h"
#include "baton/indicator.h"
#include "baton/pane.h"
#include "baton/utf8.h"

static struct store *st;
static struct view_ctx ctx;

static const char *line_of(const struct doc *d, size_t i, struct strbuf *sb)
{
    sb_clear(sb);
    doc_line_text(d, i, sb);
    return sb_str(sb);
}

/* The role of the span that holds display column col of line i (-1: none). */
static int role_at(const struct doc *d, size_t i, int col)
{
    if (i >= d->n)
        return -1;
    int at = 0;
    for (size_t j = 0; j < d->lines[i].n; j++) {
        const char *p = d->lines[i].spans[j].text;
        while (*p) {
            size_t len = utf8_seqlen(p);
            if (at == col)
                return (int)d->lines[i].spans[j].role;
            at++;
            p += len;
        }
    }
    return -1;
}

/* The first line of d from line `from` on containing text, or -1. */
static int find_line_from(const struct doc *d, const char *text, int from)
{
    struct strbuf sb;
    sb_init(&sb);
    int found = -1;
    for (size_t i = from > 0 ? (size_t)from : 0; i < d->n && found < 0; i++)
        if (strstr(line_of(d, i, &sb), text))
            found = (int)i;
    sb_fini(&sb);
    return found;
}

static int find_line(const struct doc *d, const char *text)
{
    return find_line_from(d, text, 0);
}

static void bucket(struct chart_bucket *b, double v, enum health h)
{
    b->count = 1;
    b->min = b->max = b->avg = b->last = v;
    b->status = h;
}

/* ---- the chart from known data ---- */

static void ranges_step_through_and_wrap(void)
{
    CHECK_STR(chart_range_name(CHART_30D), "30 days");
    CHECK_STR(chart_range_name(CHART_ALL), "all");
    CHECK_INT(chart_range_days(CHART_YEAR), 365);
    CHECK_INT(chart_range_days(CHART_ALL), 0);
    CHECK_INT(chart_range_step(CHART_30D, 1), CHART_90D);
    CHECK_INT(chart_range_step(CHART_ALL, 1), CHART_30D);
    CHECK_INT(chart_range_step(CHART_30D, -1), CHART_ALL);
    CHECK_INT(chart_range_days(42), chart_range_days(CHART_RANGE_DEFAULT));
    struct view_ctx c;
    view_ctx_init(&c, false, 0);
    CHECK_INT(c.range, CHART_90D);
}

/* Values 1..4 in four rows rise from zero (1 is within a span of it),
 * with half a row above: 0..4.5, 1.125 a row, so 4 rises 28.4 eighths
 * (three full rows and 4/8), 3 rises 21.3, 2 rises 14.2 and 1 rises 7.1. */
static void bars_rise_in_eighths(void)
{
    struct chart_bucket b[4] = {0};
    for (int i = 0; i < 4; i++)
        bucket(&b[i], i + 1, HEALTH_UNKNOWN);
    struct doc d;
    doc_init(&d, false);
    CHECK_INT(chart_plot_width(NULL, NULL, 0, 16), 4);
    chart_draw(&d, b, 4, NULL, 0, NULL, 16, 4, view_glyphs(false));
    struct strbuf sb;
    sb_init(&sb);
    CHECK_STR(line_of(&d, 0, &sb), "         4 ┤   ▄");
    CHECK_STR(line_of(&d, 1, &sb), "           │  ▅█");
    CHECK_STR(line_of(&d, 2, &sb), "           │ ▆██");
    CHECK_STR(line_of(&d, 3, &sb), "         0 ┤▇███");
    CHECK_STR(line_of(&d, 4, &sb), "           └────");
    CHECK_INT(d.n, 6); /* no room for a date under four columns */
    CHECK_INT(role_at(&d, 3, 12), TR_SPARK); /* no status: the sparkline colour */
    doc_fini(&d);

    doc_init(&d, true);
    chart_draw(&d, b, 4, NULL, 0, NULL, 16, 4, view_glyphs(true));
    CHECK_STR(line_of(&d, 0, &sb), "         4 +   :");
    CHECK_STR(line_of(&d, 1, &sb), "           |  |#");
    CHECK_STR(line_of(&d, 2, &sb), "           | |##");
    CHECK_STR(line_of(&d, 3, &sb), "         0 +####");
    CHECK_STR(line_of(&d, 4, &sb), "           +----");
    sb_fini(&sb);
    doc_fini(&d);
}

/* Percent readings against target 95, amber 92, red 88 (higher is
 * better): 88..96 rises from 86, the round value below that leaves the
 * lowest a row, with half a row above: 86..97 in five rows of 2.2. Gaps
 * between readings hold the earlier value; before the first and after the
 * last the lines show through; the base is said under the chart. */
static void marks_are_labelled_lines_and_bars_carry_their_status(void)
{
    struct indicator in = {0};
    in.format = "percent";
    in.direction = DIRECTION_UP;
    struct chart_mark m[3] = {
        {true, 95, "target", TR_GREEN, false},
        {true, 92, "amber", TR_AMBER, true},
        {true, 88, "red", TR_RED, true},
    };
    int width = CHART_AXIS_W + 2 + 8 + 1 + (int)strlen("target 95%");
    CHECK_INT(chart_plot_width(&in, m, 3, width), 8);
    struct chart_bucket b[8] = {0};
    bucket(&b[1], 90, HEALTH_AMBER);
    bucket(&b[4], 96, HEALTH_GREEN);
    bucket(&b[6], 93, HEALTH_GREEN);
    b[6].status = HEALTH_RED; /* judged by a stricter target then */
    struct doc d;
    doc_init(&d, false);
    chart_draw(&d, b, 8, m, 3, &in, width, 5, view_glyphs(false));
    struct strbuf sb;
    sb_init(&sb);
    CHECK_STR(line_of(&d, 0, &sb), "       96% ┤────▄▄── target 95%");
    CHECK_STR(line_of(&d, 1, &sb), "           │    ██▁ ");
    CHECK_STR(line_of(&d, 2, &sb), "           │╌╌╌╌███╌ amber 92%");
    CHECK_STR(line_of(&d, 3, &sb), "           │ ▇▇▇███ ");
    CHECK_STR(line_of(&d, 4, &sb), "       86% ┤╌██████╌ red 88%");
    CHECK_STR(line_of(&d, 5, &sb), "           └────────");
    CHECK_STR(line_of(&d, 6, &sb), "            the bars rise from 86%, not from zero");
    /* each bar in the colour of its reading's status; lines in theirs */
    CHECK_INT(role_at(&d, 3, 13), TR_AMBER);
    CHECK_INT(role_at(&d, 3, 15), TR_AMBER);
    CHECK_INT(role_at(&d, 3, 16), TR_GREEN);
    CHECK_INT(role_at(&d, 3, 18), TR_RED);
    CHECK_INT(role_at(&d, 0, 12), TR_GREEN);
    CHECK_INT(role_at(&d, 2, 12), TR_AMBER);
    CHECK_INT(role_at(&d, 4, 12), TR_RED);
    CHECK_INT(role_at(&d, 4, 21), TR_RED); /* the label */
    doc_fini(&d);

    doc_init(&d, true);
    chart_draw(&d, b, 8, m, 3, &in, width, 5, view_glyphs(true));
    CHECK_STR(line_of(&d, 0, &sb), "       96% +----::-- target 95%");
    CHECK_STR(line_of(&d, 2, &sb), "           |----###- amber 92%");
    CHECK_STR(line_of(&d, 3, &sb), "           | ###### ");
    sb_fini(&sb);
    doc_fini(&d);
}

/* Two marks in one row: both lines' labels show, the second on the
 * nearest free row. */
static void marks_in_one_row_keep_both_labels(void)
{
    struct chart_mark m[2] = {
        {true, 100, "target", TR_GREEN, false},
        {true, 99.9, "amber", TR_AMBER, true},
    };
    struct chart_bucket b[4] = {0};
    bucket(&b[0], 0, HEALTH_RED);
    bucket(&b[3], 0, HEALTH_RED);
    struct doc d;
    doc_init(&d, false);
    int width = CHART_AXIS_W + 2 + 4 + 1 + (int)strlen("target 100");
    chart_draw(&d, b, 4, m, 2, NULL, width, 4, view_glyphs(false));
    struct strbuf sb;
    sb_init(&sb);
    CHECK_STR(line_of(&d, 0, &sb), "       100 ┤──── target 100");
    CHECK_STR(line_of(&d, 1, &sb), "           │     amber 99.9");
    /* 0 on a base of 0: one eighth, so the reading still shows */
    CHECK_STR(line_of(&d, 3, &sb), "         0 ┤▁▁▁▁");
    sb_fini(&sb);
    doc_fini(&d);
}

/* Far from zero: the bars rise from a round value below the lowest
 * reading, which shows at least a row high; axis labels are whole, the
 * unit left out where it does not fit ("640 tickets" is "640"). */
static void the_axis_is_labelled_whole_and_every_reading_shows(void)
{
    struct indicator in = {0};
    in.unit = "tickets";
    struct chart_bucket b[4] = {0};
    bucket(&b[0], 600, HEALTH_RED);
    bucket(&b[1], 610, HEALTH_RED);
    bucket(&b[2], 625, HEALTH_RED);
    bucket(&b[3], 640, HEALTH_RED);
    struct doc d;
    doc_init(&d, false);
    chart_draw(&d, b, 4, NULL, 0, &in, CHART_AXIS_W + 2 + 4, 4, view_glyphs(false));
    struct strbuf sb;
    sb_init(&sb);
    CHECK_STR(line_of(&d, 0, &sb), "       640 ┤   ▄");
    CHECK_STR(line_of(&d, 3, &sb), "       580 ┤████"); /* 600 too: a full row */
    CHECK_STR(line_of(&d, 5, &sb), "            the bars rise from 580, not from zero");
    sb_fini(&sb);
    doc_fini(&d);
}

static void dates_mark_the_start_middle_and_end(void)
{
    struct chart_bucket b[40] = {0};
    struct tm tm = {.tm_year = 126, .tm_mon = 0, .tm_mday = 1};
    btime t0 = (btime)timegm(&tm);
    for (int i = 0; i < 40; i++) {
        b[i].start = t0 + (btime)i * 86400;
        b[i].end = b[i].start + 86400;
    }
    bucket(&b[10], 5, HEALTH_GREEN);
    struct doc d;
    doc_init(&d, false);
    chart_draw(&d, b, 40, NULL, 0, NULL, CHART_AXIS_W + 2 + 40, 2, view_glyphs(false));
    struct strbuf sb;
    sb_init(&sb);
    /* 2026-01-01 + 40 days = 2026-02-10; the middle is 2026-01-21 */
    CHECK_STR(line_of(&d, 3, &sb),
              "            2026-01-01     2026-01-21     2026-02-10");
    sb_fini(&sb);
    doc_fini(&d);
}

/* ---- the pane and the detail view, from the store ---- */

static void add_indicator(const char *key, const char *name, enum direction dir, double target,
                          double amber, double red, const char *format, const char *unit)
{
    struct indicator in = {0};
    in.key = (char *)key;
    in.name = (char *)name;
    in.department = "OPS";
    in.direction = dir;
    in.has_target = in.has_amber = in.has_red = true;
    in.target = target;
    in.amber = amber;
    in.red = red;
    in.format = (char *)format;
    in.unit = (char *)unit;
    struct err e = {0};
    if (indicator_add(st, &in, &e))
        fprintf(stderr, "indicator_add %s: %s\n", key, e.msg);
}

static void record(const char *key, const char *at, double v)
{
    struct err e = {0};
    if (indicator_record(st, key, at, v, NULL, &e))
        fprintf(stderr, "indicator_record %s: %s\n", key, e.msg);
}

static void setup(void)
{
    char *dir = check_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/ind.db", dir);
    free(dir);
    struct err e = {0};
    if (store_open(&st, path, STORE_CREATE, &e)) {
        fprintf(stderr, "store_open: %s\n", e.msg);
        exit(2);
    }
    store_set_actor(st, "alice");
    btime now;
    time_parse("2026-11-26T09:00:00Z", &now);
    view_ctx_init(&ctx, false, now);
    struct department d = {0};
    d.key = "OPS";
    d.name = "Operations";
    if (department_add(st, &d, &e))
        fprintf(stderr, "department_add: %s\n", e.msg);
    add_indicator("otd", "On-time delivery", DIRECTION_UP, 95, 92, 88, "percent", NULL);
    add_indicator("backlog", "Open tickets", DIRECTION_DOWN, 300, 400, 500, NULL, "tickets");
}

/* The row of key in a fresh window of the pane. */
static struct vrow *row_of(struct pane *p, const char *key)
{
    struct err e = {0};
    pane_fini(p);
    pane_init(p, &pane_indicators);
    sel_set_height(&p->sel, 10);
    if (pane_reload(p, st, NULL, &ctx, &e)) {
        fprintf(stderr, "pane_reload: %s\n", e.msg);
        return NULL;
    }
    for (size_t i = 0; i < p->n_rows; i++)
        if (str_eq(p->rows[i].key, key))
            return &p->rows[i];
    return NULL;
}

enum { C_KEY, C_NAME, C_VALUE, C_TARGET, C_STATUS, C_TREND, C_SPARK };

static void pane_cells_follow_thresholds_both_ways(void)
{
    struct pane p;
    pane_init(&p, &pane_indicators);
    static const struct {
        const char *key, *at;
        double v;
        const char *value, *status, *arrow;
        enum theme_role trend;
    } steps[] = {
        /* higher is better: 95 target, amber below 92, red below 88 */
        {"otd", "2026-11-20T06:00:00Z", 96, "96%", "● green", " ", TR_DIM},
        {"otd", "2026-11-21T06:00:00Z", 90.5, "90.5%", "▲ amber", "↓", TR_RED},
        {"otd", "2026-11-22T06:00:00Z", 87.9, "87.9%", "■ red", "↓", TR_RED},
        {"otd", "2026-11-23T06:00:00Z", 92, "92%", "● green", "↑", TR_GREEN},
        /* lower is better: 300 target, amber above 400, red above 500 */
        {"backlog", "2026-11-20T06:00:00Z", 250, "250 tickets", "● green", " ", TR_DIM},
        {"backlog", "2026-11-21T06:00:00Z", 450, "450 tickets", "▲ amber", "↑", TR_RED},
        {"backlog", "2026-11-22T06:00:00Z", 501, "501 tickets", "■ red", "↑", TR_RED},
        {"backlog", "2026-11-23T06:00:00Z", 400, "400 tickets", "● green", "↓", TR_GREEN},
    };
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        record(steps[i].key, steps[i].at, steps[i].v);
        struct vrow *r = row_of(&p, steps[i].key);
        CHECK(r != NULL);
        if (!r)
            continue;
        CHECK_STR(r->cells[C_VALUE].text, steps[i].value);
        CHECK_STR(r->cells[C_STATUS].text, steps[i].status);
        if (i == 0 || i == 4) /* no previous reading: no arrow */
            CHECK_STR(r->cells[C_TREND].text, "→");
        else
            CHECK_STR(r->cells[C_TREND].text, steps[i].arrow);
        if (i != 0 && i != 4)
            CHECK_INT(r->cells[C_TREND].role, steps[i].trend);
    }
    struct vrow *r = row_of(&p, "otd");
    if (r) {
        CHECK_STR(r->cells[C_TARGET].text, "≥ 95%");
        CHECK_INT(r->cells[C_STATUS].role, TR_GREEN);
        CHECK_INT(r->n_spark, 4);
        struct strbuf sb;
        sb_init(&sb);
        /* 96, 90.5, 87.9, 92 between 87.9 and 96: levels 7, 2.2, 0, 3.5 of 7 */
        view_row_cell(r, r->spark_col, 6, false, &ctx, &sb);
        CHECK_STR(sb_str(&sb), "  █▃▁▅");
        sb_fini(&sb);
    }
    r = row_of(&p, "backlog");
    if (r)
        CHECK_STR(r->cells[C_TARGET].text, "≤ 300 tickets");
    pane_fini(&p);

    struct view_ctx actx;
    view_ctx_init(&actx, true, ctx.now);
    pane_init(&p, &pane_indicators);
    sel_set_height(&p.sel, 10);
    struct err e = {0};
    CHECK_INT(pane_reload(&p, st, NULL, &actx, &e), 0);
    for (size_t i = 0; i < p.n_rows; i++)
        if (str_eq(p.rows[i].key, "backlog")) {
            CHECK_STR(p.rows[i].cells[C_TARGET].text, "<= 300 tickets");
            CHECK_STR(p.rows[i].cells[C_STATUS].text, "o green");
            CHECK_STR(p.rows[i].cells[C_TREND].text, "\\"); /* "v" reads as a letter */
        }
    pane_fini(&p);
}

/* A target raised after a reading does not recolour it: the table shows
 * the status each reading had, the chart the lines in force at its end.
 * 27% is green under target 30, amber 25, red 20, and red under target 40,
 * amber 35, red 28. */
static void detail_judges_each_reading_by_its_own_target(void)
{
    struct err e = {0};
    add_indicator("margin", "Gross margin", DIRECTION_UP, 30, 25, 20, "percent", NULL);
    record("margin", "2026-11-01T06:00:00Z", 27);
    struct indicator_target t = {0};
    t.has_target = t.has_amber = t.has_red = true;
    t.target = 40;
    t.amber = 35;
    t.red = 28;
    CHECK_INT(indicator_set_target(st, "margin", "2026-11-10T00:00:00Z", &t, &e), 0);
    record("margin", "2026-11-20T06:00:00Z", 27);

    struct doc d;
    doc_init(&d, false);
    CHECK_INT(pane_indicators.detail(st, "margin", 100, &ctx, &d, &e), 0);
    struct strbuf sb;
    sb_init(&sb);
    int table = find_line(&d, "Readings (2 in range, newest first)");
    CHECK(table > 0);
    int old = find_line_from(&d, "2026-11-01 06:00", table);
    int now = find_line_from(&d, "2026-11-20 06:00", table);
    CHECK(old > now && now > 0); /* newest first */
    if (old > 0 && now > 0) {
        CHECK_CONTAINS(line_of(&d, (size_t)old, &sb), "● green");
        CHECK_INT(role_at(&d, (size_t)old, 2), TR_GREEN);
        CHECK_CONTAINS(line_of(&d, (size_t)now, &sb), "■ red");
        CHECK_INT(role_at(&d, (size_t)now, 2), TR_RED);
    }
    CHECK(find_line(&d, "target 40%") > 0);
    CHECK(find_line(&d, "amber 35%") > 0);
    CHECK(find_line(&d, "red 28%") > 0);
    CHECK(find_line(&d, "target 30%") < 0);
    CHECK(find_line(&d, "The target changed in this range") > 0);
    CHECK(find_line(&d, "from 2026-11-10 00:00: target ≥ 40%, amber 35%, red 28%") > 0);
    CHECK(find_line(&d, "Chart   30 days  │ [90 days] │  year  │  all") > 0);
    doc_fini(&d);

    /* 30 days back from 2026-11-26 still hold both readings */
    struct view_ctx c30 = ctx;
    c30.range = CHART_30D;
    doc_init(&d, false);
    CHECK_INT(pane_indicators.detail(st, "margin", 100, &c30, &d, &e), 0);
    CHECK(find_line(&d, "Chart  [30 days] │  90 days  │  year  │  all") > 0);
    CHECK(find_line(&d, "Readings (2 in range, newest first)") > 0);
    CHECK(find_line(&d, "2026-10-27") > 0); /* the chart starts 30 days back */
    doc_fini(&d);
    sb_fini(&sb);
}

/* Twenty thousand readings: the chart comes from one bucketed query and
 * the table shows only the newest. */
static void a_long_history_charts_from_buckets(void)
{
    struct err e = {0};
    add_indicator("load", "Hourly load", DIRECTION_DOWN, 50, 70, 90, NULL, NULL);
    btime now = ctx.now;
    CHECK_INT(store_begin(st, &e), 0);
    for (int i = 20000; i > 0; i--) {
        char at[32];
        time_fmt_iso(now - (btime)i * 1800, at);
        record("load", at, 40 + (i % 60));
    }
    CHECK_INT(store_commit(st, &e), 0);
    struct view_ctx all = ctx;
    all.range = CHART_ALL;
    struct doc d;
    doc_init(&d, false);
    clock_t t0 = clock();
    CHECK_INT(pane_indicators.detail(st, "load", 150, &all, &d, &e), 0);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    /* A figure, not a limit: bench/ measures speed; this test pins what is read. */
    fprintf(stderr, "charting 20000 readings took %.3f s\n", secs);
    CHECK(find_line(&d, "Readings (the newest 200 of 20000 in range)") > 0);
    CHECK(find_line(&d, "target 50") > 0);
    CHECK(find_line(&d, "red 90") > 0);
    doc_fini(&d);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    RUN(ranges_step_through_and_wrap);
    RUN(bars_rise_in_eighths);
    RUN(marks_are_labelled_lines_and_bars_carry_their_status);
    RUN(marks_in_one_row_keep_both_labels);
    RUN(the_axis_is_labelled_whole_and_every_reading_shows);
    RUN(dates_mark_the_start_middle_and_end);
    setup();
    RUN(pane_cells_follow_thresholds_both_ways);
    RUN(detail_judges_each_reading_by_its_own_target);
    RUN(a_long_history_charts_from_buckets);
    store_close(st);
    return check_report();
}
