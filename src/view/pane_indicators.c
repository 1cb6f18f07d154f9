/*
 * The indicators pane: each figure's latest value against its target (both
 * in the indicator's own format and unit), its status as glyph and word,
 * the trend against the previous reading, and a sparkline of the recent
 * readings. Everything comes from the list query of the visible window
 * plus one indexed sparkline query per visible row.
 *
 * The detail view charts the readings of the chosen time range (the SQL
 * aggregates them into one bucket per column, so a long history costs no
 * more than a short one) with the target and thresholds in force at the
 * chart's end as lines, then the readings themselves, newest first, each
 * coloured by the target in force when it was taken.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/chart.h"
#include "baton/indicator.h"
#include "baton/utf8.h"
#include "view_internal.h"

enum { C_KEY, C_NAME, C_VALUE, C_TARGET, C_STATUS, C_TREND, C_SPARK, C_N };

#define SPARK_MAX 24
/* The readings table under the chart shows at most this many. */
#define READINGS_MAX 200
/* Rows of the chart's plot; fewer on narrow screens. */
#define CHART_ROWS 10
#define CHART_ROWS_NARROW 7

static const struct col_spec cols[C_N] = {
    [C_KEY] = {"Key", 8, 10, 16, 5, false, NULL, false, 0},
    [C_NAME] = {"Name", 8, 18, 0, 1, false, NULL, false, 0},
    /* numbers as wide as their widest value: the name gets the room */
    [C_VALUE] = {"Value", 5, 5, 13, 1, true, NULL, true, 0},
    [C_TARGET] = {"Target", 6, 6, 14, 3, true, NULL, true, 0},
    /* the word always shows: status is never told by colour alone */
    [C_STATUS] = {"Status", 7, 13, 13, 1, false, NULL, false, 0},
    [C_TREND] = {"", 1, 1, 1, 1, false, NULL, false, 0},
    [C_SPARK] = {"Recent", 6, 10, SPARK_MAX, 4, false, NULL, false, 0},
};

/* company-wide first, then by department: named for what it follows */
static const struct sort_opt sorts[] = {
    {"department", IND_SORT_DEFAULT, -1},
    {"key", IND_SORT_KEY, C_KEY},
    {"name", IND_SORT_NAME, C_NAME},
    {"status", IND_SORT_STATUS, C_STATUS},
};

static const char *target_sign(enum direction d, bool ascii)
{
    if (d == DIRECTION_UP)
        return ascii ? ">=" : "≥";
    return ascii ? "<=" : "≤";
}

/* "≥ 95%": the side of the target that is good, then the target. */
static void fmt_target(const struct indicator *in, double v, bool ascii, char *out, size_t n)
{
    char val[48];
    indicator_format(in, v, val, sizeof val);
    snprintf(out, n, "%s %s", target_sign(in->direction, ascii), val);
}

/* "● green", "■ red stale". */
static void status_cell(struct vcell *c, const struct indicator *in, const struct view_ctx *ctx)
{
    cell_health(c, in->status, ctx);
    if (!in->stale)
        return;
    /* narrow, the flag gives way to the status word */
    char *plain = xstrdup(c->text);
    char text[48];
    snprintf(text, sizeof text, "%s stale", plain);
    vcell_set(c, text, plain, c->role, ctx->ascii);
    free(plain);
}

static void fill_row(struct store *st, struct vrow *r, const struct indicator *in,
                     const struct view_ctx *ctx)
{
    r->id = in->id;
    r->key = xstrdup(in->key);
    r->title = xstrdup(in->name);
    r->dept = xstrdup(in->department);
    r->n_cells = C_N;
    vcell_set(&r->cells[C_KEY], in->key, NULL, TR_DIM, ctx->ascii);
    vcell_set(&r->cells[C_NAME], in->name, NULL, TR_NORMAL, ctx->ascii);
    char buf[64] = "-";
    if (in->has_value)
        indicator_format(in, in->value, buf, sizeof buf);
    vcell_set(&r->cells[C_VALUE], buf, NULL, in->stale ? TR_DIM : TR_NORMAL, ctx->ascii);
    snprintf(buf, sizeof buf, "-");
    if (in->has_target)
        fmt_target(in, in->target, ctx->ascii, buf, sizeof buf);
    vcell_set(&r->cells[C_TARGET], buf, NULL, TR_DIM, ctx->ascii);
    status_cell(&r->cells[C_STATUS], in, ctx);
    /* the list query carries the previous reading: the arrow costs nothing */
    enum theme_role trole;
    const char *arrow =
        view_trend(ctx->g, in->has_prev, in->prev, in->value, in->direction, &trole);
    vcell_set(&r->cells[C_TREND], in->has_value ? arrow : " ", NULL, trole, ctx->ascii);
    r->cells[C_SPARK].role = TR_SPARK;
    r->spark_col = C_SPARK;
    r->spark = xcalloc(SPARK_MAX, sizeof(double));
    struct err e2 = {0};
    if (indicator_spark(st, in->key, SPARK_MAX, r->spark, &r->n_spark, &e2) != 0)
        r->n_spark = 0;
}

