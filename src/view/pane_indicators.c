/*
 * The indicators pane: each figure's latest value against its target,
 * its status, its trend and a sparkline of recent readings. Its detail
 * view draws a larger chart with the target and thresholds as lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/indicator.h"
#include "view_internal.h"

enum { C_KEY, C_NAME, C_VALUE, C_TARGET, C_STATUS, C_TREND, C_SPARK, C_N };

#define SPARK_MAX 24

static const struct col_spec cols[C_N] = {
    [C_KEY] = {"Key", 6, 10, 12, 5, false},
    [C_NAME] = {"Name", 8, 20, 0, 1, false},
    [C_VALUE] = {"Value", 5, 10, 12, 1, true},
    [C_TARGET] = {"Target", 4, 9, 10, 3, true},
    [C_STATUS] = {"Status", 1, 7, 7, 1, false},
    [C_TREND] = {"", 1, 1, 1, 2, false},
    [C_SPARK] = {"Recent", 6, 12, SPARK_MAX, 2, false},
};

static const struct sort_opt sorts[] = {
    {"default", IND_SORT_DEFAULT},
    {"key", IND_SORT_KEY},
    {"name", IND_SORT_NAME},
    {"status", IND_SORT_STATUS},
};

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
    struct strbuf sb;
    sb_init(&sb);
    if (in->has_value) {
        view_fmt_value(in->value, in->unit, &sb);
        if (in->stale)
            sb_add(&sb, " (stale)");
    } else {
        sb_add(&sb, "-");
    }
    vcell_set(&r->cells[C_VALUE], sb_str(&sb), NULL, in->stale ? TR_DIM : TR_NORMAL, ctx->ascii);
    sb_clear(&sb);
    if (in->has_target) {
        sb_add(&sb, in->direction == DIRECTION_UP ? (ctx->ascii ? ">=" : "≥")
                                                  : (ctx->ascii ? "<=" : "≤"));
        view_fmt_value(in->target, in->unit, &sb);
    } else {
        sb_add(&sb, "-");
    }
    vcell_set(&r->cells[C_TARGET], sb_str(&sb), NULL, TR_DIM, ctx->ascii);
    sb_fini(&sb);
    cell_health(&r->cells[C_STATUS], in->status, ctx);
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
    const int lw = 14;
    struct strbuf sb;
    sb_init(&sb);
    if (in.has_value) {
        view_fmt_value(in.value, in.unit, &sb);
        sb_addf(&sb, " at %s%s", in.value_at ? in.value_at : "-", in.stale ? " (stale)" : "");
    }
    doc_field(doc, "Latest", lw, TR_NORMAL, in.has_value ? sb_str(&sb) : "no reading yet");
    sb_clear(&sb);
    sb_addf(&sb, "%s %s", ctx->g->health[in.status], view_health_word(in.status));
    doc_field(doc, "Status", lw, view_health_role(in.status), sb_str(&sb));
    sb_clear(&sb);
    sb_add(&sb, in.direction == DIRECTION_UP ? "higher is better" : "lower is better");
    doc_field(doc, "Direction", lw, TR_NORMAL, sb_str(&sb));
    struct { bool on; double v; const char *label; } th[] = {
        {in.has_target, in.target, "Target"},
        {in.has_amber, in.amber, "Amber below"},
        {in.has_red, in.red, "Red below"},
    };
    if (in.direction == DIRECTION_DOWN) {
        th[1].label = "Amber above";
        th[2].label = "Red above";
    }
    for (size_t i = 0; i < 3; i++) {
        sb_clear(&sb);
        if (th[i].on)
            view_fmt_value(th[i].v, in.unit, &sb);
        doc_field(doc, th[i].label, lw, TR_NORMAL, th[i].on ? sb_str(&sb) : NULL);
    }
    doc_field(doc, "Department", lw, TR_NORMAL, in.department ? in.department : "company-wide");
    doc_field(doc, "Owner", lw, TR_NORMAL, in.owner);
    doc_field(doc, "Project", lw, TR_NORMAL, in.project);
    sb_fini(&sb);

    int plot_w = width - 19; /* what view_chart leaves for the plot */
    if (plot_w < 10)
        plot_w = 10;
    struct reading *rv = NULL;
    size_t nr = 0;
    if ((rc = indicator_readings(st, in.key, NULL, plot_w, &rv, &nr, e)))
        goto out;
    char head[96];
    snprintf(head, sizeof head, "Readings (last %zu)", nr);
    detail_heading(doc, head);
    if (nr == 0) {
        doc_add(doc, TR_DIM, "  no readings");
        doc_nl(doc);
    } else {
        double *vals = xcalloc(nr, sizeof *vals);
        for (size_t i = 0; i < nr; i++)
            vals[i] = rv[i].value;
        struct chart_line lines[] = {
            {in.has_target, in.target, "target", TR_GREEN},
            {in.has_amber, in.amber, "amber", TR_AMBER},
            {in.has_red, in.red, "red", TR_RED},
        };
        view_chart(doc, vals, (int)nr, width, 12, lines, 3, in.unit, ctx->g);
        free(vals);
        /* the first and last dates under the ends of the axis */
        int per = (int)nr < plot_w ? plot_w / (int)nr : 1;
        int span = ((int)nr < plot_w ? (int)nr : plot_w) * per;
        char first[16] = "", last[16] = "";
        snprintf(first, sizeof first, "%.10s", rv[0].at ? rv[0].at : "");
        snprintf(last, sizeof last, "%.10s", rv[nr - 1].at ? rv[nr - 1].at : "");
        struct strbuf axis;
        sb_init(&axis);
        sb_add(&axis, "           ");
        sb_add(&axis, first);
        for (int i = (int)strlen(first) + (int)strlen(last); i < span; i++)
            sb_addc(&axis, ' ');
        if (span > (int)(strlen(first) + strlen(last)))
            sb_add(&axis, last);
        doc_add(doc, TR_DIM, sb_str(&axis));
        doc_nl(doc);
        sb_fini(&axis);
        detail_heading(doc, "Latest readings");
        for (size_t i = nr; i > 0 && i + 10 > nr; i--) {
            struct reading *r = &rv[i - 1];
            struct strbuf v;
            sb_init(&v);
            view_fmt_value(r->value, in.unit, &v);
            enum health h = indicator_status(&in, r->value);
            doc_addf(doc, view_health_role(h), "  %s ", ctx->g->health[h]);
            doc_addf(doc, TR_DIM, "%-20s ", r->at ? r->at : "");
            doc_addf(doc, TR_NORMAL, "%12s", sb_str(&v));
            if (r->recorded_by)
                doc_addf(doc, TR_DIM, "  %s", r->recorded_by);
            if (r->note)
                doc_addf(doc, TR_NORMAL, "  %s", r->note);
            doc_nl(doc);
            sb_fini(&v);
        }
    }
    reading_list_free(rv, nr);
    rc = detail_history(doc, st, "indicator", in.key, 10, e);
out:
    indicator_fini(&in);
    return rc;
}

const struct pane_class pane_indicators = {
    .name = "indicators",
    .title = "Indicators",
    .entity = "indicator",
    .cols = cols,
    .n_cols = C_N,
    .sorts = sorts,
    .n_sorts = sizeof sorts / sizeof sorts[0],
    .narrowable = true,
    .count = indicator_count,
    .fetch = fetch,
    .find = find,
    .detail = detail,
};
