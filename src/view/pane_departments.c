/*
 * The departments pane: each department with its lead and its roll-up
 * (health, open blockers with the new ones marked, projects at risk,
 * indicators off target). Its detail view lists the department's
 * projects, open blockers and indicators.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baton/blocker.h"
#include "baton/department.h"
#include "baton/indicator.h"
#include "baton/project.h"
#include "view_internal.h"

enum { C_KEY, C_NAME, C_LEAD, C_HEALTH, C_BLOCKERS, C_RISK, C_OFF, C_N };

static const struct col_spec cols[C_N] = {
    [C_KEY] = {"Key", 3, 6, 8, 1, false, NULL, false, 0},
    [C_NAME] = {"Name", 8, 14, 0, 1, false, NULL, false, 0},
    [C_LEAD] = {"Lead", 5, 8, 10, 4, false, NULL, false, 0},
    [C_HEALTH] = {"Health", 1, 7, 7, 1, false, NULL, false, 0},
    [C_BLOCKERS] = {"Blockers", 4, 8, 8, 2, true, "Blk", true, 0},
    [C_RISK] = {"At risk", 4, 7, 7, 3, true, "Risk", true, 0},
    [C_OFF] = {"Off tgt", 3, 7, 7, 3, true, "Off", true, 0},
};

static const struct sort_opt sorts[] = {
    {"order", DEPT_SORT_ORDER, -1},
    {"key", DEPT_SORT_KEY, C_KEY},
    {"name", DEPT_SORT_NAME, C_NAME},
    {"health", DEPT_SORT_HEALTH, C_HEALTH},
};

static void count_cell(struct vcell *c, int n, enum theme_role role, bool ascii)
{
    if (n == 0)
        vcell_set(c, "0", NULL, TR_DIM, ascii);
    else
        vcell_setf(c, role, ascii, "%d", n);
}

static int fetch(struct store *st, const struct query *q, const struct view_ctx *ctx,
                 struct vrow **out, size_t *n, struct err *e)
{
    struct department *v = NULL;
    size_t nv = 0;
    int rc = department_list(st, q, &v, &nv, e);
    if (rc)
        return rc;
    struct vrow *rows = rows_new(nv);
    for (size_t i = 0; i < nv; i++) {
        struct department *d = &v[i];
        struct vrow *r = &rows[i];
        r->id = d->id;
        r->key = xstrdup(d->key);
        r->title = xstrdup(d->name);
        r->dept = xstrdup(d->key);
        r->n_cells = C_N;
        vcell_set(&r->cells[C_KEY], d->key, NULL, TR_NORMAL, ctx->ascii);
        vcell_set(&r->cells[C_NAME], d->name, NULL, TR_NORMAL, ctx->ascii);
        vcell_set(&r->cells[C_LEAD], d->lead ? d->lead : "-", NULL,
                  d->lead ? TR_NORMAL : TR_DIM, ctx->ascii);
        cell_health(&r->cells[C_HEALTH], d->health, ctx);
        if (d->new_blockers > 0) {
            char text[48], alt[24];
            snprintf(text, sizeof text, "%d %s%d", d->open_blockers, ctx->g->mark_new,
                     d->new_blockers);
            snprintf(alt, sizeof alt, "%d%s", d->open_blockers, ctx->g->mark_new);
            vcell_set(&r->cells[C_BLOCKERS], text, alt, TR_AMBER, ctx->ascii);
        } else {
            count_cell(&r->cells[C_BLOCKERS], d->open_blockers, TR_NORMAL, ctx->ascii);
        }
        count_cell(&r->cells[C_RISK], d->projects_at_risk, TR_AMBER, ctx->ascii);
        count_cell(&r->cells[C_OFF], d->indicators_off, TR_AMBER, ctx->ascii);
    }
    department_list_free(v, nv);
    *out = rows;
    *n = nv;
    return 0;
}

static int find(struct store *st, const char *key, int64_t *id, struct err *e)
{
    struct department d = {0};
    int rc = find_result(department_get(st, key, &d, e), e);
    if (rc == 0)
        *id = d.id;
    department_fini(&d);
    return rc;
}

/* A section's heading counting n items: "Projects (12)", "(100+)" when
 * the list stopped at its limit (0: none). */
static void count_heading(struct doc *doc, const char *title, size_t n, int limit)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%s (%zu%s)", title, n, limit && n == (size_t)limit ? "+" : "");
    detail_heading(doc, buf);
}

/* A key column w wide, widened to hold key: keys are ASCII, so their
 * bytes are their columns. */
static int key_width(int w, const char *key)
{
    int n = (int)strlen(key);
    return n > w ? n : w;
}