static int fetch(struct store *st, const struct query *q, const struct view_ctx *ctx,
                 struct vrow **out, size_t *n, struct err *e)
{
    struct indicator *v = NULL;
    size_t nv = 0;
    int rc = indicator_list(st, q, &v, &nv, e);
    if (rc)
        return rc;
    struct vrow *rows = rows_new(nv);
    for (size_t i = 0; i < nv; i++)
        fill_row(st, &rows[i], &v[i], ctx);
    indicator_list_free(v, nv);
    *out = rows;
    *n = nv;
    return 0;
}

static int find(struct store *st, const char *key, int64_t *id, struct err *e)
{
    struct indicator in = {0};
    int rc = find_result(indicator_get(st, key, &in, e), e);
    if (rc == 0)
        *id = in.id;
    indicator_fini(&in);
    return rc;
}

/* ---- the detail view ---- */

/* "2026-11-26 09:00" in the person's zone from an ISO time (the text
 * itself when unreadable). */
static void fmt_when(const char *iso, char out[TIME_SHOW_MAX])
{
    if (!time_show_text(iso, out) && iso)
        snprintf(out, TIME_SHOW_MAX, "%s", iso);
}

/* text (sanitised) padded or cut to width columns. */
static void add_fit(struct doc *doc, enum theme_role role, const char *text, int width, bool right)
{
    char *safe = utf8_sanitize(text, doc->ascii);
    struct strbuf sb;
    sb_init(&sb);
    if (width > 0)
        utf8_pad(&sb, safe, width, right, doc->ascii);
    else
        sb_add(&sb, safe);
    doc_add_raw(doc, role, sb_str(&sb));
    sb_fini(&sb);
    free(safe);
}

/* "● green" in its colour, padded to pad columns (0: as is). */
static void add_health(struct doc *doc, enum health h, const struct view_ctx *ctx, int pad)
{
    char text[32];
    snprintf(text, sizeof text, "%s %s", ctx->g->health[(unsigned)h < 4 ? h : 0],
             view_health_word(h));
    add_fit(doc, view_health_role(h), text, pad, false);
}

/* One part of the trend line: "↑ +0.7% (+0.8%) in 7 days", in the colour
 * of its verdict. Parts wrap under the first when the line is full. */
static void add_delta(struct doc *doc, const struct indicator *in, const struct trend_delta *t,
                      const char *what, const struct view_ctx *ctx, int indent, int width,
                      int *col)
{
    if (!t->has)
        return;
    char d[48], text[128];
    indicator_format_delta(in, t->change, d, sizeof d);
    const char *arrow = t->change > 0 ? ctx->g->up : t->change < 0 ? ctx->g->down : ctx->g->flat;
    /* a change of a percentage in percent would read as two different things */
    bool pct_unit = str_eq(in->format, "percent") || str_eq(in->unit, "%");
    if (t->has_pct && t->pct != 0 && !pct_unit)
        snprintf(text, sizeof text, "%s %s (%+.1f%%)", arrow, d, t->pct);
    else
        snprintf(text, sizeof text, "%s %s", arrow, d);
    const char *sep = ctx->ascii ? "  -  " : "  ·  ";
    int w = utf8_width(text) + 1 + (int)strlen(what);
    if (*col > indent && *col + 5 + w > width) {
        doc_nl(doc);
        add_fit(doc, TR_NORMAL, "", indent, false);
        *col = indent;
    } else if (*col > indent) {
        doc_add_raw(doc, TR_DIM, sep);
        *col += 5;
    }
    enum theme_role role = t->verdict > 0 ? TR_GREEN : t->verdict < 0 ? TR_RED : TR_DIM;
    doc_add(doc, role, text);
    doc_addf(doc, TR_DIM, " %s", what);
    *col += w;
}

