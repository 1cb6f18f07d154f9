/*
 * The objectives pane: the company's objectives as a tree, each
 * department's objectives under the company objective they serve, with
 * progress, health and the last confidence check-in. Its detail view
 * shows the parent, the children, the key results (an indicator's with
 * its sparkline), the projects that serve it and the check-ins; each of
 * them opens with Enter.
 *
 * Objectives number dozens, not millions: the pane reads them all in tree
 * order (objective_list) and cuts the window from that. A filter or a
 * narrowed department keeps the parents of what it shows, so the tree
 * still reads from the company down.
 *
 * Health reads without colour: each word is spelled out after its mark
 * (on track, at risk, off track), and ASCII terminals get ASCII marks and
 * tree lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/indicator.h"
#include "baton/objective.h"
#include "baton/project.h"
#include "baton/utf8.h"
#include "view_internal.h"

enum { C_KEY, C_TITLE, C_DEPT, C_PERIOD, C_PROGRESS, C_HEALTH, C_CONF, C_N };

static const struct col_spec cols[C_N] = {
    [C_KEY] = {"Key", 5, 8, 14, 1, false, NULL, true, 0},
    [C_TITLE] = {"Objective", 12, 24, 0, 1, false, NULL, false, 0},
    [C_DEPT] = {"Dept", 3, 7, 7, 3, false, NULL, false, 0},
    [C_PERIOD] = {"Period", 7, 7, 7, 4, false, NULL, false, 0}, /* whole or not at all */
    [C_PROGRESS] = {"Progress", 4, 11, 11, 2, true, "Done", false, 0},
    /* in words at any width: the mark alone needs colour or the legend */
    [C_HEALTH] = {"Health", 11, 11, 11, 1, false, NULL, false, 0},
    [C_CONF] = {"Conf.", 4, 5, 5, 3, true, NULL, false, 0},
};

static const struct sort_opt sorts[] = {
    {"tree", 0, -1},
};

/* The health an objective's is drawn as: its mark and role. */
enum health view_objective_health(enum objective_health h)
{
    static const enum health as[] = {
        [OBJECTIVE_UNKNOWN] = HEALTH_UNKNOWN,
        [OBJECTIVE_ON_TRACK] = HEALTH_GREEN,
        [OBJECTIVE_AT_RISK] = HEALTH_AMBER,
        [OBJECTIVE_OFF_TRACK] = HEALTH_RED,
    };
    return (unsigned)h < sizeof as / sizeof as[0] ? as[h] : HEALTH_UNKNOWN;
}

void view_objective_health_text(enum objective_health h, const struct view_ctx *ctx, char *out,
                                size_t n)
{
    snprintf(out, n, "%s %s", ctx->g->health[view_objective_health(h)], objective_health_name(h));
}

/* ---- the tree ---------------------------------------------------------- */

