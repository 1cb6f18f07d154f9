/*
 * The flow pane and view: who waits on whom (flow.h). As a pane (layout
 * name "flow") its first row names the bottleneck and the rows after it
 * are the matrix's cells, the most open first: blocked department, the
 * department it waits on, open, past SLA, oldest. Its detail views, by
 * key: "" the whole flow (the bottleneck, the matrix as a heat map with
 * the departments in their configured order, the largest flows, the
 * figures per department and the aging chart), "FROM>TO" a cell's
 * blockers (each opens the blocker, where the verdict keys work), and a
 * department's key its figures with its row and column. `:flow` opens the
 * whole flow.
 *
 * Heat reads without colour too: a count is a digit, a cell with blockers
 * past their SLA ends in '!', and the roles (amber, red, the hottest cell
 * as severity 1) carry attributes in every theme.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/blocker.h"
#include "baton/flow.h"
#include "baton/utf8.h"
#include "view_internal.h"

enum { C_FROM, C_TO, C_OPEN, C_LATE, C_OLDEST, C_N };

static const struct col_spec cols[C_N] = {
    [C_FROM] = {"Blocked", 4, 10, 12, 1, false, "From", false, 0},
    [C_TO] = {"Waits on", 4, 10, 0, 1, false, "To", false, 0},
    [C_OPEN] = {"Open", 3, 5, 6, 1, true, NULL, true, 0},
    [C_LATE] = {"Past SLA", 3, 8, 8, 2, true, "Late", true, 0},
    [C_OLDEST] = {"Oldest", 4, 6, 6, 3, true, "Old", true, 0},
};

static const struct sort_opt sorts[] = {
    {"open", 0, C_OPEN},
};

/* The pane and the view's first screen read only what is about now (the
 * roll-up's counts, no window); a department's figures read the window. */
static int compute(struct store *st, const char *dept, bool now_only, struct flow *f,
                   struct err *e)
{
    struct flow_query q = {.dept = dept && *dept ? dept : NULL, .now_only = now_only};
    return flow_compute(st, &q, f, e);
}

/* The pane's rows: the cells and the bottleneck, no chart. */
static int compute_cells(struct store *st, const char *dept, struct flow *f, struct err *e)
{
    struct flow_query q = {.dept = dept && *dept ? dept : NULL, .now_only = true,
                           .no_aging = true};
    return flow_compute(st, &q, f, e);
}

/* The cells, most open first, then most past SLA, then configured order. */
static size_t *ranked(const struct flow *f)
{
    size_t *idx = xcalloc(f->n_cell ? f->n_cell : 1, sizeof *idx);
    for (size_t i = 0; i < f->n_cell; i++) {
        size_t j = i;
        const struct flow_cell *c = &f->cell[i];
        while (j > 0) {
            const struct flow_cell *o = &f->cell[idx[j - 1]];
            if (o->open > c->open || (o->open == c->open && o->breached >= c->breached))
                break;
            idx[j] = idx[j - 1];
            j--;
        }
        idx[j] = i;
    }
    return idx;
}

static enum theme_role heat_role(const struct flow_cell *c, int64_t hottest)
{
    if (!c || !c->open)
        return TR_DIM;
    if (c->open == hottest)
        return TR_SEV1;
    return c->breached ? TR_RED : TR_AMBER;
}

static int64_t hottest_of(const struct flow *f)
{
    int64_t m = 0;
    for (size_t i = 0; i < f->n_cell; i++)
        if (f->cell[i].open > m)
            m = f->cell[i].open;
    return m;
}

static void bottleneck_text(const struct flow *f, char *buf, size_t n)
{
    if (f->bottleneck < 0)
        snprintf(buf, n, "bottleneck: none (no open blocker waits on a department)");
    else
        snprintf(buf, n, "bottleneck: %s, %.0f%% of blocked project-days",
                 f->dept[f->bottleneck].key, f->bottleneck_share * 100.0);
}

static int count(struct store *st, const struct query *q, int64_t *n, struct err *e)
{
    struct flow f;
    int rc = compute_cells(st, q->dept, &f, e);
    if (rc)
        return rc;
    *n = (int64_t)f.n_cell + 1;
    flow_fini(&f);
    return 0;
}