/* The value, status and trend: what the figure says now. */
static int detail_summary(struct store *st, const struct indicator *in, int width,
                          const struct view_ctx *ctx, struct doc *doc, struct err *e)
{
    const int lw = 9;
    struct strbuf sb;
    sb_init(&sb);
    utf8_pad(&sb, "Latest", lw, false, ctx->ascii);
    doc_add_raw(doc, TR_COLUMN, sb_str(&sb));
    sb_fini(&sb);
    if (!in->has_value) {
        doc_add(doc, TR_DIM, "no reading yet: baton indicator record ");
        doc_add(doc, TR_DIM, in->key);
        doc_add(doc, TR_DIM, " VALUE");
        doc_nl(doc);
        return 0;
    }
    char v[64], when[TIME_SHOW_MAX], age[16];
    indicator_format(in, in->value, v, sizeof v);
    doc_add(doc, TR_TITLE, v);
    doc_add_raw(doc, TR_NORMAL, "  ");
    add_health(doc, in->status, ctx, 0);
    if (in->stale)
        doc_add(doc, TR_AMBER, " stale");
    fmt_when(in->value_at, when);
    fmt_age(ctx, in->value_at, age);
    doc_addf(doc, TR_DIM, "  at %s (%s ago)", when, age);
    doc_nl(doc);

    struct indicator_trend tr;
    int rc = indicator_trend(st, in->key, &tr, e);
    if (rc)
        return rc;
    sb_init(&sb);
    utf8_pad(&sb, "Trend", lw, false, ctx->ascii);
    doc_add_raw(doc, TR_COLUMN, sb_str(&sb));
    sb_fini(&sb);
    int col = lw;
    add_delta(doc, in, &tr.prev, "since the previous reading", ctx, lw, width, &col);
    add_delta(doc, in, &tr.week, "in 7 days", ctx, lw, width, &col);
    add_delta(doc, in, &tr.month, "in 30 days", ctx, lw, width, &col);
    if (col == lw)
        doc_add(doc, TR_DIM, "one reading so far");
    doc_nl(doc);
    return 0;
}

/* "Chart  30 days | [90 days] | year | all": the range shown is bracketed
 * and highlighted, so it reads without colour too. */
static void range_heading(struct doc *doc, const struct view_ctx *ctx)
{
    doc_nl(doc);
    doc_add(doc, TR_TITLE, "Chart  ");
    for (int r = 0; r < CHART_RANGE_COUNT; r++) {
        if (r)
            doc_add_raw(doc, TR_DIM, ctx->ascii ? " | " : " │ ");
        if (r == ctx->range)
            doc_addf(doc, TR_SELECTION, "[%s]", chart_range_name(r));
        else
            doc_addf(doc, TR_DIM, " %s ", chart_range_name(r));
    }
    doc_nl(doc);
}

static void set_marks(struct chart_mark m[3], const struct indicator_target *t)
{
    m[0] = (struct chart_mark){t->has_target, t->target, "target", TR_GREEN, false};
    m[1] = (struct chart_mark){t->has_amber, t->amber, "amber", TR_AMBER, true};
    m[2] = (struct chart_mark){t->has_red, t->red, "red", TR_RED, true};
}

static void fmt_thresholds(const struct indicator *in, const struct indicator_target *t,
                           bool ascii, struct strbuf *sb)
{
    char v[64];
    if (t->has_target) {
        fmt_target(in, t->target, ascii, v, sizeof v);
        sb_addf(sb, "target %s", v);
    }
    if (t->has_amber) {
        indicator_format(in, t->amber, v, sizeof v);
        sb_addf(sb, "%samber %s", sb->len ? ", " : "", v);
    }
    if (t->has_red) {
        indicator_format(in, t->red, v, sizeof v);
        sb_addf(sb, "%sred %s", sb->len ? ", " : "", v);
    }
    if (!sb->len)
        sb_add(sb, "no target");
}