static void project_line(struct doc *doc, const struct project *p, int kw,
                         const struct view_ctx *ctx)
{
    doc_addf(doc, TR_NORMAL, "  %s ", ctx->g->health[p->health]);
    doc_addf(doc, TR_NORMAL, "%-*s ", kw, p->key);
    doc_add(doc, TR_NORMAL, p->title);
    doc_addf(doc, TR_DIM, "  %s, %d%%", project_status_name(p->status), p->progress);
    if (p->due)
        doc_addf(doc, p->overdue ? TR_RED : TR_DIM, ", due %s%s", p->due,
                 p->overdue ? " (overdue)" : "");
    doc_link(doc, pane_names[PANE_PROJECTS], p->key);
    doc_nl(doc);
}

static void blocker_line(struct doc *doc, const struct blocker *b)
{
    detail_blocker_head(doc, b);
    doc_addf(doc, TR_DIM, "  %s, %s, waiting on %s", b->project, blocker_state_name(b->state),
             b->waiting_on ? b->waiting_on : "-");
    doc_link(doc, pane_names[PANE_BLOCKERS], b->key);
    doc_nl(doc);
}

static void indicator_line(struct doc *doc, const struct indicator *in, int kw,
                           const struct view_ctx *ctx)
{
    doc_addf(doc, view_health_role(in->status), "  %s ", ctx->g->health[in->status]);
    doc_addf(doc, TR_NORMAL, "%-*s ", kw, in->key);
    doc_add(doc, TR_NORMAL, in->name);
    if (in->has_value) {
        struct strbuf sb;
        sb_init(&sb);
        view_fmt_value(in->value, in->unit, &sb);
        doc_add(doc, TR_DIM, "  ");
        doc_add(doc, TR_NORMAL, sb_str(&sb));
        sb_fini(&sb);
    }
    doc_link(doc, pane_names[PANE_INDICATORS], in->key);
    doc_nl(doc);
}

/* The department's projects, open blockers (the first 100 of each) and
 * indicators. */
static int lists(struct doc *doc, struct store *st, const char *dept, const struct view_ctx *ctx,
                 struct err *e)
{
    struct query q = {.dept = dept, .limit = 100};
    struct project *pv = NULL;
    struct blocker *bv = NULL;
    struct indicator *iv = NULL;
    size_t np = 0, nb = 0, ni = 0;
    int rc = project_list(st, &q, &pv, &np, e);
    if (rc)
        return rc;
    count_heading(doc, "Projects", np, q.limit);
    int kw = 10;
    for (size_t i = 0; i < np; i++)
        kw = key_width(kw, pv[i].key);
    for (size_t i = 0; i < np; i++)
        project_line(doc, &pv[i], kw, ctx);
    project_list_free(pv, np);
    q.state = "open";
    if ((rc = blocker_list(st, &q, &bv, &nb, e)))
        return rc;
    count_heading(doc, "Open blockers", nb, q.limit);
    for (size_t i = 0; i < nb; i++)
        blocker_line(doc, &bv[i]);
    blocker_list_free(bv, nb);
    q.state = NULL;
    if ((rc = indicator_list(st, &q, &iv, &ni, e)))
        return rc;
    count_heading(doc, "Indicators", ni, 0);
    kw = 12;
    for (size_t i = 0; i < ni; i++)
        kw = key_width(kw, iv[i].key);
    for (size_t i = 0; i < ni; i++)
        indicator_line(doc, &iv[i], kw, ctx);
    indicator_list_free(iv, ni);
    return 0;
}

static int detail(struct store *st, const char *key, int width, const struct view_ctx *ctx,
                  struct doc *doc, struct err *e)
{
    struct department d = {0};
    int rc = department_get(st, key, &d, e);
    if (rc)
        return rc;
    detail_open(doc, "Department", d.key, d.name);
    char buf[64];
    doc_field(doc, "Lead", 14, TR_NORMAL, d.lead);
    snprintf(buf, sizeof buf, "%s %s", ctx->g->health[d.health], view_health_word(d.health));
    doc_field(doc, "Health", 14, view_health_role(d.health), buf);
    snprintf(buf, sizeof buf, "%d open, %d new", d.open_blockers, d.new_blockers);
    doc_field(doc, "Blockers", 14, d.new_blockers ? TR_AMBER : TR_NORMAL, buf);
    snprintf(buf, sizeof buf, "%d", d.projects_at_risk);
    doc_field(doc, "At risk", 14, d.projects_at_risk ? TR_AMBER : TR_NORMAL, buf);
    snprintf(buf, sizeof buf, "%d", d.indicators_off);
    doc_field(doc, "Off target", 14, d.indicators_off ? TR_AMBER : TR_NORMAL, buf);
    (void)width;
    if (!(rc = lists(doc, st, d.key, ctx, e)))
        rc = detail_history(doc, st, "department", d.key, 10, e);
    department_fini(&d);
    return rc;
}

const struct pane_class pane_departments = {
    .kind = PANE_DEPARTMENTS,
    .title = "Departments",
    .entity = "department",
    .cols = cols,
    .n_cols = C_N,
    .sorts = sorts,
    .n_sorts = sizeof sorts / sizeof sorts[0],
    .narrowable = false,
    .count = department_count,
    .fetch = fetch,
    .find = find,
    .detail = detail,
};