static void cell_row(struct vrow *r, const struct flow *f, const struct flow_cell *c,
                     int64_t hottest, const struct view_ctx *ctx)
{
    const char *from = f->dept[c->from].key, *to = f->dept[c->to].key;
    r->id = (int64_t)(c->from * 4096 + c->to) + 1;
    r->key = xasprintf("%s>%s", from, to);
    r->title = xasprintf("%s waits on %s", from, to);
    r->dept = xstrdup(to);
    r->dept2 = xstrdup(from);
    r->n_cells = C_N;
    vcell_set(&r->cells[C_FROM], from, NULL, TR_NORMAL, ctx->ascii);
    vcell_set(&r->cells[C_TO], to, NULL, TR_NORMAL, ctx->ascii);
    vcell_setf(&r->cells[C_OPEN], heat_role(c, hottest), ctx->ascii, "%lld%s",
               (long long)c->open, c->breached ? "!" : "");
    if (c->breached)
        vcell_setf(&r->cells[C_LATE], TR_RED, ctx->ascii, "%lld", (long long)c->breached);
    else
        vcell_set(&r->cells[C_LATE], "0", NULL, TR_DIM, ctx->ascii);
    vcell_setf(&r->cells[C_OLDEST], c->oldest_days >= 28 ? TR_RED : TR_NORMAL, ctx->ascii,
               "%lldd", (long long)c->oldest_days);
}

static int fetch(struct store *st, const struct query *q, const struct view_ctx *ctx,
                 struct vrow **out, size_t *n, struct err *e)
{
    struct flow f;
    int rc = compute_cells(st, q->dept, &f, e);
    if (rc)
        return rc;
    size_t from, got = query_window(q, f.n_cell + 1, &from);
    struct vrow *rows = rows_new(got);
    size_t *idx = ranked(&f);
    int64_t hottest = hottest_of(&f);
    for (size_t i = 0; i < got; i++) {
        size_t at = from + i;
        struct vrow *r = &rows[i];
        if (at == 0) {
            char buf[160];
            bottleneck_text(&f, buf, sizeof buf);
            r->id = 0;
            r->key = xstrdup("");
            r->title = xstrdup(buf);
            r->n_cells = C_N;
            const char *who = f.bottleneck >= 0 ? f.dept[f.bottleneck].key : "none";
            r->dept = f.bottleneck >= 0 ? xstrdup(who) : NULL;
            vcell_set(&r->cells[C_FROM], "bottleneck", NULL, TR_TITLE, ctx->ascii);
            vcell_set(&r->cells[C_TO], who, NULL, f.bottleneck >= 0 ? TR_SEV1 : TR_DIM,
                      ctx->ascii);
            vcell_setf(&r->cells[C_OPEN], TR_TITLE, ctx->ascii, "%.0f%%",
                       f.bottleneck_share * 100.0);
            vcell_set(&r->cells[C_LATE], "", NULL, TR_DIM, ctx->ascii);
            vcell_set(&r->cells[C_OLDEST], "", NULL, TR_DIM, ctx->ascii);
            continue;
        }
        cell_row(r, &f, &f.cell[idx[at - 1]], hottest, ctx);
    }
    free(idx);
    flow_fini(&f);
    *out = rows;
    *n = got;
    return 0;
}

static int find(struct store *st, const char *key, int64_t *id, struct err *e)
{
    (void)st;
    (void)key;
    (void)id;
    (void)e;
    return 1; /* :goto names departments, projects, blockers, indicators and objectives */
}

/* ---- the whole flow --------------------------------------------------- */

/* The matrix as a heat map: a line per department (its row: what it
 * waits on), a column per department waited on, in configured order.
 * Every cell links on its own: a row's department and a column's heading
 * to the department's figures, a count (or the dot of none) to the
 * blockers of that flow; the cursor starts on the hottest cell. */