/* Target changes inside the chart's range: its lines show only the last. */
static int target_changes(struct store *st, const struct indicator *in, btime since, btime until,
                          const struct view_ctx *ctx, struct doc *doc, struct err *e)
{
    struct indicator_target *tv = NULL;
    size_t nt = 0;
    int rc = indicator_targets(st, in->key, &tv, &nt, e);
    if (rc)
        return rc;
    bool said = false;
    struct strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < nt; i++) {
        btime t;
        if (!tv[i].from_at || !time_parse(tv[i].from_at, &t) || t <= since || t > until)
            continue;
        if (!said)
            doc_add(doc, TR_DIM, "  The target changed in this range; the lines are the last:");
        doc_nl(doc);
        said = true;
        char when[TIME_SHOW_MAX];
        fmt_when(tv[i].from_at, when);
        sb_clear(&sb);
        fmt_thresholds(in, &tv[i], ctx->ascii, &sb);
        doc_addf(doc, TR_DIM, "    from %s: %s", when, sb_str(&sb));
    }
    if (said)
        doc_nl(doc);
    sb_fini(&sb);
    indicator_target_list_free(tv, nt);
    return 0;
}

/* The readings of the range, newest first, each in the status it had. */
static int readings_table(struct store *st, const struct indicator *in, const char *since,
                          int in_range, const struct view_ctx *ctx, struct doc *doc,
                          struct err *e)
{
    struct reading *rv = NULL;
    size_t nr = 0;
    int rc = indicator_readings(st, in->key, since, READINGS_MAX, &rv, &nr, e);
    if (rc)
        return rc;
    char head[128];
    if ((int)nr < in_range)
        snprintf(head, sizeof head, "Readings (the newest %zu of %d in range)", nr, in_range);
    else
        snprintf(head, sizeof head, "Readings (%zu in range, newest first)", nr);
    detail_section(doc, head, nr == 0, "  none in this range");
    for (size_t i = nr; i > 0; i--) {
        const struct reading *r = &rv[i - 1];
        char when[TIME_SHOW_MAX], v[64], d[64] = "";
        fmt_when(r->at, when);
        indicator_format(in, r->value, v, sizeof v);
        if (i > 1)
            indicator_format_delta(in, r->value - rv[i - 2].value, d, sizeof d);
        doc_add_raw(doc, TR_NORMAL, "  ");
        add_health(doc, r->status, ctx, 10);
        add_fit(doc, TR_DIM, when, 17, false);
        add_fit(doc, TR_NORMAL, v, 14, true);
        add_fit(doc, TR_DIM, d, 14, true);
        if (r->recorded_by)
            doc_addf(doc, TR_DIM, "  %s", r->recorded_by);
        if (r->note)
            doc_addf(doc, TR_NORMAL, "  %s", r->note);
        doc_nl(doc);
    }
    reading_list_free(rv, nr);
    return 0;
}

/* The chart of the range in ctx->range, its target changes and readings. */
static int detail_chart(struct store *st, const struct indicator *in, int width,
                        const struct view_ctx *ctx, struct doc *doc, struct err *e)
{
    range_heading(doc, ctx);
    /* up to now, or to the latest reading when the clock is behind it */
    btime until = ctx->now, latest;
    if (in->value_at && time_parse(in->value_at, &latest) && latest > until)
        until = latest;
    int days = chart_range_days(ctx->range);
    btime since = days ? until - (btime)days * 86400 : 0;
    char until_iso[32], since_iso[32] = "";
    time_fmt_iso(until, until_iso);
    if (days)
        time_fmt_iso(since, since_iso);

    struct indicator_target t = {0};
    int rc = indicator_target_at(st, in->key, until_iso, &t, e);
    if (rc)
        return rc;
    free(t.from_at);
    struct chart_mark marks[3];
    set_marks(marks, &t);

    if (!in->has_value) {
        doc_add(doc, TR_DIM, "  nothing to chart yet");
        doc_nl(doc);
        return 0;
    }
    int pw = chart_plot_width(in, marks, 3, width);
    struct chart_bucket *b = xcalloc((size_t)pw, sizeof *b);
    int got = 0;
    rc = indicator_chart(st, in->key, days ? since_iso : NULL, until_iso, pw, b, &got, e);
    if (rc) {
        free(b);
        return rc;
    }
    if (!days && got > 0)
        since = b[0].start - 1; /* all: from the first reading */
    int in_range = 0;
    for (int k = 0; k < pw; k++)
        in_range += b[k].count;
    chart_draw(doc, b, pw, marks, 3, in, width, width < 100 ? CHART_ROWS_NARROW : CHART_ROWS,
               ctx->g);
    free(b);
    if (got == 0) {
        char when[TIME_SHOW_MAX];
        fmt_when(in->value_at, when);
        doc_addf(doc, TR_AMBER, "  no reading in this range; the latest is from %s", when);
        doc_nl(doc);
    }
    if ((rc = target_changes(st, in, since, until, ctx, doc, e)))
        return rc;
    return readings_table(st, in, days ? since_iso : NULL, in_range, ctx, doc, e);
}