/* s in lower case (ASCII letters), malloc'd. */
static char *lower(const char *s)
{
    char *c = xstrdup(s ? s : "");
    for (char *p = c; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return c;
}

/* Whether o is what q asks for: the narrowed department's, and every
 * word of the filter in its key or title (case-insensitively). */
static bool wanted(const struct objective *o, const struct query *q)
{
    if (q->dept && !str_eq(o->department, q->dept))
        return false;
    if (str_empty(q->text))
        return true;
    char *both = xasprintf("%s %s", o->key, o->title ? o->title : "");
    char *hay = lower(both), *words = lower(q->text);
    bool all = true;
    for (char *w = strtok(words, " "); w && all; w = strtok(NULL, " "))
        all = strstr(hay, w) != NULL;
    free(words);
    free(hay);
    free(both);
    return all;
}

/* The objectives q shows, in tree order: those wanted and their parents.
 * *out holds indexes into v. */
static size_t visible(const struct objective *v, size_t n, const struct query *q, size_t **out)
{
    bool *keep = xcalloc(n ? n : 1, sizeof *keep);
    for (size_t i = 0; i < n; i++) {
        if (!wanted(&v[i], q))
            continue;
        keep[i] = true;
        /* the parents stand above in tree order, each shallower */
        int depth = v[i].depth;
        for (size_t j = i; j-- > 0 && depth > 0;)
            if (v[j].depth < depth) {
                keep[j] = true;
                depth = v[j].depth;
            }
    }
    size_t *idx = xcalloc(n ? n : 1, sizeof *idx), m = 0;
    for (size_t i = 0; i < n; i++)
        if (keep[i])
            idx[m++] = i;
    free(keep);
    *out = idx;
    return m;
}

/* Whether the objective at idx[at] has a sibling after it among those shown. */
static bool has_next_sibling(const struct objective *v, const size_t *idx, size_t m, size_t at)
{
    int depth = v[idx[at]].depth;
    for (size_t j = at + 1; j < m; j++) {
        if (v[idx[j]].depth < depth)
            return false;
        if (v[idx[j]].depth == depth)
            return true;
    }
    return false;
}

/* The tree lines before the title of the objective at idx[at]: for each
 * level above its parent a bar when that level goes on below, then a tee
 * or an elbow. */
static void tree_prefix(const struct objective *v, const size_t *idx, size_t m, size_t at,
                        bool ascii, struct strbuf *sb)
{
    int depth = v[idx[at]].depth;
    if (depth <= 0)
        return;
    /* the ancestor at each level: the last shallower row before this one */
    for (int level = 1; level < depth; level++) {
        size_t anc = at;
        for (size_t j = at; j-- > 0;)
            if (v[idx[j]].depth == level) {
                anc = j;
                break;
            }
        bool more = anc != at && has_next_sibling(v, idx, m, anc);
        sb_add(sb, more ? (ascii ? "| " : "│ ") : "  ");
    }
    bool more = has_next_sibling(v, idx, m, at);
    sb_add(sb, more ? (ascii ? "|-" : "├ ") : (ascii ? "`-" : "└ "));
}

/* Every objective in tree order (v, nv) and those a query shows: idx[0]
 * to idx[m - 1] index v. */
struct tree {
    struct objective *v;
    size_t nv;
    size_t *idx;
    size_t m;
};

/* On failure t holds nothing. */
static int tree_read(struct store *st, const struct query *q, struct tree *t, struct err *e)
{
    struct objective_filter f = {0};
    memset(t, 0, sizeof *t);
    int rc = objective_list(st, &f, &t->v, &t->nv, e);
    if (rc == 0)
        t->m = visible(t->v, t->nv, q, &t->idx);
    return rc;
}

static void tree_fini(struct tree *t)
{
    free(t->idx);
    objective_list_free(t->v, t->nv);
}

static int count(struct store *st, const struct query *q, int64_t *n, struct err *e)
{
    struct tree t;
    int rc = tree_read(st, q, &t, e);
    if (rc)
        return rc;
    *n = (int64_t)t.m;
    tree_fini(&t);
    return 0;
}

void view_objective_progress(double progress, int width, const struct view_ctx *ctx,
                             struct strbuf *sb)
{
    if (progress < 0) {
        sb_add(sb, "-");
        return;
    }
    int pct = (int)(progress * 100.0 + 0.5);
    view_bar(pct, width, ctx->g, sb);
    sb_addf(sb, " %3d%%", pct);
}

static void fill_row(struct vrow *r, const struct objective *o, const char *tree,
                     const struct view_ctx *ctx)
{
    r->id = o->id;
    r->key = xstrdup(o->key);
    r->title = xstrdup(o->title ? o->title : "");
    r->dept = o->department ? xstrdup(o->department) : NULL;
    r->n_cells = C_N;
    vcell_set(&r->cells[C_KEY], o->key, NULL, o->depth ? TR_NORMAL : TR_TITLE, ctx->ascii);
    char *title = xasprintf("%s%s", tree, o->title ? o->title : "");
    vcell_set(&r->cells[C_TITLE], title, NULL, o->depth ? TR_NORMAL : TR_TITLE, ctx->ascii);
    free(title);
    vcell_set(&r->cells[C_DEPT], o->department ? o->department : "company", NULL,
              o->department ? TR_NORMAL : TR_DIM, ctx->ascii);
    vcell_set(&r->cells[C_PERIOD], o->period, NULL, TR_NORMAL, ctx->ascii);
    struct strbuf bar;
    sb_init(&bar);
    view_objective_progress(o->progress, 6, ctx, &bar);
    char pct[8] = "-";
    if (o->progress >= 0)
        snprintf(pct, sizeof pct, "%d%%", (int)(o->progress * 100.0 + 0.5));
    vcell_set(&r->cells[C_PROGRESS], sb_str(&bar), pct, o->progress < 0 ? TR_DIM : TR_NORMAL,
              ctx->ascii);
    sb_fini(&bar);
    char health[48];
    view_objective_health_text(o->health, ctx, health, sizeof health);
    enum health h = view_objective_health(o->health);
    vcell_set(&r->cells[C_HEALTH], health, ctx->g->health[h], view_health_role(h), ctx->ascii);
    if (o->confidence > 0)
        vcell_setf(&r->cells[C_CONF],
                   o->confidence <= OBJECTIVE_OFF_CONFIDENCE    ? TR_RED
                   : o->confidence <= OBJECTIVE_RISK_CONFIDENCE ? TR_AMBER
                                                                : TR_NORMAL,
                   ctx->ascii, "%d/10", o->confidence);
    else
        vcell_set(&r->cells[C_CONF], "-", NULL, TR_DIM, ctx->ascii);
}

static int fetch(struct store *st, const struct query *q, const struct view_ctx *ctx,
                 struct vrow **out, size_t *n, struct err *e)
{
    struct tree t;
    int rc = tree_read(st, q, &t, e);
    if (rc)
        return rc;
    size_t from, got = query_window(q, t.m, &from);
    struct vrow *rows = rows_new(got);
    struct strbuf lines;
    sb_init(&lines);
    for (size_t i = 0; i < got; i++) {
        sb_clear(&lines);
        tree_prefix(t.v, t.idx, t.m, from + i, ctx->ascii, &lines);
        fill_row(&rows[i], &t.v[t.idx[from + i]], sb_str(&lines), ctx);
    }
    sb_fini(&lines);
    tree_fini(&t);
    *out = rows;
    *n = got;
    return 0;
}

static int find(struct store *st, const char *key, int64_t *id, struct err *e)
{
    struct objective o = {0};
    int rc = find_result(objective_get(st, key, &o, e), e);
    if (rc == 0)
        *id = o.id;
    objective_fini(&o);
    return rc;
}

/* ---- the detail view --------------------------------------------------- */

static void none(struct doc *d, const char *text);

/* An objective on one line: mark, key, title, then its figures; tree
 * lines (may be "") before the mark. */
static void objective_line(struct doc *d, const struct objective *o, const char *tree, int width,
                           const struct view_ctx *ctx)
{
    enum health h = view_objective_health(o->health);
    enum theme_role r = view_health_role(h);
    doc_add(d, TR_NORMAL, "  ");
    doc_add_raw(d, r, ctx->g->health[h]);
    doc_addf(d, r, " %-9s ", objective_health_name(o->health));
    doc_add_raw(d, TR_DIM, tree);
    int title = detail_key_title(d, o->key, o->title);
    if (o->progress >= 0)
        doc_addf(d, TR_DIM, " %s %d%%", ctx->g->dot, (int)(o->progress * 100.0 + 0.5));
    if (o->confidence > 0)
        doc_addf(d, TR_DIM, " %s confidence %d/10", ctx->g->dot, o->confidence);
    doc_fit(d, width, title);
    doc_link(d, pane_names[PANE_OBJECTIVES], o->key);
    doc_nl(d);
}

void view_objective_line(struct doc *d, const struct objective *o, int width,
                         const struct view_ctx *ctx)
{
    objective_line(d, o, "", width, ctx);
}

/* The whole tree (the detail of key ""): every objective neither done nor
 * dropped, company ones first, each department's under the one it serves. */
static int tree_doc(struct store *st, int width, const struct view_ctx *ctx, struct doc *d,
                    struct err *e)
{
    struct query all = {0};
    struct tree t;
    int rc = tree_read(st, &all, &t, e);
    if (rc)
        return rc;
    d->title = xstrdup("Objectives");
    doc_add(d, TR_TITLE, "Objectives");
    doc_addf(d, TR_DIM, "  %zu neither done nor dropped; Enter opens one, C records a check-in",
             t.nv);
    doc_nl(d);
    doc_nl(d);
    if (!t.nv)
        none(d, "none yet: baton objective add KEY --title TEXT --period 2027");
    struct strbuf lines;
    sb_init(&lines);
    for (size_t i = 0; i < t.m; i++) {
        sb_clear(&lines);
        tree_prefix(t.v, t.idx, t.m, i, ctx->ascii, &lines);
        objective_line(d, &t.v[t.idx[i]], sb_str(&lines), width, ctx);
    }
    sb_fini(&lines);
    tree_fini(&t);
    return 0;
}

/* "progress 45% with 60% of 2027-Q1 gone, confidence 5/10". */
static void health_why(const struct objective *o, const struct view_ctx *ctx, char *out, size_t n)
{
    size_t len = 0;
    out[0] = 0;
    double elapsed = objective_period_elapsed(o->period, time_org_day_number(ctx->now));
    if (o->progress >= 0 && elapsed >= 0)
        len += (size_t)snprintf(out, n, "progress %d%% with %d%% of %s gone",
                                (int)(o->progress * 100.0 + 0.5), (int)(elapsed * 100.0 + 0.5),
                                o->period);
    else
        len += (size_t)snprintf(out, n, "nothing measures its progress yet");
    if (len < n && o->confidence > 0)
        snprintf(out + len, n - len, ", confidence %d/10", o->confidence);
    else if (len < n)
        snprintf(out + len, n - len, ", no check-in yet");
}

static void result_line(struct doc *d, struct store *st, const struct key_result *k, int width,
                        const struct view_ctx *ctx)
{
    bool ind = k->kind == KEY_RESULT_INDICATOR;
    doc_add(d, TR_NORMAL, "  ");
    doc_addf(d, TR_DIM, "%-9s ", ind ? "indicator" : "project");
    int title = detail_key_title(d, k->key, k->title);
    struct strbuf sb;
    sb_init(&sb);
    if (ind) {
        sb_add(&sb, " ");
        if (k->has_baseline)
            view_fmt_value(k->baseline, k->unit, &sb);
        else
            sb_add(&sb, "?");
        sb_add(&sb, ctx->ascii ? " -> " : " → ");
        if (k->has_value)
            view_fmt_value(k->value, k->unit, &sb);
        else
            sb_add(&sb, "no reading");
        sb_add(&sb, " of ");
        if (k->has_target)
            view_fmt_value(k->target, k->unit, &sb);
        else
            sb_add(&sb, "no target");
    }
    doc_add(d, TR_DIM, sb_str(&sb));
    sb_clear(&sb);
    sb_add(&sb, " ");
    view_objective_progress(k->progress, 6, ctx, &sb);
    doc_add_raw(d, k->progress < 0 ? TR_DIM : TR_NORMAL, sb_str(&sb));
    if (ind) {
        double spark[12];
        int got = 0;
        struct err e = {0};
        if (indicator_spark(st, k->key, 12, spark, &got, &e) == 0 && got > 1) {
            sb_clear(&sb);
            view_spark(spark, got, got, ctx->g, &sb);
            doc_add(d, TR_NORMAL, " ");
            doc_add_raw(d, TR_SPARK, sb_str(&sb));
        }
    }
    sb_fini(&sb);
    doc_fit(d, width, title);
    doc_link(d, pane_names[ind ? PANE_INDICATORS : PANE_PROJECTS], k->key);
    doc_nl(d);
}

static void project_line(struct doc *d, const struct project *p, int width,
                         const struct view_ctx *ctx)
{
    enum theme_role r = view_health_role(p->health);
    doc_add(d, TR_NORMAL, "  ");
    doc_add_raw(d, r, ctx->g->health[p->health]);
    doc_addf(d, r, " %-6s ", view_health_word(p->health));
    int title = detail_key_title(d, p->key, p->title);
    doc_addf(d, TR_DIM, " %s %s, %s, %d%%", ctx->g->dot, p->department,
             project_status_name(p->status), p->progress);
    doc_fit(d, width, title);
    doc_link(d, pane_names[PANE_PROJECTS], p->key);
    doc_nl(d);
}

static void none(struct doc *d, const char *text)
{
    doc_add(d, TR_DIM, "  ");
    doc_add(d, TR_DIM, text);
    doc_nl(d);
}

/* A heading counting n items ("Children (2)"), and empty when there are none. */
static void section(struct doc *d, const char *title, size_t n, const char *empty)
{
    char buf[80];
    snprintf(buf, sizeof buf, "%s (%zu)", title, n);
    detail_heading(d, buf);
    if (!n)
        none(d, empty);
}

static int detail_family(struct doc *d, struct store *st, const struct objective *o, int width,
                         const struct view_ctx *ctx, struct err *e)
{
    detail_heading(d, "Parent");
    struct objective parent = {0};
    if (o->parent && objective_get(st, o->parent, &parent, e) == 0)
        view_objective_line(d, &parent, width, ctx);
    else
        none(d,
             o->department ? "none: it serves no company objective" : "none: a company objective");
    objective_fini(&parent);
    struct objective_filter f = {.parent = o->key, .status = "all"};
    struct objective *kids = NULL;
    size_t nk = 0;
    int rc = objective_list(st, &f, &kids, &nk, e);
    if (rc)
        return rc;
    section(d, "Children", nk, "no objective under it");
    for (size_t i = 0; i < nk; i++)
        view_objective_line(d, &kids[i], width, ctx);
    objective_list_free(kids, nk);
    return 0;
}

static int detail_results(struct doc *d, struct store *st, const struct objective *o, int width,
                          const struct view_ctx *ctx, struct err *e)
{
    struct key_result *kr = NULL;
    size_t nr = 0;
    int rc = objective_results(st, o->key, &kr, &nr, e);
    if (rc)
        return rc;
    char hint[160];
    snprintf(hint, sizeof hint, "none: baton objective link %s --indicator I | --project P",
             o->key);
    section(d, "Key results", nr, hint);
    for (size_t i = 0; i < nr; i++)
        result_line(d, st, &kr[i], width, ctx);
    key_result_list_free(kr, nr);
    struct project *pv = NULL;
    size_t np = 0;
    if ((rc = objective_projects(st, o->key, &pv, &np, e)))
        return rc;
    snprintf(hint, sizeof hint, "none: baton project edit PROJECT --serves %s", o->key);
    section(d, "Projects that serve it", np, hint);
    for (size_t i = 0; i < np; i++)
        project_line(d, &pv[i], width, ctx);
    project_list_free(pv, np);
    return 0;
}

static int detail_checkins(struct doc *d, struct store *st, const struct objective *o,
                           const struct view_ctx *ctx, struct err *e)
{
    struct objective_checkin *cv = NULL;
    size_t nc = 0;
    int rc = objective_checkins(st, o->key, 20, &cv, &nc, e);
    if (rc)
        return rc;
    section(d, "Check-ins", nc, "none yet: C records one (a digit, 0 for 10)");
    for (size_t i = 0; i < nc; i++) {
        btime t = 0;
        char when[TIME_SHOW_MAX] = "?";
        if (time_parse(cv[i].at, &t))
            time_show(t, when);
        int c = cv[i].confidence;
        doc_add(d, TR_NORMAL, "  ");
        doc_addf(d,
                 c <= OBJECTIVE_OFF_CONFIDENCE    ? TR_RED
                 : c <= OBJECTIVE_RISK_CONFIDENCE ? TR_AMBER
                                                  : TR_GREEN,
                 "%2d/10", c);
        doc_add(d, TR_DIM, "  ");
        doc_add(d, TR_DIM, when);
        doc_add(d, TR_DIM, "  ");
        doc_add(d, TR_DIM, cv[i].who ? cv[i].who : "?");
        if (!str_empty(cv[i].note)) {
            doc_add(d, TR_NORMAL, "  ");
            doc_add(d, TR_NORMAL, cv[i].note);
        }
        doc_nl(d);
    }
    (void)ctx;
    objective_checkin_list_free(cv, nc);
    return 0;
}

static int detail(struct store *st, const char *key, int width, const struct view_ctx *ctx,
                  struct doc *d, struct err *e)
{
    if (str_empty(key))
        return tree_doc(st, width, ctx, d, e);
    struct objective o = {0};
    int rc = objective_get(st, key, &o, e);
    if (rc)
        return rc;
    detail_open(d, "Objective", o.key, o.title);
    const int lw = 12;
    if (o.department)
        doc_link(d, pane_names[PANE_DEPARTMENTS], o.department);
    doc_field(d, "Department", lw, o.department ? TR_NORMAL : TR_DIM,
              o.department ? o.department : "none: a company objective");
    doc_field(d, "Period", lw, TR_NORMAL, o.period);
    doc_field(d, "Owner", lw, o.owner ? TR_NORMAL : TR_DIM, o.owner ? o.owner : "nobody");
    doc_field(d, "Status", lw, TR_NORMAL, objective_status_name(o.status));
    struct strbuf sb;
    sb_init(&sb);
    view_objective_progress(o.progress, 20, ctx, &sb);
    doc_add_raw(d, TR_COLUMN, "Progress    ");
    doc_add_raw(d, o.progress < 0 ? TR_DIM : TR_NORMAL, sb_str(&sb));
    doc_nl(d);
    sb_fini(&sb);
    char buf[200], why[160];
    view_objective_health_text(o.health, ctx, buf, sizeof buf);
    health_why(&o, ctx, why, sizeof why);
    size_t len = strlen(buf);
    snprintf(buf + len, sizeof buf - len, "  (%s)", why);
    doc_field(d, "Health", lw, view_health_role(view_objective_health(o.health)), buf);
    if (o.confidence > 0)
        snprintf(buf, sizeof buf, "%d/10", o.confidence);
    doc_field(d, "Confidence", lw, o.confidence ? TR_NORMAL : TR_DIM,
              o.confidence ? buf : "no check-in yet");
    snprintf(buf, sizeof buf, "%lld", (long long)o.version);
    doc_field(d, "Version", lw, TR_DIM, buf);
    if (!str_empty(o.description)) {
        detail_heading(d, "Description");
        detail_wrap(d, TR_NORMAL, o.description, width, 2);
    }
    rc = detail_family(d, st, &o, width, ctx, e);
    if (!rc)
        rc = detail_results(d, st, &o, width, ctx, e);
    if (!rc)
        rc = detail_checkins(d, st, &o, ctx, e);
    if (!rc)
        rc = detail_history(d, st, "objective", o.key, 20, e);
    objective_fini(&o);
    return rc;
}

const struct pane_class pane_objectives = {
    .kind = PANE_OBJECTIVES,
    .title = "Objectives",
    .entity = "objective",
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