static void heat_map(struct doc *d, const struct flow *f, int width)
{
    int64_t hottest = hottest_of(f);
    int kw = 4, cw = 3;
    for (size_t i = 0; i < f->n_dept; i++) {
        int w = utf8_width(f->dept[i].key);
        if (w > kw)
            kw = w;
    }
    if (kw > 12)
        kw = 12;
    /* Each column is as wide as the widest count, keys cut to fit. */
    for (size_t i = 0; i < f->n_cell; i++) {
        char buf[32];
        int w = snprintf(buf, sizeof buf, "%lld!", (long long)f->cell[i].open);
        if (w > cw)
            cw = w;
    }
    size_t ncol = f->n_dept;
    while (ncol > 0 && kw + 2 + (int)ncol * (cw + 1) > width)
        ncol--;
    struct strbuf sb;
    sb_init(&sb);
    doc_addf(d, TR_COLUMN, "  %-*s ", kw, "on:");
    for (size_t j = 0; j < ncol; j++) {
        char key[16];
        snprintf(key, sizeof key, "%.*s", cw, f->dept[j].key);
        sb_clear(&sb);
        utf8_pad(&sb, key, cw, true, d->ascii);
        doc_add_raw(d, TR_COLUMN, " ");
        doc_add_cell(d, TR_COLUMN, sb_str(&sb), "flow", f->dept[j].key);
    }
    doc_nl(d);
    bool focused = false;
    for (size_t i = 0; i < f->n_dept; i++) {
        doc_add_raw(d, TR_NORMAL, "  ");
        sb_clear(&sb);
        utf8_pad(&sb, f->dept[i].key, kw, false, d->ascii);
        doc_add_cell(d, TR_NORMAL, sb_str(&sb), "flow", f->dept[i].key);
        doc_add_raw(d, TR_NORMAL, " ");
        for (size_t j = 0; j < ncol; j++) {
            const struct flow_cell *c = flow_cell_at(f, i, j);
            char buf[32], key[80];
            if (c)
                snprintf(buf, sizeof buf, "%lld%s", (long long)c->open, c->breached ? "!" : "");
            else
                snprintf(buf, sizeof buf, "%s", d->ascii ? "." : "·");
            snprintf(key, sizeof key, "%s>%s", f->dept[i].key, f->dept[j].key);
            /* right-aligned by display width ('·' is one column, two bytes) */
            sb_clear(&sb);
            utf8_pad(&sb, buf, cw, true, d->ascii);
            doc_add_raw(d, TR_NORMAL, " ");
            doc_add_cell(d, heat_role(c, hottest), sb_str(&sb), "flow", key);
            if (!focused && c && c->open == hottest) {
                doc_focus_here(d);
                focused = true;
            }
        }
        doc_nl(d);
    }
    sb_fini(&sb);
    if (ncol < f->n_dept)
        doc_addf(d, TR_DIM, "  (%zu more departments to the right: widen the terminal)",
                 f->n_dept - ncol);
    else
        doc_add(d, TR_DIM, "  rows wait on columns; n! = some past their SLA");
    doc_nl(d);
}

static void flow_line(struct doc *d, const struct flow *f, const struct flow_cell *c,
                      int64_t hottest)
{
    const char *arrow = d->ascii ? "->" : "→";
    doc_addf(d, TR_NORMAL, "  %-8s %s %-8s ", f->dept[c->from].key, arrow, f->dept[c->to].key);
    doc_addf(d, heat_role(c, hottest), "%4lld open", (long long)c->open);
    if (c->breached)
        doc_addf(d, TR_RED, ", %lld past SLA", (long long)c->breached);
    doc_addf(d, TR_DIM, ", oldest %lldd", (long long)c->oldest_days);
    char key[80];
    snprintf(key, sizeof key, "%s>%s", f->dept[c->from].key, f->dept[c->to].key);
    doc_link(d, pane_names[PANE_FLOW], key);
    doc_nl(d);
}

/* A figure with its trend in brackets; counts (prec 0) are whole. */
static void figure(struct doc *d, const struct flow_figure *x, int prec, const char *unit)
{
    if (!x->have) {
        doc_add(d, TR_DIM, "-");
        return;
    }
    doc_addf(d, TR_NORMAL, "%.*f%s", prec, x->now, unit);
    if (x->have_prev) {
        double delta = x->now - x->prev;
        if (delta > 0.05 || delta < -0.05)
            doc_addf(d, delta > 0 ? TR_AMBER : TR_GREEN, " (%+.*f)", prec, delta);
    }
}

static void dept_figures(struct doc *d, const struct flow *f, size_t i)
{
    const struct flow_dept *x = &f->dept[i];
    doc_addf(d, TR_NORMAL, "  %-8s waited on by ", x->key);
    figure(d, &x->waiting_on_it, 0, "");
    doc_add(d, TR_NORMAL, ", ");
    figure(d, &x->blocked_project_days, 1, " project-days");
    doc_add(d, TR_NORMAL, "; first verdict ");
    figure(d, &x->median_first_verdict_hours, 1, "h");
    doc_add(d, TR_NORMAL, ", resolved in ");
    figure(d, &x->median_resolve_days, 1, "d");
    doc_add(d, TR_NORMAL, ", ");
    figure(d, &x->resolved_per_week, 1, "/week");
    doc_link(d, pane_names[PANE_FLOW], x->key);
    doc_nl(d);
}