/* What the indicator is: direction, target and thresholds in force now. */
static void detail_definition(const struct indicator *in, const struct view_ctx *ctx,
                              struct doc *doc)
{
    detail_heading(doc, "Definition");
    const int lw = 14;
    char v[64];
    doc_field(doc, "Direction", lw, TR_NORMAL,
              in->direction == DIRECTION_UP ? "higher is better" : "lower is better");
    const bool up = in->direction == DIRECTION_UP;
    struct {
        bool on;
        double v;
        const char *label;
    } th[] = {
        {in->has_amber, in->amber, up ? "Amber below" : "Amber above"},
        {in->has_red, in->red, up ? "Red below" : "Red above"},
    };
    if (in->has_target)
        fmt_target(in, in->target, ctx->ascii, v, sizeof v);
    doc_field(doc, "Target", lw, TR_NORMAL, in->has_target ? v : NULL);
    for (size_t i = 0; i < sizeof th / sizeof th[0]; i++) {
        if (th[i].on)
            indicator_format(in, th[i].v, v, sizeof v);
        doc_field(doc, th[i].label, lw, TR_NORMAL, th[i].on ? v : NULL);
    }
    if (in->stale_days > 0)
        snprintf(v, sizeof v, "%d %s without a reading", in->stale_days,
                 view_plural(in->stale_days, "day", "days"));
    doc_field(doc, "Stale after", lw, TR_NORMAL, in->stale_days > 0 ? v : "never");
    snprintf(v, sizeof v, "%s%s%s", in->format ? in->format : "number",
             in->unit ? ", " : "", in->unit ? in->unit : "");
    doc_field(doc, "Format", lw, TR_NORMAL, v);
    doc_field(doc, "Department", lw, TR_NORMAL, in->department ? in->department : "company-wide");
    doc_field(doc, "Owner", lw, TR_NORMAL, in->owner);
    doc_field(doc, "Project", lw, TR_NORMAL, in->project);
}

static int detail(struct store *st, const char *key, int width, const struct view_ctx *ctx,
                  struct doc *doc, struct err *e)
{
    struct indicator in = {0};
    int rc = indicator_get(st, key, &in, e);
    if (rc)
        return rc;
    doc->title = xasprintf("Indicator %s", in.key);
    doc_add(doc, TR_TITLE, in.name);
    doc_add(doc, TR_DIM, "  ");
    doc_add(doc, TR_DIM, in.key);
    doc_nl(doc);
    doc_nl(doc);
    if (!(rc = detail_summary(st, &in, width, ctx, doc, e)) &&
        !(rc = detail_chart(st, &in, width, ctx, doc, e))) {
        detail_definition(&in, ctx, doc);
        rc = detail_history(doc, st, "indicator", in.key, 10, e);
    }
    indicator_fini(&in);
    return rc;
}

const struct pane_class pane_indicators = {
    .kind = PANE_INDICATORS,
    .title = "Indicators",
    .entity = "indicator",
    .cols = cols,
    .n_cols = C_N,
    .sorts = sorts,
    .n_sorts = sizeof sorts / sizeof sorts[0],
    .narrowable = true,
    .count_cap = INDICATOR_TEXT_CAP,
    .count = indicator_count,
    .fetch = fetch,
    .find = find,
    .detail = detail,
};