static void aging_chart(struct doc *d, const struct flow *f)
{
    int64_t max = 1;
    for (int k = 0; k < FLOW_WEEKS; k++) {
        int64_t t = 0;
        for (int b = 0; b < FLOW_BANDS; b++)
            t += f->week[k].band[b];
        if (t > max)
            max = t;
    }
    static const char *const fill_utf8[FLOW_BANDS] = {"░", "▒", "▓", "█"};
    static const char *const fill_ascii[FLOW_BANDS] = {".", "-", "=", "#"};
    static const enum theme_role role[FLOW_BANDS] = {TR_GREEN, TR_NORMAL, TR_AMBER, TR_RED};
    const char *const *fill = d->ascii ? fill_ascii : fill_utf8;
    const int bar = 40;
    for (int k = 0; k < FLOW_WEEKS; k++) {
        char day[16];
        time_fmt_date(f->week[k].at, day);
        doc_addf(d, TR_DIM, "  %s ", day + 5);
        int64_t total = 0;
        for (int b = 0; b < FLOW_BANDS; b++) {
            int64_t v = f->week[k].band[b];
            total += v;
            int cells = (int)((v * bar + max - 1) / max);
            struct strbuf sb;
            sb_init(&sb);
            for (int c = 0; c < cells; c++)
                sb_add(&sb, fill[b]);
            doc_add_raw(d, role[b], sb_str(&sb));
            sb_fini(&sb);
        }
        doc_addf(d, TR_NORMAL, " %lld", (long long)total);
        doc_nl(d);
    }
    doc_add(d, TR_DIM, "  ");
    for (int b = 0; b < FLOW_BANDS; b++) {
        doc_add_raw(d, role[b], fill[b]);
        doc_addf(d, TR_DIM, " %s  ", flow_band_name(b));
    }
    doc_nl(d);
}

static void whole(struct doc *d, const struct flow *f, int width)
{
    char buf[160];
    bottleneck_text(f, buf, sizeof buf);
    d->title = xstrdup("Flow");
    doc_add(d, f->bottleneck >= 0 ? TR_RED : TR_TITLE, buf);
    doc_nl(d);
    doc_addf(d, TR_DIM, "%lld open blockers wait on a department", (long long)f->open_waiting);
    if (f->no_waiting_on)
        doc_addf(d, TR_DIM, ", %lld name none", (long long)f->no_waiting_on);
    doc_nl(d);
    detail_heading(d, "Who waits on whom (Enter: a cell's blockers, a department's figures)");
    heat_map(d, f, width);
    detail_heading(d, "Open blockers by age, week by week");
    aging_chart(d, f);
    detail_heading(d, "Largest flows (Enter: their blockers)");
    size_t *idx = ranked(f);
    int64_t hottest = hottest_of(f);
    for (size_t i = 0; i < f->n_cell && i < 12; i++)
        flow_line(d, f, &f->cell[idx[i]], hottest);
    free(idx);
    if (!f->n_cell) {
        doc_add(d, TR_DIM, "  none");
        doc_nl(d);
    }
    detail_heading(d, "Per department waited on (Enter: its figures over the last 30 days)");
    for (size_t i = 0; i < f->n_dept; i++) {
        const struct flow_dept *x = &f->dept[i];
        doc_addf(d, TR_NORMAL, "  %-8s waited on by %.0f, %.1f project-days", x->key,
                 x->waiting_on_it.now, x->blocked_project_days.now);
        if (f->total_project_days > 0 && x->blocked_project_days.now > 0)
            doc_addf(d, (long)i == f->bottleneck ? TR_RED : TR_DIM, " (%.0f%%)",
                     100.0 * x->blocked_project_days.now / f->total_project_days);
        doc_link(d, pane_names[PANE_FLOW], x->key);
        doc_nl(d);
    }
}

/* ---- a department's figures and a cell's blockers ------------------------- */

static void one_dept(struct doc *d, const struct flow *f, size_t i)
{
    d->title = xasprintf("Flow %s", f->dept[i].key);
    doc_add(d, TR_TITLE, f->dept[i].key);
    doc_add(d, TR_TITLE, "  ");
    doc_add(d, TR_TITLE, f->dept[i].name);
    doc_nl(d);
    if (f->bottleneck == (long)i) {
        char buf[160];
        bottleneck_text(f, buf, sizeof buf);
        doc_add(d, TR_RED, buf);
        doc_nl(d);
    }
    detail_heading(d, "Figures, last 30 days (trend against the 30 before)");
    dept_figures(d, f, i);
    int64_t hottest = hottest_of(f);
    detail_heading(d, "Waiting on it (its column)");
    for (size_t j = 0; j < f->n_dept; j++)
        if (flow_cell_at(f, j, i))
            flow_line(d, f, flow_cell_at(f, j, i), hottest);
    detail_heading(d, "It waits on (its row)");
    for (size_t j = 0; j < f->n_dept; j++)
        if (flow_cell_at(f, i, j))
            flow_line(d, f, flow_cell_at(f, i, j), hottest);
}

enum { CELL_LIST_MAX = 500 };

/* The flow's open blockers, most urgent first: as many as ctx asks for
 * (the rows the cockpit shows, and more as its cursor comes down), up to
 * CELL_LIST_MAX. */
static int cell_blockers(struct store *st, struct doc *d, const char *from, const char *to,
                         const struct view_ctx *ctx, struct err *e)
{
    int limit = ctx->list_rows > 0 && ctx->list_rows < CELL_LIST_MAX ? ctx->list_rows
                                                                       : CELL_LIST_MAX;
    struct flow_blockers fb;
    int rc = flow_cell_blockers(st, from, to, limit, &fb, e);
    if (rc)
        return rc;
    d->title = xasprintf("Flow %s>%s", from, to);
    doc_addf(d, TR_TITLE, "%s waits on %s: %lld open", from, to, (long long)fb.total);
    if (fb.breached)
        doc_addf(d, TR_RED, ", %lld past the SLA", (long long)fb.breached);
    doc_nl(d);
    detail_heading(d, "Open blockers, most urgent first (Enter opens one, verdict keys act on it)");
    for (size_t i = 0; i < fb.n; i++) {
        const struct flow_blocker *b = &fb.v[i];
        if (b->severity)
            doc_addf(d, view_severity_role(b->severity), "  S%d ", b->severity);
        else
            doc_add(d, TR_DIM, "  S? ");
        doc_add(d, b->breached ? TR_RED : TR_DIM, b->breached ? "! " : "  ");
        doc_addf(d, TR_NORMAL, "%-8s ", b->key);
        doc_add(d, TR_NORMAL, b->title);
        doc_addf(d, TR_DIM, "  %s, %s", b->project, b->state);
        doc_link(d, pane_names[PANE_BLOCKERS], b->key);
        doc_nl(d);
    }
    int64_t shown_at_most = fb.total < CELL_LIST_MAX ? fb.total : CELL_LIST_MAX;
    if (!fb.n) {
        doc_add(d, TR_DIM, "  none now");
        doc_nl(d);
    } else if (limit < CELL_LIST_MAX && shown_at_most > (int64_t)fb.n) {
        d->more = true;
        doc_addf(d, TR_DIM, "  (%lld more below)", (long long)(shown_at_most - (int64_t)fb.n));
        doc_nl(d);
    } else if (fb.total > (int64_t)fb.n) {
        doc_addf(d, TR_DIM, "  (the first %zu; 'baton blocker list --dept %s --waiting-on %s' lists"
                 " them all)", fb.n, from, to);
        doc_nl(d);
    }
    flow_blockers_fini(&fb);
    return 0;
}

static int detail(struct store *st, const char *key, int width, const struct view_ctx *ctx,
                  struct doc *doc, struct err *e)
{
    const char *gt = key ? strchr(key, '>') : NULL;
    if (gt) {
        char *from = xstrndup(key, (size_t)(gt - key));
        int rc = cell_blockers(st, doc, from, gt + 1, ctx, e);
        free(from);
        return rc;
    }
    struct flow f;
    int rc = compute(st, NULL, !(key && *key), &f, e);
    if (rc)
        return rc;
    long i = key && *key ? flow_dept_index(&f, key) : -1;
    if (key && *key && i < 0)
        rc = err_set(e, ERR_USAGE, "no department '%s'", key);
    else if (i >= 0)
        one_dept(doc, &f, (size_t)i);
    else
        whole(doc, &f, width);
    flow_fini(&f);
    return rc;
}

const struct pane_class pane_flow = {
    .kind = PANE_FLOW,
    .title = "Flow",
    .entity = "blocker",
    .cols = cols,
    .n_cols = C_N,
    .sorts = sorts,
    .n_sorts = sizeof sorts / sizeof sorts[0],
    .narrowable = true,
    .count = count,
    .fetch = fetch,
    .find = find,
    .detail = detail,
};
